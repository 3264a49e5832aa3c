/**
 * The agreement routes' schemas (api/routes/agreements.ts): what a coordinator sends (validated
 * with these very schemas) and what the routes answer, named for the OpenAPI document.
 */
import { z } from 'zod';
import { Agreement, type AllocationKey } from '../../domain/allocation';
import { say } from '../../domain/zodText';
import { FreeText } from '../../domain/freeText';
import { Instant, described, named, parameters, type SameKeys } from '../schemaRegistry';
import type { agreementView, allocationsView, countyView, listItem as agreementListItem } from '../routes/agreements';

// ---- request schemas ----------------------------------------------------------------------------

/** An agreement's id: what the URL and the workflow id (`agreement:<id>`) hold. */
export const AgreementId = z
  .string({ error: say('måste vara ett id som 2020 eller 2020-psykisk-halsa', 'must be an agreement id like 2020 or 2020-psykisk-halsa') })
  .min(1, { error: say('får inte vara tomt', 'must not be empty') })
  .max(64, { error: say('får ha högst 64 tecken', 'must be at most 64 characters') })
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, {
    error: say(
      'får bara ha gemena bokstäver a–z, siffror och "-" (inte först eller sist), t.ex. 2020 eller 2020-psykisk-halsa',
      'must be lower-case letters, digits and "-" (not first or last), e.g. 2020 or 2020-psykisk-halsa',
    ),
  });

/** A county code as SCB writes it: two digits. Which codes exist is checked by the route (404). */
export const CountyParam = z.string().regex(/^\d{2}$/, { error: say('måste vara en länskod med två siffror (SCB), t.ex. 23', 'must be a two-digit county code (SCB), e.g. 23') });

export const AgreementParams = z.object({ agreementId: AgreementId });
export const AgreementCountyParams = z.object({ agreementId: AgreementId, county: CountyParam });

/**
 * The agreement's structure (domain/allocation's schema without its whole-agreement checks):
 * a body that fails it is a 400. Its checks (shares that add up, fixed amounts that cover the
 * part, unique part ids, parts within the national total) answer 422.
 */
export const AgreementDocument = z.strictObject(Agreement.shape);

export const RegisterAgreementBody = z.strictObject({
  id: AgreementId.optional(),
  agreement: AgreementDocument,
  population: z
    .string({ error: say('måste vara texten i en CSV-fil: SCB:s export (BE0101, region × ålder × år) eller county_code,county,population', 'must be the text of a CSV file: SCB’s export (BE0101, region × ålder × år) or county_code,county,population') })
    .min(1, { error: say('får inte vara tom', 'must not be empty') })
    .max(900_000, { error: say('är för lång (högst 900 000 tecken)', 'is too long (at most 900 000 characters)') })
    .optional(),
});
export type RegisterAgreementBody = z.infer<typeof RegisterAgreementBody>;

export const RetireAgreementBody = z.strictObject({
  reason: FreeText(2000, { multiline: true }),
});

const PartRef = z
  .string({ error: say('måste vara id för en del av överenskommelsen, t.ex. "I"', 'must be a part id of the agreement, e.g. "I"') })
  .min(1, { error: say('får inte vara tomt', 'must not be empty') })
  .max(64);
/** A grant plan's part id (domain/plan.ts). */
const PlanPartId = z
  .string({ error: say('måste vara ett del-id som "I-III"', 'must be a part id like "I-III"') })
  .min(1, { error: say('får inte vara tomt', 'must not be empty') })
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: say('får bara ha bokstäver, siffror, "-", "_" och "."', 'may hold letters, digits, "-", "_" and "." only') });

export const PlanPartsBody = z.strictObject({
  /** The agreement's parts to include, by id; default: all of them. */
  include: z.array(PartRef).min(1, { error: say('ta med minst en del', 'include at least one part') }).max(50).optional(),
  /** Agreement parts that become one plan part together (their amounts added). */
  merge: z
    .array(
      z.strictObject({
        id: PlanPartId,
        name: FreeText(300),
        parts: z.array(PartRef).min(2, { error: say('slå samman minst två delar', 'merge at least two parts') }).max(50),
      }),
    )
    .max(25)
    .optional(),
});
export type PlanPartsBody = z.infer<typeof PlanPartsBody>;

export const AllocationsCsvQuery = z.object({ lang: z.enum(['sv', 'en']).optional() });


