/**
 * The dashboard's plan preview, mounted inside /dashboard:
 *
 *   GET  /dashboard/plans/preview    the form: paste a plan's JSON or choose its file
 *   POST /dashboard/plans/preview    multipart/form-data (or urlencoded) `plan` and/or `file`: the
 *                                    plan's timeline picture and basis (200), or every problem (422:
 *                                    no plan, not JSON, or what the plan check names)
 *
 * The plan is checked as POST /api/plans/validate checks it (planRequest's checkPlanRequest: the
 * short form expanded for the signed-in user, structure and business rules together with today's
 * Stockholm date); nothing is started or kept. The
 * POST comes only from this site (Origin / Sec-Fetch-Site), like the dashboard's other forms.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { stockholmDate } from '../../domain/dates';
import type { Lang } from '../views/layout';
import { PV, previewPage, type JsonError } from '../views/preview';
import { checkPlanRequest } from './planRequest';
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

/** Where JSON.parse stopped, as a line and column of the text, or that the text ended (V8 says so in English words only). */
export function jsonErrorAt(text: string, e: Error): JsonError {
  const m = /position (\d+)/.exec(e.message);
  if (m) {
    const lines = text.slice(0, Number(m[1])).split('\n');
    return { line: lines.length, column: lines.at(-1)!.length + 1 };
  }
  return /end of (JSON|data)/i.test(e.message) ? 'end' : 'unknown';
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
      // What is wrong with the plan in the form is 422, whatever it is: the form itself was well-formed.
      if (!text) return send(res, 422, previewPage({ ...v, error: p.noPlan }));
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch (e) {
        return send(res, 422, previewPage({ ...v, text, error: p.badJson(jsonErrorAt(text, e as Error)) }));
      }
      const result = checkPlanRequest(input, v.principal, v.today, [], '(plan)');
      if (!result.plan) return send(res, 422, previewPage({ ...v, text, problems: result.problems }));
      send(res, 200, previewPage({ ...v, text, plan: result.plan }));
    },
  );
}
