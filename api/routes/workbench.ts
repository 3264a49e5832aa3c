/**
 * The coordinators' workbench, mounted on /dashboard/workbench (the session cookie's path):
 *
 *   GET  /dashboard/workbench                 "Mina bidrag": the organisation's open grants, what waits for the coordinator first
 *   GET  /dashboard/workbench/new?template=…  the plan form, filled from a template
 *   POST /dashboard/workbench/new             _add/_remove a row; _step=review → every problem, or the dates to confirm;
 *                                             _step=edit → the form again; _step=start → the grant starts (303 to its page)
 *
 * The plan is validated as the API validates it (domain/validatePlan.ts) and started the same way
 * (api/startGrant.ts): the case number is the key, so a second start is refused with a clear message.
 */
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { canSteer, type RequireRole } from '../auth';
import { HttpError, t } from '../errors';
import { problem } from '../../domain/text';
import { GrantListQuery, MAX_PAGE_SIZE } from '../listQuery';
import type { Pool } from 'pg';
import { listGrants } from './manager';
import { startGrant } from '../startGrant';
import { checkPlan, type Problem } from '../../domain/validatePlan';
import { planProblems } from '../workbench/checks';
import { stockholmDate } from '../../domain/dates';
import { docFromFields, reviewedPlan, rowChanged } from '../workbench/planForm';
import { REQUISITION_UNITS, TEMPLATE_IDS, templatePlan, type TemplateId } from '../workbench/templates';
import { formBody, fieldsOf, langOf, pageErrors, sendPage, workbenchCsrf } from '../workbench/session';
import { homePage, newGrantPage, reviewPage } from '../views/workbench/pages';
import { withLang } from '../views/dashboard';
import { grantActionsRouter } from './grantActions';

const templateOf = (v: unknown): TemplateId => (TEMPLATE_IDS.includes(v as TemplateId) ? (v as TemplateId) : 'quick');

export function workbenchRouter(deps: { client: Client; register: Pick<Pool, 'query' | 'connect'>; taskQueue: string; requireRole: RequireRole; linkSecret: string; publicBaseUrl: string; now?: () => number }): Router {
  const { client, requireRole } = deps;
  const now = deps.now ?? Date.now;
  const csrf = workbenchCsrf(deps.linkSecret, deps.publicBaseUrl);
  const r = Router();
  const coordinator = requireRole.orSession('coordinator');
  const today = () => stockholmDate(now());

  r.use('/grants', grantActionsRouter(deps));

  r.get('/', requireRole.orSession('coordinator', 'manager'), async (req, res) => {
    const p = req.principal!;
    // The open grants of the organisation: at most a page of the list's largest size, soonest deadline first.
    const found = await listGrants({ register: deps.register }, p, GrantListQuery.parse({ status: 'active,returned', pageSize: String(MAX_PAGE_SIZE) }));
    const open = found.items;
    sendPage(res, 200, homePage({ lang: langOf(req), principal: p, items: open, canStart: canSteer(p, p.org), currentUrl: req.originalUrl }));
  });

  r.get('/new', coordinator, (req, res) => {
    const asked = req.query.template;
    // A link to a template that does not exist says so (the document lists the templates), rather than showing another one.
    if (asked !== undefined && !TEMPLATE_IDS.includes(asked as TemplateId)) {
      const list = TEMPLATE_IDS.join(', ');
      throw new HttpError(400, 'invalid_request', t(`det finns ingen mall "${String(asked)}"; mallarna är ${list}`, `there is no template "${String(asked)}"; the templates are ${list}`));
    }
    const template = templateOf(asked);
    const doc = templatePlan(template, req.principal!, today());
    sendPage(res, 200, newGrantPage({ lang: langOf(req), principal: req.principal!, template, doc, problems: [], csrf: csrf.tokenOf(req), units: template === 'county' ? REQUISITION_UNITS : [], currentUrl: req.originalUrl }));
  });

  r.post('/new', coordinator, formBody, async (req, res) => {
    csrf.check(req);
    const lang = langOf(req);
    const p = req.principal!;
    const fields = fieldsOf(req);
    const template = templateOf(fields._template);
    const form = (status: number, doc: Record<string, unknown>, problems: Problem[]) =>
      sendPage(res, status, newGrantPage({ lang, principal: p, template, doc, problems, csrf: csrf.tokenOf(req), units: template === 'county' ? REQUISITION_UNITS : [], currentUrl: req.originalUrl }));

    const changed = rowChanged(fields);
    if (changed) return form(200, changed, []);
    if (fields._step === 'edit' || fields._step === 'start') {
      const plan = reviewedPlan(fields);
      if (!plan) throw new HttpError(400, 'invalid_request', t('det granskade underlaget kom inte tillbaka helt; börja om formuläret', 'the reviewed plan did not come back whole; start the form again'));
      if (fields._step === 'edit') return form(200, plan, []);
      const checked = checkPlan(plan, today());
      if (!checked.ok) return form(422, plan, checked.problems);
      if (!canSteer(p, checked.plan.organisation)) throw new HttpError(403, 'forbidden', t(`du samordnar bidrag för ${p.org}`, `you coordinate grants of ${p.org}`));
      const started = await startGrant({ client, taskQueue: deps.taskQueue, now }, checked.plan, p.name).catch((e: unknown) => {
        if (e instanceof HttpError && e.status === 409) return undefined;
        throw e;
      });
      if (!started) {
        return form(409, plan, [problem('caseNumber', `diarienummer ${checked.plan.caseNumber} har redan ett bidrag; ett andra startas inte`, `case ${checked.plan.caseNumber} already has a grant; a second one is not started`)]);
      }
      if (started.created) {
        req.log?.info({ caseNumber: checked.plan.caseNumber, workflowId: started.workflowId }, 'grant started from the workbench');
      }
      return res.redirect(303, withLang(`/dashboard/grants/${encodeURIComponent(checked.plan.caseNumber)}?started=1`, lang));
    }
    const result = planProblems(fields, p, today());
    if (!result.ok) return form(422, docFromFields(fields), result.problems);
    sendPage(res, 200, reviewPage({ lang, principal: p, template, plan: result.plan, today: today(), csrf: csrf.tokenOf(req), currentUrl: req.originalUrl }));
  });

  r.use(pageErrors());
  return r;
}
