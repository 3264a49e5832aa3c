/**
 * Coordinators check, start and steer grants; managers read them:
 *
 *   POST /api/plans/validate                    check a plan without starting it (coordinator)
 *   POST /api/grants                            start a grant (coordinator)
 *   GET  /api/grants/:caseNumber                the grant's state (manager, coordinator)
 *   POST /api/grants/:caseNumber/facts          record a fact           ┐
 *   POST /api/grants/:caseNumber/amendments     amend                   │ coordinator of the grant's
 *   POST /api/grants/:caseNumber/revisions      revise the plan         │ organisation; one Update each
 *   POST /api/grants/:caseNumber/cancel         cancel                  ┘ (./steer.ts)
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { projectTimeline } from '../../domain/validatePlan';
import { stockholmDate } from '../../domain/dates';
import { amendUpdate, cancelUpdate, recordFactUpdate, reviseUpdate } from '../../workflows/grant/contract';
import type { RequireRole } from '../auth';
import { startGrant } from '../startGrant';
import { problemsOf, valid } from '../validate';
import type { Problem } from '../../domain/text';
import { publicState } from '../grantView';
import { documented, mount } from '../routeRegistry';
import { AmendBody, CancelBody, CaseParams, FactBody, GrantView, GRANT_PLAN_EXAMPLE, PlanCheckOk, PlanRequest, QUICK_GRANT_EXAMPLE, ReviseBody, StartResult, SteerAnswer } from '../schemas/grants';
import { planOfRequest } from './planRequest';
import { grantSteering } from './steer';
import { readGrantToShow } from '../grantRead';
import type { Pool } from 'pg';

export { AmendBody, CancelBody, CaseParams, FactBody, QuickGrant, ReviseBody } from '../schemas/grants';

const PLAN_ERRORS = [400, 401, 403, 413, 415, 422] as const;

export const ROUTES = {
  validatePlan: documented({
    method: 'post',
    path: '/api/plans/validate',
    operationId: 'validatePlan',
    tag: 'Plans',
    summary: 'Check a plan without starting it',
    description: 'Parses the plan (or the QuickGrant short form), checks that it can work (sums, dates, members, rules) and projects its timeline. Starts nothing. Every problem, structural or not, is named in one 422 answer.',
    roles: ['coordinator'],
    body: { schema: PlanRequest, example: GRANT_PLAN_EXAMPLE, checkedByRoute: true },
    responses: { 200: { description: 'The plan can work.', schema: PlanCheckOk } },
    errors: PLAN_ERRORS,
  }),
  startGrant: documented({
    method: 'post',
    path: '/api/grants',
    operationId: 'startGrant',
    tag: 'Grants',
    summary: 'Start a grant',
    description: 'Checks the plan as /api/plans/validate does and starts its workflow. One case number has one grant, ever: the same plan again answers 200 (idempotent), a different plan 409, and so does any plan for a case the register holds after Temporal has forgotten its workflow (past retention).',
    roles: ['coordinator'],
    body: { schema: PlanRequest, example: QUICK_GRANT_EXAMPLE, checkedByRoute: true },
    responses: {
      201: { description: 'Started.', schema: StartResult, headers: { Location: 'The grant’s URL.' } },
      200: { description: 'This plan was already started; nothing new was started.', schema: StartResult, headers: { Location: 'The grant’s URL.' } },
    },
    errors: [...PLAN_ERRORS, 409],
  }),
  getGrant: documented({
    method: 'get',
    path: '/api/grants/:caseNumber',
    operationId: 'getGrant',
    tag: 'Grants',
    summary: 'Read a grant',
    description: 'The whole state: stage, rounds and answers, parts, tranches, reports, money, deadlines and the timeline. Live from the grant’s workflow while it runs; from the register (the public record) once it has ended (closed, cancelled or rejected) or Temporal no longer holds it, in the same shape (`X-Grant-Source: register`).',
    roles: ['manager', 'coordinator'],
    params: CaseParams,
    responses: {
      200: { description: 'The grant.', schema: GrantView, headers: { ETag: 'The state’s sequence number.', 'X-Grant-Source': 'workflow (live, a running grant) or register (the public record: an ended grant, or one Temporal no longer holds).' } },
      304: { description: 'Not modified: `If-None-Match` holds the current ETag.', headers: { ETag: 'The state’s sequence number.' } },
    },
    errors: [400, 401, 403, 404],
  }),
};

const steering = (operationId: string, segment: string, summary: string, schema: z.ZodType, example: unknown, description: string, checkedByRoute = false) =>
  documented({
    method: 'post',
    path: `/api/grants/:caseNumber/${segment}`,
    operationId,
    tag: 'Steering',
    summary,
    description,
    roles: ['coordinator'],
    params: CaseParams,
    body: { schema, example, checkedByRoute },
    responses: { 200: { description: 'Done: the grant’s sequence number, status and stage after the change.', schema: SteerAnswer, headers: { ETag: 'The state’s sequence number after the change.' } } },
    errors: [400, 401, 403, 404, 409, 413, 415, 422],
  });

export const STEERING = {
  facts: steering('recordFact', 'facts', 'Record a fact', FactBody, { type: 'paymentMade', trancheId: 't1', comment: 'Utbetalt enligt beslut' }, 'A state decision, a requisition, a payment, published report requirements, a submitted report, funds used, a repayment or the decision’s paragraph.'),
  amendments: steering('amendGrant', 'amendments', 'Amend a grant', AmendBody, { reason: 'Sammanträdet flyttat', amendment: { type: 'deadline', target: 'round', groupId: 'approver', date: '2030-09-30' } }, 'Changes that need no new decision: a deadline, the distribution list or part amounts (the total stays).'),
  revisions: steering('reviseGrant', 'revisions', 'Revise the plan', ReviseBody, { plan: { ...QUICK_GRANT_EXAMPLE, title: 'Stimulansmedel för psykisk hälsa 2025 (reviderad)' }, comment: 'Titeln förtydligad' }, 'A new revision of the whole plan; `plan` is checked like a new one (GrantPlan or QuickGrant) and keeps the case number.', true),
  cancel: steering('cancelGrant', 'cancel', 'Cancel a grant', CancelBody, { reason: 'Medlen drogs tillbaka' }, 'Ends the grant; open rounds close and their links stop working.'),
};


/** The comment of a revision, checked beside its plan (the plan by planOfRequest). */
const ReviseComment = ReviseBody.omit({ plan: true }).extend({ plan: z.unknown() });

