/**
 * The managers' dashboard in a real browser (Chromium through playwright-core): an unauthenticated
 * visit is sent to the login form, the manager pastes a token and gets an HttpOnly, SameSite=Strict
 * session cookie, sees the organisation's grants (the overdue one marked in words, not only in
 * colour), filters them with the GET form, pages, exports CSV, opens a grant (the stage picture,
 * deadlines, money, rounds with who answered what, the timeline), reads it in English, and signs
 * out. No JavaScript, nothing outside the site, no CSP violation. The list (filtered, empty, with
 * bad filters) and the error pages (404, 403) pass axe-core in Swedish and English at 1280 and
 * 390 px. Screenshots go to test/artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { formatSek } from '../../domain/money';
import type { GrantState } from '../../workflows/grant/contract';
import { api, approvalLink, formValue, getPage, postForm, recipients, startStack, type Stack } from '../helpers/stack';
import { startOverdue, startSeed, waitUntilListed, type Seeded } from '../helpers/grants';
import { axeViolations, shot } from '../helpers/browser';

jest.setTimeout(240_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../artifacts');

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const grants: Seeded[] = [];
let states = new Map<string, GrantState>();
const consoleErrors: string[] = [];
const outside: string[] = [];
const brokenResources: string[] = [];
const bySeed = (name: Seeded['name']) => grants.find((g) => g.name === name)!;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [stack, browser] = await Promise.all([
    startStack(),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
  ]);
  for (const name of ['seed000', 'seed002', 'seed003', 'seed004'] as const) grants.push(await startSeed(stack, name));
  grants.push(await startOverdue(stack));

  // One LIFO member answers the 2020 county grant's anchoring, with a comment: the grant page shows who answered what.
  const s4 = bySeed('seed004');
  const mail = await stack.mail.waitFor((m) => recipients(m).includes('anna.berg@example.se') && m.subject.includes(s4.caseNumber), 30_000, 'the LIFO invitation');
  const link = approvalLink(mail, stack.baseUrl);
  const form = formValue((await getPage(link)).text);
  expect((await postForm(link, { form, action: 'approve', comment: 'LIFO tillstyrker. Bra att del IV går till ungdomsmottagningarna.' })).status).toBe(200);

  states = await waitUntilListed(stack, grants);
  context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'sv-SE', javaScriptEnabled: false });
  page = await context.newPage();
  page.on('console', (m) => {
    // A page answered with 4xx on purpose (a bad token, bad filters, an unknown grant) is logged as a failed load: not the page's fault.
    if (m.type() !== 'error' || m.location().url.endsWith('/favicon.ico') || /^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
    consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && !r.url().endsWith('/favicon.ico') && r.status() >= 400) brokenResources.push(`${r.status()} ${r.url()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(stack.baseUrl)) outside.push(r.url());
  });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.stop();
});

/** The visible text of the rows of the list, by case number. */
async function rows(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const row of await page.locator('table.grants tbody tr').all()) {
    const caseNumber = (await row.locator('td').first().innerText()).trim();
    out.set(caseNumber, (await row.innerText()).replace(/\s+/g, ' '));
  }
  return out;
}

/** Every form control has an accessible name (a label around it or pointing at it). */
async function unlabelledControls(): Promise<string[]> {
  const missing: string[] = [];
  for (const control of await page.locator('main input:not([type=hidden]), main select, main textarea').all()) {
    const name = await control.getAttribute('name');
    const id = await control.getAttribute('id');
    const wrapped = await control.evaluate((el) => (el as unknown as { closest(s: string): unknown }).closest('label') !== null);
    const pointed = id ? (await page.locator(`label[for="${id}"]`).count()) > 0 : false;
    if (!wrapped && !pointed) missing.push(name ?? '?');
  }
  return missing;
}

