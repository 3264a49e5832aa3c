/**
 * The register's writer: one RegisterBatch (workflows/grant/register.ts) in one transaction, under
 * the grant's row lock (docs/record.md).
 *
 * Idempotent by grant and event number: events numbered at or below what the register holds are
 * skipped, so the same batch twice, a batch retried after its first attempt committed, or an older
 * batch after a newer one adds nothing. The summary, the rounds and the lists are a snapshot of the
 * state at `summary.seq`: they replace what is stored only when that seq is not older than the
 * stored one. Revisions and the mail log are insert-if-absent.
 */
import type { Pool, PoolClient } from 'pg';
import type { RegisterAck, RegisterBatch, RegisterRound, RegisterSummary } from '../workflows/grant/register';
import type { PartState, ReportState, TrancheState } from '../workflows/grant/model';
import { GENESIS, chainHash, chainedEvent } from './chain';

/** A batch that starts after the events the register holds: events in between would be missing. */
export class RegisterGapError extends Error {
  constructor(
    readonly caseNumber: string,
    readonly held: number,
    readonly firstEvent: number,
  ) {
    super(`grant ${caseNumber}: the batch starts at event ${firstEvent} but the register holds ${held}; events ${held + 1}–${firstEvent - 1} are missing (send them, or a whole batch from event 1)`);
    this.name = 'RegisterGapError';
  }
}

/** A batch that cannot be a grant's record (a bad number or time): retrying it cannot help. */
export class RegisterBatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegisterBatchError';
  }
}

const SUMMARY_COLUMNS = [
  'workflow_id', 'title', 'organisation', 'county', 'year', 'lang', 'stage', 'status', 'revision',
  'total_ore', 'decided_ore', 'requisitioned_ore', 'paid_ore', 'lapsed_ore', 'to_repay_ore', 'repaid_ore',
  'next_deadline', 'overdue', 'started_at', 'started_by', 'decided_at', 'signed_at', 'closed_at', 'seq',
] as const;

function summaryValues(s: RegisterSummary): unknown[] {
  const m = s.money;
  return [
    s.workflowId, s.title, s.organisation, s.county ?? null, s.year, s.lang, s.stage, s.status, s.revision,
    m.totalOre, m.decidedOre, m.requisitionedOre, m.paidOre, m.lapsedOre, m.toRepayOre, m.repaidOre,
    s.nextDeadline ?? null, s.overdue, s.startedAt, s.startedBy, s.decidedAt ?? null, s.signedAt ?? null, s.closedAt ?? null, s.seq,
  ];
}

interface Held {
  seq: number;
  events: number;
  head_hash: string | null;
}

/** Locks the grant's row, creating it from the batch's summary when the grant is new. */
async function lockGrant(c: PoolClient, s: RegisterSummary): Promise<{ held: Held; fresh: boolean }> {
  const select = 'SELECT seq, events, head_hash FROM grants WHERE case_number = $1 FOR UPDATE';
  const found = await c.query<Held>(select, [s.caseNumber]);
  if (found.rows[0]) return { held: found.rows[0], fresh: false };
  const cols = ['case_number', ...SUMMARY_COLUMNS];
  const inserted = await c.query<Held>(
    `INSERT INTO grants (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (case_number) DO NOTHING RETURNING seq, events, head_hash`,
    [s.caseNumber, ...summaryValues(s)],
  );
  if (inserted.rows[0]) return { held: inserted.rows[0], fresh: true };
  // Another writer created it between the two statements; its insert has committed by now.
  const again = await c.query<Held>(select, [s.caseNumber]);
  return { held: again.rows[0]!, fresh: false };
}

async function updateSummary(c: PoolClient, s: RegisterSummary): Promise<void> {
  const sets = SUMMARY_COLUMNS.map((col, i) => `${col} = $${i + 2}`).join(', ');
  await c.query(`UPDATE grants SET ${sets}, recorded_at = now() WHERE case_number = $1`, [s.caseNumber, ...summaryValues(s)]);
}

