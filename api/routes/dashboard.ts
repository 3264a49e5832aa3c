/**
 * The managers' dashboard, mounted on /dashboard: server-rendered pages, no JavaScript.
 *
 *   GET  /dashboard/login                 the login form (paste a token)
 *   POST /dashboard/login                 verifies the token, sets the `gf_session` cookie, 303 to the list (or `next`)
 *   POST /dashboard/logout                clears the cookie, 303 to the login form
 *   GET  /dashboard                       the grant list (GET form filters, sorting, pages)
 *   GET  /dashboard/export.csv            the list's CSV export (the same as /api/grants.csv, with the cookie)
 *   GET  /dashboard/grants/:caseNumber    a grant's page
 *   GET  /dashboard/grants/:caseNumber/revisions   its basis by revision, two side by side (?from=&to=)
 *   GET|POST /dashboard/plans/preview     a plan's timeline before it starts (./planPreview)
 *
 * Browsers send no bearer header when they navigate, so these routes (and only these: the cookie's
 * Path is /dashboard) also accept the session cookie: the same JWT, HttpOnly, SameSite=Strict,
 * Secure when served over https. A request without a valid session is sent (303) to the login form.
 */
import { recordPageRoutes, type RecordDeps } from './record';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
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
import { documented, mount, type ResponseDoc } from '../routeRegistry';
import { named } from '../schemaRegistry';
import { LIST_AS_OF } from '../schemas/lists';
import { CaseParams, QUICK_GRANT_EXAMPLE } from '../schemas/grants';
import { ProblemDetails } from '../schemas/problem';
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

export const DASHBOARD_PAGE_SIZE = 25;
const NO_GRANT = text('bidraget finns inte', 'no such grant');
/** The longest a dashboard session lasts, whatever the token's own expiry. */
export const SESSION_MAX_SECONDS = 8 * 60 * 60;
const READ_ROLES = ['manager', 'coordinator'] as const;

export const LoginForm = named(
  z.object({
    token: z.string().min(1).max(8192),
    next: z.string().max(2000).optional(),
  }),
  { id: 'LoginForm', description: 'The dashboard’s login form: a bearer token (as npm start prints) and where to go next. Fields the form does not have are ignored.' },
);

const html = (description: string): ResponseDoc => ({ description, contentType: 'text/html' });
const NO_SESSION = { description: 'No session (a browser, no Authorization header): to the login form.', headers: { Location: 'The login form, with next=<this page>.' } };

export const DASHBOARD_ROUTES = {
  loginPage: documented({ method: 'get', path: '/dashboard/login', operationId: 'dashboardLoginPage', tag: 'Dashboard', summary: 'The login form', responses: { 200: html('The form: paste a token.'), 303: { description: 'Already logged in: to `next` or the list.', headers: { Location: 'Where to go.' } } } }),
  login: documented({
    method: 'post',
    path: '/dashboard/login',
    operationId: 'dashboardLogin',
    tag: 'Dashboard',
    summary: 'Log in',
    description: 'Verifies the token and sets the session cookie for at most eight hours (never past the token’s expiry). Must come from this site.',
    body: { schema: LoginForm, contentType: 'application/x-www-form-urlencoded', example: { token: '<a JWT>', next: '/dashboard?overdue=true' } },
    responses: {
      303: { description: 'Logged in: to `next` (a dashboard path) or the list.', headers: { Location: 'Where to go.', 'Set-Cookie': 'gf_session' } },
      400: html('The form is incomplete: the login form again, saying so.'),
      401: html('The token is invalid or expired: the login form again.'),
      403: html('Cross-site, or the token lacks the role: the login form again.'),
      413: html('The form is larger than 16 kB: the login form again, saying so.'),
      415: html('The form’s charset is not supported: the login form again.'),
    },
  }),
  logout: documented({ method: 'post', path: '/dashboard/logout', operationId: 'dashboardLogout', tag: 'Dashboard', summary: 'Log out', responses: { 303: { description: 'The cookie is cleared; to the login form.', headers: { Location: 'The login form.' } }, 403: html('Cross-site.') } }),
  list: documented({
    method: 'get',
    path: '/dashboard',
    operationId: 'dashboardList',
    tag: 'Dashboard',
    summary: 'The grant list',
    description: 'The filters of GET /api/grants as a form, read from the register; overdue grants highlighted; decided and paid beside the amount; pages of 25; "Uppdaterad hh:mm:ss" says when the list was read.',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    query: GrantListQuery,
    responses: {
      200: { ...html('The list.'), headers: { 'X-List-As-Of': LIST_AS_OF } },
      303: NO_SESSION,
      400: html('The filters are invalid: the page names each problem in its language and keeps the rest of the form.'),
      403: html('The token lacks the role.'),
    },
  }),
  export: documented({
    method: 'get',
    path: '/dashboard/export.csv',
    operationId: 'dashboardExport',
    tag: 'Dashboard',
    summary: 'The list as CSV',
    description: 'As GET /api/grants.csv, with the session cookie.',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    query: GrantListQuery,
    responses: {
      200: { description: 'The CSV file.', contentType: 'text/csv', headers: { 'X-List-As-Of': LIST_AS_OF } },
      303: NO_SESSION,
      400: { description: 'The filters are invalid.', schema: ProblemDetails, contentType: 'application/problem+json' },
      403: html('The token lacks the role.'),
    },
  }),
  grant: documented({
    method: 'get',
    path: '/dashboard/grants/:caseNumber',
    operationId: 'dashboardGrant',
    tag: 'Dashboard',
    summary: 'A grant’s page',
    description: 'Its stages as a picture, deadlines, rounds and answers, money, the timeline, and a link to the workflow in the Temporal UI.',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    params: CaseParams,
    responses: {
      200: html('The grant.'),
      400: html('The path is not valid percent-encoding.'),
      303: NO_SESSION,
      403: html('The token lacks the role.'),
      404: html('No such grant (or one of another organisation).'),
    },
  }),
};