test('an unauthenticated visit goes to the login form; a bad token is refused there', async () => {
  const res = await api(stack, 'GET', '/dashboard');
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/dashboard/login');
  const deep = await api(stack, 'GET', `/dashboard/grants/${encodeURIComponent(bySeed('seed000').caseNumber)}`);
  expect(deep.status).toBe(303);
  expect(deep.headers.get('location')).toBe(`/dashboard/login?next=${encodeURIComponent(`/dashboard/grants/${encodeURIComponent(bySeed('seed000').caseNumber)}`)}`);
  // The API's bearer routes do not take the dashboard's cookie, and the dashboard takes the bearer header.
  expect((await api(stack, 'GET', '/dashboard', { token: stack.tokens.manager })).status).toBe(200);

  await page.goto(`${stack.baseUrl}/dashboard`);
  expect(new URL(page.url()).pathname).toBe('/dashboard/login');
  expect(await page.getAttribute('html', 'lang')).toBe('sv');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Logga in');
  await page.getByLabel('Åtkomsttoken').fill('not.a.token');
  await page.getByRole('button', { name: 'Logga in' }).click();
  expect(await page.locator('.notice.bad').innerText()).toContain('Token är ogiltig');
  expect(await context.cookies()).toEqual([]);
});

test('the manager logs in: an HttpOnly, SameSite=Strict session cookie for /dashboard only; the list of the organisation’s grants', async () => {
  await page.getByLabel('Åtkomsttoken').fill(stack.tokens.manager);
  await page.getByRole('button', { name: 'Logga in' }).click();
  expect(new URL(page.url()).pathname).toBe('/dashboard');
  const [cookie, ...others] = await context.cookies();
  expect(others).toEqual([]);
  expect(cookie).toMatchObject({ name: 'gf_session', httpOnly: true, sameSite: 'Strict', path: '/dashboard', secure: false });
  expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000);
  expect(cookie!.expires).toBeLessThanOrEqual(Date.now() / 1000 + 8 * 3600 + 5);
  // The cookie is the dashboard's: the JSON API still wants its bearer header.
  expect((await api(stack, 'GET', '/api/grants', { headers: { cookie: `gf_session=${cookie!.value}` } })).status).toBe(401);

  expect(await page.getAttribute('html', 'lang')).toBe('sv');
  await expect(page.title()).resolves.toContain('Bidrag');
  await expect(page.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
  expect(await page.locator('.dash-user').innerText()).toContain('Chef Psykisk Hälsa');
  const listed = await rows();
  expect([...listed.keys()].sort()).toEqual(grants.map((g) => g.caseNumber).sort());
  expect(await page.locator('[role=status]').first().innerText()).toBe(`${grants.length} bidrag matchar`);

  // Money in Swedish format, stages in Swedish, the next deadline.
  const s4 = states.get(bySeed('seed004').caseNumber)!;
  expect(listed.get(s4.caseNumber)).toContain('11 537 156,91 kr');
  expect(listed.get(s4.caseNumber)).toContain('Förankring');
  expect(listed.get(bySeed('seed002').caseNumber)).toContain('Västra Götalands län');

  // The overdue grant: a class for the colour, and the word.
  const overdue = grants.find((g) => g.name === 'overdue')!;
  const overdueRow = page.locator('table.grants tbody tr.overdue');
  await expect(overdueRow.count()).resolves.toBe(1);
  expect(await overdueRow.locator('td').first().innerText()).toBe(overdue.caseNumber);
  expect(await overdueRow.innerText()).toContain('Försenad');
  expect(await page.locator('.dash-summary').innerText()).toContain('1 försenat bidrag');
  // Soonest deadline first: the overdue grant leads.
  expect([...listed.keys()][0]).toBe(overdue.caseNumber);

  // Accessible: column headers with scope, every control labelled, sorted column announced.
  const headers = page.locator('table.grants thead th');
  expect(await headers.count()).toBeGreaterThan(5);
  for (const th of await headers.all()) expect(await th.getAttribute('scope')).toBe('col');
  expect(await page.locator('table.grants th[aria-sort=ascending]').innerText()).toContain('Nästa tidsfrist');
  expect(await unlabelledControls()).toEqual([]);

  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-list.png'), fullPage: true });
});

