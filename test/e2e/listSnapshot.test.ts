/**
 * The list snapshot (api/listSnapshot.ts) against the real dev server's SQLite visibility: for a
 * set of grants with hand-picked search attributes (titles with accents, ligatures, punctuation and
 * emoji; case numbers in both cases; attributes missing) and many filters, GET /api/grants (from the
 * snapshot) answers exactly what the visibility query answers (findGrantsFromVisibility), in the
 * same order. Then: a write through the API shows in the very next list, a termination outside the
 * API shows within a refresh, the freshness header and text, and readiness.
 */
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { ListSnapshot } from '../../api/listSnapshot';
import { findGrantsFromVisibility } from '../../api/routes/manager';
import { GRANT_STATUSES, GrantListQuery, SORTS, listSearch, type GrantListItem } from '../../api/visibility';
import type { Principal } from '../../api/auth';
import { createLogger } from '../../common/logger';
import { endOfDay } from '../../domain/dates';
import { SA, grantWorkflowId, STAGES, GRANT_WORKFLOW_TYPE } from '../../workflows/grant/contract';
import { OTHER_ORG, ORG, api, approvalLink, formValue, getPage, grantPath, postForm, recipients, startStack, uniqueCase, type Stack } from '../helpers/stack';
import { startSeed, waitUntilListed, type ListBody } from '../helpers/grants';

jest.setTimeout(240_000);

/** A task queue no worker polls: these grants keep exactly the search attributes they start with. */
const IDLE_QUEUE = 'list-snapshot-idle';

interface Idle {
  caseNumber: string;
  title?: string;
  organisation?: string;
  stage?: string;
  status?: string;
  year?: number;
  county?: string;
  overdue?: boolean;
  deadline?: string;
  totalOre?: number;
}

const IDLE: Idle[] = [
  { caseNumber: 'LS/1/2026', title: 'Psykisk hälsa', stage: 'decision', status: 'active', year: 2026, county: '23', overdue: false, deadline: '2026-03-31', totalOre: 100 },
  { caseNumber: 'LS/10/2026', title: 'Suicidprevention – uppföljning', stage: 'payment', status: 'active', year: 2026, county: '23', overdue: true, deadline: '2026-04-01', totalOre: 200 },
  { caseNumber: 'ls/2/2025', title: 'Brukar-råd ÄLDRE psykisk', stage: 'anchoring', status: 'returned', year: 2025, county: '22', overdue: false, deadline: '2026-03-30' },
  { caseNumber: 'LS-Ä/3', title: 'straße ﬁx café\u0301', stage: 'closed', status: 'closed', year: 2025, overdue: false },
  { caseNumber: 'LS-ä/4', title: 'İstanbul x😀y RS/728', stage: 'decision', status: 'rejected', year: 2024, county: '01', overdue: false, deadline: '2026-12-31', totalOre: 50 },
  { caseNumber: 'LS%_5', title: 'Jämtland Härjedalen 100%', stage: 'signature', status: 'active', year: 2026, county: '23', overdue: true, deadline: '2026-03-31', totalOre: 300 },
  { caseNumber: 'LS/6/2026', title: 'ΆΈΉ Ærø über-Jämt', stage: 'requisition', status: 'cancelled', year: 2026, county: '23' },
  { caseNumber: 'LS/7/2026', stage: 'decision', status: 'active', year: 2026, county: '23', overdue: false },
  { caseNumber: 'LS/8/2026', title: 'Psykisk hälsa, andra delen', organisation: OTHER_ORG, stage: 'decision', status: 'active', year: 2026, county: '22', overdue: true, deadline: '2026-02-28' },
  { caseNumber: 'LS/9/2026', title: 'a.b/c_d e-f', stage: 'inUse', status: 'active', overdue: false, deadline: '2027-01-15', totalOre: 0 },
  { caseNumber: 'Ls/11/2026', title: 'hälsa psykisk', stage: 'reporting', status: 'active', year: 2026, county: '23', overdue: false, deadline: '2026-06-30' },
];

let stack: Stack;
let admin: Principal;
let manager: Principal;
const WORDS = ['psykisk', 'Psykisk', 'hälsa', 'halsa', 'HALSA', 'ÄLDRE', 'aldre', 'brukar', 'råd', 'brukar-råd', 'Suicidprevention', 'uppföljning', 'strasse', 'straße', 'fix', 'ﬁx', 'cafe', 'istanbul', 'x', 'y', 'xy', 'rs/728', 'RS', 'jamtland', 'härjedalen', '100', 'ΆΈΉ', 'αεη', 'ærø', 'aero', 'uber', 'jamt', 'a.b', 'c_d', 'e-f', 'ls', 'LS/1', 'ls/1', 'LS-Ä', 'ls-ä', 'LS-ä', 'LS%', 'ls%_', 'Ls/11', 'del', 'andra', 'delen'];

