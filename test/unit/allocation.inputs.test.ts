/**
 * Bad agreements and bad population files are refused with messages that name the field
 * (or the line and column) at fault.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  COUNTIES,
  allocateAgreement,
  countyAllocation,
  parseAgreement,
  parsePopulationCsv,
} from '../../domain/allocation';

const root = resolve(__dirname, '../..');
const agreementJson = () => JSON.parse(readFileSync(resolve(root, 'domain/fixtures/agreement-2020.json'), 'utf8'));
const fixtureCsv = readFileSync(resolve(root, 'domain/fixtures/population-2019.csv'), 'utf8');
const population = parsePopulationCsv(fixtureCsv);

/** A small SCB-style file with coarse age groups; `edit` may change the lines. */
function csv(opts: { groups?: string[]; edit?: (lines: string[]) => string[] } = {}): string {
  const groups = opts.groups ?? ['0-25 år', '26-64 år', '65+ år'];
  const rows = COUNTIES.flatMap((c) => groups.map((g, k) => `"${c.code} ${c.name}","${g}",${1000 * (k + 1)}`));
  const lines = ['"Folkmängden efter region, ålder och år"', '', '"region","ålder","2019"', ...rows];
  return (opts.edit ?? ((l) => l))(lines).join('\n');
}

describe('agreement validation', () => {
  // The agreement as raw JSON, to be broken in ways the types would not allow.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const refused = (mutate: (a: any) => void) => {
    const a = agreementJson();
    mutate(a);
    return () => parseAgreement(a);
  };

  it('accepts the 2020 fixture', () => {
    expect(parseAgreement(agreementJson()).parts).toHaveLength(4);
  });

  it('refuses negative and fractional amounts', () => {
    expect(refused((a) => (a.parts[0].nationalOre = -1))).toThrow('parts[0].nationalOre: must not be negative');
    expect(refused((a) => (a.parts[1].key.amountOre = 1.5))).toThrow('parts[1].key.amountOre: must be a whole number of öre');
    expect(refused((a) => (a.parts[0].key.basePerCountyOre = -5))).toThrow('parts[0].key.basePerCountyOre: must not be negative');
  });

  it('refuses fixed amounts that exceed, or fall short of, the national amount', () => {
    expect(refused((a) => (a.parts[1].key.exceptions[0].amountOre = 300000000))).toThrow(
      "parts[1].key: fixed amounts sum to 25 000 000,00 kr, which exceeds the part's national amount 24 000 000,00 kr",
    );
    expect(refused((a) => a.parts[1].key.exceptions.pop())).toThrow('parts[1].key: fixed amounts sum to 23 000 000,00 kr, less than');
    expect(refused((a) => (a.parts[0].key.basePerCountyOre = 1_000_000_000))).toThrow(
      "parts[0].key.basePerCountyOre: 21 counties × 10 000 000,00 kr = 210 000 000,00 kr exceeds the part's national amount 200 000 000,00 kr",
    );
  });

  it('refuses parts that add up to more than the national total', () => {
    expect(refused((a) => (a.nationalTotalOre = 50_000_000_000))).toThrow(
      "parts: the parts' national amounts add up to 574 000 000,00 kr, more than nationalTotalOre 500 000 000,00 kr",
    );
  });

  it('refuses explicit shares that do not add up to 100 %', () => {
    const percent = Object.fromEntries(COUNTIES.map((c) => [c.code, c.code === '01' ? '5.000001' : 4.75]));
    expect(refused((a) => (a.parts[2].key = { type: 'shares', percent }))).toThrow(
      'parts[2].key.percent: shares add up to 100.000001 %, not 100 %',
    );
    const missing: Record<string, number | string> = { ...percent, '01': 9.75 };
    delete missing['25'];
    expect(refused((a) => (a.parts[2].key = { type: 'shares', percent: missing }))).toThrow('parts[2].key.percent: has no share for county 25');
    expect(refused((a) => (a.parts[2].key = { type: 'shares', percent: { ...percent, '01': '5.0000001' } }))).toThrow(
      'parts[2].key.percent.01: must be a non-negative percentage with at most 6 decimals',
    );
  });

  it('accepts explicit shares that add up, and splits by them', () => {
    const percent = Object.fromEntries(COUNTIES.map((c) => [c.code, c.code === '01' ? 5 : 4.75]));
    const a = agreementJson();
    a.parts[2].key = { type: 'shares', percent };
    const iii = allocateAgreement(a, population).parts[2]!;
    expect(iii.perCounty[0]!.ore).toBe(1_000_000_000); // 5 % of 200 MSEK
    expect(iii.perCounty[1]!.ore).toBe(950_000_000);
  });

  it('refuses unknown counties, wherever they appear', () => {
    expect(refused((a) => (a.parts[1].key.exceptions[0].county = '02'))).toThrow('parts[1].key.exceptions[0].county: unknown county code "02"');
    expect(refused((a) => (a.parts[1].key.exceptions[1].county = '01'))).toThrow('parts[1].key.exceptions[1].county: county 01 is listed twice');
    const percent = Object.fromEntries([...COUNTIES.map((c) => [c.code, c.code === '01' ? 0 : 5]), ['99', 0]]);
    expect(refused((a) => (a.parts[2].key = { type: 'shares', percent }))).toThrow('parts[2].key.percent.99: unknown county code "99"');
    expect(() => countyAllocation(agreementJson(), population, '99')).toThrow('unknown county code "99"');
  });

  it('refuses unknown key types, unknown fields and repeated part ids', () => {
    expect(refused((a) => (a.parts[0].key = { type: 'perCapita' }))).toThrow('parts[0].key.type: must have a "type" of equal, fixedPerCounty');
    expect(refused((a) => (a.parts[0].key.basePerCounty = 1))).toThrow('parts[0].key.basePerCounty: unknown field "basePerCounty"');
    expect(refused((a) => (a.parts[3].id = 'I'))).toThrow('parts[3].id: part id "I" is used twice');
    expect(refused((a) => (a.parts[3].key.toAge = -1))).toThrow('parts[3].key.toAge: must not be negative');
    expect(refused((a) => (a.parts[3].key.fromAge = 30))).toThrow('parts[3].key.toAge: must not be below fromAge (30)');
    expect(refused((a) => delete a.title)).toThrow('title: is required');
  });

  it('refuses a population file of another year than the agreement says', () => {
    expect(() => allocateAgreement(agreementJson(), parsePopulationCsv(csv().replace('"2019"', '"2018"')))).toThrow(
      'populationYear: the agreement uses population 2019 but the population file holds 2018',
    );
  });

  it('refuses an age band the file cannot answer, naming the part', () => {
    const coarse = parsePopulationCsv(csv({ groups: ['0-19 år', '20-29 år', '30+ år'] }));
    expect(() => allocateAgreement(agreementJson(), coarse)).toThrow(
      'parts[3] (IV Ungdomsmottagningen): age band 0–25 cannot be computed from the population file: its age group "20-29 år" lies partly outside it',
    );
  });
});