test('filters with the GET form: overdue only, then a stage; the form keeps what was chosen; bad input is explained', async () => {
  await page.getByLabel('Försenade').selectOption('true');
  await page.getByRole('button', { name: 'Filtrera' }).click();
  expect(new URL(page.url()).searchParams.get('overdue')).toBe('true');
  expect([...(await rows()).keys()]).toEqual([grants.find((g) => g.name === 'overdue')!.caseNumber]);
  expect(await page.getByLabel('Försenade').inputValue()).toBe('true');

  await page.getByLabel('Försenade').selectOption('');
  await page.getByLabel('Skede').selectOption('anchoring');
  await page.getByRole('button', { name: 'Filtrera' }).click();
  expect([...(await rows()).keys()]).toEqual([bySeed('seed004').caseNumber]);
  expect(await page.getByLabel('Skede').inputValue()).toBe('anchoring');

  await page.getByLabel('Skede').selectOption('');
  await page.getByLabel('Sök (titel eller diarienummer)').fill('psykisk hälsa');
  await page.getByRole('button', { name: 'Filtrera' }).click();
  expect([...(await rows()).keys()].sort()).toEqual([bySeed('seed003').caseNumber, bySeed('seed004').caseNumber].sort());

  const bad = await page.goto(`${stack.baseUrl}/dashboard?deadlineBefore=2024-02-30&stage=decision`);
  expect(bad?.status()).toBe(400);
  expect(await page.locator('.notice.bad').innerText()).toContain('Tidsfrist senast: ”2024-02-30” – är inget riktigt datum');
  expect(await page.getByLabel('Skede').inputValue()).toBe('decision');
  // The problem is tied to its field, and its name in the list leads there.
  const field = page.locator('#f-deadlineBefore');
  expect([await field.getAttribute('aria-invalid'), await field.getAttribute('aria-describedby')]).toEqual(['true', 'problem-deadlineBefore']);
  expect(await page.locator('#problem-deadlineBefore a').getAttribute('href')).toBe('#f-deadlineBefore');
  expect(await page.getByLabel('Skede').getAttribute('aria-invalid')).toBeNull();
});

test('sorts by a column header, pages with links, and exports the filtered list as CSV', async () => {
  await page.goto(`${stack.baseUrl}/dashboard?pageSize=10`);
  await page.locator('table.grants thead').getByRole('link', { name: 'Belopp' }).click();
  expect(new URL(page.url()).searchParams.get('sort')).toBe('totalOre');
  await page.locator('table.grants thead').getByRole('link', { name: /Belopp/ }).click();
  expect(new URL(page.url()).searchParams.get('sort')).toBe('-totalOre');
  expect([...(await rows()).keys()][0]).toBe(bySeed('seed004').caseNumber);

  await page.goto(`${stack.baseUrl}/dashboard?sort=caseNumber&pageSize=2`);
  const first = [...(await rows()).keys()];
  expect(first).toHaveLength(2);
  expect(await page.locator('nav.pager').innerText()).toContain(`Sida 1 av 3 · 1–2 av ${grants.length}`);
  await page.locator('nav.pager').getByRole('link', { name: /Nästa/ }).click();
  expect(new URL(page.url()).searchParams.get('page')).toBe('2');
  const second = [...(await rows()).keys()];
  expect(second).toHaveLength(2);
  expect(second).not.toEqual(expect.arrayContaining(first));
  await page.locator('nav.pager').getByRole('link', { name: /Föregående/ }).click();
  expect([...(await rows()).keys()]).toEqual(first);

  await page.goto(`${stack.baseUrl}/dashboard?county=14`);
  const href = await page.getByRole('link', { name: /Exportera till CSV/ }).getAttribute('href');
  expect(href).toBe('/dashboard/export.csv?county=14');
  const download = await context.request.get(`${stack.baseUrl}${href}`);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="bidrag-/);
  const body = await download.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = body.toString('utf8').slice(1).trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]!.startsWith(`${bySeed('seed002').caseNumber};`)).toBe(true);
  expect(lines[1]).toContain(';200000000;2\u00a0000\u00a0000,00;');
});

