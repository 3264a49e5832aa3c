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
import { TextError, text } from '../text';
import { findTotalsHeader, parseCountyTotals } from './populationTotals';

export interface Population {
  /** The year column the counts were taken from. */
  year: number;
  /** Contiguous from 0, the last one open-ended ("100+ år"). */
  ageGroups: AgeGroup[];
  /** Per county, the number of people in each age group (same order as `ageGroups`). */
  counts: Record<CountyCode, number[]>;
}

/** One problem with a population file: on which line (when it has one), in Swedish and English. */
export interface PopulationProblem {
  line?: number;
  sv: string;
  en: string;
}

export class PopulationFileError extends Error {
  /** The problems in English, each with its line ("line 4: …"). */
  readonly problems: string[];
  constructor(readonly issues: PopulationProblem[]) {
    const english = issues.map((p) => (p.line ? `line ${p.line}: ${p.en}` : p.en));
    super(`population file refused:\n  - ${english.join('\n  - ')}`);
    this.name = 'PopulationFileError';
    this.problems = english;
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

export type Fail = (line: number | undefined, sv: string, en: string) => void;

/** Collects problems (at most MAX_PROBLEMS, then a note that there are more). */
export function problemCollector() {
  const issues: PopulationProblem[] = [];
  const fail: Fail = (line, sv, en) => {
    if (issues.length < MAX_PROBLEMS) issues.push({ ...(line ? { line } : {}), sv, en });
    else if (issues.length === MAX_PROBLEMS) issues.push({ sv: '(fler problem listas inte)', en: '(further problems not listed)' });
  };
  const check = () => {
    if (issues.length) throw new PopulationFileError(issues);
  };
  return { issues, fail, check };
}

/**
 * A text that was not UTF-8 (Latin-1, Windows-1252) shows "�" where "å", "ä" and "ö" were; one
 * that was UTF-8 read as Latin-1 shows "Ã¥". Either way the file must be sent again as UTF-8.
 */
export function encodingProblem(text: string): PopulationProblem | undefined {
  const lines = text.split(/\r?\n/);
  const bad = lines.findIndex((l) => l.includes('\uFFFD'));
  if (bad >= 0) {
    return {
      line: bad + 1,
      sv: 'filen är inte UTF-8 (troligen Latin-1 eller Windows-1252: "å", "ä" och "ö" kan inte läsas); spara den som UTF-8 och skicka den igen',
      en: 'the file is not UTF-8 (probably Latin-1 or Windows-1252: "å", "ä" and "ö" cannot be read); save it as UTF-8 and send it again',
    };
  }
  const mojibake = lines.findIndex((l) => /Ã[¥¤¶…„–]/.test(l));
  if (mojibake >= 0) {
    return {
      line: mojibake + 1,
      sv: 'filen har lästs med fel teckenkodning ("Ã¥" i stället för "å"): den är UTF-8 men lästes som Latin-1; skicka texten som den står i filen',
      en: 'the file was read in the wrong encoding ("Ã¥" for "å"): it is UTF-8 but was read as Latin-1; send the text as the file holds it',
    };
  }
  return undefined;
}

/**
 * SCB's age table (region × ålder × år) or a plain county file (`county_code,county,population`,
 * also with `;`): every problem listed with its line.
 */
export function parsePopulationCsv(text: string, opts: { year?: number } = {}): Population {
  const encoding = encodingProblem(text);
  if (encoding) throw new PopulationFileError([encoding]);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const totals = findTotalsHeader(lines);
  if (totals) return parseCountyTotals(lines, totals, opts.year);
  return parseAgeTable(lines, opts);
}

function parseAgeTable(lines: string[], opts: { year?: number }): Population {
  const { fail, check } = problemCollector();
  const header = findHeader(lines);
  if (!header) {
    throw new PopulationFileError([
      {
        sv: 'ingen rubrikrad: väntade en rad som "region","ålder","2019" (SCB:s tabell) eller county_code,county,population (en rad per län)',
        en: 'no header row: expected a line like "region","ålder","2019" (region, age, then one column per year) or county_code,county,population (one row per county)',
      },
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
  if (rows.length === 0) {
    fail(headerIndex + 1, 'inga datarader efter rubriken', 'no data rows after the header');
    check();
  }

  // Every problem at once: what the rows that could be read say about the table as a whole.
  const cells = indexCells(rows, fail);
  const ageGroups = checkedAgeGroups(rows, fail);
  const counts = ageGroups ? countsPerCounty(cells, ageGroups, fail) : undefined;
  check();
  crossCheck(rows, counts!, ageGroups!, fail);
  check();
  return { year: column.year, ageGroups: ageGroups!, counts: counts! };
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
      throw new TextError(
        text(
          `åldern ${bandLabel(band)} kan inte räknas ut ur befolkningsfilen: dess åldersgrupp "${g.label}" ligger delvis utanför`,
          `age band ${bandLabel(band)} cannot be computed from the population file: its age group "${g.label}" lies partly outside it`,
        ),
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
    throw new PopulationFileError([{ line, sv: `andra rubrikkolumnen är "${cells[1]}", väntade "ålder"`, en: `second header column is "${cells[1]}", expected "ålder"` }]);
  }
  const years = cells.slice(2);
  const bad = years.find((c) => !/^\d{4}$/.test(c));
  if (bad !== undefined) {
    throw new PopulationFileError([{ line, sv: `rubrikkolumnen "${bad}" är inget år (t.ex. "2019")`, en: `header column "${bad}" is not a year (expected e.g. "2019")` }]);
  }
  const pick = wanted === undefined ? (years.length === 1 ? years[0] : undefined) : String(wanted);
  const index = pick === undefined ? -1 : years.indexOf(pick);
  if (index < 0) {
    const list = years.join(', ');
    throw new PopulationFileError([
      wanted === undefined
        ? { sv: `filen har flera årskolumner; ange vilket år som gäller (årskolumner: ${list})`, en: `the file has several year columns; say which year to use (year columns: ${list})` }
        : { sv: `år ${wanted} finns inte i filen (årskolumner: ${list})`, en: `year ${wanted} is not in the file (year columns: ${list})` },
    ]);
  }
  return { index: index + 2, year: Number(pick) };
}

/** A count of people: a whole number, not negative (a number with spaces, as Excel writes it, is read). */
export function peopleCount(cell: string, line: number, column: string, fail: Fail): number | undefined {
  const raw = cell.replace(/[\s\u00a0]/g, '');
  const value = Number(raw);
  if (/^-\d+$/.test(raw)) fail(line, `kolumnen "${column}" är "${cell}": ett antal personer kan inte vara negativt`, `column "${column}" is "${cell}", not a whole number of people (it is negative)`);
  else if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) fail(line, `kolumnen "${column}" är "${cell}", inget helt antal personer`, `column "${column}" is "${cell}", not a whole number of people`);
  else return value;
  return undefined;
}

/** A known county's code, or a problem naming the codes there are. */
export function countyCode(code: string, given: string, line: number, fail: Fail, allowNational = false): string | undefined {
  if ((allowNational && code === NATIONAL_CODE) || isCountyCode(code)) return code;
  fail(line, `region "${given}": okänd länskod ${code} (länskoderna är ${COUNTY_CODES.join(', ')})`, `region "${given}": unknown county code ${code} (expected one of ${COUNTY_CODES.join(', ')})`);
  return undefined;
}

function parseRow(cells: string[], header: string[], column: { index: number; year: number }, line: number, fail: Fail): Row | undefined {
  if (cells.length !== header.length) {
    fail(line, `väntade ${header.length} kolumner (${header.join(', ')}), fann ${cells.length}`, `expected ${header.length} columns (${header.join(', ')}), found ${cells.length}`);
    return undefined;
  }
  const [region, ageLabel] = cells as [string, string];
  const m = /^(\d{2})\s+\S/.exec(region);
  if (!m) {
    fail(line, `regionen "${region}" måste börja med sin tvåsiffriga länskod, t.ex. "23 Jämtlands län"`, `region "${region}" must start with its two-digit county code, e.g. "23 Jämtlands län"`);
    return undefined;
  }
  const code = countyCode(m[1]!, region, line, fail, true);
  const group = parseAgeLabel(ageLabel);
  if (!group && !TOTAL_AGE.test(ageLabel)) fail(line, `ålder "${ageLabel}" är ingen ålder som "25 år", "0-4 år" eller "100+ år"`, `ålder "${ageLabel}" is not an age like "25 år", "0-4 år" or "100+ år"`);
  const value = peopleCount(cells[column.index]!, line, String(column.year), fail);
  if (code === undefined || (!group && !TOTAL_AGE.test(ageLabel)) || value === undefined) return undefined;
  return { line, code, ageLabel, group, value };
}

const cellKey = (code: string, group: AgeGroup | undefined) => `${code}|${group ? groupKey(group) : 'total'}`;

/** (region, age group) → row, refusing duplicates. */
function indexCells(rows: Row[], fail: Fail): Map<string, Row> {
  const cells = new Map<string, Row>();
  for (const r of rows) {
    const key = cellKey(r.code, r.group);
    const first = cells.get(key);
    if (first) fail(r.line, `region ${r.code}, ålder "${r.ageLabel}" förekommer två gånger (först på rad ${first.line})`, `region ${r.code}, ålder "${r.ageLabel}" appears twice (first on line ${first.line})`);
    else cells.set(key, r);
  }
  return cells;
}

function checkedAgeGroups(rows: Row[], fail: Fail): AgeGroup[] | undefined {
  const byKey = new Map<string, AgeGroup>();
  for (const r of rows) if (r.group && !byKey.has(groupKey(r.group))) byKey.set(groupKey(r.group), r.group);
  try {
    return sortAndCheckAgeGroups([...byKey.values()]);
  } catch (e) {
    const err = e as Error & { sv?: string };
    fail(undefined, err.sv ?? err.message, err.message);
    return undefined;
  }
}

/** Every county must be there; each missing one is named. */
export function missingCounty(c: { code: string; name: string }, fail: Fail): void {
  fail(undefined, `länet ${c.code} ${c.name} saknas`, `county ${c.code} ${c.name} is missing`);
}

function countsPerCounty(cells: Map<string, Row>, ageGroups: AgeGroup[], fail: Fail) {
  const counts = {} as Record<CountyCode, number[]>;
  for (const c of COUNTIES) {
    counts[c.code] = ageGroups.map((g) => cells.get(cellKey(c.code, g))?.value ?? -1);
    const missing = ageGroups.filter((_, i) => counts[c.code][i] === -1);
    if (missing.length === ageGroups.length) missingCounty(c, fail);
    else if (missing.length) {
      const labels = missing.map((g) => `"${g.label}"`).join(', ');
      fail(undefined, `länet ${c.code} ${c.name} har ingen rad för ålder ${labels}`, `county ${c.code} ${c.name} has no row for ålder ${labels}`);
    }
  }
  return counts;
}

/** SCB exports may carry "totalt ålder" rows and a "00 Riket" row; when present they must agree. */
function crossCheck(rows: Row[], counts: Record<CountyCode, number[]>, ageGroups: AgeGroup[], fail: Fail) {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const countyValue = (code: CountyCode, group: AgeGroup | undefined) =>
    group ? counts[code][ageGroups.findIndex((g) => groupKey(g) === groupKey(group))]! : sum(counts[code]);
  for (const r of rows) {
    let expected: number;
    if (r.code === NATIONAL_CODE) expected = sum(COUNTY_CODES.map((code) => countyValue(code, r.group)));
    else if (!r.group) expected = countyValue(r.code as CountyCode, undefined);
    else continue;
    if (r.value !== expected) {
      fail(r.line, `${r.code}, ålder "${r.ageLabel}" anger ${r.value} men raderna den summerar blir ${expected}`, `${r.code}, ålder "${r.ageLabel}" says ${r.value} but the rows it sums add up to ${expected}`);
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
