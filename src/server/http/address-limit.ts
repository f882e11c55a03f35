// At most so many open connections per client address, so that one client cannot take every place under
// --max-connections. A connection over it is closed at once, unanswered, as Node closes one over the global
// limit: answering would mean reading its request (and, over TLS, a handshake), which is what is rationed.
import type { Server, Socket } from 'node:net';

/** The open connections counted per address; an address leaves the map when its last connection closes. */
export type ConnectionsByAddress = ReadonlyMap<string, number>;

export function limitConnectionsPerAddress(server: Server, max: number): ConnectionsByAddress {
  const open = new Map<string, number>();
  const release = (address: string) => {
    const left = open.get(address)! - 1;
    if (left === 0) open.delete(address);
    else open.set(address, left);
  };
  // Before the HTTP (or TLS) listener, so that a refused connection costs no parser or handshake.
  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    const count = address === undefined ? 0 : open.get(address) ?? 0;
    // without an address the peer is already gone
    if (address === undefined || count >= max) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => release(address));
  });
  return open;
}
