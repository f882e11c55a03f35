// The site (this installation) has a stable id, made on first start and kept in the store.
import type { Db } from '../store/db.ts';
import { newId } from '../ids.ts';

export interface Site {
  id: string;
  name: string;
}

export async function loadSite(db: Db, name: string): Promise<Site> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'site.id').executeTakeFirst();
  if (row) return { id: row.value, name };
  const id = newId();
  await db.insertInto('settings').values({ key: 'site.id', value: id }).onConflict((oc) => oc.doNothing()).execute();
  return loadSite(db, name);
}
