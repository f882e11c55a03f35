// Entity ids: a bare UUID in /api hrefs, "urn:vcloud:<type>:<uuid>" everywhere else.
import { randomUUID } from 'node:crypto';
import { errors } from './errors.ts';

export const newId = (): string => randomUUID();

/**
 * Request ids (X-VMWARE-VCLOUD-REQUEST-ID), UUID-shaped as VCD's are: a random prefix drawn once, and a
 * counter from a random start in the last 32 bits (kept below 2^30, a small integer, whose hex V8 writes
 * three times faster than a larger number's), with a new prefix when it runs out. Unique within a cell
 * and unlikely to meet another cell's, at no cost in randomness per request; they name requests in logs
 * and are no secret.
 */
export function requestIds(): () => string {
  const COUNTER_END = 2 ** 30;
  let prefix = '';
  let next = COUNTER_END;
  return () => {
    if (next >= COUNTER_END) {
      prefix = randomUUID().slice(0, 28);
      next = Math.floor(Math.random() * 2 ** 29);
    }
    return prefix + (next++).toString(16).padStart(8, '0');
  };
}

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
