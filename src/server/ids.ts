// Entity ids: a bare UUID in /api hrefs, "urn:vcloud:<type>:<uuid>" everywhere else.
import { randomUUID } from 'node:crypto';
import { errors } from './errors.ts';

export const newId = (): string => randomUUID();

export const urn = (type: string, uuid: string): string => `urn:vcloud:${type}:${uuid}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URN = /^urn:vcloud:([A-Za-z]+):([0-9a-f-]{36})$/i;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

export function parseUrn(s: string): { type: string; uuid: string } {
  const m = URN.exec(s);
  if (!m || !isUuid(m[2]!)) throw errors.badRequest(`"${s}" is not a valid URN (urn:vcloud:<type>:<uuid>).`);
  return { type: m[1]!, uuid: m[2]!.toLowerCase() };
}
