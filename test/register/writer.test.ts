/** The register's writer against a real PostgreSQL, as the app's role writes. */
import { chainHash, chainedEvent, GENESIS } from '../../register/chain';
import { RegisterBatchError, RegisterGapError, recordGrant } from '../../register/writer';
import { verifyGrant } from '../../register/verify';
import { batchAt, timeline } from '../helpers/registerBatch';
import { startLocalRegister, type LocalRegister } from '../../register/local';

let reg: LocalRegister;
let next = 0;
/** A case number of its own per test: no test depends on another's rows. */
const fresh = () => `RJH-2026-${String(++next).padStart(4, '0')}`;

beforeAll(async () => {
  reg = await startLocalRegister();
});
afterAll(async () => {
  await reg?.stop();
});

const TABLES = ['grants', 'events', 'revisions', 'rounds', 'round_seats', 'parts', 'tranches', 'reports', 'mail_log'] as const;
type Snapshot = Record<(typeof TABLES)[number], Record<string, unknown>[]>;

/** Every row the register holds for a grant, table by table (recorded_at left out: it is the write's time). */
async function snapshot(caseNumber: string): Promise<Snapshot> {
  const out = {} as Snapshot;
  for (const t of TABLES) {
    const r = await reg.owner.query(`SELECT * FROM ${t} WHERE case_number = $1 ORDER BY 2`, [caseNumber]);
    out[t] = r.rows.map(({ recorded_at: _r, ...row }) => row);
  }
  return out;
}

test('a new grant is written whole: summary, chained events, revision, round with seats, lists and mail', async () => {
  const caseNumber = fresh();
  const batch = batchAt({ caseNumber, seq: 4, events: 6 });

  const ack = await recordGrant(reg.app, batch);

  const events = (await reg.owner.query('SELECT n, at, type, actor, comment, revision, data, prev_hash, hash FROM events WHERE case_number = $1 ORDER BY n', [caseNumber])).rows;
  expect(events.map((e) => e.n)).toEqual([1, 2, 3, 4, 5, 6]);
  let prev = GENESIS;
  timeline(6).forEach((e, i) => {
    const hash = chainHash(prev, chainedEvent(caseNumber, i + 1, e));
    expect(events[i]).toMatchObject({ type: e.type, actor: e.actor, comment: e.comment ?? null, prev_hash: prev, hash });
    expect(events[i].data).toEqual(e.data ?? null);
    prev = hash;
  });
  expect(ack).toEqual({ events: 6, headHash: prev });
  const s = await snapshot(caseNumber);
  expect(s.grants[0]).toMatchObject({ title: 'Brukarråden i länet', stage: 'decision', seq: 4, events: 6, head_hash: prev, total_ore: 250_000_00, next_deadline: '2026-11-20' });
  expect(s.revisions).toHaveLength(1);
  expect(s.round_seats[0]).toMatchObject({ member_id: 'm1', answer: 'approve', acting_email: 'anna.berg@example.se' });
  expect([s.parts.length, s.tranches.length, s.reports.length, s.mail_log.length]).toEqual([1, 1, 1, 1]);
  expect((await verifyGrant(reg.app, caseNumber))?.ok).toBe(true);
});

test('the same batch twice changes nothing', async () => {
  const caseNumber = fresh();
  const batch = batchAt({ caseNumber, seq: 4, events: 6 });
  const first = await recordGrant(reg.app, batch);
  const before = await snapshot(caseNumber);

  const second = await recordGrant(reg.app, batch);

  expect(second).toEqual(first);
  expect(await snapshot(caseNumber)).toEqual(before);
});

