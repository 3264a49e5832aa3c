/** The coordinators' workbench: "Mina bidrag", the templates, the plan form and its review step. */
import type { Principal } from '../../auth';
import { formatDate } from '../../../domain/dates';
import { formatSek } from '../../../domain/sek';
import type { GrantPlan } from '../../../domain/plan';
import type { Problem } from '../../../domain/validatePlan';
import { timelineFigure } from '../timeline';
import { timelineModel } from '../timelineModel';
import type { GrantListItem } from '../../listQuery';
import { STAGE_LABEL, STATUS_LABEL, dashboardPage, withLang } from '../dashboard';
import { escapeHtml as e, type Lang } from '../layout';
import { TEMPLATE_IDS, TEMPLATE_TEXT, type TemplateId } from '../../workbench/templates';
import { errorSummary, planFields } from './planForm';

const T = {
  sv: {
    home: 'Mina bidrag',
    inProgress: 'Pågående bidrag',
    intro: (org: string) => `Bidragen i ${org} som inte är avslutade. Det som väntar på dig står först.`,
    none: 'Inga pågående bidrag.',
    start: 'Starta ett bidrag',
    startIntro: 'Välj den mall som liknar ärendet. Allt går att ändra i formuläret.',
    use: (n: string) => `Använd mallen ${n}`,
    waits: 'Väntar på',
    grant: 'Bidrag',
    deadline: 'Nästa tidsfrist',
    status: 'Status',
    late: 'försenad',
    todo: { revise: 'dig: ny revision efter återremiss', requisition: 'dig: registrera rekvisition', payment: 'dig: registrera statligt beslut eller utbetalning', reporting: 'dig: registrera rapport', repayment: 'dig: registrera återbetalning', others: 'andra: förankring, beslut eller underskrift', inUse: 'ingen: medlen används', review: 'styrgruppen: beslut om fortsättning' },
    newTitle: (n: string) => `Nytt bidrag: ${n}`,
    formIntro: 'Fyll i ärendet. Belopp i kronor (t.ex. 1 234 567,50), datum som datum. Alla problem visas på en gång när du granskar.',
    review: 'Granska',
    reviewTitle: 'Granska och starta',
    reviewIntro: 'Kontrollera ärendet och datumen. När du startar skickas inbjudningar till dem som ska förankra eller besluta.',
    dates: 'Planens datum',
    stage: 'Skede',
    what: 'Vad',
    date: 'Datum',
    noDate: 'inget datum',
    total: 'Totalt',
    startButton: 'Starta bidraget',
    edit: 'Tillbaka och ändra',
    templates: 'Mallar',
  },
  en: {
    home: 'My grants',
    inProgress: 'Grants in progress',
    intro: (org: string) => `The grants of ${org} that are not closed. What waits for you comes first.`,
    none: 'No grants in progress.',
    start: 'Start a grant',
    startIntro: 'Pick the template that is most like the case. Everything can be changed in the form.',
    use: (n: string) => `Use the template ${n}`,
    waits: 'Waiting for',
    grant: 'Grant',
    deadline: 'Next deadline',
    status: 'Status',
    late: 'overdue',
    todo: { revise: 'you: a new revision after referral back', requisition: 'you: record a requisition', payment: 'you: record the state decision or a payment', reporting: 'you: record a report', repayment: 'you: record the repayment', others: 'others: anchoring, decision or signature', inUse: 'nobody: the funds are in use', review: 'the steering group: continuation decision' },
    newTitle: (n: string) => `New grant: ${n}`,
    formIntro: 'Fill in the case. Amounts in kronor (e.g. 1 234 567.50), dates as dates. Every problem is shown at once when you review.',
    review: 'Review',
    reviewTitle: 'Review and start',
    reviewIntro: 'Check the case and its dates. Starting sends invitations to those who anchor or decide.',
    dates: 'The plan’s dates',
    stage: 'Stage',
    what: 'What',
    date: 'Date',
    noDate: 'no date',
    total: 'Total',
    startButton: 'Start the grant',
    edit: 'Back to edit',
    templates: 'Templates',
  },
};

