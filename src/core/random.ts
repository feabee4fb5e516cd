/**
 * The one source of randomness for the emulator: a small seeded generator (mulberry32) whose whole state is a
 * single 32-bit number kept inside the platform data (`data.rng`). Because it lives in the data, a snapshot or a
 * reset restores it too, and the same seed with the same requests gives the same IDs, keys and names.
 */
export interface RngHolder {
  rng: number;
}

export function seedToRng(seed: number): number {
  // Spread small seeds (0, 1, 2 …) over the 32-bit space so they do not start in similar states.
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function nextUint32(holder: RngHolder): number {
  holder.rng = (holder.rng + 0x6d2b79f5) >>> 0;
  let t = holder.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/**
 * A generator seeded by a string (FNV-1a, then one mixing round), independent of the platform's generator: for
 * values that must be a pure function of their key (a deployment's log lines or metrics at an instant), so that
 * reading them never draws on, or changes, the platform's seeded state.
 */
export function keyedRng(key: string): RngHolder {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  const holder = { rng: h };
  nextUint32(holder);
  return holder;
}

/** A float in [0, 1). */
export function nextFloat(holder: RngHolder): number {
  return nextUint32(holder) / 4294967296;
}

/** An integer in [min, max]. */
export function randomInt(holder: RngHolder, min: number, max: number): number {
  return min + Math.floor(nextFloat(holder) * (max - min + 1));
}

export function pick<T>(holder: RngHolder, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick() from an empty list');
  return items[randomInt(holder, 0, items.length - 1)] as T;
}

function fromAlphabet(holder: RngHolder, alphabet: string, length: number): string {
  const chars = new Array<string>(length);
  for (let i = 0; i < length; i++) chars[i] = alphabet[nextUint32(holder) % alphabet.length] as string;
  // join() makes one flat string; appending with `+=` leaves a chain of concatenation nodes behind each id or key
  // (about ten times the memory), which adds up to tens of megabytes on a large platform.
  return chars.join('');
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

/** A cuid-shaped id as Houston's Prisma layer makes them: 25 characters, `c` then 24 base-36 characters. */
export function cuid(holder: RngHolder): string {
  return `c${fromAlphabet(holder, BASE36, 24)}`;
}

export function hexString(holder: RngHolder, length: number): string {
  return fromAlphabet(holder, HEX, length);
}

/** A v4-shaped UUID, for the few Houston values that are UUIDs rather than cuids. */
export function uuid(holder: RngHolder): string {
  const h = hexString(holder, 32);
  const variant = HEX[8 + (nextUint32(holder) % 4)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
