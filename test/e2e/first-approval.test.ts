/**
 * Issue: "A grant's first approval, end to end".
 * The whole system (API, worker, Temporal dev server, SMTP to maildev): a coordinator starts a grant,
 * the approver's mail arrives, the link shows the grant without changing it, the approver approves,
 * and the manager sees the decision. Then the refusals: bad input, missing rights, forged and
 * expired links.
 */
import { randomBytes } from 'node:crypto';
import { signLink, type LinkClaims } from '../../common/links';
import type { GrantState } from '../../workflows/grant/contract';
import {
  ORG,
  api,
  approvalLink,
  formValue,
  getPage,
  grantPath,
  header,
  pageText,
  postForm,
  recipients,
  startStack,
  tokenOf,
  uniqueCase,
  type Answered,
  type Stack,
} from '../helpers/stack';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

type PublicState = GrantState & { moneyFormatted: Record<string, string> };

async function managerView(caseNumber: string): Promise<PublicState> {
  const res = await api(stack, 'GET', grantPath(caseNumber), { token: stack.tokens.manager });
  expect(res.status).toBe(200);
  return res.json<PublicState>();
}

function claimsOf(link: string): LinkClaims {
  const payload = tokenOf(link).split('.')[1]!;
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
}

describe('a grant’s first approval, end to end', () => {
  const approver = { name: 'Anna Ordförande', email: 'anna.ordforande@example.se' };
  const quickGrant = (caseNumber: string) => ({ caseNumber, title: 'Brukarmedverkan 2025', amountOre: 620_318_305, approver });

  /** A quick grant of its own, started by the coordinator, and its approver's invitation. */
  async function started() {
    const caseNumber = uniqueCase('RS');
    const res = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: quickGrant(caseNumber) });
    expect(res.status).toBe(201);
    const mail = await stack.mail.waitFor((m) => recipients(m).includes(approver.email) && m.subject.includes(caseNumber), 30_000, `the invitation for ${caseNumber}`);
    const link = approvalLink(mail, stack.baseUrl);
    return { caseNumber, mail, link };
  }

  /** Started, opened and approved; waits until the workflow has completed (nothing follows in the quick shape). */
  async function approved() {
    const g = await started();
    const page = (await getPage(g.link)).text;
    const res = await postForm(g.link, { form: formValue(page), action: 'approve', comment: 'Bra underlag.' });
    const handle = stack.client.workflow.getHandle(`grant:${g.caseNumber}`);
    const end = Date.now() + 20_000;
    while ((await handle.describe()).status.name !== 'COMPLETED' && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    return { ...g, page, res, handle };
  }

  test('the coordinator starts a grant: 201 with a Location; the same request again is 200, a different one 409', async () => {
    const caseNumber = uniqueCase('RS');
    const grant = quickGrant(caseNumber);
    const first = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: grant });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/api/grants/${encodeURIComponent(caseNumber)}`);
    expect(first.json()).toEqual({ caseNumber, workflowId: `grant:${caseNumber}`, created: true });

    const again = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: grant });
    expect(again.status).toBe(200);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.json()).toEqual({ caseNumber, workflowId: `grant:${caseNumber}`, created: false });

    const different = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: { ...grant, amountOre: grant.amountOre + 1 } });
    expect(different.status).toBe(409);
    expect(different.json<{ code: string }>().code).toBe('duplicate');

    // `temporal workflow list --query "WorkflowId = 'grant:…'"`: exactly one workflow for the case.
    const end = Date.now() + 15_000;
    let ids: string[] = [];
    do {
      ids = [];
      for await (const wf of stack.client.workflow.list({ query: `WorkflowId = 'grant:${caseNumber}'` })) ids.push(wf.workflowId);
      if (ids.length > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < end);
    expect(ids).toEqual([`grant:${caseNumber}`]);
  });

  test('the approver’s mail arrives with the case number in the subject and a personal link', async () => {
    const { caseNumber, mail, link } = await started();
    expect(mail.subject).toContain(caseNumber);
    expect(header(mail, 'x-grantflow-purpose')).toBe('invitation');
    expect(mail.text).toContain('6 203 183,05 kr');
    expect(link).toMatch(new RegExp(`^${stack.baseUrl.replace(/\./g, '\\.')}/a/v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    // The HTML part carries the same link.
    expect(mail.html).toContain(`href="${link}"`);
  });

  test('opening the link shows the grant with Approve/Reject buttons and changes nothing', async () => {
    const { caseNumber, link } = await started();
    const before = await managerView(caseNumber);
    const res = await getPage(link);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = res.text;
    const text = pageText(page);
    expect(text).toContain(caseNumber);
    expect(text).toContain('Brukarmedverkan 2025');
    expect(text).toContain('6 203 183,05 kr');
    expect(page).toMatch(/<button type="submit" name="action" value="approve"[^>]*>Bifall<\/button>/);
    expect(page).toMatch(/<button type="submit" name="action" value="reject"[^>]*>Avslå<\/button>/);
    const head = await getPage(link, { method: 'HEAD' });
    expect(head.status).toBe(200);

    const after = await managerView(caseNumber);
    expect(after.seq).toBe(before.seq);
    expect(after.rounds[0]!.seats[0]!.answer).toBeUndefined();
    expect(after.timeline).toEqual(before.timeline);
  });

  test('approving records the decision and shows the outcome; a second POST is refused and changes nothing', async () => {
    const { caseNumber, link, page, res, handle } = await approved();
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toContain('Tack! Ditt svar är registrerat.');
    expect(text).toContain('bifall');
    expect(res.text).not.toContain('<form'); // answered: no buttons any more
    expect((await handle.describe()).status.name).toBe('COMPLETED');

    const decided = await managerView(caseNumber);
    const second = await postForm(link, { form: formValue(page), action: 'approve' });
    expect(second.status).toBeGreaterThanOrEqual(400);
    const after = await managerView(caseNumber);
    expect(after.seq).toBe(decided.seq);
    expect(after.timeline.filter((e) => e.type === 'answered')).toHaveLength(1);
  });

  // Once the answer closes the last round the workflow completes; a replayed POST must still get
  // a page saying the link was already answered, not a "no such grant" error.
  test('a second POST on a decided (completed) grant answers 409 with a page', async () => {
    const { link, page, handle } = await approved();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    const second: Answered = await postForm(link, { form: formValue(page), action: 'approve' });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/^text\/html/);
  });

  test('the manager sees the decision: outcome, who answered, the timeline, amounts in öre', async () => {
    const { caseNumber } = await approved();
    const s = await managerView(caseNumber);
    expect(s.decision).toMatchObject({ outcome: 'approved', body: 'Beslutsfattare', revision: 1 });
    expect(s.stage).toBe('closed'); // nothing follows the decision in the quick shape
    expect(s.status).toBe('closed');
    const seat = s.rounds[0]!.seats[0]!;
    expect(seat).toMatchObject({ answer: 'approve', answeredBy: approver.name, comment: 'Bra underlag.' });
    expect(seat).not.toHaveProperty('nonce');
    const answered = s.timeline.find((e) => e.type === 'answered');
    expect(answered).toMatchObject({ actor: approver.name, comment: 'Bra underlag.', data: { answer: 'approve' } });
    expect(s.plan.totalOre).toBe(620_318_305);
    expect(s.plan.parts.map((p) => p.amountOre)).toEqual([620_318_305]);
    expect(s.money.decidedOre).toBe(620_318_305);
    expect(Number.isInteger(s.money.totalOre)).toBe(true);
    expect(s.moneyFormatted.total).toBe('6 203 183,05 kr');
    expect(s.plan.organisation).toBe(ORG);
  });

  test('the coordinators get the outcome mail', async () => {
    const { caseNumber } = await approved();
    const mail = await stack.mail.waitFor((m) => m.subject.includes(caseNumber) && header(m, 'x-grantflow-purpose') === 'outcome', 20_000, 'the outcome mail');
    expect(recipients(mail)).toEqual(['elin.ring@example.se']);
  });

  test('a forged link answers 404: a random token, and the real token with one character changed', async () => {
    const { link } = await started();
    const page = (await getPage(link)).text;
    const random = `${stack.baseUrl}/a/v1.${randomBytes(60).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    const garbage = `${stack.baseUrl}/a/not-a-token`;
    const token = tokenOf(link);
    const i = token.indexOf('.') + 10; // a character inside the payload
    const changed = `${stack.baseUrl}/a/${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
    for (const url of [random, garbage, changed]) {
      const get = await getPage(url);
      expect(get.status).toBe(404);
      expect(get.headers.get('content-type')).toMatch(/^text\/html/);
      expect(pageText(get.text)).toContain('Länken är ogiltig');
      const post = await postForm(url, { form: formValue(page), action: 'approve' });
      expect(post.status).toBe(404);
    }
  });

  test('an expired link answers 410', async () => {
    const { link } = await started();
    const claims = { ...claimsOf(link), e: Math.floor(Date.now() / 1000) - 60 };
    const expired = `${stack.baseUrl}/a/${signLink(stack.config.LINK_SECRET, claims)}`;
    const get = await getPage(expired);
    expect(get.status).toBe(410);
    expect(pageText(get.text)).toContain('Länken har gått ut');
    const post = await postForm(expired, { form: 'x', action: 'approve' });
    expect(post.status).toBe(410);
  });
});

