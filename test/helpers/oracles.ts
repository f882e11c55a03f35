// What a caller learns from one request that names an entity: the answer with the probed id written as {id},
// so that the answers for an entity and for an id that names nothing compare as equal when they say the same.
import type { Caller } from './legacy.ts';

/** An answer with the probed id (and its URN) written as {id}: a refusal's status and codes, or a success's body. */
export interface Answer { status: number; minorErrorCode?: string | undefined; message?: string | undefined; body?: string }

/** An Error document's attribute (XML) or field (JSON). */
function field(text: string, name: string): string | undefined {
  if (!text.startsWith('{')) return new RegExp(`\\b${name}="([^"]*)"`).exec(text)?.[1];
  const value: unknown = (JSON.parse(text) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Sends `body` (JSON text for a CloudAPI path, else a document of `contentType`) and reads the answer with `id` written as {id}. */
export async function ask(c: Caller, method: string, path: string, id: string, body?: string, contentType?: string): Promise<Answer> {
  const res = path.startsWith('/cloudapi/')
    ? await c.cloud(method, path.slice('/cloudapi/1.0.0'.length), body === undefined ? undefined : JSON.parse(body))
    : await c.call(method, path, body, contentType);
  const text = res.text.replace(new RegExp(id, 'gi'), '{id}');
  if (res.status < 400) return { status: res.status, body: text.replace(/urn:vcloud:task:[0-9a-f-]{36}|\/task\/[0-9a-f-]{36}/g, '{task}') };
  return { status: res.status, minorErrorCode: field(text, 'minorErrorCode'), message: field(text, 'message') };
}