type Todo = keyof (typeof T)['sv']['todo'];

/** What a grant waits for, and whether that is the coordinator (who sees it first). */
export function waitingFor(item: Pick<GrantListItem, 'status' | 'stage'>): { todo: Todo; mine: boolean } {
  if (item.status === 'returned') return { todo: 'revise', mine: true };
  switch (item.stage) {
    case 'requisition':
    case 'payment':
    case 'reporting':
    case 'repayment':
      return { todo: item.stage, mine: true };
    case 'inUse':
    case 'review':
      return { todo: item.stage, mine: false };
    default:
      return { todo: 'others', mine: false };
  }
}

/** The coordinator's own work first, the overdue first within it, then by the next deadline. */
export function myGrantsOrder(items: GrantListItem[]): GrantListItem[] {
  const rank = (i: GrantListItem) => (waitingFor(i).mine ? 0 : 2) + (i.overdue ? 0 : 1);
  return [...items].sort((a, b) => rank(a) - rank(b) || (a.nextDeadline ?? '9999').localeCompare(b.nextDeadline ?? '9999') || a.caseNumber.localeCompare(b.caseNumber));
}

export function homePage(opts: { lang: Lang; principal: Principal; items: GrantListItem[]; canStart: boolean; currentUrl: string }): string {
  const { lang } = opts;
  const t = T[lang];
  const rows = myGrantsOrder(opts.items).map((i) => {
    const w = waitingFor(i);
    const href = withLang(`/dashboard/grants/${encodeURIComponent(i.caseNumber)}`, lang);
    return `<tr${w.mine ? ' class="mine"' : ''}><td data-label="${e(t.grant)}"><a href="${e(href)}">${e(i.title)}</a><span class="rel muted small">${e(i.caseNumber)}</span></td><td data-label="${e(t.waits)}">${w.mine ? '<strong>' : ''}${e(t.todo[w.todo])}${w.mine ? '</strong>' : ''}</td><td data-label="${e(t.deadline)}" class="nowrap">${i.nextDeadline ? e(formatDate(i.nextDeadline, lang)) : '–'}${i.overdue ? ` <span class="badge late">${t.late}</span>` : ''}</td><td data-label="${e(t.status)}">${i.status ? e(STATUS_LABEL[lang][i.status]) : ''}${i.stage ? `<span class="rel muted small">${e(STAGE_LABEL[lang][i.stage])}</span>` : ''}</td></tr>`;
  });
  const list = rows.length
    ? `<div class="table-wrap" tabindex="0"><table class="grants"><thead><tr><th scope="col">${t.grant}</th><th scope="col">${t.waits}</th><th scope="col">${t.deadline}</th><th scope="col">${t.status}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
    : `<p class="muted">${t.none}</p>`;
  const templates = opts.canStart
    ? `<section aria-labelledby="h-start"><h2 id="h-start">${t.start}</h2><p>${t.startIntro}</p><ul class="templates">${TEMPLATE_IDS.map((id) => {
        const x = TEMPLATE_TEXT[lang][id];
        return `<li><a class="button" href="${e(withLang(`/dashboard/workbench/new?template=${id}`, lang))}" aria-describedby="about-${id}">${e(x.name)}</a> <span id="about-${id}" class="muted">${e(x.about)}</span></li>`;
      }).join('')}</ul></section>`
    : '';
  const body = `<h1>${t.home}</h1><p>${e(t.intro(opts.principal.org))}</p><section aria-labelledby="h-mine"><h2 id="h-mine">${t.inProgress}</h2>${list}</section>${templates}`;
  return dashboardPage({ title: t.home, lang, body, currentUrl: opts.currentUrl, principal: opts.principal, wide: true });
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${e(name)}" value="${e(value)}">`;
}

