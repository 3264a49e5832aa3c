/** The plan form's labels, by the plan's keys, Swedish first; and the domain's problems in Swedish. */
import type { Lang } from '../layout';

type Labels = Record<string, string>;

const SV: Labels = {
  totalOre: 'Totalt', caseNumber: 'Diarienummer', title: 'Rubrik', personTitle: 'Titel', organisation: 'Organisation', county: 'Län (kod, t.ex. 23)', year: 'År',
  source: 'Källa (överenskommelse)', coordinators: 'Samordnare', basis: 'Beslutsunderlag', summary: 'Sammanfattning', documents: 'Dokument', url: 'Adress (URL)',
  parts: 'Delar', id: 'Nr', name: 'Namn', email: 'E-post', amountOre: 'Belopp (kr)', focusAreas: 'Fokusområden (ett per rad)', requisition: 'Rekvisition',
  unit: 'Rekvirerande enhet', deadline: 'Sista dag', reportedBy: 'Rapporteras av', anchoring: 'Förankring', order: 'Ordning', groups: 'Grupper',
  members: 'Medlemmar', chairId: 'Ordförande', rule: 'Beslutsregel', type: 'Regel', k: 'Antal som krävs (k av n)', schedule: 'Påminnelser och eskalering',
  remindDaysBefore: 'Påminn antal dagar före (t.ex. 7, 1)', escalateDaysAfter: 'Eskalera antal dagar efter (t.ex. 1, 7)', substitutes: 'Ersättare',
  decision: 'Beslut', body: 'Beslutande organ', group: 'Beslutsgrupp', motions: 'Att-satser (en per rad)', delegated: 'Beslut på delegation',
  decidedBy: 'Beslutat av', date: 'Datum', note: 'Anteckning', signature: 'Undertecknande', signatory: 'Undertecknare', document: 'Dokument som undertecknas',
  intermediary: 'Mellanhand', tranches: 'Delbetalningar och villkor', payee: 'Mottagare', partId: 'Gäller del', trigger: 'Betalas när', on: 'Betalas när',
  condition: 'Villkor', finance: 'Ekonomi (betalar ut)', usePeriod: 'Nyttjandeperiod', from: 'Från', to: 'Till', reportTo: 'Rapporteras till',
  reports: 'Rapporter och påminnelser', what: 'Vad rapporteras', due: 'Senast', requirementsPublished: 'Kraven är publicerade', requirements: 'Krav',
  responsible: 'Ansvariga', continuation: 'Beslut om fortsättning', distribution: 'Sändlista (utdrag till)', lang: 'Språk i utskick',
};
const EN: Labels = {
  totalOre: 'Total', caseNumber: 'Case number', title: 'Title of the grant', personTitle: 'Job title', organisation: 'Organisation', county: 'County (code, e.g. 23)', year: 'Year',
  source: 'Source (agreement)', coordinators: 'Coordinators', basis: 'Decision basis', summary: 'Summary', documents: 'Documents', url: 'Address (URL)',
  parts: 'Parts', id: 'No.', name: 'Name', email: 'Email', amountOre: 'Amount (SEK)', focusAreas: 'Focus areas (one per line)', requisition: 'Requisition',
  unit: 'Requisitioning unit', deadline: 'Last day', reportedBy: 'Reported by', anchoring: 'Anchoring', order: 'Order', groups: 'Groups',
  members: 'Members', chairId: 'Chair', rule: 'Decision rule', type: 'Rule', k: 'Number required (k of n)', schedule: 'Reminders and escalation',
  remindDaysBefore: 'Remind days before (e.g. 7, 1)', escalateDaysAfter: 'Escalate days after (e.g. 1, 7)', substitutes: 'Substitutes',
  decision: 'Decision', body: 'Deciding body', group: 'Deciding group', motions: 'Motions (att-satser, one per line)', delegated: 'Decision under delegation',
  decidedBy: 'Decided by', date: 'Date', note: 'Note', signature: 'Signature', signatory: 'Signatory', document: 'Document signed',
  intermediary: 'Intermediary', tranches: 'Tranches and conditions', payee: 'Payee', partId: 'For part', trigger: 'Paid when', on: 'Paid when',
  condition: 'Condition', finance: 'Finance (pays out)', usePeriod: 'Use period', from: 'From', to: 'To', reportTo: 'Reported to',
  reports: 'Reports and reminders', what: 'What is reported', due: 'Due', requirementsPublished: 'Requirements are published', requirements: 'Requirements',
  responsible: 'Responsible', continuation: 'Continuation decision', distribution: 'Distribution list (extract to)', lang: 'Language of mail',
};
export const FIELD_LABELS: Record<Lang, Labels> = { sv: SV, en: EN };

