/**
 * Issue 12, end to end: grants started through the API are recorded by their workflows and listed
 * from the register; one is cancelled (its workflow ends), then deleted from Temporal with the
 * CLI (`temporal workflow delete`, as retention would). The list, its CSV, the grant's JSON, its
 * page and its record still answer, from the register; the other grant is still read live.
 */
import { spawnSync } from 'node:child_process';
import { grantWorkflowId } from '../../workflows/grant/contract';
import { temporalCliPath } from '../../common/tools';
import { api, grantPath, startStack, uniqueCase, type Stack } from '../helpers/stack';
import type { GrantListItem } from '../../api/listQuery';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const listed = async (query: string): Promise<GrantListItem[]> => {
  const res = await api(stack, 'GET', `/api/grants${query}`, { token: stack.tokens.manager });
  expect(res.status).toBe(200);
  return res.json<{ items: GrantListItem[] }>().items;
};

const start = async (title: string) => {
  const caseNumber = uniqueCase('RS');
  const res = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: { caseNumber, title, amountOre: 150_000_00, approver: { name: 'Anna Berg', email: 'anna.berg@example.se' } } });
  expect(res.status).toBe(201);
  return caseNumber;
};

it('lists, shows and exports a closed grant from the register after its workflow is deleted from Temporal', async () => {
  const open = await start('Brukarråden i Östersund');
  const closing = await start('Suicidprevention i Jämtland');

  // Recorded by the workflows, listed from the register: searched in Swedish.
  await until('both grants listed', async () => {
    const items = await listed('?q=brukarråd');
    return items.some((i) => i.caseNumber === open) ? items : undefined;
  });
  await until('the second grant listed', async () => ((await listed('')).some((i) => i.caseNumber === closing) ? true : undefined));

  // Cancelled: the workflow ends, and the register has it closed.
  const cancel = await api(stack, 'POST', `${grantPath(closing)}/cancel`, { token: stack.tokens.coordinator, body: { reason: 'Medlen drogs tillbaka' } });
  expect(cancel.status).toBe(200);
  const handle = stack.client.workflow.getHandle(grantWorkflowId(closing));
  await handle.result();
  await until('the cancelled grant recorded as cancelled', async () => ((await listed('?status=cancelled')).some((i) => i.caseNumber === closing) ? true : undefined));
  // Ended, it is shown from the register while Temporal still holds it (no replay of its history);
  // the open grant is read live.
  const ended = await api(stack, 'GET', grantPath(closing), { token: stack.tokens.manager });
  expect([ended.status, ended.headers.get('x-grant-source')]).toEqual([200, 'register']);
  expect(ended.json<{ status: string }>().status).toBe('cancelled');
  const running = await api(stack, 'GET', grantPath(open), { token: stack.tokens.manager });
  expect([running.status, running.headers.get('x-grant-source')]).toEqual([200, 'workflow']);
  // The page the coordinator lands on after the action that ended it: from the register, saying
  // the action went through, offering nothing more.
  const landed = await api(stack, 'GET', `/dashboard/grants/${encodeURIComponent(closing)}?done=1`, { headers: { cookie: `gf_session=${stack.tokens.coordinator}` } });
  expect([landed.status, landed.headers.get('x-grant-source')]).toEqual([200, 'register']);
  expect(landed.text).toContain('role="status"><p>Klart.');
  expect(landed.text).not.toContain('id="h-actions"');

  // As retention would: Temporal forgets it.
  // The CLI asks for confirmation on its standard input.
  const deleted = spawnSync(temporalCliPath(), ['workflow', 'delete', '--workflow-id', grantWorkflowId(closing), '--address', stack.config.TEMPORAL_ADDRESS, '--namespace', stack.config.TEMPORAL_NAMESPACE], { encoding: 'utf8', input: 'y\n', timeout: 30_000 });
  expect([deleted.status, deleted.stderr]).toEqual([0, '']);
  // The server deletes asynchronously (a minute at most here).
  await until('the workflow gone from Temporal', () => handle.describe().then(() => undefined, () => true), 90_000);
  await expect(handle.describe()).rejects.toThrow();

  // Its case number is still taken: the register remembers what Temporal forgot.
  const again = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: { caseNumber: closing, title: 'Suicidprevention i Jämtland', amountOre: 150_000_00, approver: { name: 'Anna Berg', email: 'anna.berg@example.se' } } });
  expect(again.status).toBe(409);
  expect(again.text).toContain('finns redan i registret (cancelled)');
  await expect(handle.describe()).rejects.toThrow();

  // The list and its CSV still hold it.
  const item = (await listed('?status=cancelled')).find((i) => i.caseNumber === closing);
  expect(item).toMatchObject({ title: 'Suicidprevention i Jämtland', status: 'cancelled', stage: 'closed', executionStatus: 'COMPLETED' });
  const csv = await api(stack, 'GET', '/api/grants.csv?status=cancelled', { token: stack.tokens.manager });
  expect(csv.status).toBe(200);
  expect(csv.text).toContain(`${closing};Suicidprevention i Jämtland;`);

  // The grant's JSON, in its documented shape, from the register.
  const grant = await api(stack, 'GET', grantPath(closing), { token: stack.tokens.manager });
  expect(grant.status).toBe(200);
  expect(grant.headers.get('x-grant-source')).toBe('register');
  const s = grant.json<{ status: string; cancelled: { reason: string }; timeline: { type: string }[]; plan: { title: string } }>();
  expect(s.status).toBe('cancelled');
  expect(s.cancelled.reason).toBe('Medlen drogs tillbaka');
  expect(s.plan.title).toBe('Suicidprevention i Jämtland');
  expect(s.timeline.map((e) => e.type)).toContain('cancelled');

  // Its page and its record.
  const page = await api(stack, 'GET', `/dashboard/grants/${encodeURIComponent(closing)}`, { headers: { cookie: `gf_session=${stack.tokens.manager}` } });
  expect(page.status).toBe(200);
  expect(page.text).toContain('Ur registret');
  const record = await api(stack, 'GET', `${grantPath(closing)}/record`, { token: stack.tokens.manager });
  expect(record.status).toBe(200);

  // The open grant is still read live from its workflow.
  const live = await api(stack, 'GET', grantPath(open), { token: stack.tokens.manager });
  expect(live.status).toBe(200);
  expect(live.headers.get('x-grant-source')).toBe('workflow');
}, 180_000);
