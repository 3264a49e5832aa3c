/**
 * The dashboard's pictures in a real browser (Chromium through playwright-core), Swedish and
 * English, 1280 and 390 px wide: a grant's page (timeline picture and stage picture with dates),
 * a cancelled grant (stopped, not done), the plan preview (paste a plan, see its timeline; a bad
 * plan names every problem), two revisions side by side. Each page is screenshotted into
 * test/artifacts/ and checked by axe-core (zero violations). The favicon is served without a session.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { api, approvalLink, formValue, getPage, grantPath, header, postForm, recipients, startStack, uniqueCase, type Stack } from '../helpers/stack';
import { grantState, shiftedSeed, startSeed, type Seeded } from '../helpers/grants';
import { addDays, formatDate } from '../../domain/dates';

jest.setTimeout(300_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../artifacts');
const AXE = path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js');

interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: string[]; failureSummary: string }[] }[];
}
interface BrowserGlobals {
  document: { documentElement: { scrollWidth: number } };
  axe: { run(ctx: unknown, opts: unknown): Promise<AxeResult> };
}

let stack: Stack;
let browser: Browser;
let s4: Seeded;
let cancelled: Seeded;
let revised: string;
let lifoBefore: string;
const approver = { name: 'Karin Ordförande', email: 'karin.pictures@example.se' };

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [stack, browser] = await Promise.all([
    startStack(),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
  ]);
  const coordinator = stack.tokens.coordinator;
  // The 2020 county grant in anchoring, with one deadline moved a week (an amendment).
  s4 = await startSeed(stack, 'seed004');
  const lifo = (await grantState(stack, s4.caseNumber)).plan.anchoring!.groups[0]!;
  lifoBefore = lifo.deadline!;
  const moved = await api(stack, 'POST', `${grantPath(s4.caseNumber)}/amendments`, {
    token: coordinator,
    body: { reason: 'LIFO sammanträder en vecka senare', amendment: { type: 'deadline', target: 'round', groupId: lifo.id, date: addDays(lifo.deadline!, 7) } },
  });
  expect(moved.status).toBe(200);
  // A cancelled grant.
  cancelled = await startSeed(stack, 'seed000');
  expect((await api(stack, 'POST', `${grantPath(cancelled.caseNumber)}/cancel`, { token: coordinator, body: { reason: 'Medlen drogs tillbaka' } })).status).toBe(200);
  // A grant returned by its approver and revised: two revisions of the basis.
  revised = uniqueCase('RS');
  const first = { caseNumber: revised, title: 'Brukarråd 2027', amountOre: 40_000_000, approver };
  expect((await api(stack, 'POST', '/api/grants', { token: coordinator, body: first })).status).toBe(201);
  const mail = await stack.mail.waitFor((m) => recipients(m).includes(approver.email) && m.subject.includes(revised) && header(m, 'x-grantflow-purpose') === 'invitation', 30_000, 'the invitation');
  const link = approvalLink(mail, stack.baseUrl);
  expect((await postForm(link, { form: formValue((await getPage(link)).text), action: 'return', comment: 'Beloppet ska delas på två år.' })).status).toBe(200);
  await waitFor(async () => (await grantState(stack, revised)).status === 'returned');
  const second = { ...first, title: 'Brukarråd 2027–2028', amountOre: 55_000_000 };
  expect((await api(stack, 'POST', `${grantPath(revised)}/revisions`, { token: coordinator, body: { plan: second, comment: 'Två år, högre belopp' } })).status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function waitFor(ok: () => Promise<boolean>, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const VIEWS = [
  { lang: 'sv', width: 1280 },
  { lang: 'sv', width: 390 },
  { lang: 'en', width: 1280 },
  { lang: 'en', width: 390 },
] as const;

const WORDS = {
  sv: { token: 'Åtkomsttoken', login: 'Logga in', paste: 'Planens JSON', show: 'Visa tidslinjen', today: 'I dag', stopped: 'avbrutet', ok: 'planen kan fungera', changed: 'uppgifter ändrade', problems: 'Planen kan inte fungera' },
  en: { token: 'Access token', login: 'Sign in', paste: 'The plan’s JSON', show: 'Show the timeline', today: 'Today', stopped: 'cancelled', ok: 'the plan can work', changed: 'items changed', problems: 'The plan cannot work' },
};

/** axe-core on the page as it stands: every violation, with where it is. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).axe.run((globalThis as unknown as BrowserGlobals).document, { resultTypes: ['violations'] }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} – ${n.failureSummary}`));
}

/** Screenshot, axe, and the page keeps to the viewport's width (wide content scrolls in its own region). */
async function look(page: Page, name: string, width: number) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

