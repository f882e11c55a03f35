// The one place that decides who may do what: rights (a route's config.rights, a service's check and an
// entity type's operation rights all end here) and visibility (the provider, the caller's own org, the
// caller's own objects), both as yes/no answers and as SQL conditions for the store.
import type { RightName } from './rights-catalogue.ts';
import { sql } from 'kysely';
import { errors, type VcdError } from '../errors.ts';
import { SYSTEM_ORG, type Session } from './principal.ts';
import type { EntityType, Visibility } from './entity-type.ts';

/** The right that opens an org's admin views (AdminOrg, its users, everyone's tasks in it). */
export const ADMINISTER_ORG = 'General: Administrator View' satisfies RightName;
/** The right to change an org's properties (its metadata among them). */
export const EDIT_ORG = 'Organization: Edit Properties' satisfies RightName;

/** The right to manage an org's users: create them, reset passwords, unlock, enable or disable, reset their MFA. */
export const ADMINISTER_USERS = 'General: Administrator Control' satisfies RightName;

/** The rights to see an org's VDCs, and to edit them. */
export const VIEW_VDC = 'Organization vDC: View' satisfies RightName;
export const EDIT_VDC = 'Organization vDC: Edit' satisfies RightName;
/** The right to see an org's VDC networks. */
export const VIEW_NETWORK = 'Organization vDC Network: View Properties' satisfies RightName;
/** The right to create, change and delete an org's VDC networks. */
export const EDIT_NETWORK = 'Organization vDC Network: Edit Properties' satisfies RightName;
/** The right to see an org's Edge gateways (an Org Administrator's, not a vApp User's). */
export const VIEW_EDGE_GATEWAY = 'Organization vDC Gateway: View' satisfies RightName;
/** The right to change an Edge gateway's services (NAT, firewall). */
export const CONFIGURE_EDGE_GATEWAY = 'Organization vDC Gateway: Configure Services' satisfies RightName;
/** The rights over an NSX-T gateway's services through the CloudAPI, one pair a service, as VCD 10.x splits them. */
export const VIEW_GATEWAY_NAT = 'Organization vDC Gateway: View NAT' satisfies RightName;
export const CONFIGURE_GATEWAY_NAT = 'Organization vDC Gateway: Configure NAT' satisfies RightName;
/** also a gateway's firewall groups and the application port profiles its rules name */
export const VIEW_GATEWAY_FIREWALL = 'Organization vDC Gateway: View Firewall' satisfies RightName;
export const CONFIGURE_GATEWAY_FIREWALL = 'Organization vDC Gateway: Configure Firewall' satisfies RightName;
export const VIEW_GATEWAY_STATIC_ROUTES = 'Organization vDC Gateway: View Static Routing' satisfies RightName;
export const CONFIGURE_GATEWAY_STATIC_ROUTES = 'Organization vDC Gateway: Configure Static Routing' satisfies RightName;
export const VIEW_GATEWAY_DNS = 'Organization vDC Gateway: View DNS' satisfies RightName;
export const CONFIGURE_GATEWAY_DNS = 'Organization vDC Gateway: Configure DNS' satisfies RightName;

/** The predefined role only the System org holds, and the keys (lower-cased names) of such provider roles. */
export const SYSTEM_ADMIN_ROLE = 'System Administrator';
export const PROVIDER_ROLE_KEYS: readonly string[] = [SYSTEM_ADMIN_ROLE.toLowerCase()];

/** true for a predefined role only the System org may hold */
export const isProviderRole = (name: string): boolean => PROVIDER_ROLE_KEYS.includes(name.toLowerCase());

/**
 * The roles of roles.org_id a session may see: the predefined (global) ones, but a provider role only for
 * the provider, and the own roles of the orgs it sees.
 */
