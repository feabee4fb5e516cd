/**
 * The CLI's seeded-platform cache (src/cli/platformCache.ts): a cached platform, moved to another clock, is the
 * platform generated at that clock, and an entry that fails any check is not used.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { platformCache, shiftTimestamps, type SeedRecipe } from '../../src/cli/platformCache.js';
import { createHoustonMock, resolveConfig } from '../../src/index.js';
import type { PlatformData } from '../../src/store/state.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function cacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'houston-mock-platform-cache-'));
  dirs.push(dir);
  return dir;
}

const T0 = Date.parse('2026-03-01T09:30:00.000Z');

function recipeFor(platformVersion: string, seed: number): SeedRecipe {
  const { houston } = resolveConfig({ houston: { platformVersion } });
  return { config: houston, seed, scale: 'small' };
}

/** What the server seeds for the recipe on a clock at `at`. */
function generated(recipe: SeedRecipe, at: number): PlatformData {
  return createHoustonMock({ platformVersion: recipe.config.platformVersion, seed: recipe.seed, clock: { frozenAt: at } }).exportState();
}

function entries(dir: string): string[] {
  return readdirSync(dir).filter((name) => /^platform-[0-9a-f]{32}\.json$/.test(name));
}

describe('seeded-platform cache', () => {
  it('moves a platform generated at one instant to exactly the platform generated at another', () => {
    // 1.0+ adds the default cluster, stamped at the start instant rather than in the seeded history.
    for (const version of ['0.37.0', '1.0.0']) {
      const recipe = recipeFor(version, 3);
      for (const delta of [1, 999, -60_000, 86_400_000 * 40 + 12_345, 31_557_600_000]) {
        const moved = generated(recipe, T0);
        shiftTimestamps(moved, delta);
        expect(moved, `${version}, moved by ${delta} ms`).toEqual(generated(recipe, T0 + delta));
      }
    }
  });

  it('gives back what it kept, on the clock of the read', () => {
    const dir = cacheDir();
    const cache = platformCache(dir, 'build-a');
    const recipe = recipeFor('0.37.0', 1);
    expect(cache.read(recipe, T0)).toBeUndefined();
    expect(cache.write(recipe, generated(recipe, T0), T0)).toBe(true);
    expect(cache.read(recipe, T0)).toEqual(generated(recipe, T0));
    const later = T0 + 5 * 86_400_000 + 7;
    expect(cache.read(recipe, later)).toEqual(generated(recipe, later));
  });

  it('keeps one entry per recipe and code: another seed, configuration or build is a miss', () => {
    const dir = cacheDir();
    const recipe = recipeFor('0.37.0', 1);
    platformCache(dir, 'build-a').write(recipe, generated(recipe, T0), T0);
    const reasons: string[] = [];
    expect(platformCache(dir, 'build-b').read(recipe, T0, (reason) => reasons.push(reason))).toBeUndefined();
    expect(platformCache(dir, 'build-a').read({ ...recipe, seed: 2 }, T0)).toBeUndefined();
    const { houston } = resolveConfig({ houston: { platformVersion: '0.37.0', deployments: { manualReleaseNames: true } } });
    expect(platformCache(dir, 'build-a').read({ ...recipe, config: houston }, T0)).toBeUndefined();
    expect(platformCache(dir, 'build-a').read(recipe, T0)).toBeDefined();
    expect(reasons).toEqual([expect.stringContaining('no cached platform')]);
  });

  it('does not use an entry that was changed, cut short, is not JSON or is not a platform', () => {
    const recipe = recipeFor('0.37.0', 1);
    const damages: Record<string, (text: string) => string> = {
      'one character changed': (text) => text.replace('"admin@example.com"', '"admin@example.org"'),
      'cut short': (text) => text.slice(0, text.length - 100),
      'no header': (text) => text.slice(text.indexOf('\n') + 1),
      'not JSON, with a matching hash': () => rehashed('{"format":'),
      'not a platform, with a matching hash': () => rehashed('{"format":"houston-mock/platform@1","rng":1}'),
      'a record of the wrong shape, with a matching hash': (text) =>
        rehashed(text.slice(text.indexOf('\n') + 1).replace(/"username":"[^"]*"/, '"username":42')),
    };
    let header = '';
    /** The damaged body under a header whose hash matches it: only the checks after the hash can refuse it. */
    const rehashed = (body: string) => {
      const parsed = JSON.parse(header) as { sha256: string };
      parsed.sha256 = createHash('sha256').update(body).digest('hex');
      return `${JSON.stringify(parsed)}\n${body}`;
    };
    for (const [damage, change] of Object.entries(damages)) {
      const dir = cacheDir();
      const cache = platformCache(dir, 'build-a');
      cache.write(recipe, generated(recipe, T0), T0);
      const [name] = entries(dir);
      const file = join(dir, name ?? '');
      const text = readFileSync(file, 'utf8');
      header = text.slice(0, text.indexOf('\n'));
      writeFileSync(file, change(text));
      const reasons: string[] = [];
      expect(cache.read(recipe, T0, (reason) => reasons.push(reason)), damage).toBeUndefined();
      expect(reasons, damage).toEqual([expect.stringContaining('not used')]);
    }
  });

  it('keeps the four most recently used entries', () => {
    const dir = cacheDir();
    const cache = platformCache(dir, 'build-a');
    const recipes = [1, 2, 3, 4, 5].map((seed) => recipeFor('0.37.0', seed));
    // File times a minute apart, long ago (quick writes are too close to tell apart): the fifth write is the newest.
    const minute = (n: number) => new Date(Date.UTC(2000, 0, 1, 0, n));
    for (const [n, recipe] of recipes.slice(0, 4).entries()) {
      const before = entries(dir);
      cache.write(recipe, generated(recipe, T0), T0);
      const added = entries(dir).find((name) => !before.includes(name)) ?? '';
      utimesSync(join(dir, added), minute(n), minute(n));
    }
    // Reading the oldest marks it used (at the read's clock), so the second is now the least recently used.
    expect(cache.read(recipes[0] as SeedRecipe, minute(10).getTime())).toBeDefined();
    const fifth = recipes[4] as SeedRecipe;
    cache.write(fifth, generated(fifth, T0), T0);
    expect(entries(dir)).toHaveLength(4);
    expect(recipes.map((recipe) => cache.read(recipe, T0) !== undefined)).toEqual([true, false, true, true, true]);
  });
});
