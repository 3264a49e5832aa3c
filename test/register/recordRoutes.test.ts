/**
 * The record's routes against a real register: the JSON record, its verification, the printable
 * akt (axe, no script); 400 for a malformed case number, 404 for an unknown one or another
 * organisation's, 401/403 without the role. No route here reaches Temporal.
 */
import type { Client } from '@temporalio/client';
import type { Browser } from 'playwright-core';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth';
import { serve, type Serving } from '../../api/serve';
import { parseConfig } from '../../common/config';
import { createLogger } from '../../common/logger';
import { recordGrant } from '../../register/writer';
import { batchAt } from '../helpers/registerBatch';
import { startLocalRegister, type LocalRegister } from '../../register/local';
import path from 'node:path';
import type { GrantPlan } from '../../domain/plan';
import { ARTIFACTS, axeViolations, launchChromium } from '../helpers/browser';
import { decisionPlan } from '../../bench/lib/plans';
import { stockholmDate } from '../../domain/dates';

const ORG = 'Region Jämtland Härjedalen';
const CASE = 'RJH-2026-0042';
const PARTIAL = 'RJH-2026-0043';
let reg: LocalRegister;
let api: Serving;
let base: string;
const tokens: Record<string, string> = {};
let plan: GrantPlan;

beforeAll(async () => {
  reg = await startLocalRegister();
  const config = parseConfig({ LINK_SECRET: 'l'.repeat(32), AUTH_JWT_SECRET: 'j'.repeat(32), REGISTER_DATABASE_URL: reg.appUrl, LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://127.0.0.1' });
  api = await serve(createApp({ config, client: {} as Client, log: createLogger('test', 'silent'), register: reg.app }), { port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${api.port}`;
  tokens.manager = await issueToken(config, { sub: 'm', name: 'Chef', roles: ['manager'], org: ORG });
  tokens.coordinator = await issueToken(config, { sub: 'c', name: 'Elin Ring', roles: ['coordinator'], org: ORG });
  tokens.otherManager = await issueToken(config, { sub: 'o', name: 'Annan', roles: ['manager'], org: 'Region Västernorrland' });
  const batch = batchAt({ caseNumber: CASE, seq: 6, events: 9 });
  // A whole plan (seed 004's), so that the akt can draw its timeline.
  plan = decisionPlan(stockholmDate(Date.now()), CASE, 3);
  plan.organisation = ORG;
  plan.decision.body = 'Regionstyrelsen';
  plan.decision.motions = ['Att bevilja 250 000 kr till brukarråden', 'Att uppdra åt förvaltningen att följa upp'];
  batch.revisions[0]!.plan = plan;
  batch.rounds.push({ ...batch.rounds[0]!, id: 'r2', kind: 'decision', name: 'Regionstyrelsen' });
  await recordGrant(reg.app, batch);
  // A record whose basis is not a whole plan (as a test batch's): the akt still answers, without its picture.
  await recordGrant(reg.app, batchAt({ caseNumber: PARTIAL, seq: 1, events: 2 }));
});
afterAll(async () => {
  await api?.stop();
  await reg?.stop();
});

const get = (path: string, token?: string) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, redirect: 'manual' });
const enc = encodeURIComponent(CASE);

describe('GET /api/grants/:caseNumber/record', () => {
  test('answers everything the register holds, with the chain head', async () => {
    const res = await get(`/api/grants/${enc}/record`, tokens.manager);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { chain: { events: number; headHash: string }; events: { n: number; hash: string }[]; revisions: unknown[]; rounds: { seats: unknown[] }[]; mail: unknown[]; summary: { title: string } };
    expect(body.summary.title).toBe('Brukarråden i länet');
    expect(body.chain.events).toBe(9);
    expect(body.events.map((e) => e.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(body.chain.headHash).toBe(body.events[8]!.hash);
    expect([body.revisions.length, body.rounds.length, body.rounds[0]!.seats.length, body.mail.length]).toEqual([1, 2, 1, 1]);
  });

  test.each([
    ['a malformed case number', 400, `/api/grants/${encodeURIComponent('x'.repeat(300))}/record`],
    ['a control character', 400, '/api/grants/RJH%00/record'],
    ['bad percent-encoding', 400, '/api/grants/%E0%A4%A/record'],
    ['an unknown case number', 404, '/api/grants/RJH-2026-9999/record'],
  ])('%s answers %i as a problem, never 500', async (_what, status, path) => {
    const res = await get(path, tokens.manager);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  test('another organisation\'s grant is not found', async () => {
    expect((await get(`/api/grants/${enc}/record`, tokens.otherManager)).status).toBe(404);
  });

  test('without a token: 401', async () => {
    expect((await get(`/api/grants/${enc}/record`)).status).toBe(401);
  });
});

describe('GET /api/grants/:caseNumber/record/verify', () => {
  test('a whole chain is ok; an edited row is named', async () => {
    const ok = (await (await get(`/api/grants/${enc}/record/verify`, tokens.manager)).json()) as { ok: boolean; events: number };
    expect(ok).toMatchObject({ ok: true, events: 9 });

    const other = 'RJH-2026-0043';
    await recordGrant(reg.app, batchAt({ caseNumber: other, seq: 3, events: 5 }));
    await reg.owner.query("UPDATE events SET comment = 'efterhand' WHERE case_number = $1 AND n = 5", [other]);
    const res = await get(`/api/grants/${other}/record/verify`, tokens.manager);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, problem: { n: 5, what: 'hash' } });
  });

  test('a coordinator may not verify (manager or admin): 403', async () => {
    expect((await get(`/api/grants/${enc}/record/verify`, tokens.coordinator)).status).toBe(403);
  });

  test.each([
    ['a malformed case number', 400, `/api/grants/${encodeURIComponent('x'.repeat(300))}/record/verify`],
    ['an unknown case number', 404, '/api/grants/RJH-2026-9999/record/verify'],
  ])('%s answers %i', async (_what, status, path) => {
    expect((await get(path, tokens.manager)).status).toBe(status);
  });
});

describe('the printable decision record (akt)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('shows motions, rounds, mail and the head hash; Swedish first, English with lang=en; no script', async () => {
    const sv = await (await get(`/dashboard/grants/${enc}/record`, tokens.manager)).text();
    const head = ((await (await get(`/api/grants/${enc}/record`, tokens.manager)).json()) as { chain: { headHash: string } }).chain.headHash;
    expect(sv).toContain('<html lang="sv">');
    expect(sv).toContain('Att bevilja 250 000 kr till brukarråden');
    expect(sv).toContain('Anna Berg');
    expect(sv).toContain('&lt;m0@grantflow&gt;');
    expect(sv).toContain(head);
    expect(sv).not.toMatch(/<script/i);
    // The timeline picture, drawn from the register: the plan's decision deadline among its dates.
    expect(sv).toContain('Tidslinje: planerade och faktiska datum');
    expect(sv).toMatch(/<svg class="timeline-svg"[^>]*role="img"/);
    expect(sv).toContain(plan.decision.group.deadline);
    const en = await (await get(`/dashboard/grants/${enc}/record?lang=en`, tokens.manager)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Decision record');
  });

  test('passes axe (WCAG 2.1 AA) and prints without navigation', async () => {
    const page = await browser.newPage();
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${tokens.manager}` });
    await page.goto(`${base}/dashboard/grants/${enc}/record`);
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    // On paper the timeline fits the page's width (no scrolling there).
    const fig = page.locator('.record-timeline svg');
    const [figWidth, mainWidth] = [(await fig.boundingBox())!.width, (await page.locator('main').boundingBox())!.width];
    expect(figWidth).toBeLessThanOrEqual(mainWidth);
    await page.locator('.record-timeline').screenshot({ path: path.join(ARTIFACTS, 'record-timeline-print.png') });
    await page.close();
  });

  test('a record whose timeline cannot be drawn is shown whole without the picture', async () => {
    const res = await get(`/dashboard/grants/${encodeURIComponent(PARTIAL)}/record`, tokens.manager);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Beslutsakt: Brukarråden i länet');
    expect(page).not.toContain('timeline-svg');
  });

  test('an unknown or malformed case number is the 404 page, not a 500', async () => {
    expect((await get('/dashboard/grants/RJH-2026-9999/record', tokens.manager)).status).toBe(404);
    expect((await get(`/dashboard/grants/${encodeURIComponent('x'.repeat(300))}/record`, tokens.manager)).status).toBe(404);
  });
});
