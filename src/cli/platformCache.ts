/**
 * The dev server's cache of seeded platforms, in the user's cache directory beside the schema cache
 * (`~/.cache/houston-mock`). Generating the seeded platform (faker, a year and a half of history) was a large part of
 * the CLI's start; the same seed, scale, configuration and code always generate the same platform, up to its clock,
 * so the CLI keeps the result and, on the next start, only reads it and moves its timestamps to the new clock.
 *
 * Only the CLI uses it (src/cli/serve.ts hands the platform to createHoustonMock as `data`): in-process instances
 * generate their platform as before. Best effort throughout: an entry that is missing, unreadable, for other code,
 * damaged (its SHA-256 differs), not JSON or not a platform is not used, and the platform is generated instead.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HoustonConfig } from '../config/config.js';
import { isoAt } from '../core/clock.js';
import { writeWhole } from '../core/userCache.js';
import { bundleBuild } from './codeCache.js';
import { parsePlatformData, STATE_FORMAT, TABLE_NAMES, type PlatformData } from '../store/state.js';

/** The format of an entry: a header line (JSON), then the platform (JSON). Bumped if that layout changes. */
const ENTRY_FORMAT = 'houston-mock/platform-cache@1';

/** Entries kept (about 60 kB each at the default size): each build, seed or configuration makes a new one. */
const KEPT_ENTRIES = 4;

/** What a seeded platform is generated from, besides the code and the clock. */
export interface SeedRecipe {
  /** The resolved Houston configuration (platform version, flags, roles): store operations read it while seeding. */
  config: HoustonConfig;
  seed: number;
  scale: 'small' | 'large';
}

interface EntryHeader {
  format: typeof ENTRY_FORMAT;
  key: string;
  /** The platform clock's instant when the platform was generated: its timestamps are moved by `now - generatedAt`. */
  generatedAt: number;
  /** Of the platform's JSON text, the rest of the file. */
  sha256: string;
}

export interface PlatformCache {
  /**
   * The platform cached for `recipe`, checked, with every timestamp moved as if it had been generated at `now`;
   * undefined when there is none or it fails a check (`onMiss` is told why).
   */
  read(recipe: SeedRecipe, now: number, onMiss?: (reason: string) => void): PlatformData | undefined;
  /** Keeps `data`, generated for `recipe` at `generatedAt`. Best effort: false when it could not be written. */
  write(recipe: SeedRecipe, data: PlatformData, generatedAt: number): boolean;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The identity of the code that generates platforms, for the CLI's bundle: the hash scripts/bundle-cli.mjs writes
 * beside it (`build-id.json`, of every chunk) and the installed faker's version (faker stays outside the bundle).
 * Undefined outside the bundle (tsc's output, the sources under test), where nothing says which code is running.
 */
export function bundledGeneratorId(): string | undefined {
  const build = bundleBuild(fileURLToPath(new URL('.', import.meta.url)));
  if (!build) return undefined;
  try {
    const faker = createRequire(import.meta.url)('@faker-js/faker/package.json') as { version?: unknown };
    return typeof faker.version === 'string' ? `${build} faker@${faker.version}` : undefined;
  } catch {
    return undefined;
  }
}

/** An ISO instant exactly as the store writes them (`isoAt`): the only strings a move of the clock changes. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Moves every timestamp of the platform by `delta` milliseconds, in place. The seeded history is laid out backwards
 * from the clock it is generated at (src/fixtures/timeline.ts), so a platform generated at T and moved by D is the
 * platform generated at T + D (test/server/platformCache.test.ts checks it).
 */
export function shiftTimestamps(data: PlatformData, delta: number): void {
  if (delta === 0) return;
  // Rows written together share their instants (a large platform has about 350,000 timestamps, 60,000 distinct):
  // each distinct one is converted once.
  const moved = new Map<string, string>();
  const shifted = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value.length !== 24 || !TIMESTAMP.test(value)) return value;
      let next = moved.get(value);
      if (next === undefined) {
        next = isoAt(Date.parse(value) + delta);
        moved.set(value, next);
      }
      return next;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = shifted(value[i]);
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = shifted(record[key]);
    }
    return value;
  };
  for (const table of TABLE_NAMES) shifted(data[table]);
}

/** The cache in `dir`, for platforms generated by the code `generator` names (see bundledGeneratorId). */
export function platformCache(dir: string, generator: string): PlatformCache {
  const keyOf = (recipe: SeedRecipe) =>
    sha256(JSON.stringify({ format: STATE_FORMAT, generator, seed: recipe.seed, scale: recipe.scale, config: recipe.config }));
  const fileOf = (key: string) => join(dir, `platform-${key.slice(0, 32)}.json`);

  return {
    read(recipe, now, onMiss) {
      const key = keyOf(recipe);
      const file = fileOf(key);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        onMiss?.(`no cached platform (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
        return undefined;
      }
      try {
        const split = text.indexOf('\n');
        if (split < 0) throw new Error('no header line');
        const header = JSON.parse(text.slice(0, split)) as Partial<EntryHeader>;
        if (header.format !== ENTRY_FORMAT || header.key !== key) throw new Error('another format or recipe');
        if (typeof header.generatedAt !== 'number' || !Number.isFinite(header.generatedAt)) throw new Error('no generation time');
        const body = text.slice(split + 1);
        if (sha256(body) !== header.sha256) throw new Error('its content does not match its SHA-256');
        const data = parsePlatformData(JSON.parse(body));
        shiftTimestamps(data, now - header.generatedAt);
        try {
          // Marks it recently used, for the pruning in write().
          utimesSync(file, new Date(now), new Date(now));
        } catch {
          // A read-only cache still serves.
        }
        return data;
      } catch (error) {
        onMiss?.(`cached platform ${file} not used: ${(error as Error).message.split('\n')[0]}`);
        return undefined;
      }
    },

    write(recipe, data, generatedAt) {
      const key = keyOf(recipe);
      const file = fileOf(key);
      try {
        const body = JSON.stringify(data);
        const header: EntryHeader = { format: ENTRY_FORMAT, key, generatedAt, sha256: sha256(body) };
        writeWhole(file, `${JSON.stringify(header)}\n${body}`);
      } catch {
        return false;
      }
      prune(dir, generatedAt);
      return true;
    },
  };
}

/** A write an interrupted process left behind is removed once it is this old (well past any write's time). */
const STALE_PARTIAL_MS = 600_000;

/** Removes all but the most recently used entries, and the partial writes of processes that died writing one. */
function prune(dir: string, now: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const entries: { path: string; used: number }[] = [];
  for (const name of names) {
    const entry = /^platform-[0-9a-f]{32}\.json$/.test(name);
    if (!entry && !/^platform-[0-9a-f]{32}\.json\.\d+\.[0-9a-f]{8}$/.test(name)) continue;
    try {
      const path = join(dir, name);
      const used = statSync(path).mtimeMs;
      if (entry) entries.push({ path, used });
      else if (now - used > STALE_PARTIAL_MS) unlinkSync(path);
    } catch {
      // Gone meanwhile (another process pruning), or not ours to remove: nothing lost.
    }
  }
  entries.sort((a, b) => b.used - a.used);
  for (const { path } of entries.slice(KEPT_ENTRIES)) {
    try {
      unlinkSync(path);
    } catch {
      // As above.
    }
  }
}
