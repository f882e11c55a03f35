// `vcdkit login <url> <org> [user]`: logs in through the SDK and saves a profile (the session's
// access token, or the API/service-account token or its file), then makes it the current one.
import { X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { Command, Option } from 'commander';
import {
  UnauthorizedError, normaliseBaseUrl, passwordAuth, resumeSession, serviceAccountAuth, type AuthStrategy, type SavedSession, type ServerCertificate, type VcdClient,
} from '../../sdk/index.ts';
import { cellUrl, connect, contextFrom, endSession, sessionFields, strategyOf, tlsOf, withSpinner, type Context } from '../context.ts';
import { CliError, describeProblem, usageError } from '../errors.ts';
import { EXIT } from '../exit-codes.ts';
import type { Factory } from '../factory.ts';
import { paint, success } from '../io.ts';
import { profileName, type AuthMethod, type Profile } from '../profiles.ts';
import { readPassword, readStdinSecret } from '../secrets-input.ts';

export interface LoginOptions {
  ctx: Context;
  url: string;
  org: string;
  user?: string | undefined;
  passwordStdin?: boolean | undefined;
  apiToken?: string | undefined;
  apiTokenFile?: string | undefined;
  serviceAccountFile?: string | undefined;
  clientId?: string | undefined;
  apiVersion?: string | undefined;
  insecure?: boolean | undefined;
}

function methodOf(o: LoginOptions): AuthMethod {
  const chosen = [o.apiToken && 'api-token', o.apiTokenFile && 'api-token-file', o.serviceAccountFile && 'service-account']
    .filter((m): m is AuthMethod => Boolean(m));
  if (chosen.length > 1) throw usageError('choose one of --api-token, --api-token-file and --service-account-file');
  if (chosen.length && o.passwordStdin) throw usageError('--password-stdin is for password logins; token logins need no password');
  return chosen[0] ?? 'password';
}

/** Node's bundled root CAs, by SHA-256 fingerprint (what verifies a cell without help). */
let bundledRoots: Set<string> | undefined;
const isBundledRoot = (c: ServerCertificate) =>
  (bundledRoots ??= new Set(rootCertificates.map((pem) => new X509Certificate(pem).fingerprint256))).has(c.fingerprint256);

/**
 * The trust anchor that verified the cell, when Node's bundled roots do not hold it (it came from
 * NODE_EXTRA_CA_CERTS, or another store Node was told to use): the profile keeps it, so that later commands
 * need no such setting.
 */
function anchorToKeep(client: VcdClient): ServerCertificate | undefined {
  const anchor = client.verifiedChain.at(-1);
  return anchor && !isBundledRoot(anchor) ? anchor : undefined;
}

export async function loginRun(o: LoginOptions): Promise<void> {
  const { ctx, org, user } = o;
  const { io } = ctx;
  const method = methodOf(o);
  if (method === 'password' && !user) throw usageError('a password login needs the user: vcdkit login <url> <org> <user>');
  const url = cellUrl(ctx, o.url);
  const profile: Profile = {
    url, org, user: user ?? '', auth: method, apiVersion: o.apiVersion, insecure: o.insecure || undefined,
    apiToken: o.apiToken === '-' ? await readStdinSecret(io, '--api-token -') : o.apiToken,
    tokenFile: (o.apiTokenFile ?? o.serviceAccountFile) && resolve((o.apiTokenFile ?? o.serviceAccountFile)!),
  };
  const strategy: AuthStrategy = method === 'password'
    ? passwordAuth({ user: user!, org, password: await readPassword(ctx.factory, o, `Password for ${user}@${org}:`) })
    : method === 'service-account' && o.clientId
      ? serviceAccountWithDeviceFlow(ctx, profile, o.clientId)
      : strategyOf(profile);
  // A cell another profile trusts by a kept certificate is trusted again (a login after the session ran out).
  const cell = normaliseBaseUrl(url);
  const kept = Object.values((await ctx.profiles.load()).profiles).filter((p) => p.ca && p.url === cell).map((p) => p.ca!);
  let opened: SavedSession | undefined;
  const auth = resumeSession(strategy, { onSession: (s) => { opened = s; } });
  const client = await withSpinner(ctx, `Logging in to ${url}`, () => connect(ctx, url, {
    auth, apiVersion: o.apiVersion, tls: tlsOf(profile, kept),
  })).catch((err: unknown) => {
    if (err instanceof UnauthorizedError) throw new CliError(describeProblem(err).message, EXIT.auth, 'check the org, the user and the password (or token); the account may also be locked or disabled');
    throw err;
  });
  let anchor: ServerCertificate | undefined;
  try {
    const session = await client.sessions.legacy();
    profile.url = client.baseUrl;
    profile.user = session.user;
    profile.org = session.org;
    Object.assign(profile, opened && sessionFields(opened));
    anchor = anchorToKeep(client);
    profile.ca = anchor?.pem;
  } finally {
    await client.close({ logout: false });
  }
  const name = ctx.profile ?? profileName(profile.user, profile.org);
  const file = await ctx.profiles.load();
  const replaced = file.profiles[name];
  const note = replaced ? await endSession(ctx, replaced) : '';
  file.profiles[name] = profile;
  file.current = name;
  await ctx.profiles.save(file);
  success(io, `Logged in to ${profile.url} as ${profile.user}@${profile.org} (profile ${name}, API ${client.apiVersion})${replaced ? `; its previous session is ended${note}` : ''}`);
  if (anchor) io.stderr.write(`The profile trusts the certificate that verified the cell: ${anchor.subject.replace(/\n/g, ', ')} (SHA-256 ${anchor.fingerprint256})\n`);
}

/** A service account's first login: an admin grants the user code printed here. */
function serviceAccountWithDeviceFlow(ctx: Context, p: Profile, clientId: string): AuthStrategy {
  const err = ctx.io.stderr;
  return serviceAccountAuth({
    org: p.org, tokenFile: p.tokenFile, clientId,
    onUserCode: (a) => {
      err.write(`Ask an administrator of ${p.org} to grant the code ${paint('bold', a.user_code, err)} at ${a.verification_uri_complete ?? a.verification_uri}\n`);
    },
  });
}

export function loginCommand(f: Factory, runF = loginRun): Command {
  return new Command('login')
    .description('log in to a cell and save the session as a profile (the password is never stored)')
    .argument('<url>', 'the cell, e.g. https://vcd.example.com (a bare host[:port] means https://)')
    .argument('<org>', 'the org to log in to ("System" for the provider)')
    .argument('[user]', 'the user (password logins)')
    .option('--password-stdin', 'read the password from stdin (else VCD_PASSWORD, else a hidden prompt)')
    .option('--api-token <token>', 'log in with an API token, or "-" to read it from stdin (it is kept in the profile, mode 0600)')
    .option('--api-token-file <file>', 'log in with the API token in this file (the profile keeps the path)')
    .option('--service-account-file <file>', 'log in as a service account whose refresh token is in this file (rotated on each use)')
    .option('--client-id <id>', 'the service account client id, for the device flow when the file does not exist yet')
    .option('--api-version <version>', 'pin an API version instead of negotiating')
    .addOption(new Option('-k, --insecure', 'do not verify the TLS certificate (test labs only)'))
    .addHelpText('after', `
Examples:
  $ echo "$PASSWORD" | vcdkit login https://vcd.example.com ExampleOrg alice --password-stdin
  $ VCD_PASSWORD=… vcdkit login https://vcd.example.com System administrator
  $ vcdkit login https://vcd.example.com ExampleOrg --api-token-file ~/.vcd-token.json
  $ vcdkit token create ci | vcdkit login https://vcd.example.com ExampleOrg --api-token - --profile ci`)
    .action((url: string, org: string, user: string | undefined, flags: Omit<LoginOptions, 'ctx' | 'url' | 'org' | 'user'>, cmd: Command) =>
      runF({ ctx: contextFrom(f, cmd), url, org, user, ...flags }));
}
