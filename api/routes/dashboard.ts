/**
 * The managers' dashboard, mounted on /dashboard: server-rendered pages, no JavaScript.
 *
 *   GET  /dashboard/login                 the sign-in page (./signin serves it with a provider; this form without one)
 *   POST /dashboard/login                 development only (DASHBOARD_TOKEN_LOGIN): verifies a pasted token, sets the `gf_session` cookie
 *   POST /dashboard/logout                clears the cookie, 303 to the login form
 *   GET  /dashboard                       the grant list (GET form filters, sorting, pages)
 *   GET  /dashboard/export.csv            the list's CSV export (the same as /api/grants.csv, with the cookie)
 *   GET  /dashboard/grants/:caseNumber    a grant's page
 *   GET  /dashboard/grants/:caseNumber/revisions   its basis by revision, two side by side (?from=&to=)
 *   GET|POST /dashboard/plans/preview     a plan's timeline before it starts (./planPreview)
 *
 * Browsers send no bearer header when they navigate, so these routes (and only these: the cookie's
 * Path is /dashboard) also accept the session cookie: a JWT (the provider's ID token, or the pasted
 * one), HttpOnly, Secure when served over https (SameSite in api/auth.ts). A request without a valid session is sent (303) to the login form.
 */
import { recordPageRoutes, type RecordDeps } from './record';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { type z } from 'zod';
import type { Client } from '@temporalio/client';
import { decodeJwt } from 'jose';
import { SESSION_COOKIE, bearerClient, sessionToken, type Principal, type RequireRole } from '../auth';
import { HttpError, t as text, toHttpError } from '../errors';
import { problemsOf } from '../validate';
import { fromThisSite } from '../csrf';
import { CaseNumber } from '../../domain/plan';
import { stockholmDate } from '../../domain/dates';
import type { Pool } from 'pg';
import { grantWorkflowId } from '../../workflows/grant/contract';
import { GrantListQuery } from '../listQuery';
import { readGrantToShow } from '../grantRead';
import { mount } from '../routeRegistry';
import { methodNotAllowed } from '../refusals';
import { asOfHeader, countOverdue, listGrants, sendCsv, type ListSource } from './manager';
import { errorPage, loginPage, dashboardText, withLang } from '../views/dashboard';
import { listPage } from '../views/listPage';
import { grantPage } from '../views/grant';
import { revisionsPage } from '../views/revisionsPage';
import { planPreviewRoutes } from './planPreview';
import type { Lang } from '../views/layout';
import { actionsSection } from '../views/workbench/actions';
import { openActions } from '../workbench/actions';
import { sendProviderDown } from './providerDown';
import { DASHBOARD_PAGE_SIZE, NO_GRANT, SESSION_MAX_SECONDS, READ_ROLES, LoginForm, DASHBOARD_ROUTES, RevisionsQuery } from './dashboardRoutes';

/** Only a path inside the dashboard may be a redirect target (no open redirect). */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string') return undefined;
  return /^\/dashboard(?:[/?]|$)/.test(next) && !/[\\\u0000-\u001f]/.test(next) && !next.startsWith('//') ? next : undefined;
}

