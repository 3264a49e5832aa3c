/**
 * The approval page in a real browser (Chromium through playwright-core): the approver opens the
 * link from the mail, reads the page, writes a comment and approves; the page also works on a
 * phone. Every approval page (before answering, the receipt, a refused answer, an expired link)
 * passes axe-core in Swedish and English at 1280 and 390 px. Screenshots go to test/artifacts/
 * (git-ignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import type { GrantState } from '../../workflows/grant/contract';
import { signLink, type LinkClaims } from '../../common/links';
import { axeViolations, shot } from '../helpers/browser';
import { api, approvalLink, grantPath, header, recipients, startStack, tokenOf, uniqueCase, type Stack } from '../helpers/stack';

jest.setTimeout(180_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../artifacts');

/** What the page functions use of the browser's globals (the project compiles without the DOM lib). */
interface BrowserGlobals {
  document: { documentElement: { scrollWidth: number } };
  getComputedStyle(el: unknown): { backgroundColor: string };
}

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [stack, browser] = await Promise.all([
    startStack(),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const approver = { name: 'Karin Ordförande', email: 'karin.browser@example.se' };

async function startGrant(amountOre = 600_000_000): Promise<{ caseNumber: string; link: string }> {
  const caseNumber = uniqueCase('RS');
  const res = await api(stack, 'POST', '/api/grants', {
    token: stack.tokens.coordinator,
    body: { caseNumber, title: 'Resurscentrum psykisk hälsa', amountOre, approver },
  });
  expect(res.status).toBe(201);
  const mail = await stack.mail.waitFor((m) => recipients(m).includes(approver.email) && m.subject.includes(caseNumber) && header(m, 'x-grantflow-purpose') === 'invitation', 30_000, 'the invitation');
  return { caseNumber, link: approvalLink(mail, stack.baseUrl) };
}

async function grantState(caseNumber: string): Promise<GrantState> {
  const res = await api(stack, 'GET', grantPath(caseNumber), { token: stack.tokens.manager });
  expect(res.status).toBe(200);
  return res.json<GrantState>();
}

test('an approver opens the link in Chromium, reads the page, comments and approves', async () => {
  const { caseNumber, link } = await startGrant();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(stack.baseUrl)) outside.push(r.url());
  });
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    // e.g. a CSP violation. The browser's own /favicon.ico request (404) is not the page's doing.
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) consoleErrors.push(`${m.text()} (${m.location().url.replace(/\/a\/.*/, '/a/…')})`);
  });
  try {
    const res = await page.goto(link);
    expect(res?.status()).toBe(200);

    // Readable: a language, one h1, buttons with accessible names, a labelled comment field.
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await expect(page.title()).resolves.toContain(caseNumber);
    const h1 = page.getByRole('heading', { level: 1 });
    await expect(h1.count()).resolves.toBe(1);
    expect(await h1.textContent()).toContain('Resurscentrum psykisk hälsa');
    const approve = page.getByRole('button', { name: 'Bifall', exact: true });
    const reject = page.getByRole('button', { name: 'Avslå', exact: true });
    const ret = page.getByRole('button', { name: 'Återremittera', exact: true });
    for (const b of [approve, reject, ret]) expect(await b.isVisible()).toBe(true);
    expect(await page.getByRole('table').textContent()).toContain('6\u00a0000\u00a0000,00\u00a0kr');
    const comment = page.getByLabel('Kommentar (krävs vid avslag och återremiss)');
    expect(await comment.isVisible()).toBe(true);
    // The stylesheet loaded (same origin) and is applied: the approve button is green.
    expect(await approve.evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).backgroundColor)).toBe('rgb(30, 122, 52)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'approval-page.png'), fullPage: true });

    const before = await grantState(caseNumber);
    expect(before.rounds[0]!.seats[0]!.answer).toBeUndefined();

    await comment.fill('Underlaget är komplett. Tillstyrks.');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), approve.click()]);
    expect(response.status()).toBe(200);
    await page.waitForLoadState('domcontentloaded');
    const status = page.getByRole('status').first();
    expect(await status.textContent()).toContain('Tack! Ditt svar är registrerat.');
    expect(await status.textContent()).toContain('Ditt svar: Bifall (');
    expect(await page.getByRole('button', { name: 'Bifall' }).count()).toBe(0);
    // Back to the whole basis: the same link, read-only now.
    expect(await page.getByRole('link', { name: 'Visa underlaget och alla svar' }).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'approval-page-decided.png'), fullPage: true });

    const after = await grantState(caseNumber);
    expect(after.decision?.outcome).toBe('approved');
    expect(after.rounds[0]!.seats[0]).toMatchObject({ answer: 'approve', answeredBy: approver.name, comment: 'Underlaget är komplett. Tillstyrks.' });

    expect(failed).toEqual([]);
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  } finally {
    await context.close();
  }
  expect(fs.statSync(path.join(ARTIFACTS, 'approval-page.png')).size).toBeGreaterThan(1000);
  expect(fs.statSync(path.join(ARTIFACTS, 'approval-page-decided.png')).size).toBeGreaterThan(1000);
});

