/**
 * The API exactly as documented (issue 15): where the document and the server disagreed, both now
 * say the same, checked against the document's own schemas (Ajv) and the served app. One problem
 * format for every refusal. No route here reaches Temporal: each answer comes before it would.
 */
import http from 'node:http';
import Ajv2020 from 'ajv/dist/2020';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth';
import { buildOpenApi } from '../../api/openapi';
import { serve, type Serving } from '../../api/serve';
import { parseConfig } from '../../common/config';
import { createLogger } from '../../common/logger';

const config = parseConfig({ REGISTER_DATABASE_URL: 'postgres://grantflow@127.0.0.1:1/grantflow', LINK_SECRET: 'l'.repeat(32), AUTH_JWT_SECRET: 'j'.repeat(32), LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://127.0.0.1' });
const doc = buildOpenApi();
type Json = Record<string, unknown>;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'https://grantflow.invalid/openapi.json', components: { schemas: doc.components.schemas } });
const docAccepts = (id: string, value: unknown) => ajv.getSchema(`https://grantflow.invalid/openapi.json#/components/schemas/${id}`)!(value) as boolean;
const queryParam = (path: string, name: string) => ((doc.paths[path]!.get!.parameters as Json[]).find((p) => p.name === name)!.schema as Json);
const paramAccepts = (path: string, name: string, value: string) => ajv.validate(queryParam(path, name), value) as boolean;

let api: Serving;
let base: string;
let token: string;
beforeAll(async () => {
  api = await serve(createApp({ config, client: {} as Client, log: createLogger('test', 'silent') }), { port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${api.port}`;
  token = await issueToken(config, { sub: 'c', name: 'Elin Ring', roles: ['coordinator'], org: 'Region Jämtland Härjedalen' });
});
afterAll(() => api.stop());

const post = (path: string, body: string, type = 'application/json', headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type, ...headers }, body });

describe('values the document allows are the values the server takes', () => {
  it('an amount of 0 öre: the document’s minimum is 1, and the server refuses it too', async () => {
    const quick = { caseNumber: 'RS/1/2026', title: 'T', amountOre: 0, approver: { name: 'Anna Berg', email: 'anna@example.se' } };
    expect(docAccepts('QuickGrant', quick)).toBe(false);
    expect(docAccepts('QuickGrant', { ...quick, amountOre: 1 })).toBe(true);
    const res = await post('/api/plans/validate', JSON.stringify(quick));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { problems: Json[] }).problems).toEqual([{ path: 'body.amountOre', message: 'måste vara mer än 0', messages: { sv: 'måste vara mer än 0', en: 'must be more than 0' } }]);
  });

  it.each([
    ['page', '0'],
    ['pageSize', '0'],
    ['pageSize', '201'],
    ['year', '1999'],
  ])('%s=%s: refused by the document and by the server', async (name, value) => {
    expect(paramAccepts('/api/grants', name, value)).toBe(false);
    const res = await fetch(`${base}/api/grants?${name}=${value}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { problems: Json[] }).problems.map((p) => p.path)).toEqual([`query.${name}`]);
  });

  it.each([
    ['page', '1'],
    ['pageSize', '200'],
    ['page', ''],
  ])('%s=%s: allowed by the document', (name, value) => {
    expect(paramAccepts('/api/grants', name, value)).toBe(true);
  });

  it('a case number with a trailing space: refused by the document and by the server, naming the field', async () => {
    expect(docAccepts('CaseNumber', 'RS/1/2026 ')).toBe(false);
    expect(docAccepts('CaseNumber', 'RS/1/2026')).toBe(true);
    const res = await fetch(`${base}/api/grants/${encodeURIComponent('RS/1/2026 ')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { problems: Json[] }).problems.map((p) => p.path)).toEqual(['params.caseNumber']);
  });

  it('plan-parts: its body is documented as optional, as the server takes it', () => {
    const op = doc.paths['/api/agreements/{agreementId}/allocations/{county}/plan-parts']!.post as Json;
    expect((op.requestBody as Json).required).toBe(false);
    expect((doc.paths['/api/grants']!.post!.requestBody as Json).required).toBe(true);
  });
});

describe('refusals the document names', () => {
  /** fetch() refuses TRACE: a plain request. */
  const request = (method: string, path: string) =>
    new Promise<{ status: number; allow?: string }>((resolve, reject) => {
      const req = http.request(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, allow: res.headers.allow }));
      });
      req.once('error', reject);
      req.end();
    });

  it.each(['TRACE', 'PUT', 'DELETE', 'PATCH'])('%s on a documented path answers 405 with Allow, not 404', async (method) => {
    for (const [path, allow] of [
      ['/api/grants', 'GET, HEAD, OPTIONS, POST'],
      ['/api/grants/RS%2F1%2F2026', 'GET, HEAD, OPTIONS'],
      ['/api/plans/validate', 'OPTIONS, POST'],
      ['/a/v1.x.y', 'GET, HEAD, OPTIONS, POST'],
      ['/dashboard/login', 'GET, HEAD, OPTIONS, POST'],
      ['/healthz', 'GET, HEAD, OPTIONS'],
    ]) {
      expect({ path, ...(await request(method, path!)) }).toEqual({ path, status: 405, allow });
    }
    expect(Object.keys(doc.components.responses)).toContain('MethodNotAllowed');
  });

  it('a text/plain body answers 415 in the problem format, naming what to send', async () => {
    const res = await post('/api/grants', 'caseNumber=RS/1/2026', 'text/plain');
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 415, code: 'unsupported_media_type', detail: 'innehållet måste vara application/json, inte text/plain' });
  });

  it('a body-less POST where a body is required names the missing body', async () => {
    const res = await fetch(`${base}/api/grants/RS%2F1%2F2026/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { problems: Json[] }).problems.map((p) => p.path)).toEqual(['body']);
  });

  it('a 20 000-character approval link answers the documented 414, as a page', async () => {
    const res = await fetch(`${base}/a/v1.${'x'.repeat(20_000)}`);
    expect(res.status).toBe(414);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('adressen är längre än 8192 tecken');
    expect(Object.keys(doc.paths['/a/{token}']!.get!.responses as Json)).toContain('414');
  });

  it('a login form with extra fields is read (not 413), and a form too large answers with the login form', async () => {
    const extra = Array.from({ length: 12 }, (_, i) => `f${i}=1`).join('&');
    const res = await fetch(`${base}/dashboard/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=nope&${extra}`, redirect: 'manual' });
    expect(res.status).toBe(401);
    const tooLarge = await fetch(`${base}/dashboard/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${'x'.repeat(20_000)}` });
    expect(tooLarge.status).toBe(413);
    const page = await tooLarge.text();
    expect(page).toContain('name="token"');
    expect(page).toContain('innehållet är för stort');
  });

  it('control characters in a cancellation reason are refused by name, in the problem format', async () => {
    const res = await post('/api/grants/RS%2F1%2F2026/cancel', JSON.stringify({ reason: 'Medlen\u0007 drogs in' }), 'application/json', { 'accept-language': 'en' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      type: '/docs#problem-invalid_request',
      title: 'Bad request',
      status: 400,
      detail: 'the request is invalid',
      instance: '/api/grants/RS%2F1%2F2026/cancel',
      code: 'invalid_request',
      problems: [{ path: 'body.reason', message: 'must not hold control characters (U+0007)', messages: { sv: 'får inte innehålla styrtecken (U+0007)', en: 'must not hold control characters (U+0007)' } }],
    });
  });
});