export function roleScope(session: Session): Visibility {
  const predefined = isProvider(session) ? sql<boolean>`roles.org_id is null`
    : sql<boolean>`(roles.org_id is null and lower(roles.name) not in (${sql.join(PROVIDER_ROLE_KEYS)}))`;
  return sql<boolean>`(${predefined} or ${orgScope(session, 'roles.org_id')})`;
}

/** The System org's name_key (names are stored lower-cased there), for SQL that leaves it out. */
export const SYSTEM_ORG_KEY = SYSTEM_ORG.toLowerCase();

/** SQL: the System org's id, the org of the provider's own objects (vCenters, provider VDCs…). */
export const SYSTEM_ORG_ID = sql<string>`(select orgs.id from orgs where orgs.name_key = ${sql.lit(SYSTEM_ORG_KEY)})`;

/** The right to see provider VDCs (the provider's, as VCD's catalogue names it). */
export const VIEW_PROVIDER_VDC = 'Provider vDC: View' satisfies RightName;

/** The rights to create, edit and delete external networks (the provider's, as VCD's catalogue names them). */
export const CREATE_PROVIDER_NETWORK = 'Provider Network: Create';
export const EDIT_PROVIDER_NETWORK = 'Provider Network: Edit';
export const DELETE_PROVIDER_NETWORK = 'Provider Network: Delete';

/** Whether an org name is the System org's, the provider's home (names are case-insensitive). */
export function isSystemOrgName(name: string): boolean {
  return name.toLowerCase() === SYSTEM_ORG_KEY;
}

/** Whether the caller is the provider (a session in the System org). */
export function isProvider(session: Session): boolean {
  return session.isProvider;
}

/** Throws the 403 `message` unless the caller is the provider. */
export function requireProvider(session: Session, message: string): void {
  if (!session.isProvider) throw errors.forbidden(message);
}

/** Whether the session holds every one of `rights`. */
export function hasRights(session: Session, ...rights: readonly string[]): boolean {
  return rights.every((r) => session.rights.has(r));
}

/** The first of `rights` the session lacks, if any. */
export function missingRight(session: Session, rights: readonly string[]): string | undefined {
  return rights.find((r) => !session.rights.has(r));
}

/** Throws VCD's 403 for the first of `rights` the session lacks. */
export function requireRights(session: Session, ...rights: readonly string[]): void {
  const missing = missingRight(session, rights);
  if (missing) throw errors.forbidden(`Missing right "${missing}": this operation is denied.`);
}

/** Throws the 403 unless the session holds the rights the entity type names for `operation` (none named: allowed). */
export function requireOperation(session: Session, type: EntityType, operation: string): void {
  requireRights(session, ...(type.rights?.[operation] ?? []));
}

/** Whether the caller may see an org and what is in it as a tenant: the provider any, a tenant its own. */
export function canSeeOrg(session: Session, orgId: string): boolean {
  return session.isProvider || orgId === session.orgId;
}

/** Whether the caller may see an org's objects of a kind that `rights` guard: the provider any org's, a tenant its own with them. */
export function canSeeInOrg(session: Session, orgId: string, ...rights: readonly string[]): boolean {
  return session.isProvider || (orgId === session.orgId && hasRights(session, ...rights));
}

/** Who may use an org's admin view: the provider, and the org's own administrators. */
export function canAdministerOrg(session: Session, orgId: string): boolean {
  return canSeeInOrg(session, orgId, ADMINISTER_ORG);
}

/** Who may change an org's properties (its metadata among them): the provider, and its own administrators. */
export function canEditOrg(session: Session, orgId: string): boolean {
  return canSeeInOrg(session, orgId, EDIT_ORG);
}

/** Throws the 403 unless the caller may manage the org's users: the provider any org's, its administrators their own. */
export function requireUserAdministration(session: Session, orgId: string): void {
  if (!canSeeInOrg(session, orgId, ADMINISTER_USERS)) throw errors.forbidden('No right to manage this organization\'s users.');
}

