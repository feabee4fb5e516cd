/**
 * `engines` tells the truth: every package houston-mock brings at run time accepts every Node.js version that
 * houston-mock's own `engines` range accepts. CI runs one Node.js version; this covers the others from the
 * lockfile (the consumer test covers what a fresh install resolves to).
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  peer?: boolean;
  engines?: { node?: string } | string[];
}

const root = new URL('../../', import.meta.url);
const own = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as { packages: Record<string, LockPackage> };

describe('engines', () => {
  it('claims Node.js 20.19+, 22.13+ and 24', () => {
    for (const version of ['20.19.0', '22.13.0', '24.0.0']) expect(semver.satisfies(version, own.engines.node), version).toBe(true);
  });

  it('claims no Node.js version that a run-time dependency refuses', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, pkg]) => path !== '' && !pkg.dev && !Array.isArray(pkg.engines) && pkg.engines?.node)
      .filter(([, pkg]) => !semver.subset(own.engines.node, (pkg.engines as { node: string }).node))
      .map(([path, pkg]) => `${path.replace(/^node_modules\//, '')}@${pkg.version}: ${(pkg.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
