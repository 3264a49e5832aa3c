/** Coordinators start and steer grants; managers read them. */
import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { type GrantPlan, CaseNumber } from '../../domain/plan';
import { checkPlan, projectTimeline } from '../../domain/validatePlan';
import { stockholmDate, CalendarDate } from '../../domain/dates';
import { Ore } from '../../domain/money';
import { amendUpdate, cancelUpdate, recordFactUpdate, reviseUpdate, stateQuery, grantWorkflowId, type GrantState } from '../../workflows/grant/contract';
import { startGrant } from '../startGrant';
import { canRead, canSteer, type Principal, type RequireRole } from '../auth';
import { changedGrant } from '../changes';
import { HttpError } from '../errors';
import { validate, valid } from '../validate';
import { publicState } from '../grantView';

/** The walking-skeleton shape: one amount, one approver. Expanded into a full plan. */
export const QuickGrant = z.object({
  caseNumber: CaseNumber,
  title: z.string().trim().min(1).max(300),
  amountOre: Ore.refine((v) => v > 0, { error: 'must be more than 0' }),
  approver: z.object({ name: z.string().trim().min(1).max(200), email: z.email({ error: 'must be an email address' }) }),
  deadline: CalendarDate.optional(),
  year: z.number().int().min(2000).max(2100).optional(),
});

export const CaseParams = z.object({ caseNumber: CaseNumber });

const Comment = z.string().trim().max(5000).optional();
export const FactBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stateDecision'), trancheId: z.string().min(1), met: z.boolean(), reference: z.string().max(300).optional(), comment: Comment }),
  z.object({ type: z.literal('requisitioned'), partId: z.string().min(1), comment: Comment }),
  z.object({ type: z.literal('paymentMade'), trancheId: z.string().min(1), comment: Comment }),
  z.object({ type: z.literal('requirementsPublished'), reportId: z.string().min(1), requirements: z.string().trim().min(1).max(20000), due: CalendarDate.optional(), comment: Comment }),
  z.object({ type: z.literal('reportSubmitted'), reportId: z.string().min(1), comment: Comment }),
  z.object({ type: z.literal('fundsUsed'), partId: z.string().min(1), usedOre: Ore, comment: Comment }),
  z.object({ type: z.literal('repaid'), amountOre: Ore.refine((v) => v > 0, { error: 'must be more than 0' }), comment: Comment }),
  z.object({ type: z.literal('decisionParagraph'), paragraph: z.string().trim().min(1).max(50), comment: Comment }),
]);

export const AmendBody = z.object({
  reason: z.string().trim().min(1, { error: 'an amendment needs a reason' }).max(2000),
  amendment: z.discriminatedUnion('type', [
    // The three deadline kinds share type 'deadline': a union of their own, by target (zod refuses a duplicate discriminator value).
    z.discriminatedUnion('target', [
      z.object({ type: z.literal('deadline'), target: z.literal('round'), groupId: z.string().min(1), date: CalendarDate }),
      z.object({ type: z.literal('deadline'), target: z.literal('requisition'), partId: z.string().min(1), date: CalendarDate }),
      z.object({ type: z.literal('deadline'), target: z.literal('report'), reportId: z.string().min(1), date: CalendarDate }),
    ]),
    z.object({ type: z.literal('distribution'), distribution: z.array(z.object({ name: z.string().trim().min(1).max(200), email: z.email().optional() })).max(100) }),
    z.object({ type: z.literal('amounts'), parts: z.array(z.object({ id: z.string().min(1), amountOre: Ore })).min(1).max(50) }),
  ]),
});

export const CancelBody = z.object({ reason: z.string().trim().min(1, { error: 'a cancellation needs a reason' }).max(2000) });
export const ReviseBody = z.object({ plan: z.unknown(), comment: z.string().trim().min(1, { error: 'say what changed' }).max(5000) });

export function expandQuick(q: z.infer<typeof QuickGrant>, p: Principal, org: string, email?: string): unknown {
  return {
    caseNumber: q.caseNumber,
    title: q.title,
    organisation: org,
    year: q.year ?? Number(stockholmDate(Date.now()).slice(0, 4)),
    coordinators: [{ id: 'coordinator', name: p.name, email: email ?? 'coordinator@invalid.example' }],
    parts: [{ id: '1', name: q.title, amountOre: q.amountOre }],
    totalOre: q.amountOre,
    decision: {
      body: 'Beslutsfattare',
      group: { id: 'approver', name: 'Beslutsfattare', members: [{ id: 'approver', name: q.approver.name, email: q.approver.email }], rule: { type: 'all' }, deadline: q.deadline },
    },
  };
}

