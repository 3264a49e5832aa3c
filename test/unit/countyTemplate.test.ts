/**
 * The county-funds template from a registered agreement, without a browser: the 2020 agreement
 * gives Jämtland exactly seed 004's four amounts; each key is said in words; the form leaves only
 * the requisitioning units to pick, and once they are picked the plan starts with the county's
 * amounts to the öre.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { countyOfOrganisation, parseAgreement, REGION_OF_COUNTY, COUNTY_CODES, type AllocationKey } from '../../domain/allocation';
import { countyFunds, countyPlan, defaultCounty, keyWords } from '../../api/workbench/countyTemplate';
import { templatePlan } from '../../api/workbench/templates';
import { planFields } from '../../api/views/workbench/planForm';
import { fundsBox } from '../../api/views/workbench/countyPages';
import { planProblems } from '../../api/workbench/checks';
import type { AgreementRecord } from '../../workflows/agreement/contract';
import type { Principal } from '../../api/auth';
import { SEED_PLANS } from '../../domain/fixtures/plans';
import { submitted } from '../helpers/formFields';

const TODAY = '2026-12-03';
const elin: Principal = { sub: 's', name: 'Elin Ring', roles: ['coordinator'], org: 'Region Jämtland Härjedalen', email: 'elin.ring@example.se' };
const agreement = parseAgreement(JSON.parse(readFileSync(resolve(__dirname, '../../domain/fixtures/agreement-2020.json'), 'utf8')));
const record: AgreementRecord = {
  agreementId: '2020',
  agreement,
  population: { source: 'fixture', name: 'population-2019', year: 2019 },
  registeredAt: '2026-12-01T08:00:00.000Z',
  registeredBy: { name: 'Elin Ring', org: elin.org },
};

test('the 2020 agreement gives Jämtland (23) seed 004’s four parts and amounts, to the öre', () => {
  const funds = countyFunds(record, '23');
  const seed = SEED_PLANS.seed004.plan as { parts: { id: string; name: string; amountOre: number }[]; totalOre: number };
  expect(funds.county).toEqual({ code: '23', name: 'Jämtlands län' });
  expect(funds.parts.map((p) => [p.partId, p.name, p.ore])).toEqual(seed.parts.map((p) => [p.id, p.name, p.amountOre]));
  expect(funds.totalOre).toBe(seed.totalOre);
  expect(funds.populationYear).toBe(2019);
  // Another county gets other amounts from the same keys: Stockholm has part II's exception.
  const stockholm = countyFunds(record, '01');
  expect(stockholm.parts[1]!.ore).toBe(200_000_000);
  expect(stockholm.totalOre).not.toBe(funds.totalOre);
});

test('each allocation key is said in Swedish and English, of the county at hand', () => {
  const cases: [AllocationKey, string, string, string][] = [
    [{ type: 'equal' }, '23', 'lika delar till alla 21 län', 'equal shares to all 21 counties'],
    [{ type: 'fixedPerCounty', amountOre: 100_000_000, exceptions: [{ county: '01', amountOre: 200_000_000 }] }, '23', 'fast belopp per län', 'a fixed amount per county'],
    [{ type: 'fixedPerCounty', amountOre: 100_000_000, exceptions: [{ county: '01', amountOre: 200_000_000 }] }, '01', 'fast belopp per län (länet har ett eget belopp)', 'a fixed amount per county (this county has its own amount)'],
    [{ type: 'basePlusPopulation', basePerCountyOre: 500_000_000 }, '23', 'grundbelopp 5 000 000,00 kr per län, resten efter andel av befolkningen', 'a base of 5 000 000,00 kr per county, the rest by share of the population'],
    [{ type: 'populationShare' }, '23', 'efter länets andel av befolkningen', 'by the county’s share of the population'],
    [{ type: 'ageBandShare', fromAge: 0, toAge: 25 }, '23', 'efter länets andel av befolkningen 0–25 år', 'by the county’s share of the population aged 0–25'],
    [{ type: 'ageBandShare', fromAge: 65 }, '23', 'efter länets andel av befolkningen 65 år och äldre', 'by the county’s share of the population aged 65 and over'],
    [{ type: 'shares', percent: { '23': '1.25' } } as AllocationKey, '23', 'fastställd andel: 1.25 %', 'a set share: 1.25 %'],
  ];
  for (const [key, code, sv, en] of cases) expect([keyWords(key, code as '23', 'sv'), keyWords(key, code as '23', 'en')]).toEqual([sv, en]);
});

test('a region’s organisation names its county; anything else has none and the chooser starts at the first county', () => {
  expect(countyOfOrganisation('region jämtland  härjedalen ')).toBe('23');
  expect(countyOfOrganisation('Västra Götalandsregionen')).toBe('14');
  expect(countyOfOrganisation('Östersunds kommun')).toBeUndefined();
  expect(new Set(COUNTY_CODES.map((c) => countyOfOrganisation(REGION_OF_COUNTY[c]))).size).toBe(21);
  expect(defaultCounty({ ...elin, org: 'Östersunds kommun' })).toBe('01');
  expect(defaultCounty(elin)).toBe('23');
});

test('the form from the agreement asks only for the units; picked, the plan has the county’s parts, amounts, keys, county, year and source', () => {
  const funds = countyFunds(record, '23');
  const doc = templatePlan('county', elin, TODAY, funds);
  const fields = { ...submitted(planFields({ lang: 'sv', doc, problems: [] }).html), caseNumber: 'RJH/1/2026' };
  const empty = planProblems(fields, elin, TODAY);
  expect(empty.ok ? [] : empty.problems.map((p) => p.path)).toEqual([0, 1, 2, 3].map((i) => `parts.${i}.requisition.unit`));

  const units = ['Förvaltningsområde Regional utveckling', 'Förvaltningsområde Regional utveckling', 'Kommunförbundet Jämtlands län', 'Hälso- och sjukvårdsförvaltningen, Psykiatri'];
  const picked = { ...fields, ...Object.fromEntries(units.map((u, i) => [`parts.${i}.requisition.unit`, u])) };
  const result = planProblems(picked, elin, TODAY);
  expect(result.ok ? [] : result.problems).toEqual([]);
  if (!result.ok) return;
  expect(result.plan.parts.map((p) => [p.id, p.amountOre, p.requisition?.unit])).toEqual(funds.parts.map((p, i) => [p.partId, p.ore, units[i]]));
  expect(result.plan.totalOre).toBe(funds.totalOre);
  expect([result.plan.county, result.plan.year, result.plan.organisation]).toEqual(['23', 2020, elin.org]);
  expect(result.plan.source).toBe('Överenskommelse om insatser inom området psykisk hälsa 2020 (överenskommelse 2020)');
  // The basis names each part's amount and key, as the agreement gave them.
  expect(result.plan.basis.summary).toContain('– IV Ungdomsmottagningen: 1 800 956,91 kr (efter länets andel av befolkningen 0–25 år)');
  expect(result.plan.coordinators).toEqual([{ id: 'coordinator', name: 'Elin Ring', email: 'elin.ring@example.se' }]);
});

test('the box above the form shows each part’s key and amount and the total, in both languages', () => {
  const funds = countyFunds(record, '23');
  const sv = fundsBox('sv', funds);
  expect(sv).toContain('Från överenskommelsen');
  expect(sv).toContain('11\u00a0537\u00a0156,91\u00a0kr</td></tr></tfoot>');
  expect(sv).toContain('grundbelopp 5 000 000,00 kr per län');
  const en = fundsBox('en', { ...funds, retired: { at: '2026-11-30T10:00:00.000Z', reason: 'Replaced' } });
  expect(en).toContain('The agreement was retired on 2026-11-30: Replaced');
  expect(countyPlan(funds, elin, TODAY, { id: 'c', name: 'Elin Ring', email: '', title: '' }).caseNumber).toBe('');
});
