// Secrets the cell must read back (a TOTP secret, to check codes) are sealed with AES-256-GCM under a key
// kept in the data directory, never in the store: a copy of the database alone reveals none of them. The
// key is made on first start (mode 0600). The same key, through HKDF, signs the portal's CSRF tokens.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const KEY_FILE = 'sealing.key';
const VERSION = 'v1';

export class Sealer {
  readonly #key: Buffer;
  readonly #macKeys = new Map<string, Buffer>();

  constructor(key: Buffer) {
    this.#key = key;
  }

  /** Reads the data directory's key, or makes it; a key file of another size stops the start. */
  static async open(dataDir: string): Promise<Sealer> {
    const file = join(dataDir, KEY_FILE);
    const kept = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (kept !== undefined) {
      const key = Buffer.from(kept.trim(), 'base64url');
      if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
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