test('a grant’s page: header, the stage picture, deadlines, money, parts, rounds with who answered what, the timeline, a link to Temporal', async () => {
  await page.goto(`${stack.baseUrl}/dashboard?stage=anchoring`);
  const s4 = states.get(bySeed('seed004').caseNumber)!;
  await page.getByRole('link', { name: s4.caseNumber }).click();
  expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/dashboard/grants/${s4.caseNumber}`);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(s4.plan.title);
  const head = await page.locator('header.grant-head').innerText();
  for (const text of [s4.caseNumber, 'Region Jämtland Härjedalen', 'Jämtlands län', 'Pågående', 'Förankring']) expect(head).toContain(text);

  // The stages: anchoring is where the grant is; what the plan lacks is skipped; the rest is to come.
  const steps = page.locator('ol.stepper li');
  const picture: Record<string, string> = {};
  for (const li of await steps.all()) picture[(await li.locator('.step-name').innerText()).trim()] = (await li.getAttribute('class'))!.replace('step ', '');
  expect(picture).toEqual({
    Förankring: 'current',
    Beslut: 'upcoming',
    Undertecknande: 'skipped',
    Rekvisition: 'upcoming',
    Utbetalning: 'skipped',
    Nyttjande: 'upcoming',
    Återredovisning: 'upcoming',
    'Fortsatt arbete': 'skipped',
    Avslutat: 'upcoming',
  });
  expect(await steps.filter({ has: page.locator('.step-name', { hasText: 'Förankring' }) }).getAttribute('aria-current')).toBe('step');
  expect(await steps.filter({ hasText: 'Undertecknande' }).innerText()).toContain('ingår inte');

  // Deadlines, money in Swedish format, parts.
  const deadlines = await page.locator('section[aria-labelledby=h-deadlines]').innerText();
  expect(deadlines).toContain('LIFO');
  expect(deadlines).toContain('Fredagsgruppen');
  const money = await page.locator('table.money').innerText();
  expect(money.replace(/\s+/g, ' ')).toContain(`Totalt ${formatSek(1_153_715_691)}`);
  for (const label of ['Beslutat', 'Rekvirerat', 'Utbetalt', 'Förfallet', 'Att återbetala']) expect(money).toContain(label);
  const parts = await page.locator('section[aria-labelledby=h-parts]').innerText();
  expect(parts.replace(/\s+/g, ' ')).toContain('6 203 183,05 kr');
  expect(parts).toContain('Förvaltningsområde hälso- och sjukvård');

  // Who answered what, when, with which comment.
  const lifo = page.locator('section.round', { hasText: 'LIFO' });
  const anna = lifo.locator('tbody tr', { hasText: 'Anna Berg' });
  expect((await anna.innerText()).replace(/\s+/g, ' ')).toMatch(/Anna Berg .*Tillstyrkt LIFO tillstyrker\. Bra att del IV går till ungdomsmottagningarna\. \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  expect(await lifo.locator('tbody tr', { hasText: 'Bo Ek' }).innerText()).toContain('Inväntar svar');

  // The timeline: newest first, actor and Stockholm time.
  const events = page.locator('ol.events li');
  const newest = (await events.first().innerText()).replace(/\s+/g, ' ');
  expect(newest).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} Svar – Tillstyrkt \(Förankring: LIFO\) Av Anna Berg LIFO tillstyrker/);
  expect((await events.last().innerText()).replace(/\s+/g, ' ')).toMatch(/Ärendet startades Av Elin Ring/);

  const temporal = page.getByRole('link', { name: 'Arbetsflödet i Temporal UI' });
  expect(await temporal.getAttribute('href')).toBe(`${stack.config.TEMPORAL_UI_URL}/namespaces/${stack.config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(`grant:${s4.caseNumber}`)}`);

  // Headings in order; every table header has a scope.
  expect(await page.locator('h2').allInnerTexts()).toEqual(['Skeden', 'Tidslinje', 'Tidsfrister', 'Pengar', 'Delar', 'Omgångar och svar', 'Beslutsunderlag och revisioner', 'Händelser']);
  for (const th of await page.locator('main th').all()) expect(['col', 'row']).toContain(await th.getAttribute('scope'));

  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-grant.png'), fullPage: true });
});

test('the overdue grant’s page marks the passed deadline in words; an unknown grant is 404; English with ?lang=en', async () => {
  const overdue = grants.find((g) => g.name === 'overdue')!;
  await page.goto(`${stack.baseUrl}/dashboard/grants/${encodeURIComponent(overdue.caseNumber)}`);
  const row = page.locator('section[aria-labelledby=h-deadlines] tr.overdue');
  await expect(row.count()).resolves.toBe(1);
  expect(await row.innerText()).toContain('Försenad');
  expect(await row.innerText()).toContain('3 dagar sedan');

  const missing = await page.goto(`${stack.baseUrl}/dashboard/grants/${encodeURIComponent('RS/1/1999')}`);
  expect(missing?.status()).toBe(404);
  expect(await page.locator('.notice.bad').innerText()).toContain('Bidraget finns inte');

  await page.goto(`${stack.baseUrl}/dashboard/grants/${encodeURIComponent(bySeed('seed000').caseNumber)}?lang=en`);
  expect(await page.getAttribute('html', 'lang')).toBe('en');
  expect(await page.locator('h2').allInnerTexts()).toEqual(['Stages', 'Timeline', 'Deadlines', 'Money', 'Parts', 'Payments', 'Rounds and answers', 'Decision basis and revisions', 'Events']);
  expect(await page.locator('ol.stepper li.current .step-name').innerText()).toBe('Decision');
  await page.getByRole('link', { name: 'All grants' }).click();
  expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Grants');
  expect(await page.locator('table.grants tbody tr.overdue').innerText()).toContain('Overdue');
  await page.getByRole('link', { name: 'På svenska' }).click();
  expect(await page.getAttribute('html', 'lang')).toBe('sv');
});

test('another organisation’s coordinator sees none of these grants, not even by their address', async () => {
  const other = await browser.newContext({ javaScriptEnabled: false });
  const p = await other.newPage();
  await p.goto(`${stack.baseUrl}/dashboard/login`);
  await p.getByLabel('Åtkomsttoken').fill(stack.tokens.otherOrgCoordinator);
  await p.getByRole('button', { name: 'Logga in' }).click();
  expect(await p.locator('table.grants').count()).toBe(0);
  expect(await p.locator('main').innerText()).toContain('Inga bidrag matchar filtren.');
  const res = await p.goto(`${stack.baseUrl}/dashboard/grants/${encodeURIComponent(bySeed('seed000').caseNumber)}`);
  expect(res?.status()).toBe(404);
  await other.close();
});

test('logging out clears the session; the dashboard asks for a login again', async () => {
  await page.goto(`${stack.baseUrl}/dashboard`);
  await page.getByRole('button', { name: 'Logga ut' }).click();
  expect(new URL(page.url()).pathname).toBe('/dashboard/login');
  expect(await page.locator('.notice.ok').innerText()).toContain('Du är utloggad');
  expect(await context.cookies()).toEqual([]);
  await page.goto(`${stack.baseUrl}/dashboard`);
  expect(new URL(page.url()).pathname).toBe('/dashboard/login');
  // A logout or login posted from another site is refused.
  const cross = await api(stack, 'POST', '/dashboard/logout', { headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  expect(cross.status).toBe(403);
  const crossLogin = await api(stack, 'POST', '/dashboard/login', { headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${stack.tokens.manager}` });
  expect(crossLogin.status).toBe(403);
  expect(crossLogin.headers.get('set-cookie')).toBeNull();
});

