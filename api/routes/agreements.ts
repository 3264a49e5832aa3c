/**
 * National agreements (överenskommelser) and what they give each county:
 *
 *   POST /api/agreements                                              register (coordinator)
 *   GET  /api/agreements                                              list (visibility)
 *   GET  /api/agreements/:agreementId                                 the agreement
 *   GET  /api/agreements/:agreementId/allocations                     all 21 counties, per part and in total
 *   GET  /api/agreements/:agreementId/allocations.csv                 the same as CSV for Excel
 *   GET  /api/agreements/:agreementId/allocations/:county             one county
 *   POST /api/agreements/:agreementId/allocations/:county/plan-parts  a grant plan's parts (coordinator)
 *   POST /api/agreements/:agreementId/retire                          retire (coordinator)
 *
 * Each agreement is one small workflow (workflows/agreement.ts, `agreement:<id>`) that holds the
 * validated agreement and its population; the API keeps no copy and computes allocations from the
 * workflow's state with domain/allocation. Agreements are national: every coordinator and manager
 * sees all of them, whatever their organisation.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  isGrpcServiceError,
  type Client,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import {
  Agreement,
  COUNTIES,
  COUNTY_CODES,
  PopulationFileError,
  allocateAgreement,
  allocatePart,
  countyPopulation,
  isCountyCode,
  parsePopulationCsv,
  type AgreementAllocation,
  type Population,
} from '../../domain/allocation';
import { formatSek } from '../../domain/money';
import { stockholmDate } from '../../domain/dates';
import { agreementWorkflow } from '../../workflows';
import {
  AGREEMENT_WORKFLOW_TYPE,
  agreementIdFromWorkflowId,
  agreementQuery,
  agreementWorkflowId,
  retireAgreementUpdate,
  type AgreementRecord,
  type AgreementWorkflowInput,
  type PopulationSource,
} from '../../workflows/agreement/contract';
import type { RequireRole } from '../auth';
import { HttpError } from '../errors';
import { validate, valid } from '../validate';

// ---- request schemas ----------------------------------------------------------------------------

/** An agreement's id: what the URL and the workflow id (`agreement:<id>`) hold. */
export const AgreementId = z
  .string({ error: 'must be an agreement id like 2020 or 2020-psykisk-halsa' })
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' })
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, { error: 'must be lower-case letters, digits and "-" (not first or last), e.g. 2020 or 2020-psykisk-halsa' });

/** A county code as SCB writes it: two digits. Which codes exist is checked by the route (404). */
export const CountyParam = z.string().regex(/^\d{2}$/, { error: 'must be a two-digit county code (SCB), e.g. 23' });

export const AgreementParams = z.object({ agreementId: AgreementId });
export const AgreementCountyParams = z.object({ agreementId: AgreementId, county: CountyParam });

/**
 * The agreement's structure (domain/allocation's schema without its whole-agreement checks):
 * a body that fails it is a 400. Its checks (shares that add up, fixed amounts that cover the
 * part, unique part ids, parts within the national total) answer 422.
 */
export const AgreementDocument = z.strictObject(Agreement.shape);

export const RegisterAgreementBody = z.strictObject({
  id: AgreementId.optional(),
  agreement: AgreementDocument,
  population: z
    .string({ error: 'must be the text of SCB’s CSV export (BE0101, region × ålder × år)' })
    .min(1, { error: 'must not be empty' })
    .max(900_000, { error: 'is too long (at most 900 000 characters)' })
    .optional(),
});
export type RegisterAgreementBody = z.infer<typeof RegisterAgreementBody>;

export const RetireAgreementBody = z.strictObject({
  reason: z.string({ error: 'say why the agreement is retired' }).trim().min(1, { error: 'say why the agreement is retired' }).max(2000),
});

const PartRef = z.string({ error: 'must be a part id of the agreement, e.g. "I"' }).min(1, { error: 'must not be empty' }).max(64);
/** A grant plan's part id (domain/plan.ts). */
const PlanPartId = z
  .string({ error: 'must be a part id like "I+III"' })
  .min(1, { error: 'must not be empty' })
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'may hold letters, digits, "-", "_" and "." only' });

