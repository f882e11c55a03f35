// The CloudAPI ApplicationPortProfile (networking/applicationPortProfiles.yaml), and what a body asks for.
import { errors } from '../../errors.ts';
import { urn } from '../../ids.ts';
import { entityReference } from '../../representation/cloudapi/entity-reference.ts';
import type { AppPortProfileCloudRow } from './type.ts';
import type { AppPort, AppPortProfileSpec } from './service.ts';

export const appPortProfileUrn = (id: string) => urn('applicationPortProfile', id);

export function cloudAppPortProfile(p: AppPortProfileCloudRow) {
  const org = p.org_id ? entityReference('org', p.org_id, p.org_name ?? '') : null;
  return {
    id: appPortProfileUrn(p.id),
    name: p.name,
    description: p.description,
    scope: p.scope,
    applicationPorts: JSON.parse(p.ports) as AppPort[],
    orgRef: org,
    contextEntityId: org?.id ?? null,
    networkProviderScope: null,
    usableForNAT: true,
    status: 'REALIZED',
  };
}

/** ApplicationPortProfile as the spec's schema has let it through. */
export interface CloudAppPortProfileBody {
  name: string;
  description?: string | null;
  scope?: string | null;
  applicationPorts?: Array<{ protocol?: string | null; destinationPorts?: string[] | null }> | null;
  orgRef?: { id?: string | null } | null;
  contextEntityId?: string | null;
}

/** A port "n" or a range "n-m", within 1-65535. */
function portProblem(port: string): string | undefined {
  const parts = port.split('-');
  const numbers = parts.map((p) => (/^\d{1,5}$/.test(p.trim()) ? Number(p) : Number.NaN));
  if (parts.length > 2 || numbers.some((n) => !(n >= 1 && n <= 65535))) return 'is not a port (1-65535) or a range of ports n-m';
  return numbers.length === 2 && numbers[0]! > numbers[1]! ? 'is a range that ends before it starts' : undefined;
}

/** A TENANT profile's spec, and the URN of its org (orgRef, else the context when it is an org), if the body names one. */
export function readCloudAppPortProfile(body: CloudAppPortProfileBody): { spec: AppPortProfileSpec; org: string | undefined } {
  const name = body.name.trim();
  if (!name) throw errors.badRequest('The application port profile has no name (body/name).');
  if ((body.scope ?? 'TENANT') !== 'TENANT') throw errors.badRequest(`An application port profile of scope ${body.scope} is not made here: TENANT only (body/scope).`);
  const ports = (body.applicationPorts ?? []).map((p, i): AppPort => {
    if (!p.protocol) throw errors.badRequest(`The application port names no protocol (body/applicationPorts/${i}/protocol).`);
    const destinationPorts = (p.destinationPorts ?? []).map((d) => d.trim());
    if (p.protocol.startsWith('ICMP') && destinationPorts.length) throw errors.badRequest(`${p.protocol} has no ports (body/applicationPorts/${i}/destinationPorts).`);
    destinationPorts.forEach((d, j) => {
      const problem = portProblem(d);
      if (problem) throw errors.badRequest(`"${d}" ${problem} (body/applicationPorts/${i}/destinationPorts/${j}).`);
    });
    return { protocol: p.protocol, destinationPorts };
  });
  if (!ports.length) throw errors.badRequest('The application port profile names no ports (body/applicationPorts).');
  const context = body.contextEntityId?.toLowerCase().startsWith('urn:vcloud:org:') ? body.contextEntityId : undefined;
  return { spec: { name, description: body.description ?? '', ports }, org: body.orgRef?.id ?? context ?? undefined };
}