test('on a phone (390×844) the buttons are visible and reachable, and the page does not scroll sideways', async () => {
  const { caseNumber, link } = await startGrant(1_153_715_691); // seed 004's county total, 11 537 156,91 kr
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, locale: 'sv-SE' });
  const page = await context.newPage();
  try {
    expect((await page.goto(link))?.status()).toBe(200);
    for (const name of ['Bifall', 'Avslå', 'Återremittera']) {
      const b = page.getByRole('button', { name, exact: true });
      expect(await b.isVisible()).toBe(true);
      const box = await b.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(box!.height).toBeGreaterThanOrEqual(44); // a comfortable touch target
    }
    const comment = page.getByLabel('Kommentar (krävs vid avslag och återremiss)');
    const box = await comment.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    const scrollWidth = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(ARTIFACTS, 'approval-page-phone.png'), fullPage: true });
    // Looking changed nothing.
    const s = await grantState(caseNumber);
    expect(s.rounds[0]!.seats[0]!.answer).toBeUndefined();
    expect(s.status).toBe('active');
  } finally {
    await context.close();
  }
});


// -------------------------------------------------------------------------------------------------
// Accessible (issue 17): every approval page passes axe-core (WCAG 2.1 A/AA) with zero violations,
// in Swedish and English, at 1280 and 390 px, with a screenshot of each. Every test starts a grant
// of its own and opens its own browser context.

type Lang = 'sv' | 'en';

const WORDS = {
  sv: {
    approve: 'Bifall',
    reject: 'Avslå',
    comment: 'Kommentar (krävs vid avslag och återremiss)',
    recorded: 'Tack! Ditt svar är registrerat.',
    commentRequired: 'Skriv en motivering',
    error: 'Något gick fel',
    expired: 'Länken har gått ut.',
  },
  en: {
    approve: 'Approve',
    reject: 'Reject',
    comment: 'Comment (required to reject or return)',
    recorded: 'Thank you! Your answer is recorded.',
    commentRequired: 'Write a reason',
    error: 'Something went wrong',
    expired: 'The link has expired.',
  },
} as const;

/** The link in the language asked for: Swedish is the grant's own; English by `?lang=en`. */
const inLang = (link: string, lang: Lang) => (lang === 'en' ? `${link}?lang=en` : link);

/**
 * Opens a context at 1280 px, lets `reach` bring the page about (it answers with the page's
 * response), then checks the page as it stands: the expected status and language, axe-core with
 * zero violations, a screenshot; then the same page at 390 px: axe again, no sideways scrolling,
 * a screenshot. Files: test/artifacts/approval-<name>-<lang>-<width>.png.
 */
