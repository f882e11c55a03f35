#!/usr/bin/env node
// The vcdkit command: the CLI on the process's own streams, environment and profiles.
import { systemFactory } from './factory.ts';
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2), systemFactory());