named(AgreementId, { id: 'AgreementId', description: 'An agreement’s id, chosen when it is registered (default: its year). The agreement’s workflow is `agreement:<id>`.', examples: ['2020', '2020-psykisk-halsa'] });
named(CountyParam, { id: 'CountyCode', description: 'A county’s two-digit code as SCB writes it (01 Stockholm … 23 Jämtland … 25 Norrbotten).', examples: ['23'] });
parameters(AgreementParams, 'AgreementParams');
parameters(AgreementCountyParams, 'AgreementCountyParams');
parameters(AllocationsCsvQuery, 'AllocationsCsvQuery');
named(AgreementDocument, {
  id: 'Agreement',
  description:
    'A national agreement as domain/allocation reads it (docs/allocation.md): year, title, parties, the national total, and the parts that go to the counties, each with its allocation key. ' +
    'Amounts in öre. Beyond this structure the agreement’s own checks apply (answered with 422): unique part ids, fixed amounts that cover their part exactly, shares of all 21 counties adding up to 100 %, bases within the part, parts within the national total.',
});
named(RegisterAgreementBody, {
  id: 'RegisterAgreementBody',
  description:
    '`agreement` as the agreement file holds it; `id` (default: the agreement’s year); `population`: the text of SCB’s CSV export (table BE0101, region × ålder × år) to allocate by. ' +
    'Without `population` the shipped constructed table population-2019 is used (not SCB data; it reproduces seed 004).',
});
named(PlanPartsBody, {
  id: 'PlanPartsBody',
  description:
    'Optional. Without it every part of the agreement becomes one plan part, in the agreement’s order, with its id and name (as seed 004 has them). ' +
    '`include` keeps only the listed parts; `merge` adds several parts into one plan part with an id and name of its own, placed where its first part was.',
});
named(RetireAgreementBody, { id: 'RetireAgreementBody' });