async function atBothWidths(lang: Lang, name: string, status: number, reach: (page: Page) => Promise<Response | null>, check?: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === 'sv' ? 'sv-SE' : 'en-GB' });
  const page = await context.newPage();
  try {
    const res = await reach(page);
    expect(res?.status()).toBe(status);
    await page.waitForLoadState('load');
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    await expect(page.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    if (check) await check(page);
    for (const width of [1280, 390] as const) {
      if (width === 390) await page.setViewportSize({ width: 390, height: 844 });
      const file = `approval-${name}-${lang}-${width}`;
      expect({ file, violations: await axeViolations(page) }).toEqual({ file, violations: [] });
      const scrollWidth = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.documentElement.scrollWidth);
      expect({ file, fits: scrollWidth <= width }).toEqual({ file, fits: true });
      await shot(page, file);
      expect(fs.statSync(path.join(ARTIFACTS, `${file}.png`)).size).toBeGreaterThan(1000);
    }
  } finally {
    await context.close();
  }
}

describe('every approval page passes axe-core at 1280 and 390 px', () => {
  test.each(['sv', 'en'] as const)('the page before answering (%s)', async (lang) => {
    const { caseNumber, link } = await startGrant();
    await atBothWidths(lang, 'before', 200, (page) => page.goto(inLang(link, lang)), async (page) => {
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Resurscentrum psykisk hälsa');
      expect(await page.getByRole('button', { name: WORDS[lang].approve, exact: true }).isVisible()).toBe(true);
      expect(await page.getByLabel(WORDS[lang].comment).isVisible()).toBe(true);
    });
    // Looking changed nothing.
    expect((await grantState(caseNumber)).rounds[0]!.seats[0]!.answer).toBeUndefined();
  });

  test.each(['sv', 'en'] as const)('the receipt after answering (%s)', async (lang) => {
    const { caseNumber, link } = await startGrant();
    await atBothWidths(
      lang,
      'receipt',
      200,
      async (page) => {
        expect((await page.goto(inLang(link, lang)))?.status()).toBe(200);
        await page.getByLabel(WORDS[lang].comment).fill('Underlaget är komplett.');
        const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: WORDS[lang].approve, exact: true }).click()]);
        return response;
      },
      async (page) => {
        expect(await page.getByRole('status').first().textContent()).toContain(WORDS[lang].recorded);
        expect(await page.getByRole('button', { name: WORDS[lang].approve, exact: true }).count()).toBe(0);
      },
    );
    expect((await grantState(caseNumber)).rounds[0]!.seats[0]).toMatchObject({ answer: 'approve', comment: 'Underlaget är komplett.' });
  });

  test.each(['sv', 'en'] as const)('a refused answer: a rejection without a reason (%s)', async (lang) => {
    const { caseNumber, link } = await startGrant();
    await atBothWidths(
      lang,
      'refused',
      422,
      async (page) => {
        expect((await page.goto(inLang(link, lang)))?.status()).toBe(200);
        const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: WORDS[lang].reject, exact: true }).click()]);
        return response;
      },
      async (page) => {
        // The form again: the refusal announced above it and tied to the comment field, the buttons there to answer anew.
        expect(await page.getByRole('alert').textContent()).toContain(WORDS[lang].commentRequired);
        const comment = page.locator('textarea#comment');
        expect([await comment.getAttribute('aria-invalid'), await comment.getAttribute('aria-describedby')]).toEqual(['true', 'refused']);
        expect(await page.getByRole('button', { name: WORDS[lang].reject, exact: true }).count()).toBe(1);
      },
    );
    expect((await grantState(caseNumber)).rounds[0]!.seats[0]!.answer).toBeUndefined();
  });

  test.each(['sv', 'en'] as const)('an expired link (%s)', async (lang) => {
    const { link } = await startGrant();
    const token = tokenOf(link);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as LinkClaims;
    const expired = `${stack.baseUrl}/a/${signLink(stack.config.LINK_SECRET, { ...claims, e: Math.floor(Date.now() / 1000) - 60 })}`;
    await atBothWidths(lang, 'expired', 410, (page) => page.goto(inLang(expired, lang)), async (page) => {
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(WORDS[lang].error);
      expect(await page.getByRole('status').first().textContent()).toContain(WORDS[lang].expired);
    });
  });
});
