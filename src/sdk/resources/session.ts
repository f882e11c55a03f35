// The caller's session, as the CloudAPI and the legacy API show it.
import type { VcdClient } from '../client.ts';
import type { CloudSession, Session } from '../types.ts';

/** The session this client is logged in with (ending it is VcdClient.logout's, a transport concern). */
export class Sessions {
  readonly #client: VcdClient;

  constructor(client: VcdClient) {
    this.#client = client;
  }

  /** The current session (CloudAPI view, API 34.0+). */
  current(opts: { signal?: AbortSignal | undefined } = {}): Promise<CloudSession> {
    return this.#client.get<CloudSession>('/cloudapi/1.0.0/sessions/current', opts);
  }

  /** The legacy Session document (GET /api/session), with its links to the org list, query service… */
  legacy(opts: { signal?: AbortSignal | undefined } = {}): Promise<Session> {
    return this.#client.get<Session>('/api/session', opts);
  }
}