test('a batch retried from an older acknowledgement adds only the events the register lacks', async () => {
  const caseNumber = fresh();
  await recordGrant(reg.app, batchAt({ caseNumber, seq: 2, events: 3 }));

  // The recorder never saw the first ack (the worker died after the commit): it sends 1–5 again.
  const ack = await recordGrant(reg.app, batchAt({ caseNumber, seq: 4, events: 5, acked: 0 }));

  expect(ack.events).toBe(5);
  const ns = (await reg.owner.query('SELECT n FROM events WHERE case_number = $1 ORDER BY n', [caseNumber])).rows.map((r) => r.n);
  expect(ns).toEqual([1, 2, 3, 4, 5]);
  expect((await verifyGrant(reg.app, caseNumber))?.ok).toBe(true);
});

test('a batch that fails half-way leaves nothing behind, and its retry writes it once', async () => {
  const caseNumber = fresh();
  await recordGrant(reg.app, batchAt({ caseNumber, seq: 2, events: 3 }));
  const before = await snapshot(caseNumber);
  const broken = batchAt({ caseNumber, seq: 5, events: 7, acked: 3, mail: 2 });
  // The mail log is written last: its bad time fails the statement after the events went in.
  broken.mail[1]!.at = 'not a time';

  await expect(recordGrant(reg.app, broken)).rejects.toThrow(/not a time|invalid input syntax/);
  expect(await snapshot(caseNumber)).toEqual(before);

  const ack = await recordGrant(reg.app, batchAt({ caseNumber, seq: 5, events: 7, acked: 3, mail: 2 }));
  expect(ack.events).toBe(7);
  const s = await snapshot(caseNumber);
  expect(s.events.map((e) => e.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(s.mail_log).toHaveLength(2);
});

test('an older batch after a newer one changes nothing', async () => {
  const caseNumber = fresh();
  await recordGrant(reg.app, batchAt({ caseNumber, seq: 9, events: 8, answered: true }));
  const before = await snapshot(caseNumber);

  await recordGrant(reg.app, batchAt({ caseNumber, seq: 3, events: 4, answered: false }));

  expect(await snapshot(caseNumber)).toEqual(before);
  expect(before.grants[0]).toMatchObject({ seq: 9, stage: 'decision' });
});

test('a batch that starts after the events the register holds is refused, naming the gap, and writes nothing', async () => {
  const caseNumber = fresh();
  await recordGrant(reg.app, batchAt({ caseNumber, seq: 2, events: 3 }));
  const before = await snapshot(caseNumber);

  const attempt = recordGrant(reg.app, batchAt({ caseNumber, seq: 6, events: 8, acked: 5 }));

  await expect(attempt).rejects.toThrow(RegisterGapError);
  await expect(attempt).rejects.toThrow(`grant ${caseNumber}: the batch starts at event 6 but the register holds 3; events 4–5 are missing`);
  expect(await snapshot(caseNumber)).toEqual(before);
});

test('a new grant whose first batch does not start at event 1 is refused and not created', async () => {
  const caseNumber = fresh();

  await expect(recordGrant(reg.app, batchAt({ caseNumber, seq: 2, events: 4, acked: 2 }))).rejects.toThrow(RegisterGapError);

  expect((await reg.owner.query('SELECT 1 FROM grants WHERE case_number = $1', [caseNumber])).rowCount).toBe(0);
});

test('an event without a readable time is refused as a bad batch, naming the event', async () => {
  const caseNumber = fresh();
  const batch = batchAt({ caseNumber, seq: 2, events: 3 });
  batch.events[2]!.at = '2026-13-45T25:00:00Z';

  await expect(recordGrant(reg.app, batch)).rejects.toThrow(new RegisterBatchError(`grant ${caseNumber}, event 3: "2026-13-45T25:00:00Z" is not a time`));
});

test('two writers of the same grant at once leave one contiguous chain', async () => {
  const caseNumber = fresh();

  await Promise.all([recordGrant(reg.app, batchAt({ caseNumber, seq: 3, events: 4 })), recordGrant(reg.app, batchAt({ caseNumber, seq: 6, events: 6 }))]);

  const r = await verifyGrant(reg.app, caseNumber);
  expect(r).toMatchObject({ ok: true, events: 6 });
  expect((await snapshot(caseNumber)).grants[0]).toMatchObject({ seq: 6 });
});
