/**
 * Signing in with OpenID Connect, in Chromium, through the embedded provider (oidc-provider): the
 * sign-in page, the provider's login page, the session cookie, RP-initiated logout; and the API's
 * acceptance of the provider's tokens (client credentials) beside the development tokens.
 */
import { api, uniqueCase } from '../helpers/stack';
import { axeViolations, oidcStackAndBrowser, providerLogin, shot, signIn } from '../helpers/browser';
import { DEV_PASSWORD } from '../../scripts/oidc/users';

jest.setTimeout(180_000);

const held = oidcStackAndBrowser();

async function clientCredentialsToken(secret: string): Promise<string> {
  const res = await fetch(`${held.stack.oidc!.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`grantflow-integration:${secret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

test('a coordinator signs in at the provider and lands where she began, with an HttpOnly, SameSite=Lax session that ends with the ID token', async () => {
  const context = await held.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  try {
    await page.goto(`${held.stack.baseUrl}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    // The token form is gone: there is one way in.
    expect(await page.getByLabel('Åtkomsttoken').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'signin-sv-1280');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(/\/interaction\//);
    expect(page.url().startsWith(held.stack.oidc!.issuer)).toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'provider-login-sv-1280');

    // A wrong password: said at once, announced, the fields marked.
    await providerLogin(page, 'elin', 'fel');
    expect(await page.getByRole('alert').textContent()).toContain('Fel användarnamn eller lösenord');
    expect(await page.getByLabel('Lösenord').getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);

    await providerLogin(page, 'elin', DEV_PASSWORD);
    await page.waitForURL(`${held.stack.baseUrl}/dashboard`);
    expect(await page.locator('.dash-user').textContent()).toContain('Elin Ring');
    const session = (await context.cookies()).find((c) => c.name === 'gf_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/dashboard', secure: false });
    // The ID token's lifetime (an hour at the embedded provider), not the dashboard's eight-hour maximum.
    expect(session!.expires).toBeLessThanOrEqual(Date.now() / 1000 + 3600 + 5);
    expect(session!.expires).toBeGreaterThan(Date.now() / 1000 + 3000);
  } finally {
    await context.close();
  }
});

test('signing out ends the provider’s session too: the next sign-in asks for the password again', async () => {
  const context = await held.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' });
  const page = await context.newPage();
  try {
    await signIn(page, `${held.stack.baseUrl}/dashboard?lang=en`, 'chef', DEV_PASSWORD);
    expect(await page.locator('.dash-user').textContent()).toContain('Chef Psykisk Hälsa');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/session\/end/);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'provider-logout-en-390');
    await page.getByRole('button', { name: 'Yes, sign out' }).click();
    await page.waitForURL(`${held.stack.baseUrl}/dashboard/login?out=1&lang=en`);
    expect(await page.getByRole('status').textContent()).toContain('You are signed out.');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('gf_session');
    await shot(page, 'signin-signed-out-en-390');
    // The provider forgot her too: signing in again shows its login form instead of passing straight through.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/interaction\//);
    expect(await page.getByLabel('Username').isVisible()).toBe(true);
  } finally {
    await context.close();
  }
});

test('the API takes the provider’s client-credentials access token, maps its claims, and refuses one altered', async () => {
  const token = await clientCredentialsToken(held.stack.oidc!.secrets.integrationSecret);
  const caseNumber = uniqueCase('INT');
  const started = await api(held.stack, 'POST', '/api/grants', { token, body: { caseNumber, title: 'Integrationens bidrag', amountOre: 100_000, approver: { name: 'Karin', email: 'karin.int@example.se' } } });
  expect(started.status).toBe(201);
  const read = await api(held.stack, 'GET', `/api/grants/${encodeURIComponent(caseNumber)}`, { token });
  expect(read.json<{ startedBy: string; plan: { organisation: string } }>()).toMatchObject({ startedBy: 'Integration (ekonomisystem)', plan: { organisation: 'Region Jämtland Härjedalen' } });
  const [h, p, s] = token.split('.');
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, org: 'Region Västernorrland' })).toString('base64url')}.${s}`;
  expect((await api(held.stack, 'GET', '/api/grants', { token: forged })).status).toBe(401);
  // The development tokens keep working beside the provider's.
  expect((await api(held.stack, 'GET', '/api/grants', { token: held.stack.tokens.manager })).status).toBe(200);
});

test('the paste-a-token form is off when an OpenID provider is configured: its POST is not there', async () => {
  const res = await api(held.stack, 'POST', '/dashboard/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${held.stack.tokens.manager}` });
  expect(res.status).toBe(404);
  expect(res.headers.get('set-cookie')).toBeNull();
});
