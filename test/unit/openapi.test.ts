/**
 * The OpenAPI document: valid OpenAPI 3.1 (checked by @seriousme/openapi-schema-validator against
 * the official 3.1 schema), every route the express app serves is in it and nothing else, its
 * schemas are the zod schemas the routes validate with (a change to a zod schema shows in the
 * document), the examples it shows are accepted by the routes' own checks, and /openapi.json and
 * /docs are served without authentication.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Ajv2020 from 'ajv/dist/2020';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth';
import { parseConfig } from '../../common/config';
import { createLogger } from '../../common/logger';
import { buildOpenApi, documentedRoutes, GRANT_PLAN_EXAMPLE, NOT_DOCUMENTED, openApiPath, QUICK_GRANT_EXAMPLE, type OpenApiDocument } from '../../api/openapi';
import { AmendBody, CancelBody, CaseParams, FactBody, QuickGrant, ReviseBody } from '../../api/routes/grants';
import { DecisionForm } from '../../api/routes/approvals';
import { GrantPlan } from '../../domain/plan';
import { checkPlan } from '../../domain/validatePlan';
import { stockholmDate } from '../../domain/dates';

// With an OpenID issuer, so the sign-in routes are served (nothing here reaches it: discovery runs on first use).
const config = parseConfig({ LINK_SECRET: 'l'.repeat(32), REGISTER_DATABASE_URL: 'postgres://grantflow_app@localhost:5432/grantflow', AUTH_JWT_SECRET: 'j'.repeat(32), LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'https://grantflow.example.se', OIDC_ISSUER: 'https://idp.example.se' });
/** The app as main.ts builds it, without the list snapshot; no route here reaches Temporal, so the client is never used. */
const app = createApp({ config, client: {} as Client, log: createLogger('openapi-test', 'silent'), listSnapshot: false });
const doc = buildOpenApi({ serverUrl: config.PUBLIC_BASE_URL });

type Json = Record<string, unknown>;

/** An Ajv (JSON Schema 2020-12) that resolves the document's `#/components/schemas/…` refs. */
function ajvFor(d: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'https://grantflow.invalid/openapi.json', components: { schemas: d.components.schemas } });
  return (id: string) => ajv.getSchema(`https://grantflow.invalid/openapi.json#/components/schemas/${id}`)!;
}

// ---- the express app's routes -------------------------------------------------------------------

