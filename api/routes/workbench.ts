/**
 * The coordinators' workbench, mounted on /dashboard/workbench (the session cookie's path):
 *
 *   GET  /dashboard/workbench                 "Mina bidrag": the organisation's open grants, what waits for the coordinator first
 *   GET  /dashboard/workbench/new?template=…  the plan form, filled from a template; the county template first asks
 *                                             for the registered agreement and the county (…&agreement=2020&county=23)
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
import { homePage, newGrantPage, reviewPage, type TemplateExtras } from '../views/workbench/pages';
import { chooseAgreementPage, fundsBox, type ChoiceField } from '../views/workbench/countyPages';
import { countyFunds, defaultCounty, type CountyFunds } from '../workbench/countyTemplate';
import { listAgreements, readRecord } from './agreements';
import { AgreementId } from '../schemas/agreements';
import { isCountyCode } from '../../domain/allocation';
import { problemsOf } from '../../domain/zodText';
import { withLang } from '../views/dashboard';
import { grantActionsRouter } from './grantActions';

const NO_COUNTY = { sv: 'välj ett av de 21 länen', en: 'choose one of the 21 counties' } as const;
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

  /** The county's funds under a registered agreement, or what is wrong with the choice, at its field. */
  /**
   * The county's funds under a registered agreement, or what is wrong with the choice, at its field:
   * 400 when a value is not of its form (an id, two digits), 422 when it names nothing that can be
   * chosen (no such county or agreement, or a retired one).
   */
  async function fundsOf(lang: 'sv' | 'en', agreement: unknown, county: unknown): Promise<{ funds: CountyFunds } | { status: 400 | 422; problems: { field: ChoiceField; message: string }[] }> {
    const problems: { field: ChoiceField; message: string }[] = [];
    const id = AgreementId.safeParse(agreement);
    if (!id.success) problems.push(...problemsOf(id.error, []).map((p) => ({ field: 'agreement' as const, message: p.messages[lang] })));
    const formed = typeof county === 'string' && /^\d{2}$/.test(county);
    if (!formed || !isCountyCode(county)) problems.push({ field: 'county', message: NO_COUNTY[lang] });
    if (problems.length || !id.success || typeof county !== 'string' || !isCountyCode(county)) return { status: !id.success || !formed ? 400 : 422, problems };
    try {
      const record = await readRecord(client, id.data);
      if (record.retired) return { status: 422, problems: [{ field: 'agreement', message: lang === 'sv' ? `överenskommelsen ${id.data} är avslutad; välj en annan` : `agreement ${id.data} is retired; choose another` }] };
      return { funds: countyFunds(record, county) };
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return { status: 422, problems: [{ field: 'agreement', message: err.detail[lang] }] };
      throw err;
    }
  }

  const countyExtras = (lang: 'sv' | 'en', funds: CountyFunds): TemplateExtras => ({ before: fundsBox(lang, funds), carry: { _agreement: funds.agreementId, _county: funds.county.code } });

  r.get('/new', coordinator, async (req, res) => {
    const asked = req.query.template;
    // A link to a template that does not exist says so (the document lists the templates), rather than showing another one.
    if (asked !== undefined && !TEMPLATE_IDS.includes(asked as TemplateId)) {
      const list = TEMPLATE_IDS.join(', ');
      throw new HttpError(400, 'invalid_request', t(`det finns ingen mall "${String(asked)}"; mallarna är ${list}`, `there is no template "${String(asked)}"; the templates are ${list}`));
    }
    const template = templateOf(asked);
    const lang = langOf(req);
    const p = req.principal!;
    // The county template names a bad county at its field (below); another template says so plainly.
    if (template !== 'county' && req.query.county !== undefined && !(typeof req.query.county === 'string' && /^\d{2}$/.test(req.query.county))) {
      throw new HttpError(400, 'invalid_request', t('county måste vara en länskod med två siffror (SCB), t.ex. 23', 'county must be a two-digit county code (SCB), e.g. 23'));
    }
    if (template !== 'county' && req.query.agreement !== undefined && !AgreementId.safeParse(req.query.agreement).success) {
      throw new HttpError(400, 'invalid_request', t('agreement måste vara en överenskommelses id, t.ex. 2020', 'agreement must be an agreement id, e.g. 2020'));
    }
    let extras: TemplateExtras | undefined;
    let funds: CountyFunds | undefined;
    if (template === 'county') {
      // First the agreement and the county; the form is filled from the county's allocation.
      const county = typeof req.query.county === 'string' ? req.query.county : defaultCounty(p);
      const chooser = async (status: number, problems: { field: ChoiceField; message: string }[]) =>
        sendPage(res, status, chooseAgreementPage({ lang, principal: p, agreements: await listAgreements(client), chosen: { agreement: typeof req.query.agreement === 'string' ? req.query.agreement : undefined, county }, problems, currentUrl: req.originalUrl }));
      if (req.query.agreement === undefined) {
        const badCounty = req.query.county !== undefined && !(typeof req.query.county === 'string' && isCountyCode(req.query.county));
        const formed = typeof req.query.county === 'string' && /^\d{2}$/.test(req.query.county);
        return chooser(!badCounty ? 200 : formed ? 422 : 400, badCounty ? [{ field: 'county', message: NO_COUNTY[lang] }] : []);
      }
      const found = await fundsOf(lang, req.query.agreement, county);
      if ('problems' in found) return chooser(found.status, found.problems);
      funds = found.funds;
      extras = countyExtras(lang, funds);
    }
    const doc = templatePlan(template, p, today(), funds);
    sendPage(res, 200, newGrantPage({ lang, principal: p, template, doc, problems: [], csrf: csrf.tokenOf(req), units: template === 'county' ? REQUISITION_UNITS : [], currentUrl: req.originalUrl, extras }));
  });

  r.post('/new', coordinator, formBody, async (req, res) => {
    csrf.check(req);
    const lang = langOf(req);
    const p = req.principal!;
    const fields = fieldsOf(req);
    const template = templateOf(fields._template);
    // The county template's box comes along from page to page; an agreement gone since is simply not shown.
    const found = template === 'county' && fields._agreement ? await fundsOf(lang, fields._agreement, fields._county) : undefined;
    const extras = found && 'funds' in found ? countyExtras(lang, found.funds) : undefined;
    const form = (status: number, doc: Record<string, unknown>, problems: Problem[]) =>
      sendPage(res, status, newGrantPage({ lang, principal: p, template, doc, problems, csrf: csrf.tokenOf(req), units: template === 'county' ? REQUISITION_UNITS : [], currentUrl: req.originalUrl, extras }));

    const changed = rowChanged(fields);
    if (changed) return form(200, changed, []);
    if (fields._step === 'edit' || fields._step === 'start') {
      const plan = reviewedPlan(fields);
      if (!plan) throw new HttpError(400, 'invalid_request', t('det granskade underlaget kom inte tillbaka helt; börja om formuläret', 'the reviewed plan did not come back whole; start the form again'));
      if (fields._step === 'edit') return form(200, plan, []);
      const checked = checkPlan(plan, today());
      if (!checked.ok) return form(422, plan, checked.problems);
      if (!canSteer(p, checked.plan.organisation)) throw new HttpError(403, 'forbidden', t(`du samordnar bidrag för ${p.org}`, `you coordinate grants of ${p.org}`));
      const started = await startGrant({ client, taskQueue: deps.taskQueue, now, register: deps.register }, checked.plan, p.name).catch((e: unknown) => {
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
    sendPage(res, 200, reviewPage({ lang, principal: p, template, plan: result.plan, today: today(), csrf: csrf.tokenOf(req), currentUrl: req.originalUrl, extras: extras && { carry: extras.carry } }));
  });

  r.use(pageErrors());
  return r;
}
