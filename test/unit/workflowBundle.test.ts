/**
 * The workflow bundle the worker runs holds no zod: every cached workflow evaluates the bundle's
 * modules in its own context, and zod with the plan schema cost ≈ 1.7 MiB per cached workflow
 * (measured by the list benchmark's worker-memory breakdown, before the list moved to the register). Plans are parsed in the API; workflows use
 * the zod-free domain modules (calendar, sek, rules, planChecks). eslint.config.mjs forbids the
 * imports; this checks what webpack actually pulled in, transitively.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../../worker/createWorker';

jest.setTimeout(120_000);

let code: string;
beforeAll(async () => {
  ({ code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never }));
});

/** Module paths webpack names in the bundle (its module ids), e.g. ./node_modules/zod/v4/core/core.js. */
function modules(): string[] {
  return [...new Set([...code.matchAll(/"(\.\/[^"\s]+?\.[cm]?[jt]s)"/g)].map((m) => m[1]!))];
}

it('holds the grant workflow and the zod-free domain modules it needs', () => {
  const m = modules();
  expect(m).toEqual(expect.arrayContaining([expect.stringMatching(/workflows\/grant\/workflow\.ts$/), expect.stringMatching(/domain\/calendar\.ts$/), expect.stringMatching(/domain\/planChecks\.ts$/)]));
});

it('holds no zod and no module that defines zod schemas', () => {
  const m = modules();
  expect(m.filter((p) => /node_modules\/zod\//.test(p))).toEqual([]);
  expect(m.filter((p) => /domain\/(plan|validatePlan|dates|money)\.ts$|domain\/allocation\//.test(p))).toEqual([]);
});