export function grantsRouter(deps: { client: Client; taskQueue: string; requireRole: RequireRole; now?: () => number }): Router {
  const { client, taskQueue, requireRole } = deps;
  const now = deps.now ?? Date.now;
  const r = Router();

  const location = (caseNumber: string) => `/api/grants/${encodeURIComponent(caseNumber)}`;

  async function loadState(caseNumber: string): Promise<GrantState> {
    return client.workflow.getHandle(grantWorkflowId(caseNumber)).query(stateQuery);
  }

  async function loadForRead(caseNumber: string, p: Principal) {
    const s = await loadState(caseNumber);
    if (!canRead(p, s.plan.organisation)) throw new HttpError(404, 'not_found', 'no such grant');
    return s;
  }

  async function loadForSteer(caseNumber: string, p: Principal) {
    const s = await loadForRead(caseNumber, p);
    if (!canSteer(p, s.plan.organisation)) throw new HttpError(403, 'forbidden', 'only a coordinator of the grant’s organisation may change it');
    return s;
  }

  function parsePlan(body: unknown, p: Principal): GrantPlan {
    const raw = body && typeof body === 'object' && !('parts' in body) && 'approver' in body ? quick(body, p) : body;
    const result = checkPlan(raw, stockholmDate(now()));
    if (!result.ok) throw new HttpError(422, 'invalid_plan', 'the plan cannot work', result.problems);
    if (!canSteer(p, result.plan.organisation)) throw new HttpError(403, 'forbidden', `you coordinate grants of ${p.org}, not ${result.plan.organisation}`);
    return result.plan;
  }

  function quick(body: unknown, p: Principal) {
    const q = QuickGrant.safeParse(body);
    if (!q.success) throw new HttpError(400, 'invalid_request', 'the request is invalid', q.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message })));
    return expandQuick(q.data, p, p.org, p.email);
  }

  r.post('/plans/validate', requireRole('coordinator'), (req, res, next) => {
    try {
      const plan = parsePlan(req.body, req.principal!);
      res.json({ ok: true, plan, timeline: projectTimeline(plan) });
    } catch (e) {
      if (e instanceof HttpError && e.status === 422) {
        res.status(422).json({ ok: false, problems: e.problems });
        return;
      }
      next(e);
    }
  });

  r.post('/grants', requireRole('coordinator'), async (req, res, next) => {
    try {
      if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) throw new HttpError(400, 'invalid_request', 'the body must be a JSON object');
      const plan = parsePlan(req.body, req.principal!);
      const { workflowId, created } = await startGrant({ client, taskQueue, now }, plan, req.principal!.name);
      if (!created) {
        res.status(200).location(location(plan.caseNumber)).json({ caseNumber: plan.caseNumber, workflowId, created: false });
        return;
      }
      req.log?.info({ caseNumber: plan.caseNumber, workflowId }, 'grant started');
      changedGrant(res, workflowId);
      res.status(201).location(location(plan.caseNumber)).json({ caseNumber: plan.caseNumber, workflowId, created: true });
    } catch (e) {
      next(e);
    }
  });

  r.get('/grants/:caseNumber', requireRole('manager', 'coordinator'), validate({ params: CaseParams }), async (req, res, next) => {
    try {
      const { params } = valid<{ params: z.infer<typeof CaseParams> }>(res);
      const s = await loadForRead(params.caseNumber, req.principal!);
      res.set('ETag', `"${s.seq}"`).json(publicState(s));
    } catch (e) {
      next(e);
    }
  });

  r.post('/grants/:caseNumber/facts', requireRole('coordinator'), validate({ params: CaseParams, body: FactBody }), async (req, res, next) => {
    try {
      const { params, body } = valid<{ params: z.infer<typeof CaseParams>; body: z.infer<typeof FactBody> }>(res);
      await loadForSteer(params.caseNumber, req.principal!);
      const handle = client.workflow.getHandle(grantWorkflowId(params.caseNumber));
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: body, actor: req.principal!.name }] });
      // The update answers small (its result stays in history); the state is one query away.
      changedGrant(res, handle.workflowId);
      const s = await handle.query(stateQuery);
      res.json(publicState(s));
    } catch (e) {
      next(e);
    }
  });

  r.post('/grants/:caseNumber/amendments', requireRole('coordinator'), validate({ params: CaseParams, body: AmendBody }), async (req, res, next) => {
    try {
      const { params, body } = valid<{ params: z.infer<typeof CaseParams>; body: z.infer<typeof AmendBody> }>(res);
      await loadForSteer(params.caseNumber, req.principal!);
      const handle = client.workflow.getHandle(grantWorkflowId(params.caseNumber));
      await handle.executeUpdate(amendUpdate, { args: [{ amendment: body.amendment, reason: body.reason, actor: req.principal!.name }] });
      // The update answers small (its result stays in history); the state is one query away.
      changedGrant(res, handle.workflowId);
      const s = await handle.query(stateQuery);
      res.json(publicState(s));
    } catch (e) {
      next(e);
    }
  });

  r.post('/grants/:caseNumber/revisions', requireRole('coordinator'), validate({ params: CaseParams, body: ReviseBody }), async (req, res, next) => {
    try {
      const { params, body } = valid<{ params: z.infer<typeof CaseParams>; body: z.infer<typeof ReviseBody> }>(res);
      await loadForSteer(params.caseNumber, req.principal!);
      const plan = parsePlan(body.plan, req.principal!);
      if (plan.caseNumber !== params.caseNumber) throw new HttpError(422, 'invalid_plan', 'a revision keeps the case number', [{ path: 'plan.caseNumber', message: `must be ${params.caseNumber}` }]);
      const handle = client.workflow.getHandle(grantWorkflowId(params.caseNumber));
      await handle.executeUpdate(reviseUpdate, { args: [{ plan, comment: body.comment, actor: req.principal!.name }] });
      // The update answers small (its result stays in history); the state is one query away.
      changedGrant(res, handle.workflowId);
      const s = await handle.query(stateQuery);
      res.json(publicState(s));
    } catch (e) {
      next(e);
    }
  });

  r.post('/grants/:caseNumber/cancel', requireRole('coordinator'), validate({ params: CaseParams, body: CancelBody }), async (req, res, next) => {
    try {
      const { params, body } = valid<{ params: z.infer<typeof CaseParams>; body: z.infer<typeof CancelBody> }>(res);
      await loadForSteer(params.caseNumber, req.principal!);
      const handle = client.workflow.getHandle(grantWorkflowId(params.caseNumber));
      await handle.executeUpdate(cancelUpdate, { args: [{ reason: body.reason, actor: req.principal!.name }] });
      // The update answers small (its result stays in history); the state is one query away.
      changedGrant(res, handle.workflowId);
      const s = await handle.query(stateQuery);
      res.json(publicState(s));
    } catch (e) {
      next(e);
    }
  });

  return r;
}
