// The SDK's transport against real peers: the cell, a TLS front for it, and a tiny HTTP peer that
// answers 503/429 with Retry-After or never answers (for retries and timeouts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { generate } from 'selfsigned';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import {
  VcdClient, passwordAuth, ConnectionError, ServiceUnavailableError, TooManyRequestsError, VcdTimeoutError,
  redactBody, redactHeaders, redactUrl, type DebugEvent,
} from '../src/sdk/index.ts';

const VERSIONS = '<?xml version="1.0"?><SupportedVersions xmlns="http://www.vmware.com/vcloud/versions">'
  + '<VersionInfo deprecated="false"><Version>39.1</Version></VersionInfo></SupportedVersions>';

/** A peer that answers each request with the next scripted response. */
async function scriptedPeer(script: Array<(res: ServerResponse) => void>) {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    const next = script.shift();
    if (next) next(res);
    // no script left: never answer (for the timeout test)
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const answer = (status: number, headers: Record<string, string> = {}, body = '') => (res: ServerResponse) => res.writeHead(status, headers).end(body);
const versions = answer(200, { 'content-type': 'application/vnd.vmware.vcloud.versions+xml' }, VERSIONS);

describe('SDK transport', () => {
  let t: TestCell;
  before(async () => { t = await startCell(); });
  after(async () => { await t.close(); });

  test('every request carries X-VMWARE-VCLOUD-CLIENT-REQUEST-ID; the log never shows a secret', async () => {
    const events: DebugEvent[] = [];
    const c = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }), debug: (e) => events.push(e) });
    await c.orgs.references();
    const token = c.accessToken!;
    await c.close();
    const requests = events.filter((e) => e.type === 'request');
    assert.ok(requests.length >= 3);
    for (const r of requests) assert.match(r.headers['x-vmware-vcloud-client-request-id']!, /^[0-9a-f-]{36}$/);
    const log = JSON.stringify(events);
    const basic = Buffer.from(`HelloUser@ExampleOrg:${PASSWORD}`).toString('base64');
    for (const secret of [PASSWORD, basic, token]) assert.ok(!log.includes(secret), 'a secret reached the debug log');
    assert.match(log, /"authorization":"Basic \[REDACTED\]"/);
    assert.match(log, /"authorization":"Bearer \[REDACTED\]"/);
    assert.match(log, /"x-vmware-vcloud-access-token":"\[REDACTED\]"/);
    assert.match(log, /"x-vcloud-authorization":"\[REDACTED\]"/);
  });

  test('redaction covers any header-name case, form, JSON and query-string tokens', () => {
    assert.deepEqual(redactHeaders({ 'X-VMWARE-VCLOUD-ACCESS-TOKEN': 'abc', Authorization: 'Bearer abc', 'X-Vcloud-Authorization': 'abc', Accept: 'x' }),
      { 'X-VMWARE-VCLOUD-ACCESS-TOKEN': '[REDACTED]', Authorization: 'Bearer [REDACTED]', 'X-Vcloud-Authorization': '[REDACTED]', Accept: 'x' });
    assert.equal(redactBody('grant_type=refresh_token&refresh_token=s3cr3t', 'application/x-www-form-urlencoded'), 'grant_type=refresh_token&refresh_token=%5BREDACTED%5D');
    const json = redactBody('{"access_token":"a1","token_type":"Bearer","expires_in":3600,"nested":{"password":"p","refresh_token":"r"}}', 'application/json');
    assert.deepEqual(JSON.parse(json), { access_token: '[REDACTED]', token_type: 'Bearer', expires_in: 3600, nested: { password: '[REDACTED]', refresh_token: '[REDACTED]' } });
    assert.equal(redactBody('<User><Password>p4ss</Password></User>', 'application/vnd.vmware.admin.user+xml'), '<User><Password>[REDACTED]</Password></User>');
    assert.doesNotMatch(redactUrl('https://h/oauth/tenant/o/token?grant_type=refresh_token&refresh_token=s3cr3t'), /s3cr3t/);
  });

  test('429 and 503 are retried after Retry-After; a POST is retried on 429 but not on 503', async () => {
    const peer = await scriptedPeer([
      answer(503, { 'retry-after': '1' }), answer(429, { 'retry-after': '0' }), versions,
      answer(429, { 'retry-after': '0' }), answer(200, { 'content-type': 'application/json' }, '{"ok":true}'),
      answer(503, { 'retry-after': '0' }),
    ]);
    try {
      const events: DebugEvent[] = [];
      const started = Date.now();
      const c = await VcdClient.connect(peer.url, { debug: (e) => events.push(e) });
      assert.ok(Date.now() - started >= 950, 'waited the Retry-After second');
      assert.deepEqual(events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && [e.status, e.delayMs]), [[503, 1000], [429, 0]]);
      assert.equal(peer.seen.length, 3);
      assert.deepEqual(await c.post('/cloudapi/1.0.0/things', { a: 1 }), { ok: true });
      assert.equal(peer.seen.length, 5, 'the POST was repeated after the 429');
      await assert.rejects(c.post('/cloudapi/1.0.0/things', { a: 1 }), ServiceUnavailableError);
      assert.equal(peer.seen.length, 6, 'a POST answered 503 may have been processed: not repeated');
      await c.close();
    } finally {
      await peer.close();
    }
  });

  test('a Retry-After beyond the longest wait ends the retries; a silent server times out', async () => {
    const peer = await scriptedPeer([versions, answer(429, { 'retry-after': '3600' })]);
    try {
      const c = await VcdClient.connect(peer.url, { timeoutMs: 300 });
      await assert.rejects(c.get('/api/org'), TooManyRequestsError);
      await assert.rejects(c.get('/api/org'), (err: unknown) => err instanceof VcdTimeoutError && /within 300 ms/.test(err.message));
      await c.close();
    } finally {
      await peer.close();
    }
  });

  test('response headers read as fetch reads them: any case, repeated ones joined, Set-Cookie apart, iterable', async () => {
    const repeated = (res: ServerResponse) => {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('X-Multi', ['a', 'b']);
      res.setHeader('Set-Cookie', ['one=1', 'two=2']);
      res.end('{}');
    };
    const peer = await scriptedPeer([versions, repeated]);
    try {
      const c = await VcdClient.connect(peer.url);
      const { headers } = await c.send('GET', '/api/org');
      assert.equal(headers.get('x-multi'), 'a, b');
      assert.equal(headers.get('X-MULTI'), 'a, b');
      assert.equal(headers.has('Content-Type'), true);
      assert.equal(headers.get('absent'), null);
      assert.deepEqual(headers.getSetCookie(), ['one=1', 'two=2']);
      const reference = new Headers([['content-type', 'application/json'], ['x-multi', 'a'], ['x-multi', 'b'], ['set-cookie', 'one=1'], ['set-cookie', 'two=2']]);
      const ignoreServerOwn = ([name]: [string, string]) => !['connection', 'date', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name);
      assert.deepEqual([...headers].filter(ignoreServerOwn), [...reference]);
      assert.deepEqual(Object.fromEntries([...headers.entries()].filter(ignoreServerOwn)), Object.fromEntries(reference));
      await c.close();
    } finally {
      await peer.close();
    }
  });

  test('a GET follows redirects within the cell, never to another origin', async () => {
    const peer = await scriptedPeer([
      versions, answer(303, { location: '/cloudapi/1.0.0/orgs/1' }), answer(200, { 'content-type': 'application/json' }, '{"name":"o"}'),
      answer(303, { location: 'https://elsewhere.example/steal' }),
    ]);
    try {
      const c = await VcdClient.connect(peer.url);
      assert.deepEqual(await c.get('/cloudapi/1.0.0/entity/urn:vcloud:org:1'), { name: 'o' });
      assert.equal(peer.seen[2]?.url, '/cloudapi/1.0.0/orgs/1');
      await assert.rejects(c.get('/cloudapi/1.0.0/entity/urn:vcloud:org:2'), /refusing to send the session to https:\/\/elsewhere\.example/);
      await c.close();
    } finally {
      await peer.close();
    }
  });

  describe('TLS', () => {
    let front: { url: string; ca: string; close(): Promise<void> };
    before(async () => {
      const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
        keySize: 2048, extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
      });
      // A TLS front for the real cell, as a load balancer would be.
      const target = new URL(t.url);
      const server = createTlsServer({ key: pems.private, cert: pems.cert }, (socket) => {
        const upstream = netConnect(Number(target.port), target.hostname);
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      front = {
        url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
        ca: pems.cert,
        close: () => new Promise<void>((r) => server.close(() => r())),
      };
    });
    after(async () => { await front.close(); });

    test('verified by default: an untrusted certificate is a clear ConnectionError', async () => {
      await assert.rejects(VcdClient.connect(front.url), (err: unknown) => {
        assert.ok(err instanceof ConnectionError);
        assert.match(err.message, /TLS certificate is not trusted .*tls\.ca/);
        return true;
      });
    });

    test('a custom CA, or the explicit insecure opt-out, connects and logs in', async () => {
      const auth = passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD });
      const withCa = await VcdClient.connect(front.url, { tls: { ca: front.ca }, auth });
      assert.equal((await withCa.orgs.references())[0]?.name, 'ExampleOrg');
      await withCa.close();
      const insecure = await VcdClient.connect(front.url, { tls: { insecure: true }, auth });
      assert.equal(insecure.apiVersion, '39.1');
      await insecure.close();
    });
  });
});
