/**
 * Allocation keys (fördelningsnycklar): how a part's national amount is split among the 21
 * counties. Keys are data, validated by zod, so a new agreement is a JSON file, not code.
 * Every proportional split goes through largestRemainder, the single rounding rule.
 */
import { z } from 'zod';
import { Ore, formatSek } from '../money';
import { bandLabel, type AgeBand } from './ages';
import { TextError, text } from '../text';
import { COUNTIES, COUNTY_CODES, isCountyCode, type CountyCode } from './counties';
import { say } from '../zodText';
import { largestRemainder } from './largestRemainder';
import { type Population, countyPopulation } from './population';

/** One of the 21 county codes (an enum, so the OpenAPI document lists them as the server checks them). */
export const CountyCodeSchema = z.enum(COUNTY_CODES as [CountyCode, ...CountyCode[]], {
  error: (iss) =>
    say(
      `okänd länskod "${String(iss.input)}" (länskoderna är ${COUNTY_CODES.join(', ')})`,
      `unknown county code "${String(iss.input)}" (expected one of ${COUNTY_CODES.join(', ')})`,
    ),
});

const wholeYears = say('måste vara en ålder i hela år', 'must be an age in whole years');
const Age = z
  .number({ error: wholeYears })
  .int({ error: wholeYears })
  .min(0, { error: say('får inte vara negativ', 'must not be negative') })
  .max(150, { error: say('får vara högst 150', 'must be at most 150') });

/**
 * A percentage, as a JSON number or string: 12.5, "12.345678". A string's form is its pattern (so
 * the OpenAPI document says it); a number's "at most 6 decimals" no JSON Schema can say exactly,
 * so keyProblems checks it with the shares' sum (422).
 */
const PERCENT_TEXT = /^\s*\d+(?:\.\d{1,6})?\s*$/;
const percentWords = say('måste vara en icke-negativ procentsats med högst 6 decimaler, t.ex. 12.345678', 'must be a non-negative percentage with at most 6 decimals, e.g. 12.345678');
const Percent = z.union(
  [z.number({ error: percentWords }).min(0, { error: percentWords }), z.string({ error: percentWords }).regex(PERCENT_TEXT, { error: percentWords })],
  { error: percentWords },
);

const MICRO_PERCENT_PER_WHOLE = 100_000_000n; // 100 % with 6 decimals

/** Percent → millionths of a percent, exactly (no floating point arithmetic). */
export function parsePercent(v: number | string): bigint | undefined {
  // String(12.5) is "12.5": JS prints a number's shortest round-trip form, i.e. as it was written.
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(String(v).trim());
  if (!m) return undefined;
  return BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}

export const AllocationKey = z.discriminatedUnion(
  'type',
  [
    /** The same amount to every county (remainder öre by the rounding rule). */
    z.strictObject({ type: z.literal('equal') }),
    /** A fixed amount per county, with named exceptions; must add up to the part exactly. */
    z.strictObject({
      type: z.literal('fixedPerCounty'),
      amountOre: Ore,
      exceptions: z.array(z.strictObject({ county: CountyCodeSchema, amountOre: Ore })).default([]),
    }),
    /** A fixed base to every county; the rest by population share. */
    z.strictObject({ type: z.literal('basePlusPopulation'), basePerCountyOre: Ore }),
    /** By the county's share of the whole population. */
    z.strictObject({ type: z.literal('populationShare') }),
    /** By the county's share of the people aged fromAge–toAge (both included; no toAge: "and older"). */
    z.strictObject({ type: z.literal('ageBandShare'), fromAge: Age, toAge: Age.optional() }),
    /** Explicit shares per county, in percent; all 21 counties, adding up to exactly 100. */
    z.strictObject({ type: z.literal('shares'), percent: z.record(z.string(), Percent) }),
  ],
  {
    error: say(
      'måste ha en "type" som är equal, fixedPerCounty, basePlusPopulation, populationShare, ageBandShare eller shares',
      'must have a "type" of equal, fixedPerCounty, basePlusPopulation, populationShare, ageBandShare or shares',
    ),
  },
);
export type AllocationKey = z.infer<typeof AllocationKey>;

const COUNTY_COUNT = BigInt(COUNTIES.length);

/** What a fixed key gives each county, in county order. */
export function fixedAmounts(key: Extract<AllocationKey, { type: 'fixedPerCounty' }>): bigint[] {
  return COUNTIES.map((c) => BigInt(key.exceptions.find((e) => e.county === c.code)?.amountOre ?? key.amountOre));
}

/** A problem with a key: the path inside the key and its words (both languages, as `say` marks them for zod). */
type Problem = [path: Array<string | number>, message: string];

/**
 * Problems with a key given its part's national amount, as [path inside the key, message].
 * Checked by the agreement schema, so allocatePart can assume a consistent key.
 */
