/**
 * The managers' list as the API takes it: the query string of `GET /api/grants`, `GET
 * /api/grants.csv` and the dashboard (filters, sort, page), the item it answers with, and the
 * links between its pages. The list itself is read from the register (register/list.ts).
 */
import { z } from 'zod';
import { STAGES, type GrantStatus, type Stage } from '../workflows/grant/contract';
import { CalendarDate } from '../domain/dates';
import { COUNTIES, COUNTY_CODES } from '../domain/allocation/counties';
import { say } from '../domain/zodText';

export const GRANT_STATUSES = ['active', 'returned', 'rejected', 'cancelled', 'closed'] as const satisfies readonly GrantStatus[];
export const SORT_KEYS = ['nextDeadline', 'caseNumber', 'totalOre', 'decidedOre', 'paidOre', 'year'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORTS = [
  'nextDeadline', '-nextDeadline', 'caseNumber', '-caseNumber', 'totalOre', '-totalOre', 'decidedOre', '-decidedOre', 'paidOre', '-paidOre', 'year', '-year',
] as const satisfies readonly (SortKey | `-${SortKey}`)[];
export type Sort = (typeof SORTS)[number];
export const DEFAULT_SORT: Sort = 'nextDeadline';
export const MAX_PAGE_SIZE = 200;
export const MAX_QUERY_WORDS = 8;

// ---- the query string ---------------------------------------------------------------------------

/** A GET form sends every field, empty ones as `name=`: an empty value means "no filter". */
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** `stage=a&stage=b` or `stage=a,b` → ['a', 'b']; empty → undefined. */
function list<T extends readonly [string, ...string[]]>(values: T, what: { sv: string; en: string }) {
  return z.preprocess(
    (v) => {
      if (v === undefined) return undefined;
      const raw = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : [x]));
      const cleaned = raw.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
      return cleaned.length ? [...new Set(cleaned)] : undefined;
    },
    z.array(z.enum(values, { error: say(`måste vara ett av ${values.join(', ')} (${what.sv})`, `must be one of ${values.join(', ')} (${what.en})`) })).optional(),
  );
}

/** A number written in the query string, in the range its pattern allows (the pattern is what the document shows). */
const numberIn = (pattern: RegExp, sv: string, en: string) => z.string().regex(pattern, { error: say(sv, en) }).transform(Number);

/**
 * Free text for search: at most MAX_QUERY_WORDS words of printable characters, between spaces. Any
 * printable character is allowed (quotes, `&`, `!`, `(`, `:` …): a title may hold them, and the
 * search treats them as text, never as syntax (register/search.ts).
 */
const WORD = '[^\\s\\u0000-\\u001f\\u007f]+';
const SearchText = z
  .string()
  .max(200)
  .regex(new RegExp(`^ *(?:${WORD} +){0,${MAX_QUERY_WORDS - 1}}${WORD} *$`), {
    error: say(`högst ${MAX_QUERY_WORDS} ord, utan styrtecken`, `at most ${MAX_QUERY_WORDS} words, without control characters`),
  })
  .trim();

/** A keyword value a person may filter on: printable, no quotes or backslashes. */
const KEYWORD = '[^\\u0000-\\u001f\\u007f"\'\\\\]';
const KeywordText = z
  .string()
  .max(200)
  .regex(new RegExp(`^${KEYWORD}*[^\\s\\u0000-\\u001f\\u007f"'\\\\]${KEYWORD}*$`), {
    error: say('får inte vara tom eller innehålla citattecken, bakstreck eller styrtecken', 'must not be blank or hold quotes, backslashes or control characters'),
  })
  .trim();

/** The filters of `GET /api/grants`, `GET /api/grants.csv` and the dashboard. Unknown parameters are refused. */
export const GrantListQuery = z.strictObject({
  stage: list(STAGES, { sv: 'ett skede', en: 'a stage' }),
  status: list(GRANT_STATUSES, { sv: 'en status', en: 'a status' }),
  year: optional(numberIn(/^(?:20\d\d|2100)$/, 'måste vara ett år 2000–2100', 'must be a year 2000–2100')),
  county: optional(z.enum(COUNTY_CODES as [string, ...string[]], { error: say('måste vara en tvåsiffrig länskod (SCB), t.ex. 23', 'must be a two-digit county code (SCB), e.g. 23') })),
  organisation: optional(KeywordText),
  overdue: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  deadlineBefore: optional(CalendarDate),
  q: optional(SearchText),
  sort: optional(z.enum(SORTS)).transform((v) => v ?? DEFAULT_SORT),
  page: optional(numberIn(/^[1-9]\d{0,5}$/, 'måste vara ett sidnummer från 1', 'must be a page number from 1')).transform((v) => v ?? 1),
  pageSize: optional(numberIn(/^(?:[1-9]|[1-9]\d|1\d\d|200)$/, `måste vara 1–${MAX_PAGE_SIZE}`, `must be 1–${MAX_PAGE_SIZE}`)),
  /** The dashboard's language; the JSON list ignores it, the CSV export uses it for its header and labels. */
  lang: optional(z.enum(['sv', 'en'])),
});
export type GrantListQuery = z.infer<typeof GrantListQuery>;
export type GrantFilters = Pick<GrantListQuery, 'stage' | 'status' | 'year' | 'county' | 'organisation' | 'overdue' | 'deadlineBefore' | 'q'>;
export const FILTER_KEYS = ['stage', 'status', 'year', 'county', 'organisation', 'overdue', 'deadlineBefore', 'q'] as const satisfies readonly (keyof GrantFilters)[];

// ---- list items ---------------------------------------------------------------------------------

export interface GrantListItem {
  caseNumber: string;
  title: string;
  organisation?: string;
  county?: string;
  countyName?: string;
  year?: number;
  stage?: Stage;
  status?: GrantStatus;
  overdue: boolean;
  totalOre?: number;
  totalFormatted?: string;
  decidedOre?: number;
  decidedFormatted?: string;
  paidOre?: number;
  paidFormatted?: string;
  /** The Stockholm date of the next deadline (its end of day is `nextDeadlineAt`). */
  nextDeadline?: string;
  nextDeadlineAt?: string;
  workflowId: string;
  /** Not kept by the register (a grant is one workflow id across its runs); absent. */
  runId?: string;
  /** RUNNING until the grant's workflow ended (closed, cancelled or rejected), then COMPLETED (the register's view, in Temporal's words). */
  executionStatus: string;
  startTime: string;
  closeTime?: string;
  links: { self: string; dashboard: string };
}

const COUNTY_NAME = new Map<string, string>(COUNTIES.map((c) => [c.code, c.name]));
export const countyName = (code: string | undefined) => (code ? COUNTY_NAME.get(code) : undefined);

/** The query string of a list with these filters (for links: paging, sorting, the CSV export). */
export function listSearch(q: Partial<GrantListQuery>, change: Partial<Record<keyof GrantListQuery, string | number | undefined>> = {}): string {
  const p = new URLSearchParams();
  const put = (k: string, v: unknown) => {
    if (v === undefined || v === null || v === '') return;
    if (Array.isArray(v)) {
      if (v.length) p.set(k, v.join(','));
    } else p.set(k, String(v));
  };
  for (const k of FILTER_KEYS) put(k, k in change ? change[k] : q[k]);
  for (const k of ['sort', 'page', 'pageSize', 'lang'] as const) put(k, k in change ? change[k] : q[k]);
  if (p.get('sort') === DEFAULT_SORT) p.delete('sort');
  if (p.get('page') === '1') p.delete('page');
  const s = p.toString();
  return s ? `?${s}` : '';
}
