/** The sign-in and the coordinators' workbench in the OpenAPI document: HTML pages and forms (docs/signin.md, docs/workbench.md). */
import { z } from 'zod';
import type { RouteDoc, schemaRegistry } from './openapi';
import { CaseParams } from './routes/grants';

const html = (description: string) => ({ description, contentType: 'text/html' as const });
const toSignIn = { description: 'No session: to the sign-in page.', headers: { Location: 'The sign-in page, with next=<this page>.' } };
const ActionParams = CaseParams.extend({ action: z.enum(['state-decision', 'requisition', 'payment', 'requirements', 'report', 'amend', 'revise', 'cancel']) });
const FormBody = z.record(z.string(), z.string()).describe('The form’s fields: `_csrf`, `_step` (review, edit, start or confirm) and the fields of the plan by their paths (`parts.0.amountOre`, in kronor) or of the action.');
const TemplateQuery = z.object({ template: z.enum(['quick', 'iop', 'steering', 'delegated', 'county']).optional() });
const form = { schema: FormBody, contentType: 'application/x-www-form-urlencoded' as const, example: { _csrf: '<token>', _step: 'review', caseNumber: 'RS/728/2026' } };

/** The routes, their schemas registered in the document's registry (called by api/openapi.ts once it has one). */
export function signinAndWorkbenchRoutes(registry: typeof schemaRegistry): RouteDoc[] {
  registry.add(ActionParams, { id: 'WorkbenchActionParams', description: 'A grant’s case number and one of the coordinator’s actions.' });
  registry.add(FormBody, { id: 'WorkbenchForm', description: 'A workbench form, as the browser sends it.' });
  registry.add(TemplateQuery, { id: 'WorkbenchTemplate', description: 'The template the plan form starts from (default: quick).' });
  return ROUTES;
}

const ROUTES: RouteDoc[] = [
  { method: 'get', path: '/dashboard/auth/start', operationId: 'signInStart', tag: 'Dashboard', summary: 'Sign in at the OpenID provider', description: 'With OIDC_ISSUER: to the provider’s authorization endpoint (code flow, PKCE S256, state and nonce in a ten-minute cookie).', responses: { 303: { description: 'To the provider.', headers: { Location: 'The authorization endpoint.' } }, 503: html('The provider cannot be reached.') } },
  { method: 'get', path: '/dashboard/auth/callback', operationId: 'signInCallback', tag: 'Dashboard', summary: 'Back from the provider', description: 'Exchanges the code, verifies the ID token against the provider’s keys and maps its claims; the ID token becomes the gf_session cookie (HttpOnly, SameSite=Lax) until it expires, eight hours at most.', responses: { 303: { description: 'Signed in: to where the person began.', headers: { Location: 'The page.', 'Set-Cookie': 'gf_session' } }, 400: html('The sign-in failed or expired.'), 403: html('The account has no role or organisation in grantflow.') } },
  { method: 'get', path: '/dashboard/workbench', operationId: 'workbenchHome', tag: 'Dashboard', summary: 'Mina bidrag', description: 'The organisation’s open grants, what waits for the coordinator first, and the templates to start one from.', roles: ['coordinator', 'manager'], auth: 'session', responses: { 200: html('The page.'), 303: toSignIn, 403: html('The token lacks the role.') } },
  { method: 'get', path: '/dashboard/workbench/new', operationId: 'workbenchNew', tag: 'Dashboard', summary: 'A grant’s plan form, from a template', roles: ['coordinator'], auth: 'session', query: TemplateQuery, responses: { 200: html('The form.'), 303: toSignIn, 403: html('The token lacks the role.') } },
  { method: 'post', path: '/dashboard/workbench/new', operationId: 'workbenchStart', tag: 'Dashboard', summary: 'Review and start a grant', description: 'Checked as POST /api/grants checks a plan; started the same way. Must carry the session’s CSRF token and come from this site.', roles: ['coordinator'], auth: 'session', body: form, responses: { 200: html('The form again (a row added or removed), or the review with the plan’s dates.'), 303: { description: 'Started: to the grant’s page.', headers: { Location: 'The grant’s page.' } }, 403: html('No CSRF token, another site, or another organisation.'), 409: html('The case number already has a grant: said at the case number.'), 422: html('Every problem, at its field and in a summary.') } },
  { method: 'get', path: '/dashboard/workbench/grants/:caseNumber/:action', operationId: 'workbenchActionForm', tag: 'Dashboard', summary: 'A coordinator’s action on a grant', description: 'Only when the grant’s state allows the action now.', roles: ['coordinator'], auth: 'session', params: ActionParams, responses: { 200: html('The form.'), 303: toSignIn, 403: html('The token lacks the role.'), 404: html('No such grant (or one of another organisation).'), 409: html('The action is not open now.') } },
  { method: 'post', path: '/dashboard/workbench/grants/:caseNumber/:action', operationId: 'workbenchAction', tag: 'Dashboard', summary: 'Confirm and send an action', description: 'review → the confirmation step; confirm → the same Update as the JSON API (recordFact, amend, revise, cancel). Must carry the session’s CSRF token.', roles: ['coordinator'], auth: 'session', params: ActionParams, body: form, responses: { 200: html('The confirmation step.'), 303: { description: 'Done: to the grant’s page as it now stands.', headers: { Location: 'The grant’s page.' } }, 403: html('No CSRF token, another site, or the role.'), 404: html('No such grant.'), 409: html('The action is not open now.'), 422: html('Every problem, or the workflow’s refusal, named on the form.') } },
];
