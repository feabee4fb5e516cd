/**
 * The one source of time for the emulator. Domain code asks the clock, never `Date.now()`, so tests can
 * freeze or move time (token expiry, timestamps) and the same requests give the same answers.
 */
export interface Clock {
  /** Milliseconds since the epoch, as the platform sees it. */
  now(): number;
  /** Move the platform to an absolute instant. */
  set(at: number | string | Date): void;
  /** Move the platform forward (or back, with a negative value). */
  advance(ms: number): void;
  /** `frozen`: time moves only when told; `system`: wall-clock time plus any offset set or advanced. */
  readonly mode: 'frozen' | 'system';
}

export type ClockOption = Clock | 'system' | { frozenAt: number | string | Date };

/** The instant a frozen clock starts at when none is given: fixed so seeded runs are reproducible. */
export const DEFAULT_FROZEN_START = Date.parse('2024-06-01T12:00:00.000Z');

function toMillis(at: number | string | Date): number {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) throw new Error(`Invalid time: ${String(at)}`);
  return ms;
}

export function frozenClock(at: number | string | Date = DEFAULT_FROZEN_START): Clock {
  let current = toMillis(at);
  return {
    mode: 'frozen',
    now: () => current,
    set: (next) => {
      current = toMillis(next);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export function systemClock(): Clock {
  let offset = 0;
  return {
    mode: 'system',
    now: () => Date.now() + offset,
    set: (next) => {
      offset = toMillis(next) - Date.now();
    },
    advance: (ms) => {
      offset += ms;
    },
  };
}

export function createClock(option: ClockOption | undefined): Clock {
  if (option === undefined) return frozenClock();
  if (option === 'system') return systemClock();
  if ('frozenAt' in option) return frozenClock(option.frozenAt);
  return option;
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Where a clock stands, to return to later (reset, snapshots): the instant of a frozen clock; for a system clock its
 * distance from wall-clock time, since its instant keeps moving.
 */
export type ClockMark = { frozenAt: number } | { offset: number };

export function markClock(clock: Clock): ClockMark {
  return clock.mode === 'frozen' ? { frozenAt: clock.now() } : { offset: clock.now() - Date.now() };
}

export function returnToMark(clock: Clock, mark: ClockMark): void {
  clock.set('frozenAt' in mark ? mark.frozenAt : Date.now() + mark.offset);
}
