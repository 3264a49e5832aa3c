/**
 * The register under the lifecycle load (issue 12): what the minimal workflow copies of a grant's
 * register writes, and how long a grant's events take to become rows.
 *
 * Lag is measured in the database: an event's `at` is the workflow's time when it happened (the
 * workflow task's start), its row's `recorded_at` is the writing transaction's start (`now()`), a
 * few milliseconds before its commit. Their difference is the time from event to row, including the
 * wait for the activity to be scheduled, picked up by the worker and written.
 */
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { RegisterBatch } from '../../workflows/grant/register';
import type { MinimalInput } from '../workflows/minimal';
import { activitySteps } from './history';
import { fmt, table, verdict } from './stats';
import type { WorkerProcess } from './workerProcess';

/**
 * A warm-up grant's activities as the minimal workflow's steps; its register batches go to every
 * worker as the templates its `record` activity writes (bench/lib/workerMain.ts).
 */
export async function registerSteps(client: Client, grant: { id: string; firstRunId: string }, workers: WorkerProcess[]): Promise<NonNullable<MinimalInput['steps']>> {
  const steps = await activitySteps(client, grant.id, grant.firstRunId);
  const templates = steps.filter((s) => s.type === 'recordGrant').map((s) => s.input as RegisterBatch);
  if (templates.length === 0) throw new Error(`warm-up grant ${grant.id} wrote nothing to the register: is the workflow older than version 3?`);
  await Promise.all(workers.map((w) => w.templates(templates)));
  return steps.map((s) => ({ record: s.type === 'recordGrant', bytes: s.bytes }));
}

export interface RegisterLoad {
  /** Measured grants the register holds, and how many of them it holds as closed. */
  grants: number;
  closed: number;
  /** Grants that ended (the benchmark waited for each result). */
  expected: number;
  events: number;
  /** From event to row, ms. */
  lagMs: { p50: number; p95: number; p99: number; max: number };
  /** Every grant's chain of events numbered 1..n without a gap. */
  gapless: boolean;
}

/** The measured grants' rows (case numbers BENCH/<block>/…, not the warm-up's BENCH/W/…). */
export async function registerLag(db: Pick<Pool, 'query'>, expected: number): Promise<RegisterLoad> {
  const measured = `case_number LIKE 'BENCH/%' AND case_number NOT LIKE 'BENCH/W/%'`;
  const g = (
    await db.query<{ grants: string; closed: string; gapless: boolean }>(
      `SELECT count(*)::text AS grants, count(*) FILTER (WHERE status = 'closed')::text AS closed,
              bool_and(events = (SELECT count(*) FROM events e WHERE e.case_number = grants.case_number)) AS gapless
         FROM grants WHERE ${measured}`,
    )
  ).rows[0]!;
  const e = (
    await db.query<{ n: string; p: number[] | null; max: number | null }>(
      `SELECT count(*)::text AS n,
              percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - at) * 1000) AS p,
              max(extract(epoch FROM recorded_at - at) * 1000) AS max
         FROM events WHERE ${measured}`,
    )
  ).rows[0]!;
  const p = (e.p ?? []).map(Number);
  return {
    grants: Number(g.grants),
    closed: Number(g.closed),
    expected,
    events: Number(e.n),
    lagMs: { p50: p[0] ?? NaN, p95: p[1] ?? NaN, p99: p[2] ?? NaN, max: Number(e.max ?? NaN) },
    gapless: g.gapless ?? true,
  };
}

const TARGET_LAG_P99_MS = 2000;

export function registerReport(r: RegisterLoad): string[] {
  return [
    `register (PostgreSQL, written by the worker): ${r.grants} of ${r.expected} measured grants, ${r.closed} closed, ${r.events} events, chains without gaps: ${r.gapless ? 'yes' : 'NO'}`,
    table(['lag event → row', 'p50', 'p95', 'p99', 'max'], [['ms', fmt(r.lagMs.p50), fmt(r.lagMs.p95), fmt(r.lagMs.p99), fmt(r.lagMs.max)]]),
    `register lag p99 ${fmt(r.lagMs.p99 / 1000)} s (target ≤ ${TARGET_LAG_P99_MS / 1000} s: ${verdict(r.lagMs.p99 <= TARGET_LAG_P99_MS)})`,
  ];
}
