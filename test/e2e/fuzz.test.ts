/**
 * Fuzzing the running API from its own OpenAPI document. Reads /openapi.json from a real stack
 * (Temporal dev server, worker, API, maildev) and sends, for every JSON route and method, inputs
 * generated from the document's schemas with fast-check: valid-ish bodies, the same bodies
 * mutated (odd unicode, huge, negative and fractional öre, nulls, arrays for objects, wrong types,
 * extra and prototype-polluting fields, deep nesting, overlong strings), malformed JSON, wrong
 * content types, hostile path parameters (encoded slashes and dots, %00, broken percent-encoding,
 * very long), with and without valid tokens. Then random tokens against the approval pages.
 *
 * Every answer must be below 500, a status the document lists for the route, JSON of the
 * documented schema (the Error shape for 4xx) or, for approval pages, HTML; and no body may leak a
 * stack trace or a file path. Bounded: at most 1000 requests, a fixed seed (FUZZ_SEED=… to vary it;
 * every failure names the seed; FUZZ_VERBOSE=1 prints the statuses seen per operation).
 */
import http from 'node:http';
import fc from 'fast-check';
import Ajv2020 from 'ajv/dist/2020';
import { api, grantPath, startStack, uniqueCase, type Stack } from '../helpers/stack';
import { formToken, signLink } from '../../common/links';
import { grantWorkflowId, stateQuery } from '../../workflows/grant/contract';

jest.setTimeout(180_000);

const SEED = Number(process.env.FUZZ_SEED ?? 20250611);
const MAX_REQUESTS = 1000;
const REQUEST_TIMEOUT_MS = 10_000;

type Json = Record<string, unknown>;
type Doc = { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json>; responses: Record<string, Json> } };
type Auth = 'coordinator' | 'manager' | 'otherOrg' | 'none' | 'garbage' | 'expiredLooking' | 'basic';

interface Case {
  /** Which operation (operationId) and how the request was made, for the report. */
  op: string;
  method: string;
  path: string;
  query?: string;
  auth: Auth;
  headers?: Record<string, string>;
  body?: string;
  contentType?: string;
  kind: string;
}

interface Failure {
  seed: number;
  case: Omit<Case, 'body'> & { body?: string };
  status?: number;
  problem: string;
  response?: string;
}

let stack: Stack;
let doc: Doc;
let caseNumber: string;
let sent = 0;
const failures: Failure[] = [];
/** Statuses seen per operation (FUZZ_VERBOSE=1 prints them at the end): shows how deep the inputs got. */
const seen = new Map<string, Map<number, number>>();