async function insertEvents(c: PoolClient, batch: RegisterBatch, held: Held): Promise<{ events: number; head: string }> {
  const caseNumber = batch.summary.caseNumber;
  let head = held.head_hash ?? GENESIS;
  const rows: unknown[][] = [];
  batch.events.forEach((e, i) => {
    const n = batch.firstEvent + i;
    if (n <= held.events) return;
    let chained;
    try {
      chained = chainedEvent(caseNumber, n, e);
    } catch (err) {
      throw new RegisterBatchError(`grant ${caseNumber}, event ${n}: ${(err as Error).message}`);
    }
    const hash = chainHash(head, chained);
    rows.push([n, chained.at, e.type, e.actor, e.comment ?? null, e.revision ?? null, e.data == null ? null : JSON.stringify(e.data), head, hash]);
    head = hash;
  });
  if (rows.length === 0) return { events: held.events, head };
  const col = (k: number) => rows.map((r) => r[k]);
  await c.query(
    `INSERT INTO events (case_number, n, at, type, actor, comment, revision, data, prev_hash, hash)
     SELECT $1, * FROM unnest($2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::int[], $8::jsonb[], $9::text[], $10::text[])`,
    [caseNumber, col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7), col(8)],
  );
  return { events: held.events + rows.length, head };
}

async function upsertRounds(c: PoolClient, caseNumber: string, rounds: RegisterRound[]): Promise<void> {
  for (const r of rounds) {
    await c.query(
      `INSERT INTO rounds (case_number, round_id, kind, revision, group_id, name, rule, chair_id, deadline, subject, opened_at, closed_at, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (case_number, round_id) DO UPDATE SET kind = EXCLUDED.kind, revision = EXCLUDED.revision, group_id = EXCLUDED.group_id,
         name = EXCLUDED.name, rule = EXCLUDED.rule, chair_id = EXCLUDED.chair_id, deadline = EXCLUDED.deadline, subject = EXCLUDED.subject,
         opened_at = EXCLUDED.opened_at, closed_at = EXCLUDED.closed_at, outcome = EXCLUDED.outcome`,
      [caseNumber, r.id, r.kind, r.revision, r.groupId, r.name, JSON.stringify(r.rule), r.chairId ?? null, r.deadline ?? null, r.subject ?? null, r.openedAt, r.closedAt ?? null, r.outcome ?? null],
    );
    for (const s of r.seats) {
      await c.query(
        `INSERT INTO round_seats (case_number, round_id, member_id, position, name, email, title, acting_id, acting_name, acting_email, substitutes, answer, comment, answered_at, answered_by, delegations)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (case_number, round_id, member_id) DO UPDATE SET position = EXCLUDED.position, name = EXCLUDED.name, email = EXCLUDED.email,
           title = EXCLUDED.title, acting_id = EXCLUDED.acting_id, acting_name = EXCLUDED.acting_name, acting_email = EXCLUDED.acting_email,
           substitutes = EXCLUDED.substitutes, answer = EXCLUDED.answer, comment = EXCLUDED.comment, answered_at = EXCLUDED.answered_at,
           answered_by = EXCLUDED.answered_by, delegations = EXCLUDED.delegations`,
        [caseNumber, r.id, s.memberId, s.position, s.name, s.email, s.title ?? null, s.actingId, s.actingName, s.actingEmail, JSON.stringify(s.substitutes ?? []), s.answer ?? null, s.comment ?? null, s.answeredAt ?? null, s.answeredBy ?? null, JSON.stringify(s.delegations ?? [])],
      );
    }
  }
}

/** A whole list: rows upserted by id, rows no longer in it removed (an amendment may drop one). */
async function replaceList(c: PoolClient, table: string, idColumn: string, caseNumber: string, columns: string[], rows: { id: string; values: unknown[] }[]): Promise<void> {
  const all = ['case_number', idColumn, 'position', ...columns];
  for (const [position, row] of rows.entries()) {
    await c.query(
      `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (case_number, ${idColumn}) DO UPDATE SET ${all.slice(2).map((col) => `${col} = EXCLUDED.${col}`).join(', ')}`,
      [caseNumber, row.id, position, ...row.values],
    );
  }
  await c.query(`DELETE FROM ${table} WHERE case_number = $1 AND NOT (${idColumn} = ANY($2::text[]))`, [caseNumber, rows.map((r) => r.id)]);
}