export const PlanPartsBody = z.strictObject({
  /** The agreement's parts to include, by id; default: all of them. */
  include: z.array(PartRef).min(1, { error: 'include at least one part' }).max(50).optional(),
  /** Agreement parts that become one plan part together (their amounts added). */
  merge: z
    .array(
      z.strictObject({
        id: PlanPartId,
        name: z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' }).max(300),
        parts: z.array(PartRef).min(2, { error: 'merge at least two parts' }).max(50),
      }),
    )
    .max(25)
    .optional(),
});
export type PlanPartsBody = z.infer<typeof PlanPartsBody>;

export const AllocationsCsvQuery = z.object({ lang: z.enum(['sv', 'en']).optional() });

// ---- population ---------------------------------------------------------------------------------

/** Population tables shipped with grantflow, by the name a registration refers to them. */
export const POPULATION_FIXTURES: Record<string, { file: string; note: string }> = {
  'population-2019': {
    file: 'population-2019.csv',
    note: 'Constructed to reproduce seed 004 (Jämtland 2020); not SCB data. Register real SCB figures with `population`.',
  },
};
export const DEFAULT_POPULATION = 'population-2019';

const fixtureCache = new Map<string, Population>();

/** From api/routes in the sources, or dist/api/routes in the image (where domain/ sits beside dist/). */
function fixturePopulation(name: string): Population {
  const cached = fixtureCache.get(name);
  if (cached) return cached;
  const fixture = POPULATION_FIXTURES[name];
  if (!fixture) throw new Error(`unknown population fixture ${name}`);
  const file = ['../../domain/fixtures', '../../../domain/fixtures'].map((d) => path.resolve(__dirname, d, fixture.file)).find((f) => fs.existsSync(f));
  if (!file) throw new Error(`population fixture ${fixture.file} not found`);
  const population = parsePopulationCsv(fs.readFileSync(file, 'utf8'));
  fixtureCache.set(name, population);
  return population;
}

function populationOf(source: PopulationSource): Population {
  return source.source === 'inline' ? source.table : fixturePopulation(source.name);
}

// ---- checks and computations --------------------------------------------------------------------

type Problem = { path: string; message: string };
const at = (...p: PropertyKey[]) => ['body', ...p.map(String)].join('.');

/**
 * The whole registration checked as the API answers it: the agreement's own checks, the
 * population file, and a trial allocation of every part. Every problem at once, or the agreement
 * and population to keep.
 */
export function checkRegistration(body: RegisterAgreementBody): { ok: true; agreement: Agreement; population: PopulationSource } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const parsed = Agreement.safeParse(body.agreement);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => ({ path: at('agreement', ...i.path), message: i.message })));
  const year = body.agreement.populationYear;

  let source: PopulationSource | undefined;
  if (body.population !== undefined) {
    try {
      const table = parsePopulationCsv(body.population, year === undefined ? {} : { year });
      source = { source: 'inline', year: table.year, table };
    } catch (e) {
      const messages = e instanceof PopulationFileError ? e.problems : [(e as Error).message];
      problems.push(...messages.map((message) => ({ path: at('population'), message })));
    }
  } else {
    const table = fixturePopulation(DEFAULT_POPULATION);
    if (year !== undefined && year !== table.year) {
      problems.push({
        path: at('population'),
        message: `the agreement's populationYear is ${year}, but without a population grantflow has only ${DEFAULT_POPULATION} (year ${table.year}): send SCB's CSV for ${year} as population`,
      });
    } else source = { source: 'fixture', name: DEFAULT_POPULATION, year: table.year };
  }

  if (!parsed.success || !source) return { ok: false, problems };
  const agreement = parsed.data;
  const population = populationOf(source);
  agreement.parts.forEach((part, i) => {
    try {
      allocatePart(part.key, BigInt(part.nationalOre), population);
    } catch (e) {
      problems.push({ path: at('agreement', 'parts', i, 'key'), message: `part ${part.id} cannot be allocated: ${(e as Error).message}` });
    }
  });
  if (!problems.length) {
    try {
      allocateAgreement(agreement, population);
    } catch (e) {
      problems.push({ path: at('agreement'), message: (e as Error).message });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, agreement, population: source };
}

export interface PlanParts {
  parts: { id: string; name: string; amountOre: number }[];
  /** Which agreement parts each plan part holds, in the same order. */
  from: string[][];
}

