// Sign-in per org (/tenant/{org}) and for the provider (/provider): the password, then the code of an
// enrolled user, or the enrolment that an org's policy requires; sign-out. The session is the API's own
// (the session service), named by an HttpOnly cookie.
import type { FastifyInstance, FastifyReply, RouteHandlerMethod } from 'fastify';
import QRCode from 'qrcode';
import { VcdError } from '../errors.ts';
import { isSystemOrgName } from '../inventory/policy.ts';
import type { Opened } from '../services/sign-in.ts';
import { TICKET_MINUTES } from '../services/sign-in.ts';
import { baseOf, field, redirect, sendPage, type Place, type PortalRequest, type portalContext } from './context.ts';
import { PORTAL_ROUTE } from './context.ts';
import { html, trusted, type Html } from './html.ts';
import { alert, csrfField } from './layout.ts';
import { checkCsrf, clearCookie, COOKIE, cookies, portalSession, setCookie } from './security.ts';

const CODE_INPUT = html`<input class="clr-input" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="64" spellcheck="false">`;

export function signInRoutes(app: FastifyInstance, ctx: ReturnType<typeof portalContext>): void {
  const { sessions, signIn, sealer } = app.services;

  const signInForm = (at: Place, message?: string) => html`
    <p>Sign in to ${isSystemOrgName(at.org.name) ? 'the provider portal' : html`the organization <strong>${at.org.name}</strong>`}.</p>
    ${message ? alert('danger', message) : ''}
    <form method="post" action="${at.base}/sign-in" class="clr-form clr-form-horizontal">
      ${csrfField(at)}
      <div class="clr-form-control"><label class="clr-control-label" for="username">Username</label>
        <div class="clr-control-container"><input class="clr-input" id="username" name="username" type="text" autocomplete="username" required maxlength="128"></div></div>
      <div class="clr-form-control"><label class="clr-control-label" for="password">Password</label>
        <div class="clr-control-container"><input class="clr-input" id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"></div></div>
      <button type="submit" class="btn btn-primary">Sign in</button>
    </form>`;

  const codeForm = (at: Place, user: string, message?: string) => html`
    <p>Signing in as <strong>${user}@${at.org.name}</strong>. Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
    ${message ? alert('danger', message) : ''}
    ${codeEntry(at, `${at.base}/sign-in/code`, 'Verify')}`;

  const enrolForm = (at: Place, action: string, secret: string, uri: string, message?: string) =>
    enrolmentForm(at, action, { secret, uri }, 'Your organization requires a second factor.', message);

  const signedInTo = (request: PortalRequest, reply: FastifyReply, at: Place, opened: Opened) => {
    setCookie(request, reply, COOKIE.session, opened.token);
    clearCookie(request, reply, COOKIE.signIn);
    return at;
  };

  const ticketOf = (request: PortalRequest) => cookies(request).get(COOKIE.signIn);

  /** GET /tenant/{org}, /provider: the sign-in form, or the API page for who is signed in here. */
  const start: RouteHandlerMethod = async (req, reply) => {
    const request = req as PortalRequest;
    const at = await ctx.place(request, reply);
    const live = await portalSession(sessions, request);
    if (live?.session.orgId === at.org.id) return redirect(reply, `${at.base}/api`);
    return sendPage(reply, { ...at, title: 'Sign in' }, signInForm(at));
  };

  const password: RouteHandlerMethod = async (req, reply) => {
    const request = req as PortalRequest;
    checkCsrf(sealer, request, request.body?._csrf);
    const at = await ctx.place(request, reply);
    const creds = { user: field(request, 'username', 128), org: at.org.name, password: field(request, 'password') };
    try {
      const step = await signIn.password(creds, isSystemOrgName(at.org.name) ? 'provider' : 'tenant', request.ip);
      if ('opened' in step) return redirect(reply, `${signedInTo(request, reply, at, step.opened).base}/api`);
      setCookie(request, reply, COOKIE.signIn, step.ticket, TICKET_MINUTES * 60);
      return redirect(reply, `${at.base}/sign-in/${step.next}`);
    } catch (err) {
      if (err instanceof VcdError && err.status === 401) return sendPage(reply, { ...at, title: 'Sign in' }, signInForm(at, 'Invalid username or password.'), 401);
      throw err;
    }
  };

  const codePage: RouteHandlerMethod = async (req, reply) => {
    const request = req as PortalRequest;
    const at = await ctx.place(request, reply);
    const pending = await signIn.peek(ticketOf(request));
    if (pending?.next !== 'code' || pending.org !== at.org.name) return redirect(reply, at.base);
    return sendPage(reply, { ...at, title: 'Verify it is you' }, codeForm(at, pending.user));
  };

  /** A refused code: the form again while the ticket lives, else the password again. */
  const refused = async (request: PortalRequest, reply: FastifyReply, at: Place, err: unknown, again: (user: string, message: string) => Promise<Html> | Html) => {
    if (!(err instanceof VcdError) || err.status !== 401) throw err;
    const pending = await signIn.peek(ticketOf(request));
    if (!pending) {
      clearCookie(request, reply, COOKIE.signIn);
      return sendPage(reply, { ...at, title: 'Sign in' }, signInForm(at, err.message), 401);
    }
    return sendPage(reply, { ...at, title: 'Verify it is you' }, await again(pending.user, err.message), 401);
  };

  const code: RouteHandlerMethod = async (req, reply) => {
    const request = req as PortalRequest;
    checkCsrf(sealer, request, request.body?._csrf);
    const at = await ctx.place(request, reply);
    try {
      const opened = await signIn.code(ticketOf(request) ?? '', field(request, 'code', 64), request.ip);
      return redirect(reply, `${signedInTo(request, reply, at, opened).base}/api`);
    } catch (err) {
      return refused(request, reply, at, err, (user, message) => codeForm(at, user, message));
    }
  };

  const enrolPage: RouteHandlerMethod = async (req, reply) => {
    const request = req as PortalRequest;
    const at = await ctx.place(request, reply);
    const ticket = ticketOf(request);
    const pending = await signIn.peek(ticket);
    if (pending?.next !== 'enrol' || pending.org !== at.org.name) return redirect(reply, at.base);
    const enrolment = await signIn.enrolment(ticket!);
    return sendPage(reply, { ...at, title: 'Set up multi-factor authentication' }, await enrolForm(at, `${at.base}/sign-in/enrol`, enrolment.secret, enrolment.uri));
  };

  const enrol: RouteHandlerMethod = async (req, reply) => {
    const request = req as PortalRequest;
    checkCsrf(sealer, request, request.body?._csrf);
    const at = await ctx.place(request, reply);
    const ticket = ticketOf(request) ?? '';
    try {
      const opened = await signIn.enrol(ticket, field(request, 'code', 64), request.ip);
      signedInTo(request, reply, at, opened);
      return sendPage(reply, { ...at, title: 'Recovery codes', session: opened.session }, recoveryCodes(at.base, opened.recoveryCodes));
    } catch (err) {
      return refused(request, reply, at, err, async (_user, message) => {
        const e = await signIn.enrolment(ticket);
        return enrolForm(at, `${at.base}/sign-in/enrol`, e.secret, e.uri, message);
      });
    }
  };

  const signOut: RouteHandlerMethod = async (req, reply) => {
    const request = req as PortalRequest;
    checkCsrf(sealer, request, request.body?._csrf);
    const live = await portalSession(sessions, request);
    if (live) await sessions.close(live.session);
    clearCookie(request, reply, COOKIE.session);
    const org = live && await app.services.identity.getOrg(live.session.orgId);
    return redirect(reply, org ? baseOf(org) : '/provider');
  };

  for (const base of ['/tenant/:org', '/provider']) {
    app.get(base, PORTAL_ROUTE, start);
    app.post(`${base}/sign-in`, PORTAL_ROUTE, password);
    app.get(`${base}/sign-in/code`, PORTAL_ROUTE, codePage);
    app.post(`${base}/sign-in/code`, PORTAL_ROUTE, code);
    app.get(`${base}/sign-in/enrol`, PORTAL_ROUTE, enrolPage);
    app.post(`${base}/sign-in/enrol`, PORTAL_ROUTE, enrol);
  }
  app.post('/portal/sign-out', PORTAL_ROUTE, signOut);
}

