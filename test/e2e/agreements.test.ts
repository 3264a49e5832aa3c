/**
 * Issue 6's API, end to end (Temporal dev server, worker, API): national agreements registered as
 * workflows (`agreement:<id>`), read back by query and listed from visibility; every county's
 * allocation, one county's, as CSV; a grant plan's parts that POST /api/plans/validate accepts;
 * and each refusal with its status. The 2020 agreement reproduces seed 004's Jämtland figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { issueToken } from '../../api/auth';
import { SEED_PLANS, shiftYears, yearsToShift } from '../../domain/fixtures/plans';
import { stockholmDate } from '../../domain/dates';
import { ORG, api, startStack, type Answered, type Stack } from '../helpers/stack';

jest.setTimeout(180_000);

const FIXTURES = path.resolve(__dirname, '../../domain/fixtures');
const AGREEMENT_2020 = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'agreement-2020.json'), 'utf8')) as Record<string, unknown> & { parts: Record<string, unknown>[] };
const POPULATION_CSV = fs.readFileSync(path.join(FIXTURES, 'population-2019.csv'), 'utf8');
const SEED_004 = SEED_PLANS.seed004.plan as { parts: { id: string; name: string; amountOre: number }[]; totalOre: number };

/** RFC 9457 problem details (api/errors.ts); each problem in both languages. */
type Problems = { code: string; detail: string; problems?: { path: string; message: string; messages: { sv: string; en: string } }[] };
interface CountyBody {
  agreementId: string;
  county: { code: string; name: string };
  parts: { partId: string; name: string; keyType: string; ore: number; formatted: string }[];
  totalOre: number;
  totalFormatted: string;
}
interface AllBody {
  year: number;
  populationYear: number;
  parts: { partId: string; nationalOre: number; nationalFormatted: string; keyType: string }[];
  counties: { code: string; name: string; parts: { partId: string; ore: number; formatted: string }[]; totalOre: number; totalFormatted: string }[];
  totalOre: number;
  totalFormatted: string;
}
interface PlanPartsBody {
  county: string;
  countyName: string;
  year: number;
  source: string;
  parts: { id: string; name: string; amountOre: number }[];
  totalOre: number;
  totalFormatted: string;
  breakdown: { id: string; formatted: string; agreementParts: string[] }[];
}

let stack: Stack;
let admin: string;
let registered: Answered;

/** The problems in English, as the tests name them. */
const problemsOf = (res: Answered) => (res.json<Problems>().problems ?? []).map((p) => ({ path: p.path, message: p.messages.en }));
const paths = (res: Answered) => problemsOf(res).map((p) => p.path);
const register = (body: unknown, token = stack.tokens.coordinator) => api(stack, 'POST', '/api/agreements', { token, body });
const get = (p: string, token = stack.tokens.manager) => api(stack, 'GET', p, { token });
const planParts = (p: string, body?: unknown, token = stack.tokens.coordinator) => api(stack, 'POST', p, { token, body: body ?? {} });

beforeAll(async () => {
  stack = await startStack();
  admin = await issueToken(stack.config, { sub: 'e2e-admin', name: 'Drift', roles: ['admin'], org: ORG });
  // Without an id the agreement is registered under its year.
  registered = await register({ agreement: AGREEMENT_2020 });
});
afterAll(async () => {
  await stack?.stop();
});

