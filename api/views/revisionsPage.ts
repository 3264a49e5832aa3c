/**
 * A grant's revisions page: one revision's basis (?rev=n), or two side by side (?from=a&to=b,
 * changes only unless ?all=1), with a GET form to choose which.
 */
import type { Principal } from '../auth';
import { html, raw, type Lang } from './layout';
import { dashboardPage, withLang } from './dashboard';
import type { GrantState } from '../../workflows/grant/contract';
import { knownRevisions } from './knownRevisions';
import { RV, basisTable, compareTable, revisionList } from './revisions';

export interface RevisionsQuery {
  rev?: number;
  from?: number;
  to?: number;
  all?: boolean;
}

export function revisionsPage(opts: { lang: Lang; principal: Principal; grant: GrantState; query: RevisionsQuery; currentUrl: string }): { status: number; html: string } {
  const { lang, grant: s, query: q } = opts;
  const r = RV[lang];
  const revs = knownRevisions(s);
  const grantHref = withLang(`/dashboard/grants/${encodeURIComponent(s.caseNumber)}`, lang);
  const base = `/dashboard/grants/${encodeURIComponent(s.caseNumber)}/revisions`;
  const find = (n: number | undefined) => revs.find((v) => v.revision === n);
  let status = 200;
  let content: string;
  if (q.from !== undefined || q.to !== undefined) {
    const a = find(q.from);
    const b = find(q.to);
    if (!a || !b) {
      status = 404;
      content = html`<div class="notice bad" role="alert"><p>${r.missing}</p></div>`;
    } else {
      const toggle = withLang(`${base}?from=${a.revision}&to=${b.revision}${q.all ? '' : '&all=1'}`, lang);
      content = html`<p><a href="${toggle}">${q.all ? r.onlyChanged : r.all}</a></p>${raw(compareTable(lang, a, b, !q.all))}`;
    }
  } else {
    const v = find(q.rev ?? s.revision) ?? revs.at(-1)!;
    if (q.rev !== undefined && !find(q.rev)) status = 404;
    content = html`${status === 404 ? raw(html`<div class="notice bad" role="alert"><p>${r.missing}</p></div>`) : ''}<h2>${r.revision(v.revision)}</h2>${raw(basisTable(lang, v))}`;
  }
  const options = (sel: number | undefined) => revs.map((v) => raw(html`<option value="${v.revision}"${v.revision === sel ? raw(' selected') : ''}>${r.revision(v.revision)}</option>`));
  const picker =
    revs.length > 1
      ? html`<form class="filters dash-filters" method="get" action="${base}" aria-label="${r.pick}">
${lang === 'en' ? raw('<input type="hidden" name="lang" value="en">') : ''}
<label>${r.from}<select name="from">${options(q.from ?? revs.at(-2)!.revision)}</select></label>
<label>${r.to}<select name="to">${options(q.to ?? revs.at(-1)!.revision)}</select></label>
<div class="filter-buttons"><button type="submit" class="primary">${r.show}</button></div>
</form>`
      : '';
  const body = html`<p class="crumbs"><a href="${grantHref}">← ${r.back}</a></p>
<p class="muted case">${s.caseNumber}</p>
<h1>${r.heading}: ${s.plan.title}</h1>
${raw(revisionList(lang, s, revs, base))}
${raw(picker)}
${raw(content)}`;
  return { status, html: dashboardPage({ title: `${s.caseNumber} ${r.heading}`, lang, body, currentUrl: opts.currentUrl, principal: opts.principal, wide: true }) };
}
