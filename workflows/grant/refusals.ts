/**
 * Every way the grant workflow refuses an Update, as a closed set of kinds. Each kind has its HTTP
 * status and its text in Swedish and English, built from the facts the workflow sends with it
 * (ApplicationFailure details), so the API answers in the reader's language and maps a refusal to a
 * status in exactly one place. Part of the grant's contract (workflows/grant/contract.ts).
 */
import { formatDate } from '../../domain/calendar';
import { formatSek } from '../../domain/sek';

type Text = (p: Record<string, string | number | undefined>) => string;
interface RefusalSpec {
  status: 404 | 409 | 410 | 422;
  sv: Text;
  en: Text;
}

const at = (p: Record<string, string | number | undefined>, k: string) => String(p[k] ?? '');
const sek = (p: Record<string, string | number | undefined>, k: string) => formatSek(Number(p[k] ?? 0));
const date = (p: Record<string, string | number | undefined>, k: string, lang: 'sv' | 'en') => (p[k] ? formatDate(String(p[k]), lang) : '');

export const GRANT_REFUSALS = {
  UnknownRound: { status: 404, sv: () => 'omgången finns inte i ärendet', en: () => 'no such round in this grant' },
  UnknownSeat: { status: 404, sv: () => 'personen är inte ledamot i omgången', en: () => 'not a member of this round' },
  LinkReplaced: { status: 410, sv: () => 'länken har ersatts (uppdraget har delegerats till en ersättare)', en: () => 'this link has been replaced (delegated to a substitute)' },
  AlreadyAnswered: {
    status: 409,
    sv: (p) => `redan besvarat (${at(p, 'answer')}) av ${at(p, 'by')} ${at(p, 'at')}`,
    en: (p) => `already answered "${at(p, 'answer')}" by ${at(p, 'by')} at ${at(p, 'at')}`,
  },
  RoundClosed: {
    status: 409,
    sv: (p) => `omgången avslutades ${at(p, 'at')}${p.outcome ? ` (${at(p, 'outcome')})` : ''}`,
    en: (p) => `the round closed at ${at(p, 'at')}${p.outcome ? ` with outcome ${at(p, 'outcome')}` : ''}`,
  },
  GrantNotActive: { status: 409, sv: (p) => `ärendet är inte aktivt (${at(p, 'status')})`, en: (p) => `the grant is ${at(p, 'status')}` },
  CommentRequired: { status: 422, sv: () => 'en motivering krävs', en: () => 'a reason is required' },
  ActionNotAllowed: {
    status: 422,
    sv: (p) => `svaret "${at(p, 'action')}" går inte att ge i den här omgången (${at(p, 'round')})`,
    en: (p) => `"${at(p, 'action')}" is not an answer in a ${at(p, 'round')} round`,
  },
  UnknownSubstitute: { status: 422, sv: () => 'ersättaren finns inte namngiven i underlaget', en: () => 'the substitute is not named in the plan' },
  AlreadyDelegated: { status: 409, sv: () => 'platsen har redan delegerats en gång', en: () => 'this seat has already been delegated once' },
  ActorRequired: { status: 422, sv: () => 'den som gör ändringen måste anges', en: () => 'who makes the change must be named' },
  ReasonRequired: { status: 422, sv: () => 'ett skäl krävs', en: () => 'a reason is required' },
  UnknownTranche: { status: 404, sv: (p) => `utbetalningen "${at(p, 'id')}" finns inte`, en: (p) => `no tranche "${at(p, 'id')}"` },
  UnknownPart: { status: 404, sv: (p) => `delen "${at(p, 'id')}" finns inte`, en: (p) => `no part "${at(p, 'id')}"` },
  UnknownReport: { status: 404, sv: (p) => `redovisningen "${at(p, 'id')}" finns inte`, en: (p) => `no report "${at(p, 'id')}"` },
  UnknownGroup: { status: 404, sv: (p) => `gruppen "${at(p, 'id')}" finns inte`, en: (p) => `no group "${at(p, 'id')}"` },
  NotConditional: {
    status: 422,
    sv: (p) => `utbetalningen "${at(p, 'id')}" väntar inte på något externt beslut`,
    en: (p) => `tranche "${at(p, 'id')}" does not wait for an external decision`,
  },
  AlreadySettled: { status: 409, sv: (p) => `utbetalningen "${at(p, 'id')}" är redan avgjord (${at(p, 'status')})`, en: (p) => `tranche "${at(p, 'id')}" is ${at(p, 'status')}` },
  NotDecided: { status: 409, sv: () => 'ärendet är ännu inte beslutat', en: () => 'the grant has not been decided yet' },
  AlreadyRequisitioned: {
    status: 409,
    sv: (p) => `delen "${at(p, 'id')}" rekvirerades redan ${at(p, 'at')}`,
    en: (p) => `part "${at(p, 'id')}" was requisitioned at ${at(p, 'at')}`,
  },
  NotDue: {
    status: 409,
    sv: (p) => `utbetalningen "${at(p, 'id')}" ska inte betalas nu (${at(p, 'status')})`,
    en: (p) => `tranche "${at(p, 'id')}" is ${at(p, 'status')}, not due for payment`,
  },
  AlreadySubmitted: { status: 409, sv: (p) => `redovisningen "${at(p, 'id')}" är redan inlämnad`, en: (p) => `report "${at(p, 'id')}" was already submitted` },
  DateInPast: { status: 422, sv: (p) => `datumet ${date(p, 'date', 'sv')} har redan passerat`, en: (p) => `${date(p, 'date', 'en')} has already passed` },
  BadAmount: {
    status: 422,
    sv: (p) => (p.maxOre !== undefined ? `beloppet får vara högst ${sek(p, 'maxOre')}` : 'beloppet måste vara ett helt, icke-negativt antal öre'),
    en: (p) => (p.maxOre !== undefined ? `the amount may be at most ${sek(p, 'maxOre')}` : 'the amount must be a whole, non-negative number of öre'),
  },
  DoesNotAddUp: {
    status: 422,
    sv: (p) => `delarna skulle bli ${sek(p, 'sumOre')}, inte totalen ${sek(p, 'totalOre')}`,
    en: (p) => `the parts would add up to ${sek(p, 'sumOre')}, not the total ${sek(p, 'totalOre')}`,
  },
  StageOver: { status: 409, sv: (p) => `det går inte längre att ändra: ${at(p, 'what')}`, en: (p) => `too late to change: ${at(p, 'what')}` },
  NoRequisition: { status: 422, sv: (p) => `delen "${at(p, 'id')}" rekvireras inte`, en: (p) => `part "${at(p, 'id')}" has no requisition` },
  UnknownFact: { status: 422, sv: () => 'okänd typ av händelse', en: () => 'unknown fact type' },
  NotReturned: {
    status: 409,
    sv: (p) => `bara ett återremitterat ärende kan revideras; ärendet är ${at(p, 'status')}`,
    en: (p) => `only a returned case can be revised; the grant is ${at(p, 'status')}`,
  },
  InvalidPlan: { status: 422, sv: (p) => `underlaget går inte att använda: ${at(p, 'problems')}`, en: (p) => `the plan cannot be used: ${at(p, 'problems')}` },
} satisfies Record<string, RefusalSpec>;

export type GrantRefusalKind = keyof typeof GRANT_REFUSALS;
/** The facts a refusal carries (its ApplicationFailure details[0]). */
export type RefusalFacts = Record<string, string | number | undefined>;

export function isGrantRefusal(kind: string): kind is GrantRefusalKind {
  return Object.prototype.hasOwnProperty.call(GRANT_REFUSALS, kind);
}

/** A refusal's text in a language; English is also the failure's message (logs, history). */
export function refusalText(kind: GrantRefusalKind, facts: RefusalFacts, lang: 'sv' | 'en'): string {
  return GRANT_REFUSALS[kind][lang](facts);
}

export function refusalStatus(kind: GrantRefusalKind): number {
  return GRANT_REFUSALS[kind].status;
}