describe('POST /api/agreements registers an agreement as a workflow', () => {
  test('201 with its id (the year by default), Location, and a workflow agreement:<id> that holds it', async () => {
    expect(registered.status).toBe(201);
    expect(registered.headers.get('location')).toBe('/api/agreements/2020');
    expect(registered.json()).toEqual({
      id: '2020',
      workflowId: 'agreement:2020',
      created: true,
      links: { self: '/api/agreements/2020', allocations: '/api/agreements/2020/allocations', csv: '/api/agreements/2020/allocations.csv' },
    });
    const described = await stack.client.workflow.getHandle('agreement:2020').describe();
    expect(described.type).toBe('agreementWorkflow');
    expect(described.status.name).toBe('RUNNING');
    // Readable at once.
    const read = await get('/api/agreements/2020');
    expect(read.status).toBe(200);
  });

  test('the same agreement again answers 200, created false; nothing new is started', async () => {
    const again = await register({ id: '2020', agreement: AGREEMENT_2020 });
    expect(again.status).toBe(200);
    expect(again.headers.get('location')).toBe('/api/agreements/2020');
    expect(again.json()).toMatchObject({ id: '2020', created: false });
  });

  test('a different agreement under the same id answers 409, and the first one stays', async () => {
    const other = await register({ id: '2020', agreement: { ...AGREEMENT_2020, title: 'Överenskommelse om något annat 2020' } });
    expect(other.status).toBe(409);
    expect(other.json<Problems>()).toMatchObject({ code: 'duplicate', detail: expect.stringContaining('"2020"') });
    const kept = await get('/api/agreements/2020');
    expect(kept.json<{ agreement: { title: string } }>().agreement.title).toBe(AGREEMENT_2020.title);
  });

  test('with the population as SCB CSV text: kept in the workflow, and allocated by it', async () => {
    const res = await register({ id: '2020-inline', agreement: AGREEMENT_2020, population: POPULATION_CSV });
    expect(res.status).toBe(201);
    const view = (await get('/api/agreements/2020-inline')).json<{ population: { source: string; year: number; total: number; counties: unknown[]; note?: string } }>();
    expect(view.population).toMatchObject({ source: 'inline', year: 2019 });
    expect(view.population.note).toBeUndefined();
    expect(view.population.counties).toHaveLength(21);
    // The same table as the shipped fixture: the same öre for every county.
    const a = (await get('/api/agreements/2020/allocations')).json<AllBody>();
    const b = (await get('/api/agreements/2020-inline/allocations')).json<AllBody>();
    expect(b.counties).toEqual(a.counties);
  });

  test('an admin may register (admin always passes)', async () => {
    const res = await register({ id: '2020-admin', agreement: { ...AGREEMENT_2020, parts: AGREEMENT_2020.parts.slice(1, 2) } }, admin);
    expect(res.status).toBe(201);
  });

  test('401 without a token or with a bad one; 403 for a manager', async () => {
    const none = await api(stack, 'POST', '/api/agreements', { body: { agreement: AGREEMENT_2020 } });
    expect(none.status).toBe(401);
    expect(none.json<Problems>().code).toBe('unauthenticated');
    expect((await register({ agreement: AGREEMENT_2020 }, 'not.a.token')).status).toBe(401);
    const manager = await register({ id: '2020-manager', agreement: AGREEMENT_2020 }, stack.tokens.manager);
    expect(manager.status).toBe(403);
    expect((await get('/api/agreements/2020-manager')).status).toBe(404);
  });

  test('400 for a body that is not an agreement, naming every problem', async () => {
    const res = await register({ id: 'Not An Id', agreement: { year: 'tjugotjugo', title: '', parties: ['Regeringen'], parts: [{ id: 'I', name: 'Del', nationalOre: -1, key: { type: 'byMood' } }] }, extra: true });
    expect(res.status).toBe(400);
    expect(res.json<Problems>().code).toBe('invalid_request');
    expect(paths(res)).toEqual(
      expect.arrayContaining(['body.id', 'body.agreement.year', 'body.agreement.title', 'body.agreement.parties', 'body.agreement.nationalTotalOre', 'body.agreement.parts.0.nationalOre', 'body.agreement.parts.0.key.type', 'body.extra']),
    );
    const malformed = await api(stack, 'POST', '/api/agreements', { token: stack.tokens.coordinator, body: '{"agreement":' });
    expect(malformed.status).toBe(400);
    expect(malformed.json<Problems>().code).toBe('malformed_json');
    expect((await register([AGREEMENT_2020])).status).toBe(400);
  });

  test('422 for a well-formed agreement that cannot be allocated, naming every problem at once', async () => {
    const percent = Object.fromEntries(['01', '03', '04', '05', '06', '07', '08', '09', '10', '12', '13', '14', '17', '18', '19', '20', '21', '22', '23', '24', '25'].map((c) => [c, c === '23' ? 5.000001 : 4.75]));
    const res = await register({
      id: '2021-broken',
      agreement: {
        ...AGREEMENT_2020,
        year: 2021,
        nationalTotalOre: 10000000000,
        parts: [
          { id: 'A', name: 'Andelar', nationalOre: 5000000000, key: { type: 'shares', percent } },
          { id: 'B', name: 'Fast', nationalOre: 2400000000, key: { type: 'fixedPerCounty', amountOre: 100000000 } },
          { id: 'A', name: 'Samma id', nationalOre: 5000000000, key: { type: 'equal' } },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.json<Problems>().code).toBe('invalid_agreement');
    const problems = problemsOf(res);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'body.agreement.parts.0.key.percent', message: 'shares add up to 100.000001 %, not 100 %' },
        { path: 'body.agreement.parts.1.key', message: expect.stringContaining('fixed amounts sum to 21 000 000,00 kr, less than') },
        { path: 'body.agreement.parts.2.id', message: 'part id "A" is used twice' },
        { path: 'body.agreement.parts', message: expect.stringContaining('more than nationalTotalOre 100 000 000,00 kr') },
      ]),
    );
    expect((await get('/api/agreements/2021-broken')).status).toBe(404);
  });

  test('422 when the population cannot serve the agreement: another year without a file, a broken file, an age band the file cannot cut', async () => {
    const noFile = await register({ id: '2022', agreement: { ...AGREEMENT_2020, year: 2022, populationYear: 2021 } });
    expect(noFile.status).toBe(422);
    expect(problemsOf(noFile)).toEqual([{ path: 'body.population', message: expect.stringContaining("populationYear is 2021, but without a population grantflow has only population-2019") }]);

    const broken = POPULATION_CSV.replace('"23 Jämtlands län","7 år",', '"23 Jämtlands län","7 år",..').replace('"01 Stockholms län","0 år",28398', '"02 Kopparbergs län","0 år",28398');
    const badFile = await register({ id: '2020-badfile', agreement: AGREEMENT_2020, population: broken });
    expect(badFile.status).toBe(422);
    expect(paths(badFile).every((p) => p === 'body.population')).toBe(true);
    expect(problemsOf(badFile).map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/unknown county code 02/), expect.stringMatching(/column "2019" is "\.\.\d+", not a whole number of people/)]),
    );

    const band = await register({ id: '2020-band', agreement: { ...AGREEMENT_2020, parts: [{ id: 'X', name: 'Unga vuxna', nationalOre: 100, key: { type: 'ageBandShare', fromAge: 18, toAge: 25 } }] }, population: fiveYearGroups() });
    expect(band.status).toBe(422);
    expect(problemsOf(band)).toEqual([{ path: 'body.agreement.parts.0.key', message: expect.stringContaining('age band 18–25 cannot be computed from the population file') }]);
  });
});

