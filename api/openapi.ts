/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas the routes validate
 * with (never written by hand): request schemas are imported from the routers and converted with
 * zod's own `z.toJSONSchema` (JSON Schema 2020-12, the dialect OpenAPI 3.1 uses), so a change to a
 * schema is a change to the document. Response schemas that have no zod schema in the routes (the
 * grant view, the error body) are described here in zod too, and checked against the code's types
 * at compile time where a type exists.
 *
 * `ROUTES` is the registry of every route the app answers; test/unit/openapi.test.ts walks the
 * express app and fails when a route is missing here (or listed here but not served).
 */
import { z } from 'zod';
import { CaseNumber, GrantPlan } from '../domain/plan';
import { CalendarDate } from '../domain/dates';
import { Ore } from '../domain/money';
import { STAGES } from '../workflows/grant/contract';
import type { publicState } from './grantView';
import type { Role } from './auth';
import { AmendBody, CancelBody, CaseParams, FactBody, QuickGrant, ReviseBody } from './routes/grants';
import {
  AgreementCountyParams,
  AgreementDocument,
  AgreementId,
  AgreementParams,
  AllocationsCsvQuery,
  CountyParam,
  PlanPartsBody,
  RegisterAgreementBody,
  RetireAgreementBody,
  type agreementView,
  type allocationsView,
  type countyView,
  type listItem as agreementListItem,
} from './routes/agreements';
import type { AllocationKey } from '../domain/allocation';
import { DecisionForm } from './routes/approvals';
import { LoginForm, PreviewForm, RevisionsQuery } from './routes/dashboard';
import { signinAndWorkbenchRoutes } from './openapiWorkbench';
import { GRANT_STATUSES, GrantListQuery, MAX_PAGE_SIZE, SORTS } from './visibility';

export const OPENAPI_VERSION = '3.1.1';
/** The version of the API contract (not of the package). */
export const API_VERSION = '0.1.0';

// -------------------------------------------------------------------------------------------------
// Named schemas: every schema registered here becomes components.schemas[id] and is referenced by
// `$ref` wherever it occurs (also inside other schemas, e.g. CaseNumber inside GrantPlan).

interface SchemaMeta {
  /** With an id the schema becomes a component; without, the entry only adds its description. */
  id?: string;
  title?: string;
  description?: string;
  format?: string;
  examples?: unknown[];
}
/** A registry of its own (not zod's global one): registering here changes nothing else. */
export const schemaRegistry = z.registry<SchemaMeta>();
/** Ids of objects that only describe path or query parameters; they do not become components. */
const parameterObjects = new Set<string>();

function named<T extends z.ZodType>(schema: T, meta: SchemaMeta & { id: string }): T {
  schemaRegistry.add(schema, meta);
  return schema;
}
/** Metadata for an unnamed schema (zod's .meta() would write to the global registry instead). */
function described<T extends z.ZodType>(schema: T, description: string, extra: Omit<SchemaMeta, 'id' | 'description'> = {}): T {
  schemaRegistry.add(schema, { description, ...extra });
  return schema;
}
function parameters<T extends z.ZodObject>(schema: T, id: string): T {
  parameterObjects.add(id);
  return named(schema, { id });
}

named(CaseNumber, { id: 'CaseNumber', description: 'Diarienummer. In a path it is percent-encoded, slashes too: RS/728/2024 → RS%2F728%2F2024.', examples: ['RS/728/2024'] });
named(CalendarDate, { id: 'CalendarDate', format: 'date', description: 'A calendar date (YYYY-MM-DD) in Europe/Stockholm; a deadline on a date means the end of that day.', examples: ['2030-06-30'] });
named(Ore, { id: 'Ore', description: 'An amount in whole öre (1 kr = 100 öre), never fractional or negative.', examples: [620318305] });
named(GrantPlan, { id: 'GrantPlan', description: 'The decision basis as data: everything the grant workflow needs, from anchoring and decision to payment and reports.' });
named(QuickGrant, { id: 'QuickGrant', description: 'The short form: one amount and one approver. Expanded into a full plan for the caller’s organisation.' });
export const PlanRequest = named(z.union([GrantPlan, QuickGrant]), {
  id: 'PlanRequest',
  description: 'A full GrantPlan, or the QuickGrant short form (recognised by an `approver` field and no `parts`).',
});
named(FactBody, { id: 'FactBody', description: 'Something that happened outside grantflow and that the grant waits for, recorded by a coordinator.' });
named(AmendBody, { id: 'AmendBody', description: 'A change of deadlines, distribution or part amounts that needs no new decision.' });
named(CancelBody, { id: 'CancelBody' });
named(ReviseBody, { id: 'ReviseBody', description: 'A new revision of the plan (after a return for more preparation, återremiss).' });
named(DecisionForm, { id: 'DecisionForm', description: 'The approval page’s form. `form` is the hidden value of the page rendered for this link.' });
parameters(CaseParams, 'CaseParams');
export const TokenParams = parameters(
  z.object({
    token: described(z.string().max(2000), 'The signed token from the approval mail: v1.<payload>.<mac>. Unguessable, bound to one seat, expiring.', {
      examples: ['v1.eyJ3IjoiZ3JhbnQtUlMvNzI4LzIwMjQifQ.c2lnbmF0dXJl'],
    }),
  }),
  'TokenParams',
);
export const LangQuery = parameters(
  z.object({ lang: described(z.enum(['sv', 'en']).optional(), 'Page language; without it the grant’s language (or Accept-Language) decides.') }),
  'LangQuery',
);

