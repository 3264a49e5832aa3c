/**
 * Calendar dates in Europe/Stockholm: the functions (./calendar, zod-free, used by workflows) and
 * the zod schema that checks a date at the edges (API bodies, plans).
 */
import { z } from 'zod';
import { ISO_DATE, isValidDate } from './calendar';
import { say } from './zodText';

export * from './calendar';

export const CalendarDate = z
  .string()
  .regex(ISO_DATE, { error: say('måste vara ett datum som ÅÅÅÅ-MM-DD', 'must be a date as YYYY-MM-DD') })
  .refine(isValidDate, { error: say('är inget riktigt datum', 'is not a real calendar date'), abort: true });
export type CalendarDate = z.infer<typeof CalendarDate>;
