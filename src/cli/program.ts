// The command tree and the one place every failure ends: one line on stderr, a hint, and a documented
// exit code. Built per run from a Factory, so tests run the whole CLI in-process with their own streams.
import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, Option } from 'commander';
import { adminCommand } from './admin.ts';
import { authCommand } from './commands/auth.ts';
import { catalogCommand, mediaCommand, networkCommand, templateCommand } from './commands/catalog-nouns.ts';
import { gatewayCommand } from './commands/gateway.ts';
import { loginCommand } from './commands/login.ts';
import { orgCommand } from './commands/org.ts';
import { queryCommand } from './commands/query.ts';
import { rightsBundleCommand, roleCommand } from './commands/role.ts';
import { serviceAccountCommand } from './commands/service-account.ts';
import { taskCommand } from './commands/task.ts';
import { userCommand } from './commands/user.ts';
import { vappCommand } from './commands/vapp.ts';
import { vdcCommand } from './commands/vdc.ts';
import { vmCommand } from './commands/vm.ts';
import { diskCommand } from './commands/disk.ts';
import { tokenCommand } from './commands/token.ts';
import { versionsCommand } from './commands/versions.ts';
import { completionScript, PROFILES_COMMAND, SHELLS, type Shell } from './completion.ts';
import { addEntityNouns } from './entity-nouns.ts';
import { describeProblem, usageError } from './errors.ts';
import { EXIT, EXIT_CODES_HELP, type ExitCode } from './exit-codes.ts';
import type { Factory } from './factory.ts';
import { paint } from './io.ts';
import { FORMATS } from './output.ts';
import { serveCommand } from './serve.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(f: Factory): Command {
  const { io } = f;
  const program: Command = new Command('vcdkit')
    .description('Cloud Director API cell, SDK and CLI')
    .version(version)
    .addOption(new Option('--profile <profile>', 'the saved login to act as (default: VCDKIT_PROFILE, else the current one)'))
    .addOption(new Option('-o, --output <format>', 'output format').choices(FORMATS).default('table'))
    .option('--json', 'same as --output json')
    .option('--debug', 'show the HTTP traffic on stderr, secrets redacted')
    .addHelpText('after', '\nExit codes: see `vcdkit help exit-codes`.')
    .addCommand(serveCommand())
    .addCommand(adminCommand(f))
    .addCommand(loginCommand(f))
    .addCommand(authCommand(f))
    .addCommand(versionsCommand(f))
    .addCommand(orgCommand(f))
    .addCommand(queryCommand(f))
    .addCommand(tokenCommand(f))
    .addCommand(userCommand(f))
    .addCommand(roleCommand(f))
    .addCommand(rightsBundleCommand(f))
    .addCommand(serviceAccountCommand(f))
    .addCommand(vdcCommand(f))
    .addCommand(networkCommand(f))
    .addCommand(gatewayCommand(f))
    .addCommand(catalogCommand(f))
    .addCommand(templateCommand(f))
    .addCommand(mediaCommand(f))
    .addCommand(vappCommand(f))
    .addCommand(vmCommand(f))
    .addCommand(diskCommand(f))
    .addCommand(taskCommand(f))
    .addCommand(new Command('completion')
      .description('print a shell completion script (bash, zsh or fish)')
      .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
      .addHelpText('after', '\nExample:\n  $ source <(vcdkit completion bash)')
      .action((shell: Shell) => { io.stdout.write(completionScript(program, shell)); }))
    .addCommand(new Command(PROFILES_COMMAND)
      .description('the saved profile names, one per line (for the completion scripts)')
      .action(async () => { io.stdout.write(Object.keys((await f.profiles.load()).profiles).map((n) => `${n}\n`).join('')); }), { hidden: true })
    .helpCommand(false)
    .addCommand(new Command('help')
      .description('help for a command, or a topic: exit-codes')
      .argument('[command...]', 'the command (e.g. auth login) or topic')
      .action((words: string[]) => {
        if (words.join(' ') === 'exit-codes') return void io.stdout.write(EXIT_CODES_HELP);
        let cmd: Command = program;
        for (const w of words) {
          const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
          if (!sub) throw usageError(`no command or help topic "${words.join(' ')}"`, 'see `vcdkit --help`; topics: exit-codes');
          cmd = sub;
        }
        cmd.outputHelp();
      }));

  addEntityNouns(f, program);

  // Commander's own errors (unknown option, missing argument…) come here as exceptions, not exits; every
  // command's help lists the global options too (--profile, -o…), which work anywhere on the line.
  const quietly = (cmd: Command) => {
    cmd.exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => {} })
      .configureHelp({ showGlobalOptions: true });
    cmd.commands.forEach(quietly);
  };
  quietly(program);
  return program;
}

/** Runs one command line (the words after `vcdkit`) and answers its exit code. */
export async function runCli(argv: string[], f: Factory): Promise<ExitCode> {
  const program = buildProgram(f);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError && ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) {
      return err.code === 'commander.help' && err.exitCode !== 0 ? EXIT.usage : EXIT.ok;
    }
    const problem = describeProblem(err, f.lastClient?.serverVersions);
    const out = f.io.stderr;
    out.write(`${paint('red', 'error:', out)} ${problem.message}\n`);
    if (problem.hint) out.write(`${paint('dim', 'hint:', out)} ${problem.hint}\n`);
    if (program.opts().debug && err instanceof Error) out.write(`${err.stack}\n`);
    return problem.code;
  }
}