/** A form asking for a code: 6 digits, or a recovery code. */
const codeEntry = (at: Pick<Place, 'csrf'>, action: string, button: string) => html`
  <form method="post" action="${action}" class="clr-form clr-form-horizontal">${csrfField(at)}
    <div class="clr-form-control"><label class="clr-control-label" for="code">Code</label>
      <div class="clr-control-container">${CODE_INPUT}</div></div>
    <button type="submit" class="btn btn-primary">${button}</button></form>`;

/** An enrolment to confirm: its QR code, its key typed out (with a copy button), and the code form. */
export const enrolmentForm = async (at: Pick<Place, 'csrf'>, action: string, e: { secret: string; uri: string }, intro: string, message?: string): Promise<Html> => html`
  <p>${intro} Scan this QR code with an authenticator app (or type the key), then enter the code it shows.</p>
  ${message ? alert('danger', message) : ''}
  <figure class="portal-qr" role="img" aria-label="QR code of the authenticator key">${trusted(await QRCode.toString(e.uri, { type: 'svg', margin: 1, width: 200 }))}</figure>
  <p>Key: <code id="totp-secret" class="portal-secret">${e.secret}</code> <button type="button" class="btn btn-sm btn-outline" data-copy="totp-secret">Copy</button></p>
  ${codeEntry(at, action, 'Confirm')}`;

/** The recovery codes, shown once, right after an enrolment is confirmed. */
export const recoveryCodes = (base: string, codes: string[]) => html`
  ${alert('warning', 'Save these recovery codes now: each signs you in once if you lose your authenticator, and they are not shown again.')}
  <pre id="recovery-codes" class="portal-secret">${codes.join('\n')}</pre>
  <p><button type="button" class="btn btn-outline" data-copy="recovery-codes">Copy codes</button>
  <a class="btn btn-primary" href="${base}/api">Continue</a></p>`;
