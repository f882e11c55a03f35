#!/usr/bin/env node
// Entry point for the installed command; the sources run as TypeScript on Node 24.
import '../src/cli/main.ts';
