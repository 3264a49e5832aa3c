/**
 * An agreement's refusals in Swedish first, English available (issue 15): every problem of a
 * registration at once, each naming its field, in both languages, through the route and its
 * problem format (`?lang=en` / Accept-Language). The registration is refused before it would reach
 * Temporal, so no client is needed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth';
import { checkRegistration } from '../../api/agreementChecks';
import { serve, type Serving } from '../../api/serve';
import { parseConfig } from '../../common/config';
import { createLogger } from '../../common/logger';
import { COUNTIES } from '../../domain/allocation';
import type { Problem } from '../../domain/text';

const root = resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const agreement = (): any => JSON.parse(readFileSync(resolve(root, 'domain/fixtures/agreement-2020.json'), 'utf8'));

/** Words that give English away in a Swedish message (quoted values, field names and key types aside). */
const ENGLISH = /\b(must|the|is|are|not|cannot|county|counties|part|parts|unknown|expected|listed|twice|exceeds|less|than|more|add up|age band|population file|nobody|whole|years|required)\b/i;
const swedish = (p: Problem) => p.messages.sv.replace(/"[^"]*"/g, '').replace(/\b([a-z]+[A-Z][A-Za-z]*|equal|shares)\b/g, '');
const problemsOf = (body: unknown): Problem[] => {
  const r = checkRegistration(body as Parameters<typeof checkRegistration>[0]);
  if (r.ok) throw new Error('expected a refusal');
  return r.problems;
};

describe('allocation keys: every problem, Swedish first with English', () => {
  const broken = () => {
    const a = agreement();
    a.parts[0].key.basePerCountyOre = 1_000_000_000; // 21 × 10 000 000 kr > the part
    a.parts[1].key.exceptions.push({ county: '01', amountOre: 1 }); // 01 twice
    a.parts[2].key = { type: 'shares', percent: { ...Object.fromEntries(COUNTIES.map((c) => [c.code, '4'])), 99: '1', '01': 1.1234567 } };
    a.parts[3].key.fromAge = 30; // toAge 25 < fromAge
    return a;
  };

  it('names each key problem at its path, in both languages, and no Swedish message is English', () => {
    const problems = problemsOf({ agreement: broken() });
    expect(problems.map((p) => p.path)).toEqual([
      'body.agreement.parts.0.key.basePerCountyOre',
      'body.agreement.parts.1.key.exceptions.3.county',
      'body.agreement.parts.2.key.percent.99',
      'body.agreement.parts.2.key.percent.01',
      'body.agreement.parts.2.key.percent',
      'body.agreement.parts.3.key.toAge',
    ]);
    expect(problems[0]!.messages).toEqual({
      sv: '21 län × 10 000 000,00 kr = 210 000 000,00 kr är mer än delens nationella belopp 200 000 000,00 kr',
      en: '21 counties × 10 000 000,00 kr = 210 000 000,00 kr exceeds the part\'s national amount 200 000 000,00 kr',
    });
    expect(problems[1]!.messages).toEqual({ sv: 'län 01 står två gånger', en: 'county 01 is listed twice' });
    for (const p of problems) {
      expect({ path: p.path, sv: swedish(p) }).toEqual({ path: p.path, sv: expect.not.stringMatching(ENGLISH) });
      expect(p.messages.sv).not.toBe(p.messages.en);
    }
  });

  it('words the agreement’s structure in Swedish too: a missing title, too few parties, an unknown key type, a bad percentage', () => {
    const a = agreement();
    delete a.title;
    a.parties = ['Regeringen'];
    a.parts[0].key = { type: 'perCapita' };
    a.parts[2].key = { type: 'shares', percent: { '01': 'tolv' } };
    const problems = problemsOf({ agreement: a });
    expect(problems.map((p) => [p.path, p.messages.sv])).toEqual([
      ['body.agreement.title', 'saknas'],
      ['body.agreement.parties', 'en överenskommelse har minst två parter'],
      ['body.agreement.parts.0.key.type', 'måste ha en "type" som är equal, fixedPerCounty, basePlusPopulation, populationShare, ageBandShare eller shares'],
      ['body.agreement.parts.2.key.percent.01', 'måste vara en icke-negativ procentsats med högst 6 decimaler, t.ex. 12.345678'],
    ]);
    for (const p of problems) expect({ path: p.path, sv: swedish(p) }).toEqual({ path: p.path, sv: expect.not.stringMatching(ENGLISH) });
  });

  it('says in Swedish when the population cannot answer an age band, naming the part', () => {
    const groups = ['0-19 år', '20-29 år', '30+ år'];
    const rows = COUNTIES.flatMap((c) => groups.map((g, k) => `"${c.code} ${c.name}","${g}",${1000 * (k + 1)}`));
    const population = ['"region","ålder","2019"', ...rows].join('\n');
    const [p, ...rest] = problemsOf({ agreement: agreement(), population });
    expect(rest).toEqual([]);
    expect(p).toEqual({
      path: 'body.agreement.parts.3.key',
      message: expect.any(String),
      messages: {
        sv: 'del IV kan inte fördelas: åldern 0–25 kan inte räknas ut ur befolkningsfilen: dess åldersgrupp "20-29 år" ligger delvis utanför',
        en: 'part IV cannot be allocated: age band 0–25 cannot be computed from the population file: its age group "20-29 år" lies partly outside it',
      },
    });
  });
});

