// The framework floor: a bare Fastify route replaying the same recorded response as replay-server.ts,
// with none of the cell's hooks. The gap between this row and node:http is Fastify's own cost.
import Fastify from 'fastify';
import { recordedResponse } from './recorded.ts';

const { status, headers, body } = recordedResponse();
const app = Fastify({ logger: false });
app.get('/*', (_request, reply) => {
  reply.code(status).headers(headers).send(body);
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`fastify replay server on ${url}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
