/**
 * Issue 13's title bug on the embedded default (the dev server's SQLite): titles with `:`, `\`,
 * quotes, `&`, `!`, `(` and Swedish letters are listed as written and found by search, and every
 * search answers 200. The production topology's test (prodTopology.test.ts) checks the same on
 * PostgreSQL.
 */
import { api, startStack, uniqueCase, type Stack } from '../helpers/stack';
import { SPECIAL_TITLES, waitForTitles } from '../helpers/titles';

it('lists and finds grants whose titles hold : \\ quotes & ! ( and Swedish letters', async () => {
  const stack = await startStack();
  try {
    await startAndCheck(stack);
  } finally {
    await stack.stop();
  }
}, 180_000);

async function startAndCheck(stack: Stack) {
  const grants = [];
  for (const title of SPECIAL_TITLES) {
    const caseNumber = uniqueCase('RS');
    const res = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: { caseNumber, title, amountOre: 100_000_00, approver: { name: 'Anna', email: 'anna@example.se' } } });
    expect(res.status).toBe(201);
    grants.push({ caseNumber, title });
  }
  expect(await waitForTitles(stack.baseUrl, stack.tokens.manager, grants)).toEqual([]);
  // Visibility itself holds every one of them (on PostgreSQL a failed write left a grant out).
  const ids = grants.map((g) => `'grant:${g.caseNumber}'`).join(', ');
  expect((await stack.client.workflow.count(`WorkflowId IN (${ids})`)).count).toBe(grants.length);
}
