// A session kept between runs: a CLI (or any short-lived program) saves the access token a login gave and
// resumes that session next time, instead of logging in (and leaving one more session on the cell) per run.
// The session is resumed only once and only while it lives; when it has ended, or ends later, the wrapped
// strategy logs in again and the new session is handed back to be saved.
import { jwtExpiresAt } from '../jwt.ts';
import { liveSession } from './access-token.ts';
import type { AuthStrategy, Credentials } from './strategy.ts';

/** An access token and when it runs out (client clock, ms), if known. */
export interface SavedSession {
  token: string;
  expiresAt?: number | undefined;
}

export interface ResumeOptions {
  /** the session a previous run saved */
  saved?: SavedSession | undefined;
  /** called with every session `strategy` opens, before it is used; save it for the next run */
  onSession?: ((session: SavedSession) => void | Promise<void>) | undefined;
}

/** `strategy`, resuming a saved session first while that session is live. */
export function resumeSession(strategy: AuthStrategy, opts: ResumeOptions): AuthStrategy {
  let saved = opts.saved;
  return {
    description: strategy.description,
    renewable: strategy.renewable,
    async login(ctx): Promise<Credentials> {
      const candidate = saved;
      saved = undefined; // a second login means the resumed session has ended
      if (candidate && (candidate.expiresAt === undefined || ctx.now() < candidate.expiresAt)) {
        const resumed = await liveSession(ctx, candidate.token, candidate.expiresAt);
        if (resumed) return resumed;
      }
      const creds = await strategy.login(ctx);
      await opts.onSession?.({ token: creds.token, expiresAt: creds.expiresAt ?? jwtExpiresAt(creds.token) });
      return creds;
    },
  };
}