/**
 * The org whose objects a request addresses: a tenant always its own; the provider the one it names
 * (contextOrgId, e.g. from X-VMWARE-VCLOUD-TENANT-CONTEXT) or else its own (System).
 */
export function contextOrg(session: Session, contextOrgId?: string): string {
  return session.isProvider ? (contextOrgId ?? session.orgId) : session.orgId;
}

/**
 * "Forbidden looks like absent": the one answer, on the legacy API and the CloudAPI alike, for an entity the caller
 * may not see, whether it exists or not: VCD's 403 ACCESS_TO_RESOURCE_IS_FORBIDDEN (go-vcloud-director reads it as
 * "not found"), naming only what the request named. Build `entityUrn` from the request's id, never from a row.
 */
export function noAccess(entityUrn: string): VcdError {
  return errors.forbidden(`No access to entity "${entityUrn}".`);
}

/** Throws the 403 VCD answers for another org's objects, unless the caller may see the org. */
export function requireOrgAccess(session: Session, orgId: string, message = 'No access to another organization.'): void {
  if (!canSeeOrg(session, orgId)) throw errors.forbidden(message);
}

const ALL: Visibility = sql<boolean>`1 = 1`;
const NONE: Visibility = sql<boolean>`1 = 0`;

/**
 * SQL: rows of the caller's org (`orgColumn` holds the org id), if the caller holds `rights` (none
 * otherwise); every row for the provider. The SQL form of canSeeInOrg().
 */
export function orgScope(session: Session, orgColumn: string, ...rights: readonly string[]): Visibility {
  if (session.isProvider) return ALL;
  return hasRights(session, ...rights) ? ownOrgScope(session, orgColumn) : NONE;
}

/** SQL: rows of the caller's own org, the provider's (System's) too: query types such as `task` and `user` list only those. */
export function ownOrgScope(session: Session, orgColumn: string): Visibility {
  return sql<boolean>`${sql.ref(orgColumn)} = ${session.orgId}`;
}

/** SQL: rows of the caller's own org and those of no org (what the system defines for all: predefined roles, SYSTEM port profiles). */
export function ownOrSystemScope(session: Session, orgColumn: string): Visibility {
  return sql<boolean>`(${sql.ref(orgColumn)} is null or ${ownOrgScope(session, orgColumn)})`;
}

/** SQL: the rows whose `column` holds `id` (an owner's, an org's): a scope a service names outright, e.g. for a name's uniqueness. */
export function ownedBy(column: string, id: string): Visibility {
  return sql<boolean>`${sql.ref(column)} = ${id}`;
}

/**
 * SQL: the OAuth clients (API tokens) a caller may see: every one for the provider who may manage all users' tokens,
 * the org's for a tenant who may, otherwise the caller's own.
 */
export function tokenScope(session: Session, manageAll: boolean, orgColumn: string, userColumn: string): Visibility {
  if (manageAll && session.isProvider) return ALL;
  return manageAll ? ownOrgScope(session, orgColumn) : ownedBy(userColumn, session.userId);
}

/** SQL: rows of the caller's org; for the provider every org's, or the one its tenant context names. */
export function orgOrContextScope(session: Session, orgColumn: string, contextOrgId?: string): Visibility {
  if (!session.isProvider) return ownOrgScope(session, orgColumn);
  return contextOrgId === undefined ? ALL : ownedBy(orgColumn, contextOrgId);
}

/** SQL: every row for the provider, none for anyone else (the provider's own objects: vCenters, provider VDCs…). */
export function providerScope(session: Session): Visibility {
  return session.isProvider ? ALL : NONE;
}

/**
 * SQL: rows of the caller's org, and rows its org shares with every org (`sharedColumn` is 1: a published
 * catalog); every row for the provider.
 */
export function orgOrSharedScope(session: Session, orgColumn: string, sharedColumn: string): Visibility {
  return session.isProvider ? ALL : sql<boolean>`(${sql.ref(orgColumn)} = ${session.orgId} or ${sql.ref(sharedColumn)} = 1)`;
}

