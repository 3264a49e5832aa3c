/**
 * The recordGrant activity: the workflow's recorder hands it the events and state of one workflow
 * task (workflows/grant/register.ts); register/writer.ts writes them in one transaction.
 *
 * A database that does not answer is an ordinary failure, retried by the activity's retry policy
 * until the register is back: the workflow goes on deciding meanwhile and the batch arrives later.
 * A batch that starts past what the register holds (a gap) is answered with what it holds, and the
 * recorder sends again from there. A batch it can never take (an unreadable time) is a
 * non-retryable failure of its own type, RegisterBatch.
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
          // The register holds fewer events than the batch starts from (restored from an older
          // backup): it took nothing, and says what it holds; the recorder sends everything again
          // from there (workflows/grant/recorder.ts).
          deps.log?.warn({ caseNumber: err.caseNumber, held: err.held, firstEvent: err.firstEvent }, 'register: a gap; the grant resends from what is held');
          return { events: err.held, headHash: '' };
        }
        if (err instanceof RegisterBatchError) throw ApplicationFailure.create({ type: 'RegisterBatch', message: err.message, nonRetryable: true });
        deps.log?.warn({ caseNumber: batch.summary?.caseNumber, err: (err as Error).message }, 'register: write failed; the activity retries');
        throw ApplicationFailure.create({ type: 'RegisterUnavailable', message: `register write failed: ${(err as Error).message}`, nonRetryable: false });
      }
    },
  };
}