const RevisionNumber = z.coerce.number().int().min(1).max(10_000);
export const RevisionsQuery = named(
  z.object({
    rev: RevisionNumber.optional(),
    from: RevisionNumber.optional(),
    to: RevisionNumber.optional(),
    all: z.literal('1').transform(() => true).optional(),
    lang: z.enum(['sv', 'en']).optional(),
  }),
  { id: 'RevisionsQuery', description: 'Which revision of the basis to read (`rev`), or which two to compare (`from`, `to`; `all=1` shows unchanged lines too).' },
);

/** The plan preview's form (multipart/form-data): the plan's JSON as text, or its file. */
export const PreviewForm = named(z.object({ plan: z.string().optional(), file: z.string().optional() }), {
  id: 'PreviewForm',
  description: 'The plan preview form: the plan’s JSON pasted (`plan`) or as a file (`file`); the file wins when both are given.',
});

export const DASHBOARD_PAGES = {
  revisions: documented({
    method: 'get',
    path: '/dashboard/grants/:caseNumber/revisions',
    operationId: 'dashboardRevisions',
    tag: 'Dashboard',
    summary: 'A grant’s decision basis by revision',
    description: 'One revision’s basis (`rev`, default the current one), or two side by side (`from`, `to`; the changed lines only unless `all=1`), each change marked in words and with <del>/<ins>.',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    params: CaseParams,
    query: RevisionsQuery,
    responses: {
      200: html('The basis, or the comparison.'),
      303: NO_SESSION,
      400: html('A revision number is not a whole number from 1.'),
      403: html('The token lacks the role.'),
      404: html('No such grant, or no such revision of it.'),
    },
  }),
  previewForm: documented({
    method: 'get',
    path: '/dashboard/plans/preview',
    operationId: 'dashboardPreviewForm',
    tag: 'Dashboard',
    summary: 'The plan preview form',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    responses: { 200: html('The form: paste a plan’s JSON or choose its file.'), 303: NO_SESSION, 403: html('The token lacks the role.') },
  }),
  preview: documented({
    method: 'post',
    path: '/dashboard/plans/preview',
    operationId: 'dashboardPreview',
    tag: 'Dashboard',
    summary: 'Preview a plan’s timeline',
    description: 'Checks the plan as POST /api/plans/validate does and draws its timeline and basis; nothing starts. The file wins over the text when both are given. Must come from this site.',
    roles: ['manager', 'coordinator'],
    auth: 'session',
    body: { schema: PreviewForm, contentType: 'multipart/form-data', example: { plan: JSON.stringify(QUICK_GRANT_EXAMPLE) } },
    responses: {
      200: html('The plan can work: its timeline picture and basis.'),
      303: NO_SESSION,
      403: html('Cross-site, or the token lacks the role.'),
      413: html('The form is larger than 1 MB.'),
      422: html('No plan given, a text that is not JSON (where it stops), or a plan that cannot work: every problem with its field, in the page’s language.'),
    },
  }),
};

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
    const lang = langOf(req);
    const actions = live ? actionsSection(lang, grant.caseNumber, openActions(grant, req.principal!), req.query.started ? 'started' : req.query.done ? 'done' : undefined) : undefined;
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