export const Problem = named(z.object({ path: z.string(), message: z.string() }), { id: 'Problem', description: 'One problem with a request or a plan: where (dotted path) and what.' });
export const ErrorBody = named(
  z.object({
    error: z.object({
      code: described(z.string(), 'Stable, machine-readable: invalid_request, malformed_json, malformed_path, unauthenticated, invalid_token, forbidden, not_found, duplicate, invalid_plan, or a workflow refusal type (e.g. DateInPast).'),
      message: described(z.string(), 'For people; may change.'),
      problems: z.array(Problem).optional(),
    }),
  }),
  { id: 'Error', description: 'Every error of the JSON API has this shape.' },
);
export const StartResult = named(z.object({ caseNumber: z.string(), workflowId: z.string(), created: z.boolean() }), {
  id: 'StartResult',
  description: 'created is false when the same plan was already started (an idempotent repeat).',
});
const ProjectedStep = z.object({ stage: z.enum(STAGES), what: z.string(), date: CalendarDate.optional() });
export const PlanCheckOk = named(z.object({ ok: z.literal(true), plan: GrantPlan, timeline: z.array(ProjectedStep) }), {
  id: 'PlanCheckOk',
  description: 'The plan as it would start (defaults filled in) and its projected timeline.',
});
export const PlanCheckFailed = named(z.object({ ok: z.literal(false), problems: z.array(Problem) }), {
  id: 'PlanCheckFailed',
  description: 'Why the plan cannot work. (This route answers 422 with this body rather than the Error shape.)',
});

const Instant = described(z.string(), 'An instant (ISO 8601, UTC).', { format: 'date-time' });
const Loose = z.record(z.string(), z.unknown());
const GrantViewShape = {
  caseNumber: z.string(),
  workflowId: z.string(),
  status: z.enum(GRANT_STATUSES),
  stage: z.enum(STAGES),
  waitsFor: described(z.object({ kind: z.literal('usePeriod'), date: CalendarDate }), 'What the stage waits for before its period begins (e.g. the use period starting later).').optional(),
  revision: z.number().int(),
  plan: GrantPlan,
  revisions: described(z.array(z.object({ revision: z.number().int(), plan: GrantPlan, at: Instant, by: z.string(), comment: z.string().optional() })), 'Every revision of the basis as submitted, the current one included.').optional(),
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
  seq: described(z.number().int(), 'Incremented on every change; also sent as the ETag.'),
  closedAt: Instant.optional(),
};
// The view must name exactly the fields publicState() returns: a field added there fails to compile here.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : { missing: Exclude<keyof A, keyof B>; extra: Exclude<keyof B, keyof A> };
const _grantViewKeys: SameKeys<ReturnType<typeof publicState>, typeof GrantViewShape> = true;
void _grantViewKeys;
export const GrantView = named(z.object(GrantViewShape), { id: 'GrantView', description: 'The grant’s state as the workflow holds it.' });

parameters(GrantListQuery, 'GrantListQuery');
const ListItem = named(
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
    nextDeadline: CalendarDate.optional(),
    nextDeadlineAt: Instant.optional(),
    workflowId: z.string(),
    runId: z.string(),
    executionStatus: described(z.string(), 'Temporal’s view of the run: Running, Completed, Terminated, …'),
    startTime: Instant,
    closeTime: Instant.optional(),
    links: z.object({ self: z.string(), dashboard: z.string() }),
  }),
  { id: 'GrantListItem', description: 'One grant as the list shows it, from its search attributes.' },
);
export const GrantList = named(
  z.object({
    items: z.array(ListItem),
    page: z.number().int(),
    pageSize: z.number().int(),
    pages: z.number().int(),
    total: described(z.number().int(), 'Grants matching the filters.'),
    sort: z.enum(SORTS),
    links: described(z.record(z.string(), z.string()), 'self, first, last, prev, next and csv (the export of the same filters).'),
  }),
  { id: 'GrantList', description: `One page of the grants matching the filters (at most ${MAX_PAGE_SIZE} a page).` },
);
named(LoginForm, { id: 'LoginForm', description: 'The dashboard’s login form: a bearer token (as npm start prints) and where to go next.' });
named(RevisionsQuery, { id: 'RevisionsQuery', description: 'Which revision of the basis to read (`rev`), or which two to compare (`from`, `to`; `all=1` shows unchanged lines too).' });
named(PreviewForm, { id: 'PreviewForm', description: 'The plan preview form: the plan’s JSON pasted (`plan`) or as a file (`file`); the file wins when both are given.' });

// ---- National agreements and allocations (api/routes/agreements.ts).

named(AgreementId, { id: 'AgreementId', description: 'An agreement’s id, chosen when it is registered (default: its year). The agreement’s workflow is `agreement:<id>`.', examples: ['2020', '2020-psykisk-halsa'] });
named(CountyParam, { id: 'CountyCode', description: 'A county’s two-digit code as SCB writes it (01 Stockholm … 23 Jämtland … 25 Norrbotten).', examples: ['23'] });
parameters(AgreementParams, 'AgreementParams');
parameters(AgreementCountyParams, 'AgreementCountyParams');
parameters(AllocationsCsvQuery, 'AllocationsCsvQuery');
named(AgreementDocument, {
  id: 'Agreement',
  description:
    'A national agreement as domain/allocation reads it (docs/allocation.md): year, title, parties, the national total, and the parts that go to the counties, each with its allocation key. ' +
    'Amounts in öre. Beyond this structure the agreement’s own checks apply (answered with 422): unique part ids, fixed amounts that cover their part exactly, shares of all 21 counties adding up to 100 %, bases within the part, parts within the national total.',
});
named(RegisterAgreementBody, {
  id: 'RegisterAgreementBody',
  description:
    '`agreement` as the agreement file holds it; `id` (default: the agreement’s year); `population`: the text of SCB’s CSV export (table BE0101, region × ålder × år) to allocate by. ' +
    'Without `population` the shipped constructed table population-2019 is used (not SCB data; it reproduces seed 004).',
});
named(PlanPartsBody, {
  id: 'PlanPartsBody',
  description:
    'Optional. Without it every part of the agreement becomes one plan part, in the agreement’s order, with its id and name (as seed 004 has them). ' +
    '`include` keeps only the listed parts; `merge` adds several parts into one plan part with an id and name of its own, placed where its first part was.',
});
named(RetireAgreementBody, { id: 'RetireAgreementBody' });

