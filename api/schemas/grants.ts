/**
 * The grant routes' schemas (api/routes/grants.ts): what a coordinator sends (validated with these
 * very schemas) and what the routes answer, named for the OpenAPI document.
 */
import { z } from 'zod';
import { CaseNumber, GrantPlan } from '../../domain/plan';
import { CalendarDate } from '../../domain/dates';
import { Ore, PositiveOre } from '../../domain/money';
import { FreeText } from '../../domain/freeText';
import { STAGES } from '../../workflows/grant/contract';
import { GRANT_STATUSES } from '../listQuery';
import type { publicState } from '../grantView';
import { Instant, described, named, parameters, type SameKeys } from '../schemaRegistry';

named(CaseNumber, { id: 'CaseNumber', description: 'Diarienummer. In a path it is percent-encoded, slashes too: RS/728/2024 → RS%2F728%2F2024.', examples: ['RS/728/2024'] });
named(CalendarDate, { id: 'CalendarDate', format: 'date', description: 'A calendar date (YYYY-MM-DD) in Europe/Stockholm; a deadline on a date means the end of that day.', examples: ['2030-06-30'] });
named(Ore, { id: 'Ore', description: 'An amount in whole öre (1 kr = 100 öre), never fractional or negative.', examples: [620318305] });
named(PositiveOre, { id: 'PositiveOre', description: 'An amount to grant or pay: whole öre, at least 1 öre.', examples: [620318305] });
named(GrantPlan, { id: 'GrantPlan', description: 'The decision basis as data: everything the grant workflow needs, from anchoring and decision to payment and reports. Fields it does not know are refused by name.' });

const Id = z.string().min(1).max(64);

/** The walking-skeleton shape: one amount, one approver. Expanded into a full plan. */
export const QuickGrant = named(
  z.strictObject({
    caseNumber: CaseNumber,
    title: FreeText(300),
    amountOre: PositiveOre,
    approver: z.strictObject({ name: FreeText(200), email: z.email() }),
    deadline: CalendarDate.optional(),
    year: z.number().int().min(2000).max(2100).optional(),
  }),
  { id: 'QuickGrant', description: 'The short form: one amount and one approver. Expanded into a full plan for the caller’s organisation.' },
);

export const PlanRequest = named(z.union([GrantPlan, QuickGrant]), {
  id: 'PlanRequest',
  description: 'A full GrantPlan, or the QuickGrant short form (recognised by an `approver` field and no `parts`). Structural and business problems are answered together (422).',
});

export const CaseParams = parameters(z.strictObject({ caseNumber: CaseNumber }), 'CaseParams');

const Comment = FreeText(5000, { multiline: true }).optional();
export const FactBody = named(
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('stateDecision'), trancheId: Id, met: z.boolean(), reference: FreeText(300).optional(), comment: Comment }),
    z.strictObject({ type: z.literal('requisitioned'), partId: Id, comment: Comment }),
    z.strictObject({ type: z.literal('paymentMade'), trancheId: Id, comment: Comment }),
    z.strictObject({ type: z.literal('requirementsPublished'), reportId: Id, requirements: FreeText(20000, { multiline: true }), due: CalendarDate.optional(), comment: Comment }),
    z.strictObject({ type: z.literal('reportSubmitted'), reportId: Id, comment: Comment }),
    z.strictObject({ type: z.literal('fundsUsed'), partId: Id, usedOre: Ore, comment: Comment }),
    z.strictObject({ type: z.literal('repaid'), amountOre: PositiveOre, comment: Comment }),
    z.strictObject({ type: z.literal('decisionParagraph'), paragraph: FreeText(50), comment: Comment }),
  ]),
  { id: 'FactBody', description: 'Something that happened outside grantflow and that the grant waits for, recorded by a coordinator.' },
);

const Reason = FreeText(2000, { multiline: true });
export const AmendBody = named(
  z.strictObject({
    reason: Reason,
    amendment: z.discriminatedUnion('type', [
      // The three deadline kinds share type 'deadline': a union of their own, by target.
      z.discriminatedUnion('target', [
        z.strictObject({ type: z.literal('deadline'), target: z.literal('round'), groupId: Id, date: CalendarDate }),
        z.strictObject({ type: z.literal('deadline'), target: z.literal('requisition'), partId: Id, date: CalendarDate }),
        z.strictObject({ type: z.literal('deadline'), target: z.literal('report'), reportId: Id, date: CalendarDate }),
      ]),
      z.strictObject({ type: z.literal('distribution'), distribution: z.array(z.strictObject({ name: FreeText(200), email: z.email().optional() })).max(100) }),
      z.strictObject({ type: z.literal('amounts'), parts: z.array(z.strictObject({ id: Id, amountOre: Ore })).min(1).max(50) }),
    ]),
  }),
  { id: 'AmendBody', description: 'A change of deadlines, distribution or part amounts that needs no new decision.' },
);

export const CancelBody = named(z.strictObject({ reason: Reason }), { id: 'CancelBody' });
export const ReviseBody = named(z.strictObject({ plan: PlanRequest, comment: FreeText(5000, { multiline: true }) }), {
  id: 'ReviseBody',
  description: 'A new revision of the plan (after a return for more preparation, återremiss); `plan` is checked as a new one and keeps the case number.',
});

