// The streams a command reads and writes, as gh's iostreams: the process's own in `vcdkit`, buffers in
// tests. Whether each output is a terminal, and whether it gets colour, is decided here once.
import { styleText } from 'node:util';

/** An output: where text goes, whether it is a terminal, and whether it is painted. */
export interface Terminal {
  write(text: string): unknown;
  readonly isTTY: boolean;
  readonly colour: boolean;
  /** its width in columns, when it is a terminal that says */
  readonly columns?: number | undefined;
}

export interface IOStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean | undefined };
  stdout: Terminal;
  stderr: Terminal;
  /** the environment the command sees (VCD_*, VCDKIT_PROFILE, NO_COLOR, XDG_CONFIG_HOME…) */
  env: Record<string, string | undefined>;
}

/** Colour on a terminal, never under NO_COLOR or TERM=dumb; FORCE_COLOR (not 0) forces it. */
export function colourFor(isTTY: boolean, env: IOStreams['env']): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** A terminal over a writable stream (its isTTY as the stream says, unless told). */
export function terminal(stream: { write(text: string): unknown; isTTY?: boolean | undefined; columns?: number | undefined }, env: IOStreams['env'], isTTY = Boolean(stream.isTTY)): Terminal {
  // (read when asked: a terminal may be resized)
  return { write: (text) => stream.write(text), isTTY, colour: colourFor(isTTY, env), get columns() { return stream.columns; } };
}

/** The process's own streams and environment. */
export function systemIO(): IOStreams {
  return { stdin: process.stdin, stdout: terminal(process.stdout, process.env), stderr: terminal(process.stderr, process.env), env: process.env };
}

type Style = Parameters<typeof styleText>[0];

/** Text in a style when the terminal takes colour, else plain. */
export const paint = (style: Style, text: string, out: Terminal) => (out.colour ? styleText(style, text, { validateStream: false }) : text);

/** "✓ text" on stderr, as gh reports a change it made. */
export const success = (io: IOStreams, text: string) => io.stderr.write(`${paint('green', '✓', io.stderr)} ${text}\n`);