describe('the API refuses what it cannot do', () => {
  const quick = () => ({ caseNumber: uniqueCase('RS'), title: 'Avvisad', amountOre: 100_00, approver: { name: 'Bo', email: 'bo@example.se' } });

  test('a malformed JSON body is 400', async () => {
    const res = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: '{"caseNumber": "RS/1/2025",' });
    expect(res.status).toBe(400);
    expect(res.json<{ code: string }>().code).toBe('malformed_json');
  });

  test('an invalid plan is 422 and lists the problems with their paths', async () => {
    const plan = {
      caseNumber: uniqueCase('RS'),
      title: 'Delarna stämmer inte',
      organisation: ORG,
      year: new Date().getFullYear(),
      coordinators: [{ id: 'elin', name: 'Elin Ring', email: 'elin.ring@example.se' }],
      parts: [
        { id: 'I', name: 'Del I', amountOre: 100_00 },
        { id: 'II', name: 'Del II', amountOre: 200_00 },
      ],
      totalOre: 400_00,
      decision: { body: 'SVOM', group: { id: 'svom', name: 'SVOM', members: [{ id: 'a', name: 'A', email: 'not-an-email' }], rule: { type: 'kOfN', k: 3 } } },
    };
    const res = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: plan });
    expect(res.status).toBe(422);
    const body = res.json<{ code: string; problems: { path: string; message: string }[] }>();
    expect(body.code).toBe('invalid_plan');
    // The bad email and the consistency problems of the rest of the plan, in one answer.
    expect(body.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['body.decision.group.members.0.email', 'body.totalOre']));
    plan.decision.group.members[0]!.email = 'a@example.se';
    const again = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: plan });
    expect(again.status).toBe(422);
    const paths = again.json<{ problems: { path: string }[] }>().problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['body.totalOre', 'body.decision.group.rule.k']));
    // Nothing was started.
    const get = await api(stack, 'GET', grantPath(plan.caseNumber), { token: stack.tokens.manager });
    expect(get.status).toBe(404);
  });

  test('an unknown grant is 404', async () => {
    const res = await api(stack, 'GET', grantPath('RS/999999/1999'), { token: stack.tokens.manager });
    expect(res.status).toBe(404);
    expect(res.json<{ code: string }>().code).toBe('not_found');
  });

  test('no token is 401, a manager may not start a grant (403), another organisation does not see it (404)', async () => {
    const g = quick();
    expect((await api(stack, 'POST', '/api/grants', { body: g })).status).toBe(401);
    expect((await api(stack, 'GET', grantPath(g.caseNumber))).status).toBe(401);
    expect((await api(stack, 'POST', '/api/grants', { body: g, token: 'not.a.jwt' })).status).toBe(401);
    const asManager = await api(stack, 'POST', '/api/grants', { token: stack.tokens.manager, body: g });
    expect(asManager.status).toBe(403);
    expect((await api(stack, 'GET', grantPath(g.caseNumber), { token: stack.tokens.manager })).status).toBe(404);

    const started = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: g });
    expect(started.status).toBe(201);
    expect((await api(stack, 'GET', grantPath(g.caseNumber), { token: stack.tokens.otherOrgCoordinator })).status).toBe(404);
    const cancel = await api(stack, 'POST', `${grantPath(g.caseNumber)}/cancel`, { token: stack.tokens.otherOrgCoordinator, body: { reason: 'inte vårt' } });
    expect(cancel.status).toBe(404);
    const s = await managerView(g.caseNumber);
    expect(s.status).toBe('active');
  });
});
