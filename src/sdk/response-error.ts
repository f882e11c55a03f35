// Turns a failed response into the right VcdRequestError subclass, reading VCD's Error document
// (CloudAPI JSON, legacy JSON or XML) or an OAuth error body.
import { errorClassFor, NotFoundError, OAuthError, type VcdRequestError } from './errors.ts';
import { readXml } from './read-xml.ts';
import type { HttpResponse } from './transport.ts';

interface ErrorBody {
  minorErrorCode?: string | undefined;
  message?: string | undefined;
  /** RFC 6749 §5.2 */
  error?: string | undefined;
  error_description?: string | undefined;
}

function parseErrorBody(res: HttpResponse): ErrorBody {
  const type = res.headers.get('content-type') ?? '';
  try {
    if (/json/i.test(type)) return JSON.parse(res.text) as ErrorBody;
    if (/xml/i.test(type)) {
      const root = readXml(res.text);
      return root.name === 'Error' ? root.attributes : {};
    }
  } catch {
    // an unparseable error body is reported as text below
  }
  return {};
}

/** The error to throw for a response with status >= 400. */
export function requestError(res: HttpResponse): VcdRequestError {
  const body = parseErrorBody(res);
  const requestId = res.headers.get('x-vmware-vcloud-request-id') ?? undefined;
  const path = new URL(res.request.url).pathname;
  const details = {
    status: res.status, minorErrorCode: body.minorErrorCode ?? body.error, requestId, request: res.request, body: res.text,
  };
  const what = body.message ?? body.error_description ?? (res.text.slice(0, 200) || res.statusText);
  const code = details.minorErrorCode ? ` ${details.minorErrorCode}` : '';
  const message = `${res.request.method} ${path} → ${res.status}${code}: ${what}${requestId ? ` (request id ${requestId})` : ''}`;
  if (body.error && /^\/oauth\//.test(path)) return new OAuthError(message, body.error, details);
  if (absentEntity(res.request.method, path, res.status, details.minorErrorCode)) return new NotFoundError(message, details);
  const Class = errorClassFor(res.status, details.minorErrorCode, body.message);
  return new Class(message, details);
}

/** A CloudAPI entity's own path: /cloudapi/<version>/<collection>/urn:vcloud:<type>:<id>. */
const CLOUDAPI_ENTITY = /^\/cloudapi\/[^/]+\/[^/]+\/urn(?::|%3a)vcloud(?::|%3a)[^/]+$/i;

/**
 * The CloudAPI answers a GET of an entity that does not exist, or that the caller may not see, with 403
 * ACCESS_TO_RESOURCE_IS_FORBIDDEN (go-vcloud-director reads it as "not found"): the SDK reports it as NotFoundError,
 * status and code kept.
 */
function absentEntity(method: string, path: string, status: number, minorErrorCode: string | undefined): boolean {
  return method === 'GET' && status === 403 && minorErrorCode === 'ACCESS_TO_RESOURCE_IS_FORBIDDEN' && CLOUDAPI_ENTITY.test(path);
}
