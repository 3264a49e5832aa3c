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
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  isGrpcServiceError,
  type Client,
} from '@temporalio/client';
import { COUNTY_CODES, allocateAgreement, isCountyCode } from '../../domain/allocation';
import { stockholmDate } from '../../domain/dates';
import { agreementWorkflow } from '../../workflows';
import {
  AGREEMENT_WORKFLOW_TYPE,
  agreementQuery,
  agreementWorkflowId,
  retireAgreementUpdate,
  type AgreementRecord,
  type AgreementWorkflowInput,
} from '../../workflows/agreement/contract';
import type { RequireRole } from '../auth';
import { HttpError, t } from '../errors';
import { valid } from '../validate';
import { checkRegistration, planParts, populationOf } from '../agreementChecks';
import { CSV_TEXT, agreementView, allocationsCsv, allocationsView, base, countyView, links, listItem, sek, type AgreementSummary } from '../agreementViews';
import { AGREEMENT_ROUTES } from './agreementRoutes';
import { mount } from '../routeRegistry';
import { type AgreementCountyParams, type AgreementParams, type AllocationsCsvQuery, type RetireAgreementBody, type PlanPartsBody, type RegisterAgreementBody } from '../schemas/agreements';

export * from '../schemas/agreements';
export * from '../agreementChecks';
export * from '../agreementViews';

// ---- Temporal -----------------------------------------------------------------------------------

function grpcCode(e: unknown): number | undefined {
  if (isGrpcServiceError(e)) return e.code;
  if (e instanceof ServiceError && isGrpcServiceError(e.cause)) return e.cause.code;
  return undefined;
}

/** The agreement's state, by query (the server holds a query until the workflow's first task has run); 404 when none is registered. */
export async function readRecord(client: Client, id: string): Promise<AgreementRecord> {
  try {
    return await client.workflow.getHandle(agreementWorkflowId(id)).query(agreementQuery);
  } catch (e) {
    if (e instanceof WorkflowNotFoundError || grpcCode(e) === 5) throw new HttpError(404, 'not_found', t(`ingen överenskommelse "${id}" är registrerad`, `no agreement "${id}" is registered`));
    throw e;
  }
}

function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** At most this many agreements are listed (there are a handful a year). */
export const MAX_AGREEMENTS = 1000;

/** The registered agreements from visibility (their memos), newest year first; at most MAX_AGREEMENTS. */
export async function listAgreements(client: Client): Promise<ReturnType<typeof listItem>[]> {
  const items: ReturnType<typeof listItem>[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowType = '${AGREEMENT_WORKFLOW_TYPE}'`, pageSize: 200 })) {
    items.push(listItem(wf));
    if (items.length >= MAX_AGREEMENTS) break;
  }
  return items.sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.id.localeCompare(b.id));
}

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
    if (!isCountyCode(code)) throw new HttpError(404, 'not_found', t(`inget län ${code}: länen är ${COUNTY_CODES.join(', ')}`, `no county ${code}: the counties are ${COUNTY_CODES.join(', ')}`));
    return code;
  }

  mount(r, '/api', AGREEMENT_ROUTES.registerAgreement, [exact, write], async (req: Request, res: Response) => {
    const { body } = valid<{ body: RegisterAgreementBody }>(res);
    const checked = checkRegistration(body);
    if (!checked.ok) throw new HttpError(422, 'invalid_agreement', t('överenskommelsen kan inte fördelas', 'the agreement cannot be allocated'), checked.problems);
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
      throw new HttpError(409, 'duplicate', t(`överenskommelsen "${id}" är redan registrerad med annat innehåll; registrera den här under ett annat id`, `agreement "${id}" is already registered with other content; register this one under another id`));
    }
    req.log?.info({ agreementId: id, workflowId }, 'agreement registered');
    res.status(201).location(base(id)).json({ ...answer, created: true });
  });

  mount(r, '/api', AGREEMENT_ROUTES.listAgreements, [exact, read], async (_req: Request, res: Response) => {
    const items = await listAgreements(client);
    res.set('Cache-Control', 'private, no-store').json({ items, total: items.length });
  });

  mount(r, '/api', AGREEMENT_ROUTES.getAgreement, [read], async (_req: Request, res: Response) => {
    const { params } = valid<{ params: z.infer<typeof AgreementParams> }>(res);
    res.json(agreementView(await readRecord(client, params.agreementId)));
  });

  mount(r, '/api', AGREEMENT_ROUTES.getAllocations, [read], async (_req: Request, res: Response) => {
    const { params } = valid<{ params: z.infer<typeof AgreementParams> }>(res);
    const { record, all } = await allocationOf(params.agreementId);
    res.json(allocationsView(record, all));
  });

  mount(r, '/api', AGREEMENT_ROUTES.exportAllocations, [read], async (_req: Request, res: Response) => {
    const { params, query } = valid<{ params: z.infer<typeof AgreementParams>; query: z.infer<typeof AllocationsCsvQuery> }>(res);
    const lang = query.lang ?? 'sv';
    const { all } = await allocationOf(params.agreementId);
    const name = `${CSV_TEXT[lang].file}-${params.agreementId}-${stockholmDate(now())}.csv`;
    res
      .status(200)
      .set({ 'Content-Type': 'text/csv; charset=utf-8; header=present', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'private, no-store' })
      .send(allocationsCsv(all, lang));
  });

  mount(r, '/api', AGREEMENT_ROUTES.getCountyAllocation, [read], async (_req: Request, res: Response) => {
    const { params } = valid<{ params: z.infer<typeof AgreementCountyParams> }>(res);
    const { record, all } = await allocationOf(params.agreementId);
    res.json(countyView(record, all, knownCounty(params.county)));
  });

  mount(r, '/api', AGREEMENT_ROUTES.agreementPlanParts, [write], async (_req: Request, res: Response) => {
    const { params, body } = valid<{ params: z.infer<typeof AgreementCountyParams>; body: PlanPartsBody }>(res);
    const { record, all } = await allocationOf(params.agreementId);
    const county = countyView(record, all, knownCounty(params.county));
    if (record.retired) throw new HttpError(409, 'retired', t(`överenskommelsen "${record.agreementId}" avslutades ${record.retired.at.slice(0, 10)}: ${record.retired.reason}`, `agreement "${record.agreementId}" was retired on ${record.retired.at.slice(0, 10)}: ${record.retired.reason}`));
    const result = planParts(county.parts, body);
    if (!result.ok) throw new HttpError(422, 'invalid_selection', t('delarna kan inte byggas så', 'the parts cannot be built as asked'), result.problems);
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

  mount(r, '/api', AGREEMENT_ROUTES.retireAgreement, [write], async (req: Request, res: Response) => {
    const { params, body } = valid<{ params: z.infer<typeof AgreementParams>; body: z.infer<typeof RetireAgreementBody> }>(res);
    const record = await readRecord(client, params.agreementId);
    if (record.retired) throw new HttpError(409, 'retired', t(`överenskommelsen "${record.agreementId}" avslutades redan ${record.retired.at.slice(0, 10)}`, `agreement "${record.agreementId}" was already retired on ${record.retired.at.slice(0, 10)}`));
    const updated = await client.workflow.getHandle(agreementWorkflowId(params.agreementId)).executeUpdate(retireAgreementUpdate, { args: [{ reason: body.reason, actor: req.principal!.name }] });
    res.json(agreementView(updated));
  });

  return r;
}

