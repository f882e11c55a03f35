// A service account's refresh token changes on every use, so the new one must be on disk before the
// old one is forgotten: written to a temporary file in the same directory, then renamed over the
// old file (atomic on POSIX), mode 0600. Other fields of the file (Terraform's token_type,
// updated_by) are kept.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeTokenFile(path: string, refreshToken: string, now = new Date()): Promise<void> {
  let previous: Record<string, unknown> = {};
  try {
    const text = (await readFile(path, 'utf8')).trim();
    if (text.startsWith('{')) previous = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const content = JSON.stringify({ ...previous, refresh_token: refreshToken, updated_by: 'vcdkit', updated_on: now.toISOString() }, null, 2);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, `${content}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
