/**
 * Issue 12: take the register's PostgreSQL down for a minute in the middle of approval rounds.
 * Approvals still succeed (the workflow is the source of truth); the records arrive once it is back;
 * nothing is missing and nothing is duplicated: the register's events equal the workflow's timeline,
 * one for one, and the chain verifies.
 */
import { chainedEvent } from '../../register/chain';
import { verifyGrant } from '../../register/verify';
import { differences } from '../../register/temporalCommands';
import { stateQuery, type GrantState } from '../../workflows/grant/contract';
import { startSeed } from '../helpers/grants';
import { approvalLinks, formValue, getPage, postForm, startStack, type CaughtMail, type Stack } from '../helpers/stack';

jest.setTimeout(420_000);

const OUTAGE_MS = 60_000;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

const heldEvents = async (caseNumber: string) =>
  (await stack.register.owner.query<{ events: number; seq: number }>('SELECT events, seq FROM grants WHERE case_number = $1', [caseNumber])).rows[0];

test('approvals succeed while the register is down a minute; afterwards it holds every event once, chained', async () => {
  const grant = await startSeed(stack, 'seed004');
  const handle = stack.client.workflow.getHandle(`grant:${grant.caseNumber}`);
  const invitations = await stack.mail.waitForCount((m) => m.subject.includes(grant.caseNumber), 2, 60_000, `the first round's invitations for ${grant.caseNumber}`);
  await until('the first records', 30_000, async () => ((await heldEvents(grant.caseNumber))?.events ?? 0) > 0 || undefined);

  // Down, mid-round: every invitation answered while nothing can be written to the register.
  await stack.register.pg.stop();
  const downAt = Date.now();
  const before = await handle.query(stateQuery);
  const answered = new Set<string>();
  const answer = async (mails: CaughtMail[]) => {
    for (const link of mails.flatMap((m) => approvalLinks(m, stack.baseUrl))) {
      if (answered.has(link)) continue;
      answered.add(link);
      const page = await getPage(link);
      if (page.status !== 200) continue; // a round that closed without this seat
      expect((await postForm(link, { form: formValue(page.text), action: 'approve', comment: 'Under avbrottet.' })).status).toBe(200);
    }
  };
  await answer(invitations);
  // The next round's invitations, if the first closed, are answered during the outage too.
  const afterFirst = await until('the answers in the workflow', 30_000, async () => {
    const s = await handle.query(stateQuery);
    return s.seq > before.seq ? s : undefined;
  });
  await sleep(2_000);
  await answer((await stack.mail.list()).filter((m) => m.subject.includes(grant.caseNumber)));
  const during = await handle.query(stateQuery);
  expect(during.timeline.length).toBeGreaterThan(before.timeline.length);
  expect(afterFirst.seq).toBeGreaterThan(before.seq);

  await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
  await stack.register.pg.start();

  // Back: the register catches up with the workflow (the activity's retries).
  const final = await until('the register to catch up', 120_000, async () => {
    const s: GrantState = await handle.query(stateQuery);
    const held = await heldEvents(grant.caseNumber).catch(() => undefined);
    return held && held.events === s.timeline.length && held.seq === s.seq ? s : undefined;
  });

  const rows = (await stack.register.owner.query('SELECT n, at, type, actor, comment, revision, data FROM events WHERE case_number = $1 ORDER BY n', [grant.caseNumber])).rows;
  expect(rows.map((r) => r.n)).toEqual(final.timeline.map((_, i) => i + 1));
  expect(rows.map((r) => chainedEvent(grant.caseNumber, r.n, r))).toEqual(final.timeline.map((e, i) => chainedEvent(grant.caseNumber, i + 1, e)));
  expect(await verifyGrant(stack.register.app, grant.caseNumber)).toMatchObject({ ok: true, events: final.timeline.length });
  const summary = (await stack.register.owner.query(
    `SELECT stage, status, revision, total_ore, decided_ore, requisitioned_ore, paid_ore, lapsed_ore, to_repay_ore, repaid_ore, seq, events,
            (SELECT count(*)::int FROM revisions v WHERE v.case_number = g.case_number) AS revisions FROM grants g WHERE case_number = $1`,
    [grant.caseNumber],
  )).rows[0];
  expect(differences(final, summary)).toEqual([]);
});
