/**
 * The managers' list, read from the register's `grants` table (docs/record.md, "Reading the
 * register"): filters, sorting, pages, counts, and every matching grant for the CSV export. The
 * SQL is built from a whitelist only: every value is a bind parameter, every column and order
 * comes from the tables below. Each filter and sort has its index (migrations 1764680000000 and
 * 1764690000000).
 */
import type { Pool, PoolClient } from 'pg';
import { endOfDay, type CalendarDate } from '../domain/dates';
import { formatSek } from '../domain/money';
import type { GrantStatus, Stage } from '../workflows/grant/contract';
import { countyName, MAX_QUERY_WORDS, type GrantFilters, type GrantListItem, type Sort } from '../api/listQuery';
import { likePrefix, searchWords, tsqueryOperand } from './search';

export type Db = Pick<Pool, 'query'>;

/** The principal's scope: their organisation, or everything (an admin). */
export interface ListScope {
  organisation?: string;
}

/** A grant in one of these has ended its workflow (rejected and cancelled grants carry no closedAt). */
const ENDED = new Set(['closed', 'cancelled', 'rejected']);

// Qualified by the table: a bare name in ORDER BY would be the output column of the same name (text).
const CASE_ORDER = 'grants.case_number COLLATE case_number_order';

/** Each sort: its column, empty values last both ways, ties by case number in the same direction. */
const ORDER_BY: Record<Sort, string> = {
  nextDeadline: `grants.next_deadline ASC NULLS LAST, ${CASE_ORDER} ASC`,
  '-nextDeadline': `grants.next_deadline DESC NULLS LAST, ${CASE_ORDER} DESC`,
  caseNumber: `${CASE_ORDER} ASC`,
  '-caseNumber': `${CASE_ORDER} DESC`,
  totalOre: `grants.total_ore ASC, ${CASE_ORDER} ASC`,
  '-totalOre': `grants.total_ore DESC, ${CASE_ORDER} DESC`,
  decidedOre: `grants.decided_ore ASC, ${CASE_ORDER} ASC`,
  '-decidedOre': `grants.decided_ore DESC, ${CASE_ORDER} DESC`,
  paidOre: `grants.paid_ore ASC, ${CASE_ORDER} ASC`,
  '-paidOre': `grants.paid_ore DESC, ${CASE_ORDER} DESC`,
  year: `grants.year ASC, ${CASE_ORDER} ASC`,
  '-year': `grants.year DESC, ${CASE_ORDER} DESC`,
};

const COLUMNS = `case_number, workflow_id, title, organisation, county, year, stage, status, overdue,
  total_ore::text AS total_ore, decided_ore::text AS decided_ore, paid_ore::text AS paid_ore,
  next_deadline::text AS next_deadline, started_at, closed_at`;

interface Row {
  case_number: string;
  workflow_id: string;
  title: string;
  organisation: string;
  county: string | null;
  year: number;
  stage: string;
  status: string;
  overdue: boolean;
  total_ore: string;
  decided_ore: string;
  paid_ore: string;
  next_deadline: string | null;
  started_at: Date;
  closed_at: Date | null;
}

/** Whether each tsquery operand is empty (stop words only), remembered: a stop word stays one. */
const EMPTY = new Map<string, boolean>();
const EMPTY_MAX = 10_000;
async function stopWords(db: Db, operands: string[]): Promise<boolean[]> {
  const unknown = [...new Set(operands.filter((o) => !EMPTY.has(o)))];
  if (unknown.length) {
    const rows = (await db.query<{ w: string; empty: boolean }>(`SELECT w, numnode(to_tsquery('swedish', w)) = 0 AS empty FROM unnest($1::text[]) AS t(w)`, [unknown])).rows;
    if (EMPTY.size + rows.length > EMPTY_MAX) EMPTY.clear();
    for (const r of rows) EMPTY.set(r.w, r.empty);
  }
  // A word that is only a stop word has no lexemes: it matches everything, as a word of no letters.
  return operands.map((o) => EMPTY.get(o) ?? false);
}

