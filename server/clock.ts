/**
 * The one clock of the server. Everything that stamps or compares time asks it, never Date.now()
 * or the database's now(), so tests and VELLUM_FAKE_TIME control time everywhere.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at a given time and runs at real speed; tests may move it. */
export class FakeClock implements Clock {
  private offsetMs: number;
  constructor(start: Date) {
    this.offsetMs = start.getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  set(to: Date): void {
    this.offsetMs = to.getTime() - Date.now();
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
