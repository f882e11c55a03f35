import { el, NS, type VcdDocument } from './element.ts';
import { href, mediaType, type RenderContext } from './context.ts';
import type { ResolvedEntity } from '../inventory/registry.ts';

/** The Entity document (named by its URN, as VCD does): one rel="alternate" link per representation that exists. */
export function entityDocument(ctx: RenderContext, e: ResolvedEntity): VcdDocument {
  return {
    mediaType: 'vcloud.entity',
    namespace: NS.vcloud,
    root: el('Entity', { href: href(ctx, `/api/entity/${e.urn}`), type: mediaType(ctx, 'vcloud.entity'), id: e.urn, name: e.urn }, [
      e.references.map((r) => el('Link', { rel: 'alternate', href: href(ctx, r.path), type: mediaType(ctx, r.family) })),
    ]),
  };
}
