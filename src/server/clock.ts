/** Time source for everything that expires. Tests drive a ManualClock instead of sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  #now: number;
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  advanceMinutes(minutes: number): void {
    this.#now += minutes * 60_000;
  }
}
