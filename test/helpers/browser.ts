/**
 * Chromium for the browser journeys (playwright-core, Debian's chromium): launch, an axe-core check
 * of the page as it stands, screenshots under test/artifacts/ (git-ignored), and signing in through
 * the embedded OpenID provider's login page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStack, type Stack } from './stack';

export const ARTIFACTS = path.resolve(__dirname, '../artifacts');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function launchChromium(): Promise<Browser> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it stands; the violations, one line each (empty
 * when it passes). axe is added through the DevTools protocol's evaluate, which the page's CSP
 * does not govern.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`)) as AxeResult;
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A full-page screenshot, test/artifacts/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** On the provider's login page (where the dashboard's sign-in button leads): the user's name and password. */
export async function providerLogin(page: Page, login: string, password: string, lang: 'sv' | 'en' = 'sv'): Promise<void> {
  await page.getByLabel(lang === 'sv' ? 'Användarnamn' : 'Username').fill(login);
  await page.getByLabel(lang === 'sv' ? 'Lösenord' : 'Password').fill(password);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: lang === 'sv' ? 'Logga in' : 'Sign in' }).click()]);
}

/** From any dashboard URL: the sign-in page's button, the provider's login page, back where it began. */
export async function signIn(page: Page, url: string, login: string, password: string): Promise<void> {
  await page.goto(url);
  const en = new URL(url).searchParams.get('lang') === 'en';
  await page.getByRole('button', { name: en ? 'Sign in' : 'Logga in' }).click();
  await page.waitForURL(/\/interaction\//);
  await providerLogin(page, login, password, en ? 'en' : 'sv');
  await page.waitForURL((u) => u.pathname.startsWith('/dashboard') && !u.pathname.startsWith('/dashboard/login') && !u.pathname.startsWith('/dashboard/auth'));
}

/**
 * A test file's stack with the embedded OpenID provider, and its Chromium: started before the
 * file's tests, stopped after them. Read them as `held.stack` and `held.browser` inside tests.
 */
export function oidcStackAndBrowser(): { stack: Stack; browser: Browser } {
  const held = {} as { stack: Stack; browser: Browser };
  beforeAll(async () => {
    [held.stack, held.browser] = await Promise.all([startStack({ oidc: true }), launchChromium()]);
  });
  afterAll(async () => {
    await held.browser?.close();
    await held.stack?.stop();
  });
  return held;
}
