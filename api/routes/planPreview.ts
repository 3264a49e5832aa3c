/**
 * The dashboard's plan preview, mounted inside /dashboard:
 *
 *   GET  /dashboard/plans/preview    the form: paste a plan's JSON or choose its file
 *   POST /dashboard/plans/preview    multipart/form-data (or urlencoded) `plan` and/or `file`: the
 *                                    plan's timeline picture and basis (200), or every problem (422),
 *                                    or what is wrong with the request (400)
 *
 * The plan is checked as POST /api/plans/validate checks it (the short form expanded for the
 * signed-in user, then checkPlan with today's Stockholm date); nothing is started or kept. The
 * POST comes only from this site (Origin / Sec-Fetch-Site), like the dashboard's other forms.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { checkPlan } from '../../domain/validatePlan';
import { stockholmDate } from '../../domain/dates';
import type { Lang } from '../views/layout';
import { PV, previewPage } from '../views/preview';
import { QuickGrant } from '../schemas/grants';
import { expandQuick } from './planRequest';
import { problemsOf } from '../../domain/zodText';
import { boundaryOf, parseMultipart } from '../multipart';

const LIMIT = '1mb';

/** The plan's text from the form: the chosen file wins over the textarea when both are given. */
function planText(req: Request): string {
  if (Buffer.isBuffer(req.body)) {
    const boundary = boundaryOf(req.get('content-type'));
    const parts = boundary ? parseMultipart(req.body, boundary) : [];
    const file = parts.find((p) => p.name === 'file' && p.value.trim());
    return (file ?? parts.find((p) => p.name === 'plan'))?.value.trim() ?? '';
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  return typeof body.plan === 'string' ? body.plan.trim() : '';
}

export function planPreviewRoutes(
  r: Router,
  deps: { read: RequestHandler; sameSite: (req: Request) => boolean; langOf: (req: Request) => Lang; send: (res: Response, status: number, body: string) => void; now: () => number; forbidden: (req: Request, res: Response) => void },
): void {
  const { read, langOf, send } = deps;
  const base = (req: Request) => ({ lang: langOf(req), principal: req.principal!, currentUrl: req.originalUrl, today: stockholmDate(deps.now()) });

  r.get('/plans/preview', read, (req, res) => send(res, 200, previewPage(base(req))));

  r.post(
    '/plans/preview',
    read,
    express.raw({ type: 'multipart/form-data', limit: LIMIT }),
    express.urlencoded({ extended: false, limit: LIMIT, parameterLimit: 5 }),
    (req, res) => {
      if (!deps.sameSite(req)) return deps.forbidden(req, res);
      const v = base(req);
      const p = PV[v.lang];
      const text = planText(req);
      if (!text) return send(res, 400, previewPage({ ...v, error: p.noPlan }));
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch (e) {
        return send(res, 400, previewPage({ ...v, text, error: p.badJson((e as Error).message) }));
      }
      if (input && typeof input === 'object' && !Array.isArray(input) && !('parts' in input) && 'approver' in input) {
        const q = QuickGrant.safeParse(input);
        if (!q.success) return send(res, 422, previewPage({ ...v, text, problems: problemsOf(q.error, [], '(plan)') }));
        input = expandQuick(q.data, v.principal, v.today);
      }
      const result = checkPlan(input, v.today);
      if (!result.ok) return send(res, 422, previewPage({ ...v, text, problems: result.problems }));
      send(res, 200, previewPage({ ...v, text, plan: result.plan }));
    },
  );
}
