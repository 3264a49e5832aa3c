/**
 * From the national total to each county's parts, to the öre. Pure: the agreement and the
 * population come in as data, so workflows can call this (the CLI and tests read the files).
 */
import { type Agreement, parseAgreement } from './agreement';
import { COUNTIES, type CountyCode, county } from './counties';
import { type AllocationKey, allocatePart } from './keys';
import type { Population } from './population';
import { TextError, text, textOfError } from '../text';

export interface CountyAmount {
  code: CountyCode;
  name: string;
  ore: number;
}

export interface PartAllocation {
  partId: string;
  name: string;
  nationalOre: number;
  keyType: AllocationKey['type'];
  /** All 21 counties in code order; sums to nationalOre exactly. */
  perCounty: CountyAmount[];
}

export interface AgreementAllocation {
  year: number;
  title: string;
  populationYear: number;
  parts: PartAllocation[];
  /** Each county's total over all parts, in code order. */
  totalsByCounty: CountyAmount[];
}

export interface CountyAllocation {
  year: number;
  title: string;
  code: CountyCode;
  name: string;
  parts: { partId: string; name: string; ore: number }[];
  totalOre: number;
}

/** A grant plan's part, as domain/plan.ts expects it. */
export interface PlanPartAmount {
  id: string;
  name: string;
  amountOre: number;
}

export function allocateAgreement(agreement: Agreement, population: Population): AgreementAllocation {
  // Validated again: agreements reach workflows as JSON, and keys rely on the schema's invariants.
  const a = parseAgreement(agreement);
  if (a.populationYear !== undefined && a.populationYear !== population.year) {
    throw new TextError(
      text(
        `populationYear: överenskommelsen använder befolkningen ${a.populationYear} men befolkningsfilen har ${population.year}`,
        `populationYear: the agreement uses population ${a.populationYear} but the population file holds ${population.year}`,
      ),
    );
  }

  const parts = a.parts.map((part, i): PartAllocation => {
    let amounts: bigint[];
    try {
      amounts = allocatePart(part.key, BigInt(part.nationalOre), population);
    } catch (e) {
      const why = textOfError(e);
      throw new TextError(text(`parts[${i}] (${part.id} ${part.name}): ${why.sv}`, `parts[${i}] (${part.id} ${part.name}): ${why.en}`));
    }
    // The rounding rule guarantees this; a failure here is a bug, not bad input.
    if (amounts.reduce((s, x) => s + x, 0n) !== BigInt(part.nationalOre)) {
      throw new Error(`internal error: part ${part.id} does not add up to its national amount`);
    }
    return {
      partId: part.id,
      name: part.name,
      nationalOre: part.nationalOre,
      keyType: part.key.type,
      perCounty: COUNTIES.map((c, j) => ({ code: c.code, name: c.name, ore: Number(amounts[j]!) })),
    };
  });

  const totalsByCounty = COUNTIES.map((c, j) => ({
    code: c.code,
    name: c.name,
    ore: parts.reduce((s, p) => s + p.perCounty[j]!.ore, 0),
  }));
  return { year: a.year, title: a.title, populationYear: population.year, parts, totalsByCounty };
}

/** One county's parts and total; throws on an unknown county code. */
export function countyAllocation(agreement: Agreement, population: Population, code: string): CountyAllocation {
  const c = county(code);
  const all = allocateAgreement(agreement, population);
  const index = COUNTIES.indexOf(c);
  return {
    year: all.year,
    title: all.title,
    code: c.code,
    name: c.name,
    parts: all.parts.map((p) => ({ partId: p.partId, name: p.name, ore: p.perCounty[index]!.ore })),
    totalOre: all.totalsByCounty[index]!.ore,
  };
}

/** The county's parts as a grant plan's parts: { id: 'I', name, amountOre }. */
export function toPlanParts(allocation: CountyAllocation): PlanPartAmount[] {
  return allocation.parts.map((p) => ({ id: p.partId, name: p.name, amountOre: p.ore }));
}