describe.each(VIEWS)('in $lang at $width px', ({ lang, width }) => {
  const w = WORDS[lang];
  const q = lang === 'en' ? '?lang=en' : '';
  const tag = `${lang}-${width}`;
  let page: Page;

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: lang === 'sv' ? 'sv-SE' : 'en-GB', bypassCSP: true });
    page = await context.newPage();
    await page.goto(`${stack.baseUrl}/dashboard/login${q}`);
    await page.getByLabel(w.token).fill(stack.tokens.coordinator);
    await page.getByRole('button', { name: w.login }).click();
    expect(new URL(page.url()).pathname).toBe('/dashboard');
  });
  afterAll(async () => {
    await page?.context().close();
  });

  test('a grant’s page: the timeline picture with today and planned dates, the stage picture with dates, the amendment before → after', async () => {
    expect((await page.goto(`${stack.baseUrl}/dashboard/grants/${encodeURIComponent(s4.caseNumber)}${q}`))?.status()).toBe(200);
    const s = await grantState(stack, s4.caseNumber);
    const svg = page.locator('.tl-scroll svg[role=img]');
    expect(await svg.isVisible()).toBe(true);
    expect(await page.getByRole('region', { name: lang === 'sv' ? 'Tidslinjen som bild (rulla i sidled på smal skärm)' : 'The timeline as a picture (scroll sideways on a narrow screen)' }).count()).toBe(1);
    const texts = await svg.locator('text').allTextContents();
    expect(texts.some((t) => t.startsWith(w.today))).toBe(true);
    expect(texts.some((t) => t.includes(s.plan.decision.group.deadline!))).toBe(true);
    const table = await page.locator('table.timeline-table').innerText();
    expect(table).toContain(formatDate(s.plan.decision.group.deadline!, lang));
    expect(table).toContain(formatDate(s.plan.reports[0]!.due, lang));
    const decisionStep = await page.locator('ol.stepper li', { has: page.locator('.step-name', { hasText: lang === 'sv' ? 'Beslut' : 'Decision' }) }).first().innerText();
    expect(decisionStep).toContain(formatDate(s.plan.decision.group.deadline!, lang));
    const amended = await page.locator('ol.events li.event-amended').innerText();
    expect(amended).toContain(`${formatDate(lifoBefore, lang)} → ${formatDate(s.plan.anchoring!.groups[0]!.deadline!, lang)}`);
    // The stage and timeline pictures alone (docs/img/timeline.png is one of these).
    await page.locator('section[aria-labelledby=h-stages]').screenshot({ path: path.join(ARTIFACTS, `stages-${tag}.png`) });
    await page.locator('section[aria-labelledby=h-tl] .tl-scroll').screenshot({ path: path.join(ARTIFACTS, `timeline-${tag}.png`) });
    await look(page, `grant-${tag}`, width);
  });

  test('a cancelled grant looks stopped: its end is not a done ✓', async () => {
    await page.goto(`${stack.baseUrl}/dashboard/grants/${encodeURIComponent(cancelled.caseNumber)}${q}`);
    const end = page.locator('ol.stepper li').last();
    expect(await end.getAttribute('class')).toContain('ended');
    expect(await end.locator('.step-state').innerText()).toBe(w.stopped);
    expect(await page.locator('ol.stepper li.done').count()).toBe(0);
    await look(page, `cancelled-${tag}`, width);
  });

  test('the plan preview: paste a plan, see its timeline; a plan that cannot work names every problem', async () => {
    await page.goto(`${stack.baseUrl}/dashboard/plans/preview${q}`);
    const plan = shiftedSeed('seed002', `RJH/${width}/2026`);
    await page.getByLabel(w.paste).fill(JSON.stringify(plan, null, 2));
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: w.show }).click()]);
    expect(await page.getByRole('status').first().innerText()).toContain(w.ok);
    const texts = await page.locator('.tl-scroll svg text').allTextContents();
    expect(texts.some((t) => t.includes((plan.decision as { group: { deadline: string } }).group.deadline))).toBe(true);
    await look(page, `preview-${tag}`, width);

    const bad = { ...plan, totalOre: 1 };
    await page.getByLabel(w.paste).fill(JSON.stringify(bad));
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: w.show }).click()]);
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toContain(w.problems);
    expect(alert).toContain('totalOre');

    // The same plan as a file, the text field left empty.
    await page.getByLabel(w.paste).fill('');
    await page.locator('input[type=file][name=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: w.show }).click()]);
    expect(await page.getByRole('status').first().innerText()).toContain(w.ok);
  });

  test('two revisions side by side, what changed marked in words', async () => {
    // From the grant's events: the new revision, and the way to the comparison.
    await page.goto(`${stack.baseUrl}/dashboard/grants/${encodeURIComponent(revised)}${q}`);
    const event = page.locator('ol.events li.event-revised');
    expect(await event.innerText()).toContain('revision 1 → 2');
    await Promise.all([page.waitForLoadState('load'), event.getByRole('link').click()]);
    expect(new URL(page.url()).search).toBe(`?from=1&to=2${lang === 'en' ? '&lang=en' : ''}`);
    expect(await page.getByRole('status').innerText()).toContain(w.changed);
    const title = await page.locator('table.compare tr.change-changed', { hasText: lang === 'sv' ? 'Titel' : 'Title' }).innerText();
    expect(title).toContain('Brukarråd 2027');
    expect(title).toContain('Brukarråd 2027–2028');
    expect(await page.locator('table.compare ins').count()).toBeGreaterThan(0);
    await look(page, `revisions-${tag}`, width);
  });
});

