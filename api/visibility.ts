/**
 * The managers' grant list, read from Temporal visibility (search attributes), never by querying
 * each workflow. Pure: the query-string schema, the visibility query builder, the same filters as
 * an in-memory predicate (compileMatcher, for the list snapshot of api/listSnapshot.ts), the
 * mapping of an execution's search attributes to a list item, and sorting. Unit-tested without a
 * server; test/e2e/listSnapshot.test.ts checks the predicate against the dev server's answers.
 *
 * What the dev server's SQLite visibility supports (checked against Temporal 1.32):
 * - `=`, `!=`, `<`, `>=`, `IN (…)`, `IS NULL`, `AND`/`OR` and parentheses on the grant attributes
 *   and on StartTime and CloseTime;
 * - `Keyword STARTS_WITH 'x'` (SQLite's LIKE 'x%': ASCII letters case-insensitive, others exact;
 *   `%` and `_` are taken literally);
 * - `Text = 'words'`: full-text match (FTS5, tokenizer `unicode61 remove_diacritics 2`: case- and
 *   Latin-accent-insensitive, see api/fullText.ts). The server splits the value on spaces, matches
 *   each part as a phrase of tokens and ORs the parts; an empty value and a value holding a double
 *   quote are errors. So the builder sends one condition per word and ANDs them.
 * - no `ORDER BY` (an error on SQL visibility), no `LIKE`: sorting happens in the API.
 * - string literals take `\'` and `\\` escapes.
 */
import { z } from 'zod';
import type { TypedSearchAttributes } from '@temporalio/common';
import { SA, STAGES, type GrantStatus, type Stage, GRANT_WORKFLOW_TYPE, caseNumberFromWorkflowId } from '../workflows/grant/contract';
import { CalendarDate, addDays, startOfDay, stockholmDate } from '../domain/dates';
import { formatSek } from '../domain/money';
import { COUNTIES, COUNTY_CODES } from '../domain/allocation/counties';
import { ftsTokens, hasPhrase } from './fullText';
import { say } from '../domain/zodText';
import { searchText } from '../domain/searchText';