const AgreementLinks = z.object({ self: z.string(), allocations: z.string(), csv: z.string() });
const AgreementStatus = described(z.enum(['active', 'retired']), 'retired: a coordinator retired the agreement (its workflow has closed); it can still be read and allocated, but gives no plan parts.');
export const AgreementRegistered = named(z.object({ id: z.string(), workflowId: z.string(), created: z.boolean(), links: AgreementLinks }), {
  id: 'AgreementRegistered',
  description: 'created is false when the same agreement was already registered under this id (an idempotent repeat).',
});
const AgreementListItemShape = {
  id: z.string(),
  workflowId: z.string(),
  status: AgreementStatus,
  year: z.number().int().optional(),
  title: z.string().optional(),
  parties: z.array(z.string()).optional(),
  nationalTotalOre: z.number().int().optional(),
  nationalTotalFormatted: z.string().optional(),
  parts: described(z.number().int().optional(), 'How many parts go to the counties.'),
  populationYear: z.number().int().optional(),
  registeredAt: Instant,
  links: AgreementLinks,
};
const _agreementListItemKeys: SameKeys<ReturnType<typeof agreementListItem>, typeof AgreementListItemShape> = true;
void _agreementListItemKeys;
export const AgreementList = named(z.object({ items: z.array(named(z.object(AgreementListItemShape), { id: 'AgreementListItem' })), total: z.number().int() }), {
  id: 'AgreementList',
  description: 'Every registered agreement (from Temporal visibility), the latest year first.',
});
const PopulationInfo = named(
  z.object({
    source: z.enum(['inline', 'fixture']),
    name: described(z.string().optional(), 'The shipped table’s name (source fixture).'),
    note: z.string().optional(),
    year: z.number().int(),
    ageGroups: z.number().int(),
    total: z.number().int(),
    counties: z.array(z.object({ code: z.string(), name: z.string(), people: z.number().int() })),
  }),
  { id: 'PopulationInfo', description: 'The population the agreement is allocated by: sent with the registration (inline), or a table shipped with grantflow (fixture).' },
);
const AgreementViewShape = {
  id: z.string(),
  workflowId: z.string(),
  status: AgreementStatus,
  agreement: AgreementDocument,
  nationalTotalFormatted: z.string(),
  population: PopulationInfo,
  registeredAt: Instant,
  registeredBy: z.object({ name: z.string(), org: z.string() }),
  retired: z.object({ at: Instant, by: z.string(), reason: z.string() }).optional(),
  links: AgreementLinks,
};
const _agreementViewKeys: SameKeys<ReturnType<typeof agreementView>, typeof AgreementViewShape> = true;
void _agreementViewKeys;
export const AgreementView = named(z.object(AgreementViewShape), { id: 'AgreementView', description: 'A registered agreement as its workflow holds it.' });
/** Every key type of domain/allocation (a new one fails to compile here until it is listed). */
const KEY_TYPES = ['equal', 'fixedPerCounty', 'basePlusPopulation', 'populationShare', 'ageBandShare', 'shares'] as const satisfies readonly AllocationKey['type'][];
const _allKeyTypes: Exclude<AllocationKey['type'], (typeof KEY_TYPES)[number]> extends never ? true : false = true;
void _allKeyTypes;
const KeyType = described(z.enum(KEY_TYPES), 'The part’s allocation key (docs/allocation.md).');
const AllocationHeading = {
  agreementId: z.string(),
  year: z.number().int(),
  title: z.string(),
  status: AgreementStatus,
  populationYear: z.number().int(),
  populationSource: z.enum(['inline', 'fixture']),
};
const AllocationsShape = {
  ...AllocationHeading,
  parts: z.array(z.object({ partId: z.string(), name: z.string(), keyType: KeyType, nationalOre: z.number().int(), nationalFormatted: z.string() })),
  counties: described(
    z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        parts: z.array(z.object({ partId: z.string(), ore: z.number().int(), formatted: z.string() })),
        totalOre: z.number().int(),
        totalFormatted: z.string(),
      }),
    ),
    'All 21 counties in code order; each part’s amounts add up to its national amount exactly (largest remainder, ties to the lower county code).',
  ),
  totalOre: described(z.number().int(), 'What the parts give the counties together (not the agreement’s national total, which also holds money that does not go to the counties).'),
  totalFormatted: z.string(),
  links: AgreementLinks,
};
const _allocationsKeys: SameKeys<ReturnType<typeof allocationsView>, typeof AllocationsShape> = true;
void _allocationsKeys;
export const AgreementAllocations = named(z.object(AllocationsShape), { id: 'AgreementAllocations', description: 'What each county receives of each part, to the öre, in öre and in Swedish format.' });
const CountyAllocationShape = {
  ...AllocationHeading,
  county: z.object({ code: z.string(), name: z.string() }),
  parts: z.array(z.object({ partId: z.string(), name: z.string(), keyType: KeyType, ore: z.number().int(), formatted: z.string() })),
  totalOre: z.number().int(),
  totalFormatted: z.string(),
  links: AgreementLinks.extend({ county: z.string(), planParts: z.string() }),
};
const _countyKeys: SameKeys<ReturnType<typeof countyView>, typeof CountyAllocationShape> = true;
void _countyKeys;
export const CountyAllocationView = named(z.object(CountyAllocationShape), { id: 'CountyAllocation', description: 'One county’s parts and total.' });
export const PlanPartsResult = named(
  z.object({
    agreementId: z.string(),
    county: z.string(),
    countyName: z.string(),
    year: z.number().int(),
    source: z.string(),
    parts: z.array(z.object({ id: z.string(), name: z.string(), amountOre: z.number().int() })),
    totalOre: z.number().int(),
    totalFormatted: z.string(),
    breakdown: z.array(z.object({ id: z.string(), formatted: z.string(), agreementParts: z.array(z.string()) })),
  }),
  {
    id: 'PlanPartsResult',
    description:
      '`county`, `year`, `source`, `parts` and `totalOre` are fields of a GrantPlan: put them into a plan (with its coordinators, decision, …) for POST /api/plans/validate or POST /api/grants. ' +
      '`breakdown` shows each plan part in Swedish format and the agreement parts it holds.',
  },
);

