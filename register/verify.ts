/**
 * Recomputes a grant's hash chain from its rows (register/chain.ts) and names the first row that does
 * not hold: a number out of sequence (a deleted row), a prev_hash that is not the previous row's
 * hash, a hash that is not the hash of the row's content (an edited row), or a grant row whose event
 * count or head hash disagrees with its events (a deleted last row).
 */
import { inSnapshot } from './snapshot';
import type { Pool } from 'pg';
import { GENESIS, chainHash, chainedEvent } from './chain';

export interface ChainProblem {
  /** The event number of the first bad row (the next expected number when rows are missing). */
  n: number;
  what: 'number' | 'prev_hash' | 'hash' | 'head';
  expected: string;
  stored: string;
  message: string;
}

export interface ChainReport {
  caseNumber: string;
  ok: boolean;
  /** Event rows found. */
  events: number;
  /** The last row's hash as stored (GENESIS when the grant has no events). */
  headHash: string;
  problem?: ChainProblem;
}

interface EventRow {
  n: number;
  at: Date;
  type: string;
  actor: string;
  comment: string | null;
  revision: number | null;
  data: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

const EVENT_COLUMNS = 'n, at, type, actor, comment, revision, data, prev_hash, hash';

/** Checks the rows of one grant, in order of n. */
export function checkChain(caseNumber: string, rows: EventRow[], grant: { events: number; head_hash: string | null }): ChainReport {
  let prev = GENESIS;
  const fail = (problem: Omit<ChainProblem, 'message'>, message: string): ChainReport => ({
    caseNumber,
    ok: false,
    events: rows.length,
    headHash: rows.at(-1)?.hash ?? GENESIS,
    problem: { ...problem, message: `grant ${caseNumber}, event ${problem.n}: ${message}` },
  });
  for (const [i, row] of rows.entries()) {
    const n = i + 1;
    if (row.n !== n) return fail({ n, what: 'number', expected: String(n), stored: String(row.n) }, `expected event ${n}, the next row is ${row.n} (rows are missing)`);
    if (row.prev_hash !== prev) return fail({ n, what: 'prev_hash', expected: prev, stored: row.prev_hash }, `prev_hash is ${row.prev_hash}, expected ${prev} (the previous row's hash)`);
    const hash = chainHash(prev, chainedEvent(caseNumber, row.n, row));
    if (row.hash !== hash) return fail({ n, what: 'hash', expected: hash, stored: row.hash }, `the row's content hashes to ${hash}, its stored hash is ${row.hash} (the row was changed)`);
    prev = row.hash;
  }
  const head = grant.head_hash ?? GENESIS;
  if (grant.events !== rows.length || head !== prev) {
    const n = Math.min(grant.events, rows.length + 1);
    return fail({ n, what: 'head', expected: `${grant.events} events, head ${head}`, stored: `${rows.length} events, head ${prev}` }, `the grant's row says ${grant.events} events with head ${head}, its events are ${rows.length} with head ${prev} (rows are missing at the end)`);
  }
  return { caseNumber, ok: true, events: rows.length, headHash: prev };
}

/** The chain of one grant; undefined when the register does not hold it. */
export function verifyGrant(pool: Pick<Pool, 'connect'>, caseNumber: string): Promise<ChainReport | undefined> {
  return inSnapshot(pool, async (c) => {
    const grant = await c.query<{ events: number; head_hash: string | null }>('SELECT events, head_hash FROM grants WHERE case_number = $1', [caseNumber]);
    if (!grant.rows[0]) return undefined;
    const rows = await c.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE case_number = $1 ORDER BY n`, [caseNumber]);
    return checkChain(caseNumber, rows.rows, grant.rows[0]);
  });
}

export interface VerifySummary {
  grants: number;
  events: number;
  broken: number;
}

/** Every grant's chain, a page of grants at a time (keyset by case number); reports each one. */
export async function verifyAll(pool: Pick<Pool, 'connect'>, report: (r: ChainReport) => void, pageSize = 500): Promise<VerifySummary> {
  const sum: VerifySummary = { grants: 0, events: 0, broken: 0 };
  let after = '';
  for (;;) {
    // A page of grants and their events in one snapshot (register/snapshot.ts).
    const { page, events } = await inSnapshot(pool, async (c) => {
      const page = await c.query<{ case_number: string; events: number; head_hash: string | null }>(
        'SELECT case_number, events, head_hash FROM grants WHERE case_number > $1 ORDER BY case_number LIMIT $2',
        [after, pageSize],
      );
      const events =
        page.rows.length === 0
          ? { rows: [] as (EventRow & { case_number: string })[] }
          : await c.query<EventRow & { case_number: string }>(`SELECT case_number, ${EVENT_COLUMNS} FROM events WHERE case_number = ANY($1::text[]) ORDER BY case_number, n`, [page.rows.map((g) => g.case_number)]);
      return { page, events };
    });
    if (page.rows.length === 0) return sum;
    const byCase = new Map<string, EventRow[]>();
    for (const e of events.rows) {
      const list = byCase.get(e.case_number) ?? [];
      list.push(e);
      byCase.set(e.case_number, list);
    }
    for (const g of page.rows) {
      const r = checkChain(g.case_number, byCase.get(g.case_number) ?? [], g);
      sum.grants++;
      sum.events += r.events;
      if (!r.ok) sum.broken++;
      report(r);
    }
    after = page.rows.at(-1)!.case_number;
  }
}