/**
 * A county's parts as a grant plan's parts: one plan part per agreement part, in the agreement's
 * order (as seed 004 has them), or fewer: `include` selects parts, `merge` adds several into one
 * (at the place of its first part). Every problem named, or the parts.
 */
export function planParts(county: { partId: string; name: string; ore: number }[], body: PlanPartsBody): { ok: true; value: PlanParts } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const known = new Set(county.map((p) => p.partId));
  const list = [...known].join(', ');
  const include = body.include ?? county.map((p) => p.partId);
  const seen = new Set<string>();
  (body.include ?? []).forEach((id, i) => {
    if (!known.has(id)) problems.push({ path: at('include', i), message: `the agreement has no part "${id}" (its parts: ${list})` });
    else if (seen.has(id)) problems.push({ path: at('include', i), message: `part "${id}" is listed twice` });
    seen.add(id);
  });
  const included = new Set(include);
  const groupOf = new Map<string, number>();
  (body.merge ?? []).forEach((g, gi) => {
    g.parts.forEach((id, pi) => {
      const where = at('merge', gi, 'parts', pi);
      if (!known.has(id)) problems.push({ path: where, message: `the agreement has no part "${id}" (its parts: ${list})` });
      else if (!included.has(id)) problems.push({ path: where, message: `part "${id}" is not included` });
      else if (groupOf.has(id)) problems.push({ path: where, message: `part "${id}" is already merged into "${body.merge![groupOf.get(id)!]!.id}"` });
      else groupOf.set(id, gi);
    });
  });
  if (problems.length) return { ok: false, problems };

  const parts: PlanParts['parts'] = [];
  const from: string[][] = [];
  const emitted = new Map<number, number>();
  for (const p of county) {
    if (!included.has(p.partId)) continue;
    const gi = groupOf.get(p.partId);
    if (gi === undefined) {
      parts.push({ id: p.partId, name: p.name, amountOre: p.ore });
      from.push([p.partId]);
    } else if (!emitted.has(gi)) {
      const g = body.merge![gi]!;
      emitted.set(gi, parts.length);
      parts.push({ id: g.id, name: g.name, amountOre: p.ore });
      from.push([p.partId]);
    } else {
      const k = emitted.get(gi)!;
      parts[k]!.amountOre += p.ore;
      from[k]!.push(p.partId);
    }
  }
  const ids = new Map<string, number>();
  parts.forEach((p, i) => {
    if (ids.has(p.id)) {
      const gi = (body.merge ?? []).findIndex((g) => g.id === p.id);
      problems.push({ path: gi >= 0 ? at('merge', gi, 'id') : at('merge'), message: `plan part id "${p.id}" would be used twice` });
    }
    ids.set(p.id, i);
  });
  if (parts.length > 50) problems.push({ path: at('include'), message: `a grant plan holds at most 50 parts, this would make ${parts.length}: choose with include` });
  return problems.length ? { ok: false, problems } : { ok: true, value: { parts, from } };
}

// ---- views --------------------------------------------------------------------------------------

const sek = (ore: number) => formatSek(ore);
const base = (id: string) => `/api/agreements/${id}`;
const links = (id: string) => ({ self: base(id), allocations: `${base(id)}/allocations`, csv: `${base(id)}/allocations.csv` });

function populationView(source: PopulationSource) {
  const table = populationOf(source);
  const counties = COUNTIES.map((c) => ({ code: c.code, name: c.name, people: countyPopulation(table, c.code) }));
  return {
    source: source.source,
    ...(source.source === 'fixture' ? { name: source.name, note: POPULATION_FIXTURES[source.name]?.note ?? '' } : {}),
    year: table.year,
    ageGroups: table.ageGroups.length,
    total: counties.reduce((s, c) => s + c.people, 0),
    counties,
  };
}

export function agreementView(r: AgreementRecord) {
  return {
    id: r.agreementId,
    workflowId: agreementWorkflowId(r.agreementId),
    status: r.retired ? ('retired' as const) : ('active' as const),
    agreement: r.agreement,
    nationalTotalFormatted: sek(r.agreement.nationalTotalOre),
    population: populationView(r.population),
    registeredAt: r.registeredAt,
    registeredBy: r.registeredBy,
    ...(r.retired ? { retired: r.retired } : {}),
    links: links(r.agreementId),
  };
}

