/**
 * The coordinator's actions on a grant, mounted on /dashboard/workbench/grants:
 *
 *   GET  /:caseNumber/:action   the action's form (only when the action is open to this person now)
 *   POST /:caseNumber/:action   _step=review → every problem, or the confirmation step;
 *                               _step=edit → the form again; _step=confirm → the Update, then 303 to the grant's page
 *
 * Each form is checked by the JSON API's schemas and sent as the API's Updates (api/workbench/actions.ts);
 * a refusal by the workflow's validator comes back on the form, named.
 */
import { Router, type Request } from 'express';
import type { Client } from '@temporalio/client';
import { canSteer, type RequireRole } from '../auth';
import { HttpError, refusalAnswer, refusalOf, t } from '../errors';
import { problem } from '../../domain/text';
import { CaseNumber, type GrantPlan } from '../../domain/plan';
import { stockholmDate } from '../../domain/dates';
import { checkPlan, type Problem } from '../../domain/validatePlan';
import { grantWorkflowId, stateQuery, type GrantState } from '../../workflows/grant/contract';
import { ACTION_IDS, checkAction, choicesFor, initialFields, openActions, refusalField, runAction, type ActionId } from '../workbench/actions';
import { docFromFields, reviewedPlan, rowChanged } from '../workbench/planForm';
import { formBody, fieldsOf, langOf, sendPage, workbenchCsrf } from '../workbench/session';
import { actionConfirmPage, actionFormPage, reviseConfirmPage, reviseFormPage } from '../views/workbench/actions';
import { planPicture } from '../views/workbench/pages';
import { withLang } from '../views/dashboard';
import { planProblems } from '../workbench/checks';

export function grantActionsRouter(deps: { client: Client; requireRole: RequireRole; linkSecret: string; publicBaseUrl: string; now?: () => number }): Router {
  const { client } = deps;
  const now = deps.now ?? Date.now;
  const csrf = workbenchCsrf(deps.linkSecret, deps.publicBaseUrl);
  const r = Router();
  const coordinator = deps.requireRole.orSession('coordinator');

  /** The grant and the action, if this person may take it on this grant now (404 for another organisation's grant). */
  async function load(req: Request): Promise<{ s: GrantState; action: ActionId }> {
    const caseNumber = CaseNumber.safeParse(req.params.caseNumber);
    const action = req.params.action as ActionId;
    if (!caseNumber.success || !ACTION_IDS.includes(action)) throw new HttpError(404, 'not_found', t('sidan finns inte', 'no such page'));
    const s = await client.workflow.getHandle(grantWorkflowId(caseNumber.data)).query(stateQuery);
    if (!canSteer(req.principal!, s.plan.organisation)) throw new HttpError(404, 'not_found', t('bidraget finns inte', 'no such grant'));
    if (!openActions(s, req.principal!).includes(action)) throw new HttpError(409, 'not_open', t('Åtgärden är inte möjlig i bidragets nuvarande läge.', 'The action is not possible in the grant’s present state.'));
    return { s, action };
  }

  const done = (req: Request, s: GrantState) => withLang(`/dashboard/grants/${encodeURIComponent(s.caseNumber)}?done=1`, langOf(req));

  r.get('/:caseNumber/:action', coordinator, async (req, res) => {
    const { s, action } = await load(req);
    const lang = langOf(req);
    const common = { lang, principal: req.principal!, grant: s, csrf: csrf.tokenOf(req), currentUrl: req.originalUrl };
    if (action === 'revise') return sendPage(res, 200, reviseFormPage({ ...common, doc: structuredClone(s.plan) as unknown as Record<string, unknown>, comment: '', problems: [] }));
    sendPage(res, 200, actionFormPage({ ...common, action, choices: choicesFor(action, s), fields: initialFields(action, s), problems: [] }));
  });

  r.post('/:caseNumber/:action', coordinator, formBody, async (req, res) => {
    csrf.check(req);
    const { s, action } = await load(req);
    const lang = langOf(req);
    const p = req.principal!;
    const fields = fieldsOf(req);
    const common = { lang, principal: p, grant: s, csrf: csrf.tokenOf(req), currentUrl: req.originalUrl };
    /** The Update, or its refusal named on the form. */
    const send = async (body: unknown, plan?: GrantPlan): Promise<Problem | undefined> => {
      try {
        await runAction(client, s.caseNumber, p, action, body, plan);
        req.log?.info({ caseNumber: s.caseNumber, action }, 'workbench action');
        return undefined;
      } catch (e) {
        const refusal = refusalOf(e);
        if (!refusal) throw e;
        const { text } = refusalAnswer(refusal);
        return { path: refusalField(action), message: text.en, messages: text };
      }
    };

    if (action === 'revise') {
      const comment = (fields._comment ?? '').trim();
      const form = (status: number, doc: Record<string, unknown>, problems: Problem[]) => sendPage(res, status, reviseFormPage({ ...common, doc, comment, problems }));
      const commentProblem: Problem[] = comment ? [] : [problem('comment', 'säg vad som har ändrats', 'say what changed')];
      const changed = rowChanged(fields);
      if (changed) return form(200, changed, []);
      if (fields._step === 'edit' || fields._step === 'confirm') {
        const plan = reviewedPlan(fields);
        if (!plan) throw new HttpError(400, 'invalid_request', t('det granskade underlaget kom inte tillbaka helt; öppna formuläret igen', 'the reviewed plan did not come back whole; open the form again'));
        if (fields._step === 'edit') return form(200, plan, []);
        const checked = checkPlan(plan, stockholmDate(now()));
        const problems = [...(checked.ok ? [] : checked.problems), ...commentProblem];
        if (checked.ok && checked.plan.caseNumber !== s.caseNumber) problems.push(problem('caseNumber', `måste vara ${s.caseNumber}`, `must be ${s.caseNumber}`));
        if (!checked.ok || problems.length) return form(422, plan, problems);
        const refused = await send({ comment }, checked.plan);
        return refused ? form(422, plan, [refused]) : res.redirect(303, done(req, s));
      }
      const result = planProblems(fields, p, stockholmDate(now()));
      const problems = [...(result.ok ? [] : result.problems), ...commentProblem];
      if (result.ok && result.plan.caseNumber !== s.caseNumber) problems.push(problem('caseNumber', `måste vara ${s.caseNumber}`, `must be ${s.caseNumber}`));
      if (!result.ok || problems.length) return form(422, docFromFields(fields), problems);
      return sendPage(res, 200, reviseConfirmPage({ ...common, plan: result.plan, comment, picture: planPicture(lang, result.plan, stockholmDate(now())) }));
    }

    const choices = choicesFor(action, s);
    const form = (status: number, problems: Problem[]) => sendPage(res, status, actionFormPage({ ...common, action, choices, fields, problems }));
    if (fields._step === 'edit') return form(200, []);
    const checked = checkAction(action, fields, s);
    if (!checked.ok) return form(422, checked.problems);
    if (fields._step !== 'confirm') return sendPage(res, 200, actionConfirmPage({ ...common, action, choices, fields }));
    const refused = await send(checked.body);
    if (refused) return form(422, [refused]);
    res.redirect(303, done(req, s));
  });

  return r;
}