// ---- answers ------------------------------------------------------------------------------------

export const StartResult = named(z.object({ caseNumber: z.string(), workflowId: z.string(), created: z.boolean() }), {
  id: 'StartResult',
  description: 'created is false when the same plan was already started (an idempotent repeat).',
});
const ProjectedStep = z.object({ stage: z.enum(STAGES), what: z.string(), date: CalendarDate.optional() });
export const PlanCheckOk = named(z.object({ ok: z.literal(true), plan: GrantPlan, timeline: z.array(ProjectedStep) }), {
  id: 'PlanCheckOk',
  description: 'The plan as it would start (defaults filled in) and its projected timeline.',
});
export const SteerAnswer = named(
  z.object({
    caseNumber: z.string(),
    workflowId: z.string(),
    seq: described(z.number().int(), 'The state’s sequence number after the change; also the ETag of GET /api/grants/{caseNumber}.'),
    status: z.enum(GRANT_STATUSES),
    stage: z.enum(STAGES),
    links: z.object({ self: z.string() }),
  }),
  { id: 'SteerAnswer', description: 'What the workflow’s Update answered: the grant’s sequence number, status and stage after the change. The whole state is at links.self.' },
);

const Loose = z.record(z.string(), z.unknown());
const GrantViewShape = {
  caseNumber: z.string(),
  workflowId: z.string(),
  status: z.enum(GRANT_STATUSES),
  stage: z.enum(STAGES),
  revision: z.number().int(),
  plan: GrantPlan,
  startedAt: Instant,
  startedBy: z.string(),
  rounds: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['anchoring', 'decision', 'signature', 'payment', 'continuation']),
      name: z.string(),
      deadline: CalendarDate.optional(),
      openedAt: Instant,
      closedAt: Instant.optional(),
      outcome: z.string().optional(),
      seats: described(z.array(Loose), 'Who answers, who acts for them, and their answers (without the link nonces).'),
    }),
  ),
  parts: z.array(Loose),
  tranches: z.array(Loose),
  reports: z.array(Loose),
  money: described(z.record(z.string(), z.number().int()), 'totalOre, decidedOre, requisitionedOre, paidOre, lapsedOre, toRepayOre, repaidOre.'),
  moneyFormatted: described(z.record(z.string(), z.string()), 'The same amounts in Swedish format, e.g. "6 203 183,05 kr".'),
  deadlines: z.array(z.object({ what: z.string(), kind: z.string(), ref: z.string(), date: CalendarDate, overdue: z.boolean() })),
  nextDeadline: CalendarDate.optional(),
  overdue: z.boolean(),
  decision: z.object({ outcome: z.string(), at: Instant, body: z.string(), paragraph: z.string().optional(), revision: z.number().int(), delegated: z.boolean().optional() }).optional(),
  signedAt: Instant.optional(),
  continuation: z.enum(['continue', 'close']).optional(),
  cancelled: z.object({ at: Instant, by: z.string(), reason: z.string() }).optional(),
  timeline: z.array(z.object({ at: Instant, type: z.string(), actor: z.string(), comment: z.string().optional(), revision: z.number().int().optional(), data: Loose.optional() })),
  waitsFor: described(z.object({ kind: z.literal('usePeriod'), date: CalendarDate }), 'What the stage waits for before its period begins (e.g. the use period starting later).').optional(),
  revisions: described(z.array(z.object({ revision: z.number().int(), plan: GrantPlan, at: Instant, by: z.string(), comment: z.string().optional() })), 'Every revision of the basis as submitted, the current one included.').optional(),
  seq: described(z.number().int(), 'Incremented on every change; also sent as the ETag.'),
  closedAt: Instant.optional(),
};
// The view must name exactly the fields publicState() returns: a field added there fails to compile here.
const _grantViewKeys: SameKeys<ReturnType<typeof publicState>, typeof GrantViewShape> = true;
void _grantViewKeys;
export const GrantView = named(z.object(GrantViewShape), { id: 'GrantView', description: 'The grant’s state as the workflow holds it.' });

// ---- examples -----------------------------------------------------------------------------------

export const QUICK_GRANT_EXAMPLE = {
  caseNumber: 'RS/728/2024',
  title: 'Stimulansmedel för psykisk hälsa 2025',
  amountOre: 620318305,
  approver: { name: 'Anna Berg', email: 'anna.berg@example.se' },
  deadline: '2030-06-30',
};
export const GRANT_PLAN_EXAMPLE = {
  caseNumber: 'RS/729/2024',
  title: 'Suicidprevention och brukarinflytande 2025',
  organisation: 'Region Jämtland Härjedalen',
  year: 2025,
  coordinators: [{ id: 'elin', name: 'Elin Ring', email: 'elin.ring@example.se' }],
  parts: [
    { id: '1', name: 'Suicidprevention', amountOre: 150000000 },
    { id: '2', name: 'Brukarinflytande', amountOre: 50000000 },
  ],
  totalOre: 200000000,
  decision: {
    body: 'Regionstyrelsen',
    group: { id: 'rs', name: 'Regionstyrelsen', members: [{ id: 'anna', name: 'Anna Berg', email: 'anna.berg@example.se' }], rule: { type: 'all' }, deadline: '2030-06-30' },
  },
};
