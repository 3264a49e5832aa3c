/**
 * Seed 004: the 2020 agreement, allocated with the constructed population fixture, gives
 * Jämtland (23) exactly the amounts in its decision basis.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatSek } from '../../domain/money';
import {
  COUNTIES,
  allocateAgreement,
  countyAllocation,
  countyPopulation,
  parseAgreement,
  parsePopulationCsv,
  toPlanParts,
} from '../../domain/allocation';

const root = resolve(__dirname, '../..');
const agreement = parseAgreement(JSON.parse(readFileSync(resolve(root, 'domain/fixtures/agreement-2020.json'), 'utf8')));
const population = parsePopulationCsv(readFileSync(resolve(root, 'domain/fixtures/population-2019.csv'), 'utf8'));

describe('seed 004: the 2020 agreement for Jämtland', () => {
  it('reproduces the decision basis to the öre', () => {
    const jamtland = countyAllocation(agreement, population, '23');
    expect(jamtland.name).toBe('Jämtlands län');
    expect(jamtland.parts.map((p) => [p.partId, formatSek(p.ore)])).toEqual([
      ['I', '6 203 183,05 kr'],
      ['II', '1 000 000,00 kr'],
      ['III', '2 533 016,95 kr'],
      ['IV', '1 800 956,91 kr'],
    ]);
    expect(formatSek(jamtland.totalOre)).toBe('11 537 156,91 kr');
  });

  it('gives plan parts with the Swedish names', () => {
    expect(toPlanParts(countyAllocation(agreement, population, '23'))).toEqual([
      { id: 'I', name: 'Stärkt samverkan för personer med samsjuklighet', amountOre: 620318305 },
      { id: 'II', name: 'Insatser för stärkt brukarmedverkan', amountOre: 100000000 },
      { id: 'III', name: 'Suicidprevention', amountOre: 253301695 },
      { id: 'IV', name: 'Ungdomsmottagningen', amountOre: 180095691 },
    ]);
  });

  it('derives parts I and III from one population share, as the source says', () => {
    // I = 5 MSEK + 95 MSEK × s and III = 200 MSEK × s: both within one öre of the same s.
    const s = { p: BigInt(countyPopulation(population, '23')), P: COUNTIES.reduce((a, c) => a + BigInt(countyPopulation(population, c.code)), 0n) };
    const within1 = (ore: bigint, total: bigint) => (ore * s.P - total * s.p) ** 2n <= s.P ** 2n;
    expect(within1(620318305n - 500000000n, 9_500_000_000n)).toBe(true);
    expect(within1(253301695n, 20_000_000_000n)).toBe(true);
  });

  it('splits every part of the agreement exactly, with 2 MSEK for the three metropolitan counties', () => {
    const all = allocateAgreement(agreement, population);
    for (const part of all.parts) expect(part.perCounty.reduce((a, c) => a + c.ore, 0)).toBe(part.nationalOre);
    expect(all.totalsByCounty.reduce((a, c) => a + c.ore, 0)).toBe(57_400_000_000);
    const ii = all.parts.find((p) => p.partId === 'II')!;
    COUNTIES.forEach((c, j) => expect(ii.perCounty[j]!.ore).toBe(c.metropolitan ? 200_000_000 : 100_000_000));
  });

  it('prints the county table from the CLI', () => {
    const out = execFileSync(resolve(root, 'node_modules/.bin/tsx'), ['scripts/allocation-table.ts', '--county', '23'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toContain('Jämtlands län (23)');
    expect(out).toMatch(/I\s+Stärkt samverkan för personer med samsjuklighet\s+6 203 183,05\n/);
    expect(out).toMatch(/IV\s+Ungdomsmottagningen\s+1 800 956,91\n/);
    expect(out).toMatch(/TOTALT\s+11 537 156,91\n/);
  });

  it('refuses an unknown county on the CLI with a message', () => {
    let stderr = '';
    try {
      execFileSync(resolve(root, 'node_modules/.bin/tsx'), ['scripts/allocation-table.ts', '--county', '02'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      stderr = String((e as { stderr: string }).stderr);
    }
    expect(stderr).toContain('unknown county code "02"');
  });
});
