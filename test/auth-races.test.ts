// Races on the way in and out: lockout under concurrent wrong passwords and second-factor codes, token revocation while
// exchanges are in flight, and disabling a principal while it holds sessions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, TEST_SEED, type TestCell } from './helpers/cell.ts';
import { basic, call, JSON_, login } from './helpers/http.ts';
import { createApiToken, exchange, oauthBase, postForm, tokenCall } from './helpers/oauth.ts';
import { enrolled, passwordPosted } from './helpers/portal.ts';

const SEED = {
  ...TEST_SEED,
  orgs: [
    ...TEST_SEED.orgs!,
    { name: 'RaceOrg', users: [
      { name: 'Target', password: PASSWORD, role: 'vApp Author' },
      { name: 'Holder', password: PASSWORD, role: 'vApp Author' },
      { name: 'Racer', password: PASSWORD, role: 'vApp Author' },
      { name: 'RaceAdmin', password: PASSWORD, role: 'Organization Administrator' },
      { name: 'Coder', password: PASSWORD, role: 'vApp Author' },
    ] },
  ],
};

const CONCURRENCY = 40;
/** a bound on each worker's loop, should the refusal it waits for never come */
const MAX_ROUNDS = 200;

/**
 * `workers` concurrent loops of `request`, each until it is refused (anything but 200): load that is
 * still arriving whenever a revoke or disable lands. `first` settles with the first answer.
 */
function untilRefused<R extends { status: number }>(workers: number, request: () => Promise<R>) {
  let answered!: () => void;
  const first = new Promise<void>((resolve) => { answered = resolve; });
  const worker = async () => {
    const results: R[] = [];
    for (let i = 0; i < MAX_ROUNDS; i++) {
      const res = await request();
      results.push(res);
      answered();
      if (res.status !== 200) break;
    }
    return results;
  };
  const all = Promise.all(Array.from({ length: workers }, worker)).then((r) => r.flat());
  return { first, all };
}
const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';
const bearer = (token: string) => ({ accept: JSON_('37.0'), authorization: `Bearer ${token}` });
const cloudJson = (token: string) => ({ ...bearer(token), 'content-type': 'application/json' });

