// A test cell in a child process, for tests whose subject could block the cell's event loop: the test
// process keeps its own timers running, so it can give up on a frozen cell instead of freezing with it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { startCell } from './cell.ts';

const SELF = new URL(import.meta.url).pathname;

export interface CellProcess {
  url: string;
  /** stops the child (a frozen one by force) and waits for it to exit */
  stop(): Promise<void>;
}

export async function startCellProcess(): Promise<CellProcess> {
  const child = spawn(process.execPath, [SELF], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the cell process exited (${code}): ${out}`)));
    child.stdout.on('data', () => {
      const m = /^listening (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(force);
    },
  };
}

// Run as a script: start a SQLite test cell with the default test world and say where it listens.
if (process.argv[1] === SELF) {
  const t = await startCell();
  process.stdout.write(`listening ${t.url}\n`);
  process.once('SIGTERM', () => void t.close().then(() => process.exit(0)));
}