export const HealthBody = named(z.object({ status: z.literal('ok') }), { id: 'Health' });
export const ReadyBody = named(
  z.object({
    status: z.enum(['ready', 'not ready']),
    temporal: z.enum(['reachable', 'unreachable']),
    list: described(
      z.enum(['loading', 'current', 'stale']).optional(),
      'The managers’ list snapshot: loading (its first read; lists read visibility meanwhile), current, or stale (its last refresh failed; lists are served as of listAsOf). Never a reason to be not ready.',
    ),
    listAsOf: described(Instant.optional(), 'When the list snapshot’s last completed refresh started: what visibility held then, lists show.'),
  }),
  { id: 'Readiness' },
);

// -------------------------------------------------------------------------------------------------
// Routes.

export type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';
export type Tag = 'Plans' | 'Grants' | 'Lists' | 'Steering' | 'Agreements' | 'Approval pages' | 'Dashboard' | 'Service';
export const TAGS: { name: Tag; description: string }[] = [
  { name: 'Plans', description: 'Check a plan before starting it.' },
  { name: 'Grants', description: 'Start a grant (one workflow per case number, ever) and read its state.' },
  { name: 'Lists', description: 'Managers’ and coordinators’ views over every grant of their organisation (admins: all), from Temporal visibility.' },
  { name: 'Steering', description: 'Coordinators record what happened outside grantflow and change a running grant. Each answers with the new state.' },
  { name: 'Approval pages', description: 'HTML pages behind the links in approval mails (not part of the JSON API). GET and HEAD only show; the decision is a form POST from the page itself.' },
  { name: 'Dashboard', description: 'The managers’ web dashboard: server-rendered HTML. A browser logs in once with its token and then carries the gf_session cookie (HttpOnly, SameSite=Strict, Path=/dashboard); a bearer header works too. Without a session a page redirects (303) to the login form.' },
  { name: 'Agreements', description: 'National agreements (överenskommelser) and their allocation keys: register one, see what every county or one county receives per part, and turn a county’s share into a grant plan’s parts. Agreements are national: every coordinator and manager sees all of them.' },
  { name: 'Service', description: 'Health, readiness, metrics and this documentation. Only /metrics needs a token.' },
];

/** Error statuses, each a shared response in components.responses. */
export const ERROR_RESPONSES = {
  400: { name: 'BadRequest', description: 'The request is invalid: malformed JSON, a body that is not an object, a path that is not valid percent-encoding, or fields that fail validation (see problems).' },
  401: { name: 'Unauthorized', description: 'No bearer token, or one that is invalid or expired.' },
  403: { name: 'Forbidden', description: 'The token lacks the role, or the grant belongs to another organisation.' },
  404: { name: 'NotFound', description: 'No such grant (or one of another organisation), agreement or county, or no such part, tranche, report or round.' },
  409: { name: 'Conflict', description: 'The case (or agreement id) is taken by other content, or the grant or agreement is not in a state that allows this (e.g. retired).' },
  413: { name: 'PayloadTooLarge', description: 'The body is larger than 1 MB.' },
  415: { name: 'UnsupportedMediaType', description: 'The body’s charset or content encoding is not supported.' },
  422: { name: 'Unprocessable', description: 'Well-formed, but the plan or agreement cannot work, or the workflow refuses the change (code names the reason; problems name every fault).' },
} as const;
export type ErrorStatus = keyof typeof ERROR_RESPONSES;

export interface ResponseDoc {
  description: string;
  /** A registered zod schema (becomes a $ref), or none for a body-less answer. */
  schema?: z.ZodType;
  contentType?: 'application/json' | 'text/html' | 'text/css' | 'text/csv' | 'text/plain';
  headers?: Record<string, string>;
}

export interface RouteDoc {
  method: Method;
  /** Express syntax, as mounted: `/api/grants/:caseNumber`. */
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  /** Roles of the bearer token that may call it (admin always may); none: no authentication. */
  roles?: readonly Role[];
  /** How the roles are proven: a bearer header (default), or the dashboard's session cookie or a bearer header. */
  auth?: 'bearer' | 'session';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; contentType?: 'application/json' | 'application/x-www-form-urlencoded' | 'multipart/form-data'; example: unknown };
  responses: { [status: number]: ResponseDoc };
  errors?: readonly ErrorStatus[];
}

const html = (description: string): ResponseDoc => ({ description, contentType: 'text/html' });

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

const steering = (operationId: string, segment: string, summary: string, schema: z.ZodType, example: unknown, description: string): RouteDoc => ({
  method: 'post',
  path: `/api/grants/:caseNumber/${segment}`,
  operationId,
  tag: 'Steering',
  summary,
  description,
  roles: ['coordinator'],
  params: CaseParams,
  body: { schema, example },
  responses: { 200: { description: 'The grant’s new state.', schema: GrantView } },
  errors: [400, 401, 403, 404, 409, 413, 415, 422],
});

export const AGREEMENT_EXAMPLE = {
  year: 2020,
  title: 'Överenskommelse om insatser inom området psykisk hälsa 2020',
  parties: ['Regeringen', 'Sveriges Kommuner och Regioner (SKR)'],
  nationalTotalOre: 171600000000,
  populationYear: 2019,
  parts: [
    { id: 'I', name: 'Stärkt samverkan för personer med samsjuklighet', nationalOre: 20000000000, key: { type: 'basePlusPopulation', basePerCountyOre: 500000000 } },
    {
      id: 'II',
      name: 'Insatser för stärkt brukarmedverkan',
      nationalOre: 2400000000,
      key: { type: 'fixedPerCounty', amountOre: 100000000, exceptions: [{ county: '01', amountOre: 200000000 }, { county: '12', amountOre: 200000000 }, { county: '14', amountOre: 200000000 }] },
    },
    { id: 'III', name: 'Suicidprevention', nationalOre: 20000000000, key: { type: 'populationShare' } },
    { id: 'IV', name: 'Ungdomsmottagningen', nationalOre: 15000000000, key: { type: 'ageBandShare', fromAge: 0, toAge: 25 } },
  ],
};

