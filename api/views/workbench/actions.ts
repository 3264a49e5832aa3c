/**
 * The coordinator's actions in the browser: the list on a grant's page, each action's form, its
 * confirmation step, and the revision after återremiss (the plan form with what changed marked).
 */
import type { GrantState } from '../../../workflows/grant/contract';
import type { Principal } from '../../auth';
import { formatDate } from '../../../domain/dates';
import { formatSek, parseSek } from '../../../domain/sek';
import type { Problem } from '../../../domain/validatePlan';
import { amountField, type ActionId, type Choice } from '../../workbench/actions';
import { dashboardPage, withLang } from '../dashboard';
import { escapeHtml as e, type Lang } from '../layout';
import { problemText, problemWords } from './labels';
import { errorSummary, planFields, placeOf } from './planForm';
import { ACTION_TEXT as T } from './actionText';

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

function input(lang: Lang, problems: Problem[], name: string, label: string, value: string, kind: 'text' | 'date' | 'textarea' | 'amount' = 'text', hint?: string): string {
  const err = errorOf(lang, problems, name);
  const described = [hint ? `h-${fid(name)}` : '', err.attrs ? `e-${fid(name)}` : ''].filter(Boolean).join(' ');
  const attrs = `${err.attrs ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}`;
  const ctl =
    kind === 'textarea'
      ? `<textarea id="${fid(name)}" name="${name}" rows="4"${attrs}>${e(value)}</textarea>`
      : kind === 'amount'
        ? `<input id="${fid(name)}" name="${name}" type="text" inputmode="decimal" class="amount" value="${e(value)}"${attrs}>`
        : `<input id="${fid(name)}" name="${name}" type="${kind}" value="${e(value)}"${attrs}>`;
  return `<div class="field"><label for="${fid(name)}">${e(label)}</label>${hint ? `<p class="muted small" id="h-${fid(name)}">${e(hint)}</p>` : ''}${err.html}${ctl}</div>`;
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

/** Which fields an action's form has, with their labels (one amount per part for the parts' amounts). */
function fieldLabels(lang: Lang, action: ActionId, grant: GrantState): Record<string, string> {
  const t = T[lang];
  const out: Record<string, string> = {};
  if (t.subject[action]) out.subject = t.subject[action]!;
  if (action === 'state-decision') Object.assign(out, { met: t.met, reference: t.reference });
  if (action === 'requirements') Object.assign(out, { requirements: t.requirements, due: t.due });
  if (action === 'funds-used') out.usedOre = t.usedOre;
  if (action === 'repayment') out.amountOre = t.amountOre;
  if (action === 'paragraph') out.paragraph = t.paragraph;
  if (action === 'amounts') grant.parts.forEach((p, i) => (out[amountField(i)] = t.partAmount(`${p.id} – ${p.name}`)));
  if (action === 'distribution') out.distribution = t.distribution;
  if (action === 'amend') out.date = t.date;
  if (action === 'amend' || action === 'cancel' || action === 'amounts' || action === 'distribution') out.reason = t.reason;
  else out.comment = t.comment;
  return out;
}

/** Amount fields are shown as kronor; a value that is not one is shown as typed. */
function asKronor(v: string): string {
  try {
    return formatSek(parseSek(v));
  } catch {
    return v;
  }
}
const isAmount = (name: string) => name === 'usedOre' || name === 'amountOre' || name.startsWith('amount-');

export function actionFormPage(o: ActionPageOpts): string {
  const { lang, fields: f, problems } = o;
  const t = T[lang];
  const labels = fieldLabels(lang, o.action, o.grant);
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
  if (labels.usedOre) parts.push(input(lang, problems, 'usedOre', t.usedOre, f.usedOre ?? '', 'amount', t.usedHint));
  if (labels.amountOre) parts.push(input(lang, problems, 'amountOre', t.amountOre, f.amountOre ?? '', 'amount', t.repayHint(formatSek(o.grant.money.toRepayOre))));
  if (labels.paragraph) parts.push(input(lang, problems, 'paragraph', t.paragraph, f.paragraph ?? ''));
  if (o.action === 'amounts') {
    const fields = o.grant.parts.map((_, i) => input(lang, problems, amountField(i), labels[amountField(i)]!, f[amountField(i)] ?? '', 'amount')).join('');
    parts.push(`<fieldset aria-describedby="h-amounts"><legend>${e(t.names.amounts)}</legend><p class="muted small" id="h-amounts">${e(t.amountsHint(formatSek(o.grant.plan.totalOre)))}</p>${fields}</fieldset>`);
  }
  if (labels.distribution) parts.push(input(lang, problems, 'distribution', t.distribution, f.distribution ?? '', 'textarea', t.distributionHint));
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
  const labels = fieldLabels(lang, o.action, o.grant);
  const shown = Object.entries(labels)
    .map(([name, label]) => {
      let v = f[name] ?? '';
      if (name === 'subject') v = o.choices.find((c) => c.value === v)?.label ?? v;
      if (name === 'met') v = v === 'true' ? t.yes : t.no;
      if ((name === 'date' || name === 'due') && v) v = formatDate(v, lang);
      if (isAmount(name) && v) v = asKronor(v);
      const shownValue = name === 'distribution' ? v.split(/\r?\n/).filter((l) => l.trim()).map((l) => e(l.trim())).join('<br>') : e(v);
      return v ? `<dt>${e(label)}</dt><dd>${shownValue}</dd>` : '';
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

export function reviseConfirmPage(o: { lang: Lang; principal: Principal; grant: GrantState; plan: unknown; comment: string; picture: string; csrf: string; currentUrl: string }): string {
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
${o.picture}
<form method="post" action="${e(actionHref(lang, o.grant.caseNumber, 'revise'))}">
${hidden('_csrf', o.csrf)}${hidden('_plan', JSON.stringify(o.plan))}${hidden('_comment', o.comment)}
<div class="buttons"><button type="submit" class="primary" name="_step" value="confirm">${t.confirm}</button><button type="submit" class="linkish" name="_step" value="edit">${t.back}</button></div>
</form>`;
  return dashboardPage({ title: t.confirmTitle(t.names.revise), lang, body, currentUrl: o.currentUrl, principal: o.principal, wide: true });
}
