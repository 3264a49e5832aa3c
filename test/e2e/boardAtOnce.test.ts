/**
 * Several members of a board answering at once: their Updates reach the grant in one workflow task
 * (they are sent while the grant's worker is away, and the next worker takes them together; the
 * time-skipping server never delivers Updates so, and the dev server does). The grant decides, and
 * its history, as the server recorded it, replays with the workflow code on a worker that never saw
 * it. The recorded histories in test/histories come from the time-skipping server and hold no such
 * task. (The incident behind version 4, where a batch came after two Updates' completions live and
 * between them in replay, is replayed from its own history in test/replay; this test has not
 * reproduced that live ordering: docs/versions.md.)
 */
import { randomBytes } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { createActivities } from '../../activities';
import { formToken, signLink } from '../../common/links';
import { stockholmDate } from '../../domain/dates';
import { grantWorkflowId, stateQuery, type GrantState } from '../../workflows/grant/contract';
import { decisionPlan, startGrant } from '../../bench/lib/plans';
import { postForm, startStack, uniqueCase, type Answered, type Stack } from '../helpers/stack';
import { workflowBundle } from '../helpers/workflowEnv';

jest.setTimeout(240_000);

const MEMBERS = 12;
const AT_ONCE = 5;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The grant's state as the workflow holds it (with the seats' link nonces, which the API never shows). */
async function stateWhen(caseNumber: string, pred: (s: GrantState) => boolean, what: string): Promise<GrantState> {
  const handle = stack.client.workflow.getHandle(grantWorkflowId(caseNumber));
  const end = Date.now() + 60_000;
  for (;;) {
    const s = await handle.query(stateQuery).catch(() => undefined);
    if (s && pred(s)) return s;
    if (Date.now() > end) throw new Error(`${caseNumber}: ${what} did not happen within 60 s`);
    await sleep(200);
  }
}

/** How many Updates each workflow task took: the Updates accepted after each task's completion. */
function updatesPerTask(history: temporal.api.history.v1.IHistory): number[] {
  const counts: number[] = [];
  for (const e of history.events ?? []) {
    if (e.workflowTaskCompletedEventAttributes) counts.push(0);
    else if (e.workflowExecutionUpdateAcceptedEventAttributes) counts[counts.length - 1]! += 1;
  }
  return counts;
}

it('a grant whose board members answer at once decides, and its history replays', async () => {
  // A worker of the test's own, on a queue of its own, so that it can be away while answers come.
  const taskQueue = `board-${randomBytes(4).toString('hex')}`;
  const bundle = await workflowBundle();
  const activities = createActivities(stack.config, stack.register.app);
  const runWorker = async () => {
    const worker = await Worker.create({ connection: stack.env.nativeConnection, namespace: stack.config.TEMPORAL_NAMESPACE, taskQueue, workflowBundle: bundle, activities });
    const running = worker.run();
    return async () => {
      worker.shutdown();
      await running;
    };
  };

  const caseNumber = uniqueCase('BOARD');
  let stopWorker = await runWorker();
  await startGrant(stack.client, decisionPlan(stockholmDate(Date.now()), caseNumber, MEMBERS), taskQueue, 'Elin Ring');
  const open = await stateWhen(caseNumber, (s) => s.rounds.some((r) => r.kind === 'decision' && !r.outcome), 'the decision round');
  const round = open.rounds.find((r) => r.kind === 'decision' && !r.outcome)!;
  expect(round.seats).toHaveLength(MEMBERS);
  const expires = Math.floor(Date.now() / 1000) + 86_400;
  const approve = (memberId: string, nonce: string): Promise<Answered> => {
    const token = signLink(stack.config.LINK_SECRET, { w: grantWorkflowId(caseNumber), r: round.id, m: memberId, n: nonce, e: expires });
    return postForm(`${stack.baseUrl}/a/${token}`, { form: formToken(stack.config.LINK_SECRET, token), action: 'approve' }, { origin: stack.baseUrl, 'sec-fetch-site': 'same-origin' });
  };

  // The first members answer while no worker runs (the grant idle, its register up to date).
  await sleep(1_000);
  await stopWorker();
  const first = round.seats.slice(0, AT_ONCE).map((seat) => approve(seat.memberId, seat.nonce));
  await sleep(1_500);
  stopWorker = await runWorker();
  // The rest answer as they come, with the worker running.
  const rest = round.seats.slice(AT_ONCE).map((seat) => approve(seat.memberId, seat.nonce));
  const answered = await Promise.all([...first, ...rest]);
  expect(answered.map((r) => r.status)).toEqual(round.seats.map(() => 200));

  const decided = await stateWhen(caseNumber, (s) => s.rounds.some((r) => r.id === round.id && r.outcome === 'approved'), 'the approval');
  expect(decided.rounds.find((r) => r.id === round.id)!.seats.filter((s) => s.answer === 'approve')).toHaveLength(MEMBERS);
  await stopWorker();

  const history = await stack.client.workflow.getHandle(grantWorkflowId(caseNumber)).fetchHistory();
  // The case this is about: one workflow task took the answers sent while the worker was away.
  expect(Math.max(...updatesPerTask(history))).toBeGreaterThanOrEqual(AT_ONCE);
  await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, grantWorkflowId(caseNumber))).resolves.toBeUndefined();
});
