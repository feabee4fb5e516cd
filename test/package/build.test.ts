/**
 * What `npm run build` adds to tsc's output: the CLI's bundle (scripts/bundle-cli.mjs) and the data files the code
 * reads beside itself (scripts/copy-data.mjs). Runs on the build `npm test` made.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('the build', () => {
  it('writes Houston’s role map as roles.json beside the library’s config code and the CLI’s bundle, as roles.yaml says', () => {
    const source: unknown = YAML.parse(read('src/config/roles.yaml'));
    for (const copy of ['dist/config/roles.json', 'dist/bin/roles.json']) {
      expect(JSON.parse(read(copy)), copy).toEqual(source);
    }
    expect(read('dist/config/roles.yaml')).toBe(read('src/config/roles.yaml'));
  });

  it('bundles the CLI into dist/bin/, which dist/cli.js loads, with one graphql build (its ES modules)', () => {
    expect(read('dist/cli.js')).toContain("'./bin/houston-mock.cjs'");
    expect(existsSync(new URL('dist/bin/houston-mock.cjs', root))).toBe(true);
    expect(JSON.parse(read('dist/bin/build-id.json'))).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const chunks = readdirSync(new URL('dist/bin/', root)).filter((file) => file.endsWith('.cjs'));
    const bundled = chunks.flatMap((file) => read(`dist/bin/${file}`).match(/^\/\/ node_modules\/graphql\/\S+$/gm) ?? []);
    expect(bundled.length).toBeGreaterThan(0);
    expect(bundled.filter((module) => !module.endsWith('.mjs'))).toEqual([]);
  });

  it('ships the licences of the packages bundled into the CLI beside it', () => {
    const notices = read('dist/bin/THIRD-PARTY-LICENSES.txt');
    for (const bundled of ['graphql@', 'graphql-yoga@', 'jose@', 'ws@']) expect(notices).toContain(bundled);
    expect(notices).not.toContain('@faker-js/faker@');
  });
});