function attributes(g: Idle): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [
    { key: SA.caseNumber, value: g.caseNumber },
    { key: SA.organisation, value: g.organisation ?? ORG },
    { key: SA.updatedAt, value: new Date() },
  ];
  if (g.title !== undefined) pairs.push({ key: SA.title, value: `${g.title} ${g.caseNumber}` });
  if (g.stage !== undefined) pairs.push({ key: SA.stage, value: g.stage });
  if (g.status !== undefined) pairs.push({ key: SA.status, value: g.status });
  if (g.year !== undefined) pairs.push({ key: SA.year, value: g.year });
  if (g.county !== undefined) pairs.push({ key: SA.county, value: g.county });
  if (g.overdue !== undefined) pairs.push({ key: SA.overdue, value: g.overdue });
  if (g.deadline !== undefined) pairs.push({ key: SA.nextDeadline, value: new Date(endOfDay(g.deadline)) });
  if (g.totalOre !== undefined) pairs.push({ key: SA.totalOre, value: g.totalOre });
  return pairs;
}

async function startIdle(client: Client, g: Idle) {
  await client.workflow.start(GRANT_WORKFLOW_TYPE, { workflowId: grantWorkflowId(g.caseNumber), taskQueue: IDLE_QUEUE, args: [], typedSearchAttributes: attributes(g) });
}

async function list(search: string, token = stack.tokens.manager) {
  const res = await api(stack, 'GET', `/api/grants${search}`, { token });
  if (res.status !== 200) throw new Error(`GET /api/grants${search} answered ${res.status}: ${res.text}`);
  return { body: res.json<ListBody>(), headers: res.headers };
}

async function everything(token: string) {
  return (await list('?pageSize=200', token)).body;
}

const strip = (items: GrantListItem[]) => items.map((i) => JSON.stringify(i));

