/**
 * The grant plan (the decision basis as data): one validated document per grant that can express
 * each of the four source cases. The workflow is driven entirely by it.
 */
import { z } from 'zod';
import { Ore, PositiveOre } from './money';
import { CalendarDate } from './dates';
import { FreeText } from './freeText';
import { say } from './zodText';

const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: say('får bara innehålla bokstäver a–z, siffror, "-", "_" och "."', 'may hold letters, digits, "-", "_" and "." only') });
const Text = (max = 500) => FreeText(max);
const Email = z.email();

/**
 * Diarienummer, e.g. RS/728/2024. Letters, digits, slashes, dashes, dots and spaces, neither
 * first nor last a space (not trimmed: what the document's pattern allows is what is kept).
 */
export const CaseNumber = z
  .string()
  .min(3)
  .max(60)
  .regex(/^[A-Za-zÅÄÖåäö0-9](?:[A-Za-zÅÄÖåäö0-9 /._-]*[A-Za-zÅÄÖåäö0-9/._-])?$/, { error: say('måste se ut som ett diarienummer, t.ex. RS/728/2024', 'must look like a case number, e.g. RS/728/2024') });

export const Person = z.strictObject({
  id: Id,
  name: Text(200),
  email: Email,
  /** Title or role, e.g. "Regiondirektör", "ordförande". */
  title: FreeText(200).optional(),
});
export type Person = z.infer<typeof Person>;

export const Member = Person.extend({
  /** Ersättare: who may act instead of this member when the member delegates. */
  substitutes: z.array(Person).max(5).default([]),
});
export type Member = z.infer<typeof Member>;

/** What counts as support in a group (the group's own rule). */
export const Rule = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('all') }),
  z.strictObject({ type: z.literal('majority') }),
  z.strictObject({ type: z.literal('kOfN'), k: z.number().int().min(1) }),
  z.strictObject({ type: z.literal('any') }),
  z.strictObject({ type: z.literal('chair') }),
]);
export type Rule = z.infer<typeof Rule>;

/** Reminders before a deadline and escalations after it, in days. */
export const Schedule = z.strictObject({
  remindDaysBefore: z.array(z.number().int().min(1).max(365)).max(10).default([7, 1]),
  escalateDaysAfter: z.array(z.number().int().min(0).max(365)).max(10).default([1, 7]),
});
export type Schedule = z.infer<typeof Schedule>;

export const Group = z.strictObject({
  id: Id,
  name: Text(200),
  members: z.array(Member).min(1, { error: say('en grupp behöver minst en ledamot', 'a group needs at least one member') }).max(100),
  chairId: Id.optional(),
  rule: Rule.default({ type: 'all' }),
  /** Last day to answer (end of day, Stockholm). Without it the round waits indefinitely. */
  deadline: CalendarDate.optional(),
  schedule: Schedule.default({ remindDaysBefore: [7, 1], escalateDaysAfter: [1, 7] }),
});
export type Group = z.infer<typeof Group>;

export const Anchoring = z.strictObject({
  /** Parallel: all groups at once; sequential: one after the other, in the listed order. */
  order: z.enum(['parallel', 'sequential']).default('parallel'),
  groups: z.array(Group).min(1).max(10),
});

export const DelegatedDecision = z.strictObject({
  /** Who decided under delegation, e.g. "Regionstyrelsens ordförande". */
  decidedBy: Text(200),
  date: CalendarDate,
  note: FreeText(2000, { multiline: true }).optional(),
});

export const Decision = z.strictObject({
  /** The deciding body: SVOM, Regionstyrelsen, HSS, a steering group. */
  body: Text(200),
  group: Group,
  /** Att-satser: "Att godkänna …". */
  motions: z.array(Text(2000)).max(50).default([]),
  /** Set when the decision was already taken under delegation and the body only confirms it (seed 003). */
  delegated: DelegatedDecision.optional(),
});

export const Signature = z.strictObject({
  signatory: Person,
  /** What is signed, e.g. "Överenskommelse om IOP med NSPH". */
  document: Text(500),
  deadline: CalendarDate.optional(),
  schedule: Schedule.default({ remindDaysBefore: [7, 1], escalateDaysAfter: [1, 7] }),
});