const AGREEMENT_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/agreements',
    operationId: 'registerAgreement',
    tag: 'Agreements',
    summary: 'Register an agreement',
    description:
      'Checks the agreement (its structure: 400; its sums, keys and the population: 422, naming every problem), allocates every part once as a trial, and starts the agreement’s workflow, which keeps it. ' +
      'One id, one agreement, ever: the same agreement again answers 200 (idempotent), a different one under the same id 409.',
    roles: ['coordinator'],
    body: { schema: RegisterAgreementBody, example: { id: '2020', agreement: AGREEMENT_EXAMPLE } },
    responses: {
      201: { description: 'Registered.', schema: AgreementRegistered, headers: { Location: 'The agreement’s URL.' } },
      200: { description: 'This agreement was already registered under this id; nothing new was started.', schema: AgreementRegistered, headers: { Location: 'The agreement’s URL.' } },
    },
    errors: [400, 401, 403, 409, 413, 415, 422],
  },
  {
    method: 'get',
    path: '/api/agreements',
    operationId: 'listAgreements',
    tag: 'Agreements',
    summary: 'List agreements',
    description: 'Every registered agreement, from Temporal visibility: id, year, title, parties, national total, status.',
    roles: ['manager', 'coordinator'],
    responses: { 200: { description: 'The agreements.', schema: AgreementList } },
    errors: [400, 401, 403],
  },
  {
    method: 'get',
    path: '/api/agreements/:agreementId',
    operationId: 'getAgreement',
    tag: 'Agreements',
    summary: 'Read an agreement',
    description: 'The agreement as registered, the population it is allocated by (its source, year and each county’s people), who registered it and when.',
    roles: ['manager', 'coordinator'],
    params: AgreementParams,
    responses: { 200: { description: 'The agreement.', schema: AgreementView } },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/agreements/:agreementId/allocations',
    operationId: 'getAllocations',
    tag: 'Agreements',
    summary: 'Allocate to every county',
    description: 'All 21 counties’ amounts for each part and in total, in öre and in Swedish format.',
    roles: ['manager', 'coordinator'],
    params: AgreementParams,
    responses: { 200: { description: 'The allocation.', schema: AgreementAllocations } },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/agreements/:agreementId/allocations.csv',
    operationId: 'exportAllocations',
    tag: 'Agreements',
    summary: 'Allocate to every county, as CSV',
    description:
      'One row per county and a sum row; each part twice, whole öre and kronor in Swedish format. UTF-8 with a byte-order mark, `;` between cells, CRLF, as /api/grants.csv. `lang=en` for English headers.',
    roles: ['manager', 'coordinator'],
    params: AgreementParams,
    query: AllocationsCsvQuery,
    responses: { 200: { description: 'The CSV file.', contentType: 'text/csv', headers: { 'Content-Disposition': 'attachment; filename="fordelning-<id>-<date>.csv"' } } },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/agreements/:agreementId/allocations/:county',
    operationId: 'getCountyAllocation',
    tag: 'Agreements',
    summary: 'Allocate to one county',
    description: 'One county’s amount for each part and its total. A code that is no county (e.g. 02) answers 404 naming the counties.',
    roles: ['manager', 'coordinator'],
    params: AgreementCountyParams,
    responses: { 200: { description: 'The county’s parts.', schema: CountyAllocationView } },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'post',
    path: '/api/agreements/:agreementId/allocations/:county/plan-parts',
    operationId: 'agreementPlanParts',
    tag: 'Agreements',
    summary: 'A grant plan’s parts from a county’s allocation',
    description:
      'The county’s parts as a GrantPlan’s `parts` and `totalOre` (with `county`, `year` and `source`), ready to put into a plan for POST /api/plans/validate or POST /api/grants. Computes only; starts nothing. ' +
      'A selection that does not fit the agreement (an unknown part, a part merged twice) answers 422; a retired agreement 409.',
    roles: ['coordinator'],
    params: AgreementCountyParams,
    body: { schema: PlanPartsBody, example: { merge: [{ id: 'I-III', name: 'Samsjuklighet och suicidprevention', parts: ['I', 'III'] }] } },
    responses: { 200: { description: 'The plan parts.', schema: PlanPartsResult } },
    errors: [400, 401, 403, 404, 409, 413, 415, 422],
  },
  {
    method: 'post',
    path: '/api/agreements/:agreementId/retire',
    operationId: 'retireAgreement',
    tag: 'Agreements',
    summary: 'Retire an agreement',
    description: 'Ends the agreement’s workflow with a reason (a withdrawn or replaced agreement). It stays readable; its id is never registered again.',
    roles: ['coordinator'],
    params: AgreementParams,
    body: { schema: RetireAgreementBody, example: { reason: 'Ersatt av en reviderad överenskommelse' } },
    responses: { 200: { description: 'The retired agreement.', schema: AgreementView } },
    errors: [400, 401, 403, 404, 409, 413, 415],
  },
];

/** The header every list answers with. */
const LIST_AS_OF =
  'When the list’s data was read (ISO 8601, UTC): the start of the list snapshot’s last completed refresh, or now when it was read from visibility directly (before the snapshot’s first load).';

