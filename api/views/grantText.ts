/** The grant page's words that explain a date or a "–" (Swedish first). */
import type { GrantStatus } from '../../workflows/grant/contract';
import type { Lang } from './layout';

export const GT = {
  sv: {
    timeline: 'Tidslinje',
    timelineIntro: 'När saker ska hända och när de hände: planerade datum (◇), faktiska datum (●), i dag (streckad linje).',
    waitsFor: (d: string) => `Väntar på nyttjandeperiod ${d}`,
    noDeadline: {
      active: 'Ingen tidsfrist: det som pågår har inget datum i planen',
      returned: 'Ingen tidsfrist: väntar på ett nytt beslutsunderlag',
      closed: 'Ingen tidsfrist: ärendet är avslutat',
      rejected: 'Ingen tidsfrist: ärendet är avslaget',
      cancelled: 'Ingen tidsfrist: ärendet är avbrutet',
    } satisfies Record<GrantStatus, string>,
    settled: (d: string) => '– behövde inte svara: omgången avgjordes ' + d,
    cancelledRound: (d: string) => '– inget svar: omgången stängdes ' + d,
    notAnswered: '– har inte svarat',
    noUnit: 'rekvireras inte (betalas ut enligt planen)',
    noRequisitionDeadline: 'ingen tidsfrist i planen',
    notRequisitioned: 'inte ännu',
    notUsed: 'inte redovisat ännu',
    revisions: 'Beslutsunderlag och revisioner',
  },
  en: {
    timeline: 'Timeline',
    timelineIntro: 'When things are due and when they happened: planned dates (◇), actual dates (●), today (dashed line).',
    waitsFor: (d: string) => `Waiting for the use period ${d}`,
    noDeadline: {
      active: 'No deadline: what is under way has no date in the plan',
      returned: 'No deadline: waiting for a new decision basis',
      closed: 'No deadline: the case is closed',
      rejected: 'No deadline: the case was rejected',
      cancelled: 'No deadline: the case was cancelled',
    } satisfies Record<GrantStatus, string>,
    settled: (d: string) => '– did not need to answer: the round was settled ' + d,
    cancelledRound: (d: string) => '– no answer: the round was closed ' + d,
    notAnswered: '– has not answered',
    noUnit: 'not requisitioned (paid as the plan says)',
    noRequisitionDeadline: 'no deadline in the plan',
    notRequisitioned: 'not yet',
    notUsed: 'not reported yet',
    revisions: 'Decision basis and revisions',
  },
} satisfies Record<Lang, unknown>;