export const GRANT_STATUSES = ['active', 'returned', 'rejected', 'cancelled', 'closed'] as const satisfies readonly GrantStatus[];
export const SORT_KEYS = ['nextDeadline', 'caseNumber', 'totalOre', 'year'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORTS = ['nextDeadline', '-nextDeadline', 'caseNumber', '-caseNumber', 'totalOre', '-totalOre', 'year', '-year'] as const satisfies readonly (SortKey | `-${SortKey}`)[];
export type Sort = (typeof SORTS)[number];
export const DEFAULT_SORT: Sort = 'nextDeadline';
export const MAX_PAGE_SIZE = 200;
export const MAX_QUERY_WORDS = 8;
export { GRANT_WORKFLOW_TYPE };

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
 * Free text for search: at most MAX_QUERY_WORDS words of printable characters, between spaces (a word
 * without a letter or digit matches everything). Quotes are allowed: a title may hold them, and a
 * search for it must answer (searchWords and searchText drop them before visibility sees a word).
 */
const WORD = '[^\\s\\u0000-\\u001f\\u007f]+';
const SearchText = z
  .string()
  .max(200)
  .regex(new RegExp(`^ *(?:${WORD} +){0,${MAX_QUERY_WORDS - 1}}${WORD} *$`), {
    error: say(`högst ${MAX_QUERY_WORDS} ord, utan styrtecken`, `at most ${MAX_QUERY_WORDS} words, without control characters`),
  })
  .trim();

/** A keyword value a person may filter on: printable, no quotes or backslashes (the server cannot match those anyway). */
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

// ---- the visibility query -----------------------------------------------------------------------

/** A string literal of the visibility query language: quotes and backslashes escaped, control characters dropped. */
export function quote(value: string): string {
  return `'${value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The words of a search: split on whitespace, without double quotes (the server's full-text match breaks on them), each with a letter or digit. */
export function searchWords(q: string): string[] {
  return q
    .replace(/"/g, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
}

/**
 * The title condition for one search word: each of its searchText parts (the words GrantTitle holds;
 * punctuation that PostgreSQL's tsquery would choke on is gone) as a full-text condition of its own,
 * ANDed: "RS/30/2026" needs rs, 30 and 2026. One value holding several parts would be ORed by the
 * server (Temporal splits a Text value on spaces).
 */
function titleHas(word: string): string {
  const parts = searchText(sent(word)).split(' ').map((p) => `${SA.title.name} = ${quote(p)}`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
}

/** The only fields a query may name, by filter (whitelist; the names come from the search-attribute keys). */
const FIELD = {
  caseNumber: SA.caseNumber.name,
  title: SA.title.name,
  stage: SA.stage.name,
  status: SA.status.name,
  year: SA.year.name,
  county: SA.county.name,
  organisation: SA.organisation.name,
  overdue: SA.overdue.name,
  nextDeadline: SA.nextDeadline.name,
} as const;

function oneOf(field: string, values: readonly string[]): string {
  return values.length === 1 ? `${field} = ${quote(values[0]!)}` : `${field} IN (${values.map(quote).join(', ')})`;
}

/**
 * The visibility query for a list: grants only (the latest run of each: a run that continued as
 * new is left out, its successor stands for it), within `scope.organisation` when given (everyone
 * but an admin), and every filter ANDed. Only whitelisted fields; every value escaped or typed.
 */
export function buildVisibilityQuery(f: GrantFilters, scope: { organisation?: string } = {}): string {
  const c: string[] = [`WorkflowType = ${quote(GRANT_WORKFLOW_TYPE)}`, `ExecutionStatus != 'ContinuedAsNew'`];
  if (scope.organisation !== undefined) c.push(`${FIELD.organisation} = ${quote(scope.organisation)}`);
  if (f.organisation !== undefined) c.push(`${FIELD.organisation} = ${quote(f.organisation)}`);
  if (f.stage?.length) c.push(oneOf(FIELD.stage, f.stage));
  if (f.status?.length) c.push(oneOf(FIELD.status, f.status));
  if (f.year !== undefined) c.push(`${FIELD.year} = ${safeInt(f.year)}`);
  if (f.county !== undefined) c.push(`${FIELD.county} = ${quote(f.county)}`);
  if (f.overdue !== undefined) c.push(`${FIELD.overdue} = ${f.overdue ? 'true' : 'false'}`);
  if (f.deadlineBefore !== undefined) c.push(`${FIELD.nextDeadline} < ${quote(new Date(deadlineCutoff(f.deadlineBefore)).toISOString())}`);
  if (f.q !== undefined) {
    for (const w of searchWords(f.q).slice(0, MAX_QUERY_WORDS)) {
      c.push(`(${titleHas(w)} OR ${FIELD.caseNumber} STARTS_WITH ${quote(w)})`);
    }
  }
  return c.join(' AND ');
}

function safeInt(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}

/**
 * `deadlineBefore=D` as an instant: a deadline on a date is the end of that Stockholm day, and
 * "before D" keeps deadlines up to and including D, so every instant before D + 1 starts.
 */
function deadlineCutoff(date: string): number {
  return startOfDay(addDays(CalendarDate.parse(date), 1));
}

// ---- the same filters in memory -----------------------------------------------------------------

/**
 * What the filters look at, as visibility holds it: the raw search attributes, nothing defaulted
 * (a missing attribute matches no condition on it, as a NULL column matches none), the title as
 * the full-text tokens the server indexes.
 */
export interface MatchFields {
  caseNumber?: string;
  titleTokens: readonly string[];
  stage?: string;
  status?: string;
  year?: number;
  county?: string;
  organisation?: string;
  overdue?: boolean;
  nextDeadlineMs?: number;
}

export function matchFieldsOf(sa: TypedSearchAttributes): MatchFields {
  const title = sa.get(SA.title);
  return {
    caseNumber: sa.get(SA.caseNumber),
    titleTokens: title === undefined ? [] : ftsTokens(title),
    stage: sa.get(SA.stage),
    status: sa.get(SA.status),
    year: sa.get(SA.year),
    county: sa.get(SA.county),
    organisation: sa.get(SA.organisation),
    overdue: sa.get(SA.overdue),
    nextDeadlineMs: sa.get(SA.nextDeadline)?.getTime(),
  };
}

/** A string as the server receives it in a literal (see `quote`): control characters become spaces. */
const sent = (value: string) => value.replace(/[\u0000-\u001f\u007f]/g, ' ');

/**
 * `Keyword STARTS_WITH 'p'` on SQLite visibility: SQLite's LIKE 'p%', which ignores the case of
 * ASCII letters only (`rs` finds `RS/1`, `ä` does not find `Ä`) and takes every other character
 * literally.
 */
function likePrefix(value: string | undefined, prefix: string): boolean {
  if (value === undefined || value.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    let a = value.charCodeAt(i);
    let b = prefix.charCodeAt(i);
    if (a >= 65 && a <= 90) a += 32;
    if (b >= 65 && b <= 90) b += 32;
    if (a !== b) return false;
  }
  return true;
}

/**
 * One search word as the server matches it: the title holds every one of the word's searchText
 * parts (what titleHas sends: one full-text condition per part, ANDed), or the case number
 * STARTS_WITH the word as sent (`quote`: control characters become spaces).
 */
function wordMatcher(word: string): (m: MatchFields) => boolean {
  const value = sent(word);
  const phrases = searchText(value)
    .split(' ')
    .filter((p) => p !== '')
    .map(ftsTokens);
  return (m) => phrases.every((p) => hasPhrase(m.titleTokens, p)) || likePrefix(m.caseNumber, value);
}

/**
 * The filters as a predicate over MatchFields, with exactly the semantics of the query that
 * buildVisibilityQuery sends for the same filters and scope (the workflow type and "not continued
 * as new" are the caller's: the list snapshot holds only those). Compile once, test many.
 */
export function compileMatcher(f: GrantFilters, scope: { organisation?: string } = {}): (m: MatchFields) => boolean {
  const tests: ((m: MatchFields) => boolean)[] = [];
  const equals = (value: string) => {
    const v = sent(value);
    return (x: string | undefined) => x === v;
  };
  const oneOf = (values: readonly string[]) => {
    const set = new Set(values.map(sent));
    return (x: string | undefined) => x !== undefined && set.has(x);
  };
  if (scope.organisation !== undefined) {
    const org = equals(scope.organisation);
    tests.push((m) => org(m.organisation));
  }
  if (f.organisation !== undefined) {
    const org = equals(f.organisation);
    tests.push((m) => org(m.organisation));
  }
  if (f.stage?.length) {
    const stage = oneOf(f.stage);
    tests.push((m) => stage(m.stage));
  }
  if (f.status?.length) {
    const status = oneOf(f.status);
    tests.push((m) => status(m.status));
  }
  if (f.year !== undefined) {
    const year = Number(safeInt(f.year));
    tests.push((m) => m.year === year);
  }
  if (f.county !== undefined) {
    const county = equals(f.county);
    tests.push((m) => county(m.county));
  }
  if (f.overdue !== undefined) tests.push((m) => m.overdue === f.overdue);
  if (f.deadlineBefore !== undefined) {
    const cutoff = deadlineCutoff(f.deadlineBefore);
    tests.push((m) => m.nextDeadlineMs !== undefined && m.nextDeadlineMs < cutoff);
  }
  if (f.q !== undefined) for (const w of searchWords(f.q).slice(0, MAX_QUERY_WORDS)) tests.push(wordMatcher(w));
  return (m) => tests.every((t) => t(m));
}

/** One item against the filters: compileMatcher(f, scope)(m). */
export function matchesFilters(m: MatchFields, f: GrantFilters, scope: { organisation?: string } = {}): boolean {
  return compileMatcher(f, scope)(m);
}

// ---- list items ---------------------------------------------------------------------------------

/** What the list needs of an execution (a `WorkflowExecutionInfo` has all of it). */
export interface ExecutionLike {
  workflowId: string;
  runId: string;
  status: { name: string };
  startTime: Date;
  closeTime?: Date;
  typedSearchAttributes: TypedSearchAttributes;
  memo?: Record<string, unknown>;
}

/**
 * What whoever starts a grant puts in its memo for the list: the title as written. Its Text search
 * attribute holds only the title's words (domain/searchText.ts), which the list must not show.
 */
export function listMemo(title: string): { title: string } {
  return { title };
}

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
  /** The Stockholm date of the next deadline (its end of day is `nextDeadlineAt`). */
  nextDeadline?: string;
  nextDeadlineAt?: string;
  workflowId: string;
  runId: string;
  /** Temporal's view of the run: Running, Completed, Terminated, … */
  executionStatus: string;
  startTime: string;
  closeTime?: string;
  links: { self: string; dashboard: string };
}

const COUNTY_NAME = new Map<string, string>(COUNTIES.map((c) => [c.code, c.name]));
export const countyName = (code: string | undefined) => (code ? COUNTY_NAME.get(code) : undefined);

export function toListItem(e: ExecutionLike): GrantListItem {
  const sa = e.typedSearchAttributes;
  const caseNumber = sa.get(SA.caseNumber) ?? caseNumberFromWorkflowId(e.workflowId) ?? e.workflowId;
  // The title as written is in the memo (listMemo); GrantTitle holds the words of "title caseNumber"
  // (grants started before the memo held the title: the title as written, then the case number).
  const rawTitle = sa.get(SA.title) ?? '';
  const title = typeof e.memo?.title === 'string' ? e.memo.title : rawTitle.endsWith(` ${caseNumber}`) ? rawTitle.slice(0, -caseNumber.length - 1) : rawTitle;
  const county = sa.get(SA.county);
  const totalOre = sa.get(SA.totalOre);
  const deadline = sa.get(SA.nextDeadline);
  const path = encodeURIComponent(caseNumber);
  return {
    caseNumber,
    title,
    organisation: sa.get(SA.organisation),
    county,
    countyName: countyName(county),
    year: sa.get(SA.year),
    stage: sa.get(SA.stage) as Stage | undefined,
    status: sa.get(SA.status) as GrantStatus | undefined,
    overdue: sa.get(SA.overdue) ?? false,
    totalOre,
    totalFormatted: totalOre === undefined ? undefined : formatSek(totalOre),
    nextDeadline: deadline ? stockholmDate(deadline.getTime()) : undefined,
    nextDeadlineAt: deadline?.toISOString(),
    workflowId: e.workflowId,
    runId: e.runId,
    executionStatus: e.status.name,
    startTime: e.startTime.toISOString(),
    closeTime: e.closeTime?.toISOString(),
    links: { self: `/api/grants/${path}`, dashboard: `/dashboard/grants/${path}` },
  };
}

// ---- sorting ------------------------------------------------------------------------------------

/** Case numbers in natural order: RS/728/2024 before RS/1585/2017. */
const collator = new Intl.Collator('sv', { numeric: true, sensitivity: 'base' });

function compareOptional<T>(a: T | undefined, b: T | undefined, cmp: (x: T, y: T) => number, desc: boolean): number {
  // Missing values go last whichever the direction.
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return desc ? -cmp(a, b) : cmp(a, b);
}

/** Sorts a copy; ties are broken by case number (ascending), so paging is stable. */
export function sortItems(items: readonly GrantListItem[], sort: Sort): GrantListItem[] {
  const desc = sort.startsWith('-');
  const key = (desc ? sort.slice(1) : sort) as SortKey;
  const num = (x: number, y: number) => x - y;
  const str = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const byCase = (a: GrantListItem, b: GrantListItem) => collator.compare(a.caseNumber, b.caseNumber) || str(a.caseNumber, b.caseNumber);
  const primary: Record<SortKey, (a: GrantListItem, b: GrantListItem) => number> = {
    nextDeadline: (a, b) => compareOptional(a.nextDeadlineAt, b.nextDeadlineAt, str, desc),
    totalOre: (a, b) => compareOptional(a.totalOre, b.totalOre, num, desc),
    year: (a, b) => compareOptional(a.year, b.year, num, desc),
    caseNumber: (a, b) => (desc ? -byCase(a, b) : byCase(a, b)),
  };
  return [...items].sort((a, b) => primary[key](a, b) || byCase(a, b));
}

/** One page of a sorted list. */
export function pageOf<T>(items: readonly T[], page: number, pageSize: number) {
  const total = items.length;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return { items: items.slice((page - 1) * pageSize, page * pageSize), total, page, pageSize, pages };
}

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
