/**
 * The examples people copy are the API as documented (issue 15): every curl request in README.md
 * and docs/*.md names a documented operation, with query parameters and a JSON body its OpenAPI
 * schemas accept; every JSON example is valid against its schema; and the refusal docs/api.md
 * shows is, word for word, what the server answers for the plan it describes.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth';
import { buildOpenApi, GRANT_PLAN_EXAMPLE } from '../../api/openapi';
import { serve, type Serving } from '../../api/serve';
import { parseConfig } from '../../common/config';
import { createLogger } from '../../common/logger';
import { Agreement } from '../../domain/allocation';
import { GrantPlan } from '../../domain/plan';

type Json = Record<string, unknown>;
const root = path.resolve(__dirname, '../..');
const FILES = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');
const blocks = (text: string, lang: string) => [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

const doc = buildOpenApi();
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
/** Validates against a schema of the document (its `#/components/schemas/…` refs resolved); null when valid. */
const validates = (schema: Json, value: unknown) => {
  const key = JSON.stringify(schema);
  if (!compiled.has(key)) compiled.set(key, ajv.compile({ ...schema, components: { schemas: doc.components.schemas } }));
  const v = compiled.get(key)!;
  return v(value) ? null : v.errors;
};

interface CurlRequest {
  file: string;
  method: string;
  url: URL;
  body?: unknown;
}

/** The curl commands of the shell examples (comments dropped, continued lines joined). */
function curlRequests(): CurlRequest[] {
  const out: CurlRequest[] = [];
  for (const file of FILES) {
    for (const block of blocks(read(file), 'sh')) {
      const text = block
        .split('\n')
        .map((l) => l.replace(/(^|\s)#.*$/, ''))
        .join('\n')
        .replace(/\\\n/g, ' ');
      for (const cmd of text.split(/\bcurl\s/).slice(1)) {
        const at = /localhost:3000(\/[^\s"']*)/.exec(cmd);
        if (!at) continue;
        const data = /\s-d\s+'([^']*)'/.exec(cmd);
        const method = /-X\s+([A-Z]+)/.exec(cmd)?.[1] ?? (/\s-d\s/.test(cmd) ? 'POST' : 'GET');
        out.push({ file, method, url: new URL(`http://localhost:3000${at[1]}`), ...(data ? { body: JSON.parse(data[1]!) as unknown } : {}) });
      }
    }
  }
  return out;
}

/** The documented operation a concrete path and method are. */
function operationOf(method: string, pathname: string): Json | undefined {
  for (const [p, ops] of Object.entries(doc.paths)) {
    if (new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname)) return ops[method.toLowerCase()];
  }
  return undefined;
}

describe('every curl example', () => {
  const requests = curlRequests();

  it('is found (the examples are read)', () => {
    expect(requests.length).toBeGreaterThan(20);
  });

  it('asks a documented operation, with documented query parameters and a body its schema accepts', () => {
    for (const r of requests) {
      const where = `${r.file}: ${r.method} ${r.url.pathname}${r.url.search}`;
      const op = operationOf(r.method, r.url.pathname);
      expect({ where, documented: Boolean(op) }).toEqual({ where, documented: true });
      const params = (op!.parameters ?? []) as { name: string; in: string; style?: string; schema: Json }[];
      for (const name of new Set(r.url.searchParams.keys())) {
        const param = params.find((p) => p.in === 'query' && p.name === name);
        expect({ where, name, documented: Boolean(param) }).toEqual({ where, name, documented: true });
        // A list parameter is repeated or comma-separated (its description says so); any other is one value.
        const list = param!.style === 'form' && /separate the values with commas/.test(String((param as Json).description));
        const value = list ? r.url.searchParams.getAll(name).flatMap((v) => v.split(',')) : r.url.searchParams.get(name);
        expect({ where, name, value, errors: validates(param!.schema, value) }).toEqual({ where, name, value, errors: null });
      }
      if (r.body !== undefined) {
        const content = (op!.requestBody as { content: Record<string, { schema: Json }> }).content['application/json']!;
        expect({ where, errors: validates(content.schema, r.body) }).toEqual({ where, errors: null });
      }
    }
  });
});

describe('every JSON example', () => {
  it('the agreement in docs/allocation.md is a valid agreement', () => {
    const [agreement] = blocks(read('docs/allocation.md'), 'json');
    expect(Agreement.safeParse(JSON.parse(agreement!)).success).toBe(true);
  });

  it('the plan fragments in docs/plan-format.md are valid fields of a plan', () => {
    for (const fragment of blocks(read('docs/plan-format.md'), 'json')) {
      const fields = JSON.parse(`{${fragment}}`) as Json;
      for (const [key, value] of Object.entries(fields)) {
        const field = GrantPlan.shape[key as keyof typeof GrantPlan.shape];
        expect({ key, ok: field?.safeParse(value).success }).toEqual({ key, ok: true });
      }
    }
  });

  it('the refusal in docs/api.md is problem details, and what the server answers for the plan it describes', async () => {
    const [shown] = blocks(read('docs/api.md'), 'json');
    const refusal = JSON.parse(shown!) as Json;
    expect(validates({ $ref: '#/components/schemas/ProblemDetails' }, refusal)).toBeNull();

    const config = parseConfig({ LINK_SECRET: 'l'.repeat(32), REGISTER_DATABASE_URL: 'postgres://grantflow_app@localhost:5432/grantflow', AUTH_JWT_SECRET: 'j'.repeat(32), LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://127.0.0.1' });
    // "on 2026-12-02", as the text says.
    const now = () => Date.parse('2026-12-02T10:00:00+01:00');
    const api: Serving = await serve(createApp({ config, client: {} as Client, log: createLogger('test', 'silent'), now }), { port: 0, host: '127.0.0.1' });
    try {
      const token = await issueToken(config, { sub: 'c', name: 'Elin Ring', roles: ['coordinator'], org: GRANT_PLAN_EXAMPLE.organisation });
      // An unknown field, a wrong sum, a report date already passed and before the decision, an approval rule that does not exist.
      const plan = JSON.parse(JSON.stringify(GRANT_PLAN_EXAMPLE)) as Json & { parts: Json[]; decision: { group: { rule: Json } } };
      plan.parts[1]!.amountSek = 500000;
      plan.totalOre = 1;
      plan.decision.group.rule = { type: 'unanimous' };
      plan.reports = [{ id: 'r1', what: 'Återredovisning', to: 'SKR', due: '2026-01-31' }];
      const res = await fetch(`http://127.0.0.1:${api.port}/api/plans/validate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(plan),
      });
      expect(res.status).toBe(refusal.status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toEqual(refusal);
    } finally {
      await api.stop();
    }
  });
});
