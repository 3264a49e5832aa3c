/**
 * Signing in with OpenID Connect, in Chromium, through the embedded provider (oidc-provider): the
 * sign-in page, the provider's login page, the session cookie, RP-initiated and back-channel logout; and the API's
 * acceptance of the provider's tokens (client credentials) beside the development tokens; and a
 * provider that does not answer, said as such (503), not as a failed sign-in.
 */
import { api, uniqueCase } from '../helpers/stack';
import { axeViolations, oidcStackAndBrowser, providerLogin, shot, signIn } from '../helpers/browser';
import { DEV_PASSWORD } from '../../scripts/oidc/users';
import { freePort } from '../../common/net';
import { createApp } from '../../api/app';
import { serve } from '../../api/serve';
import { createLogger } from '../../common/logger';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

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

test('a session ended at the provider (signed out there, not in grantflow) ends grantflow’s too, by back-channel logout, in every API process', async () => {
  const context = await held.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const page = await context.newPage();
  try {
    await signIn(page, `${held.stack.baseUrl}/dashboard/workbench`, 'elin', DEV_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Mina bidrag' }).waitFor();
    const session = (await context.cookies()).find((c) => c.name === 'gf_session')!.value;
    // Signed out at the provider itself, as from another application of the region.
    await page.goto(`${held.stack.oidc!.issuer}/session/end`);
    await page.getByRole('button', { name: 'Ja, logga ut' }).click();
    await page.waitForLoadState('load');
    // grantflow's cookie is still in the browser, and its ID token has most of its hour left, but
    // the session is over: the next page asks her to sign in, and the provider asks for her password.
    expect((await context.cookies()).find((c) => c.name === 'gf_session')?.value).toBe(session);
    await page.goto(`${held.stack.baseUrl}/dashboard/workbench`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(/\/interaction\//);
    expect(await page.getByLabel('Användarnamn').isVisible()).toBe(true);
    // The ended session is known to every process: it is in the register, not in one process's memory.
    const rows = await held.stack.register.owner.query<{ n: string }>("SELECT count(*) AS n FROM ended_sessions WHERE iss = $1 AND sid IS NOT NULL", [held.stack.oidc!.issuer]);
    expect(Number(rows.rows[0]!.n)).toBeGreaterThan(0);
    // The cookie presented directly: a page is refused as a signed-out request (to the login page).
    const direct = await fetch(`${held.stack.baseUrl}/dashboard/workbench`, { headers: { cookie: `gf_session=${session}` }, redirect: 'manual' });
    expect([direct.status, direct.headers.get('location')?.startsWith('/dashboard/login')]).toEqual([303, true]);
  } finally {
    await context.close();
  }
});

test('a back-channel logout that is not the provider’s is refused (400) and ends nothing', async () => {
  const url = `${held.stack.baseUrl}/dashboard/backchannel-logout`;
  const post = (body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const key = held.stack.oidc!.secrets.signingKey;
  const claims = { events: { 'http://schemas.openid.net/event/backchannel-logout': {} }, sid: 'forged-sid', sub: 'dev-elin' };
  const signed = async (k: JWK, extra: Record<string, unknown> = {}, audience = 'grantflow') =>
    new SignJWT({ ...claims, ...extra }).setProtectedHeader({ alg: 'RS256', kid: k.kid }).setIssuer(held.stack.oidc!.issuer).setAudience(audience).setIssuedAt().setJti(randomUUID()).setExpirationTime('2m').sign(await importJWK(k, 'RS256'));
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const stranger = { ...(await exportJWK(privateKey)), kid: key.kid };
  const cases: [string, string][] = [
    ['no token', ''],
    ['not a JWT', 'logout_token=abc'],
    ['another key', `logout_token=${await signed(stranger)}`],
    ['another audience', `logout_token=${await signed(key, {}, 'someone-else')}`],
    ['a nonce', `logout_token=${await signed(key, { nonce: 'n' })}`],
    ['no logout event', `logout_token=${await signed(key, { events: {} })}`],
  ];
  for (const [what, body] of cases) {
    const res = await post(body);
    expect({ what, status: res.status }).toEqual({ what, status: 400 });
  }
  const none = await held.stack.register.owner.query("SELECT 1 FROM ended_sessions WHERE sid = 'forged-sid'");
  expect(none.rowCount).toBe(0);
  // The same token, signed by the provider's key: taken (the provider's own are, above).
  const taken = await post(`logout_token=${await signed(key)}`);
  expect(taken.status).toBe(200);
  expect((await held.stack.register.owner.query("SELECT 1 FROM ended_sessions WHERE sid = 'forged-sid'")).rowCount).toBe(1);
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

/** The app as it runs, but pointed at a provider that does not answer (nothing listens on its port). */
async function withProviderDown(run: (baseUrl: string, issuer: string) => Promise<void>) {
  const [port, deadPort] = [await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${deadPort}`;
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = { ...held.stack.config, OIDC_ISSUER: issuer, HTTP_PORT: port, PUBLIC_BASE_URL: baseUrl };
  const server = await serve(createApp({ config, client: held.stack.client, log: createLogger('grantflow-e2e', 'silent') }), { port, host: '127.0.0.1' });
  try {
    await run(baseUrl, issuer);
  } finally {
    await server.stop();
  }
}

/** A token that names the provider as its issuer (never checked further: the provider cannot be asked for its keys). */
function providerToken(issuer: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k1' })}.${part({ iss: issuer, sub: 'elin', aud: 'grantflow', exp: Math.floor(Date.now() / 1000) + 600 })}.c2lnbmF0dXJl`;
}

test('the provider unreachable: signing in, a signed-in page and an API call answer 503 saying so (Swedish first, English available), never 401, and the session is kept', async () => {
  await withProviderDown(async (baseUrl, issuer) => {
    for (const lang of ['sv', 'en'] as const) {
      const context = await held.browser.newContext({ viewport: { width: lang === 'sv' ? 1280 : 390, height: 900 }, locale: 'sv-SE' });
      const page = await context.newPage();
      try {
        await page.goto(`${baseUrl}/dashboard/login${lang === 'en' ? '?lang=en' : ''}`);
        const [answer] = await Promise.all([page.waitForResponse((r) => r.url().includes('/dashboard/auth/start')), page.getByRole('button', { name: lang === 'sv' ? 'Logga in' : 'Sign in' }).click()]);
        expect(answer.status()).toBe(503);
        expect(await answer.headerValue('retry-after')).toBe('30');
        await page.getByRole('heading', { level: 1, name: lang === 'sv' ? 'Inloggningstjänsten svarar inte' : 'The sign-in service does not answer' }).waitFor();
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await page.getByRole('alert').textContent()).toContain(lang === 'sv' ? 'Försök igen om en stund' : 'try again in a moment');
        expect(await page.getByRole('link', { name: lang === 'sv' ? 'Försök igen' : 'Try again' }).count()).toBe(1);
        expect(await axeViolations(page)).toEqual([]);
        await shot(page, `signin-provider-down-${lang}-${lang === 'sv' ? 1280 : 390}`);
      } finally {
        await context.close();
      }
    }

    // A person signed in before the provider went away: a page says so (503), and keeps the session.
    const token = providerToken(issuer);
    for (const path of ['/dashboard', '/dashboard/workbench?lang=en']) {
      const res = await api({ baseUrl }, 'GET', path, { headers: { cookie: `gf_session=${token}` } });
      expect({ path, status: res.status }).toEqual({ path, status: 503 });
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.text).toContain(path.endsWith('lang=en') ? 'The sign-in service does not answer' : 'Inloggningstjänsten svarar inte');
    }
    // An integration's call: a problem document naming the cause.
    const call = await api({ baseUrl }, 'GET', '/api/grants', { token });
    expect(call.status).toBe(503);
    expect(call.headers.get('retry-after')).toBe('30');
    expect(call.json<{ code: string; detail: string }>()).toMatchObject({ code: 'provider_unavailable', detail: expect.stringContaining('identitetsleverantören') });
  });
});
