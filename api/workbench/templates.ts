/**
 * The templates a grant starts from: one per shape of the source cases. Each is a plan document with
 * the case number left empty, the coordinator who signs in as the coordinator, and every date moved
 * to start today (scripts/seed-plan.ts). People and amounts are examples to change.
 */
import type { Principal } from '../auth';
import type { Lang } from '../views/layout';
import { seedPlanFor } from '../../scripts/seed-plan';
import { addDays } from '../../domain/dates';
import type { SeedName } from '../../domain/fixtures/plans';
import { countyPlan, type CountyFunds } from './countyTemplate';

export const TEMPLATE_IDS = ['quick', 'iop', 'steering', 'delegated', 'county'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export const TEMPLATE_TEXT: Record<Lang, Record<TemplateId, { name: string; about: string }>> = {
  sv: {
    quick: { name: 'Snabbt bidrag', about: 'Ett belopp, en beslutsfattare.' },
    iop: { name: 'IOP-partnerskap', about: 'Idéburet offentligt partnerskap med en fast och en villkorad delbetalning (som IOP med NSPH).' },
    steering: { name: 'Styrgruppsbidrag', about: 'Beslut i styrgrupp, rapport och beslut om fortsatt arbete (som brukarsamverkan).' },
    delegated: { name: 'Delegationsbeslut', about: 'Beslutat på delegation, anmäls och bekräftas i efterhand, med en mellanhand (som Resurscentrum).' },
    county: { name: 'Länsgemensamma medel', about: 'Medel enligt en registrerad överenskommelse: delar, belopp och nycklar från länets fördelning; du väljer rekvirerande enheter.' },
  },
  en: {
    quick: { name: 'Quick grant', about: 'One amount, one approver.' },
    iop: { name: 'IOP partnership', about: 'A non-profit partnership with a fixed and a conditional tranche (like the IOP with NSPH).' },
    steering: { name: 'Steering-group grant', about: 'Decided by a steering group, with a report and a continuation decision.' },
    delegated: { name: 'Decision under delegation', about: 'Decided under delegation and confirmed afterwards, with an intermediary (like the resource centre).' },
    county: { name: 'County funds', about: 'Funds under a registered agreement: parts, amounts and keys from the county’s allocation; you pick the requisitioning units.' },
  },
};

const SEEDS: Record<Exclude<TemplateId, 'quick'>, SeedName> = { iop: 'seed000', steering: 'seed002', delegated: 'seed003', county: 'seed004' };

/** The units of a region that may requisition (the county template's suggestions; any unit may be written). */
export const REQUISITION_UNITS = [
  'Förvaltningsområde Regional utveckling',
  'Förvaltningsområde Regional utveckling, Område Välfärd, klimat och kompetens',
  'Förvaltningsområde Hälso- och sjukvård',
  'Hälso- och sjukvårdsförvaltningen, Psykiatri',
  'Kommunförbundet Jämtlands län',
];

function coordinatorOf(p: Principal) {
  return { id: 'coordinator', name: p.name, email: p.email ?? '', title: '' };
}

/** Every member with a list of substitutes (ersättare), empty or not, so the form offers to add one. */
export function withSubstitutes<T>(doc: T): T {
  const walk = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) {
      for (const x of v) {
        if (key === 'members' && x && typeof x === 'object') (x as Record<string, unknown>).substitutes ??= [];
        walk(x);
      }
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(doc);
  return doc;
}

/**
 * The form's starting document. The county template needs the county's funds from a registered
 * agreement (api/workbench/countyTemplate.ts); without them it is seed 004's plan as it was
 * decided, for the unit tests of the form.
 */
export function templatePlan(id: TemplateId, p: Principal, today: string, funds?: CountyFunds): Record<string, unknown> {
  if (id === 'county' && funds) return withSubstitutes(countyPlan(funds, p, today, coordinatorOf(p)));
  return withSubstitutes(template(id, p, today));
}

function template(id: TemplateId, p: Principal, today: string): Record<string, unknown> {
  if (id === 'quick') {
    return {
      caseNumber: '',
      title: '',
      organisation: p.org,
      year: Number(today.slice(0, 4)),
      coordinators: [coordinatorOf(p)],
      basis: { summary: '' },
      parts: [{ id: '1', name: 'Hela bidraget', amountOre: '' }],
      decision: {
        body: 'Beslutsfattare',
        group: { id: 'approver', name: 'Beslutsfattare', rule: { type: 'all' }, deadline: addDays(today, 14), members: [{ id: 'approver', name: '', email: '', title: '' }] },
        motions: [],
      },
      distribution: [],
    };
  }
  const plan = seedPlanFor(SEEDS[id], today, { organisation: p.org });
  plan.caseNumber = '';
  plan.coordinators = [coordinatorOf(p)];
  return plan;
}
