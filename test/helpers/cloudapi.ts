// Calling /cloudapi/1.0.0 with a session's bearer token and JSON bodies, as the CloudAPI clients do.
import { call, JSON_ } from './http.ts';

export interface CloudResponse {
  status: number;
  headers: Headers;
  text: string;
  /** the parsed body; tests read into it freely */
  json: any;
}

export type Cloud = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<CloudResponse>;

export function cloudClient(base: string, token: string, version = '37.0'): Cloud {
  return async (method, path, body, headers = {}) => {
    const res = await call(base, method, `/cloudapi/1.0.0${path}`, {
      accept: JSON_(version), authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }), ...headers,
    }, body === undefined ? undefined : JSON.stringify(body));
    let json: unknown = undefined;
    try { json = res.text ? JSON.parse(res.text) : undefined; } catch { /* an error document in XML, say */ }
    return { ...res, json };
  };
}

/** An EntityReferences body naming entities by name. */
export const refs = (...names: string[]) => ({ values: names.map((name) => ({ name })) });

/**
 * A CloudAPI write Cloud Director runs as a task: 202, no body, Location: its /api/task, which `reader` (the
 * provider, who reads every task) follows to a success. The task's Owner URN: what was made, or what it changed.
 */
export async function taskOwner(reader: { call(method: string, path: string): Promise<{ text: string }> }, res: Pick<CloudResponse, 'status' | 'text' | 'headers'>): Promise<string> {
  if (res.status !== 202) throw new Error(`not a task (${res.status}): ${res.text}`);
  const location = res.headers.get('location') ?? '';
  if (!/\/api\/task\/[0-9a-f-]{36}$/.test(location)) throw new Error(`Location is no task: ${location}`);
  const task = (await reader.call('GET', location.slice(location.indexOf('/api/')))).text;
  if (!/<Task [^>]*\bstatus="success"/.test(task)) throw new Error(`the task did not succeed: ${task}`);
  return /<Owner [^>]*\bid="([^"]+)"/.exec(task)?.[1] ?? '';
}