/**
 * SQL: rows of the caller's org that are its own (`userColumn` holds the owner's user id), or all of its
 * org's for the org's administrators; every row for the provider (VCD's rule for tasks, vApps of a vApp User…).
 */
export function ownerScope(session: Session, orgColumn: string, userColumn: string): Visibility {
  if (session.isProvider) return ALL;
  const inOrg = ownOrgScope(session, orgColumn);
  return canAdministerOrg(session, session.orgId) ? inOrg : sql<boolean>`(${inOrg} and ${sql.ref(userColumn)} = ${session.userId})`;
}

/** The rights of the vApp operations (VCD's rights catalogue): a vApp Author holds them all, a vApp User not CREATE_VAPP nor DELETE_VAPP. */
export const VAPP_RIGHTS = {
  create: ['vApp: Create / Reconfigure'],
  instantiate: ['vApp: Create / Reconfigure', 'vApp Template: Checkout'],
  power: ['vApp: Power Operations'],
  edit: ['vApp: Edit Properties'],
  delete: ['vApp: Delete'],
  editVm: ['vApp: Edit VM Properties'],
  editCpu: ['vApp: Edit VM CPU'],
  editMemory: ['vApp: Edit VM Memory'],
  editDisk: ['vApp: Edit VM Hard Disk'],
  editNetwork: ['vApp: Edit VM Network'],
  share: ['vApp: Sharing'],
  viewAcl: ['vApp: View ACL'],
} as const;

export const ACCESS_LEVELS = ['ReadOnly', 'Change', 'FullControl'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * SQL: the vApps (columns of `vapps`) a session sees, as VCD shows them: the provider every one, an org's
 * administrators all of their org's, any other user those it owns or that are shared with it (with
 * everyone in the org, or with the user by name).
 */
export function vappScope(session: Session): Visibility {
  if (session.isProvider) return ALL;
  const inOrg = ownOrgScope(session, 'vapps.org_id');
  if (canAdministerOrg(session, session.orgId)) return inOrg;
  return sql<boolean>`(${inOrg} and (vapps.owner_id = ${session.userId} or vapps.shared_to_everyone = 1
    or exists (select 1 from vapp_access where vapp_access.vapp_id = vapps.id and vapp_access.user_id = ${session.userId})))`;
}

/** What a vApp's sharing says about one user: its owner, everyone in the org, the user by name. */
export interface VAppSharing {
  orgId: string;
  ownerId: string | null;
  everyoneAccess: AccessLevel | null;
  /** the caller's own access setting, if it has one */
  userAccess: AccessLevel | null;
}

/** The access a session has to a vApp it sees: full for the provider, the org's administrators and the owner. */
export function vappAccess(session: Session, v: VAppSharing): AccessLevel {
  if (session.isProvider || canAdministerOrg(session, v.orgId) || v.ownerId === session.userId) return 'FullControl';
  const levels = [v.everyoneAccess, v.userAccess].filter((l): l is AccessLevel => l !== null);
  return levels.reduce<AccessLevel>((best, l) => (ACCESS_LEVELS.indexOf(l) > ACCESS_LEVELS.indexOf(best) ? l : best), 'ReadOnly');
}

/**
 * Throws VCD's 403 unless the session holds `rights` and its access to the vApp allows a change
 * (Change or FullControl; `level` FullControl for sharing it and deleting it).
 */
export function requireVAppOperation(session: Session, v: VAppSharing, rights: readonly string[], level: AccessLevel = 'Change'): void {
  requireRights(session, ...rights);
  if (ACCESS_LEVELS.indexOf(vappAccess(session, v)) < ACCESS_LEVELS.indexOf(level)) {
    throw errors.forbidden(`The vApp is shared with you with less than ${level} access: this operation is denied.`);
  }
}
