/**
 * The coordinator's actions in the browser: the list on a grant's page, each action's form, its
 * confirmation step, and the revision after återremiss (the plan form with what changed marked).
 */
import type { GrantState } from '../../../workflows/grant/contract';
import type { Principal } from '../../auth';
import { formatDate } from '../../../domain/dates';
import { formatSek } from '../../../domain/sek';
import type { Problem } from '../../../domain/validatePlan';
import type { ActionId, Choice } from '../../workbench/actions';
import { dashboardPage, withLang } from '../dashboard';
import { escapeHtml as e, type Lang } from '../layout';
import { problemText, problemWords } from './labels';
import { errorSummary, planFields, placeOf } from './planForm';

const T = {
  sv: {
    section: 'Dina åtgärder',
    done: 'Klart. Sidan visar bidraget som det är nu.',
    started: 'Bidraget är startat. Inbjudningarna skickas nu.',
    names: {
      'state-decision': 'Registrera statligt beslut',
      requisition: 'Registrera rekvisition',
      payment: 'Registrera utbetalning',
      requirements: 'Publicera rapportkrav',
      report: 'Registrera inlämnad rapport',
      amend: 'Ändra en tidsfrist',
      revise: 'Ny revision efter återremiss',
      cancel: 'Avbryt bidraget',
    } as Record<ActionId, string>,
    subject: {
      'state-decision': 'Villkorad delbetalning',
      requisition: 'Del som rekvirerats',
      payment: 'Delbetalning som betalats',
      requirements: 'Rapport',
      report: 'Rapport',
      amend: 'Tidsfrist som ändras',
    } as Partial<Record<ActionId, string>>,
    met: 'Blev villkoret uppfyllt?',
    yes: 'Ja, beslutet kom',
    no: 'Nej',
    reference: 'Referens (t.ex. diarienummer för beslutet)',
    requirements: 'Kraven',
    due: 'Ny sista dag för rapporten (valfritt)',
    date: 'Nytt datum',
    reason: 'Skäl',
    comment: 'Kommentar (valfri)',
    whatChanged: 'Vad har ändrats och varför',
    next: 'Fortsätt',
    confirmTitle: (n: string) => `Bekräfta: ${n}`,
    confirmIntro: 'Kontrollera uppgifterna. Inget är registrerat förrän du bekräftar.',
    confirm: 'Bekräfta',
    back: 'Ändra',
    cancelLink: 'Tillbaka till bidraget',
    changes: 'Ändringar mot gällande underlag',
    noChanges: 'Inga ändringar i underlaget.',
    was: 'var',
    refused: 'Åtgärden avvisades',
  },
  en: {
    section: 'Your actions',
    done: 'Done. The page shows the grant as it now stands.',
    started: 'The grant has started. The invitations are being sent.',
    names: {
      'state-decision': 'Record the state decision',
      requisition: 'Record a requisition',
      payment: 'Record a payment',
      requirements: 'Publish report requirements',
      report: 'Record a submitted report',
      amend: 'Change a deadline',
      revise: 'New revision after referral back',
      cancel: 'Cancel the grant',
    } as Record<ActionId, string>,
    subject: {
      'state-decision': 'Conditional tranche',
      requisition: 'Part requisitioned',
      payment: 'Tranche paid',
      requirements: 'Report',
      report: 'Report',
      amend: 'Deadline to change',
    } as Partial<Record<ActionId, string>>,
    met: 'Was the condition met?',
    yes: 'Yes, the decision came',
    no: 'No',
    reference: 'Reference (e.g. the decision’s case number)',
    requirements: 'The requirements',
    due: 'New due date for the report (optional)',
    date: 'New date',
    reason: 'Reason',
    comment: 'Comment (optional)',
    whatChanged: 'What changed and why',
    next: 'Continue',
    confirmTitle: (n: string) => `Confirm: ${n}`,
    confirmIntro: 'Check the details. Nothing is recorded until you confirm.',
    confirm: 'Confirm',
    back: 'Change',
    cancelLink: 'Back to the grant',
    changes: 'Changes from the current basis',
    noChanges: 'No changes to the basis.',
    was: 'was',
    refused: 'The action was refused',
  },
};

