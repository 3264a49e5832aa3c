/**
 * Backfill and reconcile against the dev server: a grant's whole state written as one batch
 * (idempotent: twice changes nothing), and reconcile finding nothing until the register's copy is
 * made to differ, then naming the field.
 */
import { spawnSync } from 'node:child_process';
import { temporalCliPath } from '../../common/tools';
import { backfill, reconcile } from '../../register/temporalCommands';
import { verifyGrant } from '../../register/verify';
import { grantWorkflowId, initialSearchAttributes, newGrantInput, stateQuery } from '../../workflows/grant/contract';
import { grantWorkflow } from '../../workflows';
import { lifecyclePlan } from '../../bench/lib/plans';
import { stockholmDate } from '../../domain/dates';
import { startSeed } from '../helpers/grants';
import { api, approvalLink, formValue, getPage, grantPath, postForm, recipients, startStack, uniqueCase, type Stack } from '../helpers/stack';

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

test('backfill gives a grant started before the register (version 2, which records nothing itself) its whole record, once', async () => {
  const caseNumber = uniqueCase('V2');
  const plan = lifecyclePlan(stockholmDate(Date.now()), caseNumber, 'seed');
  const handle = await stack.client.workflow.start(grantWorkflow, {
    workflowId: grantWorkflowId(caseNumber),
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    args: [{ ...newGrantInput(plan, 'Elin Ring'), version: 2 }],
    typedSearchAttributes: initialSearchAttributes(plan, Date.now()),
  });
  await stack.mail.waitFor((m) => m.subject.includes(caseNumber), 60_000, 'the first invitation');
  const state = await handle.query(stateQuery);
  // Version 2 never wrote to the register.
  expect(await rows(caseNumber)).toEqual([]);
  expect((await api(stack, 'GET', `${grantPath(caseNumber)}/record`, { token: stack.tokens.manager })).status).toBe(404);

  const lines: string[] = [];
  expect((await backfill(stack.client, stack.register.app, (l) => lines.push(l))).failed).toBe(0);
  expect(lines).toContain(`ok      ${caseNumber}: ${state.timeline.length} events`);
  const written = await rows(caseNumber);
  expect(written.map((r) => r.n)).toEqual(state.timeline.map((_, i) => i + 1));
  expect(await verifyGrant(stack.register.app, caseNumber)).toMatchObject({ ok: true, events: state.timeline.length });
  const record = await api(stack, 'GET', `${grantPath(caseNumber)}/record`, { token: stack.tokens.manager });
  expect(record.status).toBe(200);
  expect(record.json<{ summary: { title: string; organisation: string }; revisions: unknown[] }>()).toMatchObject({ summary: { title: plan.title, organisation: plan.organisation }, revisions: [expect.anything()] });

  await backfill(stack.client, stack.register.app, () => undefined);
  expect(await rows(caseNumber)).toEqual(written);
});

test('a closed grant whose workflow Temporal deleted still answers its record and its akt, from the register', async () => {
  const caseNumber = uniqueCase('RS');
  const approver = { name: 'Anna Ordförande', email: 'anna.ordforande@example.se' };
  expect((await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: { caseNumber, title: 'Arkivtest', amountOre: 100_00, approver } })).status).toBe(201);
  const link = approvalLink(await stack.mail.waitFor((m) => recipients(m).includes(approver.email) && m.subject.includes(caseNumber), 30_000), stack.baseUrl);
  expect((await postForm(link, { form: formValue((await getPage(link)).text), action: 'approve', comment: 'Ok.' })).status).toBe(200);
  const handle = stack.client.workflow.getHandle(`grant:${caseNumber}`);
  await handle.result();
  await backfill(stack.client, stack.register.app, () => undefined);
  const path = `/api/grants/${encodeURIComponent(caseNumber)}/record`;
  const before = (await api(stack, 'GET', path, { token: stack.tokens.manager })).json<{ chain: { headHash: string } }>();

  const deleted = spawnSync(temporalCliPath(), ['workflow', 'delete', '--address', stack.config.TEMPORAL_ADDRESS, '--namespace', stack.config.TEMPORAL_NAMESPACE, '--workflow-id', `grant:${caseNumber}`], { encoding: 'utf8', input: 'y\n' });
  expect([deleted.status, deleted.stderr]).toEqual([0, '']);
  expect(deleted.stdout).toContain('Delete workflow succeeded');
  // The server deletes asynchronously.
  for (let i = 0; i < 300; i++) {
    if (!(await handle.describe().then(() => true, () => false))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await expect(handle.describe()).rejects.toThrow();

  const record = await api(stack, 'GET', path, { token: stack.tokens.manager });
  expect(record.status).toBe(200);
  const body = record.json<{ summary: { status: string }; chain: { headHash: string } }>();
  expect(body.summary.status).toBe('closed');
  expect(body.chain.headHash).toBe(before.chain.headHash);
  const akt = await fetch(`${stack.baseUrl}/dashboard/grants/${encodeURIComponent(caseNumber)}/record`, { headers: { authorization: `Bearer ${stack.tokens.manager}` } });
  expect(akt.status).toBe(200);
  expect(await akt.text()).toContain(body.chain.headHash);
});
