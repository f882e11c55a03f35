// vcdkit SDK: a typed client for the VMware Cloud Director API.
// This file is the public API; everything it does not export is internal.
import './node-version.ts'; // first: on an old Node, its error is the one the importer sees

// The client
export { VcdClient, normaliseBaseUrl } from './client.ts';
export type { ClientClock, ConnectOptions, RequestOptions, VcdResponse } from './options.ts';
export type { DebugEvent, HttpResponse, RetryOptions, ServerCertificate, TlsOptions } from './transport.ts';
export { configFromEnv } from './env.ts';
export type { EnvConfig } from './env.ts';

// API versions
export { SDK_API_VERSIONS, compareVersions, negotiateVersion, parseSupportedVersions } from './versions.ts';
export type { NegotiationOptions, ServerVersion } from './versions.ts';

// Login strategies
export type { AuthContext, AuthRequest, AuthStrategy, Credentials } from './auth/strategy.ts';
export { passwordAuth } from './auth/password.ts';
export type { PasswordAuthOptions } from './auth/password.ts';
export { accessTokenAuth } from './auth/access-token.ts';
export { resumeSession } from './auth/resumed-session.ts';
export type { ResumeOptions, SavedSession } from './auth/resumed-session.ts';
export { apiTokenAuth, readTokenFile } from './auth/api-token.ts';
export type { ApiTokenAuthOptions } from './auth/api-token.ts';
export { serviceAccountAuth } from './auth/service-account.ts';
export type { ServiceAccountAuthOptions } from './auth/service-account.ts';
export { requestDeviceAuthorization, pollDeviceToken, DEVICE_CODE_GRANT } from './auth/device-flow.ts';
export type { DeviceAuthorization } from './auth/device-flow.ts';
export type { TokenResponse } from './auth/oauth.ts';
export { writeTokenFile } from './auth/token-file.ts';

// Typed objects, links, queries, tasks
export type {
  Link, Resource, Reference, EntityReference, Session, CloudSession, OrgList, Org, Entity, QueryRecord, QueryResultRecords,
  CloudPage, Token, CreatedApiToken, ServiceAccount, ServiceAccountSpec, Right, Role, Task,
} from './types.ts';
export { findLink, findLinks, mediaFamily } from './links.ts';
export { eq, ne, gt, ge, lt, le, and, or, escapeFilterValue } from './filter.ts';
export type { Filter, FilterValue } from './filter.ts';
export { MAX_PAGE_SIZE, QUERY_TYPES } from './query.ts';
export type { PageOptions, QueryOptions } from './query.ts';
export type { WaitOptions } from './tasks.ts';

// Resource sets, one per entity type (VcdClient.orgs, .vdcs, .users …), built from the cell's table of entity types
// (ENTITY_TYPES): list over a type's CloudAPI collection where it has one, through the query service otherwise
export { EntitySet, ResourceSet, ResourceSetWithMetadata, TaskHandle, asArray, specOf } from './resources/resource.ts';
export type {
  Ref, FindOptions, DeleteOptions, MetadataEntry, MetadataValueType, ResourceSpec, NamedEntity, EntityTypeName, EntityTypeInfo, RecordOf,
  CloudItemOf, ListItemOf,
} from './resources/resource.ts';
export { ENTITY_TYPES } from './resources/entity-types.generated.ts';
export type { QueryRecordFields, CloudApiModelFields } from './resources/entity-types.generated.ts';
export type { EntitySets } from './resources/sets.ts';
export { CloudResourceSet } from './resources/cloud-set.ts';
export type { CloudSpec } from './resources/cloud-set.ts';
export { Orgs } from './resources/org.ts';
export type { OrgRecord, OrgSpec } from './resources/org.ts';
export { Vdcs } from './resources/vdc.ts';
export type { Vdc, VdcRecord, Capacity, VdcSpec, AdminVdc, AllocationModel } from './resources/vdc.ts';
export { Networks } from './resources/network.ts';
export type { OrgVdcNetwork, OrgVdcNetworkRecord, IpScope, AllocatedAddress } from './resources/network.ts';
export { EdgeGateways } from './resources/edge-gateway.ts';
export type { EdgeGateway, EdgeGatewayRecord, NatRule, NatService, FirewallRule, FirewallService } from './resources/edge-gateway.ts';
export { Catalogs } from './resources/catalog.ts';
export type { Catalog, CatalogRecord, Owner } from './resources/catalog.ts';
export { CatalogItems } from './resources/catalog-item.ts';
export type { CatalogItem, CatalogItemRecord } from './resources/catalog-item.ts';
export { VAppTemplates } from './resources/vapp-template.ts';
export type { VAppTemplate, VAppTemplateRecord, TemplateVm } from './resources/vapp-template.ts';
export { MediaFiles } from './resources/media.ts';
export type { Media, MediaRecord } from './resources/media.ts';
export { PowerResourceSet, VAPP_STATUS } from './resources/power.ts';
export type { UndeployAction } from './resources/power.ts';
export { VApps } from './resources/vapp.ts';
export type { VApp, VAppRecord, InstantiateParams, ComposeParams, NetworkChoice, SourceVm, IpAllocationMode } from './resources/vapp.ts';
export { Vms } from './resources/vm.ts';
export { Disks } from './resources/disk.ts';
export type { Disk, DiskSpec } from './resources/disk.ts';
export type { Vm, VmRecord, NetworkConnection, Section } from './resources/vm.ts';
export { Tasks } from './resources/task.ts';
export type { TaskRecord } from './resources/task.ts';
export { Users, Roles, Rights, RightsBundles, RightsGroupings } from './resources/rbac.ts';
export type { User, NewUser, UserChange, RightsBundle } from './resources/rbac.ts';
export { Tokens, ServiceAccounts } from './resources/token.ts';
export { Sessions } from './resources/session.ts';

// Errors
export {
  VcdError, VcdRequestError, BadRequestError, UnauthorizedError, ForbiddenError, NotFoundError, MethodNotAllowedError,
  NotAcceptableError, ConflictError, TooManyRequestsError, ServerError, ServiceUnavailableError, OAuthError,
  SessionEndedError, VersionNegotiationError, VcdTimeoutError, ConnectionError, TaskFailedError,
  BusyEntityError, DuplicateNameError, InvalidReferenceError, InvalidStateError, EntityNotFoundError, AmbiguousNameError,
} from './errors.ts';
export type { FailedRequest, RequestErrorDetails } from './errors.ts';
export { redactBody, redactHeaders, redactUrl } from './redact.ts';
