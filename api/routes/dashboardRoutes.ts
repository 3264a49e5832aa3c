/** The dashboard's routes as documented, its forms and limits (api/routes/dashboard.ts serves them with these declarations). */
import { z } from 'zod';
import { t as text } from '../errors';
import { GrantListQuery } from '../listQuery';
import { documented, type ResponseDoc } from '../routeRegistry';
import { named } from '../schemaRegistry';
import { LIST_AS_OF } from '../schemas/lists';
import { CaseParams, QUICK_GRANT_EXAMPLE } from '../schemas/grants';
import { ProblemDetails } from '../schemas/problem';

export const DASHBOARD_PAGE_SIZE = 25;
export const NO_GRANT = text('bidraget finns inte', 'no such grant');
/** The longest a dashboard session lasts, whatever the token's own expiry. */
export const SESSION_MAX_SECONDS = 8 * 60 * 60;
export const READ_ROLES = ['manager', 'coordinator'] as const;

export const LoginForm = named(
  z.object({
    token: z.string().min(1).max(8192),
    next: z.string().max(2000).optional(),
  }),
  { id: 'LoginForm', description: 'The dashboard’s login form: a bearer token (as npm start prints) and where to go next. Fields the form does not have are ignored.' },
);

export const html = (description: string): ResponseDoc => ({ description, contentType: 'text/html' });
export const NO_SESSION = { description: 'No session (a browser, no Authorization header): to the login form.', headers: { Location: 'The login form, with next=<this page>.' } };

export const DASHBOARD_ROUTES = {
  loginPage: documented({ method: 'get', path: '/dashboard/login', operationId: 'dashboardLoginPage', tag: 'Dashboard', summary: 'The login form', responses: { 200: html('The sign-in page: a button to the OpenID provider, and the token form only under DASHBOARD_TOKEN_LOGIN (development).'), 303: { description: 'Already logged in: to `next` or the list.', headers: { Location: 'Where to go.' } } } }),
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

export const RevisionNumber = z.coerce.number().int().min(1).max(10_000);
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
