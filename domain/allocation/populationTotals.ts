/**
 * The plain county file a person has at hand: one row per county with its population, no ages.
 *
 *   county_code,county,population          (or länskod;län;folkmängd, with `,`, `;` or tab)
 *   01,Stockholms län,2377081
 *   …
 *
 * It gives population shares, not age bands: a key by age (ageBandShare) needs SCB's age table.
 */
import { COUNTIES, type CountyCode } from './counties';
import { countyCode, missingCounty, peopleCount, problemCollector, splitCsvLine, type Population } from './population';

const CODE = /^(county_code|county code|code|länskod|lanskod|kod)$/i;
const POPULATION = /^(population|folkmängd|folkmangd|befolkning|invånare|people)$/i;

export interface TotalsHeader {
  index: number;
  delimiter: string;
  populationColumn: number;
}

export function findTotalsHeader(lines: string[]): TotalsHeader | undefined {
  for (let index = 0; index < lines.length; index++) {
    for (const delimiter of [',', ';', '\t']) {
      const cells = splitCsvLine(lines[index]!, delimiter);
      if (cells.length >= 2 && CODE.test(cells[0]!)) {
        const populationColumn = cells.findIndex((c) => POPULATION.test(c));
        if (populationColumn > 0) return { index, delimiter, populationColumn };
      }
    }
  }
  return undefined;
}

export function parseCountyTotals(lines: string[], header: TotalsHeader, year: number | undefined): Population {
  const { fail, check } = problemCollector();
  if (year === undefined) {
    fail(undefined, 'filen har ingen årskolumn: ange överenskommelsens populationYear', 'the file has no year column: give the agreement’s populationYear');
  }
  const seen = new Map<string, number>();
  const counts = {} as Record<CountyCode, number[]>;
  for (let i = header.index + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const cells = splitCsvLine(raw, header.delimiter);
    const codeCell = cells[0] ?? '';
    const code = /^\d{2}$/.test(codeCell)
      ? countyCode(codeCell, codeCell, line, fail)
      : (fail(line, `"${codeCell}" är ingen tvåsiffrig länskod, t.ex. 23`, `"${codeCell}" is not a two-digit county code, e.g. 23`), undefined);
    const value = peopleCount(cells[header.populationColumn] ?? '', line, 'population', fail);
    if (code === undefined || value === undefined) continue;
    const first = seen.get(code);
    if (first) {
      fail(line, `länskod ${code} förekommer två gånger (först på rad ${first})`, `county code ${code} appears twice (first on line ${first})`);
      continue;
    }
    seen.set(code, line);
    counts[code as CountyCode] = [value];
  }
  for (const c of COUNTIES) if (!seen.has(c.code)) missingCounty(c, fail);
  check();
  return { year: year!, ageGroups: [{ from: 0, to: null, label: 'alla åldrar' }], counts };
}