describe('POST /api/agreements answers in the request’s language', () => {
  let api: Serving;
  let base: string;
  let token: string;
  const config = parseConfig({ LINK_SECRET: 'l'.repeat(32), REGISTER_DATABASE_URL: 'postgres://grantflow_app@localhost:5432/grantflow', AUTH_JWT_SECRET: 'j'.repeat(32), LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'http://127.0.0.1' });
  beforeAll(async () => {
    api = await serve(createApp({ config, client: {} as Client, log: createLogger('test', 'silent') }), { port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${api.port}`;
    token = await issueToken(config, { sub: 'c', name: 'Elin Ring', roles: ['coordinator'], org: 'Region Jämtland Härjedalen' });
  });
  afterAll(() => api.stop());

  const register = (body: unknown, query = '', headers: Record<string, string> = {}) =>
    fetch(`${base}/api/agreements${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('422 with every key problem: Swedish by default, English with ?lang=en or Accept-Language', async () => {
    const a = agreement();
    a.parts[1].key.exceptions.pop();
    a.parts[3].key.toAge = 10;
    a.parts[3].key.fromAge = 20;
    const sv = (await (await register({ id: '2020-test', agreement: a })).json()) as { status: number; detail: string; problems: { path: string; message: string }[] };
    expect(sv.status).toBe(422);
    expect(sv.detail).toBe('överenskommelsen kan inte fördelas');
    expect(sv.problems.map((p) => [p.path, p.message])).toEqual([
      ['body.agreement.parts.1.key', 'de fasta beloppen blir 23 000 000,00 kr, mindre än delens nationella belopp 24 000 000,00 kr (en fast nyckel måste fördela hela beloppet)'],
      ['body.agreement.parts.3.key.toAge', 'får inte vara lägre än fromAge (20)'],
    ]);
    for (const en of [await register({ id: '2020-test', agreement: a }, '?lang=en'), await register({ id: '2020-test', agreement: a }, '', { 'accept-language': 'en-GB,en;q=0.9' })]) {
      const body = (await en.json()) as { detail: string; problems: { message: string }[] };
      expect(body.detail).toBe('the agreement cannot be allocated');
      expect(body.problems.map((p) => p.message)).toEqual([
        'fixed amounts sum to 23 000 000,00 kr, less than the part\'s national amount 24 000 000,00 kr (a fixed key must account for all of it)',
        'must not be below fromAge (20)',
      ]);
    }
  });

  it('400 for a malformed id, worded in Swedish', async () => {
    const res = await register({ id: 'Ö 2020', agreement: agreement() });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { problems: unknown[] }).problems).toEqual([
      {
        path: 'body.id',
        message: 'får bara ha gemena bokstäver a–z, siffror och "-" (inte först eller sist), t.ex. 2020 eller 2020-psykisk-halsa',
        messages: {
          sv: 'får bara ha gemena bokstäver a–z, siffror och "-" (inte först eller sist), t.ex. 2020 eller 2020-psykisk-halsa',
          en: 'must be lower-case letters, digits and "-" (not first or last), e.g. 2020 or 2020-psykisk-halsa',
        },
      },
    ]);
  });
});
