// Every failure the SDK reports is a VcdError; HTTP failures are VcdRequestError subclasses chosen
// by status, so callers can `catch (e) { if (e instanceof NotFoundError) … }`.

/** Base class of every error the SDK throws. */
export class VcdError extends Error {
  override name = 'VcdError';
}

/** What the SDK knows about the request that failed (secrets already redacted). */
export interface FailedRequest {
  method: string;
  url: string;
  /** the X-VMWARE-VCLOUD-CLIENT-REQUEST-ID the SDK sent */
  clientRequestId: string;
}

export interface RequestErrorDetails {
  status: number;
  minorErrorCode?: string | undefined;
  /** the server's X-VMWARE-VCLOUD-REQUEST-ID, to quote to the provider's support */
  requestId?: string | undefined;
  request: FailedRequest;
  /** the raw response body, for error documents this SDK does not understand */
  body?: string | undefined;
}

/** A response with status >= 400, carrying VCD's minorErrorCode and message. */
export class VcdRequestError extends VcdError {
  override name = 'VcdRequestError';
  readonly status: number;
  readonly minorErrorCode: string | undefined;
  readonly requestId: string | undefined;
  readonly request: FailedRequest;
  readonly body: string | undefined;
  constructor(message: string, details: RequestErrorDetails) {
    super(message);
    this.status = details.status;
    this.minorErrorCode = details.minorErrorCode;
    this.requestId = details.requestId;
    this.request = details.request;
    this.body = details.body;
  }
}

export class BadRequestError extends VcdRequestError { override name = 'BadRequestError'; }
export class UnauthorizedError extends VcdRequestError { override name = 'UnauthorizedError'; }
export class ForbiddenError extends VcdRequestError { override name = 'ForbiddenError'; }
export class NotFoundError extends VcdRequestError { override name = 'NotFoundError'; }
export class MethodNotAllowedError extends VcdRequestError { override name = 'MethodNotAllowedError'; }
export class NotAcceptableError extends VcdRequestError { override name = 'NotAcceptableError'; }
export class ConflictError extends VcdRequestError { override name = 'ConflictError'; }
export class TooManyRequestsError extends VcdRequestError { override name = 'TooManyRequestsError'; }
export class ServerError extends VcdRequestError { override name = 'ServerError'; }
export class ServiceUnavailableError extends ServerError { override name = 'ServiceUnavailableError'; }

/** BUSY_ENTITY: a task holds the entity; the same request may succeed once that task has ended. */
export class BusyEntityError extends BadRequestError { override name = 'BusyEntityError'; }
/** DUPLICATE_NAME: another entity in the same scope already has this name. */
export class DuplicateNameError extends BadRequestError { override name = 'DuplicateNameError'; }
/** INVALID_REFERENCE: the body names an entity (by href) that the cell does not know or the caller cannot use. */
export class InvalidReferenceError extends BadRequestError { override name = 'InvalidReferenceError'; }
/**
 * The entity is in the wrong state for the operation (powering off a vApp that is not running, deleting one
 * that is). Cloud Director answers these 400 BAD_REQUEST, told apart only by its message, as Terraform's
 * provider and pyvcloud tell them apart.
 */
export class InvalidStateError extends BadRequestError { override name = 'InvalidStateError'; }

const BY_STATUS: Record<number, typeof VcdRequestError> = {
  400: BadRequestError, 401: UnauthorizedError, 403: ForbiddenError, 404: NotFoundError,
  405: MethodNotAllowedError, 406: NotAcceptableError, 409: ConflictError, 429: TooManyRequestsError,
  503: ServiceUnavailableError,
};

const BY_MINOR_CODE: Record<string, typeof VcdRequestError> = {
  BUSY_ENTITY: BusyEntityError, DUPLICATE_NAME: DuplicateNameError, INVALID_REFERENCE: InvalidReferenceError,
};

/** Cloud Director's messages for an operation refused in the entity's present state. */
const INVALID_STATE = /could not be executed (since|on) |is not (running|powered on|deployed|suspended)\.|is already powered on\.|does not have any (powered on|suspended) VMs|Stop the vApp and try again|is not resolved|VMware Tools is unavailable/;

/** The error class for an HTTP status, made specific by VCD's minorErrorCode (and, for a state refusal, its message). */
export function errorClassFor(status: number, minorErrorCode?: string, message = ''): typeof VcdRequestError {
  // the code is the server's: only the table's own entries count (not "constructor", say)
  const byCode = minorErrorCode !== undefined && Object.hasOwn(BY_MINOR_CODE, minorErrorCode) ? BY_MINOR_CODE[minorErrorCode] : undefined;
  if (byCode) return byCode;
  if (status === 400 && INVALID_STATE.test(message)) return InvalidStateError;
  return BY_STATUS[status] ?? (status >= 500 ? ServerError : VcdRequestError);
}

/** A lookup by name found no entity the caller can see (the cell was asked; nothing matched). */
export class EntityNotFoundError extends VcdError {
  override name = 'EntityNotFoundError';
}

/** A lookup by name found more than one entity; narrow it (e.g. by VDC or catalog) or use an href. */
export class AmbiguousNameError extends VcdError {
  override name = 'AmbiguousNameError';
  /** the hrefs (CloudAPI entities: the ids) of the entities that matched */
  readonly hrefs: string[];
  constructor(message: string, hrefs: string[]) {
    super(message);
    this.hrefs = hrefs;
  }
}

/** An OAuth token endpoint refused (RFC 6749 §5.2 `error`, e.g. invalid_grant for a revoked or reused token). */
export class OAuthError extends VcdRequestError {
  override name = 'OAuthError';
  /** the RFC 6749 / RFC 8628 error code */
  readonly error: string;
  constructor(message: string, error: string, details: RequestErrorDetails) {
    super(message, details);
    this.error = error;
  }
}

/** The session ended (expired, logged out or revoked) and the login strategy cannot log in again. */
export class SessionEndedError extends VcdError {
  override name = 'SessionEndedError';
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

/** No API version both the server and this SDK support (or a pinned version the server does not offer). */
export class VersionNegotiationError extends VcdError {
  override name = 'VersionNegotiationError';
  readonly serverVersions: string[];
  readonly clientVersions: string[];
  constructor(message: string, serverVersions: string[], clientVersions: string[]) {
    super(message);
    this.serverVersions = serverVersions;
    this.clientVersions = clientVersions;
  }
}

/** A request did not complete within its timeout. */
export class VcdTimeoutError extends VcdError {
  override name = 'VcdTimeoutError';
}

/** The server could not be reached (DNS, TCP, TLS). The TLS case says so, with the cause kept. */
export class ConnectionError extends VcdError {
  override name = 'ConnectionError';
  /** the request that failed, "METHOD url" (secrets redacted) */
  readonly request: string;
  /** set when the server's certificate was refused: Node's code for why (e.g. DEPTH_ZERO_SELF_SIGNED_CERT) */
  readonly tlsCode: string | undefined;
  constructor(message: string, cause: unknown, request = '', tlsCode?: string) {
    super(message, { cause });
    this.request = request;
    this.tlsCode = tlsCode;
  }
}

/** A task ended in error, or was canceled or aborted. */
export class TaskFailedError extends VcdError {
  override name = 'TaskFailedError';
  readonly task: unknown;
  constructor(message: string, task: unknown) {
    super(message);
    this.task = task;
  }
}
