/**
 * The recordGrant activity: the workflow's recorder hands it the events and state of one workflow
 * task (workflows/grant/register.ts); register/writer.ts writes them in one transaction.
 *
 * A database that does not answer is an ordinary failure, retried by the activity's retry policy
 * until the register is back: the workflow goes on deciding meanwhile and the batch arrives later.
 * A batch the register can never take (a gap in the numbering, an unreadable time) is a
 * non-retryable failure of its own type, RegisterGap or RegisterBatch, for the recorder to answer.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { RegisterActivities, RegisterBatch } from '../workflows/grant/register';
import { RegisterBatchError, RegisterGapError, recordGrant } from '../register/writer';

export interface RegisterDeps {
  pool: Pool;
  log?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export function createRegisterActivities(deps: RegisterDeps): RegisterActivities {
  return {
    async recordGrant(batch: RegisterBatch) {
      try {
        const ack = await recordGrant(deps.pool, batch);
        deps.log?.info({ caseNumber: batch.summary.caseNumber, firstEvent: batch.firstEvent, sent: batch.events.length, events: ack.events }, 'register: recorded');
        return ack;
      } catch (err) {
        if (err instanceof RegisterGapError) {
          throw ApplicationFailure.create({ type: 'RegisterGap', message: err.message, nonRetryable: true, details: [{ caseNumber: err.caseNumber, held: err.held, firstEvent: err.firstEvent }] });
        }
        if (err instanceof RegisterBatchError) throw ApplicationFailure.create({ type: 'RegisterBatch', message: err.message, nonRetryable: true });
        deps.log?.warn({ caseNumber: batch.summary?.caseNumber, err: (err as Error).message }, 'register: write failed; the activity retries');
        throw ApplicationFailure.create({ type: 'RegisterUnavailable', message: `register write failed: ${(err as Error).message}`, nonRetryable: false });
      }
    },
  };
}