/** What a template adds to its form and review: a section above the form, fields carried along (the county template's agreement). */
export interface TemplateExtras {
  before?: string;
  carry?: Record<string, string>;
}

const carried = (x?: TemplateExtras) => Object.entries(x?.carry ?? {}).map(([k, v]) => hidden(k, v)).join('');

export function newGrantPage(opts: { lang: Lang; principal: Principal; template: TemplateId; doc: Record<string, unknown>; problems: Problem[]; csrf: string; units: string[]; currentUrl: string; extras?: TemplateExtras }): string {
  const { lang } = opts;
  const t = T[lang];
  const name = TEMPLATE_TEXT[lang][opts.template].name;
  const { html, placed } = planFields({ lang, doc: opts.doc, problems: opts.problems, units: opts.units });
  const body = `<p class="crumbs"><a href="${e(withLang('/dashboard/workbench', lang))}">← ${t.home}</a></p>
<h1>${e(t.newTitle(name))}</h1>
${errorSummary(lang, placed)}
<p>${t.formIntro}</p>
${opts.extras?.before ?? ''}
<form method="post" action="${e(withLang('/dashboard/workbench/new', lang))}" class="plan-form" novalidate>
${hidden('_csrf', opts.csrf)}${hidden('_template', opts.template)}${carried(opts.extras)}
${html}
<div class="buttons"><button type="submit" class="primary" name="_step" value="review">${t.review}</button></div>
</form>`;
  return dashboardPage({ title: t.newTitle(name), lang, body, currentUrl: opts.currentUrl, principal: opts.principal, wide: true });
}

/**
 * The plan's timeline picture with its table (api/views/timeline.ts, as the grant's page and the
 * plan preview draw it): what the grant will go through, seen before it starts.
 */
export function planPicture(lang: Lang, plan: GrantPlan, today: string): string {
  return `<section aria-labelledby="h-plan-tl"><h2 id="h-plan-tl">${T[lang].dates}</h2>
${timelineFigure(lang, timelineModel(plan, today), (r) => STAGE_LABEL[lang][r.stage], 'plan')}</section>`;
}

export function reviewPage(opts: { lang: Lang; principal: Principal; template: TemplateId; plan: GrantPlan; today: string; csrf: string; currentUrl: string; extras?: TemplateExtras }): string {
  const { lang, plan } = opts;
  const t = T[lang];
  const body = `<p class="crumbs"><a href="${e(withLang('/dashboard/workbench', lang))}">← ${t.home}</a></p>
<h1>${t.reviewTitle}</h1>
<p>${t.reviewIntro}</p>
<dl class="facts"><div><dt>${lang === 'sv' ? 'Diarienummer' : 'Case number'}</dt><dd>${e(plan.caseNumber)}</dd></div><div><dt>${lang === 'sv' ? 'Rubrik' : 'Title of the grant'}</dt><dd>${e(plan.title)}</dd></div><div><dt>${t.total}</dt><dd>${e(formatSek(plan.totalOre, { nbsp: true }))}</dd></div><div><dt>${lang === 'sv' ? 'Beslutande organ' : 'Deciding body'}</dt><dd>${e(plan.decision.body)}</dd></div></dl>
${planPicture(lang, plan, opts.today)}
<form method="post" action="${e(withLang('/dashboard/workbench/new', lang))}">
${hidden('_csrf', opts.csrf)}${hidden('_template', opts.template)}${carried(opts.extras)}${hidden('_plan', JSON.stringify(plan))}
<div class="buttons"><button type="submit" class="primary" name="_step" value="start">${t.startButton}</button><button type="submit" class="linkish" name="_step" value="edit">${t.edit}</button></div>
</form>`;
  return dashboardPage({ title: t.reviewTitle, lang, body, currentUrl: opts.currentUrl, principal: opts.principal, wide: true });
}