export const ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/plans/validate',
    operationId: 'validatePlan',
    tag: 'Plans',
    summary: 'Check a plan without starting it',
    description: 'Parses the plan (or the QuickGrant short form), checks that it can work (sums, dates, members, rules) and projects its timeline. Starts nothing.',
    roles: ['coordinator'],
    body: { schema: PlanRequest, example: GRANT_PLAN_EXAMPLE },
    responses: {
      200: { description: 'The plan can work.', schema: PlanCheckOk },
      422: { description: 'The plan cannot work.', schema: PlanCheckFailed },
    },
    errors: [400, 401, 403, 413, 415],
  },
  {
    method: 'post',
    path: '/api/grants',
    operationId: 'startGrant',
    tag: 'Grants',
    summary: 'Start a grant',
    description: 'Checks the plan as /api/plans/validate does and starts its workflow. One case number has one grant, ever: the same plan again answers 200 (idempotent), a different plan 409.',
    roles: ['coordinator'],
    body: { schema: PlanRequest, example: QUICK_GRANT_EXAMPLE },
    responses: {
      201: { description: 'Started.', schema: StartResult, headers: { Location: 'The grant’s URL.' } },
      200: { description: 'This plan was already started; nothing new was started.', schema: StartResult, headers: { Location: 'The grant’s URL.' } },
    },
    errors: [400, 401, 403, 409, 413, 415, 422],
  },
  {
    method: 'get',
    path: '/api/grants/:caseNumber',
    operationId: 'getGrant',
    tag: 'Grants',
    summary: 'Read a grant',
    description: 'The whole state: stage, rounds and answers, parts, tranches, reports, money, deadlines and the timeline.',
    roles: ['manager', 'coordinator'],
    params: CaseParams,
    responses: { 200: { description: 'The grant.', schema: GrantView, headers: { ETag: 'The state’s sequence number.' } } },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/grants',
    operationId: 'listGrants',
    tag: 'Lists',
    summary: 'List grants',
    description:
      'Filters combine with AND; a filter given twice (stage=a&stage=b) or comma-separated means any of them. ' +
      '`q` matches words of the title and the start of the case number. Sorted by `sort` (a leading - reverses; grants without the value last), ' +
      'paged with page and pageSize. Headers: X-Total-Count, Link with first, prev, next and last, and X-List-As-Of. ' +
      'Read from the API’s snapshot of Temporal visibility, refreshed every LIST_REFRESH_SECONDS (2 s); a write through this API shows at once.',
    roles: ['manager', 'coordinator'],
    query: GrantListQuery,
    responses: {
      200: {
        description: 'One page of the list.',
        schema: GrantList,
        headers: { 'X-Total-Count': 'Grants matching the filters.', Link: 'RFC 8288 links to the first, previous, next and last pages.', 'X-List-As-Of': LIST_AS_OF },
      },
    },
    errors: [400, 401, 403],
  },
  {
    method: 'get',
    path: '/api/grants.csv',
    operationId: 'exportGrants',
    tag: 'Lists',
    summary: 'Export grants as CSV',
    description:
      'Every grant matching the filters (page and pageSize are ignored), sorted as the list. UTF-8 with a byte-order mark, `;` between cells, CRLF: ' +
      'Excel in a Swedish locale opens it as it is. Amounts twice: whole öre, and kronor in Swedish format. `lang=en` for English headers and labels.',
    roles: ['manager', 'coordinator'],
    query: GrantListQuery,
    responses: { 200: { description: 'The CSV file.', contentType: 'text/csv', headers: { 'Content-Disposition': 'attachment; filename="bidrag-<date>.csv"', 'X-List-As-Of': LIST_AS_OF } } },
    errors: [400, 401, 403],
  },
  steering('recordFact', 'facts', 'Record a fact', FactBody, { type: 'paymentMade', trancheId: 't1', comment: 'Utbetalt enligt beslut' }, 'A state decision, a requisition, a payment, published report requirements, a submitted report, funds used, a repayment or the decision’s paragraph.'),
  steering('amendGrant', 'amendments', 'Amend a grant', AmendBody, { reason: 'Sammanträdet flyttat', amendment: { type: 'deadline', target: 'round', groupId: 'approver', date: '2030-09-30' } }, 'Changes that need no new decision: a deadline, the distribution list or part amounts (the total stays).'),
  steering('reviseGrant', 'revisions', 'Revise the plan', ReviseBody, { plan: { ...QUICK_GRANT_EXAMPLE, title: 'Stimulansmedel för psykisk hälsa 2025 (reviderad)' }, comment: 'Titeln förtydligad' }, 'A new revision of the whole plan; `plan` is checked like a new one (GrantPlan or QuickGrant) and keeps the case number.'),
  steering('cancelGrant', 'cancel', 'Cancel a grant', CancelBody, { reason: 'Medlen drogs tillbaka' }, 'Ends the grant; open rounds close and their links stop working.'),
  ...AGREEMENT_ROUTES,
  {
    method: 'get',
    path: '/a/:token',
    operationId: 'showApprovalPage',
    tag: 'Approval pages',
    summary: 'Show an approval page',
    description: 'What the approver decides on, with the form. Changes nothing (mail scanners fetch every link). Sent with Cache-Control: no-store and Referrer-Policy: no-referrer.',
    params: TokenParams,
    query: LangQuery,
    responses: {
      200: html('The page with the decision form, or the answer already given.'),
      400: html('The path is not valid percent-encoding.'),
      404: html('The link is malformed, its signature is wrong, or its grant or seat does not exist.'),
      410: html('The link has expired, or was replaced (the seat was delegated).'),
    },
  },
  {
    method: 'head',
    path: '/a/:token',
    operationId: 'headApprovalPage',
    tag: 'Approval pages',
    summary: 'Check an approval link',
    description: 'As GET, without the body.',
    params: TokenParams,
    query: LangQuery,
    responses: { 200: { description: 'The link works.' }, 400: { description: 'The path is not valid percent-encoding.' }, 404: { description: 'No such link.' }, 410: { description: 'Expired or replaced.' } },
  },
  {
    method: 'post',
    path: '/a/:token',
    operationId: 'decideOnApprovalPage',
    tag: 'Approval pages',
    summary: 'Answer from an approval page',
    description: 'The page’s form: approve, reject, return or delegate. Must come from this site (Origin / Sec-Fetch-Site) and carry the page’s hidden form value.',
    params: TokenParams,
    query: LangQuery,
    body: { schema: DecisionForm, contentType: 'application/x-www-form-urlencoded', example: { form: '<hidden value of the page>', action: 'approve', comment: 'Tillstyrks' } },
    responses: {
      200: html('The answer is recorded; the page shows it.'),
      400: html('The form is incomplete, or the path is not valid percent-encoding.'),
      403: html('Cross-site, or not from the page rendered for this link.'),
      404: html('No such link.'),
      409: html('Already answered, the round closed, or the grant is no longer active.'),
      410: html('The link has expired or was replaced.'),
      413: html('The form is too large.'),
      415: html('The form’s charset is not supported.'),
      422: html('The answer is not allowed (e.g. a rejection needs a comment).'),
    },
  },
  {
    method: 'get',
    path: '/dashboard/login',
    operationId: 'dashboardLoginPage',
    tag: 'Dashboard',
    summary: 'The login form',
    responses: { 200: html('The form: paste a token.') },
  },
  {
    method: 'post',
    path: '/dashboard/login',
    operationId: 'dashboardLogin',
    tag: 'Dashboard',
    summary: 'Log in',
    description: 'Verifies the token and sets the session cookie for at most eight hours (never past the token’s expiry). Must come from this site.',
    body: { schema: LoginForm, contentType: 'application/x-www-form-urlencoded', example: { token: '<a JWT>', next: '/dashboard?overdue=true' } },
    responses: {
      303: { description: 'Logged in: to `next` (a dashboard path) or the list.', headers: { Location: 'Where to go.', 'Set-Cookie': 'gf_session' } },
      400: html('The form is incomplete.'),
      401: html('The token is invalid or expired.'),
      403: html('Cross-site, or the token lacks the role.'),
      413: html('The form is too large.'),
      415: html('The form’s charset is not supported.'),
    },
  },
  {
    method: 'post',
    path: '/dashboard/logout',
    operationId: 'dashboardLogout',
    tag: 'Dashboard',
    summary: 'Log out',
    responses: { 303: { description: 'The cookie is cleared; to the login form.', headers: { Location: 'The login form.' } }, 403: html('Cross-site.') },
  },
  {
    method: 'get',
    path: '/dashboard',
    operationId: 'dashboardList',
    tag: 'Dashboard',
    summary: 'The grant list',
    description: 'The filters of GET /api/grants as a form; overdue grants highlighted; pages of 25; "Uppdaterad hh:mm:ss" says how fresh the list is.',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    query: GrantListQuery,
    responses: {
      200: { ...html('The list.'), headers: { 'X-List-As-Of': LIST_AS_OF } },
      303: { description: 'No session: to the login form.', headers: { Location: 'The login form, with next=<this page>.' } },
      400: html('The filters are invalid: the page names each problem and keeps the rest of the form.'),
      403: html('The token lacks the role.'),
    },
  },
  {
    method: 'get',
    path: '/dashboard/export.csv',
    operationId: 'dashboardExport',
    tag: 'Dashboard',
    summary: 'The list as CSV',
    description: 'As GET /api/grants.csv, with the session cookie.',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    query: GrantListQuery,
    responses: {
      200: { description: 'The CSV file.', contentType: 'text/csv', headers: { 'X-List-As-Of': LIST_AS_OF } },
      303: { description: 'No session: to the login form.', headers: { Location: 'The login form.' } },
      400: { description: 'The filters are invalid.', schema: ErrorBody },
      403: html('The token lacks the role.'),
    },
  },
  {
    method: 'get',
    path: '/dashboard/grants/:caseNumber',
    operationId: 'dashboardGrant',
    tag: 'Dashboard',
    summary: 'A grant’s page',
    description: 'Its stages as a picture, deadlines, rounds and answers, money, the timeline, and a link to the workflow in the Temporal UI.',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    params: CaseParams,
    responses: {
      200: html('The grant.'),
      400: html('The path is not valid percent-encoding.'),
      303: { description: 'No session: to the login form.', headers: { Location: 'The login form, with next=<this page>.' } },
      403: html('The token lacks the role.'),
      404: html('No such grant (or one of another organisation).'),
    },
  },
  {
    method: 'get',
    path: '/dashboard/grants/:caseNumber/revisions',
    operationId: 'dashboardRevisions',
    tag: 'Dashboard',
    summary: 'A grant’s decision basis by revision',
    description: 'One revision’s basis (`rev`, default the current one), or two side by side (`from`, `to`; the changed lines only unless `all=1`), each change marked in words and with <del>/<ins>.',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    params: CaseParams,
    query: RevisionsQuery,
    responses: {
      200: html('The basis, or the comparison.'),
      303: { description: 'No session: to the login form.', headers: { Location: 'The login form, with next=<this page>.' } },
      400: html('A revision number is not a whole number from 1.'),
      403: html('The token lacks the role.'),
      404: html('No such grant, or no such revision of it.'),
    },
  },
  {
    method: 'get',
    path: '/dashboard/plans/preview',
    operationId: 'dashboardPreviewForm',
    tag: 'Dashboard',
    summary: 'The plan preview form',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    responses: {
      200: html('The form: paste a plan’s JSON or choose its file.'),
      303: { description: 'No session: to the login form.', headers: { Location: 'The login form, with next=<this page>.' } },
      403: html('The token lacks the role.'),
    },
  },
  {
    method: 'post',
    path: '/dashboard/plans/preview',
    operationId: 'dashboardPreview',
    tag: 'Dashboard',
    summary: 'Preview a plan’s timeline',
    description: 'Checks the plan as POST /api/plans/validate does and draws its timeline and basis; nothing starts. The file wins over the text when both are given. Must come from this site.',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    body: { schema: PreviewForm, contentType: 'multipart/form-data', example: { plan: '{"caseNumber":"RS/1/2027", …}' } },
    responses: {
      200: html('The plan can work: its timeline picture and basis.'),
      303: { description: 'No session: to the login form.', headers: { Location: 'The login form.' } },
      400: html('No plan given, or the text is not JSON.'),
      403: html('Cross-site, or the token lacks the role.'),
      413: html('The form is larger than 1 MB.'),
      422: html('The plan cannot work: every problem with its field.'),
    },
  },
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tag: 'Service',
    summary: 'Liveness',
    description: 'The process answers.',
    responses: { 200: { description: 'Alive.', schema: HealthBody } },
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'ready',
    tag: 'Service',
    summary: 'Readiness',
    description: 'The API reaches Temporal.',
    responses: { 200: { description: 'Ready.', schema: ReadyBody }, 503: { description: 'Temporal is unreachable.', schema: ReadyBody } },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'Service',
    summary: 'Prometheus metrics',
    description:
      'Process metrics, request durations by route template (never a token or case number), grants started, approvers’ answers by action, and refused updates by type. ' +
      'Prometheus sends `Authorization: Bearer <METRICS_TOKEN>`; a person may use an admin JWT.',
    roles: ['admin'],
    responses: { 200: { description: 'The Prometheus text format.', contentType: 'text/plain' } },
    errors: [401, 403],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    tag: 'Service',
    summary: 'This document',
    description: 'OpenAPI 3.1, generated from the zod schemas the API validates with.',
    responses: { 200: { description: 'The OpenAPI document.' } },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'docs',
    tag: 'Service',
    summary: 'This reference as a page',
    responses: { 200: html('The API reference.') },
  },
];

