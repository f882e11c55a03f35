// The baseline: one provider session by hand over node:http with a keep-alive Agent, the requests the SDK
// sends for the same work (versions, login, org list, each org, the paged query, logout), bodies parsed alike.
import { Agent, request } from 'node:http';
import { BENCH_PASSWORD } from './cell.ts';
import type { Link, OrgList, QueryResultRecords } from '../../src/sdk/index.ts';

const VERSION = '39.1';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; text: string }

/** A session's work; returns [requests sent, query records read]. */
export async function bareSession(url: string): Promise<[number, number]> {
  const agent = new Agent({ keepAlive: true });
  let requests = 0;
  const send = (method: string, target: string, headers: Record<string, string>) => new Promise<Answer>((resolve, reject) => {
    requests++;
    const req = request(new URL(target, url), { method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject).end();
  });
  const versions = await send('GET', '/api/versions', { accept: 'application/*+xml' });
  if (!versions.text.includes(`<Version>${VERSION}</Version>`)) throw new Error('version not offered');
  const login = await send('POST', '/cloudapi/1.0.0/sessions/provider', {
    accept: `application/json;version=${VERSION}`, authorization: `Basic ${Buffer.from(`administrator@System:${BENCH_PASSWORD}`).toString('base64')}`,
  });
  const session = JSON.parse(login.text) as { id: string };
  const auth = { authorization: `Bearer ${login.headers['x-vmware-vcloud-access-token']}` };
  const json = { ...auth, accept: `application/*+json;version=${VERSION}` };
  const orgs = JSON.parse((await send('GET', '/api/org', json)).text) as OrgList;
  for (const org of orgs.org ?? []) JSON.parse((await send('GET', org.href, json)).text);
  let records = 0;
  let next: string | undefined = '/api/query?type=organization&format=records&page=1&pageSize=128';
  while (next) {
    const page = JSON.parse((await send('GET', next, json)).text) as QueryResultRecords;
    records += page.record?.length ?? 0;
    next = page.link?.find((l: Link) => l.rel === 'nextPage')?.href;
  }
  await send('DELETE', `/cloudapi/1.0.0/sessions/${session.id}`, { ...auth, accept: `application/json;version=${VERSION}` });
  agent.destroy();
  return [requests, records];
}
