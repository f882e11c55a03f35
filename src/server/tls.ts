// The cell's TLS certificate: the PEM files the operator gives, or a self-signed one generated once
// into the data directory and kept across restarts (clients trust it by its file or fingerprint).
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';

export interface TlsConfig {
  /** PEM certificate (chain) file; with keyFile, else a self-signed certificate in the data directory */
  certFile?: string | undefined;
  keyFile?: string | undefined;
}

export interface ServedCertificate {
  cert: string;
  key: string;
  /** where the certificate is: the file given, or the generated one clients can be told to trust */
  certFile: string;
  /** SHA-256 fingerprint as colon-separated hex, as `openssl x509 -fingerprint -sha256` prints it */
  fingerprint: string;
  /** the operator's files; or self-signed, generated at this start or kept from an earlier one */
  origin: 'given' | 'generated' | 'kept';
}

/** A certificate or key the cell cannot serve with; the message names the file. */
export class TlsSetupError extends Error {
  override name = 'TlsSetupError';
}

const SELF_SIGNED_CERT = 'tls-cert.pem';
const SELF_SIGNED_KEY = 'tls-key.pem';
// Apple's clients refuse TLS server certificates valid for longer than 825 days, even privately issued ones.
const VALIDITY_DAYS = 825;
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** The names a self-signed certificate covers: loopback, the listening host and the public URL's host. */
export function certificateNames(host: string, publicUrl: string | undefined): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  // Listening on every interface: clients on other machines come by the machine's name.
  names.push(WILDCARD_HOSTS.has(host) ? hostname() : host);
  if (publicUrl) names.push(new URL(publicUrl).hostname.replace(/^\[|\]$/g, ''));
  return [...new Set(names.map((n) => n.toLowerCase()))];
}

/** The certificate to serve: the given files, checked to belong together, or the data directory's own. */
export async function serverCertificate(tls: TlsConfig, dataDir: string, names: string[]): Promise<ServedCertificate> {
  if (tls.certFile || tls.keyFile) {
    if (!tls.certFile || !tls.keyFile) throw new TlsSetupError('--cert and --key go together: give both PEM files, or neither for a self-signed certificate');
    return { ...(await readPair(tls.certFile, tls.keyFile)), origin: 'given' };
  }
  const certFile = join(dataDir, SELF_SIGNED_CERT);
  const keyFile = join(dataDir, SELF_SIGNED_KEY);
  const kept = await readPair(certFile, keyFile).catch(() => undefined);
  if (kept && covers(kept.x509, names)) return { ...kept, origin: 'kept' };
  await writeSelfSigned(certFile, keyFile, names);
  return { ...(await readPair(certFile, keyFile)), origin: 'generated' };
}

async function readPair(certFile: string, keyFile: string) {
  const cert = await readPem(certFile, 'certificate');
  const key = await readPem(keyFile, 'private key');
  let x509: X509Certificate;
  let privateKey: KeyObject;
  try {
    x509 = new X509Certificate(cert);
  } catch (err) {
    throw new TlsSetupError(`TLS certificate ${certFile} is not a PEM certificate (${(err as Error).message})`);
  }
  try {
    privateKey = createPrivateKey(key);
  } catch (err) {
    throw new TlsSetupError(`TLS private key ${keyFile} is not a PEM private key (${(err as Error).message})`);
  }
  if (!x509.checkPrivateKey(privateKey)) throw new TlsSetupError(`TLS private key ${keyFile} does not belong to the certificate ${certFile}`);
  return { cert, key, certFile, x509, fingerprint: x509.fingerprint256 };
}

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new TlsSetupError(`TLS ${what} ${file} cannot be read: ${(err as Error).message}`);
  }
}

/** Still valid, and names every host clients are told to use (a new --public-url needs a new certificate). */
function covers(x509: X509Certificate, names: string[]): boolean {
  if (Date.parse(x509.validTo) <= Date.now()) return false;
  return names.every((name) => (isIP(name) ? x509.checkIP(name) : x509.checkHost(name)) !== undefined);
}

async function writeSelfSigned(certFile: string, keyFile: string, names: string[]): Promise<void> {
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + VALIDITY_DAYS * 86_400_000);
  const { generate } = await import('selfsigned'); // only when a certificate is made, which is rare
  const pems = await generate([{ name: 'commonName', value: names.find((n) => !isIP(n)) ?? 'localhost' }, { name: 'organizationName', value: 'vcdkit' }], {
    keyType: 'rsa', keySize: 2048, algorithm: 'sha256', notBeforeDate, notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })) },
    ],
  });
  await mkdir(dirname(certFile), { recursive: true });
  // The key first, then the certificate, each renamed into place: a certificate on disk always has its key.
  await writeAtomically(keyFile, pems.private, 0o600);
  await writeAtomically(certFile, pems.cert, 0o644);
}

async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode });
  await chmod(temporary, mode); // a leftover temporary file keeps its old mode through writeFile
  await rename(temporary, file);
}
