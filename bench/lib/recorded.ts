// A response recorded from the cell, handed to the baseline servers (child processes) in REPLAY_RESPONSE.
export interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const REPLAY_ENV = 'REPLAY_RESPONSE';

export function recordedResponse(): Recorded {
  const raw = process.env[REPLAY_ENV];
  if (!raw) throw new Error(`${REPLAY_ENV} is not set`);
  return JSON.parse(raw) as Recorded;
}
