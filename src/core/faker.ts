import { createRequire } from 'node:module';
import type { Faker, Randomizer } from '@faker-js/faker';
import { nextFloat, seedToRng, type RngHolder } from './random.js';

type FakerModule = typeof import('@faker-js/faker/locale/en');
type FakerConstructor = new (options: { locale: Faker['rawDefinitions']; randomizer: Randomizer }) => Faker;

let english: { FakerClass: FakerConstructor; definitions: Faker['rawDefinitions'] } | undefined;

/**
 * faker's English entry point loads only the English data; the package root loads every locale (about 30 MB more
 * in each process). Its instance gives us the Faker class and the English definitions to build our own. Loaded on
 * the first seeded faker, synchronously (Node's `require` of an ES module, on every Node version the package
 * supports): a start with `--no-seed` or from a state file never loads it.
 */
function englishFaker(): NonNullable<typeof english> {
  if (!english) {
    const { faker } = createRequire(import.meta.url)('@faker-js/faker/locale/en') as FakerModule;
    english = { FakerClass: faker.constructor as FakerConstructor, definitions: faker.rawDefinitions };
  }
  return english;
}

/**
 * A faker of our own (never the global one) whose every draw comes from a seeded generator: `holder.rng`, the
 * platform's own for seeding, so that faker's output is part of the same deterministic sequence as ids, keys and
 * release names. `faker.seed(n)` restarts that generator at `n`.
 */
export function seededFaker(holder: RngHolder): Faker {
  const randomizer: Randomizer = {
    next: () => nextFloat(holder),
    seed: (seed) => {
      holder.rng = seedToRng(Array.isArray(seed) ? (seed[0] ?? 0) : seed);
    },
  };
  const { FakerClass, definitions } = englishFaker();
  return new FakerClass({ locale: definitions, randomizer });
}