const AgreementLinks = z.object({ self: z.string(), allocations: z.string(), csv: z.string() });
const AgreementStatus = described(z.enum(['active', 'retired']), 'retired: a coordinator retired the agreement (its workflow has closed); it can still be read and allocated, but gives no plan parts.');
export const AgreementRegistered = named(z.object({ id: z.string(), workflowId: z.string(), created: z.boolean(), links: AgreementLinks }), {
  id: 'AgreementRegistered',
  description: 'created is false when the same agreement was already registered under this id (an idempotent repeat).',
});
const AgreementListItemShape = {
  id: z.string(),
  workflowId: z.string(),
  status: AgreementStatus,
  year: z.number().int().optional(),
  title: z.string().optional(),
  parties: z.array(z.string()).optional(),
  nationalTotalOre: z.number().int().optional(),
  nationalTotalFormatted: z.string().optional(),
  parts: described(z.number().int().optional(), 'How many parts go to the counties.'),
  populationYear: z.number().int().optional(),
  registeredAt: Instant,
  links: AgreementLinks,
};
const _agreementListItemKeys: SameKeys<ReturnType<typeof agreementListItem>, typeof AgreementListItemShape> = true;
void _agreementListItemKeys;
export const AgreementList = named(z.object({ items: z.array(named(z.object(AgreementListItemShape), { id: 'AgreementListItem' })), total: z.number().int() }), {
  id: 'AgreementList',
  description: 'Every registered agreement (from Temporal visibility), the latest year first.',
});
const PopulationInfo = named(
  z.object({
    source: z.enum(['inline', 'fixture']),
    name: described(z.string().optional(), 'The shipped table’s name (source fixture).'),
    note: z.string().optional(),
    year: z.number().int(),
    ageGroups: z.number().int(),
    total: z.number().int(),
    counties: z.array(z.object({ code: z.string(), name: z.string(), people: z.number().int() })),
  }),
  { id: 'PopulationInfo', description: 'The population the agreement is allocated by: sent with the registration (inline), or a table shipped with grantflow (fixture).' },
);
const AgreementViewShape = {
  id: z.string(),
  workflowId: z.string(),
  status: AgreementStatus,
  agreement: AgreementDocument,
  nationalTotalFormatted: z.string(),
  population: PopulationInfo,
  registeredAt: Instant,
  registeredBy: z.object({ name: z.string(), org: z.string() }),
  retired: z.object({ at: Instant, by: z.string(), reason: z.string() }).optional(),
  links: AgreementLinks,
};
const _agreementViewKeys: SameKeys<ReturnType<typeof agreementView>, typeof AgreementViewShape> = true;
void _agreementViewKeys;
export const AgreementView = named(z.object(AgreementViewShape), { id: 'AgreementView', description: 'A registered agreement as its workflow holds it.' });
/** Every key type of domain/allocation (a new one fails to compile here until it is listed). */
const KEY_TYPES = ['equal', 'fixedPerCounty', 'basePlusPopulation', 'populationShare', 'ageBandShare', 'shares'] as const satisfies readonly AllocationKey['type'][];
const _allKeyTypes: Exclude<AllocationKey['type'], (typeof KEY_TYPES)[number]> extends never ? true : false = true;
void _allKeyTypes;
const KeyType = described(z.enum(KEY_TYPES), 'The part’s allocation key (docs/allocation.md).');
const AllocationHeading = {
  agreementId: z.string(),
  year: z.number().int(),
  title: z.string(),
  status: AgreementStatus,
  populationYear: z.number().int(),
  populationSource: z.enum(['inline', 'fixture']),
};
const AllocationsShape = {
  ...AllocationHeading,
  parts: z.array(z.object({ partId: z.string(), name: z.string(), keyType: KeyType, nationalOre: z.number().int(), nationalFormatted: z.string() })),
  counties: described(
    z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        parts: z.array(z.object({ partId: z.string(), ore: z.number().int(), formatted: z.string() })),
        totalOre: z.number().int(),
        totalFormatted: z.string(),
      }),
    ),
    'All 21 counties in code order; each part’s amounts add up to its national amount exactly (largest remainder, ties to the lower county code).',
  ),
  totalOre: described(z.number().int(), 'What the parts give the counties together (not the agreement’s national total, which also holds money that does not go to the counties).'),
  totalFormatted: z.string(),
  links: AgreementLinks,
};
const _allocationsKeys: SameKeys<ReturnType<typeof allocationsView>, typeof AllocationsShape> = true;
void _allocationsKeys;
export const AgreementAllocations = named(z.object(AllocationsShape), { id: 'AgreementAllocations', description: 'What each county receives of each part, to the öre, in öre and in Swedish format.' });
const CountyAllocationShape = {
  ...AllocationHeading,
  county: z.object({ code: z.string(), name: z.string() }),
  parts: z.array(z.object({ partId: z.string(), name: z.string(), keyType: KeyType, ore: z.number().int(), formatted: z.string() })),
  totalOre: z.number().int(),
  totalFormatted: z.string(),
  links: AgreementLinks.extend({ county: z.string(), planParts: z.string() }),
};
const _countyKeys: SameKeys<ReturnType<typeof countyView>, typeof CountyAllocationShape> = true;
void _countyKeys;
export const CountyAllocationView = named(z.object(CountyAllocationShape), { id: 'CountyAllocation', description: 'One county’s parts and total.' });
export const PlanPartsResult = named(
  z.object({
    agreementId: z.string(),
    county: z.string(),
    countyName: z.string(),
    year: z.number().int(),
    source: z.string(),
    parts: z.array(z.object({ id: z.string(), name: z.string(), amountOre: z.number().int() })),
    totalOre: z.number().int(),
    totalFormatted: z.string(),
    breakdown: z.array(z.object({ id: z.string(), formatted: z.string(), agreementParts: z.array(z.string()) })),
  }),
  {
    id: 'PlanPartsResult',
    description:
      '`county`, `year`, `source`, `parts` and `totalOre` are fields of a GrantPlan: put them into a plan (with its coordinators, decision, …) for POST /api/plans/validate or POST /api/grants. ' +
      '`breakdown` shows each plan part in Swedish format and the agreement parts it holds.',
  },
);


export const AGREEMENT_EXAMPLE = {
  year: 2020,
  title: 'Överenskommelse om insatser inom området psykisk hälsa 2020',
  parties: ['Regeringen', 'Sveriges Kommuner och Regioner (SKR)'],
  nationalTotalOre: 171600000000,
  populationYear: 2019,
  parts: [
    { id: 'I', name: 'Stärkt samverkan för personer med samsjuklighet', nationalOre: 20000000000, key: { type: 'basePlusPopulation', basePerCountyOre: 500000000 } },
    {
      id: 'II',
      name: 'Insatser för stärkt brukarmedverkan',
      nationalOre: 2400000000,
      key: { type: 'fixedPerCounty', amountOre: 100000000, exceptions: [{ county: '01', amountOre: 200000000 }, { county: '12', amountOre: 200000000 }, { county: '14', amountOre: 200000000 }] },
    },
    { id: 'III', name: 'Suicidprevention', nationalOre: 20000000000, key: { type: 'populationShare' } },
    { id: 'IV', name: 'Ungdomsmottagningen', nationalOre: 15000000000, key: { type: 'ageBandShare', fromAge: 0, toAge: 25 } },
  ],
};

