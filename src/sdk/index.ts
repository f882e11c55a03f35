// vcdkit SDK: a typed client for the VMware Cloud Director API.
// This file is the public API; everything it does not export is internal.
import './node-version.ts'; // first: on an old Node, its error is the one the importer sees

// The client
export { VcdClient, normaliseBaseUrl } from './client.ts';
export type { ClientClock, ConnectOptions, RequestOptions, VcdResponse } from './client.ts';
export type { DebugEvent, HttpResponse, RetryOptions, TlsOptions } from './transport.ts';
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
export { QUERY_TYPES } from './query.ts';
export type { PageOptions, QueryOptions } from './query.ts';
export type { WaitOptions } from './tasks.ts';

// The provider's orgs and VDCs; users and rights bundles
export { createOrg, deleteOrg, createVdc } from './provider.ts';
export type { OrgSpec, VdcSpec, AdminVdc, AllocationModel } from './provider.ts';
export { users, user, createUser, updateUser, rightsBundles, rightsOf, tenantsOf } from './rbac.ts';
export type { User, NewUser, RightsBundle } from './rbac.ts';

// Errors
export {
  VcdError, VcdRequestError, BadRequestError, UnauthorizedError, ForbiddenError, NotFoundError, MethodNotAllowedError,
  NotAcceptableError, ConflictError, TooManyRequestsError, ServerError, ServiceUnavailableError, OAuthError,
  SessionEndedError, VersionNegotiationError, VcdTimeoutError, ConnectionError, TaskFailedError,
} from './errors.ts';
export type { FailedRequest, RequestErrorDetails } from './errors.ts';
export { redactBody, redactHeaders, redactUrl } from './redact.ts';