/** Routes the app serves that are not API operations (assets), with the reason they are left out. */
ROUTES.push(...signinAndWorkbenchRoutes(schemaRegistry));

export const NOT_DOCUMENTED: Record<string, string> = {
  'GET /static/app.css': 'stylesheet of the HTML pages',
  'GET /static/docs.css': 'stylesheet of /docs',
  'GET /favicon.ico': 'the site icon (SVG)',
  'GET /favicon.svg': 'the site icon',
};

// -------------------------------------------------------------------------------------------------
// The document.

type Json = Record<string, unknown>;
export interface OpenApiDocument {
  openapi: string;
  info: Json;
  servers: { url: string; description?: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json>; securitySchemes: Record<string, Json> };
  security: Json[];
}

/** `/api/grants/:caseNumber` → `/api/grants/{caseNumber}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function idOf(schema: z.ZodType): string {
  const id = schemaRegistry.get(schema)?.id;
  if (!id) throw new Error('a schema used by a route is not registered in api/openapi.ts: add it with named()');
  return id;
}

/** Every registered schema as JSON Schema 2020-12, `$ref`s between them, keyed by id. */
export function jsonSchemas(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(schemaRegistry, {
    target: 'draft-2020-12',
    io: 'input',
    metadata: schemaRegistry,
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ zodSchema, jsonSchema }) => {
      // ReviseBody takes `plan` as unknown and checks it in a second step, as a new plan is checked.
      if (zodSchema === ReviseBody.shape.plan) Object.assign(jsonSchema, ref('PlanRequest'), { description: 'The whole new plan, checked as a new one.' });
    },
  });
  const out: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // Inside an OpenAPI document a component needs neither: the document sets the dialect and the base URI.
    const { $schema: _s, $id: _i, ...rest } = schema as Json;
    out[id] = rest;
  }
  return out;
}

