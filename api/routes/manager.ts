/**
 * Managers' views over every grant of their organisation, from the list snapshot of Temporal
 * visibility (api/listSnapshot.ts; from visibility itself until the snapshot has loaded):
 *   GET /api/grants       the list (filters, sort, pages, total), JSON
 *   GET /api/grants.csv   the same filters as CSV for Excel (UTF-8 with BOM, `;`, every matching grant)
 * Scoped to the principal's organisation unless the principal is an admin. Mounted on /api before
 * grantsRouter.
 */
import { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import type { Principal, RequireRole } from '../auth';
import { HttpError, t } from '../errors';
import { problem } from '../../domain/text';
import { valid } from '../validate';
import { documented, mount } from '../routeRegistry';
import { GrantList, LIST_AS_OF } from '../schemas/lists';
import { formatSek } from '../../domain/money';
import { formatInstant, stockholmDate } from '../../domain/dates';
import {
  buildVisibilityQuery,
  GrantListQuery,
  listSearch,
  pageOf,
  sortItems,
  toListItem,
  type GrantFilters,
  type GrantListItem,
} from '../visibility';
import { STATUS_LABEL, STAGE_LABEL } from '../views/dashboard';
import type { ListSnapshot } from '../listSnapshot';

export const API_PAGE_SIZE = 50;

export const LIST_ROUTES = {
  listGrants: documented({
    method: 'get',
    path: '/api/grants',
    operationId: 'listGrants',
    tag: 'Lists',
    summary: 'List grants',
    description:
      'Filters combine with AND; a filter given twice (stage=a&stage=b) or comma-separated means any of them; an empty value means no filter. ' +
      '`q` matches words of the title and the start of the case number. Sorted by `sort` (a leading - reverses; grants without the value last), ' +
      'paged with page and pageSize. Headers: X-Total-Count, Link with first, prev, next and last, and X-List-As-Of. ' +
      'Read from the API’s snapshot of Temporal visibility, refreshed every LIST_REFRESH_SECONDS (2 s); a write through this API shows at once.',
    roles: ['manager', 'coordinator'],
    query: GrantListQuery,
    responses: {
      200: {
        description: 'One page of the list.',
        schema: GrantList,
        headers: { 'X-Total-Count': 'Grants matching the filters.', Link: 'RFC 8288 links to the first, previous, next and last pages.', 'X-List-As-Of': LIST_AS_OF },
      },
    },
    errors: [400, 401, 403],
  }),
  exportGrants: documented({
    method: 'get',
    path: '/api/grants.csv',
    operationId: 'exportGrants',
    tag: 'Lists',
    summary: 'Export grants as CSV',
    description:
      'Every grant matching the filters (page and pageSize are ignored), sorted as the list. UTF-8 with a byte-order mark, `;` between cells, CRLF: ' +
      'Excel in a Swedish locale opens it as it is. Amounts twice: whole öre, and kronor in Swedish format. `lang=en` for English headers and labels.',
    roles: ['manager', 'coordinator'],
    query: GrantListQuery,
    responses: { 200: { description: 'The CSV file.', contentType: 'text/csv', headers: { 'Content-Disposition': 'attachment; filename="bidrag-<date>.csv"', 'X-List-As-Of': LIST_AS_OF } } },
    errors: [400, 401, 403],
  }),
};
/** The most grants one list or export reads from visibility (they are sorted in the API: SQL visibility has no ORDER BY). */
export const MAX_MATCHES = 10_000;

/** Where lists come from: the snapshot (api/listSnapshot.ts) once it has loaded, visibility until then. */
export interface ListSource {
  client: Client;
  snapshot?: ListSnapshot;
}

/** A list's grants and how fresh they are (undefined: read from visibility just now). */
export interface Found {
  items: GrantListItem[];
  asOf?: Date;
}

/** The principal's scope: their organisation, or everything for an admin. */
export function scopeOf(p: Principal): { organisation?: string } {
  return p.roles.includes('admin') ? {} : { organisation: p.org };
}

/**
 * Every grant matching the filters, in the principal's scope, sorted. Read from visibility: one
 * count first, so a filter that matches more than MAX_MATCHES grants is refused (400) rather than
 * read whole. The list's path until the snapshot has loaded, and the reference the snapshot is
 * tested against (test/e2e/listSnapshot.test.ts).
 */
export async function findGrantsFromVisibility(client: Client, p: Principal, q: GrantListQuery): Promise<GrantListItem[]> {
  const query = buildVisibilityQuery(q satisfies GrantFilters, scopeOf(p));
  const { count } = await client.workflow.count(query);
  if (count > MAX_MATCHES) {
    throw new HttpError(400, 'too_many', t(`${count} bidrag matchar; begränsa filtren`, `${count} grants match; narrow the filters`), [
      problem('query', `${count} bidrag matchar, högst ${MAX_MATCHES} listas åt gången: begränsa filtren`, `${count} grants match, at most ${MAX_MATCHES} are listed at once: narrow the filters`),
    ]);
  }
  const items: GrantListItem[] = [];
  for await (const wf of client.workflow.list({ query, pageSize: 1000 })) {
    items.push(toListItem(wf));
    if (items.length >= MAX_MATCHES) break;
  }
  return sortItems(items, q.sort);
}

/** Every grant matching the filters, in the principal's scope, sorted: from the snapshot when it has loaded. */
export async function findGrants(src: ListSource, p: Principal, q: GrantListQuery): Promise<Found> {
  const { snapshot } = src;
  if (snapshot?.ready) {
    await snapshot.settled();
    return { items: snapshot.find(q, scopeOf(p), q.sort), asOf: snapshot.asOf };
  }
  return { items: await findGrantsFromVisibility(src.client, p, q) };
}

/** One page of the list; `total` is what was read, so pages and total always agree. */
export async function listGrants(src: ListSource, p: Principal, q: GrantListQuery, defaultPageSize = API_PAGE_SIZE) {
  const found = await findGrants(src, p, q);
  return { ...pageOf(found.items, q.page, q.pageSize ?? defaultPageSize), asOf: found.asOf };
}

/** Overdue grants in the principal's scope, whatever the filters (the dashboard's headline). */
export async function countOverdue(src: ListSource, p: Principal): Promise<number> {
  const filters: GrantFilters = { overdue: true, status: ['active'] };
  if (src.snapshot?.ready) return src.snapshot.count(filters, scopeOf(p));
  return (await src.client.workflow.count(buildVisibilityQuery(filters, scopeOf(p)))).count;
}

/** `X-List-As-Of`: when the list's data was read (now, when it came from visibility directly). */
export function asOfHeader(asOf: Date | undefined, now: number): string {
  return (asOf ?? new Date(now)).toISOString();
}

// ---- CSV ----------------------------------------------------------------------------------------

/**
 * One CSV cell: a cell that a spreadsheet would read as a formula (= + - @, or a tab or carriage
 * return first) gets a leading apostrophe; a cell holding the separator, a quote or a line break
 * is quoted, with quotes doubled (RFC 4180).
 */
export function csvCell(value: string | number | boolean | undefined | null, sep = ';'): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return s.includes(sep) || /["\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV text: CRLF line ends, `;` between cells (Excel in a Swedish locale), a BOM first so Excel reads UTF-8. */
export function toCsv(rows: readonly (readonly (string | number | boolean | undefined | null)[])[], sep = ';'): string {
  return `\uFEFF${rows.map((r) => r.map((c) => csvCell(c, sep)).join(sep)).join('\r\n')}\r\n`;
}

const CSV_TEXT = {
  sv: {
    header: ['Diarienummer', 'Titel', 'Organisation', 'Länskod', 'Län', 'År', 'Skede', 'Status', 'Försenad', 'Nästa tidsfrist', 'Belopp (öre)', 'Belopp (kr)', 'Startad', 'Länk'],
    yes: 'ja',
    no: 'nej',
    file: 'bidrag',
  },
  en: {
    header: ['Case number', 'Title', 'Organisation', 'County code', 'County', 'Year', 'Stage', 'Status', 'Overdue', 'Next deadline', 'Amount (öre)', 'Amount (SEK)', 'Started', 'Link'],
    yes: 'yes',
    no: 'no',
    file: 'grants',
  },
} as const;

/**
 * The export: one row per grant. Amounts twice: whole öre (exact, for sums) and Swedish kronor
 * (`1 150 000,00`, no-break spaces between thousands as Swedish Excel writes them, no unit, so
 * Excel reads a number). Times are Stockholm local.
 */
export function grantsCsv(items: readonly GrantListItem[], lang: 'sv' | 'en', publicBaseUrl: string): string {
  const t = CSV_TEXT[lang];
  const base = publicBaseUrl.replace(/\/+$/, '');
  return toCsv([
    t.header,
    ...items.map((g) => [
      g.caseNumber,
      g.title,
      g.organisation,
      g.county,
      g.countyName,
      g.year,
      g.stage ? STAGE_LABEL[lang][g.stage] : undefined,
      g.status ? STATUS_LABEL[lang][g.status] : undefined,
      g.overdue ? t.yes : t.no,
      g.nextDeadline,
      g.totalOre,
      g.totalOre === undefined ? undefined : formatSek(g.totalOre, { unit: false, nbsp: true }),
      formatInstant(Date.parse(g.startTime)),
      `${base}${g.links.dashboard}`,
    ]),
  ]);
}

export function sendCsv(res: Response, found: Found, lang: 'sv' | 'en', publicBaseUrl: string, now: number) {
  const name = `${CSV_TEXT[lang].file}-${stockholmDate(now)}.csv`;
  res
    .status(200)
    .set({
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
      'X-List-As-Of': asOfHeader(found.asOf, now),
    })
    .send(grantsCsv(found.items, lang, publicBaseUrl));
}

// ---- the router ---------------------------------------------------------------------------------

export function managerRouter(deps: { client: Client; snapshot?: ListSnapshot; requireRole: RequireRole; publicBaseUrl: string; now?: () => number }): Router {
  const { requireRole, publicBaseUrl } = deps;
  const src: ListSource = { client: deps.client, snapshot: deps.snapshot };
  const now = deps.now ?? Date.now;
  const r = Router();
  const read = requireRole('manager', 'coordinator');
  // The list lives at /api/grants exactly: /api/grants/ stays "no such grant" (404), as before the list existed.
  const exact = (req: Request, _res: Response, next: (e?: unknown) => void) => (req.path.endsWith('/') ? next('route') : next());

  mount(r, '/api', LIST_ROUTES.listGrants, [exact, read], async (req: Request, res: Response) => {
    const { query } = valid<{ query: GrantListQuery }>(res);
    const page = await listGrants(src, req.principal!, query);
    const link = (change: Parameters<typeof listSearch>[1]) => `/api/grants${listSearch({ ...query, pageSize: page.pageSize }, change)}`;
    const links = {
      self: link({}),
      first: link({ page: 1 }),
      last: link({ page: page.pages }),
      ...(page.page > 1 ? { prev: link({ page: Math.min(page.page - 1, page.pages) }) } : {}),
      ...(page.page < page.pages ? { next: link({ page: page.page + 1 }) } : {}),
      csv: `/api/grants.csv${listSearch({ ...query, page: undefined, pageSize: undefined } as Partial<GrantListQuery>)}`,
    };
    const rel = Object.entries(links)
      .filter(([k]) => k !== 'self' && k !== 'csv')
      .map(([k, v]) => `<${v}>; rel="${k}"`)
      .join(', ');
    res.set({ 'Cache-Control': 'private, no-store', Link: rel, 'X-Total-Count': String(page.total), 'X-List-As-Of': asOfHeader(page.asOf, now()) });
    res.json({ items: page.items, page: page.page, pageSize: page.pageSize, pages: page.pages, total: page.total, sort: query.sort, links });
  });

  mount(r, '/api', LIST_ROUTES.exportGrants, [read], async (req: Request, res: Response) => {
    const { query } = valid<{ query: GrantListQuery }>(res);
    sendCsv(res, await findGrants(src, req.principal!, query), query.lang ?? 'sv', publicBaseUrl, now());
  });

  return r;
}
