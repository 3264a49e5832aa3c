/**
 * A grant's public record, from the register (docs/record.md):
 *   GET /api/grants/:caseNumber/record            everything the register holds, JSON (manager, coordinator)
 *   GET /api/grants/:caseNumber/record/verify     the hash chain recomputed (manager)
 *   GET /dashboard/grants/:caseNumber/record      the printable decision record (akt), HTML, with the timeline picture
 * Scoped to the principal's organisation (another organisation's grant is not found). A malformed
 * case number is a 400 (JSON) or the dashboard's 404 page; never a 500.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Pool } from 'pg';
import type { RequireRole } from '../auth';
import { canRead } from '../auth';
import { HttpError, t } from '../errors';
import { documented, mount } from '../routeRegistry';
import { named } from '../schemaRegistry';
import { CaseParams } from '../schemas/grants';
import { CaseNumber } from '../../domain/plan';
import { organisationOf, readRecord } from '../../register/record';
import { verifyGrant } from '../../register/verify';
import { recordPage } from '../views/record';
import { grantFromRegister } from '../../register/grantState';
import { grantTimeline } from '../views/timelineModel';
import { stockholmDate } from '../../domain/dates';

const NOT_HELD = t('bidraget finns inte i registret', 'the register holds no such grant');

export const GrantRecordSchema = named(z.object({ caseNumber: z.string() }).catchall(z.unknown()), {
  id: 'GrantRecord',
  description: 'Everything the register holds for a grant: summary, chain (event count, head hash), events (each with n, prevHash, hash), revisions (whole plans), rounds with seats and answers, parts, tranches, reports, amendments, repayments, mail log.',
});
export const ChainReportSchema = named(
  z.object({
    caseNumber: z.string(),
    ok: z.boolean(),
    events: z.number().int(),
    headHash: z.string(),
    problem: z.object({ n: z.number().int(), what: z.enum(['number', 'prev_hash', 'hash', 'head']), expected: z.string(), stored: z.string(), message: z.string() }).optional(),
  }),
  { id: 'ChainReport', description: 'The grant’s hash chain recomputed from its rows; `problem` names the first row that does not hold.' },
);

export const RECORD_ROUTES = {
  getRecord: documented({
    method: 'get',
    path: '/api/grants/:caseNumber/record',
    operationId: 'getGrantRecord',
    tag: 'Grants',
    summary: 'A grant’s public record',
    description: 'From the register, not from Temporal: answers for closed grants long after their workflow is gone. Times are ISO instants, amounts whole öre.',
    roles: ['manager', 'coordinator'],
    params: CaseParams,
    responses: { 200: { description: 'The record.', schema: GrantRecordSchema } },
    errors: [400, 401, 403, 404],
  }),
  verifyRecord: documented({
    method: 'get',
    path: '/api/grants/:caseNumber/record/verify',
    operationId: 'verifyGrantRecord',
    tag: 'Grants',
    summary: 'Verify a grant’s record',
    description: 'Recomputes the hash chain of the grant’s events. 200 either way: `ok` says whether it holds, `problem` names the first bad row (event number, expected and stored values).',
    roles: ['manager'],
    params: CaseParams,
    responses: { 200: { description: 'The chain’s report.', schema: ChainReportSchema } },
    errors: [400, 401, 403, 404],
  }),
  recordPage: documented({
    method: 'get',
    path: '/dashboard/grants/:caseNumber/record',
    operationId: 'dashboardRecord',
    tag: 'Dashboard',
    summary: 'A grant’s decision record (akt), printable',
    description: 'Basis revisions, rounds with members and answers, decisions with their motions, payments, reports, amendments, mail log and the chain’s head hash. `lang=en` for English.',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    params: CaseParams,
    responses: {
      200: { description: 'The record.', contentType: 'text/html' },
      303: { description: 'No session: to the login form.', headers: { Location: 'The login form, with next=<this page>.' } },
      400: { description: 'A malformed request (a query the page does not take), as a page.', contentType: 'text/html' },
      403: { description: 'The token lacks the role.', contentType: 'text/html' },
      404: { description: 'No such grant in the register (or one of another organisation), or a malformed case number.', contentType: 'text/html' },
    },
  }),
};

function unavailable(): HttpError {
  return new HttpError(503, 'unavailable', t('registret är inte anslutet', 'the register is not connected'));
}

/** The case number if the principal may read the grant's record; 404 otherwise. */
async function scoped(req: Request, register: Pool | undefined, caseNumber: string): Promise<Pool> {
  if (!register) throw unavailable();
  const org = await organisationOf(register, caseNumber);
  if (org === undefined || !canRead(req.principal!, org)) throw new HttpError(404, 'not_found', NOT_HELD);
  return register;
}

/** What the record's routes need beside auth: the register's pool (none: 503). */
export interface RecordDeps {
  register?: Pool;
}

/** The JSON routes, mounted on /api before grantsRouter. */
export function recordRouter(deps: { register?: Pool; requireRole: RequireRole }): Router {
  const r = Router();
  mount(r, '/api', RECORD_ROUTES.getRecord, [deps.requireRole(...RECORD_ROUTES.getRecord.roles)], async (req: Request, res: Response) => {
    const caseNumber = String(req.params.caseNumber);
    const pool = await scoped(req, deps.register, caseNumber);
    const record = await readRecord(pool, caseNumber);
    if (!record) throw new HttpError(404, 'not_found', NOT_HELD);
    res.set('Cache-Control', 'no-store').json(record);
  });
  mount(r, '/api', RECORD_ROUTES.verifyRecord, [deps.requireRole(...RECORD_ROUTES.verifyRecord.roles)], async (req: Request, res: Response) => {
    const caseNumber = String(req.params.caseNumber);
    const pool = await scoped(req, deps.register, caseNumber);
    const report = await verifyGrant(pool, caseNumber);
    if (!report) throw new HttpError(404, 'not_found', NOT_HELD);
    res.set('Cache-Control', 'no-store').json(report);
  });
  return r;
}

/** The akt's page, on the dashboard's router (its session, its error pages). */
export function recordPageRoutes(r: Router, deps: { register?: Pool; read: RequestHandler; langOf: (req: Request) => 'sv' | 'en' }): void {
  mount(r, '/dashboard', RECORD_ROUTES.recordPage, [deps.read], async (req, res) => {
    const caseNumber = CaseNumber.safeParse(req.params.caseNumber);
    if (!caseNumber.success) throw new HttpError(404, 'not_found', NOT_HELD);
    const pool = await scoped(req, deps.register, caseNumber.data);
    const record = await readRecord(pool, caseNumber.data);
    if (!record) throw new HttpError(404, 'not_found', NOT_HELD);
    // The timeline picture, drawn from the register as the grant's page draws it from the state.
    // The record itself never depends on it: a picture that cannot be drawn is left out and logged.
    const now = Date.now();
    let timeline: ReturnType<typeof grantTimeline> | undefined;
    try {
      const grant = await grantFromRegister(pool, caseNumber.data, now);
      timeline = grant ? grantTimeline(grant, stockholmDate(now)) : undefined;
    } catch (err) {
      req.log?.warn({ caseNumber: caseNumber.data, err: err instanceof Error ? err.message : String(err) }, 'akt without its timeline picture');
    }
    res.status(200).type('html').send(recordPage({ lang: deps.langOf(req), record, caseNumber: caseNumber.data, timeline }));
  }, { validate: false });
}
