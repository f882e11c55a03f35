// Option-value parsers for the wiring: a bad value is commander's InvalidArgumentError, which exits 2.
import { InvalidArgumentError, Option } from 'commander';

export const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

export const nonNegativeInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
};

/** --no-wait, for commands whose operation runs as a task. */
export const noWaitOption = () => new Option('--no-wait', 'print the task and return at once (it keeps running)');