// -------------------------------------------------------------------------------------------------
// Accessible (issue 17): the list and the dashboard's error pages pass axe-core (WCAG 2.1 A/AA) with
// zero violations, in Swedish and English, at 1280 and 390 px, with a screenshot of each. Each test
// signs in in a browser context of its own (the token form), independent of the tests above.

type Lang = 'sv' | 'en';
const withLang = (url: string, lang: Lang) => (lang === 'en' ? `${url}${url.includes('?') ? '&' : '?'}lang=en` : url);

/**
 * A context at 1280 px signed in with `token`; `reach` opens the page (answering with its response),
 * which must have the status and language asked for and pass `check`; then axe and a screenshot at
 * 1280 px and again at 390 px. Files: test/artifacts/dashboard-<name>-<lang>-<width>.png.
 */
async function a11y(token: string, lang: Lang, name: string, status: number, reach: (p: Page) => Promise<Response | null>, check: (p: Page) => Promise<void>) {
  // JavaScript on: axe runs in the page (the pages have no script of their own, so they look the same).
  const own = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === 'sv' ? 'sv-SE' : 'en-GB' });
  const p = await own.newPage();
  try {
    await p.goto(`${stack.baseUrl}/dashboard/login`);
    await p.getByLabel('Åtkomsttoken').fill(token);
    await p.getByRole('button', { name: 'Logga in' }).click();
    expect(new URL(p.url()).pathname).toBe('/dashboard');
    const res = await reach(p);
    expect(res?.status()).toBe(status);
    expect(await p.getAttribute('html', 'lang')).toBe(lang);
    await expect(p.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    await check(p);
    for (const width of [1280, 390] as const) {
      if (width === 390) await p.setViewportSize({ width: 390, height: 844 });
      const file = `dashboard-${name}-${lang}-${width}`;
      expect({ file, violations: await axeViolations(p) }).toEqual({ file, violations: [] });
      await shot(p, file);
      expect(fs.statSync(path.join(ARTIFACTS, `${file}.png`)).size).toBeGreaterThan(1000);
    }
  } finally {
    await own.close();
  }
}

