// Speaking the legacy /api as a signed-in user: XML or JSON documents, and metadata bodies.
import type { TestCell } from './cell.ts';
import { PASSWORD } from './cell.ts';
import { call, login } from './http.ts';
import { cloudClient, type Cloud } from './cloudapi.ts';
import type { Session } from '../../src/server/inventory/principal.ts';
import { hashSecret } from '../../src/server/services/secrets.ts';

export const ACCEPT_XML = 'application/*+xml;version=37.0';
export const ACCEPT_JSON = 'application/*+json;version=37.0';

export interface Caller {
  token: string;
  call(method: string, path: string, body?: string, contentType?: string, accept?: string): ReturnType<typeof call>;
  /** the same session at /cloudapi/1.0.0 */
  cloud: Cloud;
  /** the cell's own Session object for this caller, to start tasks on the service directly */
  session(): Promise<Session>;
}

export async function caller(t: TestCell, user: string, org: string): Promise<Caller> {
  const token = await login(t.url, user, org, PASSWORD);
  return {
    token,
    call: (method, path, body, contentType, accept = ACCEPT_XML) => call(t.url, method, path, {
      accept, authorization: `Bearer ${token}`, ...(contentType && { 'content-type': contentType }),
    }, body),
    cloud: cloudClient(t.url, token),
    session: async () => (await t.cell.services.sessions.resolveDigest(hashSecret(token)))!,
  };
}

export const orgId = async (t: TestCell, name: string) => (await t.cell.services.identity.findOrgByName(name))!.id;

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
export const VALUE_XML = 'application/vnd.vmware.vcloud.metadata.value+xml';
export const METADATA_XML = 'application/vnd.vmware.vcloud.metadata+xml';

export const metadataValue = (type: string, value: string, domain?: string) =>
  `<MetadataValue ${NS}>${domain ?? ''}<TypedValue xsi:type="${type}"><Value>${value}</Value></TypedValue></MetadataValue>`;

export const metadataDoc = (entries: Array<{ key: string; type: string; value: string }>) =>
  `<Metadata ${NS}>${entries.map((e) =>
    `<MetadataEntry><Key>${e.key}</Key><TypedValue xsi:type="${e.type}"><Value>${e.value}</Value></TypedValue></MetadataEntry>`).join('')}</Metadata>`;

export const attr = (xml: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(xml)?.[1];
export const taskPathOf = (xml: string) => new URL(attr(xml, 'href')!).pathname;
