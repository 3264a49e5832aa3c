/**
 * The OpenAPI 3.1 document, built from the routes' own declarations (api/routeRegistry.ts: each
 * route file declares its routes where it serves them) and their zod schemas, converted with zod's
 * own `z.toJSONSchema` (JSON Schema 2020-12, the dialect OpenAPI 3.1 uses). A change to a route or
 * a schema is a change to the document; nothing here lists routes.
 *
 * test/unit/openapi.test.ts walks the express app and fails when a served route is not declared
 * (or declared but not served).
 */
import { z } from 'zod';
import { ERROR_RESPONSES, documentedRoutes, type Method, type ResponseDoc, type Tag } from './routeRegistry';
import { idOf, parameterObjects, schemaRegistry } from './schemaRegistry';
import { ProblemDetails } from './schemas/problem';
// The route modules declare their routes when they load: every one the app serves.
import './routes/service';
import './routes/grants';
import './routes/manager';
import './routes/agreementRoutes';
import './routes/approvals';
import './routes/dashboard';
import './routes/docs';
import './openapiWorkbench';

export { documentedRoutes, openApiPath };
export { GRANT_PLAN_EXAMPLE, QUICK_GRANT_EXAMPLE } from './schemas/grants';

export const OPENAPI_VERSION = '3.1.1';
/** The version of the API contract (not of the package). */
export const API_VERSION = '0.2.0';

export const TAGS: { name: Tag; description: string }[] = [
  { name: 'Plans', description: 'Check a plan before starting it.' },
  { name: 'Grants', description: 'Start a grant (one workflow per case number, ever) and read its state.' },
  { name: 'Lists', description: 'Managers’ and coordinators’ views over every grant of their organisation (admins: all), from the register (PostgreSQL), which keeps closed grants after Temporal has forgotten them.' },
  { name: 'Steering', description: 'Coordinators record what happened outside grantflow and change a running grant. Each is one Update of the grant’s workflow and answers with what it returned.' },
  { name: 'Approval pages', description: 'HTML pages behind the links in approval mails (not part of the JSON API). GET and HEAD only show; the decision is a form POST from the page itself.' },
  { name: 'Dashboard', description: 'The managers’ web dashboard: server-rendered HTML. A browser signs in at the region’s OpenID provider and then carries the gf_session cookie (HttpOnly, SameSite=Lax, Path=/dashboard; the development token form sets it SameSite=Strict); a bearer header works too. Without a session a page redirects (303) to the login form.' },
  { name: 'Agreements', description: 'National agreements (överenskommelser) and their allocation keys: register one, see what every county or one county receives per part, and turn a county’s share into a grant plan’s parts. Agreements are national: every coordinator and manager sees all of them.' },
  { name: 'Service', description: 'Health, readiness, metrics and this documentation. Only /metrics needs a token.' },
];

/** Routes the app serves that are not API operations (assets), with the reason they are left out. */
export const NOT_DOCUMENTED: Record<string, string> = {
  'GET /static/app.css': 'stylesheet of the HTML pages',
  'GET /static/docs.css': 'stylesheet of /docs',
  'GET /favicon.ico': 'the site icon (SVG)',
  'GET /favicon.svg': 'the site icon',
};

type Json = Record<string, unknown>;
export interface OpenApiDocument {
  openapi: string;
  info: Json;
  servers: { url: string; description?: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json>; securitySchemes: Record<string, Json> };
  security: Json[];
}

/** `/api/grants/:caseNumber` → `/api/grants/{caseNumber}`. */
function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

const SESSION_401: ResponseDoc = {
  description: 'An Authorization header that is not a valid bearer token (a program; a browser without a session is sent to the login form instead).',
  contentType: 'text/html',
  headers: { 'WWW-Authenticate': 'Bearer, with the error.' },
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** Every registered schema as JSON Schema 2020-12, `$ref`s between them, keyed by id. */
export function jsonSchemas(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(schemaRegistry, {
    target: 'draft-2020-12',
    io: 'input',
    metadata: schemaRegistry,
    uri: (id) => `#/components/schemas/${id}`,
    // A length the server counts in code points (domain/freeText.ts) is declared with .meta({ maxLength }), zod's global registry.
    override: (ctx) => {
      const maxLength = (z.globalRegistry.get(ctx.zodSchema) as { maxLength?: unknown } | undefined)?.maxLength;
      if (typeof maxLength === 'number') ctx.jsonSchema.maxLength = maxLength;
    },
  });
  const out: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // Inside an OpenAPI document a component needs neither: the document sets the dialect and the base URI.
    const { $schema: _s, $id: _i, ...rest } = schema as Json;
    out[id] = rest;
  }
  return out;
}