const grantHref = (lang: Lang, caseNumber: string) => withLang(`/dashboard/grants/${encodeURIComponent(caseNumber)}`, lang);
export const actionHref = (lang: Lang, caseNumber: string, action: ActionId) => withLang(`/dashboard/workbench/grants/${encodeURIComponent(caseNumber)}/${action}`, lang);

/** The section on a grant's page: links to the open actions, and the word that the last one went through. */
export function actionsSection(lang: Lang, caseNumber: string, actions: ActionId[], done?: 'done' | 'started'): string {
  const t = T[lang];
  const notice = done ? `<div class="notice ok" role="status"><p>${done === 'started' ? t.started : t.done}</p></div>` : '';
  if (!actions.length) return notice;
  return `${notice}<section class="actions" aria-labelledby="h-actions"><h2 id="h-actions">${t.section}</h2><ul>${actions
    .map((a) => `<li><a class="button" href="${e(actionHref(lang, caseNumber, a))}">${e(t.names[a])}</a></li>`)
    .join('')}</ul></section>`;
}

const fid = (name: string) => `a-${name}`;

function errorOf(lang: Lang, problems: Problem[], name: string): { attrs: string; html: string } {
  const mine = problems.filter((p) => p.path === name);
  if (!mine.length) return { attrs: '', html: '' };
  return { attrs: ` aria-invalid="true" aria-describedby="e-${fid(name)}"`, html: `<p class="field-error" id="e-${fid(name)}">${mine.map((p) => e(problemText(lang, problemWords(lang, p)))).join('<br>')}</p>` };
}

function summary(lang: Lang, problems: Problem[], labels: Record<string, string>): string {
  return errorSummary(lang, [], problems.map((p) => ({ id: fid(p.path), label: labels[p.path] ?? T[lang].refused, message: problemWords(lang, p) })));
}

function input(lang: Lang, problems: Problem[], name: string, label: string, value: string, kind: 'text' | 'date' | 'textarea' = 'text'): string {
  const err = errorOf(lang, problems, name);
  const ctl = kind === 'textarea' ? `<textarea id="${fid(name)}" name="${name}" rows="4"${err.attrs}>${e(value)}</textarea>` : `<input id="${fid(name)}" name="${name}" type="${kind}" value="${e(value)}"${err.attrs}>`;
  return `<div class="field"><label for="${fid(name)}">${e(label)}</label>${err.html}${ctl}</div>`;
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${e(name)}" value="${e(value)}">`;
}

export interface ActionPageOpts {
  lang: Lang;
  principal: Principal;
  grant: GrantState;
  action: Exclude<ActionId, 'revise'>;
  choices: Choice[];
  fields: Record<string, string>;
  problems: Problem[];
  csrf: string;
  currentUrl: string;
}

/** Which fields an action's form has, with their labels. */
function fieldLabels(lang: Lang, action: ActionId): Record<string, string> {
  const t = T[lang];
  const out: Record<string, string> = {};
  if (t.subject[action]) out.subject = t.subject[action]!;
  if (action === 'state-decision') Object.assign(out, { met: t.met, reference: t.reference });
  if (action === 'requirements') Object.assign(out, { requirements: t.requirements, due: t.due });
  if (action === 'amend') Object.assign(out, { date: t.date, reason: t.reason });
  if (action === 'cancel') out.reason = t.reason;
  if (action !== 'amend' && action !== 'cancel') out.comment = t.comment;
  return out;
}