test('the favicon is served without a session, and pages link it', async () => {
  const ico = await api(stack, 'GET', '/favicon.ico');
  expect(ico.status).toBe(200);
  expect(ico.headers.get('content-type')).toContain('image/svg+xml');
  expect(ico.text).toMatch(/^<svg /);
  expect((await getPage(`${stack.baseUrl}/dashboard/login`)).text).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
});

test('the preview takes no POST from another site and none without a session', async () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = `plan=${encodeURIComponent(JSON.stringify(shiftedSeed('seed003', 'RS/7/2026')))}`;
  const cross = await api(stack, 'POST', '/dashboard/plans/preview', { token: stack.tokens.manager, headers: { ...form, origin: 'http://evil.example' }, body });
  expect(cross.status).toBe(403);
  expect(cross.text).not.toContain('<svg');
  const anonymous = await api(stack, 'POST', '/dashboard/plans/preview', { headers: form, body });
  expect(anonymous.status).toBe(303);
  expect(anonymous.headers.get('location')).toBe('/dashboard/login');
  const same = await api(stack, 'POST', '/dashboard/plans/preview', { token: stack.tokens.manager, headers: { ...form, origin: stack.baseUrl }, body });
  expect(same.status).toBe(200);
  expect(same.text).toContain('role="img"');
  const notJson = await api(stack, 'POST', '/dashboard/plans/preview', { token: stack.tokens.manager, headers: form, body: 'plan=%7Bnot' });
  expect(notJson.status).toBe(422);
  expect(notJson.text).toContain('Planen är inte giltig JSON: fel på rad 1, tecken 2.');
});
