/**
 * Calendar dates in Europe/Stockholm: the functions (./calendar, zod-free, used by workflows) and
 * the zod schema that checks a date at the edges (API bodies, plans).
 */
import { z } from 'zod';
import { ISO_DATE, isValidDate } from './calendar';

export * from './calendar';

export const CalendarDate = z
  .string()
  .regex(ISO_DATE, { error: 'must be a date as YYYY-MM-DD' })
  .refine(isValidDate, { error: 'is not a real calendar date' });
export type CalendarDate = z.infer<typeof CalendarDate>;
