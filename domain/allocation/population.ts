/**
 * Population per county and age, parsed from the CSV that Statistics Sweden (SCB) exports from
 * table BE0101 "Folkmängden efter region, ålder och år" (Statistikdatabasen → "Komma-avgränsad
 * med rubrik"). Takes the file's text, not a path: domain code runs inside Temporal workflows and
 * must not touch the file system (the CLI and activities read the file). The format is described in
 * docs/allocation.md; in short:
 *
 *   "Folkmängden efter region, ålder och år"      ← title / notes: anything before the header
 *
 *   "region","ålder","2019"                        ← header: region, ålder, one column per year
 *   "01 Stockholms län","0 år",28398               ← "<code> <name>", "<age> år" | "<a>-<b> år" | "<a>+ år"
 *   …
 *                                                  ← a blank line ends the data; footnotes follow
 */
import { COUNTIES, COUNTY_CODES, type CountyCode, isCountyCode } from './counties';
import { type AgeBand, type AgeGroup, bandLabel, groupKey, parseAgeLabel, sortAndCheckAgeGroups } from './ages';

export interface Population {
  /** The year column the counts were taken from. */
  year: number;
  /** Contiguous from 0, the last one open-ended ("100+ år"). */
  ageGroups: AgeGroup[];
  /** Per county, the number of people in each age group (same order as `ageGroups`). */
  counts: Record<CountyCode, number[]>;
}

