// API version negotiation: read GET /api/versions, pick the highest version both the server and this
// SDK support (deprecated and alpha versions only when pinned), and say plainly when none fits.
import { VersionNegotiationError } from './errors.ts';
import { childText, readXml, type XmlNode } from './read-xml.ts';

/** The vCloud API versions this SDK speaks (VCD 10.0 … 10.6). */
export const SDK_API_VERSIONS: readonly string[] = [
  '30.0', '31.0', '32.0', '33.0', '34.0', '35.0', '35.2', '36.0', '36.1', '36.2', '36.3',
  '37.0', '37.1', '37.2', '38.0', '38.1', '39.0', '39.1',
];

/** One entry of the server's /api/versions. */
export interface ServerVersion {
  version: string;
  deprecated: boolean;
  /** a preview (AlphaVersion) */
  alpha: boolean;
  loginUrl?: string | undefined;
  providerLoginUrl?: string | undefined;
}

export interface NegotiationOptions {
  /** use exactly this version (it must be one the server lists; deprecated and alpha allowed) */
  apiVersion?: string | undefined;
  /** consider deprecated versions too when nothing else fits (default false) */
  allowDeprecated?: boolean | undefined;
}

/** Numeric comparison of "major.minor[.patch][-alpha]". */
export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split(/[.-]/).map(Number);
  const [bm = 0, bn = 0] = b.split(/[.-]/).map(Number);
  return am - bm || an - bn;
}

export const atLeast = (version: string, min: string) => compareVersions(version, min) >= 0;

/** Parses the SupportedVersions document (XML, as every VCD release answers it). */
export function parseSupportedVersions(xml: string): ServerVersion[] {
  let root: XmlNode | undefined;
  try {
    root = readXml(xml);
  } catch {
    // not XML at all: the same answer as any other document below
  }
  if (root?.name !== 'SupportedVersions') throw new VersionNegotiationError('GET /api/versions did not answer a SupportedVersions document; is this a Cloud Director URL?', [], [...SDK_API_VERSIONS]);
  const entry = (v: XmlNode): ServerVersion => ({
    version: childText(v, 'Version') ?? '', deprecated: v.attributes.deprecated === 'true', alpha: v.name === 'AlphaVersion',
    loginUrl: childText(v, 'LoginUrl'), providerLoginUrl: childText(v, 'ProviderLoginUrl'),
  });
  const of = (name: string) => root.children.filter((c) => c.name === name).map(entry);
  return [...of('VersionInfo'), ...of('AlphaVersion')];
}

const describe = (list: readonly ServerVersion[]) =>
  list.map((v) => `${v.version}${v.alpha ? ' (alpha)' : v.deprecated ? ' (deprecated)' : ''}`).join(', ') || 'none';

/** Picks the API version to speak, or throws a VersionNegotiationError naming both lists. */
export function negotiateVersion(server: readonly ServerVersion[], opts: NegotiationOptions = {}, client: readonly string[] = SDK_API_VERSIONS): string {
  const serverList = [...server].sort((a, b) => compareVersions(a.version, b.version));
  const names = serverList.map((v) => v.version);
  if (opts.apiVersion !== undefined) {
    if (names.includes(opts.apiVersion)) return opts.apiVersion;
    throw new VersionNegotiationError(
      `API version ${opts.apiVersion} was pinned, but the server does not offer it. Server offers: ${describe(serverList)}. `
      + `This SDK supports: ${client.join(', ')}.`, names, [...client]);
  }
  const common = serverList.filter((v) => !v.alpha && client.includes(v.version));
  const current = common.filter((v) => !v.deprecated);
  const pick = (current.length ? current : opts.allowDeprecated ? common : []).at(-1);
  if (pick) return pick.version;
  const onlyDeprecated = common.length
    ? ` Versions in common are all deprecated (${describe(common)}): pin one with apiVersion or pass allowDeprecated.` : '';
  throw new VersionNegotiationError(
    `No API version in common with the server. Server offers: ${describe(serverList)}. This SDK supports: ${client.join(', ')}.${onlyDeprecated}`,
    names, [...client]);
}
