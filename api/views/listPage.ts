/** The dashboard's grant list (GET /dashboard): the filter form, the table, pages, the CSV link. */
import { STAGES } from '../../workflows/grant/contract';
import type { Principal } from '../auth';
import { daysBetween, formatDate, stockholmOffsetMinutes } from '../../domain/dates';
import { COUNTIES } from '../../domain/allocation/counties';
import { html, raw, type Lang } from './layout';
import type { Problem } from '../../domain/text';
import { GRANT_STATUSES, MAX_PAGE_SIZE, SORTS, listSearch, type GrantListItem, type GrantListQuery, type Sort } from '../listQuery';
import { STAGE_LABEL, STATUS_LABEL, dashboardText as T } from './dashboardText';
import { dashboardPage, money, withLang } from './dashboard';


export interface ListView {
  lang: Lang;
  principal: Principal;
  query: Partial<GrantListQuery>;
  items: GrantListItem[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  overdueCount: number;
  problems?: Problem[];
  /** The query string as given, to show which value a problem is about. */
  given?: Record<string, unknown>;
  currentUrl: string;
  today: string;
  /** When the list was read from the register, ISO. */
  asOf?: string;
}

/** hh:mm:ss in Stockholm. */
function stockholmTime(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + stockholmOffsetMinutes(ms) * 60_000).toISOString().slice(11, 19);
}

/** The filter form's fields (their ids are `f-<name>`): a problem about one links to it. */
const FIELDS = new Set(['q', 'stage', 'status', 'year', 'county', 'overdue', 'deadlineBefore', 'sort', 'pageSize']);

function option(value: string, label: string, selected: boolean) {
  return raw(html`<option value="${value}"${selected ? raw(' selected') : ''}>${label}</option>`);
}

function deadlineCell(lang: Lang, g: GrantListItem, today: string) {
  const t = T[lang];
  const { nextDeadline: date, overdue } = g;
  // Never a bare "–": say there is none, and why.
  if (!date) return raw(html`<span class="muted">${t.noDeadline}</span><span class="rel muted small">${t.noDeadlineWhy(g.status ?? 'active')}</span>`);
  return raw(
    html`<span class="nowrap">${formatDate(date, lang)}</span>${overdue ? raw(html` <span class="badge late">${t.late}</span>`) : ''}<span class="rel muted small">${t.inDays(daysBetween(today, date))}</span>`,
  );
}

