// Small helpers for speaking to a cell over real HTTP with fetch, or raw bytes on a socket.
import { connect, type Socket } from 'node:net';
export const XML = (v = '36.0') => `application/*+xml;version=${v}`;
export const JSON_ = (v = '36.0') => `application/json;version=${v}`;

export const basic = (user: string, org: string, password: string) =>
  `Basic ${Buffer.from(`${user}@${org}:${password}`).toString('base64')}`;

export async function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined && { body }) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Logs in at /cloudapi (or /api/sessions with legacy) and returns the bearer token. */
export async function login(base: string, user: string, org: string, password: string, legacy = false): Promise<string> {
  const path = legacy ? '/api/sessions' : org.toLowerCase() === 'system' ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
  const res = await call(base, 'POST', path, { accept: legacy ? XML() : JSON_(), authorization: basic(user, org, password) });
  if (res.status !== 200) throw new Error(`login ${user}@${org} failed: ${res.status} ${res.text}`);
  return res.headers.get('x-vmware-vcloud-access-token')!;
}

/** Whether user@org logs in with this password (at /cloudapi). */
export const canLogIn = (base: string, user: string, org: string, password: string): Promise<boolean> =>
  login(base, user, org, password).then(() => true, () => false);

/** Bytes straight onto a socket, for requests no HTTP client would send; resolves with all the cell wrote back. */
export function rawExchange(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let out = '';
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    socket.setEncoding('utf8').on('data', (c: string) => { out += c; })
      .on('close', () => resolve(out))
      // the cell may reset the connection after answering while we are still writing
      .on('error', (err) => (out ? resolve(out) : reject(err)));
  });
}

/** A raw connection, from `localAddress` (127.0.0.x: another client as far as the cell can tell): what the cell
 *  wrote back so far, whether it is still open, and all the cell wrote once it closes (a reset counts as a close). */
export interface RawConnection {
  socket: Socket;
  output(): string;
  open(): boolean;
  closed: Promise<string>;
}

export function rawConnection(url: string, bytes: string, localAddress = '127.0.0.1'): RawConnection {
  const { hostname, port } = new URL(url);
  let out = '';
  let open = true;
  const socket = connect({ port: Number(port), host: hostname, localAddress }, () => socket.write(bytes));
  const closed = new Promise<string>((resolve) => {
    socket.setEncoding('utf8').on('data', (c: string) => { out += c; })
      .on('error', () => {})
      .on('close', () => {
        open = false;
        resolve(out);
      });
  });
  return { socket, output: () => out, open: () => open, closed };
}
