/**
 * `houston-mock/vitest`: vitest's `test` with a `houston` fixture, so a test file needs one import.
 *
 *   import { test, expect, expectHoustonError } from 'houston-mock/vitest';
 *
 *   test('a viewer cannot create a workspace', async ({ houston }) => {
 *     const viewer = await houston.as('SYSTEM_VIEWER');
 *     await expectHoustonError(viewer.request('mutation { createWorkspace(label: "x") { id } }'), 'FORBIDDEN');
 *   });
 *
 * The harness (from `houston-mock/testing`) starts once per test file, at the first test that asks for it, and is
 * reset before every test (platform, clock, faults, journal), so tests never see each other's changes. Options:
 * `test.override({ houstonOptions: { platformVersion: '0.35.0' } })` (`test.scoped` on older vitest) at the top of
 * a file, or `createHoustonTest(options)` for a `test` of your own with them built in.
 */
import { test as vitestTest } from 'vitest';
import { startHoustonMock, type HarnessOptions, type HoustonHarness } from '../testing/index.js';

export { expect, describe, beforeAll, beforeEach, afterAll, afterEach, vi } from 'vitest';
export { expectHoustonError, HoustonErrorExpectation, type HoustonErrorInfo } from '../testing/errors.js';
export * from '../testing/index.js';

/** The fixtures `test` adds to vitest's test context. */
export interface HoustonFixtures {
  /** The harness of this file's houston-mock instance, reset before this test. */
  houston: HoustonHarness;
}

/** File-scoped fixtures behind `houston`: override `houstonOptions` to configure the instance of a file. */
export interface HoustonFileFixtures {
  /** Options for the file's instance (`startHoustonMock` options). Default: seed 1, in-process. */
  houstonOptions: HarnessOptions;
  /** The file's instance, not reset: for a `beforeAll` that provisions data and then calls `checkpoint()`. */
  houstonInstance: HoustonHarness;
}

/** vitest's `test`, extended with houston-mock's fixtures (the type of `test` and of `createHoustonTest`'s result). */
export type HoustonTest = ReturnType<typeof extend>;

function extend(defaults: HarnessOptions) {
  return vitestTest.extend<{ $file: HoustonFileFixtures; $test: HoustonFixtures }>({
    // vitest reads what a fixture depends on from its first parameter: this one depends on nothing.
    houstonOptions: [async ({}, use) => use(defaults), { scope: 'file' }],
    houstonInstance: [
      async ({ houstonOptions }, use) => {
        const harness = await startHoustonMock(houstonOptions);
        try {
          await use(harness);
        } finally {
          await harness.close();
        }
      },
      { scope: 'file' },
    ],
    houston: async ({ houstonInstance }, use) => {
      houstonInstance.reset();
      await use(houstonInstance);
    },
  });
}

/** A `test` whose file instance starts with these options (for example a platform version or a config). */
export function createHoustonTest(options: HarnessOptions = {}): HoustonTest {
  return extend(options);
}

/** vitest's `test` with a `houston` fixture: one houston-mock per file, reset before each test. */
export const test: HoustonTest = extend({});
/** The same as `test`, for those who write `it`. */
export const it: HoustonTest = test;