export function actionFormPage(o: ActionPageOpts): string {
  const { lang, fields: f, problems } = o;
  const t = T[lang];
  const labels = fieldLabels(lang, o.action);
  const parts: string[] = [];
  if (labels.subject) {
    const err = errorOf(lang, problems, 'subject');
    parts.push(`<div class="field"><label for="${fid('subject')}">${e(labels.subject)}</label>${err.html}<select id="${fid('subject')}" name="subject"${err.attrs}>${o.choices
      .map((c) => `<option value="${e(c.value)}"${c.value === f.subject ? ' selected' : ''}>${e(c.label)}</option>`)
      .join('')}</select></div>`);
  }
  if (labels.met) {
    const err = errorOf(lang, problems, 'met');
    parts.push(`<fieldset id="${fid('met')}"${err.attrs}><legend>${e(t.met)}</legend>${err.html}<div class="radio"><input type="radio" id="met-yes" name="met" value="true"${f.met === 'true' ? ' checked' : ''}> <label for="met-yes">${t.yes}</label></div><div class="radio"><input type="radio" id="met-no" name="met" value="false"${f.met === 'false' ? ' checked' : ''}> <label for="met-no">${t.no}</label></div></fieldset>`);
  }
  if (labels.reference) parts.push(input(lang, problems, 'reference', t.reference, f.reference ?? ''));
  if (labels.requirements) parts.push(input(lang, problems, 'requirements', t.requirements, f.requirements ?? '', 'textarea'), input(lang, problems, 'due', t.due, f.due ?? '', 'date'));
  if (o.action === 'amend') parts.push(input(lang, problems, 'date', t.date, f.date ?? '', 'date'));
  if (labels.reason) parts.push(input(lang, problems, 'reason', t.reason, f.reason ?? '', 'textarea'));
  if (labels.comment) parts.push(input(lang, problems, 'comment', t.comment, f.comment ?? '', 'textarea'));
  const body = `<p class="crumbs"><a href="${e(grantHref(lang, o.grant.caseNumber))}">← ${e(o.grant.caseNumber)} ${e(o.grant.plan.title)}</a></p>
<h1>${e(t.names[o.action])}</h1>
${summary(lang, problems, labels)}
<form method="post" action="${e(actionHref(lang, o.grant.caseNumber, o.action))}" class="action-form" novalidate>
${hidden('_csrf', o.csrf)}
${parts.join('\n')}
<div class="buttons"><button type="submit" class="primary" name="_step" value="review">${t.next}</button></div>
</form>`;
  return dashboardPage({ title: t.names[o.action], lang, body, currentUrl: o.currentUrl, principal: o.principal, wide: false });
}

export function actionConfirmPage(o: Omit<ActionPageOpts, 'problems'>): string {
  const { lang, fields: f } = o;
  const t = T[lang];
  const labels = fieldLabels(lang, o.action);
  const shown = Object.entries(labels)
    .map(([name, label]) => {
      let v = f[name] ?? '';
      if (name === 'subject') v = o.choices.find((c) => c.value === v)?.label ?? v;
      if (name === 'met') v = v === 'true' ? t.yes : t.no;
      if ((name === 'date' || name === 'due') && v) v = formatDate(v, lang);
      return v ? `<dt>${e(label)}</dt><dd>${e(v)}</dd>` : '';
    })
    .join('');
  const keep = Object.keys(labels).map((n) => (f[n] !== undefined ? hidden(n, f[n]!) : '')).join('');
  const body = `<p class="crumbs"><a href="${e(grantHref(lang, o.grant.caseNumber))}">← ${e(o.grant.caseNumber)} ${e(o.grant.plan.title)}</a></p>
<h1>${e(t.confirmTitle(t.names[o.action]))}</h1>
<p>${t.confirmIntro}</p>
<dl class="confirm">${shown}</dl>
<form method="post" action="${e(actionHref(lang, o.grant.caseNumber, o.action))}">
${hidden('_csrf', o.csrf)}${keep}
<div class="buttons"><button type="submit" class="primary" name="_step" value="confirm">${t.confirm}</button><button type="submit" class="linkish" name="_step" value="edit">${t.back}</button></div>
</form>`;
  return dashboardPage({ title: t.confirmTitle(t.names[o.action]), lang, body, currentUrl: o.currentUrl, principal: o.principal });
}

