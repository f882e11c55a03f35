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
