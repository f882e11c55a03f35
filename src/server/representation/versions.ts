import { el, textEl, NS, type VcdDocument } from './element.ts';
import type { VersionCatalogue, ApiVersion } from '../api-versions.ts';
import { atLeast } from '../api-versions.ts';

function versionInfo(name: string, baseUrl: string, v: ApiVersion) {
  const cloudapiLogin = atLeast(v.version, '36.0');
  return el(name, { deprecated: v.deprecated }, [
    textEl('Version', v.version),
    textEl('LoginUrl', `${baseUrl}${cloudapiLogin ? '/cloudapi/1.0.0/sessions' : '/api/sessions'}`),
    cloudapiLogin ? textEl('ProviderLoginUrl', `${baseUrl}/cloudapi/1.0.0/sessions/provider`) : undefined,
  ]);
}

/**
 * GET /api/versions: VCD lists ProviderLoginUrl only from 36.0, as the real servers do. No SchemaRoot: it is
 * optional (versions.xsd), a real 10.4 omits it, and the cell serves no XSDs for it to point at.
 */
export function supportedVersions(baseUrl: string, cat: VersionCatalogue): VcdDocument {
  return {
    mediaType: 'vcloud.versions',
    namespace: NS.versions,
    root: el('SupportedVersions', {}, [
      cat.versions.map((v) => versionInfo('VersionInfo', baseUrl, v)),
      cat.alpha ? versionInfo('AlphaVersion', baseUrl, { version: cat.alpha, deprecated: false }) : undefined,
    ]),
  };
}