/** The case numbers in the list on page `p`. */
const listed = async (p: Page) => Promise.all((await p.locator('table.grants tbody tr').all()).map(async (row) => (await row.locator('td').first().innerText()).trim()));

describe('the list and the error pages pass axe-core at 1280 and 390 px', () => {
  test.each(['sv', 'en'] as const)('the list with filters applied: the anchoring stage, sorted by amount (%s)', async (lang) => {
    await a11y(stack.tokens.manager, lang, 'list-filtered', 200, (p) => p.goto(withLang(`${stack.baseUrl}/dashboard?stage=anchoring&sort=-totalOre`, lang)), async (p) => {
      expect(await listed(p)).toEqual([bySeed('seed004').caseNumber]);
      expect(await p.locator('select[name=stage]').inputValue()).toBe('anchoring');
    });
  });

  test.each(['sv', 'en'] as const)('the list with an empty result (%s)', async (lang) => {
    await a11y(stack.tokens.manager, lang, 'list-empty', 200, (p) => p.goto(withLang(`${stack.baseUrl}/dashboard?q=${encodeURIComponent('ingenting matchar detta')}`, lang)), async (p) => {
      expect(await p.locator('table.grants tbody tr').count()).toBe(0);
      expect(await p.locator('main').innerText()).toContain(lang === 'sv' ? 'Inga bidrag matchar filtren.' : 'No grants match the filters.');
    });
  });

  test.each(['sv', 'en'] as const)('the list with filters it cannot take: the problems named, 400 (%s)', async (lang) => {
    await a11y(stack.tokens.manager, lang, 'list-bad-filters', 400, (p) => p.goto(withLang(`${stack.baseUrl}/dashboard?deadlineBefore=2024-02-30&stage=decision`, lang)), async (p) => {
      expect(await p.locator('.notice.bad').innerText()).toContain('2024-02-30');
      expect(await p.locator('select[name=stage]').inputValue()).toBe('decision');
    });
  });

  test.each(['sv', 'en'] as const)('404: an unknown grant (%s)', async (lang) => {
    await a11y(stack.tokens.manager, lang, 'grant-404', 404, (p) => p.goto(withLang(`${stack.baseUrl}/dashboard/grants/${encodeURIComponent('RS/1/1999')}`, lang)), async (p) => {
      expect(await p.locator('.notice.bad').innerText()).toContain(lang === 'sv' ? 'Bidraget finns inte' : 'The grant does not exist');
    });
  });

  // Another organisation's coordinator is not told the grant exists: its page is the 404 page, not a 403.
  test.each(['sv', 'en'] as const)('404: another organisation’s coordinator at a grant’s address (%s)', async (lang) => {
    await a11y(stack.tokens.otherOrgCoordinator, lang, 'grant-other-org-404', 404, (p) => p.goto(withLang(`${stack.baseUrl}/dashboard/grants/${encodeURIComponent(bySeed('seed000').caseNumber)}`, lang)), async (p) => {
      expect(await p.locator('.notice.bad').innerText()).toContain(lang === 'sv' ? 'Bidraget finns inte' : 'The grant does not exist');
      expect(await p.locator('main').innerText()).not.toContain(bySeed('seed000').title);
    });
  });

  test.each(['sv', 'en'] as const)('403: a manager at a coordinator’s action, by its address (%s)', async (lang) => {
    await a11y(stack.tokens.manager, lang, 'action-403', 403, (p) => p.goto(withLang(`${stack.baseUrl}/dashboard/workbench/grants/${encodeURIComponent(bySeed('seed000').caseNumber)}/cancel`, lang)), async (p) => {
      expect(await p.locator('.notice.bad').innerText()).toContain(lang === 'sv' ? 'kräver rollen samordnare (coordinator)' : 'requires the role coordinator');
    });
  });
});

test('the pages load nothing from outside and break no CSP rule', () => {
  expect(outside).toEqual([]);
  expect(consoleErrors).toEqual([]);
  expect(brokenResources).toEqual([]);
});