interface LayerLike {
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

/** `METHOD /path` of every route the app serves, found by walking the router stacks. */
function servedRoutes(stack: LayerLike[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      // A router's root route ('/' under /dashboard) is the mount path itself.
      for (const p of paths) for (const m of Object.keys(layer.route.methods)) if (m !== '_all') out.push(`${m.toUpperCase()} ${p === '/' && prefix ? prefix : `${prefix}${p}`}`);
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      out.push(...servedRoutes(layer.handle.stack, prefix + mount));
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (the official schema, via @seriousme/openapi-schema-validator)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      fs.writeFileSync(file, JSON.stringify(doc));
      // The validator is an ES module that reads its schemas through import.meta: run its CLI in Node.
      const cli = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
      const run = spawnSync(process.execPath, [cli, file], { encoding: 'utf8' });
      const result = JSON.parse(run.stdout) as { valid: boolean; errors?: unknown };
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      expect(run.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('holds JSON Schema 2020-12 component schemas whose $refs all resolve', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    for (const [id, schema] of Object.entries(doc.components.schemas)) {
      expect({ id, valid: ajv.validateSchema(schema), errors: ajv.errors ?? null }).toEqual({ id, valid: true, errors: null });
    }
    const schema = ajvFor(doc);
    for (const id of Object.keys(doc.components.schemas)) expect(typeof schema(id)).toBe('function');
    // Every $ref anywhere in the document points at something that exists.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const r of new Set(refs)) {
      const [, kind, name] = /#\/components\/(schemas|responses)\/([^"]+)"/.exec(r) ?? [];
      expect({ r, found: Boolean(kind && name && (doc.components as Record<string, Json>)[kind]![name]) }).toEqual({ r, found: true });
    }
  });

  it('documents every route the app serves, and no route it does not serve', () => {
    const served = servedRoutes((app as unknown as { router: { stack: LayerLike[] } }).router.stack);
    expect(served.length).toBeGreaterThan(5);
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`)));
    const missing = served.filter((r) => !NOT_DOCUMENTED[r]).filter((r) => {
      const [m, p] = r.split(' ') as [string, string];
      return !documented.has(`${m} ${openApiPath(p)}`);
    });
    expect(missing).toEqual([]);
    // Express answers HEAD through GET; every other documented operation has a route of its own.
    const servedSet = new Set(served.map((r) => { const [m, p] = r.split(' ') as [string, string]; return `${m} ${openApiPath(p)}`; }));
    const phantom = [...documented].filter((r) => !servedSet.has(r) && !(r.startsWith('HEAD ') && servedSet.has(r.replace(/^HEAD /, 'GET '))));
    expect(phantom).toEqual([]);
    for (const r of Object.keys(NOT_DOCUMENTED)) expect(served).toContain(r);
  });

  it('gives every operation an id, a tag, responses, and the error schema for each error status of the JSON API', () => {
    const ids = new Set<string>();
    for (const [p, methods] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(methods) as [string, Json][]) {
        expect(ids.has(op.operationId as string)).toBe(false);
        ids.add(op.operationId as string);
        expect(doc.tags.map((t) => t.name)).toContain((op.tags as string[])[0]);
        const responses = op.responses as Record<string, Json>;
        expect(Object.keys(responses).length).toBeGreaterThan(0);
        if (p.startsWith('/api/')) {
          expect(op.security).toEqual([{ bearerAuth: [] }]);
          for (const status of ['400', '401']) expect({ p, m, status, r: responses[status] }).toEqual({ p, m, status, r: { $ref: expect.stringMatching(/^#\/components\/responses\//) } });
        }
      }
    }
    for (const r of Object.values(doc.components.responses) as Json[]) {
      expect(r.content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } });
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    // Approval pages answer HTML, and need no token.
    const approval = doc.paths['/a/{token}']!;
    expect(Object.keys(approval).sort()).toEqual(['get', 'head', 'post']);
    expect(Object.keys((approval.get!.responses as Record<string, Json>)['200']!.content as Json)).toEqual(['text/html']);
    expect(approval.post!.security).toEqual([]);
    expect(Object.keys((approval.post!.requestBody as { content: Json }).content)).toEqual(['application/x-www-form-urlencoded']);
  });
});

describe('the document’s schemas are the zod schemas', () => {
  /** Keys of a zod object, and those a caller must send: neither optional nor defaulted (`optin`, as zod marks them). */
  function shapeOf(schema: z.ZodObject) {
    const keys = Object.keys(schema.shape).sort();
    const required = keys.filter((k) => !(schema.shape[k] as z.ZodType)._zod.optin).sort();
    return { keys, required };
  }
  function docShape(s: Json) {
    return { keys: Object.keys(s.properties as Json).sort(), required: [...((s.required as string[]) ?? [])].sort() };
  }

  it.each([
    ['QuickGrant', QuickGrant],
    ['CancelBody', CancelBody],
    ['ReviseBody', ReviseBody],
    ['AmendBody', AmendBody],
    ['GrantPlan', GrantPlan],
    ['DecisionForm', DecisionForm],
  ] as const)('%s: the same fields, the same required ones', (id, schema) => {
    expect(docShape(doc.components.schemas[id]!)).toEqual(shapeOf(schema));
  });

  it('FactBody: one variant per fact type, each with the zod variant’s fields', () => {
    const variants = doc.components.schemas.FactBody!.oneOf as Json[];
    expect(variants).toHaveLength(FactBody.options.length);
    FactBody.options.forEach((option, i) => expect(docShape(variants[i]!)).toEqual(shapeOf(option)));
  });

  it('the path parameter is CaseParams’s case number, with its constraints', () => {
    const param = (doc.paths['/api/grants/{caseNumber}']!.get!.parameters as Json[])[0]!;
    expect(param).toMatchObject({ name: 'caseNumber', in: 'path', required: true, schema: { $ref: '#/components/schemas/CaseNumber' } });
    expect(Object.keys(CaseParams.shape)).toEqual(['caseNumber']);
    expect(doc.components.schemas.CaseNumber).toMatchObject({ type: 'string', minLength: 3, maxLength: 60 });
  });

  it('a route declared where it is served shows in the document with its own schemas (the document lists no routes)', () => {
    let changed: OpenApiDocument | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const registry = require('../../api/routeRegistry') as typeof import('../../api/routeRegistry');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const schemas = require('../../api/schemaRegistry') as typeof import('../../api/schemaRegistry');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../api/openapi') as typeof import('../../api/openapi');
      const Body = schemas.named(z.strictObject({ county: z.string().regex(/^\d{2}$/) }), { id: 'ProbeBody' });
      registry.documented({ method: 'post', path: '/api/probe', operationId: 'probe', tag: 'Service', summary: 'probe', roles: ['admin'], body: { schema: Body, example: { county: '23' } }, responses: { 204: { description: 'ok' } }, errors: [400] });
      changed = fresh.buildOpenApi();
    });
    expect((changed!.paths['/api/probe']!.post!.requestBody as Json).content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/ProbeBody' }, example: { county: '23' } } });
    expect(changed!.components.schemas.ProbeBody).toEqual({ type: 'object', properties: { county: { type: 'string', pattern: '^\\d{2}$' } }, required: ['county'], additionalProperties: false });
    // The document of the app's own registry is untouched.
    expect(doc.paths['/api/probe']).toBeUndefined();
  });

  it('accepts what the routes accept: every example passes its zod schema, the document’s schema, and the plan check', () => {
    const schema = ajvFor(doc);
    const today = stockholmDate(Date.now());
    for (const route of documentedRoutes()) {
      if (!route.body) continue;
      const id = Object.values((doc.paths[openApiPath(route.path)]![route.method]!.requestBody as { content: Record<string, { schema: { $ref: string } }> }).content)[0]!.schema.$ref.split('/').pop()!;
      expect({ op: route.operationId, zod: route.body.schema.safeParse(route.body.example).success }).toEqual({ op: route.operationId, zod: true });
      const validate = schema(id);
      expect({ op: route.operationId, doc: validate(route.body.example), errors: validate.errors ?? null }).toEqual({ op: route.operationId, doc: true, errors: null });
    }
    expect(checkPlan(GRANT_PLAN_EXAMPLE, today)).toMatchObject({ ok: true });
    // The QuickGrant example as POST /api/grants expands it.
    expect(QuickGrant.safeParse(QUICK_GRANT_EXAMPLE).success).toBe(true);
  });

  it('rejects, like zod, a body without a required field or with a field of the wrong type', () => {
    const schema = ajvFor(doc);
    const cases: [string, z.ZodType, unknown][] = [
      ['QuickGrant', QuickGrant, { ...QUICK_GRANT_EXAMPLE, approver: undefined }],
      ['QuickGrant', QuickGrant, { ...QUICK_GRANT_EXAMPLE, amountOre: '620318305' }],
      ['QuickGrant', QuickGrant, { ...QUICK_GRANT_EXAMPLE, amountOre: -1 }],
      ['QuickGrant', QuickGrant, { ...QUICK_GRANT_EXAMPLE, amountOre: 1.5 }],
      ['FactBody', FactBody, { type: 'fundsUsed', partId: '1' }],
      ['FactBody', FactBody, { type: 'noSuchFact' }],
      ['CancelBody', CancelBody, {}],
      ['GrantPlan', GrantPlan, { ...GRANT_PLAN_EXAMPLE, parts: [] }],
    ];
    for (const [id, zodSchema, value] of cases) {
      const json = JSON.parse(JSON.stringify(value)) as unknown;
      expect({ id, value: json, zod: zodSchema.safeParse(json).success, doc: schema(id)(json) }).toEqual({ id, value: json, zod: false, doc: false });
    }
  });
});

describe('GET /openapi.json and GET /docs', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('serves the document as JSON without a token', async () => {
    const res = await fetch(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('serves a reference page that lists every operation, with no script and no inline style', async () => {
    const res = await fetch(`${base}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    for (const [p, methods] of Object.entries(doc.paths)) {
      for (const op of Object.values(methods)) {
        expect(page).toContain(`id="op-${String(op.operationId)}"`);
        expect(page).toContain(`<code>${p}</code>`);
      }
    }
    for (const name of Object.keys(doc.components.schemas)) expect(page).toContain(`id="schema-${name}"`);
    expect(page).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(page).toContain('curl -X POST &#39;https://grantflow.example.se/api/grants/RS%2F728%2F2024/facts&#39;');
    const css = await fetch(`${base}/static/docs.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });
});

describe('what the fuzz test found, pinned', () => {
  let server: Server;
  let base: string;
  let token: string;
  beforeAll(async () => {
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    token = await issueToken(config, { sub: 'c', name: 'Elin Ring', roles: ['coordinator'], org: 'Region Jämtland Härjedalen' });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('AmendBody parses (its three deadline variants once shared one discriminator value, and every amendment answered 500)', async () => {
    expect(AmendBody.safeParse({ reason: 'r', amendment: { type: 'deadline', target: 'report', reportId: 'r1', date: '2030-01-31' } }).success).toBe(true);
    const res = await fetch(`${base}/api/grants/RS%2F1%2F2024/amendments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'r', amendment: { type: 'deadline', target: 'round' } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual(['body.amendment.groupId', 'body.amendment.date']);
  });

  it.each(['%E0%A4%A', '%ZZ', '%', '%C0%AF'])('a path parameter that is not valid percent-encoding (%s) is a 400, not a 500', async (bad) => {
    const res = await fetch(`${base}/api/grants/${bad}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 400, code: 'malformed_path', detail: 'sökvägen är inte giltigt procentkodad' });
    const page = await fetch(`${base}/a/${bad}`);
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('approval pages answer HTML for a cut-short link and for forms the body parser refuses', async () => {
    for (const url of ['/a/', '/a', '/a/x/y']) {
      const res = await fetch(`${base}${url}`);
      expect({ url, status: res.status, type: res.headers.get('content-type') }).toEqual({ url, status: 404, type: expect.stringMatching(/^text\/html/) });
    }
    const tooMany = await fetch(`${base}/a/v1.x.y`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Array.from({ length: 200 }, (_, i) => `f${i}=1`).join('&') });
    expect([tooMany.status, tooMany.headers.get('content-type')?.split(';')[0]]).toEqual([413, 'text/html']);
    const charset = await fetch(`${base}/a/v1.x.y`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=koi8-r' }, body: 'action=approve' });
    expect([charset.status, charset.headers.get('content-type')?.split(';')[0]]).toEqual([415, 'text/html']);
  });
});
