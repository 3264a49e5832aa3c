/**
 * Managers' views over every grant of their organisation, read from the register (register/list.ts):
 *   GET /api/grants       the list (filters, sort, pages, total), JSON
 *   GET /api/grants.csv   the same filters as CSV for Excel (UTF-8 with BOM, `;`, every matching grant)
 * Scoped to the principal's organisation unless the principal is an admin. Mounted on /api before
 * grantsRouter.
 */
import { Router, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import type { Principal, RequireRole } from '../auth';
import { valid } from '../validate';
import { documented, mount } from '../routeRegistry';
import { GrantList, LIST_AS_OF } from '../schemas/lists';
import { formatSek } from '../../domain/money';
import { formatInstant, stockholmDate } from '../../domain/dates';
import { GrantListQuery, listSearch, type GrantFilters, type GrantListItem } from '../listQuery';
import { countGrants, eachGrant, listPage, type ListScope } from '../../register/list';
import { STATUS_LABEL, STAGE_LABEL } from '../views/dashboardText';

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
      '`q` matches words of the title, the organisation and the start of the case number (Swedish full-text search, each word as a prefix: brukarråd finds Brukarråden; case and accents other than å, ä, ö ignored; any character is text, never syntax). ' +
      'Sorted by `sort` (a leading - reverses; grants without the value last; ties by case number), paged with page and pageSize. Headers: X-Total-Count, Link with first, prev, next and last, and X-List-As-Of. ' +
      'Read from the register (PostgreSQL), which the grants’ workflows write as they change: closed grants stay listed after Temporal has forgotten them.',
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
      'Excel in a Swedish locale opens it as it is. County codes as text (="01", so 01–09 keep their zero). Amounts (total, decided, paid) twice: whole öre, and kronor in Swedish format. `lang=en` for English headers and labels.',
    roles: ['manager', 'coordinator'],
    query: GrantListQuery,
    responses: { 200: { description: 'The CSV file.', contentType: 'text/csv', headers: { 'Content-Disposition': 'attachment; filename="bidrag-<date>.csv"', 'X-List-As-Of': LIST_AS_OF } } },
    errors: [400, 401, 403],
  }),
};
/** Where lists come from: the register's connection pool. */
export interface ListSource {
  register: Pick<Pool, 'query' | 'connect'>;
}

/** The principal's scope: their organisation, or everything for an admin. */
export function scopeOf(p: Principal): ListScope {
  return p.roles.includes('admin') ? {} : { organisation: p.org };
}

/** One page of the list in the principal's scope; `total` counts every match. */
export async function listGrants(src: ListSource, p: Principal, q: GrantListQuery, defaultPageSize = API_PAGE_SIZE) {
  return listPage(src.register, q satisfies GrantFilters, scopeOf(p), q.sort, q.page, q.pageSize ?? defaultPageSize);
}

/** Overdue active grants in the principal's scope, whatever the filters (the dashboard's headline). */
export async function countOverdue(src: ListSource, p: Principal): Promise<number> {
  return countGrants(src.register, { overdue: true, status: ['active'] }, scopeOf(p));
}

