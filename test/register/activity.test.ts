/**
 * The recordGrant activity as Temporal sees it: a gap is answered with what the register holds (the
 * recorder resends from there),
 * a database that does not answer is retryable (RegisterUnavailable), and the same pool writes
 * again once the database is back.
 */
import { ApplicationFailure } from '@temporalio/common';
import { createRegisterActivities } from '../../activities/register';
import { batchAt } from '../helpers/registerBatch';
import { startLocalRegister, type LocalRegister } from '../../register/local';

let reg: LocalRegister;
beforeAll(async () => {
  reg = await startLocalRegister();
});
afterAll(async () => {
  await reg?.stop();
});

const failureOf = async (p: Promise<unknown>): Promise<ApplicationFailure> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected the activity to fail');
};

test('a gap is answered with the count the register holds, and writes nothing', async () => {
  const { recordGrant } = createRegisterActivities({ pool: reg.app });
  await recordGrant(batchAt({ caseNumber: 'ACT-1', seq: 2, events: 2 }));

  const ack = await recordGrant(batchAt({ caseNumber: 'ACT-1', seq: 5, events: 6, acked: 4 }));

  expect(ack.events).toBe(2);
  expect((await reg.owner.query("SELECT count(*)::int AS n FROM events WHERE case_number = 'ACT-1'")).rows[0].n).toBe(2);
});

test('with the database down the failure is retryable, and the pool writes again once it is back', async () => {
  const { recordGrant } = createRegisterActivities({ pool: reg.app });
  await recordGrant(batchAt({ caseNumber: 'ACT-2', seq: 2, events: 2 }));

  await reg.pg.stop();
  const f = await failureOf(recordGrant(batchAt({ caseNumber: 'ACT-2', seq: 4, events: 4, acked: 2 })));
  await reg.pg.start();

  expect([f.type, f.nonRetryable]).toEqual(['RegisterUnavailable', false]);
  // As Temporal retries it: the server may answer "starting up" for a moment after its port opens.
  let ack;
  for (let attempt = 0; !ack && attempt < 50; attempt++) {
    ack = await recordGrant(batchAt({ caseNumber: 'ACT-2', seq: 4, events: 4, acked: 2 })).catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 200)));
  }
  expect(ack).toMatchObject({ events: 4 });
});
