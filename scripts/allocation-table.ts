/**
 * Prints how a national agreement is allocated to the counties, in Swedish money format.
 *
 *   npx tsx scripts/allocation-table.ts [--county 23] [--agreement path] [--population path] [--year 2019]
 *
 * Without --county: every county, one column per part. With it: that county's parts and total,
 * laid out like the table in a decision basis. Defaults: the 2020 agreement and the constructed
 * population fixture in domain/fixtures/.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatSek } from '../domain/money';
import {
  type Agreement,
  type AgreementAllocation,
  type CountyAllocation,
  allocateAgreement,
  countyAllocation,
  parseAgreement,
  parsePopulationCsv,
} from '../domain/allocation';

const FIXTURES = resolve(__dirname, '../domain/fixtures');
const USAGE = 'usage: npx tsx scripts/allocation-table.ts [--county 23] [--agreement file.json] [--population file.csv] [--year 2019]';

interface Options {
  county?: string;
  agreement: string;
  population: string;
  year?: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    agreement: resolve(FIXTURES, 'agreement-2020.json'),
    population: resolve(FIXTURES, 'population-2019.csv'),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') usage(0);
    if (!['--county', '--agreement', '--population', '--year'].includes(flag)) usage(2, `unknown option: ${flag}`);
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) usage(2, `${flag} needs a value`);
    if (flag === '--county') opts.county = value.padStart(2, '0');
    else if (flag === '--agreement') opts.agreement = resolve(value);
    else if (flag === '--population') opts.population = resolve(value);
    else if (/^\d{4}$/.test(value)) opts.year = Number(value);
    else usage(2, `--year must be a year like 2019, not "${value}"`);
  }
  return opts;
}

function usage(code: number, problem?: string): never {
  if (problem) console.error(problem);
  (code ? console.error : console.log)(USAGE);
  process.exit(code);
}

function readAgreement(file: string): Agreement {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not readable JSON: ${(e as Error).message}`);
  }
  return parseAgreement(json);
}

/** SCB's older exports are ISO-8859-1, newer ones UTF-8: try UTF-8 strictly, fall back to Latin-1. */
function readText(file: string): string {
  const bytes = readFileSync(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

const money = (ore: number) => formatSek(ore, { unit: false });

function printCounty(c: CountyAllocation, parties: string[], populationYear: number): void {
  const width = Math.max(5, ...c.parts.map((p) => p.name.length));
  const idWidth = Math.max(3, ...c.parts.map((p) => p.partId.length));
  const amountWidth = Math.max(13, money(c.totalOre).length);
  const row = (id: string, name: string, amount: string) =>
    `${id.padEnd(idWidth)}  ${name.padEnd(width)}  ${amount.padStart(amountWidth)}`;
  console.log(c.title);
  console.log(`Parter: ${parties.join(', ')}`);
  console.log(`${c.name} (${c.code}), befolkning ${populationYear}`);
  console.log('');
  console.log(row('Del', 'Syfte', 'Belopp kronor'));
  for (const p of c.parts) console.log(row(p.partId, p.name, money(p.ore)));
  console.log(row('', 'TOTALT', money(c.totalOre)));
}

function printAll(a: AgreementAllocation, parties: string[]): void {
  const nameWidth = Math.max(...a.totalsByCounty.map((c) => c.name.length)) + 3;
  const columns = [...a.parts.map((p) => p.partId), 'Totalt'];
  const national = a.parts.reduce((s, p) => s + p.nationalOre, 0);
  const amountWidth = Math.max(14, money(national).length);
  const row = (label: string, amounts: string[]) =>
    `${label.padEnd(nameWidth)}${amounts.map((x) => x.padStart(amountWidth + 2)).join('')}`;
  console.log(a.title);
  console.log(`Parter: ${parties.join(', ')}`);
  console.log(`Befolkning ${a.populationYear}. Belopp i kronor.`);
  for (const p of a.parts) console.log(`  ${p.partId}: ${p.name} (${formatSek(p.nationalOre)}, nyckel ${p.keyType})`);
  console.log('');
  console.log(row('Län', columns));
  a.totalsByCounty.forEach((c, j) => {
    console.log(row(`${c.code} ${c.name}`, [...a.parts.map((p) => money(p.perCounty[j]!.ore)), money(c.ore)]));
  });
  console.log(row('Summa', [...a.parts.map((p) => money(p.nationalOre)), money(national)]));
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const agreement = readAgreement(opts.agreement);
  const year = opts.year ?? agreement.populationYear;
  const population = parsePopulationCsv(readText(opts.population), year === undefined ? {} : { year });
  if (opts.county) printCounty(countyAllocation(agreement, population, opts.county), agreement.parties, population.year);
  else printAll(allocateAgreement(agreement, population), agreement.parties);
}

try {
  main();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