export function listPage(v: ListView): string {
  const { lang, query: q } = v;
  const t = T[lang];
  const isAdmin = v.principal.roles.includes('admin');
  const sort = (q.sort ?? 'nextDeadline') as Sort;
  const base = { ...q, lang: lang === 'en' ? ('en' as const) : undefined };
  const href = (change: Parameters<typeof listSearch>[1]) => `/dashboard${listSearch(base, change)}`;
  const selectedStage = q.stage?.length === 1 ? q.stage[0] : undefined;
  const selectedStatus = q.status?.length === 1 ? q.status[0] : undefined;

  const fieldLabel: Record<string, string> = {
    q: t.q,
    stage: t.stage,
    status: t.status,
    year: t.year,
    county: t.county,
    organisation: t.organisation,
    overdue: t.overdue,
    deadlineBefore: t.deadlineBefore,
    sort: t.sort,
    page: t.pages,
    pageSize: t.pageSize,
    lang: t.otherLang.label,
  };
  const problemText = (p: Problem) => {
    const key = p.path.split('.')[1];
    if (!key || !(key in fieldLabel)) return html`${t.unknownParameter}`;
    const value = v.given?.[key];
    const shown = Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '';
    const label = FIELDS.has(key) ? html`<a href="#f-${key}"><strong>${fieldLabel[key]}</strong></a>` : html`<strong>${fieldLabel[key]}</strong>`;
    return html`${raw(label)}: ${shown ? `”${shown}” – ` : ''}${p.messages[lang]}`;
  };
  const problems = v.problems?.length
    ? html`<div class="notice bad" role="alert"><p>${t.badFilters}</p><ul>${[...new Map(v.problems.map((p) => [problemText(p), p.path.split('.')[1] ?? ''] as const))].map(([text, key]) => raw(html`<li${FIELDS.has(key) ? raw(` id="problem-${key}"`) : ''}>${raw(text)}</li>`))}</ul></div>`
    : '';

  // Each field a problem is about: marked invalid, described by its problem, and keeping what was typed.
  const problemKeys = new Set((v.problems ?? []).map((p) => p.path.split('.')[1]).filter((k): k is string => Boolean(k && FIELDS.has(k))));
  const field = (key: string) => raw(` id="f-${key}"${problemKeys.has(key) ? ` aria-invalid="true" aria-describedby="problem-${key}"` : ''}`);
  const typed = (key: 'q' | 'year' | 'deadlineBefore', parsed: unknown) => (problemKeys.has(key) && typeof v.given?.[key] === 'string' ? (v.given[key] as string) : parsed === undefined ? '' : String(parsed));
  const filters = html`<form class="filters dash-filters" method="get" action="/dashboard" role="search" aria-label="${t.filters}">
${lang === 'en' ? raw('<input type="hidden" name="lang" value="en">') : ''}
<label class="wide-field">${t.q}<input type="search" name="q"${field('q')} value="${typed('q', q.q)}" maxlength="200"></label>
<label>${t.stage}<select name="stage"${field('stage')}>${option('', t.all, !selectedStage)}${STAGES.map((s) => option(s, STAGE_LABEL[lang][s], s === selectedStage))}</select></label>
<label>${t.status}<select name="status"${field('status')}>${option('', t.all, !selectedStatus)}${GRANT_STATUSES.map((s) => option(s, STATUS_LABEL[lang][s], s === selectedStatus))}</select></label>
<label>${t.year}<input type="number" name="year"${field('year')} min="2000" max="2100" inputmode="numeric" value="${typed('year', q.year)}" class="short"></label>
<label>${t.county}<select name="county"${field('county')}>${option('', t.all, !q.county)}${COUNTIES.map((c) => option(c.code, `${c.name} (${c.code})`, c.code === q.county))}</select></label>
<label>${t.overdue}<select name="overdue"${field('overdue')}>${option('', t.overdueAll, q.overdue === undefined)}${option('true', t.overdueOnly, q.overdue === true)}${option('false', t.overdueNot, q.overdue === false)}</select></label>
<label>${t.deadlineBefore}<input type="date" name="deadlineBefore"${field('deadlineBefore')} value="${typed('deadlineBefore', q.deadlineBefore)}"></label>
<label>${t.sort}<select name="sort"${field('sort')}>${SORTS.map((s) => option(s, t.sorts[s], s === sort))}</select></label>
<label>${t.pageSize}<select name="pageSize"${field('pageSize')}>${[...new Set([10, 25, 50, 100, MAX_PAGE_SIZE, v.pageSize])].sort((x, y) => x - y).map((n) => option(String(n), String(n), n === v.pageSize))}</select></label>
<div class="filter-buttons"><button type="submit" class="primary">${t.apply}</button><a href="${withLang('/dashboard', lang)}">${t.reset}</a></div>
</form>`;

  const sortable = (key: 'caseNumber' | 'year' | 'totalOre' | 'decidedOre' | 'paidOre' | 'nextDeadline', label: string, cls = '') => {
    const active = sort === key || sort === `-${key}`;
    const desc = sort === `-${key}`;
    const next = active && !desc ? `-${key}` : key;
    const ariaSort = active ? (desc ? 'descending' : 'ascending') : undefined;
    return raw(
      html`<th scope="col"${cls ? raw(` class="${cls}"`) : ''}${ariaSort ? raw(` aria-sort="${ariaSort}"`) : ''}><a href="${href({ sort: next, page: 1 })}">${label}${active ? raw(`<span aria-hidden="true"> ${desc ? '▼' : '▲'}</span>`) : ''}</a></th>`,
    );
  };

  const rows = v.items.map((g) =>
    raw(html`<tr${g.overdue ? raw(' class="overdue"') : ''}>
<td class="nowrap" data-label="${t.caseNumber}"><a href="${withLang(g.links.dashboard, lang)}">${g.caseNumber}</a></td>
<td class="title" data-label="${t.title}">${g.title}</td>
${isAdmin ? raw(html`<td data-label="${t.organisation}">${g.organisation ?? ''}</td>`) : ''}
<td class="num" data-label="${t.year}">${g.year ?? ''}</td>
<td class="nowrap" data-label="${t.county}">${g.countyName ?? g.county ?? ''}</td>
<td class="nowrap" data-label="${t.stage}">${g.stage ? STAGE_LABEL[lang][g.stage] : ''}</td>
<td data-label="${t.status}">${g.status ? raw(html`<span class="status status-${g.status}">${STATUS_LABEL[lang][g.status]}</span>`) : ''}</td>
<td class="num" data-label="${t.amount}">${g.totalOre === undefined ? '' : money(g.totalOre)}</td>
<td class="num" data-label="${t.decided}">${g.decidedOre === undefined ? '' : money(g.decidedOre)}</td>
<td class="num" data-label="${t.paid}">${g.paidOre === undefined ? '' : money(g.paidOre)}</td>
<td data-label="${t.nextDeadline}">${deadlineCell(lang, g, v.today)}</td>
</tr>`),
  );

  const table = v.items.length
    ? html`<div class="table-wrap" tabindex="0"><table class="grants">
<caption>${t.caption(v.page, v.pages, t.sorts[sort])}</caption>
<thead><tr>${sortable('caseNumber', t.caseNumber)}<th scope="col">${t.title}</th>${isAdmin ? raw(html`<th scope="col">${t.organisation}</th>`) : ''}${sortable('year', t.year, 'num')}<th scope="col">${t.county}</th><th scope="col">${t.stage}</th><th scope="col">${t.status}</th>${sortable('totalOre', t.amount, 'num')}${sortable('decidedOre', t.decided, 'num')}${sortable('paidOre', t.paid, 'num')}${sortable('nextDeadline', t.nextDeadline)}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`
    : html`<p class="notice">${t.none}</p>`;

  const first = v.total === 0 ? 0 : (v.page - 1) * v.pageSize + 1;
  const last = Math.min(v.total, v.page * v.pageSize);
  const pager =
    v.pages > 1 || v.page > 1
      ? html`<nav class="pager" aria-label="${t.pages}">
${v.page > 1 ? raw(html`<a rel="prev" href="${href({ page: Math.min(v.page - 1, v.pages) })}">← ${t.prev}</a>`) : raw('<span></span>')}
<span>${t.pageOf(v.page, v.pages)} · ${t.showing(first, last, v.total)}</span>
${v.page < v.pages ? raw(html`<a rel="next" href="${href({ page: v.page + 1 })}">${t.next} →</a>`) : raw('<span></span>')}
</nav>`
      : '';

  const csvHref = `/dashboard/export.csv${listSearch({ ...base, page: undefined, pageSize: undefined })}`;
  const overdueLink = v.overdueCount
    ? raw(html`<a class="badge late" href="${href({ overdue: 'true', status: 'active', page: 1 })}">${t.overdueCount(v.overdueCount)}</a>`)
    : raw(html`<span class="badge ok">${t.noneOverdue}</span>`);

  const body = html`<h1>${t.grants}</h1>
<p class="dash-summary">${isAdmin ? '' : t.inOrg(v.principal.org)} ${overdueLink}</p>
${raw(filters)}
${raw(problems)}
<div class="dash-bar"><div class="dash-count"><p role="status">${t.summary(v.total)}</p>${v.asOf ? raw(html`<time class="muted small as-of" datetime="${v.asOf}">${t.asOf(stockholmTime(v.asOf))}</time>`) : ''}</div><a class="button" href="${csvHref}" download>${t.exportCsv}</a></div>
${raw(table)}
${raw(pager)}`;
  return dashboardPage({ title: t.grants, lang, body, currentUrl: v.currentUrl, principal: v.principal, wide: true });
}
