/** The words of the timeline picture and its table, Swedish first, and the rows' labels. */
import { formatSek } from '../../domain/money';
import type { Lang } from './layout';
import type { RowState, TimelineRow } from './timelineModel';

export const TL = {
  sv: {
    title: 'Tidslinje',
    region: 'Tidslinjen som bild (rulla i sidled på smal skärm)',
    desc: (n: number, from: string, to: string, today: string) => `${n} rader från ${from} till ${to}. I dag är ${today}. Samma datum finns i tabellen under bilden.`,
    today: 'I dag',
    tableCaption: 'Tidslinjens datum',
    stage: 'Skede',
    what: 'Vad',
    planned: 'Planerat',
    actual: 'Faktiskt',
    state: 'Läge',
    notices: 'Påminnelser · eskalering',
    remind: 'påminnelse',
    escalate: 'eskalering',
    noDeadline: 'ingen tidsfrist',
    notYet: 'inte ännu',
    noNotices: 'inga',
    states: { planned: 'planerat', open: 'pågår', done: 'klart', overdue: 'FÖRSENAD', stopped: 'stoppad', lapsed: 'förfallen', waiting: 'väntar' } satisfies Record<RowState, string>,
    kind: {
      anchoring: 'Förankring',
      decision: 'Beslut',
      signature: 'Undertecknande',
      requisition: 'Rekvisition del',
      tranche: 'Utbetalning',
      usePeriod: 'Nyttjandeperiod',
      report: 'Redovisning',
      continuation: 'Fortsatt arbete',
    } satisfies Record<TimelineRow['kind'], string>,
    trigger: { decision: 'vid beslut', signature: 'vid undertecknande', requisition: 'vid rekvisition' },
    condition: (c: string) => `villkor: ${c}`,
    planShort: 'plan',
    legend: { planned: 'planerat datum', actual: 'faktiskt datum', window: 'period', remind: 'påminnelse', escalate: 'eskalering', overdue: 'försenad', stopped: 'stoppad', today: 'i dag' },
    months: ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  },
  en: {
    title: 'Timeline',
    region: 'The timeline as a picture (scroll sideways on a narrow screen)',
    desc: (n: number, from: string, to: string, today: string) => `${n} rows from ${from} to ${to}. Today is ${today}. The same dates are in the table below the picture.`,
    today: 'Today',
    tableCaption: 'The timeline’s dates',
    stage: 'Stage',
    what: 'What',
    planned: 'Planned',
    actual: 'Actual',
    state: 'State',
    notices: 'Reminders · escalation',
    remind: 'reminder',
    escalate: 'escalation',
    noDeadline: 'no deadline',
    notYet: 'not yet',
    noNotices: 'none',
    states: { planned: 'planned', open: 'in progress', done: 'done', overdue: 'OVERDUE', stopped: 'stopped', lapsed: 'lapsed', waiting: 'waiting' } satisfies Record<RowState, string>,
    kind: {
      anchoring: 'Anchoring',
      decision: 'Decision',
      signature: 'Signature',
      requisition: 'Requisition part',
      tranche: 'Payment',
      usePeriod: 'Use period',
      report: 'Report',
      continuation: 'Continuation',
    } satisfies Record<TimelineRow['kind'], string>,
    trigger: { decision: 'on decision', signature: 'on signature', requisition: 'on requisition' },
    condition: (c: string) => `condition: ${c}`,
    planShort: 'plan',
    legend: { planned: 'planned date', actual: 'actual date', window: 'period', remind: 'reminder', escalate: 'escalation', overdue: 'overdue', stopped: 'stopped', today: 'today' },
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  },
} as const;

/** The row's name in the picture: short ("Beslut: SVOM", "Rekvisition del I"). */
export function rowLabel(lang: Lang, r: TimelineRow): string {
  const k = TL[lang].kind[r.kind];
  if (r.kind === 'usePeriod') return k;
  if (r.kind === 'requisition' || r.kind === 'tranche') return `${k} ${r.name}`;
  return `${k}: ${r.name}`;
}

/** What the table adds to the label: the amount, the condition or trigger. */
export function rowDetail(lang: Lang, r: TimelineRow): string {
  const t = TL[lang];
  return [
    r.amountOre !== undefined ? formatSek(r.amountOre, { nbsp: true }) : '',
    r.note?.condition ? t.condition(r.note.condition) : '',
    r.note?.trigger ? t.trigger[r.note.trigger] : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
