/**
 * Time source for everything that expires, and the scheduler for what runs on its own (purges). Tests
 * drive a ManualClock instead of sleeping: its timers run only when the test advances it.
 */
export interface Clock {
  now(): number;
  /**
   * Runs `task` every `intervalMs` of this clock's time until the returned function is called. The
   * task handles its own failures; a rejection that escapes it is dropped rather than crash the cell.
   */
  every(intervalMs: number, task: () => Promise<void>): () => void;
  /** Runs `task` once, `delayMs` of this clock's time from now, unless the returned function is called first. */
  after(delayMs: number, task: () => Promise<void>): () => void;
}

const settle = (task: () => Promise<void>) => task().catch(() => {});

export const systemClock: Clock = {
  now: () => Date.now(),
  every(intervalMs, task) {
    const timer = setInterval(() => void settle(task), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  },
  after(delayMs, task) {
    const timer = setTimeout(() => void settle(task), delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

interface ManualTimer {
  /** undefined for a one-shot timer */
  intervalMs: number | undefined;
  due: number;
  task: () => Promise<void>;
}

export class ManualClock implements Clock {
  #now: number;
  readonly #timers = new Set<ManualTimer>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  every(intervalMs: number, task: () => Promise<void>): () => void {
    const timer = { intervalMs, due: this.#now + intervalMs, task };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }

  after(delayMs: number, task: () => Promise<void>): () => void {
    const timer = { intervalMs: undefined, due: this.#now + delayMs, task };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }

  /**
   * Moves time on by `ms`, running each timer that falls due on the way, in order, one at a time
   * (timers those tasks schedule included, when they fall due before the end).
   */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      let next: ManualTimer | undefined;
      for (const t of this.#timers) if (t.due <= end && (!next || t.due < next.due)) next = t;
      if (!next) break;
      this.#now = Math.max(this.#now, next.due);
      if (next.intervalMs === undefined) this.#timers.delete(next);
      else next.due += next.intervalMs;
      await settle(next.task);
    }
    this.#now = end;
  }

  advanceMinutes(minutes: number): Promise<void> {
    return this.advance(minutes * 60_000);
  }
}
