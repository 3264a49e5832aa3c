/**
 * What the workbench's browser journeys share (test/e2e/workbench*.test.ts): the grant's state read
 * through the API, waiting for the workflow, an approver answering by the link in their mail, a
 * Chromium page at a width, axe and a screenshot of every page looked at, and one coordinator's
 * action from the grant's page through its confirmation.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { GrantState } from '../../workflows/grant/contract';
import { api, approvalLink, grantPath, header, recipients, type CaughtMail, type Stack } from './stack';
import { axeViolations, shot } from './browser';

export function workbenchJourney(held: { stack: Stack; browser: Browser }) {
  async function state(caseNumber: string): Promise<GrantState> {
    const res = await api(held.stack, 'GET', grantPath(caseNumber), { token: held.stack.tokens.manager });
    expect(res.status).toBe(200);
    return res.json<GrantState>();
  }

  async function until(caseNumber: string, ok: (s: GrantState) => boolean, what: string): Promise<GrantState> {
    const end = Date.now() + 30_000;
    for (;;) {
      const s = await state(caseNumber);
      if (ok(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stage ${s.stage}, status ${s.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const invitation = (caseNumber: string, email: string) => (m: CaughtMail) => recipients(m).includes(email) && header(m, 'x-grantflow-purpose') === 'invitation' && m.subject.includes(caseNumber);

  /**
   * An approver opens the link in their `nth` invitation of the grant in Chromium (a browser of their
   * own, no account) and answers with the page's button; the page then says the answer was taken.
   */
  async function answerByMail(caseNumber: string, email: string, action: 'approve' | 'return', comment?: string, nth = 1) {
    const mails = await held.stack.mail.waitForCount(invitation(caseNumber, email), nth, 30_000, `invitation ${nth} to ${email}`);
    const link = approvalLink(mails[nth - 1]!, held.stack.baseUrl);
    const context = await held.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' });
    try {
      const page = await context.newPage();
      const opened = await page.goto(link);
      expect(opened?.status()).toBe(200);
      if (comment) await page.locator('#comment').fill(comment);
      const [answered] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator(`button[name="action"][value="${action}"]`).click()]);
      expect({ email, status: answered.status() }).toEqual({ email, status: 200 });
      await page.waitForLoadState('load');
      expect(await page.locator('button[name="action"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  }

  async function newPage(width: 1280 | 390): Promise<{ context: BrowserContext; page: Page }> {
    const context = await held.browser.newContext({ viewport: { width, height: width === 390 ? 844 : 900 }, locale: 'sv-SE' });
    return { context, page: await context.newPage() };
  }

  /** Axe passes, and the page is on file for people to look at. */
  async function checked(page: Page, name: string) {
    expect({ name, violations: await axeViolations(page) }).toEqual({ name, violations: [] });
    await shot(page, name);
  }

  /** "Granska": the review page, or the problems the form shows, as the test's failure. */
  async function review(page: Page) {
    await page.getByRole('button', { name: 'Granska' }).click();
    await page.waitForLoadState('load');
    if ((await page.getByRole('heading', { level: 1, name: 'Granska och starta' }).count()) === 0) throw new Error(`the form was refused: ${await page.locator('#error-summary').textContent()}`);
  }

  /**
   * One action from the grant page: its link, the form (axe on it), the confirmation (axe), back on
   * the grant's page saying it is done (axe). `screenshot` names the form's and confirmation's files.
   */
  async function act(page: Page, name: string, fill: (p: Page) => Promise<void>, screenshot?: string) {
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await fill(page);
    if (screenshot) await checked(page, `${screenshot}-form`);
    else expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    await page.getByRole('heading', { level: 1, name: `Bekräfta: ${name}` }).waitFor().catch(async () => {
      throw new Error(`the action's form was refused: ${await page.getByRole('alert').textContent().catch(() => '(no problems shown)')}`);
    });
    if (screenshot) await checked(page, `${screenshot}-confirm`);
    else expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Bekräfta' }).click();
    await page.waitForURL(/\/dashboard\/grants\/.*done=1/);
    expect(await page.getByRole('status').first().textContent()).toContain('Klart.');
    expect(await axeViolations(page)).toEqual([]);
  }

  /** The grant's page once it has closed: the status says so, nothing more is offered, axe passes. */
  async function closedPage(page: Page, caseNumber: string, shotName: string) {
    await until(caseNumber, (s) => s.status === 'closed', 'the grant to close');
    await page.reload();
    expect(await page.locator('main').textContent()).toContain('Avslutat');
    expect(await page.getByRole('heading', { name: 'Dina åtgärder' }).count()).toBe(0);
    await checked(page, shotName);
  }

  return { state, until, invitation, answerByMail, newPage, checked, review, act, closedPage };
}
