/**
 * CSRF on the workbench's forms: the coordinator, signed in through the embedded OpenID provider,
 * brings an action to its confirmation step in Chromium; then that confirmation POST is replayed
 * with the session's cookie but without the form's CSRF token, with a wrong one (a well-formed
 * token bound to another session), and with the right token from another site (Origin, or
 * Sec-Fetch-Site). Each is refused with the 403 page and the grant does not change (its `seq`, which
 * every change increments, included). The same POST with its token from this site then does what
 * it says, so the refusals are the CSRF checks' doing and nothing else's.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { GrantState } from '../../workflows/grant/contract';
import { csrfTokens } from '../../api/csrf';
import { DEV_PASSWORD } from '../../scripts/oidc/users';
import { addDays, stockholmDate } from '../../domain/dates';
import { api, grantPath, pageText, postForm, uniqueCase, type Answered } from '../helpers/stack';
import { oidcStackAndBrowser, signIn } from '../helpers/browser';
import { startSeed } from '../helpers/grants';

jest.setTimeout(180_000);

const held = oidcStackAndBrowser();

const REFUSED_SV = 'formuläret är för gammalt eller kommer från en annan webbplats; öppna sidan igen';

async function state(caseNumber: string): Promise<GrantState> {
  const res = await api(held.stack, 'GET', grantPath(caseNumber), { token: held.stack.tokens.manager });
  expect(res.status).toBe(200);
  return res.json<GrantState>();
}

/** The state once nothing moves any more (the invitation mails' activities are done): the same seq for a second. */
async function settled(caseNumber: string): Promise<GrantState> {
  const end = Date.now() + 30_000;
  let last = await state(caseNumber);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await state(caseNumber);
    if (now.seq === last.seq) return now;
    if (Date.now() > end) throw new Error(`the grant kept changing: seq ${last.seq} → ${now.seq}`);
    last = now;
  }
}

interface Confirmation {
  /** The form's action, absolute. */
  url: string;
  /** Its fields as the browser would send them on "Bekräfta" (the hidden ones and `_step=confirm`). */
  fields: Record<string, string>;
  /** The session's cookies for the form's address, as a Cookie header. */
  cookie: string;
}

