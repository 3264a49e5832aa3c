/** What the agreement routes answer: an agreement, its allocations, one county, a list row, the CSV. */
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { COUNTIES, countyPopulation, type AgreementAllocation } from '../domain/allocation';
import { formatSek } from '../domain/money';
import { agreementIdFromWorkflowId, agreementWorkflowId, type AgreementRecord, type PopulationSource } from '../workflows/agreement/contract';
import { POPULATION_FIXTURES, populationOf } from './agreementChecks';

// ---- views --------------------------------------------------------------------------------------

export const sek = (ore: number) => formatSek(ore);
export const base = (id: string) => `/api/agreements/${id}`;
export const links = (id: string) => ({ self: base(id), allocations: `${base(id)}/allocations`, csv: `${base(id)}/allocations.csv` });

function populationView(source: PopulationSource) {
  const table = populationOf(source);
  const counties = COUNTIES.map((c) => ({ code: c.code, name: c.name, people: countyPopulation(table, c.code) }));
  return {
    source: source.source,
    ...(source.source === 'fixture' ? { name: source.name, note: POPULATION_FIXTURES[source.name]?.note ?? '' } : {}),
    year: table.year,
    ageGroups: table.ageGroups.length,
    total: counties.reduce((s, c) => s + c.people, 0),
    counties,
  };
}

export function agreementView(r: AgreementRecord) {
  return {
    id: r.agreementId,
    workflowId: agreementWorkflowId(r.agreementId),
    status: r.retired ? ('retired' as const) : ('active' as const),
    agreement: r.agreement,
    nationalTotalFormatted: sek(r.agreement.nationalTotalOre),
    population: populationView(r.population),
    registeredAt: r.registeredAt,
    registeredBy: r.registeredBy,
    ...(r.retired ? { retired: r.retired } : {}),
    links: links(r.agreementId),
  };
}

function heading(r: AgreementRecord, all: AgreementAllocation) {
  return {
    agreementId: r.agreementId,
    year: all.year,
    title: all.title,
    status: r.retired ? ('retired' as const) : ('active' as const),
    populationYear: all.populationYear,
    populationSource: r.population.source,
  };
}

export function allocationsView(r: AgreementRecord, all: AgreementAllocation) {
  const totalOre = all.parts.reduce((s, p) => s + p.nationalOre, 0);
  return {
    ...heading(r, all),
    parts: all.parts.map((p) => ({ partId: p.partId, name: p.name, keyType: p.keyType, nationalOre: p.nationalOre, nationalFormatted: sek(p.nationalOre) })),
    counties: all.totalsByCounty.map((c, j) => ({
      code: c.code,
      name: c.name,
      parts: all.parts.map((p) => ({ partId: p.partId, ore: p.perCounty[j]!.ore, formatted: sek(p.perCounty[j]!.ore) })),
      totalOre: c.ore,
      totalFormatted: sek(c.ore),
    })),
    totalOre,
    totalFormatted: sek(totalOre),
    links: links(r.agreementId),
  };
}

export function countyView(r: AgreementRecord, all: AgreementAllocation, code: string) {
  const j = COUNTIES.findIndex((c) => c.code === code);
  const c = all.totalsByCounty[j]!;
  return {
    ...heading(r, all),
    county: { code: c.code, name: c.name },
    parts: all.parts.map((p) => ({ partId: p.partId, name: p.name, keyType: p.keyType, ore: p.perCounty[j]!.ore, formatted: sek(p.perCounty[j]!.ore) })),
    totalOre: c.ore,
    totalFormatted: sek(c.ore),
    links: { ...links(r.agreementId), county: `${base(r.agreementId)}/allocations/${c.code}`, planParts: `${base(r.agreementId)}/allocations/${c.code}/plan-parts` },
  };
}

/** One row of the list, from visibility (the memo written at registration); no query per agreement. */
export function listItem(wf: WorkflowExecutionInfo) {
  const id = agreementIdFromWorkflowId(wf.workflowId) ?? wf.workflowId;
  const s = (wf.memo?.summary ?? {}) as Partial<AgreementSummary>;
  return {
    id,
    workflowId: wf.workflowId,
    status: wf.status.name === 'RUNNING' ? ('active' as const) : ('retired' as const),
    ...(typeof s.year === 'number' ? { year: s.year } : {}),
    ...(typeof s.title === 'string' ? { title: s.title } : {}),
    ...(Array.isArray(s.parties) ? { parties: s.parties.map(String) } : {}),
    ...(typeof s.nationalTotalOre === 'number' ? { nationalTotalOre: s.nationalTotalOre, nationalTotalFormatted: sek(s.nationalTotalOre) } : {}),
    ...(typeof s.parts === 'number' ? { parts: s.parts } : {}),
    ...(typeof s.populationYear === 'number' ? { populationYear: s.populationYear } : {}),
    registeredAt: wf.startTime.toISOString(),
    links: links(id),
  };
}

export interface AgreementSummary {
  year: number;
  title: string;
  parties: string[];
  nationalTotalOre: number;
  parts: number;
  populationYear: number;
}

// ---- CSV ----------------------------------------------------------------------------------------

/** A CSV cell (RFC 4180), with a leading apostrophe for what a spreadsheet would run as a formula. */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return s.includes(';') || /["\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_TEXT = {
  sv: { code: 'Länskod', county: 'Län', part: 'Del', total: 'Totalt', sum: 'Summa', ore: 'öre', kr: 'kr', file: 'fordelning' },
  en: { code: 'County code', county: 'County', part: 'Part', total: 'Total', sum: 'Sum', ore: 'öre', kr: 'SEK', file: 'allocation' },
} as const;

/**
 * One row per county and a sum row; each part's amount twice, whole öre (exact) and kronor in
 * Swedish format without unit (Excel reads a number). UTF-8 with BOM, `;`, CRLF, as /api/grants.csv.
 */
export function allocationsCsv(all: AgreementAllocation, lang: 'sv' | 'en'): string {
  const t = CSV_TEXT[lang];
  const kr = (ore: number) => formatSek(ore, { unit: false, nbsp: true });
  const header = [t.code, t.county, ...all.parts.flatMap((p) => [`${t.part} ${p.partId} (${t.ore})`, `${t.part} ${p.partId} (${t.kr})`]), `${t.total} (${t.ore})`, `${t.total} (${t.kr})`];
  const rows = all.totalsByCounty.map((c, j) => [c.code, c.name, ...all.parts.flatMap((p) => [p.perCounty[j]!.ore, kr(p.perCounty[j]!.ore)]), c.ore, kr(c.ore)]);
  const total = all.parts.reduce((s, p) => s + p.nationalOre, 0);
  const sum = ['', t.sum, ...all.parts.flatMap((p) => [p.nationalOre, kr(p.nationalOre)]), total, kr(total)];
  return `\uFEFF${[header, ...rows, sum].map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