export function grantsRouter(deps: { client: Client; register: Pick<Pool, 'connect'>; taskQueue: string; requireRole: RequireRole; now?: () => number }): Router {
  const { client, taskQueue, requireRole } = deps;
  const now = deps.now ?? Date.now;
  const r = Router();
  const coordinator = requireRole('coordinator');
  const location = (caseNumber: string) => `/api/grants/${encodeURIComponent(caseNumber)}`;
  const planOf = (req: Request, body: unknown, opts: { prefix: string[]; also?: Problem[]; caseNumber?: string } = { prefix: ['body'] }) => planOfRequest(body, req.principal!, stockholmDate(now()), opts);
  const steer = grantSteering(client);

  mount(r, '/api', ROUTES.validatePlan, [coordinator], (req, res) => {
    const plan = planOf(req, req.body);
    res.json({ ok: true, plan, timeline: projectTimeline(plan) });
  });

  mount(r, '/api', ROUTES.startGrant, [coordinator], async (req, res) => {
    const plan = planOf(req, req.body);
    const { workflowId, created } = await startGrant({ client, taskQueue, now, register: deps.register }, plan, req.principal!.name);
    if (created) req.log?.info({ caseNumber: plan.caseNumber, workflowId }, 'grant started');
    res.status(created ? 201 : 200).location(location(plan.caseNumber)).json({ caseNumber: plan.caseNumber, workflowId, created });
  });

  mount(r, '/api', ROUTES.getGrant, [requireRole('manager', 'coordinator')], async (req, res) => {
    const { params } = valid<{ params: z.infer<typeof CaseParams> }>(res);
    const { grant: s, from } = await readGrantToShow({ client, register: deps.register, now }, params.caseNumber, req.principal!);
    res.set({ ETag: `"${s.seq}"`, 'X-Grant-Source': from }).json(publicState(s));
  });

  mount(r, '/api', STEERING.facts, [coordinator], async (req, res) => {
    const { params, body } = valid<{ params: z.infer<typeof CaseParams>; body: z.infer<typeof FactBody> }>(res);
    await steer(req, res, params.caseNumber, (h, actor) => h.executeUpdate(recordFactUpdate, { args: [{ fact: body, actor }] }));
  });

  mount(r, '/api', STEERING.amendments, [coordinator], async (req, res) => {
    const { params, body } = valid<{ params: z.infer<typeof CaseParams>; body: z.infer<typeof AmendBody> }>(res);
    await steer(req, res, params.caseNumber, (h, actor) => h.executeUpdate(amendUpdate, { args: [{ amendment: body.amendment, reason: body.reason, actor }] }));
  });

  mount(r, '/api', STEERING.revisions, [coordinator], async (req, res) => {
    const { params } = valid<{ params: z.infer<typeof CaseParams> }>(res);
    const comment = ReviseComment.safeParse(req.body ?? {});
    const also = comment.success ? [] : problemsOf(comment.error, ['body']);
    const plan = planOf(req, (req.body as { plan?: unknown } | undefined)?.plan, { prefix: ['body', 'plan'], also, caseNumber: params.caseNumber });
    await steer(req, res, params.caseNumber, (h, actor) => h.executeUpdate(reviseUpdate, { args: [{ plan, comment: comment.data!.comment, actor }] }));
  });

  mount(r, '/api', STEERING.cancel, [coordinator], async (req, res) => {
    const { params, body } = valid<{ params: z.infer<typeof CaseParams>; body: z.infer<typeof CancelBody> }>(res);
    await steer(req, res, params.caseNumber, (h, actor) => h.executeUpdate(cancelUpdate, { args: [{ reason: body.reason, actor }] }));
  });

  return r;
}