function parametersOf(where: 'path' | 'query', schema: z.ZodObject | undefined, all: Record<string, Json>): Json[] {
  if (!schema) return [];
  const converted = all[idOf(schema)]!;
  const properties = (converted.properties ?? {}) as Record<string, Json>;
  const required = new Set((converted.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => {
    const { description, ...rest } = s;
    // A query parameter whose empty value the server takes as "not given" (a GET form sends every field) says so.
    const blank = where === 'query' && (schema.shape[name] as z.ZodType).safeParse('').success;
    // A list is repeated (`stage=a&stage=b`, OpenAPI's form style) or comma-separated (`stage=a,b`): the server reads both.
    const list = where === 'query' && (rest.type === 'array' || (rest.anyOf as Json[] | undefined)?.some((a) => a.type === 'array'));
    const words = [description, list ? `A list: repeat the parameter (\`${name}=a&${name}=b\`) or separate the values with commas (\`${name}=a,b\`).` : undefined].filter(Boolean).join(' ');
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(words ? { description: words } : {}),
      ...(list ? { style: 'form', explode: true } : {}),
      schema: blank ? { anyOf: [{ type: 'string', maxLength: 0 }, rest] } : rest,
    };
  });
}

function responseOf(r: ResponseDoc, method: Method): Json {
  const headers = r.headers ? Object.fromEntries(Object.entries(r.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }])) : undefined;
  const contentType = r.contentType ?? 'application/json';
  const content =
    method === 'head' ? undefined : r.schema ? { [contentType]: { schema: ref(idOf(r.schema)) } } : r.contentType ? { [contentType]: { schema: { type: 'string' } } } : undefined;
  return { description: r.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) };
}

/** The OpenAPI 3.1 document. Pure: builds a new object every call. */
export function buildOpenApi(opts: { serverUrl?: string } = {}): OpenApiDocument {
  const all = jsonSchemas();
  const paths: OpenApiDocument['paths'] = {};
  for (const route of documentedRoutes()) {
    const p = openApiPath(route.path);
    const responses: Json = {};
    for (const [status, r] of Object.entries(route.responses)) responses[status] = responseOf(r, route.method);
    // A page behind the session: a program whose bearer token fails gets the 401 (a browser without one is sent to the login form).
    if (route.auth === 'session') responses['401'] ??= responseOf(SESSION_401, route.method);
    // Every route of the JSON API may answer 405 (another method) and 414 (a URL too long).
    const errors = route.errors ? [...new Set([...route.errors, 405, 414] as const)] : [];
    for (const status of errors) responses[String(status)] ??= { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
    const sorted = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
    const op: Json = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      security: !route.roles ? [] : route.auth === 'session' ? [{ sessionCookie: [] }, { bearerAuth: [] }] : [{ bearerAuth: [] }],
      ...(route.roles ? { 'x-roles': [...route.roles] } : {}),
    };
    const params = [...parametersOf('path', route.params, all), ...parametersOf('query', route.query, all)];
    if (params.length) op.parameters = params;
    if (route.body) {
      op.requestBody = {
        required: route.body.required !== false,
        content: { [route.body.contentType ?? 'application/json']: { schema: ref(idOf(route.body.schema)), example: route.body.example } },
      };
    }
    op.responses = sorted;
    (paths[p] ??= {})[route.method] = op;
  }

  const schemas = Object.fromEntries(Object.entries(all).filter(([id]) => !parameterObjects.has(id)));
  const problem = { 'application/problem+json': { schema: ref(idOf(ProblemDetails)) } };
  const responses = Object.fromEntries(Object.values(ERROR_RESPONSES).map(({ name, description }) => [name, { description, content: problem }]));
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'grantflow API',
      version: API_VERSION,
      summary: 'Regional state grants as durable workflows: plan, decision, signature, payment, reports.',
      description:
        'JSON over HTTPS. Authenticate with a bearer JWT (HS256 or JWKS) whose claims carry sub, name, roles (coordinator, manager, admin) and org. ' +
        'Coordinators start and steer their organisation’s grants, managers read them, admins do both everywhere. ' +
        'Amounts are whole öre; dates are YYYY-MM-DD in Europe/Stockholm. Every refusal is RFC 9457 problem details (`application/problem+json`) ' +
        'naming every problem at once, each in the request’s language (`?lang=sv|en`, else Accept-Language) and in both (`messages`).',
    },
    servers: [{ url: opts.serverUrl ?? '/', description: 'This API' }],
    tags: TAGS,
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Claims: sub, name, roles (coordinator | manager | admin), org, email (optional).' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'gf_session', description: 'The dashboard’s session: the same JWT, set by POST /dashboard/login.' },
      },
    },
    security: [{ bearerAuth: [] }],
  };
}