beforeAll(async () => {
  stack = await startStack();
  const res = await fetch(`${stack.baseUrl}/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
  // A real grant, so that generated requests on its case number reach the workflow.
  caseNumber = uniqueCase('FUZZ');
  const started = await api(stack, 'POST', '/api/grants', {
    token: stack.tokens.coordinator,
    body: { caseNumber, title: 'Fuzz', amountOre: 100_000, approver: { name: 'Fuzz Approver', email: 'fuzz.approver@example.se' }, deadline: '2035-06-30' },
  });
  expect(started.status).toBe(201);
  for (let i = 0; i < 100; i++) {
    if ((await api(stack, 'GET', grantPath(caseNumber), { token: stack.tokens.manager })).status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(async () => {
  await stack?.stop();
});

// ---- values from the document's schemas --------------------------------------------------------

const resolve = (s: Json): Json => (typeof s.$ref === 'string' ? (doc.components.schemas[s.$ref.split('/').pop()!] ?? {}) : s);
const EMAILS = ['anna.berg@example.se', 'x@y.se', 'Ö@exämple.se', 'a@b', 'first.last+tag@sub.example.org'];

/** A value that roughly satisfies a JSON Schema: types, consts, enums, required keys, lengths, ranges, patterns. */
function valueOf(s0: Json, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(s0);
  if (depth > 8) return fc.constant({});
  const variants = (s.oneOf ?? s.anyOf) as Json[] | undefined;
  if (variants) return fc.oneof(...variants.map((v) => valueOf(v, depth + 1)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const type = s.type as string | undefined;
  if (type === 'object' || s.properties) {
    const props = (s.properties ?? {}) as Record<string, Json>;
    const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueOf(v, depth + 1)]));
    return fc.record(model, { requiredKeys: ((s.required as string[]) ?? []).filter((k) => k in props) });
  }
  if (type === 'array') {
    const min = (s.minItems as number) ?? 0;
    return fc.array(valueOf((s.items as Json) ?? {}, depth + 1), { minLength: min, maxLength: Math.max(min, Math.min((s.maxItems as number) ?? 3, 3)) });
  }
  if (type === 'string') {
    const [min, max] = [(s.minLength as number) ?? 0, (s.maxLength as number) ?? 40];
    if (s.format === 'email') return fc.constantFrom(...EMAILS);
    if (s.format === 'date') return fc.integer({ min: -400, max: 4000 }).map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    if (typeof s.pattern === 'string') return fc.stringMatching(new RegExp(s.pattern as string)).filter((x) => x.length >= min && x.length <= max);
    return fc.string({ minLength: min, maxLength: Math.min(max, 40) });
  }
  if (type === 'integer') return fc.integer({ min: Math.max((s.minimum as number) ?? -1e6, -1e9), max: Math.min((s.maximum as number) ?? 1e12, 1e12) });
  if (type === 'number') return fc.double({ noNaN: true, noDefaultInfinity: true });
  if (type === 'boolean') return fc.boolean();
  return fc.jsonValue({ maxDepth: 2 });
}

// ---- hostile values -----------------------------------------------------------------------------

/** Written into the JSON text as is (numbers JSON can spell but JS cannot keep). */
const RAW = (text: string) => `@@RAW@@${text}@@`;
const unRaw = (text: string) => text.replace(/"@@RAW@@(.*?)@@"/g, '$1');
const deep = (n: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};
const ODD_STRINGS = ['', ' ', '\u0000', '\uFEFF', '\u202Eevil', 'e\u0301', '𝕽𝕾/728/2024', '\uD800', '🦄'.repeat(50), 'ÅÄÖ åäö', '<script>alert(1)</script>', "'; DROP TABLE grants;--", '../../etc/passwd', '${7*7}', '%00', '\r\nX-Injected: 1'];
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, [], {}, true, 'true', '123', 0, -1, -0.5, 0.5, 1.005, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, 1e-300, -1e21),
  fc.constantFrom(RAW('1e400'), RAW('-1e400'), RAW('123456789012345678901234567890'), RAW('-0'), RAW('1.0'), RAW('1e-400')),
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constant('x'.repeat(100_000)),
  fc.constant(deep(200)),
  fc.array(fc.constant(null), { maxLength: 3 }),
);

type Mutation = 'replace' | 'delete' | 'extra' | 'wrapArray' | 'proto' | 'deepen';
/** The value with one node changed, chosen by walking `choices` down the tree. */
function mutate(value: unknown, choices: number[], how: Mutation, bad: unknown): unknown {
  if (how === 'wrapArray') return [value];
  const root = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  // Computed keys: own properties named __proto__ and constructor, as JSON.parse makes them.
  if (how === 'proto') return { ...(root as object), ['__proto__']: { admin: true, roles: ['admin'] }, ['constructor']: { prototype: { polluted: true } } };
  let parent: Record<string, unknown> | unknown[] | undefined;
  let key: string | number | undefined;
  let node = root;
  for (const c of choices) {
    const keys = node && typeof node === 'object' ? Object.keys(node) : [];
    if (!keys.length) break;
    parent = node as Record<string, unknown>;
    key = Array.isArray(node) ? c % node.length : keys[c % keys.length]!;
    node = (node as Record<string | number, unknown>)[key];
  }
  const replacement = how === 'deepen' ? deep(1000) : bad;
  if (!parent || key === undefined) return how === 'delete' ? undefined : how === 'extra' ? { value: root, extra: bad } : replacement;
  if (how === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (how === 'extra') {
    if (node && typeof node === 'object' && !Array.isArray(node)) (node as Record<string, unknown>)[`extra_${choices.join('')}`] = bad;
    else (parent as Record<string, unknown>)[`${String(key)}Extra`] = bad;
  } else (parent as Record<string | number, unknown>)[key] = replacement;
  return root;
}

const MALFORMED_JSON = ['{', '{"a":', "{'caseNumber':'x'}", '{"a":1}garbage', 'NaN', '[1,]', '{"a":1,}', '\u0000', '"just a string"', '12', 'null', '\uFEFF{}', '{"a":"\\ud800"}', '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}'];
const WRONG_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=koi8-r', 'application/xml', 'application/vnd.api+json'];

/** Percent-encodes every UTF-8 byte (lone surrogates become U+FFFD): always a valid path segment. */
const pct = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const HOSTILE_SEGMENTS = ['%2F', '..%2F..%2Fetc%2Fpasswd', '%2E%2E', '%2e', '%00', 'RS%00%2F1%2F2024', '%E0%A4%A', '%', '%ZZ', '%C0%AF', 'a'.repeat(3000), '%252F', '%20', pct(' RS/728/2024 '), pct('RS/728/2024\n'), pct('𝕽𝕾/728/2024'), pct('\u202E4202/827/SR')];

const segment = (pattern: string | undefined) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constant(encodeURIComponent(caseNumber)) },
    { weight: 2, arbitrary: pattern ? fc.stringMatching(new RegExp(pattern)).map((s) => encodeURIComponent(s)) : fc.constant('x') },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }).map(pct) },
  );

const auth = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Auth>('coordinator') },
  { weight: 1, arbitrary: fc.constantFrom<Auth>('manager', 'otherOrg') },
  { weight: 2, arbitrary: fc.constantFrom<Auth>('none', 'garbage', 'expiredLooking', 'basic') },
);

function authHeader(a: Auth): Record<string, string> {
  switch (a) {
    case 'coordinator':
      return { authorization: `Bearer ${stack.tokens.coordinator}` };
    case 'manager':
      return { authorization: `Bearer ${stack.tokens.manager}` };
    case 'otherOrg':
      return { authorization: `Bearer ${stack.tokens.otherOrgCoordinator}` };
    case 'garbage':
      return { authorization: `Bearer ${'x'.repeat(5000)}.y.z` };
    case 'expiredLooking':
      // alg "none", no signature.
      return { authorization: 'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiYWRtaW4iXSwib3JnIjoieCJ9.' };
    case 'basic':
      return { authorization: 'Basic YWRtaW46YWRtaW4=' };
    default:
      return {};
  }
}

/** Requests for one JSON operation: bodies from its request schema, hostile variants, odd paths. */
function casesFor(op: string, method: string, path: string, opDoc: Json, n: number, seed: number): Case[] {
  const params = ((opDoc.parameters as Json[]) ?? []).filter((p) => p.in === 'path');
  const pathArb = params.length
    ? fc.tuple(...params.map((p) => segment(resolve(p.schema as Json).pattern as string | undefined))).map((vals) => params.reduce((acc, p, i) => acc.replace(`{${String(p.name)}}`, vals[i]!), path))
    : fc.constant(path);
  const media = (opDoc.requestBody as { content?: Record<string, { schema: Json }> } | undefined)?.content?.['application/json'];
  const odd = fc.constantFrom('?a=1&a=2', '?x[y]=1', '?q=%00', `?q=${'z'.repeat(5000)}`, '?__proto__[admin]=1', '?%E0%A4%A=1');
  // Query parameters the document names: values from their schemas, or odd strings, in any combination.
  const qparams = ((opDoc.parameters as Json[]) ?? []).filter((p) => p.in === 'query');
  const fromDoc = fc
    .record(Object.fromEntries(qparams.map((p) => [String(p.name), fc.oneof({ weight: 3, arbitrary: valueOf(p.schema as Json) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(...ODD_STRINGS, -1, 0, 1e21, 'true,false') })])), { requiredKeys: [] })
    .map((o) => {
      const u = new URLSearchParams();
      for (const [k, v] of Object.entries(o)) for (const one of Array.isArray(v) ? v : [v]) u.append(k, typeof one === 'string' ? one : (JSON.stringify(one) ?? ''));
      const text = u.toString();
      return text ? `?${text}` : '';
    });
  const query = qparams.length
    ? fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 6, arbitrary: fromDoc }, { weight: 1, arbitrary: odd })
    : fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: odd });
  const base = fc.record({ path: pathArb, auth, query });
  if (!media) return fc.sample(base.map((b) => ({ op, method, ...b, kind: 'no body' })), { seed, numRuns: n });

  const valid = valueOf(media.schema);
  const mutation = fc.constantFrom<Mutation>('replace', 'replace', 'replace', 'delete', 'extra', 'wrapArray', 'proto', 'deepen');
  const body = fc.oneof(
    { weight: 4, arbitrary: valid.map((v) => ({ kind: 'valid-ish', body: JSON.stringify(v), contentType: 'application/json' })) },
    {
      weight: 7,
      arbitrary: fc.tuple(valid, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), mutation, nasty).map(([v, c, how, bad]) => ({
        kind: `mutated:${how}`,
        body: unRaw(JSON.stringify(mutate(v, c, how, bad)) ?? ''),
        contentType: 'application/json',
      })),
    },
    { weight: 2, arbitrary: fc.constantFrom(...MALFORMED_JSON).map((t) => ({ kind: 'malformed JSON', body: t, contentType: 'application/json' })) },
    { weight: 2, arbitrary: fc.tuple(valid, fc.constantFrom(...WRONG_TYPES)).map(([v, t]) => ({ kind: 'wrong content-type', body: JSON.stringify(v), contentType: t })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'no body', body: undefined as string | undefined, contentType: undefined as string | undefined }) },
  );
  return fc.sample(fc.tuple(base, body).map(([b, x]) => ({ op, method, ...b, ...x })), { seed, numRuns: n });
}

/** The same few edge cases for every operation with a JSON body. */
function edgeCasesFor(op: string, method: string, path: string): Case[] {
  const p = path.replace(/\{[^}]+\}/g, encodeURIComponent(caseNumber));
  const c = (kind: string, body: string | undefined, contentType: string | undefined, extra: Partial<Case> = {}): Case => ({ op, method, path: p, auth: 'coordinator', kind, body, contentType, ...extra });
  return [
    c('over 1 MB', JSON.stringify({ comment: 'x'.repeat(1_100_000) }), 'application/json'),
    c('deeply nested', `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`, 'application/json'),
    c('gzip claimed, not gzip', '{"a":1}', 'application/json', { headers: { 'content-encoding': 'gzip' } }),
    c('unknown content-encoding', '{"a":1}', 'application/json', { headers: { 'content-encoding': 'br2' } }),
    c('empty JSON body', '', 'application/json'),
  ];
}

// ---- checks -------------------------------------------------------------------------------------

const LEAKS = [/\bat [^\n]*\(\/?[^\n)]*:\d+:\d+\)/, /at \//, /node_modules/, /\/work\//, /\.ts:\d+/, /Error: .*\n\s+at /];

function leak(text: string): string | undefined {
  return LEAKS.find((re) => re.test(text))?.source;
}

let ajv: Ajv2020;
function schemaCheck(ref: string) {
  ajv ??= (() => {
    const a = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
    a.addSchema({ $id: 'https://grantflow.invalid/openapi.json', components: { schemas: doc.components.schemas } });
    return a;
  })();
  return ajv.getSchema(`https://grantflow.invalid/openapi.json${ref}`)!;
}

/** The documented response for a status: its media type and schema $ref, if it has a body. */
function documented(opDoc: Json, status: number): { contentType?: string; ref?: string } | undefined {
  const responses = opDoc.responses as Record<string, Json>;
  let r = responses[String(status)];
  if (!r) return undefined;
  if (typeof r.$ref === 'string') r = doc.components.responses[r.$ref.split('/').pop()!]!;
  const [contentType, media] = Object.entries((r.content as Record<string, { schema?: Json }>) ?? {})[0] ?? [];
  return { contentType, ref: media?.schema?.$ref as string | undefined };
}

/**
 * Sends the request with node:http, the path exactly as written: fetch (WHATWG URL) would resolve
 * `%2E%2E` and `.` segments before sending, and a scanner or attacker does not.
 */
async function send(c: Case): Promise<{ status: number; contentType: string; text: string } | { error: string }> {
  sent++;
  const headers: Record<string, string> = { ...authHeader(c.auth), ...(c.headers ?? {}) };
  if (c.contentType) headers['content-type'] = c.contentType;
  if (c.body !== undefined) headers['content-length'] = String(Buffer.byteLength(c.body));
  const { hostname, port } = new URL(stack.baseUrl);
  try {
    const res = await new Promise<{ status: number; contentType: string; text: string }>((resolve, reject) => {
      const req = http.request({ host: hostname, port: Number(port), method: c.method.toUpperCase(), path: `${c.path}${c.query ?? ''}`, headers, timeout: REQUEST_TIMEOUT_MS }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (d: Buffer) => chunks.push(d));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, contentType: String(r.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
        r.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(c.body);
    });
    const counts = seen.get(c.op) ?? new Map<number, number>();
    seen.set(c.op, counts.set(res.status, (counts.get(res.status) ?? 0) + 1));
    return res;
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

function fail(c: Case, problem: string, status?: number, response?: string) {
  const body = c.body && c.body.length > 300 ? `${c.body.slice(0, 300)}… (${c.body.length} chars)` : c.body;
  const path = c.path.length > 200 ? `${c.path.slice(0, 200)}… (${c.path.length} chars)` : c.path;
  failures.push({ seed: SEED, case: { ...c, path, body }, status, problem, response: response?.slice(0, 400) });
}

async function checkJson(c: Case, opDoc: Json) {
  const r = await send(c);
  if ('error' in r) return fail(c, `no answer: ${r.error}`);
  if (r.status >= 500) return fail(c, `answered ${r.status}`, r.status, r.text);
  const where = leak(r.text);
  if (where) fail(c, `the body leaks internals (${where})`, r.status, r.text);
  const d = documented(opDoc, r.status);
  if (!d) return fail(c, `status ${r.status} is not documented for ${c.op}`, r.status, r.text);
  if (c.method === 'head') return;
  if (d.contentType && !r.contentType.startsWith(d.contentType)) return fail(c, `content-type ${r.contentType}, documented ${d.contentType}`, r.status, r.text);
  if (!d.ref) return;
  let body: unknown;
  try {
    body = JSON.parse(r.text);
  } catch {
    return fail(c, 'the body is not JSON', r.status, r.text);
  }
  const validate = schemaCheck(d.ref);
  if (!validate(body)) fail(c, `the body does not match ${d.ref}: ${JSON.stringify(validate.errors?.slice(0, 3))}`, r.status, r.text);
  if (r.status >= 400 && c.path.startsWith('/api/')) {
    const code = (body as { code?: unknown }).code;
    if (typeof code !== 'string' || !code) fail(c, '4xx without a problem code', r.status, r.text);
  }
}

async function checkHtml(c: Case, opDoc: Json, accept: (status: number) => boolean = (st) => st >= 400 && st < 500) {
  const r = await send(c);
  if ('error' in r) return fail(c, `no answer: ${r.error}`);
  if (!accept(r.status)) return fail(c, `answered ${r.status}`, r.status, r.text);
  // `/a/` with an empty token is no route of the document, but still an approver's page.
  if (c.path !== '/a/' && !documented(opDoc, r.status)) fail(c, `status ${r.status} is not documented for ${c.op}`, r.status, r.text);
  if (!r.contentType.startsWith('text/html')) return fail(c, `content-type ${r.contentType}, expected text/html`, r.status, r.text);
  if (c.method !== 'head' && !/^<!doctype html>/i.test(r.text)) fail(c, 'not an HTML page', r.status, r.text);
  const where = leak(r.text);
  if (where) fail(c, `the body leaks internals (${where})`, r.status, r.text);
}

/** Failures grouped by operation and problem, each with its count and first two examples. */
function report(): string {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const key = `${f.case.op} ${f.case.method.toUpperCase()}: ${f.problem.replace(/: \[.*$/, '')}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const summary = [...groups].map(([key, fs]) => ({ problem: key, count: fs.length, examples: fs.slice(0, 2) }));
  return `${failures.length} failure(s) with FUZZ_SEED=${SEED}:\n${JSON.stringify(summary, null, 2)}`;
}

// ---- the runs -----------------------------------------------------------------------------------

/** Requests per operation, by how much there is to fuzz. */
const PER_OP = { body: 40, params: 24, plain: 5 };

test('every JSON route answers generated and hostile input with a documented 4xx or 2xx, never 5xx, never a stack trace', async () => {
  failures.length = 0;
  const ops = Object.entries(doc.paths)
    .filter(([p]) => !p.startsWith('/a/') && p !== '/docs')
    .flatMap(([p, methods]) => Object.entries(methods).map(([m, o]) => ({ path: p, method: m, opDoc: o, op: String(o.operationId) })))
    // Cancelling ends the grant: last, so the other routes see it running.
    .sort((a, b) => Number(a.op === 'cancelGrant') - Number(b.op === 'cancelGrant'));
  expect(ops.map((o) => o.op)).toEqual(expect.arrayContaining(['validatePlan', 'startGrant', 'getGrant', 'listGrants', 'exportGrants', 'dashboardList', 'dashboardGrant', 'recordFact', 'amendGrant', 'reviseGrant', 'cancelGrant', 'registerAgreement', 'listAgreements', 'getAgreement', 'getAllocations', 'exportAllocations', 'getCountyAllocation', 'agreementPlanParts', 'retireAgreement']));

  let i = 0;
  for (const { path, method, opDoc, op } of ops) {
    const hasBody = Boolean((opDoc.requestBody as { content?: Json } | undefined)?.content?.['application/json']);
    const hasParams = Boolean((opDoc.parameters as unknown[] | undefined)?.length);
    const n = hasBody ? PER_OP.body : hasParams ? PER_OP.params : PER_OP.plain;
    const cases = [...casesFor(op, method, path, opDoc, n, SEED + i++), ...(hasBody ? edgeCasesFor(op, method, path) : [])];
    for (const c of cases) await checkJson(c, opDoc);
    if (failures.filter((f) => f.problem.startsWith('no answer')).length >= 3) break; // something hangs: report, don't wait out every request
  }
  // The docs page and an unknown route, once each.
  const docs = await fetch(`${stack.baseUrl}/docs`);
  expect(docs.status).toBe(200);
  expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
  const unknown = await api(stack, 'GET', '/api/nothing-here', { token: stack.tokens.coordinator });
  expect(unknown.status).toBe(404);
  expect(unknown.json<{ code: string }>().code).toBe('not_found');

  expect(report()).toBe(`0 failure(s) with FUZZ_SEED=${SEED}:\n[]`);
});

test('approval links: random tokens by GET, HEAD and POST answer 4xx HTML', async () => {
  failures.length = 0;
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = fc.oneof(
    { weight: 3, arbitrary: fc.stringMatching(/^v1\.[A-Za-z0-9_-]{1,120}\.[A-Za-z0-9_-]{43}$/) },
    {
      weight: 3,
      arbitrary: fc
        .record({ w: fc.constantFrom(`grant-${caseNumber}`, 'x', '../../x'), r: fc.string({ maxLength: 10 }), m: fc.string({ maxLength: 10 }), n: fc.string({ minLength: 8, maxLength: 12 }), e: fc.oneof(fc.integer(), fc.constant(4102444800)) })
        .chain((claims) => fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((sig) => `v1.${b64(claims)}.${sig}`)),
    },
    { weight: 3, arbitrary: fc.constantFrom('%00', '%E0%A4%A', '%', 'v1..', 'v1.%2F.%2F', 'x'.repeat(3000), '%2E%2E', pct('<script>alert(1)</script>'), 'v2.a.b', 'v1.a.b.c', pct('v1.ä.ö')) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map(pct) },
  );
  const query = fc.constantFrom('', '', '?lang=en', '?lang=xx', '?lang=sv&lang=en', '?lang[x]=1');
  const form = fc.oneof(
    fc.record({ form: fc.string({ maxLength: 60 }), action: fc.constantFrom('approve', 'reject', 'return', 'delegate', 'hack', ''), comment: fc.string({ maxLength: 100 }) }).map((f) => new URLSearchParams(f).toString()),
    fc.constant(Array.from({ length: 20 }, (_, k) => `f${k}=1`).join('&')),
    fc.constant(`comment=${'y'.repeat(30_000)}`),
    fc.constant('form=%E0%A4%A&action=approve'),
  );
  const post = fc.record({
    body: form,
    contentType: fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=koi8-r', 'application/json', 'text/plain'),
    origin: fc.constantFrom<string | undefined>(undefined, stack.baseUrl, 'https://evil.example', 'null'),
  });
  const cases: Case[] = [
    ...fc.sample(fc.tuple(token, query), { seed: SEED + 100, numRuns: 30 }).map(([t, q]): Case => ({ op: 'showApprovalPage', method: 'get', path: `/a/${t}`, query: q, auth: 'none', kind: 'random token' })),
    ...fc.sample(fc.tuple(token, query), { seed: SEED + 101, numRuns: 15 }).map(([t, q]): Case => ({ op: 'headApprovalPage', method: 'head', path: `/a/${t}`, query: q, auth: 'none', kind: 'random token' })),
    ...fc.sample(fc.tuple(token, query, post), { seed: SEED + 102, numRuns: 30 }).map(
      ([t, q, p]): Case => ({ op: 'decideOnApprovalPage', method: 'post', path: `/a/${t}`, query: q, auth: 'none', kind: 'random token, random form', body: p.body, contentType: p.contentType, headers: p.origin ? { origin: p.origin } : {} }),
    ),
  ];
  const approval = doc.paths['/a/{token}']!;
  for (const c of cases) await checkHtml(c, approval[c.method]!);
  if (process.env.FUZZ_VERBOSE) {
    const histogram = [...seen].map(([op, counts]) => `${op}: ${[...counts].sort(([a], [b]) => a - b).map(([st, n]) => `${st}×${n}`).join(' ')}`);
    console.log(`fuzz seed ${SEED}: ${sent} requests\n${histogram.join('\n')}`);
  }
  // A failure names the seed (FUZZ_SEED reproduces the run).
  expect(sent).toBeLessThanOrEqual(MAX_REQUESTS);
  expect(report()).toBe(`0 failure(s) with FUZZ_SEED=${SEED}:\n[]`);
});

test('approval links: correctly signed links with hostile forms reach the Update and answer a documented page', async () => {
  failures.length = 0;
  // A grant of its own: the JSON fuzzing above may have cancelled the shared one.
  const own = uniqueCase('FUZZLINK');
  const started = await api(stack, 'POST', '/api/grants', {
    token: stack.tokens.coordinator,
    body: { caseNumber: own, title: 'Fuzz link', amountOre: 100_000, approver: { name: 'Fuzz Approver', email: 'fuzz.approver@example.se' }, deadline: '2035-06-30' },
  });
  expect(started.status).toBe(201);
  const workflowId = grantWorkflowId(own);
  let state = await stack.client.workflow.getHandle(workflowId).query(stateQuery);
  for (let i = 0; i < 100 && !state.rounds.some((r) => !r.closedAt); i++) {
    await new Promise((r) => setTimeout(r, 100));
    state = await stack.client.workflow.getHandle(workflowId).query(stateQuery);
  }
  const round = state.rounds.find((r) => !r.closedAt)!;
  const seat = round.seats[0]!;
  const token = signLink(stack.config.LINK_SECRET, { w: workflowId, r: round.id, m: seat.memberId, n: seat.nonce, e: 4102444800 });
  const form = formToken(stack.config.LINK_SECRET, token);
  const hostile = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.constantFrom('', ' ', '\u0000', 'a\u0007b', '\uE000', '\u202Eevil', '<script>alert(1)</script>', '"; DROP TABLE x; --', 'x'.repeat(6000), '\r\n\r\nHTTP/1.1 200', '%00', '🙂'.repeat(50)),
  );
  // Answers the workflow's validator refuses (a rejection or return without a reason, a substitute not in the plan,
  // an action that is no answer) keep the round open, so every case reaches the Update; the forms around them are hostile.
  const body = fc.record({
    action: fc.constantFrom('reject', 'return', 'delegate', 'approve\u0000', 'hack', '', 'REJECT'),
    comment: fc.oneof(fc.constant(''), hostile),
    substituteId: hostile,
    extra: fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 5 }),
  });
  const cases = fc.sample(body, { seed: SEED + 200, numRuns: 40 }).map(
    (b): Case => ({
      op: 'decideOnApprovalPage',
      method: 'post',
      path: `/a/${token}`,
      query: '',
      auth: 'none',
      kind: 'signed link, hostile form',
      // A rejection or return goes without its reason (refused: CommentRequired); the hostile comment rides with the others.
      body: new URLSearchParams({ ...b.extra, form, action: b.action, ...(b.action === 'reject' || b.action === 'return' ? {} : { comment: b.comment }), substituteId: b.substituteId }).toString(),
      contentType: 'application/x-www-form-urlencoded',
      headers: { origin: stack.baseUrl },
    }),
  );
  const decide = doc.paths['/a/{token}']!.post!;
  for (const c of cases) await checkHtml(c, decide, (st) => st >= 400 && st < 500);
  // The round is still open: no hostile form slipped an answer through.
  const after = await stack.client.workflow.getHandle(workflowId).query(stateQuery);
  expect(after.rounds.find((r) => r.id === round.id)!.seats[0]!.answer).toBeUndefined();
  const statuses = [...(seen.get('decideOnApprovalPage') ?? new Map<number, number>()).keys()];
  expect(statuses).toEqual(expect.arrayContaining([400, 422]));
  expect(report()).toBe(`0 failure(s) with FUZZ_SEED=${SEED}:\n[]`);
});