function heading(r: AgreementRecord, all: AgreementAllocation) {
  return {
    agreementId: r.agreementId,
    year: all.year,
    title: all.title,
    status: r.retired ? ('retired' as const) : ('active' as const),
    populationYear: all.populationYear,
    populationSource: r.population.source,
  };
}

export function allocationsView(r: AgreementRecord, all: AgreementAllocation) {
  const totalOre = all.parts.reduce((s, p) => s + p.nationalOre, 0);
  return {
    ...heading(r, all),
    parts: all.parts.map((p) => ({ partId: p.partId, name: p.name, keyType: p.keyType, nationalOre: p.nationalOre, nationalFormatted: sek(p.nationalOre) })),
    counties: all.totalsByCounty.map((c, j) => ({
      code: c.code,
      name: c.name,
      parts: all.parts.map((p) => ({ partId: p.partId, ore: p.perCounty[j]!.ore, formatted: sek(p.perCounty[j]!.ore) })),
      totalOre: c.ore,
      totalFormatted: sek(c.ore),
    })),
    totalOre,
    totalFormatted: sek(totalOre),
    links: links(r.agreementId),
  };
}

export function countyView(r: AgreementRecord, all: AgreementAllocation, code: string) {
  const j = COUNTIES.findIndex((c) => c.code === code);
  const c = all.totalsByCounty[j]!;
  return {
    ...heading(r, all),
    county: { code: c.code, name: c.name },
    parts: all.parts.map((p) => ({ partId: p.partId, name: p.name, keyType: p.keyType, ore: p.perCounty[j]!.ore, formatted: sek(p.perCounty[j]!.ore) })),
    totalOre: c.ore,
    totalFormatted: sek(c.ore),
    links: { ...links(r.agreementId), county: `${base(r.agreementId)}/allocations/${c.code}`, planParts: `${base(r.agreementId)}/allocations/${c.code}/plan-parts` },
  };
}

/** One row of the list, from visibility (the memo written at registration); no query per agreement. */
export function listItem(wf: WorkflowExecutionInfo) {
  const id = agreementIdFromWorkflowId(wf.workflowId) ?? wf.workflowId;
  const s = (wf.memo?.summary ?? {}) as Partial<AgreementSummary>;
  return {
    id,
    workflowId: wf.workflowId,
    status: wf.status.name === 'RUNNING' ? ('active' as const) : ('retired' as const),
    ...(typeof s.year === 'number' ? { year: s.year } : {}),
    ...(typeof s.title === 'string' ? { title: s.title } : {}),
    ...(Array.isArray(s.parties) ? { parties: s.parties.map(String) } : {}),
    ...(typeof s.nationalTotalOre === 'number' ? { nationalTotalOre: s.nationalTotalOre, nationalTotalFormatted: sek(s.nationalTotalOre) } : {}),
    ...(typeof s.parts === 'number' ? { parts: s.parts } : {}),
    ...(typeof s.populationYear === 'number' ? { populationYear: s.populationYear } : {}),
    registeredAt: wf.startTime.toISOString(),
    links: links(id),
  };
}

interface AgreementSummary {
  year: number;
  title: string;
  parties: string[];
  nationalTotalOre: number;
  parts: number;
  populationYear: number;
}

// ---- CSV ----------------------------------------------------------------------------------------

/** A CSV cell (RFC 4180), with a leading apostrophe for what a spreadsheet would run as a formula. */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return s.includes(';') || /["\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_TEXT = {
  sv: { code: 'Länskod', county: 'Län', part: 'Del', total: 'Totalt', sum: 'Summa', ore: 'öre', kr: 'kr', file: 'fordelning' },
  en: { code: 'County code', county: 'County', part: 'Part', total: 'Total', sum: 'Sum', ore: 'öre', kr: 'SEK', file: 'allocation' },
} as const;

/**
 * One row per county and a sum row; each part's amount twice, whole öre (exact) and kronor in
 * Swedish format without unit (Excel reads a number). UTF-8 with BOM, `;`, CRLF, as /api/grants.csv.
 */