/** `X-List-As-Of`: when the list was read. The register is read on every request: now. */
export function asOfHeader(now: number): string {
  return new Date(now).toISOString();
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

/** A cell a spreadsheet keeps as text, leading zeros included: `="01"` (only for values we made, never user text). */
export function csvText(value: string | undefined): CsvFormula | undefined {
  return value === undefined ? undefined : { formula: `="${value.replace(/"/g, '""')}"` };
}
interface CsvFormula {
  formula: string;
}

const CSV_TEXT = {
  sv: {
    header: ['Diarienummer', 'Titel', 'Organisation', 'Länskod', 'Län', 'År', 'Skede', 'Status', 'Försenad', 'Nästa tidsfrist', 'Belopp (öre)', 'Belopp (kr)', 'Beslutat (öre)', 'Beslutat (kr)', 'Utbetalt (öre)', 'Utbetalt (kr)', 'Startad', 'Avslutad', 'Länk'],
    yes: 'ja',
    no: 'nej',
    file: 'bidrag',
  },
  en: {
    header: ['Case number', 'Title', 'Organisation', 'County code', 'County', 'Year', 'Stage', 'Status', 'Overdue', 'Next deadline', 'Amount (öre)', 'Amount (SEK)', 'Decided (öre)', 'Decided (SEK)', 'Paid (öre)', 'Paid (SEK)', 'Started', 'Closed', 'Link'],
    yes: 'yes',
    no: 'no',
    file: 'grants',
  },
} as const;

type Cell = string | number | boolean | undefined | null | CsvFormula;
const kronor = (ore: number | undefined) => (ore === undefined ? undefined : formatSek(ore, { unit: false, nbsp: true }));

/**
 * One grant as a CSV row. Amounts twice: whole öre (exact, for sums) and Swedish kronor
 * (`1 150 000,00`, no-break spaces between thousands as Swedish Excel writes them, no unit, so
 * Excel reads a number). Times are Stockholm local. The county code is text (`="01"`).
 */
function csvRow(g: GrantListItem, lang: 'sv' | 'en', base: string): Cell[] {
  const t = CSV_TEXT[lang];
  return [
    g.caseNumber,
    g.title,
    g.organisation,
    csvText(g.county),
    g.countyName,
    g.year,
    g.stage ? STAGE_LABEL[lang][g.stage] : undefined,
    g.status ? STATUS_LABEL[lang][g.status] : undefined,
    g.overdue ? t.yes : t.no,
    g.nextDeadline,
    g.totalOre,
    kronor(g.totalOre),
    g.decidedOre,
    kronor(g.decidedOre),
    g.paidOre,
    kronor(g.paidOre),
    formatInstant(Date.parse(g.startTime)),
    g.closeTime ? formatInstant(Date.parse(g.closeTime)) : undefined,
    `${base}${g.links.dashboard}`,
  ];
}

/** A formula we wrote ourselves is quoted as it is (csvCell would defuse it, as it must any other `=`). */
const formulaCell = (f: CsvFormula) => `"${f.formula.replace(/"/g, '""')}"`;
const line = (cells: readonly Cell[]) => `${cells.map((c) => (c !== null && typeof c === 'object' ? formulaCell(c) : csvCell(c))).join(';')}\r\n`;

/** The export as one text (tests; the routes stream it with sendCsv). */
export function grantsCsv(items: readonly GrantListItem[], lang: 'sv' | 'en', publicBaseUrl: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return `\uFEFF${line(CSV_TEXT[lang].header)}${items.map((g) => line(csvRow(g, lang, base))).join('')}`;
}

/**
 * Streams every grant matching the filters as CSV, read from the register through a cursor in
 * batches: an export of 100 000 grants never holds them all in memory. A failure before the first
 * byte is an ordinary error answer; after it, the download is cut short (the file is incomplete,
 * and the browser says so).
 */
export async function sendCsv(res: Response, src: ListSource, p: Principal, q: GrantListQuery, publicBaseUrl: string, now: number): Promise<void> {
  const lang = q.lang ?? 'sv';
  const base = publicBaseUrl.replace(/\/+$/, '');
  const name = `${CSV_TEXT[lang].file}-${stockholmDate(now)}.csv`;
  const batches = eachGrant(src.register, q satisfies GrantFilters, scopeOf(p), q.sort);
  const first = await batches.next();
  res.status(200).set({
    'Content-Type': 'text/csv; charset=utf-8; header=present',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'private, no-store',
    'X-List-As-Of': asOfHeader(now),
  });
  // Waits for the socket to take more; a download cut short ends the wait too (no drain comes then).
  const write = (text: string) =>
    res.write(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.once('drain', done);
          res.once('close', done);
        });
  try {
    await write(`\uFEFF${line(CSV_TEXT[lang].header)}`);
    for (let b = first; !b.done; b = await batches.next()) {
      if (res.destroyed) break;
      await write(b.value.map((g) => line(csvRow(g, lang, base))).join(''));
    }
    res.end();
  } catch (err) {
    res.destroy(err as Error);
  } finally {
    await batches.return(undefined);
  }
}

// ---- the router ---------------------------------------------------------------------------------

export function managerRouter(deps: { register: ListSource['register']; requireRole: RequireRole; publicBaseUrl: string; now?: () => number }): Router {
  const { requireRole, publicBaseUrl } = deps;
  const src: ListSource = { register: deps.register };
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
    res.set({ 'Cache-Control': 'private, no-store', Link: rel, 'X-Total-Count': String(page.total), 'X-List-As-Of': asOfHeader(now()) });
    res.json({ items: page.items, page: page.page, pageSize: page.pageSize, pages: page.pages, total: page.total, sort: query.sort, links });
  });

  mount(r, '/api', LIST_ROUTES.exportGrants, [read], async (req: Request, res: Response) => {
    const { query } = valid<{ query: GrantListQuery }>(res);
    await sendCsv(res, src, req.principal!, query, publicBaseUrl, now());
  });

  return r;
}
