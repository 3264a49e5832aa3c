/** The managers' lists (api/routes/manager.ts, the dashboard): the filters and what a list answers. */
import { z } from 'zod';
import { CalendarDate } from '../../domain/dates';
import { STAGES } from '../../workflows/grant/contract';
import { GRANT_STATUSES, GrantListQuery, MAX_PAGE_SIZE, SORTS } from '../listQuery';
import { Instant, described, named, parameters } from '../schemaRegistry';

parameters(GrantListQuery, 'GrantListQuery');

export const GrantListItem = named(
  z.object({
    caseNumber: z.string(),
    title: z.string(),
    organisation: z.string().optional(),
    county: described(z.string().optional(), 'Two-digit county code (SCB), e.g. 23.'),
    countyName: z.string().optional(),
    year: z.number().int().optional(),
    stage: z.enum(STAGES).optional(),
    status: z.enum(GRANT_STATUSES).optional(),
    overdue: z.boolean(),
    totalOre: z.number().int().optional(),
    totalFormatted: z.string().optional(),
    decidedOre: described(z.number().int().optional(), 'Decided, in öre (the whole amount once the decision approved it, 0 before).'),
    decidedFormatted: z.string().optional(),
    paidOre: described(z.number().int().optional(), 'Paid out so far, in öre.'),
    paidFormatted: z.string().optional(),
    nextDeadline: CalendarDate.optional(),
    nextDeadlineAt: Instant.optional(),
    workflowId: z.string(),
    runId: described(z.string().optional(), 'Not kept by the register (a grant is one workflow id across its runs): absent.'),
    executionStatus: described(z.string(), 'RUNNING until the grant closed, then COMPLETED (from the register, in Temporal’s words).'),
    startTime: Instant,
    closeTime: Instant.optional(),
    links: z.object({ self: z.string(), dashboard: z.string() }),
  }),
  { id: 'GrantListItem', description: 'One grant as the list shows it, from the register’s summary of it.' },
);

export const GrantList = named(
  z.object({
    items: z.array(GrantListItem),
    page: z.number().int(),
    pageSize: z.number().int(),
    pages: z.number().int(),
    total: described(z.number().int(), 'Grants matching the filters.'),
    sort: z.enum(SORTS),
    links: described(z.record(z.string(), z.string()), 'self, first, last, prev, next and csv (the export of the same filters).'),
  }),
  { id: 'GrantList', description: `One page of the grants matching the filters (at most ${MAX_PAGE_SIZE} a page).` },
);

/** The header every list answers with. */
export const LIST_AS_OF = 'When the list was read from the register (ISO 8601, UTC).';
