/**
 * Sign-in with OpenID Connect (authorization code + PKCE, openid-client), mounted on /dashboard
 * before the dashboard's own routes:
 *
 *   GET  /dashboard/login           the sign-in page (a button; the token form only under DASHBOARD_TOKEN_LOGIN)
 *   GET  /dashboard/auth/start      to the provider, with PKCE, state and nonce in a short-lived cookie
 *   GET  /dashboard/auth/callback   the code exchanged, the ID token verified; it becomes the session
 *   POST /dashboard/logout          ends grantflow's session and the provider's (RP-initiated logout)
 *   POST /dashboard/backchannel-logout  the provider says it ended a session (back-channel logout): grantflow's ends too
 *
 * The session cookie `gf_session` holds the ID token: HttpOnly, SameSite=Lax (it must survive the
 * redirect back from the provider; forms that change anything carry a CSRF token besides), Secure
 * over https, Path=/dashboard, and it ends when the ID token does (the provider's TTL), within a
 * working day at most. Without OIDC_ISSUER these routes step aside for the token form.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import { SESSION_COOKIE, sessionToken, type RequireRole } from '../auth';
import { HttpError } from '../errors';
import { fromThisSite } from '../csrf';
import type { Oidc } from '../oidc';
import { dashboardText, errorPage, withLang } from '../views/dashboard';
import type { Lang } from '../views/layout';
import { signinPage, signinText } from '../views/signin';
import { safeNext } from './dashboard';
import { SESSION_MAX_SECONDS } from './dashboardRoutes';
import { sendProviderDown } from './providerDown';
import { LogoutTokenInvalid, ProviderUnreachable } from '../oidc';
import type { EndedSessions } from '../endedSessions';


/** The sign-in in progress (PKCE verifier, state, nonce, where to go afterwards). */
const FLOW_COOKIE = 'gf_oidc';
const FLOW_PATH = '/dashboard/auth';
const FLOW_SECONDS = 600;

interface Flow {
  v: string;
  s: string;
  n: string;
  next?: string;
  lang: Lang;
}