beforeAll(async () => {
  stack = await startStack();
  admin = { sub: 'a', name: 'Drift', roles: ['admin'], org: ORG };
  manager = { sub: 'm', name: 'Chef', roles: ['manager'], org: ORG };
  for (const g of IDLE) await startIdle(stack.client, g);
  // Two grants that run: the snapshot must agree on them too.
  const seeds = [await startSeed(stack, 'seed004'), await startSeed(stack, 'seed000')];
  await waitUntilListed(stack, seeds);
  const end = Date.now() + 60_000;
  for (;;) {
    const [fromSnapshot, fromVisibility] = [await everything(stack.tokens.admin), await findGrantsFromVisibility(stack.client, admin, GrantListQuery.parse({}))];
    if (fromSnapshot.total === IDLE.length + 2 && fromVisibility.length === IDLE.length + 2) break;
    if (Date.now() > end) throw new Error(`listed ${fromSnapshot.total}, visibility ${fromVisibility.length}, of ${IDLE.length + 2}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});
afterAll(async () => {
  await stack?.stop();
});

describe('the list from the snapshot answers what visibility answers', () => {
  /** How many comparisons had something to compare (a filter that matches nothing proves little). */
  let nonEmpty = 0;
  async function compare(query: Record<string, unknown>) {
    const q = GrantListQuery.parse({ ...query, pageSize: '200' });
    const search = listSearch(q);
    for (const [principal, token] of [
      [manager, stack.tokens.manager],
      [admin, stack.tokens.admin],
    ] as const) {
      const expected = await findGrantsFromVisibility(stack.client, principal, q);
      const { body } = await list(search, token);
      expect([search, principal.roles[0], body.total, strip(body.items)]).toEqual([search, principal.roles[0], expected.length, strip(expected)]);
      if (expected.length > 0) nonEmpty += 1;
    }
  }

  it.each([
    {},
    { q: 'psykisk' },
    { q: 'halsa' },
    { q: 'HÄLSA psykisk' },
    { q: 'ls' },
    { q: 'LS-ä' },
    { q: 'ls-Ä' },
    { q: 'LS%_' },
    { q: 'strasse' },
    { q: 'straße' },
    { q: 'fix' },
    { q: 'ﬁx' },
    { q: 'cafe' },
    { q: 'istanbul' },
    { q: 'xy' },
    { q: 'x' },
    { q: 'αεη' },
    { q: 'άέή' },
    { q: 'aero' },
    { q: 'ærø' },
    { q: 'uber-jamt' },
    { q: 'rs/728' },
    { q: 'a.b/c_d' },
    { q: 'brukar-råd' },
    { q: 'råd-brukar' },
    { q: "it's" },
    { stage: 'decision,payment' },
    { status: 'active' },
    { status: 'closed,cancelled,rejected' },
    { year: '2026' },
    { county: '23' },
    { overdue: 'true' },
    { overdue: 'false' },
    { deadlineBefore: '2026-03-31' },
    { deadlineBefore: '2026-03-30' },
    { organisation: OTHER_ORG },
    { organisation: ORG, q: 'psykisk', sort: '-caseNumber' },
    { sort: 'totalOre' },
    { sort: '-totalOre' },
    { sort: 'year' },
    { sort: '-nextDeadline' },
  ])('%j', async (query) => {
    await compare(query);
  });

  it('for many random filters', async () => {
    const all = fc.record({
      stage: fc.subarray([...STAGES], { minLength: 1, maxLength: 4 }).map((s) => s.join(',')),
      status: fc.subarray([...GRANT_STATUSES], { minLength: 1, maxLength: 3 }).map((s) => s.join(',')),
      year: fc.constantFrom('2024', '2025', '2026'),
      county: fc.constantFrom('23', '22', '01'),
      overdue: fc.constantFrom('true', 'false'),
      deadlineBefore: fc.constantFrom('2026-02-28', '2026-03-30', '2026-03-31', '2026-04-01', '2026-12-31'),
      q: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 2 }).map((w) => w.join(' ')),
    });
    // One or two filters at a time (more rarely match anything among a dozen grants), any sort.
    const filters = fc
      .tuple(all, fc.subarray(['stage', 'status', 'year', 'county', 'overdue', 'deadlineBefore', 'q', 'q'] as const, { minLength: 1, maxLength: 2 }), fc.constantFrom(...SORTS))
      .map(([f, keys, sort]) => ({ ...Object.fromEntries(keys.map((k) => [k, f[k]])), sort }));
    const samples = fc.sample(filters, { numRuns: 80, seed: 5 });
    nonEmpty = 0;
    for (const f of samples) await compare(f);
    expect(nonEmpty).toBeGreaterThanOrEqual(40);
  });
});

describe('freshness', () => {
  it('a grant started through the API is in the very next list, before any refresh would have read it', async () => {
    // A snapshot of its own that never refreshes by itself: only the write's describe can show the grant.
    const own = new ListSnapshot({ client: stack.client, log: createLogger('e2e', 'silent'), refreshMs: 3_600_000 }).start();
    try {
      expect(await own.whenReady(30_000)).toBe(true);
      const caseNumber = uniqueCase('FR');
      const res = await api(stack, 'POST', '/api/grants', {
        token: stack.tokens.coordinator,
        body: { caseNumber, title: 'Färsk', amountOre: 100_00, approver: { name: 'Godkännare', email: 'godk@example.se' } },
      });
      expect(res.status).toBe(201);
      expect(own.find({ q: caseNumber }, {}, 'caseNumber')).toEqual([]);
      own.changed(grantWorkflowId(caseNumber));
      await own.settled();
      expect(own.find({ q: caseNumber }, {}, 'caseNumber').map((i) => i.caseNumber)).toEqual([caseNumber]);
      // And through the app: the list right after the start holds it.
      const again = uniqueCase('FR');
      expect(
        (await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: { caseNumber: again, title: 'Färskare', amountOre: 100_00, approver: { name: 'G', email: 'g@example.se' } } }))
          .status,
      ).toBe(201);
      expect((await list(`?q=${encodeURIComponent(again)}`)).body.items.map((i) => i.caseNumber)).toEqual([again]);
    } finally {
      await own.close();
    }
  });

  it('the routes that write say which grant they changed: an app whose snapshot never refreshes lists a start and a cancellation at once', async () => {
    const own = new ListSnapshot({ client: stack.client, log: createLogger('e2e', 'silent'), refreshMs: 3_600_000 }).start();
    const app = createApp({ config: stack.config, client: stack.client, log: createLogger('e2e', 'silent'), listSnapshot: own });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const local = { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    const only = async (caseNumber: string) => {
      const res = await api(local, 'GET', `/api/grants?q=${encodeURIComponent(caseNumber)}`, { token: stack.tokens.manager });
      expect(res.status).toBe(200);
      return res.json<ListBody>().items;
    };
    try {
      expect(await own.whenReady(30_000)).toBe(true);
      const first = uniqueCase('WR');
      const body = (caseNumber: string) => ({ caseNumber, title: 'Skriven', amountOre: 100_00, approver: { name: 'Godkännare', email: 'godk@example.se' }, deadline: '2035-06-30' });
      expect((await api(local, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: body(first) })).status).toBe(201);
      expect((await only(first)).map((i) => [i.caseNumber, i.status])).toEqual([[first, 'active']]);
      expect((await api(local, 'POST', `${grantPath(first)}/cancel`, { token: stack.tokens.coordinator, body: { reason: 'Test' } })).status).toBe(200);
      expect((await only(first)).map((i) => i.status)).toEqual(['cancelled']);
      // A refused write changes nothing and marks nothing.
      expect((await api(local, 'POST', `${grantPath(first)}/cancel`, { token: stack.tokens.coordinator, body: { reason: 'Igen' } })).status).toBe(409);
    } finally {
      await app.close();
      await new Promise((r) => server.close(r));
    }
  });

  it('an approval that settles its round shows in the next list; one that does not costs the snapshot no read', async () => {
    const own = new ListSnapshot({ client: stack.client, log: createLogger('e2e', 'silent'), refreshMs: 3_600_000, recheckMs: 100 }).start();
    const app = createApp({ config: stack.config, client: stack.client, log: createLogger('e2e', 'silent'), listSnapshot: own });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const localUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    /** Answers through the local app, as the approver's browser does: the page, then its form. */
    const answer = async (email: string, caseNumber: string) => {
      const mail = await stack.mail.waitFor((m) => recipients(m).includes(email) && m.subject.includes(caseNumber), 30_000, `the invitation to ${email}`);
      const link = approvalLink(mail, stack.baseUrl).replace(stack.baseUrl, localUrl);
      const page = await getPage(link);
      expect(page.status).toBe(200);
      const res = await postForm(link, { form: formValue(page.text), action: 'approve' });
      expect(res.status).toBe(200);
    };
    try {
      expect(await own.whenReady(30_000)).toBe(true);
      // Seed 004: anchoring in LIFO (a majority of three) and Fredagsgruppen (any one), then SVOM.
      const seeded = await startSeed(stack, 'seed004');
      own.changed(grantWorkflowId(seeded.caseNumber));
      await own.settled();
      await new Promise((r) => setTimeout(r, 300)); // and its second look
      const stageOf = () => own.find({ q: seeded.caseNumber }, {}, 'caseNumber')[0]?.stage;
      expect(stageOf()).toBe('anchoring');
      const reads = () => own.stats.described;
      const before = reads();
      await answer('anna.berg@example.se', seeded.caseNumber); // 1 of 3 in LIFO: nothing settles
      await new Promise((r) => setTimeout(r, 500)); // past the snapshot's second look, had there been one
      expect(reads()).toBe(before);
      await answer('david.falk@example.se', seeded.caseNumber); // Fredagsgruppen settles
      await answer('bo.ek@example.se', seeded.caseNumber); // LIFO settles: the decision is next
      await own.settled();
      expect(reads()).toBeGreaterThan(before);
      const end = Date.now() + 5_000;
      while (stageOf() !== 'decision' && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(stageOf()).toBe('decision');
    } finally {
      await app.close();
      await new Promise((r) => server.close(r));
    }
  });

  it('a cancellation through the API shows in the next list', async () => {
    const seeded = await startSeed(stack, 'seed002');
    await waitUntilListed(stack, [seeded]);
    const res = await api(stack, 'POST', `${grantPath(seeded.caseNumber)}/cancel`, { token: stack.tokens.coordinator, body: { reason: 'Test' } });
    expect(res.status).toBe(200);
    const end = Date.now() + 10_000;
    let item: GrantListItem | undefined;
    do {
      item = (await list(`?q=${encodeURIComponent(seeded.caseNumber)}`)).body.items[0];
      if (item?.status === 'cancelled') break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < end);
    expect(item?.status).toBe('cancelled');
  });

  it('a grant terminated outside the API shows within a refresh or two', async () => {
    const g = IDLE.find((x) => x.caseNumber === 'LS/7/2026')!;
    await stack.client.workflow.getHandle(grantWorkflowId(g.caseNumber)).terminate('test');
    const end = Date.now() + 15_000;
    for (;;) {
      const item = (await list('?q=LS%2F7%2F2026')).body.items.find((i) => i.caseNumber === g.caseNumber);
      if (item?.executionStatus === 'TERMINATED') break;
      if (Date.now() > end) throw new Error(`still listed as ${JSON.stringify(item)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('says how fresh the list is: X-List-As-Of on the list and the CSV, "Uppdaterad" on the dashboard, the state in /readyz', async () => {
    const { headers } = await list('');
    const asOf = Date.parse(headers.get('x-list-as-of') ?? '');
    expect(Math.abs(Date.now() - asOf)).toBeLessThan(10_000);
    const csv = await api(stack, 'GET', '/api/grants.csv', { token: stack.tokens.manager });
    expect(csv.status).toBe(200);
    expect(Date.parse(csv.headers.get('x-list-as-of') ?? '')).toBeGreaterThan(Date.now() - 10_000);
    const page = await api(stack, 'GET', '/dashboard', { token: stack.tokens.manager });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<time class="muted small as-of" datetime="[^"]+">Uppdaterad \d\d:\d\d:\d\d<\/time>/);
    const ready = await api(stack, 'GET', '/readyz');
    expect(ready.json()).toMatchObject({ status: 'ready', temporal: 'reachable', list: 'current', listAsOf: expect.any(String) });
  });
});
