// JSON schemas of the request bodies, checked by Fastify before any handler runs: the CloudAPI models' are generated
// from VMware's spec (cloudapi-schemas.generated.ts), with what the cell needs beyond it here; the others (service
// accounts, newer than that spec, OAuth) are written here. Unknown properties are tolerated,
// as Cloud Director tolerates them: clients send whole objects back (links, href, bundleKey, readOnly).
// Every string and array is bounded, and a reference's id is a string, so a hostile body (a 6,000-deep
// array where an id belongs) is a 400 naming the offending field, not a handler's problem.
import type { FastifySchemaValidationError } from 'fastify';
import { errors, VcdError } from '../errors.ts';
import type { EntityRef } from '../services/rights.ts';
import { EntityReferences as entityReferencesModel, VcdUser } from './cloudapi-schemas.generated.ts';

const NAME_MAX = 256;
const TEXT_MAX = 1024;

/** A string, or null where a client sends a whole object back with an empty field. */
const text = (maxLength = TEXT_MAX) => ({ type: ['string', 'null'], maxLength }) as const;

export const entityReference = {
  type: 'object',
  properties: { name: text(NAME_MAX), id: text(NAME_MAX) },
} as const;

/** An EntityReferences body: {values: [{name, id}, …]} (the page fields around it are ignored). */
export interface EntityReferences {
  values: EntityRef[];
}

/** The spec's EntityReferences, whose values the cell's handlers need. */
export const entityReferences = {
  ...entityReferencesModel,
  required: ['values'],
  properties: { ...entityReferencesModel.properties, values: { ...entityReferencesModel.properties.values, type: 'array' } },
} as const;

/** Role and RightsBundle share their writable fields. */
export interface NamedSpec {
  name?: string | null;
  description?: string | null;
}

const { required: userRequired, ...userModel } = VcdUser;

/**
 * PUT /users/{id}: the spec's VcdUser, holding exactly one role as a user of the cell does. Nothing is required:
 * the cell changes the fields sent and keeps the others, which its clients rely on ({enabled: false}).
 */
export const userSpec = {
  ...userModel,
  properties: { ...userModel.properties, roleEntityRefs: { ...userModel.properties.roleEntityRefs, minItems: 1, maxItems: 1 } },
} as const;

/** POST /users: what the spec requires, and a password (the cell's users are local). */
export const newUserSpec = {
  ...userSpec,
  required: [...userRequired, 'password'],
  properties: { ...userSpec.properties, password: { ...userSpec.properties.password, type: 'string' } },
} as const;

export const serviceAccountSpec = {
  type: 'object',
  properties: {
    name: text(NAME_MAX), softwareId: text(), softwareVersion: text(), uri: text(),
    role: { anyOf: [{ type: 'string', maxLength: NAME_MAX }, entityReference, { type: 'null' }] },
  },
} as const;

/** POST /orgs: the writable fields of the CloudAPI Org (org/org.yaml); its id is read-only. */
export interface NewCloudOrg {
  name: string;
  displayName: string;
  description?: string | null;
  isEnabled?: boolean | null;
}

export const deviceGrant = {
  type: 'object',
  required: ['userCode'],
  properties: { userCode: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/** RFC 7591 client registration, as VCD takes it for API tokens and service accounts. */
export interface ClientRegistration {
  client_name?: string | null;
  software_id?: string | null;
  software_version?: string | null;
  client_uri?: string | null;
  scope?: string | null;
  expires_in?: number | null;
}

export const clientRegistration = {
  type: 'object',
  properties: {
    client_name: text(NAME_MAX), software_id: text(), software_version: text(), client_uri: text(), scope: text(),
    expires_in: { type: ['integer', 'null'] },
  },
} as const;

const MESSAGE_MAX = 200;

/**
 * Fastify's schemaErrorFormatter: the first failure, by its path in the request ("body/values/0/id must
 * be string,null"). Ajv's messages quote the schema, never the data; the message is bounded all the same.
 */
export function schemaError(failures: FastifySchemaValidationError[], dataVar: string): VcdError {
  const first = failures[0];
  const message = `The request ${dataVar} is not valid: ${dataVar}${first?.instancePath ?? ''} ${first?.message ?? 'is malformed'}.`;
  return errors.badRequest(message.length > MESSAGE_MAX ? `${message.slice(0, MESSAGE_MAX)}…` : message);
}