function parametersOf(where: 'path' | 'query', schema: z.ZodObject | undefined, all: Record<string, Json>): Json[] {
  if (!schema) return [];
  const converted = all[idOf(schema)]!;
  const properties = (converted.properties ?? {}) as Record<string, Json>;
  const required = new Set((converted.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

function responseOf(r: ResponseDoc, method: Method): Json {
  const headers = r.headers ? Object.fromEntries(Object.entries(r.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }])) : undefined;
  const contentType = r.contentType ?? 'application/json';
  const content =
    method === 'head' ? undefined : r.schema ? { [contentType]: { schema: ref(idOf(r.schema)) } } : r.contentType ? { [contentType]: { schema: { type: 'string' } } } : undefined;
  return { description: r.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) };
}

/** The OpenAPI 3.1 document. Pure: builds a new object every call. */
export function buildOpenApi(opts: { serverUrl?: string } = {}): OpenApiDocument {
  const all = jsonSchemas();
  const paths: OpenApiDocument['paths'] = {};
  for (const route of ROUTES) {
    const p = openApiPath(route.path);
    const responses: Json = {};
    for (const [status, r] of Object.entries(route.responses)) responses[status] = responseOf(r, route.method);
    for (const status of route.errors ?? []) responses[String(status)] ??= { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
    const sorted = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
    const op: Json = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      security: !route.roles ? [] : route.auth === 'session' ? [{ sessionCookie: [] }, { bearerAuth: [] }] : [{ bearerAuth: [] }],
      ...(route.roles ? { 'x-roles': [...route.roles] } : {}),
    };
    const params = [...parametersOf('path', route.params, all), ...parametersOf('query', route.query, all)];
    if (params.length) op.parameters = params;
    if (route.body) {
      op.requestBody = {
        required: true,
        content: { [route.body.contentType ?? 'application/json']: { schema: ref(idOf(route.body.schema)), example: route.body.example } },
      };
    }
    op.responses = sorted;
    (paths[p] ??= {})[route.method] = op;
  }

  const schemas = Object.fromEntries(Object.entries(all).filter(([id]) => !parameterObjects.has(id)));
  const responses = Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(({ name, description }) => [name, { description, content: { 'application/json': { schema: ref('Error') } } }]),
  );
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'grantflow API',
      version: API_VERSION,
      summary: 'Regional state grants as durable workflows: plan, decision, signature, payment, reports.',
      description:
        'JSON over HTTPS. Authenticate with a bearer JWT (HS256 or JWKS) whose claims carry sub, name, roles (coordinator, manager, admin) and org. ' +
        'Coordinators start and steer their organisation’s grants, managers read them, admins do both everywhere. ' +
        'Amounts are whole öre; dates are YYYY-MM-DD in Europe/Stockholm. Errors are `{ "error": { "code", "message", "problems"? } }`.',
    },
    servers: [{ url: opts.serverUrl ?? '/', description: 'This API' }],
    tags: TAGS,
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Claims: sub, name, roles (coordinator | manager | admin), org, email (optional).' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'gf_session', description: 'The dashboard’s session: the same JWT, set by POST /dashboard/login.' },
      },
    },
    security: [{ bearerAuth: [] }],
  };
}
