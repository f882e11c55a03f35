// The exit codes of every client command; `vcdkit help exit-codes` prints this table.
export const EXIT = {
  ok: 0,
  /** the server refused the request, or anything else went wrong */
  error: 1,
  /** unknown command or option, missing argument, bad option value */
  usage: 2,
  /** the server could not be reached (connection refused, DNS, TLS, timeout) or is not Cloud Director */
  unreachable: 3,
  /** not logged in, the session ended, or the credentials were refused */
  auth: 4,
  /** interrupted (Ctrl-C) */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes of vcdkit client commands:

  0    success
  1    error: the server refused the request (not found, forbidden, conflict…) or another failure
  2    usage error: unknown command or option, missing argument, bad option value
  3    server unreachable: connection refused, DNS or TLS failure, timeout, or not a Cloud Director URL
  4    authentication: not logged in, session expired or logged out, credentials refused
  130  interrupted (Ctrl-C)

Errors are printed on stderr as one line, followed by a hint line when there is a likely fix.
`;