/** The fixture regrouped into five-year age groups (0-4 år, …, 100+ år), as SCB also exports it. */
function fiveYearGroups(): string {
  const lines = POPULATION_CSV.split(/\r?\n/);
  const header = lines.findIndex((l) => l.startsWith('"region"'));
  const sums = new Map<string, number>();
  for (const line of lines.slice(header + 1)) {
    const m = /^"(\d\d [^"]+)","(\d+)\+? år",(\d+)$/.exec(line);
    if (!m) continue;
    const age = Number(m[2]);
    const label = age >= 100 ? '100+ år' : `${age - (age % 5)}-${age - (age % 5) + 4} år`;
    const key = `"${m[1]}","${label}"`;
    sums.set(key, (sums.get(key) ?? 0) + Number(m[3]));
  }
  return ['"region","ålder","2019"', ...[...sums].map(([k, v]) => `${k},${v}`)].join('\n');
}

describe('reading agreements', () => {
  test('GET /api/agreements lists them from visibility: id, year, title, parties, national total', async () => {
    type Item = { id: string; status: string; year: number; title: string; parties: string[]; nationalTotalOre: number; nationalTotalFormatted: string; parts: number; populationYear: number };
    let items: Item[] = [];
    for (const end = Date.now() + 20_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
      const res = await get('/api/agreements');
      expect(res.status).toBe(200);
      items = res.json<{ items: Item[] }>().items;
      if (items.length >= 3) break;
    }
    expect(items.map((i) => i.id).sort()).toEqual(expect.arrayContaining(['2020', '2020-admin', '2020-inline']));
    expect(items.find((i) => i.id === '2020')).toMatchObject({
      status: 'active',
      year: 2020,
      title: 'Överenskommelse om insatser inom området psykisk hälsa 2020',
      parties: ['Regeringen', 'Sveriges Kommuner och Regioner (SKR)'],
      nationalTotalOre: 171600000000,
      nationalTotalFormatted: '1 716 000 000,00 kr',
      parts: 4,
      populationYear: 2019,
    });
    expect((await api(stack, 'GET', '/api/agreements', {})).status).toBe(401);
  });

  test('GET /api/agreements/:id answers the agreement as registered, and the population it is allocated by', async () => {
    const res = await get('/api/agreements/2020', stack.tokens.coordinator);
    expect(res.status).toBe(200);
    const body = res.json<{ id: string; status: string; agreement: unknown; nationalTotalFormatted: string; population: { source: string; name: string; note: string; year: number; total: number; counties: { code: string; people: number }[] }; registeredBy: unknown }>();
    expect(body).toMatchObject({ id: '2020', status: 'active', nationalTotalFormatted: '1 716 000 000,00 kr', registeredBy: { name: 'Elin Ring', org: ORG } });
    expect(body.agreement).toMatchObject({ year: 2020, parts: AGREEMENT_2020.parts });
    expect(body.population).toMatchObject({ source: 'fixture', name: 'population-2019', year: 2019, note: expect.stringContaining('not SCB data') });
    expect(body.population.counties.map((c) => c.code)).toEqual(['01', '03', '04', '05', '06', '07', '08', '09', '10', '12', '13', '14', '17', '18', '19', '20', '21', '22', '23', '24', '25']);
    expect(body.population.counties.reduce((s, c) => s + c.people, 0)).toBe(body.population.total);
  });

  test('404 for an agreement that is not registered, 400 for an id that cannot be one, 401 without a token', async () => {
    const unknown = await get('/api/agreements/1999');
    expect(unknown.status).toBe(404);
    expect(unknown.json<Problems>()).toMatchObject({ code: 'not_found', detail: 'ingen överenskommelse "1999" är registrerad' });
    const bad = await get('/api/agreements/Not_An_Id');
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['params.agreementId']);
    expect((await get('/api/agreements/1999/allocations')).status).toBe(404);
    expect((await get('/api/agreements/1999/allocations/23')).status).toBe(404);
    expect((await get('/api/agreements/1999/allocations.csv')).status).toBe(404);
    expect((await api(stack, 'GET', '/api/agreements/2020')).status).toBe(401);
  });
});

