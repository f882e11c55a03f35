// One catalogue of the errors the cell answers with. Each maps to the HTTP status (VCD's majorErrorCode)
// and VCD's minorErrorCode; the edge renders them as VCD Error documents (XML or JSON).

export class VcdError extends Error {
  readonly status: number;
  readonly minorErrorCode: string;
  readonly headers: Record<string, string>;
  constructor(status: number, minorErrorCode: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'VcdError';
    this.status = status;
    this.minorErrorCode = minorErrorCode;
    this.headers = headers;
  }
}

export const errors = {
  badRequest: (message: string) => new VcdError(400, 'BAD_REQUEST', message),
  invalidReference: (message: string) => new VcdError(400, 'INVALID_REFERENCE', message),
  duplicateName: (message: string) => new VcdError(400, 'DUPLICATE_NAME', message),
  /** a task (or a race for the entity) holds it: VCD answers 400 BUSY_ENTITY, and the same request may succeed later */
  busyEntity: (message: string) => new VcdError(400, 'BUSY_ENTITY', message),
  unauthorized: (message = 'Unauthorized') => new VcdError(401, 'UNAUTHORIZED', message),
  authorizationRequired: () =>
    new VcdError(403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', 'This operation is denied: the request has no Authorization header.'),
  forbidden: (message = 'Access is forbidden') => new VcdError(403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', message),
  notFound: (message = 'The requested resource was not found.') => new VcdError(404, 'RESOURCE_NOT_FOUND', message),
  methodNotAllowed: (method: string, allowed: string[]) =>
    new VcdError(405, 'METHOD_NOT_ALLOWED', `HTTP method ${method} is not supported for this resource.`,
      { allow: allowed.join(', ') }),
  /** POST /api/sessions is gone from API 38.0 on, as in VCD 10.5 (the edge adds Allow) */
  legacyLoginRemoved: (version: string) =>
    new VcdError(405, 'METHOD_NOT_ALLOWED',
      `POST /api/sessions is not available in API version ${version}; log in at /cloudapi/1.0.0/sessions (or /sessions/provider).`),
  notAcceptable: (message: string) => new VcdError(406, 'NOT_ACCEPTABLE', message),
  payloadTooLarge: (message: string) => new VcdError(413, 'BAD_REQUEST', message),
  unsupportedMediaType: (message: string) => new VcdError(415, 'UNSUPPORTED_MEDIA_TYPE', message),
  /** a request body that stopped arriving (--body-timeout); the connection is closed after the answer */
  bodyTimeout: (seconds: number) =>
    new VcdError(408, 'BAD_REQUEST', `The request body stopped arriving: no byte of it for ${seconds} s.`, { connection: 'close' }),
  internal: () => new VcdError(500, 'INTERNAL_SERVER_ERROR', 'An internal error occurred.'),
  /** the store is out of reach (a lost database connection); nothing the client did, so worth a retry */
  storeUnavailable: () =>
    new VcdError(503, 'SERVICE_UNAVAILABLE', 'The cell lost its connection to the database; try again.', { 'retry-after': '1' }),
} as const;

const MINOR_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', 404: 'RESOURCE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED', 406: 'NOT_ACCEPTABLE', 413: 'BAD_REQUEST', 415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** A 4xx another part (Fastify: a body too large, bad JSON, a schema) raised with its own message, as VCD's error. */
export function clientError(status: number, message: string): VcdError {
  return new VcdError(status, MINOR_BY_STATUS[status] ?? 'BAD_REQUEST', message);
}

const QUOTE_MAX = 64;

/** Request input as an error message may quote it: a string cut short, anything else only named. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX)}…` : value);
  if (value === null || value === undefined) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
