/**
 * Drives grants the way people do: approvers answer through the decide Update with the nonce their
 * link carries (read from the state query, as the approval page does), coordinators record facts
 * through the recordFact Update.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { grantWorkflow } from '../../workflows';
import { decideUpdate, recordFactUpdate, stateQuery, type Fact, type SteerResult, type GrantState, type Round, type RoundKind } from '../../workflows/grant/contract';
import { sleep } from './stats';

export type GrantHandle = WorkflowHandle<typeof grantWorkflow>;

export interface DriveCounts {
  queries: number;
  updates: number;
  /** Queries or updates tried again (the workflow had not got that far yet); updates counts accepted ones only. */
  retries: number;
}

export const newCounts = (): DriveCounts => ({ queries: 0, updates: 0, retries: 0 });

export function openRoundOf(s: GrantState, kind: RoundKind, groupId?: string): Round | undefined {
  return s.rounds.find((r) => r.kind === kind && !r.closedAt && r.revision === s.revision && (!groupId || r.groupId === groupId));
}

/** Queries until `pred` holds; a query before the first workflow task completes is tried again. */
export async function waitState(handle: GrantHandle, pred: (s: GrantState) => boolean, counts: DriveCounts, what: string, timeoutMs = 120_000): Promise<GrantState> {
  const end = Date.now() + timeoutMs;
  let last: GrantState | undefined;
  let lastError: unknown;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) counts.retries += 1;
    counts.queries += 1;
    try {
      last = await handle.query(stateQuery);
      if (pred(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) throw new Error(`${handle.workflowId}: timed out waiting for ${what} (stage ${last?.stage}; ${lastError instanceof Error ? lastError.message : ''})`);
    await sleep(Math.min(5 * 2 ** attempt, 200));
  }
}

/** Seats answer `approve` in order until the round settles; returns the outcome. */
export async function approveRound(handle: GrantHandle, round: Round, counts: DriveCounts): Promise<string> {
  for (const seat of round.seats) {
    const res = await handle.executeUpdate(decideUpdate, { args: [{ roundId: round.id, memberId: seat.memberId, nonce: seat.nonce, action: 'approve' }] });
    counts.updates += 1;
    if (res.roundOutcome) return res.roundOutcome;
  }
  throw new Error(`${handle.workflowId}: round ${round.id} did not settle`);
}

/** Records a fact; tried again while the workflow is not there yet (e.g. NotDecided right after the decision). */
export async function recordFact(handle: GrantHandle, fact: Fact, counts: DriveCounts, actor = 'Bänkmärkning'): Promise<SteerResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      const s = await handle.executeUpdate(recordFactUpdate, { args: [{ fact, actor }] });
      counts.updates += 1;
      return s;
    } catch (e) {
      const type = (e as { cause?: { type?: string } }).cause?.type;
      if (type !== 'NotDecided' || attempt > 50) throw e;
      counts.retries += 1;
      await sleep(20);
    }
  }
}