for (const engine of engines()) {
  describe(`authentication races on ${engine}`, () => {
    let t: TestCell;
    let admin: string;
    before(async () => {
      t = await startCell({ engine, seed: SEED });
      admin = await login(t.url, 'RaceAdmin', 'RaceOrg', PASSWORD);
    });
    after(async () => { await t.close(); });

    /** The status each token gets on an authenticated read. */
    const statuses = (tokens: string[]) =>
      Promise.all(tokens.map(async (token) => (await call(t.url, 'GET', '/cloudapi/1.0.0/sessions/current', bearer(token))).status));
    const attempt = (user: string, password: string) =>
      call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: JSON_(), authorization: basic(user, 'RaceOrg', password) });
    const userId = async (name: string) => (await t.cell.store.db.selectFrom('users').select('id')
      .where('name', '=', name).executeTakeFirstOrThrow()).id;

    test('concurrent wrong passwords all count: the burst locks the account', async () => {
      const burst = await Promise.all(Array.from({ length: CONCURRENCY }, () => attempt('Target', 'wrong')));
      assert.deepEqual(burst.filter((r) => r.status !== 401).map((r) => `${r.status} ${r.text}`), []);
      assert.equal((await attempt('Target', PASSWORD)).status, 401, 'the right password is refused after the burst');
      await t.clock.advanceMinutes(10);
      assert.equal((await attempt('Target', PASSWORD)).status, 200, 'the lock runs out');
    });

    test('concurrent wrong second-factor codes all count: no more than the lockout threshold are checked', async () => {
      const { code, wrongCode } = await enrolled(t, 'Coder', 'RaceOrg');
      const threshold = t.config.lockout.invalidLoginsBeforeLockout;
      /** `perTicket` wrong codes on each of `tickets` sign-ins at once (under the three a sign-in allows); their pages */
      const wrongCodes = async (tickets: number, perTicket: number) => {
        const browsers = [];
        for (let i = 0; i < tickets; i++) browsers.push(await passwordPosted(t.url, 'Coder', 'RaceOrg'));
        const answers = await Promise.all(browsers.flatMap((b) => Array.from({ length: perTicket }, () =>
          b.post('/tenant/RaceOrg/sign-in/code', { code: wrongCode() }, b.csrf))));
        assert.deepEqual(answers.map((r) => r.status).filter((s) => s !== 401), []);
        return Promise.all(answers.map((r) => r.text()));
      };
      const checked = (pages: string[]) => pages.filter((p) => /That code is not valid \(or was used already\)/.test(p)).length;
      const signIn = async () => {
        const b = await passwordPosted(t.url, 'Coder', 'RaceOrg');
        return b.answer.status === 303 ? (await b.post('/tenant/RaceOrg/sign-in/code', { code: code() }, b.csrf)).status : b.answer.status;
      };

      // Under the threshold, every concurrent wrong code counts: one more locks the account.
      assert.equal(checked(await wrongCodes(2, 2)), 4);
      assert.equal(checked(await wrongCodes(1, 1)), 1);
      assert.equal(await signIn(), 401, 'locked by the fifth wrong code');
      await t.clock.advanceMinutes(10);
      assert.equal(await signIn(), 303, 'the lock runs out, and a right code signs in');

      // A burst over many sign-ins: exactly the threshold are checked; the rest find the account locked (or
      // their sign-in ended by a locked answer on the same ticket).
      await t.clock.advance(30_000);
      const burst = await wrongCodes(CONCURRENCY / 4, 2);
      assert.equal(checked(burst), threshold);
      const unchecked = burst.filter((p) => /the account is locked for a while|The sign-in has expired/.test(p));
      assert.equal(unchecked.length + threshold, burst.length);
      assert.equal(await signIn(), 401);
    });

    test('an API token revoked while exchanges are in flight leaves no live session and no 5xx', async () => {
      const owner = await login(t.url, 'Holder', 'RaceOrg', PASSWORD);
      const { clientId, refreshToken } = await createApiToken(t.url, 'RaceOrg', owner, 'raced');
      const load = untilRefused(CONCURRENCY, () => exchange(t.url, 'RaceOrg', refreshToken));
      // The DELETE goes out as soon as the first exchange answers, while the others keep coming.
      const revoked = load.first.then(() =>
        call(t.url, 'DELETE', `/cloudapi/1.0.0/tokens/urn:vcloud:token:${clientId}`, bearer(owner)));
      const [results, revoke] = await Promise.all([load.all, revoked]);
      assert.equal(revoke.status, 204, revoke.text);
      assert.deepEqual(results.filter((r) => r.status >= 500).map((r) => r.text), [], 'no exchange answered 5xx');
      for (const r of results) assert.ok(r.status === 200 || (r.status === 400 && r.json.error === 'invalid_grant'), `${r.status} ${r.text}`);
      const opened = results.filter((r) => r.status === 200).map((r) => r.json.access_token as string);
      assert.ok(opened.length > 0);
      assert.deepEqual((await statuses(opened)).filter((s) => s !== 401), [], 'every session of the revoked token is over');
      assert.equal((await t.cell.store.db.selectFrom('sessions').select('id').where('token_id', '=', clientId).execute()).length, 0);
    });

    test('a service account revoked during rotation leaves no live session and no 5xx', async () => {
      const reg = await call(t.url, 'POST', `${oauthBase('RaceOrg')}/register`, { ...cloudJson(admin), accept: 'application/json;version=' },
        JSON.stringify({ client_name: 'rotating', scope: 'urn:vcloud:role:vApp%20Author', software_id: '12345678-1234-1234-1234-1234567890ab' }));
      const id = (JSON.parse(reg.text) as { client_id: string }).client_id;
      const codes = JSON.parse((await postForm(t.url, `${oauthBase('RaceOrg')}/device_authorization`, { client_id: id })).text);
      assert.equal((await call(t.url, 'POST', '/cloudapi/1.0.0/deviceLookup/grant', cloudJson(admin), JSON.stringify({ userCode: codes.user_code }))).status, 204);
      const first = await tokenCall(t.url, 'RaceOrg', { grant_type: DEVICE, client_id: id, device_code: codes.device_code });
      assert.equal(first.status, 200, first.text);
      // Rotation chains racing on one refresh token: one wins each step and goes on, and the revoke goes
      // out as soon as the first chain stops, while the winner is still rotating.
      const accessTokens: string[] = [first.json.access_token as string];
      const answers: { status: number; text: string }[] = [];
      let current = first.json.refresh_token as string;
      const chain = async () => {
        for (let i = 0; i < 10; i++) {
          const res = await exchange(t.url, 'RaceOrg', current);
          answers.push(res);
          if (res.status !== 200) return;
          current = res.json.refresh_token as string;
          accessTokens.push(res.json.access_token as string);
        }
      };
      const chains = Array.from({ length: 4 }, chain);
      const revoked = Promise.race(chains).then(() =>
        call(t.url, 'POST', `/cloudapi/1.0.0/serviceAccounts/urn:vcloud:serviceAccount:${id}/revoke`, bearer(admin)));
      const [revoke] = await Promise.all([revoked, ...chains]);
      assert.equal(revoke.status, 204, revoke.text);
      assert.deepEqual(answers.filter((r) => r.status >= 500).map((r) => r.text), [], 'no exchange answered 5xx');
      assert.deepEqual((await statuses(accessTokens)).filter((s) => s !== 401), [], 'every session of the revoked account is over');
    });

    test('disabling a user ends their password and API-token sessions at once', async () => {
      const password = await login(t.url, 'Racer', 'RaceOrg', PASSWORD);
      const { refreshToken } = await createApiToken(t.url, 'RaceOrg', password, 'racer-token');
      const viaToken = (await exchange(t.url, 'RaceOrg', refreshToken)).json.access_token as string;
      assert.deepEqual(await statuses([password, viaToken]), [200, 200]);
      const id = await userId('Racer');
      // Logins and exchanges race the disable; whatever they opened must be over once it returns.
      const logins = untilRefused(CONCURRENCY / 2, () => attempt('Racer', PASSWORD));
      const exchanges = untilRefused(CONCURRENCY / 2, () => exchange(t.url, 'RaceOrg', refreshToken));
      const disabled = Promise.race([logins.first, exchanges.first]).then(() =>
        call(t.url, 'PUT', `/cloudapi/1.0.0/users/urn:vcloud:user:${id}`, cloudJson(admin), JSON.stringify({ enabled: false })));
      const [disable, loginResults, exchangeResults] = await Promise.all([disabled, logins.all, exchanges.all]);
      assert.equal(disable.status, 200, disable.text);
      assert.deepEqual([...loginResults, ...exchangeResults].filter((r) => r.status >= 500).map((r) => r.text), [], 'no 5xx');
      const raced = [
        ...loginResults.filter((r) => r.status === 200).map((r) => r.headers.get('x-vmware-vcloud-access-token')!),
        ...exchangeResults.filter((r) => r.status === 200).map((r) => r.json.access_token as string),
      ];
      assert.deepEqual((await statuses([password, viaToken, ...raced])).filter((s) => s !== 401), [], 'no session of a disabled user answers');
      assert.equal((await attempt('Racer', PASSWORD)).status, 401, 'nor can they log in');
      assert.equal((await exchange(t.url, 'RaceOrg', refreshToken)).status, 400, 'nor exchange their token');
      // Enabling them again does not bring the old sessions back.
      await call(t.url, 'PUT', `/cloudapi/1.0.0/users/urn:vcloud:user:${id}`, cloudJson(admin), JSON.stringify({ enabled: true }));
      assert.deepEqual(await statuses([password, viaToken]), [401, 401]);
      assert.equal((await attempt('Racer', PASSWORD)).status, 200);
    });
  });
}
