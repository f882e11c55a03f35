// The operator's way back in when a password is lost (the banner prints a password only when it creates the
// user): a user's password is set straight in the store, with no cell needed, the account unlocked and its
// sessions ended. A cell running on the same store meanwhile drops those sessions at their next write-back of
// activity, within a minute (sessions.ts).
import type { Db } from '../store/db.ts';
import { hashPassword } from './secrets.ts';
import { SERVICE_ACCOUNT_KEY } from '../entities/user/type.ts';

export interface PasswordReset {
  /** the names as stored */
  user: string;
  org: string;
  sessionsEnded: number;
  /** false when the user or its org is disabled: the new password does not log in until both are enabled */
  enabled: boolean;
}

/** No such user in that org (names are matched without regard to case). */
export class UnknownUserError extends Error {
  override name = 'UnknownUserError';
}

export async function resetPassword(db: Db, orgName: string, userName: string, password: string): Promise<PasswordReset> {
  const missing = () => new UnknownUserError(`there is no user "${userName}" in the org "${orgName}"`);
  const row = await db.selectFrom('users').innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['users.id', 'users.name', 'users.is_enabled', 'orgs.name as org_name', 'orgs.is_enabled as org_enabled'])
    .where('orgs.name_key', '=', orgName.toLowerCase())
    .where('users.name_key', '=', userName.toLowerCase())
    .where('users.name_key', 'not like', `${SERVICE_ACCOUNT_KEY}%`)
    .executeTakeFirst();
  if (!row) throw missing();
  // Hashed first: scrypt takes a while, and a cell on the same SQLite file would wait for the write lock meanwhile.
  const passwordHash = await hashPassword(password);
  // Only writes, the first of which takes SQLite's write lock: while a cell holds it, this waits (busy_timeout)
  // where a transaction that read first could not, and fails at once.
  const ended = await db.transaction().execute(async (tx) => {
    const updated = await tx.updateTable('users').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
      .where('id', '=', row.id).executeTakeFirst();
    if (!updated.numUpdatedRows) throw missing(); // deleted meanwhile
    return tx.deleteFrom('sessions').where('user_id', '=', row.id).executeTakeFirst();
  });
  return { user: row.name, org: row.org_name, sessionsEnded: Number(ended.numDeletedRows), enabled: row.is_enabled === 1 && row.org_enabled === 1 };
}
