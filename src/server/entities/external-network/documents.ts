// The extension's VMWExternalNetwork (/api/admin/extension/externalnet/{id}): NetworkType's description and
// configuration (an IpScope per subnet, isolated, as Cloud Director shows a Tier-0 backed network); its NSX-T
// backing has no element in the XSD (VimPortGroupRef names vCenter port groups only).
import { href, mediaType, type RenderContext } from '../../representation/context.ts';
import { el, NS, textEl, type VcdDocument } from '../../representation/element.ts';
import { link } from '../../representation/session.ts';
import { ipScope } from '../network/documents.ts';
import { inVcloud } from '../provider-vdc/documents.ts';
import { externalNetworkPath, type ExternalSubnet } from './service.ts';
import { urn } from '../../ids.ts';
import { EXTERNAL_NETWORK_URN } from './type.ts';

const FAMILY = 'admin.vmwexternalnet';

export function externalNetworkDocument(ctx: RenderContext, n: { id: string; name: string; description: string; subnets: ExternalSubnet[] }): VcdDocument {
  return {
    mediaType: FAMILY,
    namespace: NS.extension,
    root: el('VMWExternalNetwork', { 'xmlns:vcloud': NS.vcloud, href: href(ctx, externalNetworkPath(n.id)), id: urn(EXTERNAL_NETWORK_URN, n.id), type: mediaType(ctx, FAMILY), name: n.name }, [
      [inVcloud(link(ctx, 'up', '/api/admin/extension/externalNetworkReferences', 'admin.vmwExternalNetworkReferences'))],
      inVcloud(textEl('Description', n.description)),
      inVcloud(el('Configuration', {}, [
        el('IpScopes', {}, [n.subnets.map((s) => ipScope(s))]),
        textEl('FenceMode', 'isolated'),
        textEl('RetainNetInfoAcrossDeployments', false),
      ])),
    ]),
  };
}