export interface ReviseOpts {
  lang: Lang;
  principal: Principal;
  grant: GrantState;
  doc: Record<string, unknown>;
  comment: string;
  problems: Problem[];
  csrf: string;
  currentUrl: string;
}

/** The plan form, filled with the current basis, and what changed and why. */
export function reviseFormPage(o: ReviseOpts): string {
  const { lang } = o;
  const t = T[lang];
  const commentProblems = o.problems.filter((p) => p.path === 'comment');
  const { html, placed } = planFields({ lang, doc: o.doc, problems: o.problems.filter((p) => p.path !== 'comment') });
  const err = errorOf(lang, commentProblems, 'comment');
  const body = `<p class="crumbs"><a href="${e(grantHref(lang, o.grant.caseNumber))}">← ${e(o.grant.caseNumber)} ${e(o.grant.plan.title)}</a></p>
<h1>${t.names.revise}</h1>
${errorSummary(lang, placed, commentProblems.map((p) => ({ id: fid('comment'), label: t.whatChanged, message: problemWords(lang, p) })))}
<form method="post" action="${e(actionHref(lang, o.grant.caseNumber, 'revise'))}" class="plan-form" novalidate>
${hidden('_csrf', o.csrf)}
<div class="field wide"><label for="${fid('comment')}">${t.whatChanged}</label>${err.html}<textarea id="${fid('comment')}" name="_comment" rows="3"${err.attrs}>${e(o.comment)}</textarea></div>
${html}
<div class="buttons"><button type="submit" class="primary" name="_step" value="review">${t.next}</button></div>
</form>`;
  return dashboardPage({ title: t.names.revise, lang, body, currentUrl: o.currentUrl, principal: o.principal, wide: true });
}

/** Every leaf of a document by its path, as text (for the list of what changed). */
export function leaves(doc: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(doc) && doc.every((x) => typeof x !== 'object')) out.set(prefix, doc.join(', '));
  else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  else if (typeof doc === 'number' && /Ore$/.test(prefix)) out.set(prefix, formatSek(doc, { nbsp: true }));
  else if (doc !== undefined && doc !== null && doc !== '') out.set(prefix, String(doc));
  return out;
}

export function reviseConfirmPage(o: { lang: Lang; principal: Principal; grant: GrantState; plan: unknown; comment: string; datesTable: string; csrf: string; currentUrl: string }): string {
  const { lang } = o;
  const t = T[lang];
  const before = leaves(o.grant.plan);
  const after = leaves(o.plan);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  const list = changed.length
    ? `<ul>${changed.map((k) => `<li>${e(placeOf(lang, k))}: <ins class="changed">${e(after.get(k) ?? '–')}</ins> <del class="was">(${t.was} ${e(before.get(k) ?? '–')})</del></li>`).join('')}</ul>`
    : `<p class="muted">${t.noChanges}</p>`;
  const body = `<p class="crumbs"><a href="${e(grantHref(lang, o.grant.caseNumber))}">← ${e(o.grant.caseNumber)} ${e(o.grant.plan.title)}</a></p>
<h1>${e(t.confirmTitle(t.names.revise))}</h1>
<p>${t.confirmIntro}</p>
<h2>${t.whatChanged}</h2><p>${e(o.comment)}</p>
<section aria-labelledby="h-changes"><h2 id="h-changes">${t.changes}</h2>${list}</section>
${o.datesTable}
<form method="post" action="${e(actionHref(lang, o.grant.caseNumber, 'revise'))}">
${hidden('_csrf', o.csrf)}${hidden('_plan', JSON.stringify(o.plan))}${hidden('_comment', o.comment)}
<div class="buttons"><button type="submit" class="primary" name="_step" value="confirm">${t.confirm}</button><button type="submit" class="linkish" name="_step" value="edit">${t.back}</button></div>
</form>`;
  return dashboardPage({ title: t.confirmTitle(t.names.revise), lang, body, currentUrl: o.currentUrl, principal: o.principal, wide: true });
}