function readFlow(req: Request): Flow | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === FLOW_COOKIE) {
      try {
        const f = JSON.parse(Buffer.from(part.slice(i + 1).trim(), 'base64url').toString('utf8')) as Flow;
        if (typeof f.v === 'string' && typeof f.s === 'string' && typeof f.n === 'string') return { ...f, next: safeNext(f.next), lang: f.lang === 'en' ? 'en' : 'sv' };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function signinRouter(deps: { oidc?: Oidc; requireRole: RequireRole; sessions: EndedSessions; publicBaseUrl: string; tokenLogin: boolean; scopes: string; now?: () => number }): Router {
  const { oidc, requireRole, tokenLogin } = deps;
  const now = deps.now ?? Date.now;
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  const selfOrigin = new URL(base).origin;
  const redirectUri = `${base}/dashboard/auth/callback`;
  const r = Router();
  const langOf = (req: Request): Lang => (req.query.lang === 'en' ? 'en' : 'sv');
  const secure = (req: Request) => req.secure || selfOrigin.startsWith('https:');
  const send = (res: Response, status: number, body: string) => res.status(status).set({ 'Cache-Control': 'no-store' }).type('html').send(body);

  // The token form's POST exists only under the development flag. A middleware, not a route: a
  // route here would answer OPTIONS /login by itself, with an Allow that lacks the dashboard's GET.
  r.use('/login', (req, res, next) => (req.method !== 'POST' || tokenLogin ? next() : send(res, 404, errorPage({ lang: langOf(req), status: 404, currentUrl: req.originalUrl }))));
  if (!oidc) return r;

  r.get('/login', async (req, res) => {
    const lang = langOf(req);
    const next = safeNext(req.query.next);
    const existing = sessionToken(req);
    if (existing && (await requireRole.verifySession(existing).catch(() => undefined))) return res.redirect(303, next ?? withLang('/dashboard', lang));
    const d = dashboardText[lang];
    const message = req.query.out === '1' ? { tone: 'ok' as const, text: d.loggedOut } : req.query.expired === '1' ? { tone: 'warn' as const, text: d.expiredSession } : undefined;
    send(res, 200, signinPage({ lang, next, message, tokenLogin, currentUrl: req.originalUrl }));
  });

  r.get('/auth/start', async (req, res, next) => {
    try {
      const lang = langOf(req);
      const conf = await oidc.configuration();
      const flow: Flow = { v: client.randomPKCECodeVerifier(), s: client.randomState(), n: client.randomNonce(), next: safeNext(req.query.next), lang };
      const url = client.buildAuthorizationUrl(conf, {
        redirect_uri: redirectUri,
        scope: deps.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(flow.v),
        code_challenge_method: 'S256',
        state: flow.s,
        nonce: flow.n,
        ui_locales: lang === 'en' ? 'en sv' : 'sv en',
      });
      res.cookie(FLOW_COOKIE, Buffer.from(JSON.stringify(flow)).toString('base64url'), { httpOnly: true, sameSite: 'lax', secure: secure(req), path: FLOW_PATH, maxAge: FLOW_SECONDS * 1000 });
      res.redirect(303, url.href);
    } catch (e) {
      next(e);
    }
  });

  r.get('/auth/callback', async (req, res) => {
    const flow = readFlow(req);
    const lang = flow?.lang ?? 'sv';
    const t = signinText[lang];
    res.clearCookie(FLOW_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secure(req), path: FLOW_PATH });
    const refuse = (status: number, text: string) => send(res, status, signinPage({ lang, next: flow?.next, message: { tone: 'bad', text }, tokenLogin, currentUrl: withLang('/dashboard/login', lang) }));
    if (!flow) return refuse(400, t.failed);
    let idToken: string | undefined;
    try {
      const conf = await oidc.configuration();
      const current = new URL(req.originalUrl, base);
      const tokens = await client.authorizationCodeGrant(conf, current, { pkceCodeVerifier: flow.v, expectedState: flow.s, expectedNonce: flow.n, idTokenExpected: true });
      idToken = tokens.id_token;
    } catch (e) {
      // The provider not answering (a network failure, not an OAuth error) is said as such.
      if (e instanceof ProviderUnreachable || (e instanceof TypeError && /fetch failed/i.test(e.message))) return sendProviderDown(req, res, lang, e);
      req.log?.info({ err: e instanceof Error ? e.message : String(e) }, 'sign-in refused by the provider or the callback');
      return refuse(400, t.failed);
    }
    let principal;
    try {
      principal = await requireRole.verify(idToken!);
    } catch (e) {
      if (e instanceof HttpError && e.status === 503) return sendProviderDown(req, res, lang, e);
      const why = e instanceof Error ? e.message : 'invalid token';
      req.log?.info({ reason: why }, 'sign-in without access');
      return refuse(403, t.noAccess(why));
    }
    const { exp } = decodeJwt(idToken!);
    const left = typeof exp === 'number' ? Math.floor(exp - now() / 1000) : SESSION_MAX_SECONDS;
    res.cookie(SESSION_COOKIE, idToken!, { httpOnly: true, sameSite: 'lax', secure: secure(req), path: '/dashboard', maxAge: Math.max(0, Math.min(left, SESSION_MAX_SECONDS)) * 1000 });
    req.log?.info({ sub: principal.sub, roles: principal.roles }, 'dashboard sign-in');
    res.redirect(303, flow.next ?? withLang('/dashboard', lang));
  });

  r.post('/logout', async (req, res, next) => {
    try {
      const lang = langOf(req);
      if (!fromThisSite(req, selfOrigin)) return send(res, 403, errorPage({ lang, status: 403, currentUrl: req.originalUrl }));
      const token = sessionToken(req);
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secure(req), path: '/dashboard' });
      const signedOut = `${base}${withLang('/dashboard/login?out=1', lang)}`;
      let fromProvider = false;
      try {
        fromProvider = Boolean(token && oidc.issued(decodeJwt(token)));
      } catch {
        fromProvider = false;
      }
      const conf = fromProvider ? await oidc.configuration() : undefined;
      if (!conf?.serverMetadata().end_session_endpoint) return res.redirect(303, signedOut);
      // The provider's session ends too; it sends the browser back to the signed-out page.
      res.redirect(303, client.buildEndSessionUrl(conf, { id_token_hint: token!, post_logout_redirect_uri: signedOut, ui_locales: lang }).href);
    } catch (e) {
      next(e);
    }
  });
  // Back-channel logout: the provider, not a browser, POSTs a signed logout token (form-encoded).
  // No session or CSRF token: the token's signature, audience and age are the authentication.
  // Answers 200 (recorded), 400 (not a logout token), 503 (the provider's keys or the register unreachable).
  const logoutForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 5 });
  r.post('/backchannel-logout', logoutForm, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const token = (req.body as { logout_token?: unknown } | undefined)?.logout_token;
    if (typeof token !== 'string' || !token) return res.status(400).json({ error: 'invalid_request', error_description: 'logout_token is required' });
    try {
      const key = await oidc.verifyLogout(token);
      await deps.sessions.end(key, SESSION_MAX_SECONDS);
      req.log?.info({ sub: key.sub, hasSid: Boolean(key.sid) }, 'session ended by the provider');
      res.status(200).end();
    } catch (e) {
      if (e instanceof LogoutTokenInvalid) {
        req.log?.info({ reason: e.message }, 'back-channel logout refused');
        return res.status(400).json({ error: 'invalid_request', error_description: e.message });
      }
      if (e instanceof ProviderUnreachable) return res.status(503).json({ error: 'temporarily_unavailable', error_description: 'the provider’s keys cannot be fetched' });
      req.log?.error({ err: e instanceof Error ? e.message : String(e) }, 'back-channel logout not recorded');
      res.status(503).json({ error: 'temporarily_unavailable', error_description: 'the ended session could not be recorded; send it again' });
    }
  });

  // The provider cannot be reached (discovery failed): a page that says so, not JSON.
  r.use((err: unknown, req: Request, res: Response, _next: NextFunction) => sendProviderDown(req, res, langOf(req), err));
  return r;
}
