/** The sign-in and the coordinators' workbench in the OpenAPI document: HTML pages and forms (docs/signin.md, docs/workbench.md). */
import { z } from 'zod';
import { documented, type RouteDoc } from './routeRegistry';
import { named } from './schemaRegistry';
import { CaseParams } from './routes/grants';
import { AgreementId } from './schemas/agreements';
import { ACTION_IDS } from './workbench/actions';
import { TEMPLATE_IDS } from './workbench/templates';

const html = (description: string) => ({ description, contentType: 'text/html' as const });
const toSignIn = { description: 'No session: to the sign-in page.', headers: { Location: 'The sign-in page, with next=<this page>.' } };
const ActionParams = named(CaseParams.extend({ action: z.enum(ACTION_IDS) }), { id: 'WorkbenchActionParams', description: 'A grant’s case number and one of the coordinator’s actions.' });
const FormBody = named(z.record(z.string(), z.string()), { id: 'WorkbenchForm', description: 'The form’s fields: `_csrf`, `_step` (review, edit, start or confirm) and the fields of the plan by their paths (`parts.0.amountOre`, in kronor) or of the action.' });
const TemplateQuery = named(
  z.object({
    template: z.enum(TEMPLATE_IDS).optional(),
    agreement: AgreementId.optional().describe('county only: the registered agreement the funds come from (its id); without it, the page to choose one'),
    county: z.string().regex(/^\d{2}$/).optional().describe('county only: the county (SCB code); default: the county of the coordinator’s region'),
  }),
  { id: 'WorkbenchTemplate', description: 'The template the plan form starts from (default: quick). The county-funds template first asks for the registered agreement and the county, and fills the parts from the county’s allocation.' },
);
const tooLarge = { 413: html('The form is too large.'), 415: html('The form’s charset is not supported.') };
const form = { schema: FormBody, contentType: 'application/x-www-form-urlencoded' as const, example: { _csrf: '<token>', _step: 'review', caseNumber: 'RS/728/2026' } };

const ROUTES: RouteDoc[] = [
  { method: 'get', path: '/dashboard/auth/start', operationId: 'signInStart', tag: 'Dashboard', summary: 'Sign in at the OpenID provider', description: 'With OIDC_ISSUER: to the provider’s authorization endpoint (code flow, PKCE S256, state and nonce in a ten-minute cookie).', responses: { 303: { description: 'To the provider.', headers: { Location: 'The authorization endpoint.' } }, 404: html('No OpenID provider is configured (OIDC_ISSUER unset).'), 503: html('The provider cannot be reached.') } },
  {
    method: 'post',
    path: '/dashboard/backchannel-logout',
    operationId: 'backchannelLogout',
    tag: 'Dashboard',
    summary: 'The provider ended a session (back-channel logout)',
    description: 'OpenID Connect Back-Channel Logout 1.0: the provider, not a browser, posts a logout token signed with its keys, for grantflow’s client, at most ten minutes old, with the logout event and a sid (or a sub). grantflow’s sessions of that provider session (or of that person) end at once, in every API process (the register’s ended_sessions). Register this address as the client’s back-channel logout URI at the provider.',
    body: { schema: named(z.object({ logout_token: z.string() }), { id: 'LogoutTokenForm', description: 'The logout token (a JWT).' }), contentType: 'application/x-www-form-urlencoded' as const, example: { logout_token: '<jwt>' } },
    responses: { 200: { description: 'The session is ended.' }, 400: { description: 'Not a logout token from the provider (signature, audience, age, event, nonce, sid/sub).' }, 404: html('No OpenID provider is configured (OIDC_ISSUER unset).'), 503: { description: 'The provider’s keys or the register cannot be reached; send it again.' } },
  },
  { method: 'get', path: '/dashboard/auth/callback', operationId: 'signInCallback', tag: 'Dashboard', summary: 'Back from the provider', description: 'Exchanges the code, verifies the ID token against the provider’s keys and maps its claims; the ID token becomes the gf_session cookie (HttpOnly, SameSite=Lax) until it expires, eight hours at most.', responses: { 303: { description: 'Signed in: to where the person began.', headers: { Location: 'The page.', 'Set-Cookie': 'gf_session' } }, 400: html('The sign-in failed or expired.'), 403: html('The account has no role or organisation in grantflow.'), 404: html('No OpenID provider is configured (OIDC_ISSUER unset).') } },
  { method: 'get', path: '/dashboard/workbench', operationId: 'workbenchHome', tag: 'Dashboard', summary: 'Mina bidrag', description: 'The organisation’s open grants, what waits for the coordinator first, and the templates to start one from.', roles: ['coordinator', 'manager'], auth: 'session', responses: { 200: html('The page.'), 303: toSignIn, 403: html('The token lacks the role.') } },
  { method: 'get', path: '/dashboard/workbench/new', operationId: 'workbenchNew', tag: 'Dashboard', summary: 'A grant’s plan form, from a template', roles: ['coordinator'], auth: 'session', query: TemplateQuery, responses: { 200: html('The form, or (county funds without an agreement) the page to choose the agreement and the county.'), 303: toSignIn, 400: html('No such template (the page names the templates), or an agreement id or county code not of its form (the choice again, the problem at its field).'), 422: html('No such agreement or county, or a retired agreement: the choice again, the problem at its field.'), 403: html('The token lacks the role.') } },
  { method: 'post', path: '/dashboard/workbench/new', operationId: 'workbenchStart', tag: 'Dashboard', summary: 'Review and start a grant', description: 'Checked as POST /api/grants checks a plan; started the same way. Must carry the session’s CSRF token and come from this site.', roles: ['coordinator'], auth: 'session', body: form, responses: { 200: html('The form again (a row added or removed), or the review with the plan’s dates.'), 400: html('The reviewed plan did not come back whole.'), 303: { description: 'Started: to the grant’s page.', headers: { Location: 'The grant’s page.' } }, 403: html('No CSRF token, another site, or another organisation.'), 409: html('The case number already has a grant: said at the case number.'), ...tooLarge, 422: html('Every problem, at its field and in a summary.') } },
  { method: 'get', path: '/dashboard/workbench/grants/:caseNumber/:action', operationId: 'workbenchActionForm', tag: 'Dashboard', summary: 'A coordinator’s action on a grant', description: 'Only when the grant’s state allows the action now.', roles: ['coordinator'], auth: 'session', params: ActionParams, responses: { 200: html('The form.'), 303: toSignIn, 400: html('The path is not valid percent-encoding.'), 403: html('The token lacks the role.'), 404: html('No such grant (or one of another organisation).'), 409: html('The action is not open now.') } },
  { method: 'post', path: '/dashboard/workbench/grants/:caseNumber/:action', operationId: 'workbenchAction', tag: 'Dashboard', summary: 'Confirm and send an action', description: 'review → the confirmation step; confirm → the same Update as the JSON API (recordFact, amend, revise, cancel). Must carry the session’s CSRF token.', roles: ['coordinator'], auth: 'session', params: ActionParams, body: form, responses: { 200: html('The confirmation step.'), 400: html('The path is not valid percent-encoding, or the reviewed plan did not come back whole.'), 303: { description: 'Done: to the grant’s page as it now stands.', headers: { Location: 'The grant’s page.' } }, 403: html('No CSRF token, another site, or the role.'), 404: html('No such grant.'), 409: html('The action is not open now.'), ...tooLarge, 422: html('Every problem, or the workflow’s refusal, named on the form.') } },
];

/** Declared with the others (api/routeRegistry.ts), so the document and the served routes stay one list. */
for (const route of ROUTES) documented(route);
