/**
 * The plan preview page: paste a plan's JSON or upload its file, and see its timeline picture and
 * its basis before anything starts; or every problem the API would name. Works without JavaScript.
 */
import type { Principal } from '../auth';
import type { Problem } from '../../domain/text';
import type { GrantPlan } from '../../domain/plan';
import type { CalendarDate } from '../../domain/calendar';
import { html, raw, scrollRegion, type Lang } from './layout';
import { STAGE_LABEL, dashboardPage, withLang } from './dashboard';
import { timelineModel } from './timelineModel';
import { timelineFigure } from './timeline';
import { basisTable } from './revisions';

/** Where a plan's text stopped being JSON: a place, its end, or not known. */
export type JsonError = { line: number; column: number } | 'end' | 'unknown';

export const PV = {
  sv: {
    title: 'Förhandsgranska en plan',
    intro: 'Klistra in en plans JSON eller välj en fil. Planen kontrolleras som när den startas (samma regler som API:et), men inget startas och inget sparas.',
    paste: 'Planens JSON',
    pasteHelp: 'En hel GrantPlan eller kortformen (belopp och godkännare).',
    file: 'eller välj en fil (.json)',
    show: 'Visa tidslinjen',
    problems: (n: number) => (n === 1 ? 'Planen kan inte fungera: 1 problem' : `Planen kan inte fungera: ${n} problem`),
    field: 'Fält',
    problem: 'Problem',
    noPlan: 'Klistra in en plan eller välj en fil.',
    badJson: (at: JsonError) =>
      `Planen är inte giltig JSON${at === 'end' ? ': texten tar slut för tidigt' : at === 'unknown' ? '' : `: fel på rad ${at.line}, tecken ${at.column}`}.`,
    ok: (caseNumber: string, title: string) => `${caseNumber} – ${title}: planen kan fungera.`,
    basis: 'Beslutsunderlaget',
    timeline: 'Tidslinje',
    again: 'Ändra planen',
  },
  en: {
    title: 'Preview a plan',
    intro: 'Paste a plan’s JSON or choose a file. The plan is checked as when it is started (the same rules as the API), but nothing starts and nothing is kept.',
    paste: 'The plan’s JSON',
    pasteHelp: 'A whole GrantPlan, or the short form (amount and approver).',
    file: 'or choose a file (.json)',
    show: 'Show the timeline',
    problems: (n: number) => (n === 1 ? 'The plan cannot work: 1 problem' : `The plan cannot work: ${n} problems`),
    field: 'Field',
    problem: 'Problem',
    noPlan: 'Paste a plan or choose a file.',
    badJson: (at: JsonError) =>
      `The plan is not valid JSON${at === 'end' ? ': the text ends too early' : at === 'unknown' ? '' : `: error at line ${at.line}, column ${at.column}`}.`,
    ok: (caseNumber: string, title: string) => `${caseNumber} – ${title}: the plan can work.`,
    basis: 'The decision basis',
    timeline: 'Timeline',
    again: 'Change the plan',
  },
};

export interface PreviewView {
  lang: Lang;
  principal: Principal;
  currentUrl: string;
  today: CalendarDate;
  /** The text as given, shown again in the form. */
  text?: string;
  plan?: GrantPlan;
  /** A message about the request itself (no plan, not JSON). */
  error?: string;
  problems?: Problem[];
}

export function previewPage(v: PreviewView): string {
  const { lang } = v;
  const p = PV[lang];
  const form = html`<form class="dash-form preview-form" method="post" action="${withLang('/dashboard/plans/preview', lang)}" enctype="multipart/form-data">
<label for="plan-json">${p.paste}</label>
<textarea id="plan-json" name="plan" rows="${v.plan ? 6 : 14}" spellcheck="false" aria-describedby="plan-help"${v.error || v.problems ? raw(' aria-invalid="true"') : ''}>${v.text ?? ''}</textarea>
<p id="plan-help" class="muted small">${p.pasteHelp}</p>
<label for="plan-file">${p.file}</label>
<input id="plan-file" name="file" type="file" accept=".json,application/json">
<div class="buttons"><button type="submit" class="primary">${p.show}</button></div>
</form>`;
  const error = v.error ? html`<div class="notice bad" role="alert"><p>${v.error}</p></div>` : '';
  const problems = v.problems?.length
    ? html`<div class="notice bad" role="alert"><p><strong>${p.problems(v.problems.length)}</strong></p>
${raw(scrollRegion(p.problem, lang))}<table><thead><tr><th scope="col">${p.field}</th><th scope="col">${p.problem}</th></tr></thead>
<tbody>${v.problems.map((x) => raw(html`<tr><td><code>${x.path}</code></td><td>${x.messages[lang]}</td></tr>`))}</tbody></table></div></div>`
    : '';
  const result = v.plan
    ? html`<div class="notice ok" role="status"><p>${p.ok(v.plan.caseNumber, v.plan.title)}</p></div>
<section aria-labelledby="h-preview-tl"><h2 id="h-preview-tl">${p.timeline}</h2>
${raw(timelineFigure(lang, timelineModel(v.plan, v.today), (r) => STAGE_LABEL[lang][r.stage], 'preview'))}</section>
<section aria-labelledby="h-preview-basis"><h2 id="h-preview-basis">${p.basis}</h2>${raw(basisTable(lang, { revision: 1, plan: v.plan, at: '', by: '' }))}</section>
<h2>${p.again}</h2>`
    : '';
  const body = html`<h1>${p.title}</h1>
<p>${p.intro}</p>
${raw(error)}${raw(problems)}${raw(result)}${raw(form)}`;
  return dashboardPage({ title: p.title, lang, body, currentUrl: v.currentUrl, principal: v.principal, wide: true });
}