/** The WHERE clause of the filters in the scope, its parameters appended to `params`. */
export async function whereOf(db: Db, f: GrantFilters, scope: ListScope, params: unknown[]): Promise<string> {
  const c: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (scope.organisation !== undefined) c.push(`organisation = ${p(scope.organisation)}`);
  if (f.organisation !== undefined) c.push(`organisation = ${p(f.organisation)}`);
  if (f.stage?.length) c.push(`stage = ANY(${p(f.stage)}::text[])`);
  if (f.status?.length) c.push(`status = ANY(${p(f.status)}::text[])`);
  if (f.year !== undefined) c.push(`year = ${p(f.year)}`);
  if (f.county !== undefined) c.push(`county = ${p(f.county)}`);
  if (f.overdue !== undefined) c.push(f.overdue ? 'overdue' : 'NOT overdue');
  if (f.deadlineBefore !== undefined) c.push(`next_deadline <= ${p(f.deadlineBefore)}::date`);
  if (f.q !== undefined) {
    const words = searchWords(f.q, MAX_QUERY_WORDS);
    const operands = words.map(tsqueryOperand);
    const empty = await stopWords(db, operands);
    words.forEach((w, i) => {
      if (!empty[i]) c.push(`(search @@ to_tsquery('swedish', ${p(operands[i])}) OR lower(case_number) LIKE lower(${p(likePrefix(w))}))`);
    });
  }
  return c.length ? `WHERE ${c.join(' AND ')}` : '';
}

function toItem(r: Row): GrantListItem {
  const path = encodeURIComponent(r.case_number);
  const total = Number(r.total_ore);
  const decided = Number(r.decided_ore);
  const paid = Number(r.paid_ore);
  const deadline = r.next_deadline ?? undefined;
  return {
    caseNumber: r.case_number,
    title: r.title,
    organisation: r.organisation,
    county: r.county ?? undefined,
    countyName: countyName(r.county ?? undefined),
    year: r.year,
    stage: r.stage as Stage,
    status: r.status as GrantStatus,
    overdue: r.overdue,
    totalOre: total,
    totalFormatted: formatSek(total),
    decidedOre: decided,
    decidedFormatted: formatSek(decided),
    paidOre: paid,
    paidFormatted: formatSek(paid),
    nextDeadline: deadline,
    nextDeadlineAt: deadline ? new Date(endOfDay(deadline as CalendarDate)).toISOString() : undefined,
    workflowId: r.workflow_id,
    executionStatus: r.closed_at || ENDED.has(r.status) ? 'COMPLETED' : 'RUNNING',
    startTime: r.started_at.toISOString(),
    closeTime: r.closed_at?.toISOString(),
    links: { self: `/api/grants/${path}`, dashboard: `/dashboard/grants/${path}` },
  };
}

export interface ListPage {
  items: GrantListItem[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

/**
 * One page of the grants matching the filters in the scope, sorted, and how many match. A page past
 * the last answers no items (and says how many pages there are).
 */
export async function listPage(db: Db, f: GrantFilters, scope: ListScope, sort: Sort, page: number, pageSize: number): Promise<ListPage> {
  const params: unknown[] = [];
  const where = await whereOf(db, f, scope, params);
  const [rows, count] = await Promise.all([
    db.query<Row>(`SELECT ${COLUMNS} FROM grants ${where} ORDER BY ${ORDER_BY[sort]} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params),
    db.query<{ n: string }>(`SELECT count(*)::text AS n FROM grants ${where}`, params),
  ]);
  const total = Number(count.rows[0]!.n);
  return { items: rows.rows.map(toItem), total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

/** How many grants match (the dashboard's overdue headline). */
export async function countGrants(db: Db, f: GrantFilters, scope: ListScope): Promise<number> {
  const params: unknown[] = [];
  const where = await whereOf(db, f, scope, params);
  return Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM grants ${where}`, params)).rows[0]!.n);
}

/**
 * Every matching grant, sorted, in batches of `batch` (the CSV export): one snapshot through a
 * cursor, so an export of 100 000 grants never holds them all in memory.
 */
export async function* eachGrant(pool: Pick<Pool, 'connect'>, f: GrantFilters, scope: ListScope, sort: Sort, batch = 250): AsyncGenerator<GrantListItem[]> {
  const client: PoolClient = await pool.connect();
  let committed = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const params: unknown[] = [];
    const where = await whereOf(client, f, scope, params);
    await client.query(`DECLARE export NO SCROLL CURSOR FOR SELECT ${COLUMNS} FROM grants ${where} ORDER BY ${ORDER_BY[sort]}`, params);
    for (;;) {
      const rows = (await client.query<Row>(`FETCH ${batch} FROM export`)).rows;
      if (rows.length === 0) break;
      yield rows.map(toItem);
      if (rows.length < batch) break;
    }
    await client.query('COMMIT');
    committed = true;
  } finally {
    // A failure, or a consumer that stopped early (a closed download), leaves the transaction open.
    if (!committed) await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}
