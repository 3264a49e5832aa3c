/**
 * A grant's whole public record as the register holds it (docs/record.md): the summary, every event
 * with its place in the chain, every revision of the basis, the rounds with members and answers, the
 * parts, payments (tranches), reports, amendments (before → after), repayments and the mail log.
 * Read by GET /api/grants/:caseNumber/record and the printable decision record (akt).
 */
import { inSnapshot } from './snapshot';
import type { Pool } from 'pg';
import type { GrantPlan } from '../domain/plan';
import { GENESIS } from './chain';

export interface RecordEvent {
  n: number;
  at: string;
  type: string;
  actor: string;
  comment?: string;
  revision?: number;
  data?: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface RecordSeat {
  memberId: string;
  name: string;
  email: string;
  title?: string;
  actingId: string;
  actingName: string;
  answer?: string;
  comment?: string;
  answeredAt?: string;
  answeredBy?: string;
  delegations: { from: string; to: string; at: string; comment?: string }[];
}

export interface RecordRound {
  id: string;
  kind: string;
  revision: number;
  groupId: string;
  name: string;
  rule: Record<string, unknown>;
  chairId?: string;
  deadline?: string;
  subject?: string;
  openedAt: string;
  closedAt?: string;
  outcome?: string;
  seats: RecordSeat[];
}

export interface GrantRecord {
  caseNumber: string;
  summary: {
    workflowId: string;
    title: string;
    organisation: string;
    county?: string;
    year: number;
    lang: 'sv' | 'en';
    stage: string;
    status: string;
    revision: number;
    money: { totalOre: number; decidedOre: number; requisitionedOre: number; paidOre: number; lapsedOre: number; toRepayOre: number; repaidOre: number };
    nextDeadline?: string;
    overdue: boolean;
    startedAt: string;
    startedBy: string;
    decidedAt?: string;
    signedAt?: string;
    closedAt?: string;
    seq: number;
    recordedAt: string;
  };
  chain: { events: number; headHash: string };
  events: RecordEvent[];
  revisions: { revision: number; plan: GrantPlan; at: string; by: string; comment?: string }[];
  rounds: RecordRound[];
  parts: Record<string, unknown>[];
  tranches: Record<string, unknown>[];
  reports: Record<string, unknown>[];
  amendments: { n: number; at: string; actor: string; comment?: string; before: unknown; after: unknown }[];
  repayments: { n: number; at: string; actor: string; type: string; comment?: string; data?: unknown }[];
  mail: { key: string; purpose: string; to: string[]; messageId: string; at: string; rejected: string[] }[];
}

type Row = Record<string, unknown>;

const iso = (v: unknown): string | undefined => (v instanceof Date ? v.toISOString() : v == null ? undefined : String(v));

/** snake_case columns to camelCase fields, times as ISO instants, NULL left out. */
function camel(row: Row, rename: Record<string, string> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v == null || k === 'case_number') continue;
    const key = rename[k] ?? k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    out[key] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** The record of one grant, or undefined when the register does not hold it. */
export async function readRecord(pool: Pick<Pool, 'connect'>, caseNumber: string): Promise<GrantRecord | undefined> {
  // One snapshot (register/snapshot.ts): the chain's head and the events always agree.
  const rows = await inSnapshot(pool, async (c) => {
    const g = (await c.query('SELECT * FROM grants WHERE case_number = $1', [caseNumber])).rows[0] as Row | undefined;
    if (!g) return undefined;
    // One connection: its queries one after another.
    const lists: Row[][] = [];
    for (const sql of [
      'SELECT n, at, type, actor, comment, revision, data, prev_hash, hash FROM events WHERE case_number = $1 ORDER BY n',
      'SELECT revision, plan, at, by, comment FROM revisions WHERE case_number = $1 ORDER BY revision',
      'SELECT * FROM rounds WHERE case_number = $1 ORDER BY opened_at, round_id',
      'SELECT * FROM round_seats WHERE case_number = $1 ORDER BY round_id, position',
      'SELECT * FROM parts WHERE case_number = $1 ORDER BY position',
      'SELECT * FROM tranches WHERE case_number = $1 ORDER BY position',
      'SELECT * FROM reports WHERE case_number = $1 ORDER BY position',
      'SELECT mail_key, purpose, recipients, message_id, at, rejected FROM mail_log WHERE case_number = $1 ORDER BY at, mail_key',
    ]) lists.push((await c.query(sql, [caseNumber])).rows as Row[]);
    return { g, lists };
  });
  if (!rows) return undefined;
  const { g } = rows;
  const [events, revisions, rounds, seats, parts, tranches, reports, mail] = rows.lists as [Row[], Row[], Row[], Row[], Row[], Row[], Row[], Row[]];
  const recordEvents = events.map((e) => camel(e, { prev_hash: 'prevHash' }) as unknown as RecordEvent);
  const seatsOf = (roundId: unknown) =>
    seats.filter((s) => s.round_id === roundId).map(({ round_id: _r, position: _p, acting_email: _e, substitutes: _s, ...s }) => camel(s) as unknown as RecordSeat);
  const money = { totalOre: g.total_ore, decidedOre: g.decided_ore, requisitionedOre: g.requisitioned_ore, paidOre: g.paid_ore, lapsedOre: g.lapsed_ore, toRepayOre: g.to_repay_ore, repaidOre: g.repaid_ore };
  const { search: _search, events: count, head_hash, total_ore: _1, decided_ore: _2, requisitioned_ore: _3, paid_ore: _4, lapsed_ore: _5, to_repay_ore: _6, repaid_ore: _7, ...summary } = g;
  return {
    caseNumber,
    summary: { ...(camel(summary) as Omit<GrantRecord['summary'], 'money'>), money: money as GrantRecord['summary']['money'] },
    chain: { events: count as number, headHash: (head_hash as string | null) ?? GENESIS },
    events: recordEvents,
    revisions: revisions.map((r) => camel(r) as unknown as GrantRecord['revisions'][number]),
    rounds: rounds.map((r) => ({ ...(camel(r, { round_id: 'id' }) as unknown as RecordRound), seats: seatsOf(r.round_id) })),
    parts: parts.map(({ position: _p, ...p }) => camel(p, { part_id: 'id' })),
    tranches: tranches.map(({ position: _p, ...t }) => camel(t, { tranche_id: 'id' })),
    reports: reports.map(({ position: _p, ...r }) => camel(r, { report_id: 'id', to_whom: 'to' })),
    amendments: recordEvents
      .filter((e) => e.type === 'amended')
      .map((e) => {
        const { before, ...after } = e.data ?? {};
        return { n: e.n, at: e.at, actor: e.actor, ...(e.comment ? { comment: e.comment } : {}), before: before ?? null, after };
      }),
    repayments: recordEvents
      .filter((e) => e.type === 'repaymentDue' || e.type === 'repaid')
      .map((e) => ({ n: e.n, at: e.at, actor: e.actor, type: e.type, ...(e.comment ? { comment: e.comment } : {}), ...(e.data ? { data: e.data } : {}) })),
    mail: mail.map((m) => ({ key: String(m.mail_key), purpose: String(m.purpose), to: m.recipients as string[], messageId: String(m.message_id), at: iso(m.at)!, rejected: m.rejected as string[] })),
  };
}

/** The organisation a grant belongs to, for the routes' scope check (undefined: not held). */
export async function organisationOf(pool: Pool, caseNumber: string): Promise<string | undefined> {
  const r = await pool.query<{ organisation: string }>('SELECT organisation FROM grants WHERE case_number = $1', [caseNumber]);
  return r.rows[0]?.organisation;
}
