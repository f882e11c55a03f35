// Figure: how fast an attacker who has a user's password can guess their second factor. WORKERS loops, for
// GUESS_SECONDS (default 20), each post the password at the portal's sign-in and then wrong six-digit codes
// until the sign-in ends, and start again; the cell's answer tells a code it checked ("not valid") from one it
// did not (the account is locked). From the codes checked per lockout interval follows the sustained guess
// rate per account, and the expected time to a valid code: three codes are accepted at any moment (a 30-second
// step either side of now), so each guess has 3 chances in 10^6. (Before wrong codes counted, one client
// checked about 10,900 codes a minute: a valid code in about half an hour.)
import { Secret, TOTP } from 'otpauth';
import { defaults } from '../src/server/config.ts';
import { csrfOf, portalClient } from '../test/helpers/portal.ts';
import { BENCH_PASSWORD, startBenchCell } from './lib/cell.ts';

const SECONDS = Number(process.env.GUESS_SECONDS ?? 20);
const WORKERS = 8;
const VALID_CODES_AT_ONCE = 3;
const CODE_SPACE = 1_000_000;
const HOME = '/tenant/BenchOrg';

/** Enrols the bench user in MFA at their Security page; answers their authenticator. */
async function enrol(url: string): Promise<TOTP> {
  const browser = portalClient(url);
  const csrf = await csrfOf(await browser.get(HOME));
  await browser.post(`${HOME}/sign-in`, { username: 'bench', password: BENCH_PASSWORD }, csrf);
  const enrolment = await (await browser.post(`${HOME}/preferences/security/enrol`, {}, csrf)).text();
  const secret = /id="totp-secret"[^>]*>([A-Z2-7]+)</.exec(enrolment)?.[1];
  if (!secret) throw new Error('no enrolment page');
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  const confirmed = await browser.post(`${HOME}/preferences/security/confirm`, { code: totp.generate() }, csrf);
  if (confirmed.status !== 200) throw new Error(`enrolment not confirmed: ${confirmed.status}`);
  return totp;
}

const cell = await startBenchCell();
try {
  const totp = await enrol(cell.url);
  /** a random code the authenticator does not show now (a guess that happens to be right would end the figure) */
  const wrongCode = () => {
    const valid = [-1, 0, 1].map((step) => totp.generate({ timestamp: Date.now() + step * 30_000 }));
    for (;;) {
      const code = String(Math.floor(Math.random() * CODE_SPACE)).padStart(6, '0');
      if (!valid.includes(code)) return code;
    }
  };
  const counts = { passwords: 0, passwordsRefused: 0, posted: 0, checked: 0, notChecked: 0 };
  const started = performance.now();
  let lockedAfterMs: number | undefined;
  const end = started + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const browser = portalClient(cell.url);
      const csrf = await csrfOf(await browser.get(HOME));
      counts.passwords++;
      const signIn = await browser.post(`${HOME}/sign-in`, { username: 'bench', password: BENCH_PASSWORD }, csrf);
      if (signIn.status !== 303) { // the password is refused while the account is locked
        lockedAfterMs ??= performance.now() - started;
        counts.passwordsRefused++;
        continue;
      }
      for (;;) {
        counts.posted++;
        const page = await (await browser.post(`${HOME}/sign-in/code`, { code: wrongCode() }, csrf)).text();
        if (/That code is not valid|Too many wrong codes; enter your password again/.test(page)) counts.checked++;
        if (/the account is locked for a while/.test(page)) {
          lockedAfterMs ??= performance.now() - started;
          counts.notChecked++;
        }
        if (!/That code is not valid/.test(page)) break; // the sign-in has ended: the password again
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  const elapsedMin = (performance.now() - started) / 60_000;

  const { invalidLoginsBeforeLockout: threshold, lockoutIntervalMinutes: interval } = defaults.lockout;
  // Once the account locks (the window is shorter than a lock), what the cell checked is all it checks until
  // the lock runs out; a cell that never locks checks at the pace measured.
  const perMinute = Math.max(counts.checked, 1) / (lockedAfterMs === undefined ? elapsedMin : Math.max(interval, elapsedMin));
  const expectedGuesses = CODE_SPACE / VALID_CODES_AT_ONCE;
  const duration = (guesses: number) => {
    const minutes = guesses / perMinute;
    return minutes < 2 * 1440 ? `${(minutes / 60).toFixed(1)} h` : `${Math.round(minutes / 1440).toLocaleString('en-US')} days`;
  };
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(31)}${value}`);
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`\nGuessing a TOTP code with the password in hand (${WORKERS} clients, ${SECONDS} s, lockout ${threshold} per ${interval} min)`);
  row('passwords posted', `${n(counts.passwords)} (${n(counts.passwordsRefused)} refused: the account is locked)`);
  row('codes posted', `${n(counts.posted)} (${n(counts.notChecked)} not checked: the account is locked)`);
  row('codes the cell checked', `${counts.checked}${lockedAfterMs === undefined ? '' : `, then locked after ${n(lockedAfterMs)} ms`}`);
  row('guess rate per account', `${perMinute < 10 ? perMinute.toFixed(2) : n(perMinute)}/min, ${n(perMinute * 1440)}/day`);
  row('expected time to a valid code', `${duration(expectedGuesses)} (median ${duration(expectedGuesses * Math.LN2)})`);
  if (counts.checked > threshold) {
    console.log(`more than ${threshold} codes were checked within one lockout interval`);
    process.exitCode = 1;
  }
} finally {
  await cell.stop();
}
