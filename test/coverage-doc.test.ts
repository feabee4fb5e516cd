import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCoverage, rootFieldCoverage } from '../src/docs/coverage.js';

describe('docs/COVERAGE.md', () => {
  it('is current with the schema and the resolvers (run `npm run coverage:doc` to regenerate)', () => {
    const onDisk = readFileSync(new URL('../docs/COVERAGE.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderCoverage());
  });

  it('lists the root fields the Astro CLI relies on, such as appConfig, as implemented', () => {
    const appConfig = rootFieldCoverage().find((r) => r.coordinate === 'Query.appConfig');
    expect(appConfig).toEqual({ coordinate: 'Query.appConfig', since: '0.25.0', until: null, implemented: true });
  });
});