describe('population file (SCB CSV)', () => {
  it('reads the fixture: 21 counties, ages 0 to 100+, one year', () => {
    expect(population.year).toBe(2019);
    expect(population.ageGroups).toHaveLength(101);
    expect(population.ageGroups[100]).toEqual({ from: 100, to: null, label: '100+ år' });
    expect(Object.keys(population.counts)).toHaveLength(21);
  });

  it('accepts semicolons, CRLF, a BOM, footnotes and consistent SCB totals', () => {
    const text = csv({
      edit: (lines) => [
        ...lines.map((l) => l.replace(/","|",(?=\d)/g, (m) => m.replace(',', ';'))),
        ...COUNTIES.map((c) => `"${c.code} ${c.name}";"totalt ålder";6000`),
        '"00 Riket";"0-25 år";21000',
        '',
        '"Fotnot: ..."',
        'anything, after, the blank line',
      ],
    });
    const pop = parsePopulationCsv('\uFEFF' + text.replace(/\n/g, '\r\n'));
    expect(pop.counts['23']).toEqual([1000, 2000, 3000]);
  });

  it('picks the requested year among several', () => {
    const text = csv({ edit: (ls) => ls.map((l) => l.replace('"2019"', '"2018","2019"').replace(/,(\d+)$/, ',1,$1')) });
    expect(parsePopulationCsv(text, { year: 2018 }).counts['01']).toEqual([1, 1, 1]);
    expect(() => parsePopulationCsv(text)).toThrow('the file has several year columns; say which year to use (year columns: 2018, 2019)');
    expect(() => parsePopulationCsv(text, { year: 2020 })).toThrow('year 2020 is not in the file');
  });

  const malformed: [string, (lines: string[]) => string[], string][] = [
    ['no header', (ls) => ls.slice(3), 'no header row: expected a line like "region","ålder","2019"'],
    ['wrong age column', (ls) => ls.map((l) => l.replace('"ålder"', '"kön"')), 'line 3: second header column is "kön", expected "ålder"'],
    ['non-year column', (ls) => ls.map((l) => l.replace('"2019"', '"Folkmängd"')), 'line 3: header column "Folkmängd" is not a year'],
    ['missing value', (ls) => ls.map((l, i) => (i === 3 ? l.replace(/,1000$/, ',..') : l)), 'line 4: column "2019" is "..", not a whole number of people'],
    ['negative value', (ls) => ls.map((l, i) => (i === 3 ? l.replace(/,1000$/, ',-5') : l)), 'line 4: column "2019" is "-5", not a whole number of people'],
    ['short row', (ls) => ls.map((l, i) => (i === 4 ? l.replace(/,2000$/, '') : l)), 'line 5: expected 3 columns (region, ålder, 2019), found 2'],
    ['unknown county', (ls) => [...ls, '"02 Kopparbergs län","0-25 år",5'], 'line 67: region "02 Kopparbergs län": unknown county code 02'],
    ['region without code', (ls) => ls.map((l) => l.replace('"01 Stockholms län"', '"Stockholms län"')), 'line 4: region "Stockholms län" must start with its two-digit county code'],
    ['bad age', (ls) => ls.map((l) => l.replace('"65+ år"', '"pensionärer"')), 'line 6: ålder "pensionärer" is not an age like "25 år", "0-4 år" or "100+ år"'],
    ['duplicate row', (ls) => [...ls, ls[3]!], 'line 67: region 01, ålder "0-25 år" appears twice (first on line 4)'],
    ['missing county', (ls) => ls.filter((l) => !l.startsWith('"23 ')), 'county 23 Jämtlands län is missing'],
    ['missing age for a county', (ls) => ls.filter((l) => !l.startsWith('"23 Jämtlands län","26-64')), 'county 23 Jämtlands län has no row for ålder "26-64 år"'],
    ['gap in ages', (ls) => ls.map((l) => l.replace('"26-64 år"', '"27-64 år"')), 'ålder: age 26 is missing'],
    ['no open-ended group', (ls) => ls.map((l) => l.replace('"65+ år"', '"65-99 år"')), 'ålder: the oldest age group must be open-ended, like "100+ år" (the file stops at age 99)'],
    ['overlap', (ls) => [...ls, ...COUNTIES.map((c) => `"${c.code} ${c.name}","5 år",1`)], 'ålder: age group "5 år" overlaps the age groups before it'],
    ['wrong national total', (ls) => [...ls, '"00 Riket","65+ år",1'], 'line 67: 00, ålder "65+ år" says 1 but the rows it sums add up to 63000'],
    ['wrong county total', (ls) => [...ls, '"23 Jämtlands län","totalt ålder",1'], 'line 67: 23, ålder "totalt ålder" says 1 but the rows it sums add up to 6000'],
  ];
  it.each(malformed)('refuses a file with %s', (_, edit, message) => {
    expect(() => parsePopulationCsv(csv({ edit }))).toThrow(message);
  });
});

describe('domain/allocation stays pure', () => {
  it('imports nothing but zod, domain/money, its words and its own modules (it runs inside workflows)', () => {
    const dir = resolve(root, 'domain/allocation');
    for (const file of readdirSync(dir)) {
      const imports = [...readFileSync(resolve(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const spec of imports) expect([file, spec]).toEqual([file, expect.stringMatching(/^(zod|\.\/[a-zA-Z]+|\.\.\/(money|zodText|text|freeText))$/)]);
    }
  });
});