async function replaceLists(c: PoolClient, caseNumber: string, batch: { parts?: PartState[]; tranches?: TrancheState[]; reports?: ReportState[] }): Promise<void> {
  if (batch.parts) {
    await replaceList(c, 'parts', 'part_id', caseNumber, ['name', 'amount_ore', 'unit', 'requisition_deadline', 'requisitioned_at', 'requisitioned_by', 'requisition_overdue', 'used_ore'],
      batch.parts.map((p) => ({ id: p.id, values: [p.name, p.amountOre, p.unit ?? null, p.requisitionDeadline ?? null, p.requisitionedAt ?? null, p.requisitionedBy ?? null, p.requisitionOverdue, p.usedOre ?? null] })));
  }
  if (batch.tranches) {
    await replaceList(c, 'tranches', 'tranche_id', caseNumber, ['amount_ore', 'payee', 'part_id', 'trigger', 'status', 'due_at', 'paid_at', 'paid_by', 'lapsed_at', 'condition'],
      batch.tranches.map((t) => ({ id: t.id, values: [t.amountOre, t.payee, t.partId ?? null, JSON.stringify(t.trigger), t.status, t.dueAt ?? null, t.paidAt ?? null, t.paidBy ?? null, t.lapsedAt ?? null, t.condition ? JSON.stringify(t.condition) : null] })));
  }
  if (batch.reports) {
    await replaceList(c, 'reports', 'report_id', caseNumber, ['what', 'to_whom', 'due', 'requirements', 'requirements_published', 'status', 'overdue', 'submitted_at', 'submitted_by'],
      batch.reports.map((r) => ({ id: r.id, values: [r.what, r.to, r.due, r.requirements ?? null, r.requirementsPublished, r.status, r.overdue, r.submittedAt ?? null, r.submittedBy ?? null] })));
  }
}

function checkBatch(batch: RegisterBatch): void {
  const caseNumber = batch.summary?.caseNumber;
  if (typeof caseNumber !== 'string' || caseNumber === '') throw new RegisterBatchError('a batch without a case number');
  if (!Number.isInteger(batch.firstEvent) || batch.firstEvent < 1) throw new RegisterBatchError(`grant ${caseNumber}: firstEvent must be a whole number from 1, not ${String(batch.firstEvent)}`);
  if (!Number.isInteger(batch.summary.seq)) throw new RegisterBatchError(`grant ${caseNumber}: summary.seq must be a whole number`);
}

/** Writes one batch; answers what the register holds for the grant afterwards. */
export async function recordGrant(pool: Pool, batch: RegisterBatch): Promise<RegisterAck> {
  checkBatch(batch);
  const s = batch.summary;
  const c = await pool.connect();
  let failed: unknown;
  try {
    await c.query('BEGIN');
    const { held, fresh } = await lockGrant(c, s);
    if (batch.firstEvent > held.events + 1) throw new RegisterGapError(s.caseNumber, held.events, batch.firstEvent);
    const { events, head } = await insertEvents(c, batch, held);
    if (events !== held.events) {
      await c.query('UPDATE grants SET events = $2, head_hash = $3, recorded_at = now() WHERE case_number = $1', [s.caseNumber, events, head]);
    }
    for (const r of batch.revisions) {
      await c.query(
        `INSERT INTO revisions (case_number, revision, plan, at, by, comment) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (case_number, revision) DO NOTHING`,
        [s.caseNumber, r.revision, JSON.stringify(r.plan), r.at, r.by, r.comment ?? null],
      );
    }
    // The snapshot of the state: only from a batch at least as new as the stored one.
    if (fresh || s.seq > held.seq) {
      if (!fresh) await updateSummary(c, s);
    }
    if (fresh || s.seq >= held.seq) {
      await upsertRounds(c, s.caseNumber, batch.rounds);
      await replaceLists(c, s.caseNumber, batch);
    }
    for (const m of batch.mail) {
      await c.query(
        `INSERT INTO mail_log (case_number, mail_key, purpose, recipients, message_id, at, rejected) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING`,
        [s.caseNumber, m.key, m.purpose, m.to, m.messageId, m.at, m.rejected],
      );
    }
    await c.query('COMMIT');
    return { events, headHash: head };
  } catch (err) {
    failed = err;
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    // A connection that failed mid-transaction is closed rather than reused (the database may have gone).
    c.release(failed !== undefined && !(failed instanceof RegisterGapError) && !(failed instanceof RegisterBatchError));
  }
}
