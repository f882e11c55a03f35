// Turns a failed response into the right VcdRequestError subclass, reading VCD's Error document
// (CloudAPI JSON, legacy JSON or XML) or an OAuth error body.
import { errorClassFor, OAuthError, type VcdRequestError } from './errors.ts';
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
  const Class = errorClassFor(res.status, details.minorErrorCode, body.message);
  return new Class(message, details);
}
