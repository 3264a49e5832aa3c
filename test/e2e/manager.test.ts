/**
 * Issue 5, the manager's side, end to end (API, worker, Temporal dev server, the register, SMTP):
 * the four seed plans (moved into the future, each under a case number of its own), a grant whose
 * decision deadline has passed, and a quick grant with a hostile title that is decided at once.
 * Then the list from the register with every filter, sort and page; the refusals;
 * the organisation scope; the CSV export; and /metrics.
 */
import { issueToken } from '../../api/auth';
import { addDays } from '../../domain/dates';
import type { GrantState } from '../../workflows/grant/contract';
import { OTHER_ORG, ORG, api, approvalLink, formValue, getPage, grantPath, postForm, recipients, startStack, uniqueCase, type Stack } from '../helpers/stack';
import { startOverdue, startSeed, waitUntilListed, type ListBody, type Seeded } from '../helpers/grants';

jest.setTimeout(240_000);

let stack: Stack;
const grants: Seeded[] = [];
let states = new Map<string, GrantState>();
let overdue: Seeded;
let hostile: Seeded;
let approvalToken = '';
const bySeed = (name: Seeded['name']) => grants.find((g) => g.name === name)!;

beforeAll(async () => {
  stack = await startStack();
  for (const name of ['seed000', 'seed002', 'seed003', 'seed004'] as const) grants.push(await startSeed(stack, name));
  overdue = await startOverdue(stack, { title: 'Brukarråd; "snabbspår" – uppföljning' });
  grants.push(overdue);

  // A quick grant whose title a spreadsheet would run as a formula; its approver answers at once.
  const caseNumber = uniqueCase('RS');
  const approver = { name: 'Formel Fredriksson', email: `formel.${caseNumber.replace(/\W/g, '').toLowerCase()}@example.se` };
  const title = '=HYPERLINK("http://evil.example";"klicka")';
  const started = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: { caseNumber, title, amountOre: 12_345_67, approver } });
  expect(started.status).toBe(201);
  hostile = { name: 'overdue', caseNumber, title };
  grants.push(hostile);
  const mail = await stack.mail.waitFor((m) => recipients(m).includes(approver.email), 30_000, 'the invitation');
  const link = approvalLink(mail, stack.baseUrl);
  approvalToken = link.slice(link.lastIndexOf('/a/') + 3);
  const page = await getPage(link);
  expect((await postForm(link, { form: formValue(page.text), action: 'approve', comment: 'Ok.' })).status).toBe(200);

  states = await waitUntilListed(stack, grants);
  // The quick grant completes once its decision is made; its list entry follows.
  const end = Date.now() + 30_000;
  while (states.get(caseNumber)!.status !== 'closed' && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    states = await waitUntilListed(stack, grants);
  }
  expect(states.get(caseNumber)!.status).toBe('closed');
  for (;;) {
    const listed = (await list('?status=closed')).items[0];
    if (listed?.executionStatus === 'COMPLETED') break;
    if (Date.now() > end) throw new Error(`the closed grant is listed as ${JSON.stringify(listed)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});
afterAll(async () => {
  await stack?.stop();
});

async function list(query = '', token = stack.tokens.manager): Promise<ListBody> {
  const res = await api(stack, 'GET', `/api/grants${query}`, { token });
  expect({ query, status: res.status, body: res.status === 200 ? undefined : res.text }).toEqual({ query, status: 200, body: undefined });
  return res.json<ListBody>();
}
const cases = (b: ListBody) => b.items.map((i) => i.caseNumber);
const sorted = (xs: string[]) => [...xs].sort();
const mine = () => grants.map((g) => g.caseNumber);
const where = (pred: (s: GrantState) => boolean) => sorted(mine().filter((c) => pred(states.get(c)!)));

describe('GET /api/grants lists the organisation’s grants from the register', () => {
  test('every grant once, with its search attributes, money in öre and in Swedish format, a link; soonest deadline first', async () => {
    const body = await list();
    expect(body.total).toBe(grants.length);
    expect(sorted(cases(body))).toEqual(sorted(mine()));
    expect(body).toMatchObject({ page: 1, pageSize: 50, pages: 1, sort: 'nextDeadline' });

    const s4 = bySeed('seed004');
    const item = body.items.find((i) => i.caseNumber === s4.caseNumber)!;
    const state = states.get(s4.caseNumber)!;
    expect(item).toMatchObject({
      caseNumber: s4.caseNumber,
      title: s4.title,
      organisation: ORG,
      county: '23',
      countyName: 'Jämtlands län',
      year: state.plan.year,
      stage: 'anchoring',
      status: 'active',
      overdue: false,
      totalOre: 1_153_715_691,
      totalFormatted: '11 537 156,91 kr',
      nextDeadline: state.nextDeadline,
      workflowId: `grant:${s4.caseNumber}`,
      executionStatus: 'RUNNING',
      links: { self: grantPath(s4.caseNumber), dashboard: `/dashboard/grants/${encodeURIComponent(s4.caseNumber)}` },
    });
    expect(Date.parse(item.startTime)).toBeGreaterThan(Date.now() - 10 * 60_000);
    const self = await api(stack, 'GET', item.links.self, { token: stack.tokens.manager });
    expect(self.status).toBe(200);

    // The overdue grant's deadline passed days ago: first. The decided quick grant has none left: last.
    expect(body.items[0]!.caseNumber).toBe(overdue.caseNumber);
    expect(body.items.at(-1)!.caseNumber).toBe(hostile.caseNumber);
    expect(body.items.find((i) => i.caseNumber === hostile.caseNumber)).toMatchObject({ status: 'closed', stage: 'closed', executionStatus: 'COMPLETED' });
    expect(body.items.find((i) => i.caseNumber === hostile.caseNumber)!.nextDeadline).toBeUndefined();
  });

  test('filters by stage (one or several)', async () => {
    const stages = [...new Set([...states.values()].map((s) => s.stage))];
    expect(stages).toEqual(expect.arrayContaining(['anchoring', 'decision', 'closed']));
    for (const stage of stages) expect(sorted(cases(await list(`?stage=${stage}`)))).toEqual(where((s) => s.stage === stage));
    expect(sorted(cases(await list('?stage=anchoring&stage=closed')))).toEqual(where((s) => s.stage === 'anchoring' || s.stage === 'closed'));
    expect(sorted(cases(await list('?stage=anchoring,closed')))).toEqual(where((s) => s.stage === 'anchoring' || s.stage === 'closed'));
    expect((await list('?stage=payment')).total).toBe(0);
  });

  test('filters by status', async () => {
    expect(cases(await list('?status=closed'))).toEqual([hostile.caseNumber]);
    expect(sorted(cases(await list('?status=active')))).toEqual(where((s) => s.status === 'active'));
    expect((await list('?status=cancelled')).total).toBe(0);
  });

  test('filters by year', async () => {
    const years = [...new Set([...states.values()].map((s) => s.plan.year))];
    expect(years.length).toBeGreaterThan(1);
    for (const year of years) expect(sorted(cases(await list(`?year=${year}`)))).toEqual(where((s) => s.plan.year === year));
    expect((await list('?year=2001')).total).toBe(0);
  });

  test('filters by county', async () => {
    expect(cases(await list('?county=14'))).toEqual([bySeed('seed002').caseNumber]);
    expect(sorted(cases(await list('?county=23')))).toEqual(where((s) => s.plan.county === '23'));
    expect((await list('?county=01')).total).toBe(0);
  });

  test('filters by overdue', async () => {
    expect(cases(await list('?overdue=true'))).toEqual([overdue.caseNumber]);
    expect(sorted(cases(await list('?overdue=false')))).toEqual(sorted(mine().filter((c) => c !== overdue.caseNumber)));
    expect(states.get(overdue.caseNumber)!.deadlines[0]).toMatchObject({ overdue: true });
  });

  test('filters by deadline: up to and including the given Stockholm day', async () => {
    const s0 = states.get(bySeed('seed000').caseNumber)!;
    const day = s0.nextDeadline!;
    const due = (d: string) => where((s) => s.nextDeadline !== undefined && s.nextDeadline <= d);
    expect(cases(await list(`?deadlineBefore=${states.get(overdue.caseNumber)!.nextDeadline}`))).toEqual([overdue.caseNumber]);
    const upTo = await list(`?deadlineBefore=${day}`);
    expect(sorted(cases(upTo))).toEqual(due(day));
    expect(cases(upTo)).toContain(s0.caseNumber);
    const before = await list(`?deadlineBefore=${addDays(day, -1)}`);
    expect(cases(before)).not.toContain(s0.caseNumber);
    expect(sorted(cases(before))).toEqual(due(addDays(day, -1)));
  });

  test('searches titles (every word, any case, accents other than å ä ö optional) and case numbers (by their start)', async () => {
    const s3 = bySeed('seed003').caseNumber;
    const s4 = bySeed('seed004').caseNumber;
    expect(cases(await list('?q=resurscentrum'))).toEqual([s3]);
    expect(cases(await list('?q=RESURSCENTRUM'))).toEqual([s3]);
    expect(sorted(cases(await list(`?q=${encodeURIComponent('psykisk hälsa')}`)))).toEqual(sorted([s3, s4]));
    // å, ä and ö are letters in Swedish, not accents: the Swedish stemmer needs them (docs/record.md).
    expect(sorted(cases(await list('?q=psykisk+halsa')))).toEqual([]);
    expect(cases(await list('?q=psykisk+resurscentrum'))).toEqual([s3]);
    // A case number, whole or by its start.
    const s0 = bySeed('seed000').caseNumber;
    expect(cases(await list(`?q=${encodeURIComponent(s0)}`))).toEqual([s0]);
    expect(cases(await list(`?q=${encodeURIComponent(s0.slice(0, s0.lastIndexOf('/')))}`))).toEqual([s0]);
    expect(cases(await list(`?q=${encodeURIComponent(s0.slice(0, 5))}`))).toContain(s0);
    // Quotes and operators are only text.
    expect((await list(`?q=${encodeURIComponent(`O'Hara" OR 1=1`)}`)).total).toBe(0);
    expect(cases(await list(`?q=${encodeURIComponent('"snabbspår"')}`))).toEqual([overdue.caseNumber]);
  });

  test('combines filters', async () => {
    expect(cases(await list('?status=active&county=23&stage=anchoring'))).toEqual([bySeed('seed004').caseNumber]);
    expect((await list('?overdue=true&county=14')).total).toBe(0);
  });

  test('sorts by next deadline, case number, amount and year, either way; grants without a value go last', async () => {
    const natural = new Intl.Collator('sv', { numeric: true, sensitivity: 'base' });
    const checks: Record<string, (a: GrantState, b: GrantState) => boolean> = {
      nextDeadline: (a, b) => !a.nextDeadline || !b.nextDeadline ? !a.nextDeadline ? !b.nextDeadline : true : a.nextDeadline <= b.nextDeadline,
      '-nextDeadline': (a, b) => !a.nextDeadline || !b.nextDeadline ? !a.nextDeadline ? !b.nextDeadline : true : a.nextDeadline >= b.nextDeadline,
      caseNumber: (a, b) => natural.compare(a.caseNumber, b.caseNumber) <= 0,
      '-caseNumber': (a, b) => natural.compare(a.caseNumber, b.caseNumber) >= 0,
      totalOre: (a, b) => a.plan.totalOre <= b.plan.totalOre,
      '-totalOre': (a, b) => a.plan.totalOre >= b.plan.totalOre,
      year: (a, b) => a.plan.year <= b.plan.year,
      '-year': (a, b) => a.plan.year >= b.plan.year,
    };
    for (const [sort, inOrder] of Object.entries(checks)) {
      const body = await list(`?sort=${sort}`);
      expect(body.sort).toBe(sort);
      expect(body.total).toBe(grants.length);
      const s = cases(body).map((c) => states.get(c)!);
      for (let i = 1; i < s.length; i++) expect({ sort, i, ok: inOrder(s[i - 1]!, s[i]!) }).toEqual({ sort, i, ok: true });
    }
    const byAmount = await list('?sort=-totalOre');
    expect(byAmount.items[0]!.caseNumber).toBe(bySeed('seed004').caseNumber);
    expect(byAmount.items.at(-1)!.caseNumber).toBe(hostile.caseNumber);
  });

  test('pages: a fixed page size, the total, links to the neighbours; a page past the end is empty', async () => {
    const all = cases(await list('?sort=caseNumber'));
    const p1 = await list('?sort=caseNumber&pageSize=2');
    expect(p1).toMatchObject({ page: 1, pageSize: 2, pages: 3, total: grants.length });
    expect(p1.links.next).toBe('/api/grants?sort=caseNumber&page=2&pageSize=2');
    expect(p1.links.prev).toBeUndefined();
    const p2 = await list(p1.links.next!.replace('/api/grants', ''));
    const p3 = await list('?sort=caseNumber&pageSize=2&page=3');
    expect(p3.links.next).toBeUndefined();
    expect(p3.links.prev).toBe('/api/grants?sort=caseNumber&page=2&pageSize=2');
    expect([...cases(p1), ...cases(p2), ...cases(p3)]).toEqual(all);
    const past = await list('?sort=caseNumber&pageSize=2&page=9');
    expect(past).toMatchObject({ items: [], total: grants.length, page: 9, pages: 3 });
    const res = await api(stack, 'GET', '/api/grants?pageSize=2&page=2', { token: stack.tokens.manager });
    expect(res.headers.get('x-total-count')).toBe(String(grants.length));
    expect(res.headers.get('link')).toContain('rel="next"');
    expect((await list(`?pageSize=200`)).pageSize).toBe(200);
  });
});

describe('GET /api/grants refuses what it cannot answer', () => {
  test('401 without a token or with a bad one (every valid role may list: managers, coordinators, admins)', async () => {
    expect((await api(stack, 'GET', '/api/grants')).status).toBe(401);
    expect((await api(stack, 'GET', '/api/grants', { token: 'not.a.jwt' })).status).toBe(401);
    expect((await api(stack, 'GET', '/api/grants.csv')).status).toBe(401);
    expect((await api(stack, 'GET', '/api/grants', { token: stack.tokens.coordinator })).status).toBe(200);
  });

  test.each([
    ['?pageSize=1000', 'query.pageSize'],
    ['?pageSize=0', 'query.pageSize'],
    ['?page=0', 'query.page'],
    ['?overdue=maybe', 'query.overdue'],
    ['?deadlineBefore=2024-02-30', 'query.deadlineBefore'],
    ['?sort=evil', 'query.sort'],
    ['?sort=GrantTotalOre%20DESC', 'query.sort'],
    ['?stage=nowhere', 'query.stage.0'],
    ['?status=active%27%20OR%20%271%27%3D%271', 'query.status.0'],
    ['?year=1999', 'query.year'],
    ['?county=99', 'query.county'],
    ['?q=a%07b', 'query.q'],
    ['?q=ett%20tv%C3%A5%20tre%20fyra%20fem%20sex%20sju%20%C3%A5tta%20nio', 'query.q'],
    ['?stgae=decision', 'query.stgae'],
  ])('400 with the problem named: %s', async (query, path) => {
    for (const route of ['/api/grants', '/api/grants.csv']) {
      const res = await api(stack, 'GET', `${route}${query}`, { token: stack.tokens.manager });
      expect(res.status).toBe(400);
      const body = res.json<{ code: string; problems: { path: string; message: string }[] }>();
      expect(body.code).toBe('invalid_request');
      expect(body.problems.map((p) => p.path)).toContain(path);
    }
  });

  test('another organisation sees none of these grants; an admin sees them all and may filter by organisation', async () => {
    expect(await list('', stack.tokens.otherOrgCoordinator)).toMatchObject({ items: [], total: 0 });
    expect((await list('?overdue=true', stack.tokens.otherOrgCoordinator)).total).toBe(0);
    // Naming another organisation does not widen the scope.
    expect((await list(`?organisation=${encodeURIComponent(ORG)}`, stack.tokens.otherOrgCoordinator)).total).toBe(0);
    const csv = await download('/api/grants.csv', stack.tokens.otherOrgCoordinator);
    expect(csv.text.trim().split('\r\n')).toHaveLength(1); // the header only

    const admin = await issueToken(stack.config, { sub: 'e2e-admin', name: 'Admin', roles: ['admin'], org: 'Socialstyrelsen' });
    expect(sorted(cases(await list('', admin)))).toEqual(sorted(mine()));
    expect((await list(`?organisation=${encodeURIComponent(ORG)}`, admin)).total).toBe(grants.length);
    expect((await list(`?organisation=${encodeURIComponent(OTHER_ORG)}`, admin)).total).toBe(0);
  });
});

/** A CSV download as bytes (fetch's text() would drop the BOM), and its text with the BOM kept. */
async function download(pathname: string, token = stack.tokens.manager) {
  const res = await fetch(`${stack.baseUrl}${pathname}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

/** RFC 4180 with `;`: fields may be quoted, quotes doubled, separators and line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('GET /api/grants.csv exports the same list for Excel', () => {
  test('UTF-8 with a BOM, `;` between cells, a header, one row per grant, amounts in öre and in kronor, quoted and defused cells', async () => {
    const res = await download('/api/grants.csv?sort=caseNumber');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="bidrag-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.text[0]).toBe('\uFEFF');
    expect(res.text).toContain('\r\n');

    const rows = parseCsv(res.text.slice(1));
    const [header, ...data] = rows;
    expect(header).toEqual(['Diarienummer', 'Titel', 'Organisation', 'Länskod', 'Län', 'År', 'Skede', 'Status', 'Försenad', 'Nästa tidsfrist', 'Belopp (öre)', 'Belopp (kr)', 'Beslutat (öre)', 'Beslutat (kr)', 'Utbetalt (öre)', 'Utbetalt (kr)', 'Startad', 'Avslutad', 'Länk']);
    expect(data).toHaveLength(grants.length);
    expect(data.map((r) => r[0])).toEqual(cases(await list('?sort=caseNumber')));

    const row = (c: string) => data.find((r) => r[0] === c)!;
    const s4 = row(bySeed('seed004').caseNumber);
    // The county code as text (="23"): a spreadsheet keeps 01–09 with their zero.
    expect(s4.slice(2, 16)).toEqual([ORG, '="23"', 'Jämtlands län', String(states.get(s4[0]!)!.plan.year), 'Förankring', 'Pågående', 'nej', states.get(s4[0]!)!.nextDeadline, '1153715691', '11\u00a0537\u00a0156,91', '0', '0,00', '0', '0,00']);
    expect(s4[16]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(s4[17]).toBe('');
    expect(s4[18]).toBe(`${stack.baseUrl}/dashboard/grants/${encodeURIComponent(s4[0]!)}`);
    expect(row(overdue.caseNumber)[8]).toBe('ja');
    // The separator and quotes in a title: quoted, quotes doubled (checked on the raw text too).
    expect(row(overdue.caseNumber)[1]).toBe('Brukarråd; "snabbspår" – uppföljning');
    expect(res.text).toContain(';"Brukarråd; ""snabbspår"" – uppföljning";');
    // A title that is a formula: an apostrophe first, so Excel shows it as text.
    expect(row(hostile.caseNumber)[1]).toBe(`'${hostile.title}`);
    expect(row(hostile.caseNumber).slice(6, 12)).toEqual(['Avslutat', 'Avslutat', 'nej', '', '1234567', '12\u00a0345,67']);
    // No cell a spreadsheet would run, but the county codes we wrote as text formulas.
    expect(data.flatMap((r) => r.filter((c, i) => i !== 3 && /^[=+\-@]/.test(c)))).toEqual([]);
    expect(data.every((r) => r[3] === '' || /^="\d\d"$/.test(r[3]!))).toBe(true);
  });

  test('the same filters and sort as the list; every matching grant, whatever the page; English with lang=en', async () => {
    const overdueOnly = parseCsv((await download('/api/grants.csv?overdue=true&page=2&pageSize=1')).text.slice(1));
    expect(overdueOnly.slice(1).map((r) => r[0])).toEqual([overdue.caseNumber]);
    const byAmount = parseCsv((await download('/api/grants.csv?sort=-totalOre&status=active')).text.slice(1));
    expect(byAmount.slice(1).map((r) => r[0])).toEqual(cases(await list('?sort=-totalOre&status=active')));
    const en = await download('/api/grants.csv?lang=en&stage=anchoring', stack.tokens.coordinator);
    expect(en.headers.get('content-disposition')).toMatch(/filename="grants-/);
    const [header, only] = parseCsv(en.text.slice(1));
    expect(header!.slice(0, 3)).toEqual(['Case number', 'Title', 'Organisation']);
    expect(only!.slice(6, 9)).toEqual(['Anchoring', 'Active', 'no']);
  });
});

describe('GET /metrics', () => {
  test('needs a token: none 401, a manager 403; an admin reads them', async () => {
    expect((await api(stack, 'GET', '/metrics')).status).toBe(401);
    expect((await api(stack, 'GET', '/metrics', { token: stack.tokens.manager })).status).toBe(403);
    expect((await api(stack, 'GET', '/metrics', { token: stack.tokens.admin })).status).toBe(200);
  });

  test('Prometheus text: process metrics, request durations by route template, the counters; no token or case number in it', async () => {
    // One refused update, so the refusal counter has something to show.
    const refused = await api(stack, 'POST', `${grantPath(bySeed('seed000').caseNumber)}/facts`, { token: stack.tokens.coordinator, body: { type: 'paymentMade', trancheId: 'finns-inte' } });
    expect(refused.status).toBe(404);

    const res = await api(stack, 'GET', '/metrics', { token: stack.tokens.admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = res.text;
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    // Four seeds and the quick grant went through the API; the overdue one was started on Temporal directly.
    expect(text).toMatch(/^grantflow_grants_started_total 5$/m);
    expect(text).toMatch(/^grantflow_approval_decisions_total\{action="approve"\} 1$/m);
    expect(text).toMatch(/^grantflow_approval_decisions_total\{action="reject"\} 0$/m);
    expect(text).toMatch(/^grantflow_update_refusals_total\{update="recordFact",type="UnknownTranche"\} 1$/m);
    const seen = [
      ['POST', '/api/grants', '201'],
      ['GET', '/api/grants', '200'],
      ['GET', '/api/grants', '400'],
      ['GET', '/api/grants.csv', '200'],
      ['GET', '/api/grants/:caseNumber', '200'],
      ['POST', '/api/grants/:caseNumber/facts', '404'],
      ['GET', '/a/:token', '200'],
      ['POST', '/a/:token', '200'],
    ];
    for (const [method, route, status] of seen) {
      expect(text).toContain(`grantflow_http_request_duration_seconds_count{method="${method}",route="${route}",status_code="${status}"}`);
    }
    expect(text).toContain('grantflow_http_request_duration_seconds_bucket{le="0.1",method="GET",route="/api/grants",status_code="200"}');
    expect(text).not.toContain(approvalToken);
    expect(text).not.toContain(approvalToken.slice(0, 20));
    for (const t of Object.values(stack.tokens)) expect(text).not.toContain(t.slice(-20));
    for (const c of mine()) expect(text).not.toContain(c);
    expect(text).not.toMatch(/route="\/a\/v1/);
  });
});