/** Signs Elin in, opens the action's form on the grant, fills it and continues to the confirmation page; what its "Bekräfta" would post. */
async function confirmation(context: BrowserContext, page: Page, caseNumber: string, action: string, name: string, fill: (p: Page) => Promise<void>): Promise<Confirmation> {
  const base = held.stack.baseUrl;
  await signIn(page, `${base}/dashboard/workbench/grants/${encodeURIComponent(caseNumber)}/${action}`, 'elin', DEV_PASSWORD);
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await fill(page);
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await page.getByRole('heading', { level: 1, name: `Bekräfta: ${name}` }).waitFor();
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Bekräfta', exact: true }) });
  expect(await form.count()).toBe(1);
  const url = new URL((await form.getAttribute('action')) ?? page.url(), page.url()).toString();
  const fields: Record<string, string> = {};
  for (const input of await form.locator('input[type=hidden]').all()) fields[(await input.getAttribute('name'))!] = (await input.getAttribute('value')) ?? '';
  fields._step = 'confirm';
  expect(fields._csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // What the browser would send with the form (the provider's cookies on this host too: cookies ignore ports).
  const cookies = await context.cookies(url);
  expect(cookies.map((c) => c.name)).toContain('gf_session');
  return { url, fields, cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
}

/** A well-formed CSRF token, bound to a session that is not this one. */
const otherSessionsToken = () => csrfTokens(held.stack.config.LINK_SECRET).tokenFor('another-session');

const VARIANTS: { what: string; post: (c: Confirmation) => Promise<Answered> }[] = [
  {
    what: 'without the form’s CSRF token',
    post: (c) => postForm(c.url, { ...c.fields, _csrf: undefined }, { cookie: c.cookie, origin: held.stack.baseUrl }),
  },
  {
    what: 'with a wrong CSRF token (another session’s)',
    post: (c) => postForm(c.url, { ...c.fields, _csrf: otherSessionsToken() }, { cookie: c.cookie, origin: held.stack.baseUrl }),
  },
  {
    what: 'with the right token from another site (Origin header)',
    post: (c) => postForm(c.url, c.fields, { cookie: c.cookie, origin: 'https://evil.example' }),
  },
  {
    what: 'with the right token from another site (Sec-Fetch-Site: cross-site, no Origin)',
    post: (c) => postForm(c.url, c.fields, { cookie: c.cookie, 'sec-fetch-site': 'cross-site' }),
  },
];

/** The refusal: the workbench's 403 page, in Swedish, naming why. */
function expectRefused(res: Answered) {
  expect(res.status).toBe(403);
  expect(res.headers.get('location')).toBeNull();
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(pageText(res.text)).toContain(REFUSED_SV);
}

describe('cancelling a grant: the confirmation POST', () => {
  test.each(VARIANTS)('$what is refused with 403 and the grant stays active; with its token from this site it cancels', async ({ post }) => {
    const caseNumber = uniqueCase('CSRF');
    const started = await api(held.stack, 'POST', '/api/grants', {
      token: held.stack.tokens.coordinator,
      body: { caseNumber, title: 'Skydd mot förfalskade formulär', amountOre: 5_000_000, approver: { name: 'Karin', email: 'karin.csrf@example.se' }, deadline: addDays(stockholmDate(Date.now()), 30) },
    });
    expect(started.status).toBe(201);
    const context = await held.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const page = await context.newPage();
    try {
      const c = await confirmation(context, page, caseNumber, 'cancel', 'Avbryt bidraget', (p) => p.getByLabel('Skäl').fill('Projektet dras tillbaka.'));
      const before = await settled(caseNumber);
      expect(before.status).toBe('active');

      expectRefused(await post(c));
      await new Promise((r) => setTimeout(r, 500));
      const after = await state(caseNumber);
      expect(after.status).toBe('active');
      expect(after.cancelled).toBeUndefined();
      expect(after).toEqual(before);

      // The same form, as the page sends it: the session's token, from this site.
      const ok = await postForm(c.url, c.fields, { cookie: c.cookie, origin: held.stack.baseUrl, 'sec-fetch-site': 'same-origin' });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe(`/dashboard/grants/${encodeURIComponent(caseNumber)}?done=1`);
      const cancelled = await state(caseNumber);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.cancelled).toMatchObject({ by: 'Elin Ring', reason: 'Projektet dras tillbaka.' });
    } finally {
      await context.close();
    }
  });
});

describe('recording a fact (the state decision on an IOP grant, seed 000): the confirmation POST', () => {
  test.each(VARIANTS)('$what is refused with 403 and no decision is recorded; with its token from this site it is', async ({ post }) => {
    const { caseNumber } = await startSeed(held.stack, 'seed000');
    const context = await held.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const page = await context.newPage();
    try {
      const c = await confirmation(context, page, caseNumber, 'state-decision', 'Registrera statligt beslut', async (p) => {
        await p.getByLabel('Ja, beslutet kom').check();
        await p.getByLabel('Referens (t.ex. diarienummer för beslutet)').fill('S2025/04321');
      });
      expect(c.fields.subject).toBeTruthy();
      const before = await settled(caseNumber);
      const tranche = () => before.tranches.find((t) => t.id === c.fields.subject)!;
      expect(tranche()).toMatchObject({ status: 'waiting' });
      expect(tranche().condition).toBeUndefined();

      expectRefused(await post(c));
      await new Promise((r) => setTimeout(r, 500));
      const after = await state(caseNumber);
      expect(after.tranches.find((t) => t.id === c.fields.subject)!.condition).toBeUndefined();
      expect(after).toEqual(before);

      const ok = await postForm(c.url, c.fields, { cookie: c.cookie, origin: held.stack.baseUrl, 'sec-fetch-site': 'same-origin' });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe(`/dashboard/grants/${encodeURIComponent(caseNumber)}?done=1`);
      const recorded = await state(caseNumber);
      expect(recorded.tranches.find((t) => t.id === c.fields.subject)!.condition).toMatchObject({ met: true, by: 'Elin Ring', reference: 'S2025/04321' });
    } finally {
      await context.close();
    }
  });
});