export function allocationsCsv(all: AgreementAllocation, lang: 'sv' | 'en'): string {
  const t = CSV_TEXT[lang];
  const kr = (ore: number) => formatSek(ore, { unit: false, nbsp: true });
  const header = [t.code, t.county, ...all.parts.flatMap((p) => [`${t.part} ${p.partId} (${t.ore})`, `${t.part} ${p.partId} (${t.kr})`]), `${t.total} (${t.ore})`, `${t.total} (${t.kr})`];
  const rows = all.totalsByCounty.map((c, j) => [c.code, c.name, ...all.parts.flatMap((p) => [p.perCounty[j]!.ore, kr(p.perCounty[j]!.ore)]), c.ore, kr(c.ore)]);
  const total = all.parts.reduce((s, p) => s + p.nationalOre, 0);
  const sum = ['', t.sum, ...all.parts.flatMap((p) => [p.nationalOre, kr(p.nationalOre)]), total, kr(total)];
  return `\uFEFF${[header, ...rows, sum].map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

// ---- Temporal -----------------------------------------------------------------------------------

function grpcCode(e: unknown): number | undefined {
  if (isGrpcServiceError(e)) return e.code;
  if (e instanceof ServiceError && isGrpcServiceError(e.cause)) return e.cause.code;
  return undefined;
}

/** The agreement's state, by query (the server holds a query until the workflow's first task has run). */
async function readRecord(client: Client, id: string): Promise<AgreementRecord> {
  try {
    return await client.workflow.getHandle(agreementWorkflowId(id)).query(agreementQuery);
  } catch (e) {
    if (e instanceof WorkflowNotFoundError || grpcCode(e) === 5) throw new HttpError(404, 'not_found', `no agreement "${id}" is registered`);
    throw e;
  }
}

function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** At most this many agreements are listed (there are a handful a year). */
export const MAX_AGREEMENTS = 1000;

// ---- the router ---------------------------------------------------------------------------------

export function agreementsRouter(deps: { client: Client; taskQueue: string; requireRole: RequireRole; now?: () => number }): Router {
  const { client, taskQueue, requireRole } = deps;
  const now = deps.now ?? Date.now;
  const r = Router();
  const read = requireRole('manager', 'coordinator');
  const write = requireRole('coordinator');
  // The list lives at /api/agreements exactly: /api/agreements/ is no agreement (404), as /api/grants/ is no grant.
  const exact = (req: Request, _res: Response, next: (e?: unknown) => void) => (req.path.endsWith('/') ? next('route') : next());

  async function allocationOf(id: string) {
    const record = await readRecord(client, id);
    return { record, all: allocateAgreement(record.agreement, populationOf(record.population)) };
  }

  function knownCounty(code: string): string {
    if (!isCountyCode(code)) throw new HttpError(404, 'not_found', `no county ${code}: the counties are ${COUNTY_CODES.join(', ')}`);
    return code;
  }

  r.post('/agreements', exact, write, validate({ body: RegisterAgreementBody }), async (req: Request, res: Response) => {
    const { body } = valid<{ body: RegisterAgreementBody }>(res);
    const checked = checkRegistration(body);
    if (!checked.ok) throw new HttpError(422, 'invalid_agreement', 'the agreement cannot be allocated', checked.problems);
    const id = body.id ?? String(checked.agreement.year);
    const workflowId = agreementWorkflowId(id);
    const hash = requestHash({ id, agreement: checked.agreement, population: checked.population });
    const a = checked.agreement;
    const summary: AgreementSummary = { year: a.year, title: a.title, parties: a.parties, nationalTotalOre: a.nationalTotalOre, parts: a.parts.length, populationYear: checked.population.year };
    const input: AgreementWorkflowInput = {
      agreementId: id,
      agreement: a,
      population: checked.population,
      registeredAt: new Date(now()).toISOString(),
      registeredBy: { name: req.principal!.name, org: req.principal!.org },
    };
    const answer = { id, workflowId, links: links(id) };
    try {
      await client.workflow.start(agreementWorkflow, {
        workflowId,
        taskQueue,
        args: [input],
        // One id, one agreement, ever: a retired agreement's id is not reused either.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        memo: { requestHash: hash, summary },
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      const existing = await client.workflow.getHandle(workflowId).describe();
      if (existing.memo?.requestHash === hash) {
        res.status(200).location(base(id)).json({ ...answer, created: false });
        return;
      }
      throw new HttpError(409, 'duplicate', `agreement "${id}" is already registered with other content; register this one under another id`);
    }
    req.log?.info({ agreementId: id, workflowId }, 'agreement registered');
    res.status(201).location(base(id)).json({ ...answer, created: true });
  });

  r.get('/agreements', exact, read, async (_req: Request, res: Response) => {
    const items: ReturnType<typeof listItem>[] = [];
    for await (const wf of client.workflow.list({ query: `WorkflowType = '${AGREEMENT_WORKFLOW_TYPE}'`, pageSize: 200 })) {
      items.push(listItem(wf));
      if (items.length >= MAX_AGREEMENTS) break;
    }
    items.sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.id.localeCompare(b.id));
    res.set('Cache-Control', 'private, no-store').json({ items, total: items.length });
  });

  r.get('/agreements/:agreementId', read, validate({ params: AgreementParams }), async (_req: Request, res: Response) => {
    const { params } = valid<{ params: z.infer<typeof AgreementParams> }>(res);
    res.json(agreementView(await readRecord(client, params.agreementId)));
  });

  r.get('/agreements/:agreementId/allocations', read, validate({ params: AgreementParams }), async (_req: Request, res: Response) => {
    const { params } = valid<{ params: z.infer<typeof AgreementParams> }>(res);
    const { record, all } = await allocationOf(params.agreementId);
    res.json(allocationsView(record, all));
  });

  r.get('/agreements/:agreementId/allocations.csv', read, validate({ params: AgreementParams, query: AllocationsCsvQuery }), async (_req: Request, res: Response) => {
    const { params, query } = valid<{ params: z.infer<typeof AgreementParams>; query: z.infer<typeof AllocationsCsvQuery> }>(res);
    const lang = query.lang ?? 'sv';
    const { all } = await allocationOf(params.agreementId);
    const name = `${CSV_TEXT[lang].file}-${params.agreementId}-${stockholmDate(now())}.csv`;
    res
      .status(200)
      .set({ 'Content-Type': 'text/csv; charset=utf-8; header=present', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'private, no-store' })
      .send(allocationsCsv(all, lang));
  });

  r.get('/agreements/:agreementId/allocations/:county', read, validate({ params: AgreementCountyParams }), async (_req: Request, res: Response) => {
    const { params } = valid<{ params: z.infer<typeof AgreementCountyParams> }>(res);
    const { record, all } = await allocationOf(params.agreementId);
    res.json(countyView(record, all, knownCounty(params.county)));
  });

  r.post('/agreements/:agreementId/allocations/:county/plan-parts', write, validate({ params: AgreementCountyParams, body: PlanPartsBody }), async (_req: Request, res: Response) => {
    const { params, body } = valid<{ params: z.infer<typeof AgreementCountyParams>; body: PlanPartsBody }>(res);
    const { record, all } = await allocationOf(params.agreementId);
    const county = countyView(record, all, knownCounty(params.county));
    if (record.retired) throw new HttpError(409, 'retired', `agreement "${record.agreementId}" was retired on ${record.retired.at.slice(0, 10)}: ${record.retired.reason}`);
    const result = planParts(county.parts, body);
    if (!result.ok) throw new HttpError(422, 'invalid_selection', 'the parts cannot be built as asked', result.problems);
    const totalOre = result.value.parts.reduce((s, p) => s + p.amountOre, 0);
    res.json({
      agreementId: record.agreementId,
      county: county.county.code,
      countyName: county.county.name,
      year: county.year,
      source: record.agreement.title,
      parts: result.value.parts,
      totalOre,
      totalFormatted: sek(totalOre),
      breakdown: result.value.parts.map((p, i) => ({ id: p.id, formatted: sek(p.amountOre), agreementParts: result.value.from[i]! })),
    });
  });

  r.post('/agreements/:agreementId/retire', write, validate({ params: AgreementParams, body: RetireAgreementBody }), async (req: Request, res: Response) => {
    const { params, body } = valid<{ params: z.infer<typeof AgreementParams>; body: z.infer<typeof RetireAgreementBody> }>(res);
    const record = await readRecord(client, params.agreementId);
    if (record.retired) throw new HttpError(409, 'retired', `agreement "${record.agreementId}" was already retired on ${record.retired.at.slice(0, 10)}`);
    const updated = await client.workflow.getHandle(agreementWorkflowId(params.agreementId)).executeUpdate(retireAgreementUpdate, { args: [{ reason: body.reason, actor: req.principal!.name }] });
    res.json(agreementView(updated));
  });

  return r;
}
