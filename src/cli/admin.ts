// `vcdkit admin reset-password`: the operator's way back in when a password is lost. It works on the store
// itself (--data or --database, as `serve` finds it), with or without a cell running on it.
import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { contextFrom, type Context } from './context.ts';
import { CliError } from './errors.ts';
import type { Factory } from './factory.ts';
import { paint, success } from './io.ts';
import { readNewPassword } from './secrets-input.ts';
import { dataOption, databaseOption } from './serve.ts';

export interface ResetPasswordOptions {
  ctx: Context;
  user: string;
  org: string;
  data: string;
  database?: string | undefined;
  passwordStdin?: boolean | undefined;
  prompt?: boolean | undefined;
}

export async function resetPasswordRun(o: ResetPasswordOptions): Promise<void> {
  const { io } = o.ctx;
  // Loaded here, so client commands do not pay for the server's modules at start-up.
  const { openStore, sqliteFile } = await import('../server/store/db.ts');
  const { resetPassword, UnknownUserError } = await import('../server/services/password-reset.ts');
  const { randomPassword } = await import('../server/services/secrets.ts');
  if (!o.database && !existsSync(sqliteFile(o.data))) {
    throw new CliError(`there is no store at ${sqliteFile(o.data)}`, undefined, 'name the directory `vcdkit serve` uses with --data (or VCDKIT_DATA), or its PostgreSQL with --database');
  }
  const given = o.passwordStdin || o.prompt;
  const password = given ? await readNewPassword(o.ctx.factory, o, `${o.user}@${o.org}`) : randomPassword();
  const store = await openStore({
    databaseUrl: o.database, dataDir: o.data,
    log: { warn: (_fields, msg) => io.stderr.write(`${paint('yellow', 'warning:', io.stderr)} ${msg}\n`) },
  });
  try {
    const reset = await resetPassword(store.db, o.org, o.user, password).catch((err: unknown) => {
      if (err instanceof UnknownUserError) throw new CliError(err.message, undefined, 'the provider\'s users are in the org System; `vcdkit user list --org <org>` lists an org\'s users');
      throw err;
    });
    if (!given) io.stdout.write(`${password}\n`);
    const ended = reset.sessionsEnded === 1 ? '1 session ended' : `${reset.sessionsEnded} sessions ended`;
    success(io, `Reset the password of ${reset.user}@${reset.org} in ${store.description} (account unlocked, ${ended})${given ? '' : '. Save it now: it is not shown again.'}`);
    if (!reset.enabled) io.stderr.write(`${paint('yellow', 'note:', io.stderr)} the user or its org is disabled: the password works once both are enabled\n`);
  } finally {
    await store.close();
  }
}

export function adminCommand(f: Factory, runF = resetPasswordRun): Command {
  return new Command('admin')
    .description('work on a cell\'s store directly (no cell or login needed)')
    .addCommand(new Command('reset-password')
      .description('set a new password for a user (a generated one, printed once, unless piped or asked), unlock it and end its sessions')
      .addOption(new Option('--user <name>', 'the user').default('administrator'))
      .addOption(new Option('--org <org>', 'the user\'s org').default('System'))
      .addOption(dataOption())
      .addOption(databaseOption())
      .option('--password-stdin', 'read the new password from stdin')
      .option('--prompt', 'ask for the new password on the terminal (twice)')
      .addHelpText('after', `
A cell running on the store meanwhile drops the user's sessions within a minute.

Examples:
  $ vcdkit admin reset-password                              # administrator@System in ./.vcdkit
  $ echo "$NEW_PASSWORD" | vcdkit admin reset-password --user demo --org demo --password-stdin
  $ vcdkit admin reset-password --database postgres://postgres@127.0.0.1:5432/vcdkit`)
      .action((o: Omit<ResetPasswordOptions, 'ctx'>, cmd: Command) => runF({ ctx: contextFrom(f, cmd), ...o })));
}
