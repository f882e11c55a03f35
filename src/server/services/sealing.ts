// Secrets the cell must read back (a TOTP secret, to check codes) are sealed with AES-256-GCM under a key
// kept in a file, never in the store: a copy of the database alone reveals none of them. The key is the
// data directory's, made on first start (mode 0600), or a file given to every cell of one store
// (--sealing-key-file). The same key, through HKDF, signs the portal's CSRF tokens. The store keeps a MAC of
// the key (never the key): a cell given another key than the cells before it refuses to start, rather
// than fail every code and every form another cell issued.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../store/db.ts';
import { StartRefused } from '../store/start-refused.ts';

const KEY_FILE = 'sealing.key';
const VERSION = 'v1';
const KEY_HINT = 'give every cell of one database the same key file with --sealing-key-file (or VCDKIT_SEALING_KEY_FILE); make one with `openssl rand -base64 32`';
/** the settings key (and MAC purpose) of the sealing key's check */
const KEY_CHECK = 'sealing.key-check';

export class Sealer {
  readonly #key: Buffer;
  readonly #macKeys = new Map<string, Buffer>();

  constructor(key: Buffer) {
    this.#key = key;
  }

  /** Reads the given key file (which must exist), else the data directory's key, or makes it; a key of another size stops the start. */
  static async open(dataDir: string, keyFile?: string): Promise<Sealer> {
    const file = keyFile ?? join(dataDir, KEY_FILE);
    const kept = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' && !keyFile) return undefined;
      throw keyFile ? new StartRefused(`The sealing key file ${file} cannot be read (${err.code ?? err.message}).`, KEY_HINT) : err;
    });
    if (kept !== undefined) {
      // base64url, or base64 as `openssl rand -base64 32` writes it (Node reads either)
      const key = Buffer.from(kept.trim(), 'base64url');
      if (key.length !== 32) throw new StartRefused(`${file} does not hold a 32-byte key.`, KEY_HINT);
      return new Sealer(key);
    }
    await mkdir(dataDir, { recursive: true });
    const key = randomBytes(32);
    // 'wx': of two cells starting on one directory, the second reads the first one's key
    const written = await writeFile(file, key.toString('base64url'), { mode: 0o600, flag: 'wx' }).then(() => true, (err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') return false;
      throw err;
    });
    return written ? new Sealer(key) : Sealer.open(dataDir);
  }

  /**
   * Makes sure the store's secrets were sealed with this key: the first cell records the key's MAC, every
   * later one must present the same key.
   */
  async agreeWithStore(db: Db): Promise<void> {
    const mine = this.mac(KEY_CHECK, KEY_CHECK);
    await db.insertInto('settings').values({ key: KEY_CHECK, value: mine }).onConflict((oc) => oc.doNothing()).execute();
    const kept = (await db.selectFrom('settings').select('value').where('key', '=', KEY_CHECK).executeTakeFirstOrThrow()).value;
    if (kept.length !== mine.length || !timingSafeEqual(Buffer.from(kept), Buffer.from(mine))) {
      throw new StartRefused(
        'This cell\'s sealing key is not the one the store\'s secrets were sealed with (another cell of this database has another key).',
        KEY_HINT,
      );
    }
  }

  /** `context` (e.g. the owner's id) is bound in: a sealed value moved to another row does not open. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** The plaintext, or undefined for anything this key did not seal for `context`. */
  unseal(sealed: string, context: string): string | undefined {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** A keyed MAC for `purpose` (a key of its own, derived from the sealing key). */
  mac(purpose: string, data: string): string {
    let key = this.#macKeys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), purpose, 32));
      this.#macKeys.set(purpose, key);
    }
    return createHmac('sha256', key).update(data).digest('base64url');
  }
}
