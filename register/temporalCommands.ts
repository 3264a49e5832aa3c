/**
 * The register against Temporal (docs/record.md), for `npm run register -- backfill|reconcile`:
 *   backfill   every grant workflow Temporal lists (visibility), its state queried and written as one
 *              whole batch: idempotent, so a grant already in the register gains only what it lacks.
 *              Closed workflows answer the query by replay: a worker must be running.
 *   reconcile  every open grant workflow's state compared with the register: the summary's fields,
 *              the event count and the revision count. Each difference on a line; exit 1 when any.
 */
import { Client, Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import { GRANT_WORKFLOW_TYPE, stateQuery } from '../workflows/grant/contract';
import type { GrantState } from '../workflows/grant/model';
import { registerRound, registerSummary, revisionsOf, wholeBatch, type RegisterBatch } from '../workflows/grant/register';
import { recordGrant } from './writer';

/** A whole grant as one batch (every round with all its seats). */
export function backfillBatch(s: GrantState): RegisterBatch {
  return { ...wholeBatch({ ...s, rounds: [] }), rounds: s.rounds.map((r) => registerRound(r)) };
}

interface Stored {
  stage: string;
  status: string;
  revision: number;
  total_ore: number;
  decided_ore: number;
  requisitioned_ore: number;
  paid_ore: number;
  lapsed_ore: number;
  to_repay_ore: number;
  repaid_ore: number;
  seq: number;
  events: number;
  revisions: number;
}

/** What differs between a workflow's state and the register's copy; empty when they agree. */
export function differences(s: GrantState, stored: Stored | undefined): string[] {
  if (!stored) return ['not in the register'];
  const sum = registerSummary(s);
  const want: [string, unknown, unknown][] = [
    ['stage', sum.stage, stored.stage],
    ['status', sum.status, stored.status],
    ['revision', sum.revision, stored.revision],
    ['totalOre', sum.money.totalOre, stored.total_ore],
    ['decidedOre', sum.money.decidedOre, stored.decided_ore],
    ['requisitionedOre', sum.money.requisitionedOre, stored.requisitioned_ore],
    ['paidOre', sum.money.paidOre, stored.paid_ore],
    ['lapsedOre', sum.money.lapsedOre, stored.lapsed_ore],
    ['toRepayOre', sum.money.toRepayOre, stored.to_repay_ore],
    ['repaidOre', sum.money.repaidOre, stored.repaid_ore],
    ['seq', sum.seq, stored.seq],
    ['events', s.timeline.length, stored.events],
    ['revisions', revisionsOf(s).length, stored.revisions],
  ];
  return want.filter(([, a, b]) => a !== b).map(([k, a, b]) => `${k}: workflow ${String(a)}, register ${String(b)}`);
}

async function stored(pool: Pool, caseNumber: string): Promise<Stored | undefined> {
  const r = await pool.query<Stored>(
    `SELECT stage, status, revision, total_ore, decided_ore, requisitioned_ore, paid_ore, lapsed_ore, to_repay_ore, repaid_ore, seq, events,
            (SELECT count(*)::int FROM revisions v WHERE v.case_number = g.case_number) AS revisions
     FROM grants g WHERE case_number = $1`,
    [caseNumber],
  );
  return r.rows[0];
}

export async function backfill(client: Client, pool: Pool, out: (line: string) => void): Promise<{ grants: number; failed: number }> {
  let grants = 0;
  let failed = 0;
  for await (const wf of client.workflow.list({ query: `WorkflowType = '${GRANT_WORKFLOW_TYPE}'` })) {
    try {
      const s = await client.workflow.getHandle(wf.workflowId, wf.runId).query(stateQuery);
      const ack = await recordGrant(pool, backfillBatch(s));
      grants++;
      out(`ok      ${s.caseNumber}: ${ack.events} events`);
    } catch (err) {
      failed++;
      out(`FAILED  ${wf.workflowId}: ${(err as Error).message}`);
    }
  }
  return { grants, failed };
}

export async function reconcile(client: Client, pool: Pool, out: (line: string) => void): Promise<{ grants: number; differing: number }> {
  let grants = 0;
  let differing = 0;
  for await (const wf of client.workflow.list({ query: `WorkflowType = '${GRANT_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'` })) {
    grants++;
    const s = await client.workflow.getHandle(wf.workflowId).query(stateQuery);
    const diff = differences(s, await stored(pool, s.caseNumber));
    if (diff.length > 0) {
      differing++;
      out(`DIFFERS ${s.caseNumber}: ${diff.join('; ')}`);
    }
  }
  return { grants, differing };
}

export async function runTemporalCommand(command: 'backfill' | 'reconcile', pool: Pool, env: { TEMPORAL_ADDRESS: string; TEMPORAL_NAMESPACE: string }, out: (line: string) => void): Promise<number> {
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    if (command === 'backfill') {
      const r = await backfill(client, pool, out);
      out(`${r.grants} grants written to the register; ${r.failed} failed`);
      return r.failed > 0 ? 1 : 0;
    }
    const r = await reconcile(client, pool, out);
    out(`${r.grants} open grants compared; ${r.differing} differ`);
    return r.differing > 0 ? 1 : 0;
  } finally {
    await connection.close();
  }
}