export const Part = z.strictObject({
  id: Id,
  name: Text(300),
  amountOre: Ore,
  focusAreas: z.array(Text(300)).max(50).default([]),
  /** Rekvireras av: the unit that claims the money, with the last day to do so. */
  requisition: z.strictObject({ unit: Text(300), deadline: CalendarDate.optional() }).optional(),
  /** Who reports on the use of this part. */
  reportedBy: FreeText(300).optional(),
});
export type Part = z.infer<typeof Part>;

export const TrancheTrigger = z.discriminatedUnion('on', [
  z.strictObject({ on: z.literal('decision') }),
  z.strictObject({ on: z.literal('signature') }),
  z.strictObject({ on: z.literal('date'), date: CalendarDate }),
  /** Paid only if an external decision (e.g. state funds for user influence 2025) arrives by the deadline. */
  z.strictObject({ on: z.literal('condition'), condition: Text(500), deadline: CalendarDate }),
]);
export type TrancheTrigger = z.infer<typeof TrancheTrigger>;

export const Tranche = z.strictObject({
  id: Id,
  amountOre: PositiveOre,
  payee: Text(300),
  partId: Id.optional(),
  trigger: TrancheTrigger,
});
export type Tranche = z.infer<typeof Tranche>;

export const Report = z.strictObject({
  id: Id,
  /** What is reported, e.g. "Återredovisning av stimulansmedel 2020". */
  what: Text(500),
  /** The steering group or authority reported to. */
  to: Text(300),
  due: CalendarDate,
  /** False when the requirements are "not yet published" (seed 004); they can be published later. */
  requirementsPublished: z.boolean().default(true),
  requirements: FreeText(5000, { multiline: true }).optional(),
  /** Who is reminded and escalated to, in addition to the coordinators. */
  responsible: z.array(Person).max(20).default([]),
  schedule: Schedule.default({ remindDaysBefore: [30, 7], escalateDaysAfter: [1, 14] }),
});
export type Report = z.infer<typeof Report>;

export const GrantPlan = z.strictObject({
  caseNumber: CaseNumber,
  title: Text(300),
  organisation: Text(200).default('Region Jämtland Härjedalen'),
  county: z.string().regex(/^\d{2}$/, { error: say('måste vara en tvåsiffrig länskod, t.ex. 23', 'must be a two-digit county code, e.g. 23') }).optional(),
  year: z.number().int().min(2000).max(2100),
  /** Earliest date the plan's stages may begin (defaults to the day the grant starts). */
  coordinators: z.array(Person).min(1, { error: say('ange minst en samordnare', 'name at least one coordinator') }).max(20),
  /** The national agreement or other source of the money. */
  source: FreeText(500).optional(),
  basis: z.strictObject({ summary: z.string().max(20000).default(''), documents: z.array(z.strictObject({ title: Text(300), url: z.url() })).max(20).default([]) }).default({ summary: '', documents: [] }),
  parts: z.array(Part).min(1, { error: say('ett bidrag behöver minst en del', 'a grant needs at least one part') }).max(50),
  /** The plan's total; must equal the sum of the parts, to the öre. */
  totalOre: Ore,
  anchoring: Anchoring.optional(),
  decision: Decision,
  signature: Signature.optional(),
  /** An intermediary that holds and administers the money (seed 003). */
  intermediary: z.strictObject({ name: Text(300), note: FreeText(2000, { multiline: true }).optional() }).optional(),
  tranches: z.array(Tranche).max(50).default([]),
  /** Finance staff who are told to pay a tranche and confirm it was paid. */
  finance: z.array(Person).max(10).default([]),
  usePeriod: z.strictObject({ from: CalendarDate, to: CalendarDate }).optional(),
  reports: z.array(Report).max(20).default([]),
  /** The steering group's decision on whether the work continues (seed 002). */
  continuation: z.strictObject({ group: Group }).optional(),
  /** Utdrag till: who receives the decision's extract. */
  distribution: z.array(z.strictObject({ name: Text(200), email: Email.optional() })).max(100).default([]),
  lang: z.enum(['sv', 'en']).default('sv'),
});
export type GrantPlan = z.infer<typeof GrantPlan>;
export type GrantPlanInput = z.input<typeof GrantPlan>;
