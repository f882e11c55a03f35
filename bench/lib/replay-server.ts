// The baseline: Node's bare http module answering every request with one recorded response
// (status, headers, body). No routing, no parsing, no authentication.
import { createServer } from 'node:http';
import { recordedResponse } from './recorded.ts';

const recorded = recordedResponse();
// A string body, as the cell sends: Node then writes headers and body in one write (a Buffer would take writev).
const body = recorded.body;
const headers = { ...recorded.headers, 'content-length': String(Buffer.byteLength(body)) };

const server = createServer((_req, res) => {
  res.writeHead(recorded.status, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`replay server on http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