export function keyProblems(key: AllocationKey, nationalOre: bigint): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Problem[0], sv: string, en: string) => problems.push([path, say(sv, en)]);
  const national = { sv: `delens nationella belopp ${formatSek(nationalOre)}`, en: `the part's national amount ${formatSek(nationalOre)}` };
  switch (key.type) {
    case 'fixedPerCounty': {
      const seen = new Set<string>();
      key.exceptions.forEach((e, i) => {
        if (seen.has(e.county)) add(['exceptions', i, 'county'], `län ${e.county} står två gånger`, `county ${e.county} is listed twice`);
        seen.add(e.county);
      });
      const total = fixedAmounts(key).reduce((a, b) => a + b, 0n);
      const sum = formatSek(total);
      if (total > nationalOre) add([], `de fasta beloppen blir ${sum}, mer än ${national.sv}`, `fixed amounts sum to ${sum}, which exceeds ${national.en}`);
      if (total < nationalOre) {
        add([], `de fasta beloppen blir ${sum}, mindre än ${national.sv} (en fast nyckel måste fördela hela beloppet)`, `fixed amounts sum to ${sum}, less than ${national.en} (a fixed key must account for all of it)`);
      }
      break;
    }
    case 'basePlusPopulation': {
      const base = BigInt(key.basePerCountyOre);
      const bases = COUNTY_COUNT * base;
      if (bases > nationalOre) {
        const product = (counties: string) => `${COUNTY_COUNT} ${counties} × ${formatSek(base)} = ${formatSek(bases)}`;
        add(['basePerCountyOre'], `${product('län')} är mer än ${national.sv}`, `${product('counties')} exceeds ${national.en}`);
      }
      break;
    }
    case 'ageBandShare':
      if (key.toAge !== undefined && key.toAge < key.fromAge) add(['toAge'], `får inte vara lägre än fromAge (${key.fromAge})`, `must not be below fromAge (${key.fromAge})`);
      break;
    case 'shares': {
      for (const code of Object.keys(key.percent)) {
        if (!isCountyCode(code)) {
          add(['percent', code], `okänd länskod "${code}" (länskoderna är ${COUNTY_CODES.join(', ')})`, `unknown county code "${code}" (expected one of ${COUNTY_CODES.join(', ')})`);
        }
      }
      for (const [code, v] of Object.entries(key.percent)) {
        if (parsePercent(v) === undefined) add(['percent', code], `${String(v)} har fler än 6 decimaler (eller är inget tal): skriv t.ex. 12.345678`, `${String(v)} has more than 6 decimals (or is no number): write e.g. 12.345678`);
      }
      const missing = COUNTY_CODES.filter((c) => !(c in key.percent));
      if (missing.length) add(['percent'], `saknar andel för län ${missing.join(', ')}`, `has no share for county ${missing.join(', ')}`);
      const sum = Object.values(key.percent).reduce<bigint>((a, v) => a + (parsePercent(v) ?? 0n), 0n);
      if (sum !== MICRO_PERCENT_PER_WHOLE) add(['percent'], `andelarna blir ${formatPercent(sum)} %, inte 100 %`, `shares add up to ${formatPercent(sum)} %, not 100 %`);
      break;
    }
  }
  return problems;
}

/**
 * A part's national amount split among the counties, in county (code) order. Assumes the key
 * passed keyProblems; throws if the population cannot answer the key (e.g. an age band that cuts
 * an age group, or nobody in the band).
 */
export function allocatePart(key: AllocationKey, nationalOre: bigint, pop: Population): bigint[] {
  const people = (band?: AgeBand) => {
    const counts = COUNTIES.map((c) => BigInt(countyPopulation(pop, c.code, band)));
    if (counts.every((n) => n === 0n) && nationalOre > 0n) {
      const ages = band ? { sv: ` i åldern ${bandLabel(band)}`, en: ` aged ${bandLabel(band)}` } : { sv: '', en: '' };
      throw new TextError(text(`befolkningsfilen har ingen${ages.sv}: beloppet kan inte fördelas efter befolkning`, `the population file has nobody${ages.en}: the amount cannot be split by population`));
    }
    return counts;
  };
  switch (key.type) {
    case 'equal':
      return largestRemainder(nationalOre, COUNTIES.map(() => 1n));
    case 'fixedPerCounty':
      return fixedAmounts(key);
    case 'basePlusPopulation': {
      const base = BigInt(key.basePerCountyOre);
      const rest = largestRemainder(nationalOre - COUNTY_COUNT * base, people());
      return rest.map((r) => base + r);
    }
    case 'populationShare':
      return largestRemainder(nationalOre, people());
    case 'ageBandShare':
      return largestRemainder(nationalOre, people(key));
    case 'shares':
      return largestRemainder(nationalOre, COUNTIES.map((c) => parsePercent(key.percent[c.code] ?? 0) ?? 0n));
  }
}

function formatPercent(micro: bigint): string {
  const frac = (micro % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${micro / 1_000_000n}${frac ? `.${frac}` : ''}`;
}
