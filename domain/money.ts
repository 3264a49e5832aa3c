/**
 * Money is integer öre (1 kr = 100 öre), never floating point: the functions (./sek, zod-free,
 * used by workflows) and the zod schema of an amount.
 */
import { z } from 'zod';
import { say } from './zodText';

export * from './sek';

/** A non-negative whole number of öre. */
const wholeOre = say('måste vara ett helt antal öre', 'must be a whole number of öre');
export const Ore = z
  .number({ error: wholeOre })
  .int({ error: say('måste vara ett helt antal öre (inga bråkdelar)', 'must be a whole number of öre (no fractions)') })
  .nonnegative({ error: say('får inte vara negativt', 'must not be negative') })
  .max(Number.MAX_SAFE_INTEGER, { error: say('är för stort', 'is too large') });
export type Ore = z.infer<typeof Ore>;

/** An amount that must be paid or granted: at least 1 öre (one check, so a negative amount gets one message). */
export const PositiveOre = z
  .number({ error: wholeOre })
  .int({ error: say('måste vara ett helt antal öre (inga bråkdelar)', 'must be a whole number of öre (no fractions)') })
  .min(1, { error: say('måste vara mer än 0', 'must be more than 0') })
  .max(Number.MAX_SAFE_INTEGER, { error: say('är för stort', 'is too large') });
