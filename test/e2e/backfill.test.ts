/**
 * Backfill and reconcile against the dev server: a grant's whole state written as one batch
 * (idempotent: twice changes nothing), and reconcile finding nothing until the register's copy is
 * made to differ, then naming the field.
 */
import { backfill, reconcile } from '../../register/temporalCommands';
import { verifyGrant } from '../../register/verify';
import { stateQuery } from '../../workflows/grant/contract';
import { startSeed } from '../helpers/grants';
import { startStack, type Stack } from '../helpers/stack';

jest.setTimeout(240_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const rows = async (caseNumber: string) =>
  (await stack.register.owner.query('SELECT n, hash FROM events WHERE case_number = $1 ORDER BY n', [caseNumber])).rows;

test('backfill writes every grant whole and again adds nothing; reconcile names a field the register got wrong', async () => {
  const grant = await startSeed(stack, 'seed004');
  const handle = stack.client.workflow.getHandle(`grant:${grant.caseNumber}`);
  await stack.mail.waitFor((m) => m.subject.includes(grant.caseNumber), 60_000, 'the first invitation');
  const state = await handle.query(stateQuery);

  const lines: string[] = [];
  const first = await backfill(stack.client, stack.register.app, (l) => lines.push(l));
  expect(first.failed).toBe(0);
  expect(lines).toContain(`ok      ${grant.caseNumber}: ${state.timeline.length} events`);
  const written = await rows(grant.caseNumber);
  expect(written).toHaveLength(state.timeline.length);
  expect(await verifyGrant(stack.register.app, grant.caseNumber)).toMatchObject({ ok: true });

  await backfill(stack.client, stack.register.app, () => undefined);
  expect(await rows(grant.caseNumber)).toEqual(written);

  const quiet: string[] = [];
  const agreed = await reconcile(stack.client, stack.register.app, (l) => quiet.push(l));
  expect(quiet.filter((l) => l.includes(grant.caseNumber))).toEqual([]);
  expect(agreed.grants).toBeGreaterThanOrEqual(1);

  await stack.register.owner.query("UPDATE grants SET stage = 'closed', paid_ore = paid_ore + 1 WHERE case_number = $1", [grant.caseNumber]);
  const found: string[] = [];
  const differing = await reconcile(stack.client, stack.register.app, (l) => found.push(l));
  expect(differing.differing).toBeGreaterThanOrEqual(1);
  expect(found).toContainEqual(expect.stringMatching(new RegExp(`^DIFFERS ${grant.caseNumber.replace(/\//g, '\\/')}: stage: workflow \\w+, register closed; paidOre: workflow 0, register 1`)));
});
