// Every failure becomes one line on stderr, a hint when there is a likely fix, and an exit code
// (see exit-codes.ts). SDK errors are mapped by class, so the wording stays the SDK's.
import { CommanderError } from 'commander';
import {
  AmbiguousNameError, BusyEntityError, ConnectionError, EntityNotFoundError, ForbiddenError, NotAcceptableError, NotFoundError, OAuthError, SessionEndedError, UnauthorizedError,
  VcdError, VcdTimeoutError, VersionNegotiationError, type ServerVersion,
} from '../sdk/index.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

/** A failure the CLI itself detects (no profile, bad input…), with its exit code and hint. */
export class CliError extends Error {
  override name = 'CliError';
  readonly code: ExitCode;
  readonly hint: string | undefined;
  constructor(message: string, code: ExitCode = EXIT.error, hint?: string) {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}

export const usageError = (message: string, hint?: string) => new CliError(message, EXIT.usage, hint);

export const notLoggedIn = (profile?: string) => new CliError(
  profile ? `no profile named "${profile}"` : 'not logged in',
  EXIT.auth,
  'run `vcdkit login <url> <org> <user>` (or `vcdkit auth status` to see the profiles)',
);

export interface Problem {
  message: string;
  hint?: string | undefined;
  code: ExitCode;
}

const oneLine = (s: string) => s.replace(/^\[vcdkit\]\s*/, '').replace(/\s*\n\s*/g, ' ').trim();

const offered = (versions: readonly ServerVersion[] | undefined) =>
  versions?.length ? versions.map((v) => v.version + (v.deprecated ? ' (deprecated)' : '')).join(', ') : undefined;

/** What to tell the user about an error; `serverVersions` helps explain a 406. */
export function describeProblem(err: unknown, serverVersions?: readonly ServerVersion[]): Problem {
  if (err instanceof CliError) return { message: oneLine(err.message), hint: err.hint, code: err.code };
  if (err instanceof CommanderError) return { message: oneLine(err.message.replace(/^error:\s*/i, '')), code: EXIT.usage, hint: 'see `vcdkit --help`' };
  if (!(err instanceof Error)) return { message: String(err), code: EXIT.error };
  const message = oneLine(err.message);
  const relogin = 'run `vcdkit login <url> <org> <user>` to log in again';
  if (err instanceof SessionEndedError || err instanceof UnauthorizedError) return { message, code: EXIT.auth, hint: relogin };
  if (err instanceof OAuthError) return { message, code: EXIT.auth, hint: 'the token may be revoked or expired; create a new one and log in with it' };
  if (err instanceof ConnectionError && err.tlsCode) {
    // The SDK's message names its own options (tls.ca); the CLI's user needs the CLI's.
    return {
      message: `${err.request}: the server's TLS certificate is not trusted (${err.tlsCode})`, code: EXIT.unreachable,
      hint: 'set NODE_EXTRA_CA_CERTS to the PEM file of the CA that signed it (or, in a test lab only, log in with --insecure)',
    };
  }
  if (err instanceof ConnectionError && /wrong version number/.test(message)) {
    return { message, code: EXIT.unreachable, hint: 'the server does not speak TLS there: if it serves plain http, give the URL as http://…' };
  }
  if (err instanceof ConnectionError) return { message, code: EXIT.unreachable, hint: 'check the URL and that the cell is running' };
  if (err instanceof VcdTimeoutError) return { message, code: EXIT.unreachable, hint: 'the server did not answer in time; try again, or check the network' };
  if (err instanceof VersionNegotiationError) {
    return { message, code: EXIT.error, hint: err.serverVersions.length ? `pin one the server offers with --api-version (e.g. --api-version ${err.serverVersions.at(-1)})` : 'is this a Cloud Director URL?' };
  }
  if (err instanceof NotAcceptableError) {
    const list = offered(serverVersions);
    return { message, code: EXIT.error, hint: list ? `the server offers API versions ${list}; pin one with --api-version` : 'run `vcdkit versions` to see the API versions the server offers' };
  }
  if (err instanceof ForbiddenError) return { message, code: EXIT.error, hint: 'your role lacks the right for this; ask an administrator, or log in as another user' };
  if (err instanceof BusyEntityError) return { message, code: EXIT.error, hint: 'another task is running on it: `vcdkit task list` shows it, `vcdkit task wait <task>` waits for it' };
  if (err instanceof EntityNotFoundError) return { message, code: EXIT.error, hint: 'names match exactly; the noun\'s `list` command shows what you can see' };
  if (err instanceof AmbiguousNameError) return { message, code: EXIT.error, hint: 'name it by id or href instead (shown by `show` and `-o json` lists)' };
  if (err instanceof NotFoundError) return { message, code: EXIT.error, hint: 'it does not exist, you cannot see it, or this cell does not offer that API' };
  if (err instanceof VcdError) return { message, code: EXIT.error };
  return { message, code: EXIT.error };
}
