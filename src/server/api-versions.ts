// The vCloud API versions a cell offers, and what each Cloud Director release offered.
// Flags follow what VCD itself reported (a captured 10.4 /api/versions and the 406 messages of 10.2,
// 10.3 and 10.5); the default listing is the union, as a current cell would answer.

export interface ApiVersion {
  version: string;
  deprecated: boolean;
}

export interface VersionCatalogue {
  versions: ApiVersion[];
  /** the next major's preview, e.g. "37.0.0-alpha"; accepted like any listed version */
  alpha?: string;
  /** the product build the release reports, as /api/admin's Description carries it */
  build: { version: string; date: string };
}

/**
 * VCD writes "<version>.<build> <build date>" into the admin root's Description; go-vcloud-director's
 * GetVcdVersion splits it at the first space and parses both halves; its date parser (dateparse.ParseStrict)
 * takes "Tue Dec 17 2024 09:34:53 UTC" but refuses a JavaScript-style "GMT+0000 (UTC)".
 */
export const buildDescription = (cat: VersionCatalogue): string => `${cat.build.version} ${cat.build.date}`;

const v = (version: string, deprecated = false): ApiVersion => ({ version, deprecated });
const range = (from: number, to: number, deprecated: boolean) =>
  Array.from({ length: to - from + 1 }, (_, i) => v(`${from + i}.0`, deprecated));

/** The newest release's build, which a cell reports unless --release names another. */
const LATEST_BUILD = { version: '10.6.1.24459227', date: 'Tue Dec 17 2024 09:34:53 UTC' };

const DEFAULT: VersionCatalogue = {
  versions: [
    v('5.1', true), v('5.5', true),
    ...range(20, 26, true), v('27.0'), v('28.0'), v('29.0', true), ...range(30, 34, false),
    v('35.0'), v('35.2'),
    v('36.0', true), v('36.1', true), v('36.2', true), v('36.3', true),
    v('37.0'), v('37.1'), v('37.2'), v('38.0'), v('38.1'), v('39.0'), v('39.1'),
  ],
  build: LATEST_BUILD,
};

export const RELEASES: Record<string, VersionCatalogue> = {
  '10.2': {
    versions: [v('30.0', true), v('31.0', true), v('32.0'), v('33.0'), v('34.0'), v('35.0'), v('35.2')],
    alpha: '36.0.0-alpha',
    build: { version: '10.2.2.17855680', date: 'Tue Mar 30 2021 16:46:10 UTC' },
  },
  '10.3': {
    versions: [v('31.0', true), v('32.0', true), v('33.0', true), v('34.0'), v('35.0'), v('35.2'),
      v('36.0'), v('36.1'), v('36.2'), v('36.3')],
    alpha: '37.0.0-alpha',
    build: { version: '10.3.3.19610595', date: 'Thu Mar 31 2022 06:18:04 UTC' },
  },
  '10.4': {
    versions: [v('5.5', true), ...range(20, 26, true), v('27.0'), v('28.0'), v('29.0', true),
      ...range(30, 35, false), v('35.2'), v('36.0'), v('36.1'), v('36.2'), v('36.3'), v('37.0'), v('37.1'), v('37.2')],
    alpha: '38.0.0-alpha',
    build: { version: '10.4.2.21954589', date: 'Thu Jun 29 2023 01:22:48 UTC' },
  },
  '10.5': {
    versions: [v('35.0', true), v('35.2', true), v('36.0', true), v('36.1', true), v('36.2', true), v('36.3', true),
      v('37.0'), v('37.1'), v('37.2'), v('38.0'), v('38.1')],
    alpha: '39.0.0-alpha',
    build: { version: '10.5.1.23400185', date: 'Wed Feb 21 2024 13:37:10 UTC' },
  },
  '10.6': {
    versions: [v('36.0', true), v('36.1', true), v('36.2', true), v('36.3', true), v('37.0', true), v('37.1', true),
      v('37.2', true), v('38.0'), v('38.1'), v('39.0'), v('39.1')],
    alpha: '40.0.0-alpha',
    build: LATEST_BUILD,
  },
};

export function versionCatalogue(release?: string): VersionCatalogue {
  if (release === undefined) return DEFAULT;
  const found = Object.hasOwn(RELEASES, release) ? RELEASES[release] : undefined;
  if (!found) throw new Error(`unknown release "${release}" (known: ${Object.keys(RELEASES).join(', ')})`);
  return found;
}

/** Numeric comparison of "major.minor" (an alpha "40.0.0-alpha" counts as 40.0). */
export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split(/[.-]/).map(Number);
  const [bm = 0, bn = 0] = b.split(/[.-]/).map(Number);
  return am - bm || an - bn;
}

export function atLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0;
}

/** VCD's own wording of the list in its 406 message: newest first, "[D]" on deprecated ones. */
export function describeSupported(cat: VersionCatalogue): string {
  const listed = [...cat.versions].sort((a, b) => compareVersions(b.version, a.version))
    .map((x) => (x.deprecated ? `${x.version} [D]` : x.version));
  if (cat.alpha) listed.unshift(cat.alpha);
  return `[${listed.join(', ')}] ([D] indicates deprecated versions)`;
}

/** Whether a catalogue offers a version; asked on every request, so each catalogue's answer is a Set. */
export function isSupported(cat: VersionCatalogue, version: string): boolean {
  let offered = offeredSets.get(cat);
  if (!offered) {
    offered = new Set([...cat.versions.map((x) => x.version), ...(cat.alpha ? [cat.alpha] : [])]);
    offeredSets.set(cat, offered);
  }
  return offered.has(version);
}

const offeredSets = new WeakMap<VersionCatalogue, Set<string>>();