/** What one row of a list is called ("Medlem 2"). */
export const ROW_LABELS: Record<Lang, Labels> = {
  sv: { coordinators: 'Samordnare', documents: 'Dokument', parts: 'Del', groups: 'Grupp', members: 'Medlem', substitutes: 'Ersättare', tranches: 'Delbetalning', finance: 'Ekonomikontakt', reports: 'Rapport', responsible: 'Ansvarig', distribution: 'Mottagare' },
  en: { coordinators: 'Coordinator', documents: 'Document', parts: 'Part', groups: 'Group', members: 'Member', substitutes: 'Substitute', tranches: 'Tranche', finance: 'Finance contact', reports: 'Report', responsible: 'Responsible', distribution: 'Recipient' },
};

export const OPTION_LABELS: Record<Lang, Record<string, Record<string, string>>> = {
  sv: {
    type: { all: 'Alla måste bifalla', majority: 'Majoritet', kOfN: 'k av n', any: 'Någon', chair: 'Ordföranden avgör' },
    on: { decision: 'beslutet är fattat', signature: 'avtalet är undertecknat', date: 'ett visst datum', condition: 'ett villkor är uppfyllt' },
    order: { parallel: 'Samtidigt', sequential: 'En i taget' },
    lang: { sv: 'Svenska', en: 'Engelska' },
    requirementsPublished: { true: 'Ja', false: 'Nej, publiceras senare' },
  },
  en: {
    type: { all: 'All must approve', majority: 'Majority', kOfN: 'k of n', any: 'Any one', chair: 'The chair decides' },
    on: { decision: 'the decision is taken', signature: 'the agreement is signed', date: 'a given date', condition: 'a condition is met' },
    order: { parallel: 'At the same time', sequential: 'One after the other' },
    lang: { sv: 'Swedish', en: 'English' },
    requirementsPublished: { true: 'Yes', false: 'No, published later' },
  },
};

const SV_MESSAGES: [RegExp, string | ((...m: string[]) => string)][] = [
  [/^must not be empty$/, 'får inte vara tom'],
  [/^must be an email address$/, 'måste vara en e-postadress'],
  [/^must be more than 0$/, 'måste vara mer än 0'],
  [/^must look like a case number, e\.g\. (.*)$/, (x) => `måste se ut som ett diarienummer, t.ex. ${x}`],
  [/^must be at least 3 characters$/, 'måste ha minst 3 tecken'],
  [/^a group needs at least one member$/, 'en grupp behöver minst en medlem'],
  [/^a grant needs at least one part$/, 'ett bidrag behöver minst en del'],
  [/^name at least one coordinator$/, 'ange minst en samordnare'],
  [/^deadline (\S+) has already passed.*$/, (d) => `sista dag ${d} har redan passerat`],
  [/^due date (\S+) has already passed$/, (d) => `sista dag ${d} har redan passerat`],
  [/^payment date (\S+) has already passed$/, (d) => `betalningsdagen ${d} har redan passerat`],
  [/^the parts add up to (.*), not the total (.*)$/, (a, b) => `delarna blir ${a}, inte totalen ${b}`],
  [/^tranches are paid by finance: name at least one finance contact$/, 'delbetalningar betalas av ekonomi: ange minst en ekonomikontakt'],
  [/^a cancellation needs a reason$/, 'ett avbrott behöver ett skäl'],
  [/^an amendment needs a reason$/, 'en ändring behöver ett skäl'],
  [/^say what changed$/, 'skriv vad som har ändrats'],
  [/^choose yes or no$/, 'välj ja eller nej'],
  [/^must be a date as YYYY-MM-DD$/, 'måste vara ett datum'],
  [/^Invalid input: expected \w+, received undefined$/, 'måste fyllas i'],
  [/^Invalid input.*$/, 'saknas eller är ogiltigt'],
  [/^Invalid ISO date$|^must be a date.*$/, 'måste vara ett datum'],
];

/** A problem's message in the page's language (the domain names them in English; known ones are translated). */
/** A problem in the page's language: its own words when it carries both (the API's problems), else problemText. */
export function problemWords(lang: Lang, p: { message: string; messages?: { sv: string; en: string } }): string {
  return p.messages?.[lang] ?? p.message;
}

export function problemText(lang: Lang, message: string): string {
  if (lang === 'en') return /^Invalid input: expected \w+, received undefined$/.test(message) ? 'is required' : message;
  for (const [re, sv] of SV_MESSAGES) {
    const m = re.exec(message);
    if (m) return typeof sv === 'string' ? sv : sv(...m.slice(1));
  }
  return message;
}