describe('allocations', () => {
  test('every county, each part adding up to its national amount to the öre; Jämtland as in seed 004', async () => {
    const res = await get('/api/agreements/2020/allocations');
    expect(res.status).toBe(200);
    const all = res.json<AllBody>();
    expect(all).toMatchObject({ year: 2020, populationYear: 2019, totalOre: 57400000000, totalFormatted: '574 000 000,00 kr' });
    expect(all.parts.map((p) => [p.partId, p.keyType, p.nationalFormatted])).toEqual([
      ['I', 'basePlusPopulation', '200 000 000,00 kr'],
      ['II', 'fixedPerCounty', '24 000 000,00 kr'],
      ['III', 'populationShare', '200 000 000,00 kr'],
      ['IV', 'ageBandShare', '150 000 000,00 kr'],
    ]);
    expect(all.counties).toHaveLength(21);
    all.parts.forEach((p, i) => expect(all.counties.reduce((s, c) => s + c.parts[i]!.ore, 0)).toBe(p.nationalOre));
    for (const c of all.counties) expect(c.parts.reduce((s, p) => s + p.ore, 0)).toBe(c.totalOre);
    const jamtland = all.counties.find((c) => c.code === '23')!;
    expect(jamtland.name).toBe('Jämtlands län');
    expect(jamtland.parts.map((p) => p.formatted)).toEqual(['6 203 183,05 kr', '1 000 000,00 kr', '2 533 016,95 kr', '1 800 956,91 kr']);
    expect(jamtland.totalFormatted).toBe('11 537 156,91 kr');
    // Part II: 2 MSEK to the three metropolitan counties, 1 MSEK to the others.
    expect(all.counties.filter((c) => c.parts[1]!.ore === 200000000).map((c) => c.code)).toEqual(['01', '12', '14']);
  });

  test('GET …/allocations/23 answers Jämtland’s parts and total: 6 203 183,05 · 2 533 016,95 · 11 537 156,91 kr', async () => {
    const res = await get('/api/agreements/2020/allocations/23');
    expect(res.status).toBe(200);
    const body = res.json<CountyBody>();
    expect(body.county).toEqual({ code: '23', name: 'Jämtlands län' });
    expect(body.parts.map((p) => [p.partId, p.name, p.ore, p.formatted])).toEqual([
      ['I', 'Stärkt samverkan för personer med samsjuklighet', 620318305, '6 203 183,05 kr'],
      ['II', 'Insatser för stärkt brukarmedverkan', 100000000, '1 000 000,00 kr'],
      ['III', 'Suicidprevention', 253301695, '2 533 016,95 kr'],
      ['IV', 'Ungdomsmottagningen', 180095691, '1 800 956,91 kr'],
    ]);
    expect([body.totalOre, body.totalFormatted]).toEqual([1153715691, '11 537 156,91 kr']);
  });

  test('a code that is no county is a 404 naming the counties; one that is no code a 400', async () => {
    const merged = await get('/api/agreements/2020/allocations/02');
    expect(merged.status).toBe(404);
    expect(merged.json<Problems>().detail).toBe('inget län 02: länen är 01, 03, 04, 05, 06, 07, 08, 09, 10, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25');
    expect((await get('/api/agreements/2020/allocations/99')).status).toBe(404);
    for (const bad of ['3', '023', 'ab', '%20%32%33']) {
      const res = await get(`/api/agreements/2020/allocations/${bad}`);
      expect({ bad, status: res.status, paths: paths(res) }).toEqual({ bad, status: 400, paths: ['params.county'] });
    }
  });

  test('GET …/allocations.csv: one row per county and a sum row, öre and kronor, for Excel', async () => {
    const res = await get('/api/agreements/2020/allocations.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="fordelning-2020-\d{4}-\d{2}-\d{2}\.csv"$/);
    const raw = await fetch(`${stack.baseUrl}/api/agreements/2020/allocations.csv`, { headers: { authorization: `Bearer ${stack.tokens.manager}` } });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // (fetch's text() drops the byte-order mark; the bytes above have it.)
    const rows = res.text.split('\r\n');
    expect(rows).toHaveLength(1 + 21 + 1 + 1); // header, counties, sum, and the final CRLF
    expect(rows[0]).toBe('Länskod;Län;Del I (öre);Del I (kr);Del II (öre);Del II (kr);Del III (öre);Del III (kr);Del IV (öre);Del IV (kr);Totalt (öre);Totalt (kr)');
    const nb = (s: string) => s.replace(/ /g, '\u00a0');
    expect(rows.find((r) => r.startsWith('23;'))).toBe(`23;Jämtlands län;620318305;${nb('6 203 183,05')};100000000;${nb('1 000 000,00')};253301695;${nb('2 533 016,95')};180095691;${nb('1 800 956,91')};1153715691;${nb('11 537 156,91')}`);
    expect(rows[22]).toBe(`;Summa;20000000000;${nb('200 000 000,00')};2400000000;${nb('24 000 000,00')};20000000000;${nb('200 000 000,00')};15000000000;${nb('150 000 000,00')};57400000000;${nb('574 000 000,00')}`);
    const en = await get('/api/agreements/2020/allocations.csv?lang=en');
    expect(en.text.split('\r\n')[0]).toBe('County code;County;Part I (öre);Part I (SEK);Part II (öre);Part II (SEK);Part III (öre);Part III (SEK);Part IV (öre);Part IV (SEK);Total (öre);Total (SEK)');
    const badLang = await get('/api/agreements/2020/allocations.csv?lang=de');
    expect([badLang.status, paths(badLang)]).toEqual([400, ['query.lang']]);
  });
});

describe('POST …/allocations/:county/plan-parts', () => {
  const PARTS = '/api/agreements/2020/allocations/23/plan-parts';

  /** Seed 004's plan, moved into the future, with the parts and total the API computed. */
  function seed004With(out: PlanPartsBody): Record<string, unknown> {
    const seed = SEED_PLANS.seed004;
    const plan = shiftYears(structuredClone(seed.plan) as Record<string, unknown>, yearsToShift(seed.registered, stockholmDate(Date.now())));
    return { ...plan, caseNumber: 'RJH/2020/E2E', organisation: ORG, county: out.county, source: out.source, parts: out.parts, totalOre: out.totalOre };
  }

  test('without a body: seed 004’s four parts, to the öre, that POST /api/plans/validate accepts', async () => {
    const res = await planParts(PARTS, undefined);
    expect(res.status).toBe(200);
    const out = res.json<PlanPartsBody>();
    expect(out).toMatchObject({ county: '23', countyName: 'Jämtlands län', year: 2020, source: AGREEMENT_2020.title, totalOre: SEED_004.totalOre, totalFormatted: '11 537 156,91 kr' });
    expect(out.parts).toEqual(SEED_004.parts.map((p) => ({ id: p.id, name: p.name, amountOre: p.amountOre })));
    expect(out.breakdown.map((b) => [b.id, b.formatted, b.agreementParts])).toEqual([
      ['I', '6 203 183,05 kr', ['I']],
      ['II', '1 000 000,00 kr', ['II']],
      ['III', '2 533 016,95 kr', ['III']],
      ['IV', '1 800 956,91 kr', ['IV']],
    ]);

    const checked = await api(stack, 'POST', '/api/plans/validate', { token: stack.tokens.coordinator, body: seed004With(out) });
    expect({ status: checked.status, body: checked.status === 200 ? undefined : checked.text }).toEqual({ status: 200, body: undefined });
    expect(checked.json<{ ok: boolean; plan: { parts: { id: string; amountOre: number }[]; totalOre: number; county: string } }>()).toMatchObject({ ok: true, plan: { totalOre: 1153715691, county: '23' } });

    // The smallest plan around them is accepted too: county, year, source, parts and totalOre are a plan's fields
    // (the rest of the answer is for people; a plan refuses fields it does not know).
    const { county, year, source, parts, totalOre } = out as typeof out & { source: string };
    const minimal = {
      caseNumber: 'RJH/2020/E2E-MIN',
      title: 'Länsgemensamma medel 2020',
      county,
      year,
      source,
      parts,
      totalOre,
      coordinators: [{ id: 'elin', name: 'Elin Ring', email: 'elin.ring@example.se' }],
      decision: { body: 'SVOM', group: { id: 'svom', name: 'SVOM', members: [{ id: 'anna', name: 'Anna Berg', email: 'anna.berg@example.se' }] } },
    };
    const min = await api(stack, 'POST', '/api/plans/validate', { token: stack.tokens.coordinator, body: minimal });
    expect({ status: min.status, body: min.status === 200 ? undefined : min.text }).toEqual({ status: 200, body: undefined });
  });

  test('include and merge: parts I and III as one plan part, II left out', async () => {
    const res = await planParts(PARTS, { include: ['I', 'III', 'IV'], merge: [{ id: 'I-III', name: 'Samsjuklighet och suicidprevention', parts: ['III', 'I'] }] });
    expect(res.status).toBe(200);
    const out = res.json<PlanPartsBody>();
    expect(out.parts).toEqual([
      { id: 'I-III', name: 'Samsjuklighet och suicidprevention', amountOre: 620318305 + 253301695 },
      { id: 'IV', name: 'Ungdomsmottagningen', amountOre: 180095691 },
    ]);
    expect(out.breakdown).toEqual([
      { id: 'I-III', formatted: '8 736 200,00 kr', agreementParts: ['I', 'III'] },
      { id: 'IV', formatted: '1 800 956,91 kr', agreementParts: ['IV'] },
    ]);
    expect([out.totalOre, out.totalFormatted]).toEqual([1053715691, '10 537 156,91 kr']);
    const checked = await api(stack, 'POST', '/api/plans/validate', { token: stack.tokens.coordinator, body: seed004With(out) });
    expect({ status: checked.status, body: checked.status === 200 ? undefined : checked.text }).toEqual({ status: 200, body: undefined });
  });

  test('422 for a selection the agreement cannot give, naming every problem', async () => {
    const res = await planParts(PARTS, { include: ['I', 'V', 'I'], merge: [{ id: 'x', name: 'X', parts: ['I', 'II'] }, { id: 'y', name: 'Y', parts: ['I', 'IV'] }] });
    expect(res.status).toBe(422);
    expect(res.json<Problems>().code).toBe('invalid_selection');
    expect(problemsOf(res)).toEqual([
      { path: 'body.include.1', message: 'the agreement has no part "V" (its parts: I, II, III, IV)' },
      { path: 'body.include.2', message: 'part "I" is listed twice' },
      { path: 'body.merge.0.parts.1', message: 'part "II" is not included' },
      { path: 'body.merge.1.parts.0', message: 'part "I" is already merged into "x"' },
      { path: 'body.merge.1.parts.1', message: 'part "IV" is not included' },
    ]);
    const clash = await planParts(PARTS, { merge: [{ id: 'IV', name: 'Samma id som del IV', parts: ['I', 'III'] }] });
    expect([clash.status, problemsOf(clash)]).toEqual([422, [{ path: 'body.merge.0.id', message: 'plan part id "IV" would be used twice' }]]);
  });

  test('400 for a malformed selection; 404 for an unknown county or agreement; 401 and 403', async () => {
    const bad = await planParts(PARTS, { include: [], merge: [{ id: 'a b', name: '', parts: ['I'] }], groups: [] });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(expect.arrayContaining(['body.include', 'body.merge.0.id', 'body.merge.0.name', 'body.merge.0.parts', 'body.groups']));
    expect((await planParts('/api/agreements/2020/allocations/02/plan-parts')).status).toBe(404);
    expect((await planParts('/api/agreements/1999/allocations/23/plan-parts')).status).toBe(404);
    expect((await planParts('/api/agreements/2020/allocations/2/plan-parts')).status).toBe(400);
    expect((await api(stack, 'POST', PARTS, { body: {} })).status).toBe(401);
    const manager = await planParts(PARTS, {}, stack.tokens.manager);
    expect([manager.status, manager.json<Problems>().code]).toEqual([403, 'forbidden']);
  });
});

describe('retiring an agreement', () => {
  test('ends its workflow; it stays readable, gives no plan parts, and its id is not registered again', async () => {
    const body = { id: '2019-retire', agreement: { ...AGREEMENT_2020, year: 2019, parts: AGREEMENT_2020.parts.slice(2, 3) } };
    expect((await register(body)).status).toBe(201);
    const path = '/api/agreements/2019-retire/retire';
    expect((await api(stack, 'POST', path, { token: stack.tokens.manager, body: { reason: 'Ersatt' } })).status).toBe(403);
    const noReason = await api(stack, 'POST', path, { token: stack.tokens.coordinator, body: { reason: '  ' } });
    expect([noReason.status, paths(noReason)]).toEqual([400, ['body.reason']]);
    const retired = await api(stack, 'POST', path, { token: stack.tokens.coordinator, body: { reason: 'Ersatt av en reviderad överenskommelse' } });
    expect(retired.status).toBe(200);
    expect(retired.json()).toMatchObject({ id: '2019-retire', status: 'retired', retired: { by: 'Elin Ring', reason: 'Ersatt av en reviderad överenskommelse' } });
    await stack.client.workflow.getHandle('agreement:2019-retire').result();

    expect((await api(stack, 'POST', path, { token: stack.tokens.coordinator, body: { reason: 'Igen' } })).status).toBe(409);
    expect((await get('/api/agreements/2019-retire')).json()).toMatchObject({ status: 'retired' });
    expect((await get('/api/agreements/2019-retire/allocations/23')).json()).toMatchObject({ status: 'retired', parts: [{ partId: 'III', formatted: '2 533 016,95 kr' }] });
    const parts = await planParts('/api/agreements/2019-retire/allocations/23/plan-parts');
    expect([parts.status, parts.json<Problems>().code]).toEqual([409, 'retired']);
    expect((await register({ ...body, agreement: { ...body.agreement, title: 'Ny' } })).status).toBe(409);
    expect((await register(body)).json()).toMatchObject({ created: false });
    expect((await api(stack, 'POST', '/api/agreements/1999/retire', { token: stack.tokens.coordinator, body: { reason: 'x' } })).status).toBe(404);
  });
});
