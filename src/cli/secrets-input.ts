// Where a login's password comes from: --password-stdin, VCD_PASSWORD, or a hidden prompt on a
// terminal. It is handed to the SDK and never written anywhere.
import { text } from 'node:stream/consumers';
import { CliError, usageError } from './errors.ts';
import { EXIT } from './exit-codes.ts';
import type { Factory } from './factory.ts';
import type { IOStreams } from './io.ts';

/** A secret piped in, as `docker login --password-stdin` reads it: the trailing newline is not part of it. */
export async function readStdinSecret(io: IOStreams, flag: string): Promise<string> {
  const value = (await text(io.stdin)).replace(/\r?\n$/, '');
  if (!value) throw usageError(`${flag}: nothing was read from stdin`);
  return value;
}

export async function readPassword({ io, prompter }: Pick<Factory, 'io' | 'prompter'>, opts: { passwordStdin?: boolean | undefined }, prompt: string): Promise<string> {
  if (opts.passwordStdin) return readStdinSecret(io, '--password-stdin');
  if (io.env.VCD_PASSWORD) return io.env.VCD_PASSWORD;
  if (!io.stdin.isTTY) {
    throw usageError('no password: stdin is not a terminal', 'pipe it with --password-stdin, or set VCD_PASSWORD');
  }
  try {
    return await prompter.password(prompt);
  } catch (err) {
    if ((err as Error).name === 'ExitPromptError') throw new CliError('login cancelled', EXIT.interrupted);
    throw err;
  }
}

/** A new user's password: piped with --password-stdin, else asked twice on a terminal. */
export async function readNewPassword({ io, prompter }: Pick<Factory, 'io' | 'prompter'>, opts: { passwordStdin?: boolean | undefined }, who: string): Promise<string> {
  if (opts.passwordStdin) return readStdinSecret(io, '--password-stdin');
  if (!io.stdin.isTTY) throw usageError('no password: stdin is not a terminal', 'pipe it with --password-stdin');
  const first = await prompter.password(`New password for ${who}:`);
  if (first !== await prompter.password('Again:')) throw usageError('the two passwords differ');
  return first;
}