describe('private-use characters of planes 15–16 (beyond the pattern)', () => {
  it('alone: 422 `unprintable`, naming the field; beside a structural fault: 400 with both', async () => {
    const reason = `Medlen ${String.fromCodePoint(0xfd717)} drogs in`;
    const alone = await post('/api/grants/RS%2F1%2F2026/cancel', JSON.stringify({ reason }));
    expect(alone.status).toBe(422);
    expect(await alone.json()).toMatchObject({ code: 'unprintable', problems: [{ path: 'body.reason', message: 'får inte innehålla tecken för privat bruk (U+FD717)' }] });
    const both = await post('/api/grants/RS%2F1%2F2026/cancel', JSON.stringify({ reason, extra: 1 }));
    expect(both.status).toBe(400);
    expect(((await both.json()) as { problems: Json[] }).problems.map((p) => p.path)).toEqual(['body.reason', 'body.extra']);
  });
});

describe('one problem format', () => {
  const plan = { caseNumber: 'RS/1/2026', title: '', amountOre: 100, approver: { name: 'Anna Berg', email: 'nope' }, amountSek: 1 };

  it('/api/plans/validate and POST /api/grants refuse the same plan with the same document', async () => {
    const [checked, started] = await Promise.all([post('/api/plans/validate', JSON.stringify(plan)), post('/api/grants', JSON.stringify(plan))]);
    expect([checked.status, started.status]).toEqual([422, 422]);
    const a = (await checked.json()) as Json;
    const b = (await started.json()) as Json;
    expect({ ...a, instance: undefined }).toEqual({ ...b, instance: undefined });
    expect((a.problems as Json[]).map((p) => p.path)).toEqual(['body.title', 'body.approver.email', 'body.amountSek']);
  });

  it.each([
    ['malformed JSON', () => post('/api/grants', '{"caseNumber":'), 400, 'malformed_json'],
    ['no token', () => fetch(`${base}/api/grants`), 401, 'unauthenticated'],
    ['the wrong role', async () => fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } }), 403, 'forbidden'],
    ['no such route', () => fetch(`${base}/api/nothing`, { headers: { authorization: `Bearer ${token}` } }), 404, 'not_found'],
    ['a body too large', () => post('/api/grants', JSON.stringify({ x: 'x'.repeat(1_100_000) })), 413, 'too_large'],
  ])('%s: application/problem+json with type, title, status, detail, instance', async (_, call, status, code) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ status, code, type: `/docs#problem-${code}`, title: expect.any(String), detail: expect.any(String), instance: expect.stringMatching(/^\//) });
    expect(docAccepts('ProblemDetails', body)).toBe(true);
  });
});
