// Content negotiation: every /api and /cloudapi request names an API version in Accept
// (application/*+xml;version=N, a vnd type, *+json, application/json, application/*). The version
// must be one this cell offers, else 406 as VCD answers. /api/versions and /oauth take any Accept.
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { describeSupported, isSupported, type VersionCatalogue } from '../../api-versions.ts';
import { errors } from '../../errors.ts';
import type { Format } from '../../representation/serialize.ts';
import { serialize } from '../../representation/serialize.ts';
import type { VcdDocument } from '../../representation/element.ts';
import type { RenderContext } from '../../representation/context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** the negotiated API version; '' where the route does not negotiate */
    apiVersion: string;
    /** representation asked for in Accept */
    format: Format;
    renderContext(): RenderContext;
  }
  interface FastifyReply {
    /** Sends a legacy /api document as XML or JSON, per Accept, with ;version=N in Content-Type. */
    sendDocument(doc: VcdDocument): FastifyReply;
    /** Sends a CloudAPI JSON body with ;version=N in Content-Type. */
    sendCloud(body: unknown): FastifyReply;
  }
  interface FastifyContextConfig {
    /** this route answers whatever Accept says (e.g. /api/versions, /oauth) */
    anyAccept?: boolean;
  }
}

export interface NegotiationOptions {
  catalogue: VersionCatalogue;
  publicUrl?: string | undefined;
}

interface Accepted {
  version: string | undefined;
  format: Format;
}

/** Reads the first media range that names a version (or the first at all) from an Accept header. */
export function parseAccept(accept: string | undefined): Accepted {
  // Clients send the same few Accept headers over and over; remember their readings (bounded).
  const key = accept ?? '';
  let accepted = acceptCache.get(key);
  if (!accepted) {
    accepted = readAccept(key);
    if (acceptCache.size >= ACCEPT_CACHE_SIZE) acceptCache.clear();
    acceptCache.set(key, accepted);
  }
  return accepted;
}

const ACCEPT_CACHE_SIZE = 256;
const acceptCache = new Map<string, Accepted>();

function readAccept(accept: string): Accepted {
  const ranges = accept.split(',').map((r) => r.trim()).filter(Boolean);
  let chosen: Accepted | undefined;
  for (const range of ranges) {
    const [type = '', ...params] = range.split(';').map((p) => p.trim());
    const versionParam = params.find((p) => /^version\s*=/i.test(p));
    const version = versionParam?.slice(versionParam.indexOf('=') + 1).trim().replace(/^"|"$/g, '');
    const format: Format = /json$/i.test(type) ? 'json' : 'xml';
    if (version !== undefined) return { version, format };
    chosen ??= { version: undefined, format };
  }
  return chosen ?? { version: undefined, format: 'xml' };
}

/** The representation a request gets: always JSON under /cloudapi, else as Accept asks. */
export function formatOf(request: FastifyRequest, accepted = parseAccept(request.headers.accept)): Format {
  return request.url.startsWith('/cloudapi/') ? 'json' : accepted.format;
}

const asIs = (text: string) => text;

/**
 * Sends text with exactly this Content-Type. Fastify rewrites a JSON content type given with a string
 * body to `application/json; version="N"; charset=utf-8`, unless a serializer is set; VCD clients
 * expect VCD's own `;version=N`. (A Buffer body would also keep it, but costs a second socket write.)
 */
export function sendWithType(reply: FastifyReply, contentType: string, text: string): FastifyReply {
  return reply.header('content-type', contentType).serializer(asIs).send(text);
}

/**
 * Content types with their ;version=N, made once per media type family, format and version (nested maps,
 * so no key string is built per request). Besides sparing the concatenation, a string kept from one
 * response to the next carries its hash, which Fastify's content-type cache looks up on every send.
 * The family '' stands for CloudAPI's plain application/json.
 */
class ContentTypes {
  readonly #byFamily = new Map<string, Map<Format, Map<string, string>>>();

  get(family: string, format: Format, version: string): string {
    let byFormat = this.#byFamily.get(family);
    if (!byFormat) this.#byFamily.set(family, (byFormat = new Map()));
    let byVersion = byFormat.get(format);
    if (!byVersion) byFormat.set(format, (byVersion = new Map()));
    let type = byVersion.get(version);
    if (!type) {
      const base = family ? `application/vnd.vmware.${family}+${format}` : 'application/json';
      byVersion.set(version, (type = version ? `${base};version=${version}` : base));
    }
    return type;
  }
}

export default fp(async function negotiation(app, opts: NegotiationOptions) {
  const supported = describeSupported(opts.catalogue);
  const contentTypes = new ContentTypes();

  app.decorateRequest('apiVersion', '');
  app.decorateRequest('format', 'xml');
  // Without --public-url, hrefs are built on the Host header, so it must make a URL (RFC 9112 §3.2:
  // 400 otherwise). Clients send the same Host over and over: the last good one is remembered.
  let goodBase = '';
  app.decorateRequest('renderContext', function (this: FastifyRequest): RenderContext {
    const baseUrl = opts.publicUrl ?? `${this.protocol}://${this.host}`;
    if (baseUrl !== goodBase) {
      if (!URL.canParse(baseUrl) || new URL(baseUrl).pathname !== '/') throw errors.badRequest('The Host header does not name a valid host.');
      goodBase = baseUrl;
    }
    return { baseUrl, format: this.format, version: this.apiVersion };
  });

  // Each route gets the hook it needs when it is added, rather than every request asking its route:
  // most routes demand a supported version, a few (discovery, OAuth) take any Accept. Paths with no
  // route read their format in the not-found handler.
  const takeAnyAccept: onRequestHookHandler = (request, _reply, done) => {
    request.format = formatOf(request);
    done();
  };
  const negotiate: onRequestHookHandler = (request, _reply, done) => {
    const accepted = parseAccept(request.headers.accept);
    request.format = formatOf(request, accepted);
    if (!accepted.version || !isSupported(opts.catalogue, accepted.version)) {
      return done(errors.notAcceptable(
        `The request has invalid accept header: Invalid API version requested. Supported API versions are: ${supported}`));
    }
    request.apiVersion = accepted.version;
    done();
  };
  app.addHook('onRoute', (route) => {
    route.onRequest = [...[route.onRequest ?? []].flat(), route.config?.anyAccept ? takeAnyAccept : negotiate];
  });

  app.decorateReply('sendDocument', function (this: FastifyReply, doc: VcdDocument) {
    const { format, apiVersion } = this.request;
    const type = contentTypes.get(doc.mediaType, format, apiVersion);
    return sendWithType(this, type, serialize(doc, format));
  });

  app.decorateReply('sendCloud', function (this: FastifyReply, body: unknown) {
    return sendWithType(this, contentTypes.get('', 'json', this.request.apiVersion), JSON.stringify(body));
  });
}, { name: 'vcdkit-negotiation' });
