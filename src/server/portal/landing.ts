// GET / in a browser: a page that says where the portals and the API are. Any other client (an API
// client's Accept, curl's */*) gets what it got before: the API's 404 Error document.
import type { FastifyInstance } from 'fastify';
import { PORTAL_ROUTE, sendPage } from './context.ts';
import { html } from './html.ts';

/** Whether an Accept header names HTML itself: a browser's does; a bare wildcard (curl's) asks for no page. */
export function asksForHtml(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const refused = params.some((p) => /^q=0(\.0*)?$/.test(p));
    return (type === 'text/html' || type === 'application/xhtml+xml') && !refused;
  });
}

export function landingRoutes(app: FastifyInstance): void {
  app.get('/', PORTAL_ROUTE, async (request, reply) => {
    reply.header('vary', 'Accept');
    if (!asksForHtml(request.headers.accept)) return reply.callNotFound();
    const base = request.renderContext().baseUrl;
    return sendPage(reply, { title: 'Cloud Director cell', csrf: '', base: '/', orgName: app.services.site.name }, html`
      <p>This cell answers the VMware Cloud Director API and serves its web portal.</p>
      <ul>
        <li>An organization's portal: <code>${base}/tenant/&lt;organization&gt;</code>, with the organization's name.</li>
        <li>The provider's portal (the System organization): <a href="/provider">${base}/provider</a>.</li>
        <li>The API: <code>${base}/api</code>; the versions it offers, and where each logs in, at
          <a href="/api/versions">${base}/api/versions</a>.</li>
      </ul>`);
  });
}