export class PopulationFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`population file refused:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PopulationFileError';
  }
}

const MAX_PROBLEMS = 20;
const NATIONAL_CODE = '00'; // "00 Riket": SCB's row for the whole country, used as a cross-check.
const TOTAL_AGE = /^(totalt ålder|totalt|total|total age)$/i;

interface Row {
  line: number;
  code: string;
  ageLabel: string;
  /** Undefined for a "totalt ålder" row. */
  group: AgeGroup | undefined;
  value: number;
}

export function parsePopulationCsv(text: string, opts: { year?: number } = {}): Population {
  const problems: string[] = [];
  const fail = (msg: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(msg);
    else if (problems.length === MAX_PROBLEMS) problems.push('(further problems not listed)');
  };
  const check = () => {
    if (problems.length) throw new PopulationFileError(problems);
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);

  const header = findHeader(lines);
  if (!header) {
    throw new PopulationFileError([
      'no header row: expected a line like "region","ålder","2019" (region, age, then one column per year)',
    ]);
  }
  const { index: headerIndex, delimiter, cells: headerCells } = header;
  const column = pickYearColumn(headerCells, opts.year, headerIndex + 1);

  const rows: Row[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') break; // SCB puts footnotes after a blank line
    const row = parseRow(splitCsvLine(raw, delimiter), headerCells, column, i + 1, fail);
    if (row) rows.push(row);
  }
  if (rows.length === 0) fail(`no data rows after the header on line ${headerIndex + 1}`);
  check();

  const cells = indexCells(rows, fail);
  const ageGroups = checkedAgeGroups(rows, fail);
  check();
  if (!ageGroups) throw new PopulationFileError(problems);
  const counts = countsPerCounty(cells, ageGroups, fail);
  check();
  crossCheck(rows, counts, ageGroups, fail);
  check();
  return { year: column.year, ageGroups, counts };
}

/** People in a county, in all ages or in an age band (which must not cut an age group in two). */
export function countyPopulation(pop: Population, code: CountyCode, band?: AgeBand): number {
  if (band) assertBandComputable(pop, band);
  const counts = pop.counts[code];
  let sum = 0;
  pop.ageGroups.forEach((g, i) => {
    if (!band || insideBand(g, band)) sum += counts[i]!;
  });
  return sum;
}

/** Throws if the file's age groups cannot answer "how many people aged fromAge–toAge". */
export function assertBandComputable(pop: Population, band: AgeBand): void {
  for (const g of pop.ageGroups) {
    const gTo = g.to ?? Infinity;
    const bTo = band.toAge ?? Infinity;
    const overlaps = g.from <= bTo && gTo >= band.fromAge;
    if (overlaps && !insideBand(g, band)) {
      throw new Error(
        `age band ${bandLabel(band)} cannot be computed from the population file: its age group "${g.label}" lies partly outside it`,
      );
    }
  }
}

function insideBand(g: AgeGroup, band: AgeBand): boolean {
  return g.from >= band.fromAge && (g.to ?? Infinity) <= (band.toAge ?? Infinity);
}

function findHeader(lines: string[]) {
  for (let index = 0; index < lines.length; index++) {
    for (const delimiter of [',', ';', '\t']) {
      const cells = splitCsvLine(lines[index]!, delimiter);
      if (cells.length >= 3 && cells[0]!.toLowerCase() === 'region') return { index, delimiter, cells };
    }
  }
  return undefined;
}

function pickYearColumn(cells: string[], wanted: number | undefined, line: number) {
  if (!/^(ålder|age)$/i.test(cells[1]!)) {
    throw new PopulationFileError([`line ${line}: second header column is "${cells[1]}", expected "ålder"`]);
  }
  const years = cells.slice(2);
  const bad = years.find((c) => !/^\d{4}$/.test(c));
  if (bad !== undefined) {
    throw new PopulationFileError([`line ${line}: header column "${bad}" is not a year (expected e.g. "2019")`]);
  }
  const pick = wanted === undefined ? (years.length === 1 ? years[0] : undefined) : String(wanted);
  const index = pick === undefined ? -1 : years.indexOf(pick);
  if (index < 0) {
    const why = wanted === undefined ? 'the file has several year columns; say which year to use' : `year ${wanted} is not in the file`;
    throw new PopulationFileError([`${why} (year columns: ${years.join(', ')})`]);
  }
  return { index: index + 2, year: Number(pick) };
}

function parseRow(
  cells: string[],
  header: string[],
  column: { index: number; year: number },
  line: number,
  fail: (msg: string) => void,
): Row | undefined {
  if (cells.length !== header.length) {
    fail(`line ${line}: expected ${header.length} columns (${header.join(', ')}), found ${cells.length}`);
    return undefined;
  }
  const [region, ageLabel] = cells as [string, string];
  const m = /^(\d{2})\s+\S/.exec(region);
  if (!m) {
    fail(`line ${line}: region "${region}" must start with its two-digit county code, e.g. "23 Jämtlands län"`);
    return undefined;
  }
  const code = m[1]!;
  if (code !== NATIONAL_CODE && !isCountyCode(code)) {
    fail(`line ${line}: region "${region}": unknown county code ${code} (expected one of ${COUNTY_CODES.join(', ')})`);
    return undefined;
  }
  const group = parseAgeLabel(ageLabel);
  if (!group && !TOTAL_AGE.test(ageLabel)) {
    fail(`line ${line}: ålder "${ageLabel}" is not an age like "25 år", "0-4 år" or "100+ år"`);
    return undefined;
  }
  const rawValue = cells[column.index]!.replace(/[\s\u00a0]/g, '');
  const value = Number(rawValue);
  if (!/^\d+$/.test(rawValue) || !Number.isSafeInteger(value)) {
    fail(`line ${line}: column "${column.year}" is "${cells[column.index]}", not a whole number of people`);
    return undefined;
  }
  return { line, code, ageLabel, group, value };
}

const cellKey = (code: string, group: AgeGroup | undefined) => `${code}|${group ? groupKey(group) : 'total'}`;

/** (region, age group) → row, refusing duplicates. */
function indexCells(rows: Row[], fail: (msg: string) => void): Map<string, Row> {
  const cells = new Map<string, Row>();
  for (const r of rows) {
    const key = cellKey(r.code, r.group);
    const first = cells.get(key);
    if (first) fail(`line ${r.line}: region ${r.code}, ålder "${r.ageLabel}" appears twice (first on line ${first.line})`);
    else cells.set(key, r);
  }
  return cells;
}

function checkedAgeGroups(rows: Row[], fail: (msg: string) => void): AgeGroup[] | undefined {
  const byKey = new Map<string, AgeGroup>();
  for (const r of rows) if (r.group && !byKey.has(groupKey(r.group))) byKey.set(groupKey(r.group), r.group);
  try {
    return sortAndCheckAgeGroups([...byKey.values()]);
  } catch (e) {
    fail((e as Error).message);
    return undefined;
  }
}

function countsPerCounty(cells: Map<string, Row>, ageGroups: AgeGroup[], fail: (msg: string) => void) {
  const counts = {} as Record<CountyCode, number[]>;
  for (const c of COUNTIES) {
    counts[c.code] = ageGroups.map((g) => cells.get(cellKey(c.code, g))?.value ?? -1);
    const missing = ageGroups.filter((_, i) => counts[c.code][i] === -1);
    if (missing.length === ageGroups.length) fail(`county ${c.code} ${c.name} is missing`);
    else if (missing.length) {
      fail(`county ${c.code} ${c.name} has no row for ålder ${missing.map((g) => `"${g.label}"`).join(', ')}`);
    }
  }
  return counts;
}

/** SCB exports may carry "totalt ålder" rows and a "00 Riket" row; when present they must agree. */
function crossCheck(rows: Row[], counts: Record<CountyCode, number[]>, ageGroups: AgeGroup[], fail: (msg: string) => void) {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const countyValue = (code: CountyCode, group: AgeGroup | undefined) =>
    group ? counts[code][ageGroups.findIndex((g) => groupKey(g) === groupKey(group))]! : sum(counts[code]);
  for (const r of rows) {
    let expected: number;
    if (r.code === NATIONAL_CODE) expected = sum(COUNTY_CODES.map((code) => countyValue(code, r.group)));
    else if (!r.group) expected = countyValue(r.code as CountyCode, undefined);
    else continue;
    if (r.value !== expected) {
      fail(`line ${r.line}: ${r.code}, ålder "${r.ageLabel}" says ${r.value} but the rows it sums add up to ${expected}`);
    }
  }
}

/** One CSV line → trimmed cells; handles quoted cells with "" escapes (SCB quotes every label). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}
