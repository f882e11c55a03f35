// The README's fenced code blocks, as a reader meets them: where each is, its language, its text (list
// indentation removed), and the `<!-- readme-test: … -->` marker on the line before it, if any. Also the
// sample values the README's banner shows, which a reader replaces with what their own cell printed.

/** What a marker asks of the test: not to run the block (and why), or to read it as the cell's banner. */
export type Marker =
  | { kind: 'skip'; reason: string }
  | { kind: 'banner' }
  | { kind: 'needs'; command: string };

export interface Block {
  /** 1-based line of the opening fence */
  line: number;
  /** the fence's info string, lower case ('' when none) */
  lang: string;
  code: string;
  marker?: Marker | undefined;
}

const FENCE = /^( *)(`{3,})\s*([^\s`]*)/;
const MARKER = /^\s*<!--\s*readme-test:\s*(.*?)\s*-->\s*$/;

/** `skip (why)`, `banner`, `needs <command>`; anything else is a mistake in the README, said as such. */
export function parseMarker(text: string): Marker {
  const skip = /^skip\s*\((.+)\)$/.exec(text);
  if (skip) return { kind: 'skip', reason: skip[1]! };
  if (text === 'banner') return { kind: 'banner' };
  const needs = /^needs\s+(\S+)$/.exec(text);
  if (needs) return { kind: 'needs', command: needs[1]! };
  throw new Error(`unknown readme-test marker "${text}": use "skip (why)", "banner" or "needs <command>"`);
}

export function readmeBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, ticks, info] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^ *${ticks}\\s*$`).test(lines[j]!); j++) {
      body.push(lines[j]!.startsWith(indent!) ? lines[j]!.slice(indent!.length) : lines[j]!.trimStart());
    }
    if (j === lines.length) throw new Error(`README.md:${i + 1}: the code block is never closed`);
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const marker = before >= 0 ? MARKER.exec(lines[before]!) : null;
    blocks.push({ line: i + 1, lang: info!.toLowerCase(), code: `${body.join('\n')}\n`, marker: marker ? parseMarker(marker[1]!) : undefined });
    i = j;
  }
  return blocks;
}

/** A cell's banner: where it listens and the passwords it made, by `user@org`. */
export interface Banner {
  origin: string;
  passwords: Map<string, string>;
}

export function parseBanner(text: string): Banner {
  const origin = /cell listening on (https?:\/\/\S+)/.exec(text)?.[1];
  if (!origin) throw new Error(`no "cell listening on" line in:\n${text}`);
  return { origin, passwords: new Map([...text.matchAll(/created (\S+@\S+) {2}password: (\S+)/g)].map(([, account, pw]) => [account!, pw!])) };
}

/**
 * What a reader does with the README's sample values: where the sample banner's address and passwords appear,
 * they type their own cell's. `from` and `to` must name the same accounts.
 */
export function localise(text: string, from: Banner, to: Banner): string {
  let out = text.split(from.origin).join(to.origin);
  for (const [account, sample] of from.passwords) {
    const own = to.passwords.get(account);
    if (own === undefined) throw new Error(`one banner shows a password for ${account}, the other none`);
    out = out.split(sample).join(own);
  }
  return out;
}
