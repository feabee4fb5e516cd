import type { Faker, Randomizer } from '@faker-js/faker';
import { faker as englishFaker } from '@faker-js/faker/locale/en';
import { nextFloat, seedToRng, type RngHolder } from './random.js';

/**
 * faker's English entry point loads only the English data; the package root loads every locale (about 30 MB more
 * in each process). Its instance gives us the Faker class and the English definitions to build our own.
 */
const FakerClass = englishFaker.constructor as new (options: { locale: Faker['rawDefinitions']; randomizer: Randomizer }) => Faker;

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
  return new FakerClass({ locale: englishFaker.rawDefinitions, randomizer });
}
