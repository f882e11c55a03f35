// Login profiles, like `gh`'s hosts file: one YAML file under the XDG config dir, mode 0600 in a
// 0700 directory, written atomically. A profile holds what the SDK needs to connect again: the
// session's access token, an API token, or the path of a token file (never a password), and the
// certificate that vouched for the cell at login when Node's own roots do not.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';

export type AuthMethod = 'password' | 'api-token' | 'api-token-file' | 'service-account';

export interface Profile {
  url: string;
  org: string;
  user: string;
  auth: AuthMethod;
  /**
   * the session's access token: a password login's, or the last session a token profile opened (used again by
   * the next command until it runs out or ends, rather than a new session per command)
   */
  accessToken?: string | undefined;
  /** when that session runs out (ISO time), when the cell said */
  accessTokenExpiresAt?: string | undefined;
  /** the API token itself (api-token), as gh keeps its OAuth token */
  apiToken?: string | undefined;
  /** the token file the SDK reads (api-token-file) or rotates (service-account) */
  tokenFile?: string | undefined;
  apiVersion?: string | undefined;
  insecure?: boolean | undefined;
  /** PEM of the CA (or self-signed certificate) that verified the cell at login, if Node's bundled roots lack it */
  ca?: string | undefined;
}

export interface ProfileFile {
  current?: string | undefined;
  profiles: Record<string, Profile>;
}

type Env = Record<string, string | undefined>;

export function configDir(env: Env): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'vcdkit');
}

/** The profiles file of an environment (its HOME / XDG_CONFIG_HOME), read and written whole. */
export interface ProfileStore {
  load(): Promise<ProfileFile>;
  save(file: ProfileFile): Promise<void>;
}

export const profileStore = (env: Env): ProfileStore => ({ load: () => loadProfiles(env), save: (file) => saveProfiles(env, file) });

async function loadProfiles(env: Env): Promise<ProfileFile> {
  try {
    const parsed = YAML.parse(await readFile(join(configDir(env), 'profiles.yaml'), 'utf8')) as Partial<ProfileFile> | null;
    return { current: parsed?.current, profiles: byName(parsed?.profiles) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: byName() };
    throw err;
  }
}

/**
 * Profiles by name, in an object with no prototype: a name is the user's (--profile), so "constructor" is a profile
 * that does not exist, and "__proto__" one like any other.
 */
const byName = (profiles: Record<string, Profile> = {}): Record<string, Profile> => Object.assign(Object.create(null) as Record<string, Profile>, profiles);

/** Writes to a private temporary file and renames it over the old one, so a crash never leaves half a file. */
async function saveProfiles(env: Env, file: ProfileFile): Promise<void> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const path = join(dir, 'profiles.yaml');
  const temp = join(dir, `.profiles.${randomBytes(6).toString('hex')}.tmp`);
  const clean: ProfileFile = { current: file.current, profiles: file.profiles };
  try {
    await writeFile(temp, YAML.stringify(clean), { mode: 0o600, flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Updates in this process, one at a time: each reads the file the one before it wrote (`auth status` checks profiles at once). */
let updates: Promise<void> = Promise.resolve();

/** Changes some fields of a saved profile, if it is still there (another command may have removed it meanwhile). */
export function updateProfile(store: ProfileStore, name: string, change: Partial<Profile>): Promise<void> {
  const update = updates.then(async () => {
    const file = await store.load();
    const profile = file.profiles[name];
    if (!profile) return;
    file.profiles[name] = { ...profile, ...change };
    await store.save(file);
  });
  updates = update.catch(() => {}); // a failed update is its caller's to report, not the next one's
  return update;
}

/** The default name of a profile: user@org, as a login names the account. */
export const profileName = (user: string, org: string) => `${user}@${org}`;