export function dashboardRouter(deps: {
  client: Client;
  register: Pick<Pool, 'query' | 'connect'>;
  requireRole: RequireRole;
  publicBaseUrl: string;
  temporalUiUrl: string;
  namespace: string;
  now?: () => number;
} & RecordDeps): Router {
  const { client, requireRole, publicBaseUrl } = deps;
  const src: ListSource = { register: deps.register };
  const now = deps.now ?? Date.now;
  const selfOrigin = new URL(publicBaseUrl).origin;
  const r = Router();
  const read = requireRole.orSession(...READ_ROLES);

  const langOf = (req: Request): Lang => (req.query.lang === 'en' ? 'en' : 'sv');
  const send = (res: Response, status: number, body: string) => res.status(status).type('html').send(body);
  const secure = (req: Request) => req.secure || selfOrigin.startsWith('https:');
  const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: 'strict' as const, secure: secure(req), path: '/dashboard' });

  r.use((_req, res, next) => {
    // Personal data of the organisation: never cached, never indexed.
    res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
    next();
  });

  /** CSRF for the two forms that change the session: they must come from this site. */
  const sameSite = (req: Request) => fromThisSite(req, selfOrigin);

  mount(r, '/dashboard', DASHBOARD_ROUTES.loginPage, [], async (req, res) => {
    const lang = langOf(req);
    const t = dashboardText[lang];
    const next = safeNext(req.query.next);
    // Already signed in with a valid session: straight on.
    const existing = sessionToken(req);
    if (existing) {
      const p = await requireRole.verify(existing).catch(() => undefined);
      if (p) return res.redirect(303, next ?? withLang('/dashboard', lang));
    }
    const message =
      req.query.out === '1' ? { tone: 'ok' as const, text: t.loggedOut } : req.query.expired === '1' ? { tone: 'warn' as const, text: t.expiredSession } : undefined;
    send(res, 200, loginPage({ lang, next, message, currentUrl: req.originalUrl }));
  }, { validate: false });

  mount(r, '/dashboard', DASHBOARD_ROUTES.login, [express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 100 })], async (req, res) => {
    const lang = langOf(req);
    const t = dashboardText[lang];
    const body = LoginForm.safeParse(req.body ?? {});
    const next = safeNext(body.success ? body.data.next : undefined);
    const refuse = (status: number, text: string) => send(res, status, loginPage({ lang, next, message: { tone: 'bad', text }, currentUrl: req.originalUrl }));
    if (!sameSite(req)) return refuse(403, t.badToken);
    if (!body.success) return refuse(400, t.badToken);
    let principal: Principal;
    try {
      principal = await requireRole.verify(body.data.token);
    } catch {
      return refuse(401, t.badToken);
    }
    if (!principal.roles.some((role) => role === 'admin' || (READ_ROLES as readonly string[]).includes(role))) return refuse(403, t.wrongRole);
    // The session ends with the token, and after a working day at the latest.
    const { exp } = decodeJwt(body.data.token);
    const left = typeof exp === 'number' ? Math.floor(exp - now() / 1000) : SESSION_MAX_SECONDS;
    res.cookie(SESSION_COOKIE, body.data.token, { ...cookieOptions(req), maxAge: Math.max(0, Math.min(left, SESSION_MAX_SECONDS)) * 1000 });
    req.log?.info({ sub: principal.sub }, 'dashboard login');
    res.redirect(303, next ?? withLang('/dashboard', lang));
  }, { validate: false });

  mount(r, '/dashboard', DASHBOARD_ROUTES.logout, [], (req, res) => {
    const lang = langOf(req);
    if (!sameSite(req)) return send(res, 403, errorPage({ lang, status: 403, currentUrl: req.originalUrl }));
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.redirect(303, withLang('/dashboard/login?out=1', lang));
  }, { validate: false });

  const parseFilters = (req: Request) => GrantListQuery.safeParse(req.query);

  /** What can be kept of filters that failed: each valid field on its own (the form shows them again). */
  function keepValid(query: unknown): Partial<GrantListQuery> {
    const raw = (query ?? {}) as Record<string, unknown>;
    const kept: Record<string, unknown> = {};
    for (const [k, schema] of Object.entries(GrantListQuery.shape)) {
      const one = (schema as z.ZodType).safeParse(raw[k]);
      if (one.success && one.data !== undefined) kept[k] = one.data;
    }
    return kept as Partial<GrantListQuery>;
  }

  mount(r, '/dashboard', DASHBOARD_ROUTES.list, [read], async (req, res) => {
    const lang = langOf(req);
    const principal = req.principal!;
    const parsed = parseFilters(req);
    const today = stockholmDate(now());
    if (!parsed.success) {
      // The page says what is wrong and keeps the rest of the form; it lists nothing until the filters are fixed.
      const overdueCount = await countOverdue(src, principal);
      return send(
        res,
        400,
        listPage({
          lang,
          principal,
          query: keepValid(req.query),
          items: [],
          total: 0,
          page: 1,
          pages: 1,
          pageSize: DASHBOARD_PAGE_SIZE,
          overdueCount,
          problems: problemsOf(parsed.error, ['query']),
          given: req.query as Record<string, unknown>,
          currentUrl: req.originalUrl,
          today,
        }),
      );
    }
    const query = parsed.data;
    const [page, overdueCount] = await Promise.all([listGrants(src, principal, query, DASHBOARD_PAGE_SIZE), countOverdue(src, principal)]);
    const asOf = asOfHeader(now());
    send(res.set('X-List-As-Of', asOf), 200, listPage({ lang, principal, query, ...page, asOf, overdueCount, currentUrl: req.originalUrl, today }));
  }, { validate: false });

  mount(r, '/dashboard', DASHBOARD_ROUTES.export, [read], async (req, res) => {
    const parsed = parseFilters(req);
    if (!parsed.success) throw new HttpError(400, 'invalid_request', text('begäran är ogiltig', 'the request is invalid'), problemsOf(parsed.error, ['query']));
    await sendCsv(res, src, req.principal!, parsed.data, publicBaseUrl, now());
  }, { validate: false });

  async function loadGrant(req: Request) {
    const caseNumber = CaseNumber.safeParse(req.params.caseNumber);
    if (!caseNumber.success) throw new HttpError(404, 'not_found', NO_GRANT);
    return { workflowId: grantWorkflowId(caseNumber.data), ...(await readGrantToShow({ client, register: deps.register, now }, caseNumber.data, req.principal!)) };
  }

  mount(r, '/dashboard', DASHBOARD_ROUTES.grant, [read], async (req, res) => {
    const { workflowId, grant, from } = await loadGrant(req);
    const live = from === 'workflow';
    const temporalUrl = live ? `${deps.temporalUiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(workflowId)}` : undefined;
    // The coordinator's actions (api/routes/grantActions.ts): none for a manager, none from the register.
    // The word that the last action went through is shown either way: the action that ends a grant
    // leads to its page read from the register.
    const lang = langOf(req);
    const went = req.query.started ? 'started' : req.query.done ? 'done' : undefined;
    const actions = live || went ? actionsSection(lang, grant.caseNumber, live ? openActions(grant, req.principal!) : [], went) : undefined;
    res.set('X-Grant-Source', from);
    send(res, 200, grantPage({ lang, principal: req.principal!, grant, temporalUrl, currentUrl: req.originalUrl, nowMs: now(), actions }));
  }, { validate: false });

  r.get('/grants/:caseNumber/revisions', read, async (req, res) => {
    const query = RevisionsQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'invalid_request', text('begäran är ogiltig', 'the request is invalid'), problemsOf(query.error, ['query']));
    const { grant } = await loadGrant(req);
    const page = revisionsPage({ lang: langOf(req), principal: req.principal!, grant, query: query.data, currentUrl: req.originalUrl });
    send(res, page.status, page.html);
  });

  recordPageRoutes(r, { register: deps.register, read, langOf });
  planPreviewRoutes(r, { read, sameSite, langOf, send, now, forbidden: (req, res) => send(res, 403, errorPage({ lang: langOf(req), status: 403, currentUrl: req.originalUrl, principal: req.principal })) });

  // Pages, never JSON: an unknown path, a missing session (a program whose bearer header failed: the 401 itself), no such grant.
  r.use(methodNotAllowed);
  r.use((req, _res, next) => next(new HttpError(404, 'not_found', text('sidan finns inte', 'no such page'))));
  r.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const [http, lang] = [toHttpError(err), langOf(req)];
    if (http.status === 401 && bearerClient(req)) return send(res.set(http.headers ?? {}), 401, errorPage({ lang, status: 401, message: http.detail[lang], currentUrl: req.originalUrl }));
    if (http.status === 401) {
      // No session, or one that expired: to the login form, back here afterwards.
      const hadSession = Boolean(sessionToken(req));
      if (hadSession) res.clearCookie(SESSION_COOKIE, cookieOptions(req));
      const back = req.method === 'GET' ? safeNext(req.originalUrl) : undefined;
      const q = new URLSearchParams();
      if (back && back !== '/dashboard' && back !== '/dashboard/') q.set('next', back);
      if (hadSession) q.set('expired', '1');
      if (lang === 'en') q.set('lang', 'en');
      const search = q.toString();
      return res.redirect(303, `/dashboard/login${search ? `?${search}` : ''}`);
    }
    if (http.code === 'provider_unavailable') return sendProviderDown(req, res, lang, err);
    if (http.status >= 500) {
      req.log?.error({ err }, 'dashboard page failed');
      return send(res, 500, errorPage({ lang, status: 500, currentUrl: req.originalUrl, principal: req.principal }));
    }
    if (req.path.endsWith('.csv')) return next(err);
    // The login form refused before its route (too large, an unknown charset): the form again, saying why.
    if (req.method === 'POST' && req.path === '/login') {
      return send(res, http.status, loginPage({ lang, message: { tone: 'bad', text: http.detail[lang] }, currentUrl: req.originalUrl }));
    }
    send(res, http.status, errorPage({ lang, status: http.status, message: http.status === 400 ? http.detail[lang] : undefined, currentUrl: req.originalUrl, principal: req.principal }));
  });

  return r;
}
