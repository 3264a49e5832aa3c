/**
 * Money is integer öre (1 kr = 100 öre), never floating point: the functions (./sek, zod-free,
 * used by workflows) and the zod schema of an amount.
 */
import { z } from 'zod';

export * from './sek';

/** A non-negative whole number of öre. */
export const Ore = z
  .number({ error: 'must be a whole number of öre' })
  .int({ error: 'must be a whole number of öre (no fractions)' })
  .nonnegative({ error: 'must not be negative' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'is too large' });
export type Ore = z.infer<typeof Ore>;
