/**
 * A registration checked as the API answers it (the agreement, its population, a trial allocation
 * of every part) and a county's parts as a grant plan's parts: every problem named, in Swedish and
 * English. The population tables shipped with grantflow live here too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Agreement, PopulationFileError, allocateAgreement, allocatePart, parsePopulationCsv, type Population } from '../domain/allocation';
import type { PopulationSource } from '../workflows/agreement/contract';
import { problemsOf } from '../domain/zodText';
import { problem, textOfError, type Problem } from '../domain/text';
import type { PlanPartsBody, RegisterAgreementBody } from './schemas/agreements';

const noPart = (path: string, id: string, list: string) => problem(path, `överenskommelsen har ingen del "${id}" (dess delar: ${list})`, `the agreement has no part "${id}" (its parts: ${list})`);

// ---- population ---------------------------------------------------------------------------------

/** Population tables shipped with grantflow, by the name a registration refers to them. */
export const POPULATION_FIXTURES: Record<string, { file: string; note: string }> = {
  'population-2019': {
    file: 'population-2019.csv',
    note: 'Constructed to reproduce seed 004 (Jämtland 2020); not SCB data. Register real SCB figures with `population`.',
  },
};
export const DEFAULT_POPULATION = 'population-2019';

const fixtureCache = new Map<string, Population>();

/** From api/routes in the sources, or dist/api/routes in the image (where domain/ sits beside dist/). */
function fixturePopulation(name: string): Population {
  const cached = fixtureCache.get(name);
  if (cached) return cached;
  const fixture = POPULATION_FIXTURES[name];
  if (!fixture) throw new Error(`unknown population fixture ${name}`);
  const file = ['../domain/fixtures', '../../domain/fixtures'].map((d) => path.resolve(__dirname, d, fixture.file)).find((f) => fs.existsSync(f));
  if (!file) throw new Error(`population fixture ${fixture.file} not found`);
  const population = parsePopulationCsv(fs.readFileSync(file, 'utf8'));
  fixtureCache.set(name, population);
  return population;
}

export function populationOf(source: PopulationSource): Population {
  return source.source === 'inline' ? source.table : fixturePopulation(source.name);
}

// ---- checks and computations --------------------------------------------------------------------

const at = (...p: PropertyKey[]) => ['body', ...p.map(String)].join('.');

/**
 * The whole registration checked as the API answers it: the agreement's own checks, the
 * population file, and a trial allocation of every part. Every problem at once, or the agreement
 * and population to keep.
 */
export function checkRegistration(body: RegisterAgreementBody): { ok: true; agreement: Agreement; population: PopulationSource } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const parsed = Agreement.safeParse(body.agreement);
  if (!parsed.success) problems.push(...problemsOf(parsed.error, ['body', 'agreement']));
  const year = body.agreement.populationYear;

  let source: PopulationSource | undefined;
  if (body.population !== undefined) {
    try {
      const table = parsePopulationCsv(body.population, year === undefined ? {} : { year });
      source = { source: 'inline', year: table.year, table };
    } catch (e) {
      if (!(e instanceof PopulationFileError)) throw e;
      const line = (n: number | undefined, lang: 'sv' | 'en') => (n ? `${lang === 'sv' ? 'rad' : 'line'} ${n}: ` : '');
      problems.push(...e.issues.map((i) => problem(at('population'), line(i.line, 'sv') + i.sv, line(i.line, 'en') + i.en)));
    }
  } else {
    const table = fixturePopulation(DEFAULT_POPULATION);
    if (year !== undefined && year !== table.year) {
      problems.push(
        problem(
          at('population'),
          `överenskommelsens populationYear är ${year}, men utan population har grantflow bara ${DEFAULT_POPULATION} (år ${table.year}): skicka SCB:s CSV för ${year} som population`,
          `the agreement's populationYear is ${year}, but without a population grantflow has only ${DEFAULT_POPULATION} (year ${table.year}): send SCB's CSV for ${year} as population`,
        ),
      );
    } else source = { source: 'fixture', name: DEFAULT_POPULATION, year: table.year };
  }

  if (!parsed.success || !source) return { ok: false, problems };
  const agreement = parsed.data;
  const population = populationOf(source);
  agreement.parts.forEach((part, i) => {
    try {
      allocatePart(part.key, BigInt(part.nationalOre), population);
    } catch (e) {
      const why = textOfError(e);
      problems.push(problem(at('agreement', 'parts', i, 'key'), `del ${part.id} kan inte fördelas: ${why.sv}`, `part ${part.id} cannot be allocated: ${why.en}`));
    }
  });
  if (!problems.length) {
    try {
      allocateAgreement(agreement, population);
    } catch (e) {
      const why = textOfError(e);
      problems.push(problem(at('agreement'), `överenskommelsen kan inte fördelas: ${why.sv}`, `the agreement cannot be allocated: ${why.en}`));
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, agreement, population: source };
}

