/**
 * Property tests of the rounding rule and of whole agreements: under any inputs the counties'
 * amounts add up to each part exactly, and no proportional amount is more than one öre from its
 * exact (rational) share.
 */
import fc from 'fast-check';
import {
  COUNTIES,
  type Agreement,
  allocateAgreement,
  countyPopulation,
  largestRemainder,
  parsePopulationCsv,
} from '../../domain/allocation';

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);
const abs = (x: bigint) => (x < 0n ? -x : x);

/** |amount − total·w/W| ≤ 1 öre, in integers: |amount·W − total·w| ≤ W. */
const fair = (amount: bigint, total: bigint, w: bigint, W: bigint) => abs(amount * W - total * w) <= W;

describe('largestRemainder', () => {
  const weights = fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 });
  const total = fc.bigInt({ min: 0n, max: 10n ** 15n });

  it('adds up exactly and keeps every amount within one öre of its exact share', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        fc.pre(sum(ws) > 0n);
        const amounts = largestRemainder(t, ws);
        const W = sum(ws);
        expect(sum(amounts)).toBe(t);
        amounts.forEach((a, i) => expect(fair(a, t, ws[i]!, W)).toBe(true));
      }),
    );
  });

  it('never gives more to a smaller weight, and gives nothing to a zero weight', () => {
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        fc.pre(sum(ws) > 0n);
        const amounts = largestRemainder(t, ws);
        ws.forEach((wi, i) =>
          ws.forEach((wj, j) => {
            if (wi < wj) expect(amounts[i]! <= amounts[j]!).toBe(true);
          }),
        );
        ws.forEach((w, i) => w === 0n && expect(amounts[i]).toBe(0n));
      }),
    );
  });

  it('breaks ties by position (the lower county code)', () => {
    expect(largestRemainder(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(largestRemainder(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n]);
    // Exact shares 0.5 and 1.5: equal remainders after unequal floors; the earlier one still wins.
    expect(largestRemainder(2n, [1n, 3n])).toEqual([1n, 1n]);
  });

  it('refuses what cannot be distributed', () => {
    expect(() => largestRemainder(-1n, [1n])).toThrow('negative');
    expect(() => largestRemainder(1n, [0n, 0n])).toThrow('all zero');
    expect(() => largestRemainder(1n, [1n, -1n])).toThrow('must not be negative');
    expect(largestRemainder(0n, [0n, 0n])).toEqual([0n, 0n]);
  });
});

describe('allocateAgreement under any population and amounts', () => {
  // Coarse SCB-style age groups, so the 0–25 band is computable and the CSV path is exercised too.
  const GROUPS = ['0-25 år', '26-64 år', '65+ år'];
  const population = fc.array(fc.tuple(fc.nat(3_000_000), fc.nat(3_000_000), fc.nat(1_000_000)), {
    minLength: COUNTIES.length,
    maxLength: COUNTIES.length,
  });
  const amount = fc.integer({ min: 0, max: 1_000_000_000_000 });

  function csv(counts: [number, number, number][]): string {
    const rows = COUNTIES.flatMap((c, i) => GROUPS.map((g, k) => `"${c.code} ${c.name}","${g}",${counts[i]![k]}`));
    return ['"Folkmängden efter region, ålder och år"', '', '"region","ålder","2020"', ...rows].join('\n');
  }

  it('sums each part exactly and keeps proportional amounts within one öre', () => {
    fc.assert(
      fc.property(population, amount, amount, amount, fc.nat(1000), (counts, base, rest, young, baseShare) => {
        const pop = parsePopulationCsv(csv(counts));
        const everyone = COUNTIES.map((c) => BigInt(countyPopulation(pop, c.code)));
        const youth = COUNTIES.map((c) => BigInt(countyPopulation(pop, c.code, { fromAge: 0, toAge: 25 })));
        fc.pre(sum(everyone) > 0n && sum(youth) > 0n);

        // Part I: a base per county (some share of the amount) and the rest by population.
        const nationalI = base + rest;
        const basePerCounty = Math.floor((nationalI * baseShare) / 1000 / COUNTIES.length);
        const agreement: Agreement = {
          year: 2020,
          title: 'Test',
          parties: ['Regeringen', 'SKR'],
          nationalTotalOre: nationalI + rest + young + COUNTIES.length + 1,
          parts: [
            { id: 'I', name: 'Bas och befolkning', nationalOre: nationalI, key: { type: 'basePlusPopulation', basePerCountyOre: basePerCounty } },
            { id: 'II', name: 'Befolkning', nationalOre: rest, key: { type: 'populationShare' } },
            { id: 'III', name: 'Unga', nationalOre: young, key: { type: 'ageBandShare', fromAge: 0, toAge: 25 } },
            { id: 'IV', name: 'Lika', nationalOre: COUNTIES.length + 1, key: { type: 'equal' } },
          ],
        };
        const result = allocateAgreement(agreement, pop);

        for (const part of result.parts) {
          expect(sum(part.perCounty.map((c) => BigInt(c.ore)))).toBe(BigInt(part.nationalOre));
        }
        const [I, II, III, IV] = result.parts as [typeof result.parts[number], typeof result.parts[number], typeof result.parts[number], typeof result.parts[number]];
        const rested = BigInt(nationalI - COUNTIES.length * basePerCounty);
        COUNTIES.forEach((_, j) => {
          expect(fair(BigInt(I.perCounty[j]!.ore - basePerCounty), rested, everyone[j]!, sum(everyone))).toBe(true);
          expect(fair(BigInt(II.perCounty[j]!.ore), BigInt(rest), everyone[j]!, sum(everyone))).toBe(true);
          expect(fair(BigInt(III.perCounty[j]!.ore), BigInt(young), youth[j]!, sum(youth))).toBe(true);
          expect([1, 2]).toContain(IV.perCounty[j]!.ore);
          expect(result.totalsByCounty[j]!.ore).toBe(result.parts.reduce((s, p) => s + p.perCounty[j]!.ore, 0));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('gives exact fixed amounts with their exceptions', () => {
    fc.assert(
      fc.property(amount, fc.subarray(COUNTIES.map((c) => c.code)), amount, (perCounty, exceptional, exceptionAmount) => {
        const pop = parsePopulationCsv(csv(COUNTIES.map(() => [1, 1, 1])));
        const national = perCounty * (COUNTIES.length - exceptional.length) + exceptionAmount * exceptional.length;
        const part = {
          id: 'II',
          name: 'Fast',
          nationalOre: national,
          key: { type: 'fixedPerCounty' as const, amountOre: perCounty, exceptions: exceptional.map((county) => ({ county, amountOre: exceptionAmount })) },
        };
        const result = allocateAgreement({ year: 2020, title: 'T', parties: ['A', 'B'], nationalTotalOre: national, parts: [part] }, pop);
        result.parts[0]!.perCounty.forEach((c) =>
          expect(c.ore).toBe(exceptional.includes(c.code) ? exceptionAmount : perCounty),
        );
      }),
    );
  });
});
