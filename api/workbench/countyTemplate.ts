/**
 * The county-funds template (seed 004) from a registered agreement: the county's parts, their
 * amounts and allocation keys come from the agreement's allocation (domain/allocation), the county
 * from the coordinator's organisation, and the requisitioning units are left for the coordinator to
 * pick. The rest of the plan (LIFO, Fredagsgruppen, SVOM, the report) is seed 004's, moved to today.
 */
import { COUNTIES, countyAllocation, countyOfOrganisation, type AllocationKey, type CountyCode } from '../../domain/allocation';
import { formatSek, sumOre } from '../../domain/sek';
import type { AgreementRecord } from '../../workflows/agreement/contract';
import { populationOf } from '../agreementChecks';
import type { Principal } from '../auth';
import type { Lang } from '../views/layout';
import { seedPlanFor } from '../../scripts/seed-plan';

/** One part of a county's allocation, with the key it was computed by. */
export interface CountyPart {
  partId: string;
  name: string;
  key: AllocationKey;
  ore: number;
}

/** What a registered agreement gives one county: the template's source, and the box above the form. */
export interface CountyFunds {
  agreementId: string;
  title: string;
  year: number;
  populationYear: number;
  county: { code: CountyCode; name: string };
  parts: CountyPart[];
  totalOre: number;
  retired?: { at: string; reason: string };
}

export function countyFunds(record: AgreementRecord, code: CountyCode): CountyFunds {
  const a = record.agreement;
  const population = populationOf(record.population);
  const c = countyAllocation(a, population, code);
  const keyOf = new Map(a.parts.map((p) => [p.id, p.key]));
  return {
    agreementId: record.agreementId,
    title: a.title,
    year: a.year,
    populationYear: population.year,
    county: { code, name: c.name },
    parts: c.parts.map((p) => ({ partId: p.partId, name: p.name, key: keyOf.get(p.partId)!, ore: p.ore })),
    totalOre: c.totalOre,
    ...(record.retired ? { retired: { at: record.retired.at, reason: record.retired.reason } } : {}),
  };
}

const sek = (ore: number) => formatSek(ore, { unit: true });

/** How a part's key divides the national amount, said of one county. */
export function keyWords(key: AllocationKey, code: CountyCode, lang: Lang): string {
  const sv = lang === 'sv';
  switch (key.type) {
    case 'equal':
      return sv ? 'lika delar till alla 21 län' : 'equal shares to all 21 counties';
    case 'fixedPerCounty': {
      const own = key.exceptions.some((x) => x.county === code);
      return sv ? `fast belopp per län${own ? ' (länet har ett eget belopp)' : ''}` : `a fixed amount per county${own ? ' (this county has its own amount)' : ''}`;
    }
    case 'basePlusPopulation':
      return sv ? `grundbelopp ${sek(key.basePerCountyOre)} per län, resten efter andel av befolkningen` : `a base of ${sek(key.basePerCountyOre)} per county, the rest by share of the population`;
    case 'populationShare':
      return sv ? 'efter länets andel av befolkningen' : 'by the county’s share of the population';
    case 'ageBandShare': {
      const band = key.toAge === undefined ? (sv ? `${key.fromAge} år och äldre` : `aged ${key.fromAge} and over`) : sv ? `${key.fromAge}–${key.toAge} år` : `aged ${key.fromAge}–${key.toAge}`;
      return sv ? `efter länets andel av befolkningen ${band}` : `by the county’s share of the population ${band}`;
    }
    case 'shares':
      return sv ? `fastställd andel: ${key.percent[code] ?? '0'} %` : `a set share: ${key.percent[code] ?? '0'} %`;
  }
}

/** The county a coordinator's organisation is the region of, else the first county (the coordinator chooses). */
export function defaultCounty(p: Principal): CountyCode {
  return countyOfOrganisation(p.org) ?? COUNTIES[0].code;
}

/**
 * The plan document the form starts from: seed 004's shape with the county's parts, amounts and
 * keys. Each part keeps seed 004's requisition deadline (or the first one, for a part seed 004 does
 * not have) and an empty unit for the coordinator to pick.
 */
export function countyPlan(funds: CountyFunds, p: Principal, today: string, coordinator: Record<string, unknown>): Record<string, unknown> {
  const plan = seedPlanFor('seed004', today, { organisation: p.org });
  type SeedPart = { id: string; requisition?: { deadline?: string }; reportedBy?: string; focusAreas?: string[] };
  const seedParts = plan.parts as SeedPart[];
  const seedDeadline = seedParts.find((x) => x.requisition?.deadline)?.requisition?.deadline;
  const lower = funds.title.charAt(0).toLocaleLowerCase('sv') + funds.title.slice(1);
  const lines = funds.parts.map((x) => `– ${x.partId} ${x.name}: ${formatSek(x.ore, { unit: true })} (${keyWords(x.key, funds.county.code, 'sv')})`);
  return {
    ...plan,
    caseNumber: '',
    title: `Länsgemensamma medel ${funds.county.name} ${funds.year}`,
    county: funds.county.code,
    year: funds.year,
    source: `${funds.title} (överenskommelse ${funds.agreementId})`,
    coordinators: [coordinator],
    basis: {
      summary: [
        `Beslutsunderlag angående länsgemensamma medel för ${funds.county.name} enligt ${lower}: ${formatSek(funds.totalOre, { unit: true })}, fördelat efter befolkningen ${funds.populationYear}.`,
        ...lines,
        'Krav för återredovisning är ännu ej publicerade.',
      ].join('\n'),
      documents: [],
    },
    parts: funds.parts.map((x) => {
      const seed = seedParts.find((s) => s.id === x.partId);
      const deadline = seed?.requisition?.deadline ?? seedDeadline;
      return {
        id: x.partId,
        name: x.name,
        amountOre: x.ore,
        focusAreas: seed?.focusAreas ?? [],
        requisition: { unit: '', ...(deadline ? { deadline } : {}) },
        ...(seed?.reportedBy ? { reportedBy: seed.reportedBy } : {}),
      };
    }),
    totalOre: sumOre(funds.parts.map((x) => x.ore)),
  };
}