export interface PlanParts {
  parts: { id: string; name: string; amountOre: number }[];
  /** Which agreement parts each plan part holds, in the same order. */
  from: string[][];
}

/**
 * A county's parts as a grant plan's parts: one plan part per agreement part, in the agreement's
 * order (as seed 004 has them), or fewer: `include` selects parts, `merge` adds several into one
 * (at the place of its first part). Every problem named, or the parts.
 */
export function planParts(county: { partId: string; name: string; ore: number }[], body: PlanPartsBody): { ok: true; value: PlanParts } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const known = new Set(county.map((p) => p.partId));
  const list = [...known].join(', ');
  const include = body.include ?? county.map((p) => p.partId);
  const seen = new Set<string>();
  (body.include ?? []).forEach((id, i) => {
    if (!known.has(id)) problems.push(noPart(at('include', i), id, list));
    else if (seen.has(id)) problems.push(problem(at('include', i), `delen "${id}" står två gånger`, `part "${id}" is listed twice`));
    seen.add(id);
  });
  const included = new Set(include);
  const groupOf = new Map<string, number>();
  (body.merge ?? []).forEach((g, gi) => {
    g.parts.forEach((id, pi) => {
      const where = at('merge', gi, 'parts', pi);
      if (!known.has(id)) problems.push(noPart(where, id, list));
      else if (!included.has(id)) problems.push(problem(where, `delen "${id}" är inte med`, `part "${id}" is not included`));
      else if (groupOf.has(id)) {
        const into = body.merge![groupOf.get(id)!]!.id;
        problems.push(problem(where, `delen "${id}" är redan sammanslagen i "${into}"`, `part "${id}" is already merged into "${into}"`));
      }
      else groupOf.set(id, gi);
    });
  });
  if (problems.length) return { ok: false, problems };

  const parts: PlanParts['parts'] = [];
  const from: string[][] = [];
  const emitted = new Map<number, number>();
  for (const p of county) {
    if (!included.has(p.partId)) continue;
    const gi = groupOf.get(p.partId);
    if (gi === undefined) {
      parts.push({ id: p.partId, name: p.name, amountOre: p.ore });
      from.push([p.partId]);
    } else if (!emitted.has(gi)) {
      const g = body.merge![gi]!;
      emitted.set(gi, parts.length);
      parts.push({ id: g.id, name: g.name, amountOre: p.ore });
      from.push([p.partId]);
    } else {
      const k = emitted.get(gi)!;
      parts[k]!.amountOre += p.ore;
      from[k]!.push(p.partId);
    }
  }
  const ids = new Map<string, number>();
  parts.forEach((p, i) => {
    if (ids.has(p.id)) {
      const gi = (body.merge ?? []).findIndex((g) => g.id === p.id);
      problems.push(problem(gi >= 0 ? at('merge', gi, 'id') : at('merge'), `plandelens id "${p.id}" skulle användas två gånger`, `plan part id "${p.id}" would be used twice`));
    }
    ids.set(p.id, i);
  });
  if (parts.length > 50) problems.push(problem(at('include'), `en plan rymmer högst 50 delar, det här blir ${parts.length}: välj med include`, `a grant plan holds at most 50 parts, this would make ${parts.length}: choose with include`));
  return problems.length ? { ok: false, problems } : { ok: true, value: { parts, from } };
}

