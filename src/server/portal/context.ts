// What every portal route shares: the org a path names, the signed-in user behind the cookie (and that
// the path is theirs), form fields (bounded), and how a page or a redirect is answered.
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { isSystemOrgName } from '../inventory/policy.ts';
import { errors, VcdError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import type { Org } from '../services/identity.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../services/listing.ts';
import type { Services } from '../services/index.ts';
import type { Session } from '../inventory/principal.ts';
import { alert, page, type Frame } from './layout.ts';
import { html, type Html } from './html.ts';
import { csrfToken, checkCsrf, PAGE_HEADERS, portalSession } from './security.ts';

export interface PortalRequest extends FastifyRequest {
  params: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

/** A page's frame before its title: where it is, for whom, and its form token. */
export type Place = Omit<Frame, 'title'> & { org: Org };
export type SignedIn = Place & { session: Session; token: string };

export const MAX_FIELD = 1024;

/** Every portal route: no bearer token or API Accept header (the cookie is checked here), and small forms. */
export const PORTAL_ROUTE = { config: { public: true, anyAccept: true }, bodyLimit: 16 * 1024 } as const;

/** The portal's address for an org: /provider for System, else /tenant/{name}. */
export const baseOf = (org: Pick<Org, 'name'>) => (isSystemOrgName(org.name) ? '/provider' : `/tenant/${encodeURIComponent(org.name)}`);

export function sendPage(reply: FastifyReply, frame: Frame, content: Html, status = 200): FastifyReply {
  return reply.code(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(page(frame, content));
}

/** After a form: see other (303), so that a reload does not post again. */
export const redirect = (reply: FastifyReply, to: string) => reply.code(303).headers(PAGE_HEADERS).redirect(to, 303);

/** A form field as text, trimmed; missing is ''; longer than `max` is a 400. */
export function field(request: PortalRequest, name: string, max = MAX_FIELD): string {
  const value = request.body?.[name];
  if (value === undefined) return '';
  if (typeof value !== 'string' || value.length > max) throw errors.badRequest(`The field "${name}" is too long or repeated.`);
  return value.trim();
}

/** Every value of a field that may repeat (checkboxes), bounded in count and length. */
export function fields(request: PortalRequest, name: string, maxCount = 1000): string[] {
  const value = request.body?.[name];
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (list.length > maxCount || list.some((v) => typeof v !== 'string' || v.length > MAX_FIELD)) throw errors.badRequest(`The field "${name}" is malformed.`);
  return list as string[];
}

/** The page of a paged list the query string asks for (`page`, from 1); anything but a page number is a 400. */
export function pageNumber(request: FastifyRequest): number {
  const page = (request.query as Record<string, unknown> | undefined)?.page;
  if (page === undefined) return 1;
  if (typeof page !== 'string' || !/^[1-9][0-9]{0,5}$/.test(page)) throw errors.badRequest('The page number is not valid.');
  return Number(page);
}

/**
 * A role's or bundle's rights, all on one page: they come from the fixed rights catalogue, which is smaller
 * than the largest page (test/portal-paging.test.ts holds it so), and the page offers the rest to add.
 */
export const EVERY_RIGHT = { page: 1, pageSize: MAX_PAGE_SIZE };

/** The page of a list the query string asks for, of the portal's page size. */
export const pageOf = (request: FastifyRequest) => ({ page: pageNumber(request), pageSize: DEFAULT_PAGE_SIZE });

/** The org a /tenant/{org}/… path names, for a page no route matched (undefined: none, or not decodable). */
function tenantInPath(url: string): string | undefined {
  const segment = /^\/tenant\/([^/?#]+)/.exec(url)?.[1];
  try {
    return segment === undefined ? undefined : decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function portalContext(services: Services) {
  const { identity, sessions, sealer } = services;

  /** The org a portal path names: /provider is System; /tenant/{org} a tenant (System there is 404). */
  async function orgOf(request: PortalRequest): Promise<Org> {
    const name = request.params.org;
    const org = await identity.findOrgByName(name ?? 'System');
    if (!org || (name !== undefined && isSystemOrgName(org.name))) throw errors.notFound('There is no such organization.');
    return org;
  }

  /** The org a provider's path names by id (/provider/organizations/{id}/…). */
  async function tenantOrg(request: PortalRequest): Promise<Org> {
    const id = request.params.id ?? '';
    const org = isUuid(id) ? await identity.getOrg(id.toLowerCase()) : undefined;
    if (!org) throw errors.notFound('There is no such organization.');
    return org;
  }

  async function place(request: PortalRequest, reply: FastifyReply): Promise<Place> {
    const org = await orgOf(request);
    return { org, orgName: org.name, base: baseOf(org), csrf: csrfToken(sealer, request, reply) };
  }

  /**
   * A page for the signed-in user of the org its path names. Without a session: back to sign-in. Signed in
   * elsewhere (a tenant at /provider, another org's user): 403. A POST's CSRF token is checked first.
   */
  function signedIn(handler: (request: PortalRequest, reply: FastifyReply, at: SignedIn) => Promise<unknown>): RouteHandlerMethod {
    return async (req, reply) => {
      const request = req as PortalRequest;
      if (request.method === 'POST') checkCsrf(sealer, request, request.body?._csrf);
      const at = await place(request, reply);
      const live = await portalSession(sessions, request);
      if (!live) return redirect(reply, at.base);
      if (live.session.orgId !== at.org.id) {
        throw errors.forbidden(`You are signed in to ${live.session.orgName}; this page belongs to ${at.org.name}.`);
      }
      return handler(request, reply, { ...at, session: live.session, token: live.token });
    };
  }

  /** The error page: a VcdError keeps its status and message; anything else is a plain 500. */
  function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const status = (err as { statusCode?: number }).statusCode;
    const e = err instanceof VcdError ? err
      : status === 413 ? errors.payloadTooLarge('The form is too large.')
      : status === 415 ? errors.unsupportedMediaType('Forms are posted as application/x-www-form-urlencoded.')
      : status !== undefined && status >= 400 && status < 500 ? errors.badRequest('The request is malformed.')
      : errors.internal();
    const org = (request.params as Record<string, string> | undefined)?.org ?? tenantInPath(request.url);
    const base = org === undefined ? '/provider' : `/tenant/${encodeURIComponent(org)}`;
    const title = e.status === 403 ? 'Not allowed' : e.status === 404 ? 'Not found' : e.status < 500 ? 'Not done' : 'Something went wrong';
    return sendPage(reply, { title, csrf: '', base, orgName: org ?? 'Provider' },
      html`${alert('danger', e.message)}<p><a href="${base}">Back to the portal</a></p>`, e.status);
  }

  return { orgOf, tenantOrg, place, signedIn, sendError };
}
