/**
 * What schemathesis found with the coordinator's and the manager's tokens (issue 15), pinned: OPTIONS
 * lists the documented methods, a program whose bearer header fails on a page gets 401 (a browser
 * without a session is still sent to the login form), an unknown workbench template is refused,
 * and the plan preview names every problem of a plan in the page's language, as
 * /api/plans/validate does. No route here reaches Temporal.
 */
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth';
import { buildOpenApi } from '../../api/openapi';
import { serve, type Serving } from '../../api/serve';
import { parseConfig } from '../../common/config';
import { createLogger } from '../../common/logger';

const config = parseConfig({ LINK_SECRET: 'l'.repeat(32), REGISTER_DATABASE_URL: 'postgres://grantflow_app@localhost:5432/grantflow', AUTH_JWT_SECRET: 'j'.repeat(32), LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://127.0.0.1' });
const doc = buildOpenApi();

let api: Serving;
let base: string;
let token: string;
beforeAll(async () => {
  api = await serve(createApp({ config, client: {} as Client, log: createLogger('test', 'silent') }), { port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${api.port}`;
  token = await issueToken(config, { sub: 'c', name: 'Elin Ring', roles: ['coordinator'], org: 'Region Jämtland Härjedalen' });
});
afterAll(() => api.stop());

const bearer = () => ({ authorization: `Bearer ${token}` });

describe('OPTIONS', () => {
  it.each(['/api/grants', '/api/grants/RS%2F1%2F2026', '/api/agreements/2020/allocations', '/dashboard', '/api/plans/validate'])(
    '%s: 204, and Allow lists exactly the methods the document gives the path',
    async (path) => {
      const res = await fetch(`${base}${path}`, { method: 'OPTIONS' });
      expect(res.status).toBe(204);
      const documentedPath = Object.keys(doc.paths).find((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path))!;
      const methods = Object.keys(doc.paths[documentedPath]!).map((m) => m.toUpperCase());
      const expected = [...new Set([...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'])].sort();
      expect(res.headers.get('allow')).toBe(expected.join(', '));
    },
  );

  it('an unknown path is still 404', async () => {
    expect((await fetch(`${base}/api/nothing`, { method: 'OPTIONS' })).status).toBe(404);
  });
});

describe('pages behind the session', () => {
  it.each([
    ['a token that fails', 'Bearer not.a.token'],
    ['a header that is no bearer token', 'Basic dXNlcjpwYXNz'],
    ['an empty Authorization header (a program sent one)', ''],
  ])('answer %s with 401 and WWW-Authenticate, not a redirect', async (_, authorization) => {
    for (const path of ['/dashboard', '/dashboard/export.csv?page=1', '/dashboard/grants/RS%2F1%2F2026', '/dashboard/grants/RS%2F1%2F2026/record', '/dashboard/grants/RS%2F1%2F2026/revisions?rev=1', '/dashboard/workbench/new']) {
      const res = await fetch(`${base}${path}`, { headers: { authorization, cookie: `gf_session=${token}` }, redirect: 'manual' });
      expect({ path, status: res.status, auth: res.headers.get('www-authenticate')?.split(' ')[0] }).toEqual({ path, status: 401, auth: 'Bearer' });
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
    expect(Object.keys(doc.paths['/dashboard/export.csv']!.get!.responses as object)).toContain('401');
  });

  it('send a browser without a session to the login form, as before', async () => {
    const res = await fetch(`${base}/dashboard/grants/RS%2F1%2F2026`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/login?next=%2Fdashboard%2Fgrants%2FRS%252F1%252F2026');
  });
});

describe('the workbench’s templates', () => {
  it('refuses a template that does not exist, naming the templates, in the page’s language', async () => {
    const res = await fetch(`${base}/dashboard/workbench/new?template=AAA&lang=en`, { headers: bearer() });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('there is no template &quot;AAA&quot;; the templates are quick, iop, steering, delegated, county');
    const sv = await fetch(`${base}/dashboard/workbench/new?template=`, { headers: bearer() });
    expect(sv.status).toBe(400);
    expect(await sv.text()).toContain('det finns ingen mall &quot;&quot;');
    expect((await fetch(`${base}/dashboard/workbench/new?template=iop`, { headers: bearer() })).status).toBe(200);
  });
});

describe('the plan preview', () => {
  const preview = (plan: string, lang: 'sv' | 'en') =>
    fetch(`${base}/dashboard/plans/preview?lang=${lang}`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ plan }).toString(),
    });
  const cells = (page: string) => [...page.matchAll(/<tr><td><code>([^<]*)<\/code><\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);

  it('names every problem of the short form, the structure’s and the dates’ together, in Swedish first', async () => {
    const quick = JSON.stringify({ caseNumber: 'RS/1/2026', title: '', amountOre: 100, approver: { name: 'Anna Berg', email: 'anna@example.se' }, deadline: '2001-01-01', amountSek: 1 });
    const sv = await preview(quick, 'sv');
    expect(sv.status).toBe(422);
    const svCells = cells(await sv.text());
    expect(svCells.map(([path]) => path)).toEqual(['title', 'amountSek', 'deadline']);
    expect(svCells[0]![1]).toBe('får inte vara tom');
    expect(svCells[1]![1]).toBe('okänt fält &quot;amountSek&quot;');
    expect(svCells[2]![1]).toMatch(/^sista dagen 2001-01-01 har redan passerat/);
    const en = cells(await (await preview(quick, 'en')).text());
    expect(en.map(([, m]) => m)).toEqual(['must not be empty', 'unknown field &quot;amountSek&quot;', expect.stringMatching(/^deadline 2001-01-01 has already passed/)]);
  });

  it('says where a text stops being JSON, in the page’s language, as 422', async () => {
    const sv = await preview('{\n  "title": }', 'sv');
    expect(sv.status).toBe(422);
    expect(await sv.text()).toMatch(/Planen är inte giltig JSON(: fel på rad 2, tecken 12)?\./);
    const en = await preview('{"title": "x"', 'en');
    expect(en.status).toBe(422);
    expect(await en.text()).toContain('The plan is not valid JSON: error at line 1, column 14.');
    const none = await preview('   ', 'sv');
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Klistra in en plan eller välj en fil.');
  });
});
