/** Register batches for tests: one grant's state at a given moment, as the recorder would send it. */
import type { GrantPlan } from '../../domain/plan';
import type { RegisterBatch, RegisterRound } from '../../workflows/grant/register';
import type { TimelineEvent } from '../../workflows/grant/model';

const T0 = Date.parse('2026-11-02T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** The grant's whole timeline so far: `count` events, the same content every time it is asked for. */
export function timeline(count: number): TimelineEvent[] {
  const types = ['started', 'roundOpened', 'answered', 'answered', 'roundClosed', 'decided', 'signed', 'paid', 'amended', 'reported'];
  return Array.from({ length: count }, (_, i) => ({
    at: at(i * 7),
    type: types[i % types.length]!,
    actor: i % 2 ? 'anna.berg@example.se' : 'elin.ring@example.se',
    ...(i % 3 === 1 ? { comment: `Kommentar ${i + 1}: "brukarråd" – åäö` } : {}),
    ...(i > 0 ? { revision: 1 } : {}),
    ...(i % 4 === 2 ? { data: { amountOre: 125_000_00 + i, nested: { z: 1, a: [1, 'två', null] }, 'ö-key': true } } : {}),
  }));
}

const plan = { title: 'Brukarråden i länet', organisation: 'Region Jämtland Härjedalen', year: 2026, lang: 'sv' } as unknown as GrantPlan;

function round(answered: boolean): RegisterRound {
  return {
    id: 'r1',
    kind: 'anchoring',
    revision: 1,
    groupId: 'ledning',
    name: 'Ledningsgruppen',
    rule: { type: 'all' },
    deadline: '2026-11-20',
    remindDaysBefore: [3],
    escalateDaysAfter: [1],
    openedAt: at(7),
    ...(answered ? { closedAt: at(35), outcome: 'approved' as RegisterRound['outcome'] } : {}),
    seats: [
      {
        memberId: 'm1', position: 0, name: 'Anna Berg', email: 'anna.berg@example.se', actingId: 'm1', actingName: 'Anna Berg', actingEmail: 'anna.berg@example.se',
        substitutes: [], delegations: [],
        ...(answered ? { answer: 'approve' as const, comment: 'Bra', answeredAt: at(14), answeredBy: 'anna.berg@example.se' } : {}),
      },
    ],
  };
}

/** The batch a recorder sends at `seq` after `events` events, having acknowledged `acked` before. */
export function batchAt(opts: { caseNumber?: string; seq: number; events: number; acked?: number; answered?: boolean; mail?: number }): RegisterBatch {
  const caseNumber = opts.caseNumber ?? 'RJH-2026-0001';
  const acked = opts.acked ?? 0;
  const answered = opts.answered ?? opts.events >= 5;
  return {
    summary: {
      caseNumber,
      workflowId: `grant:${caseNumber}`,
      title: 'Brukarråden i länet',
      organisation: 'Region Jämtland Härjedalen',
      county: 'Jämtlands län',
      year: 2026,
      lang: 'sv',
      stage: answered ? 'decision' : 'anchoring',
      status: 'active',
      revision: 1,
      money: { totalOre: 250_000_00, decidedOre: answered ? 250_000_00 : 0, requisitionedOre: 0, paidOre: 0, lapsedOre: 0, toRepayOre: 0, repaidOre: 0 },
      nextDeadline: '2026-11-20',
      overdue: false,
      startedAt: at(0),
      startedBy: 'elin.ring@example.se',
      seq: opts.seq,
    },
    firstEvent: acked + 1,
    events: timeline(opts.events).slice(acked),
    revisions: acked === 0 ? [{ revision: 1, plan, at: at(0), by: 'elin.ring@example.se' }] : [],
    rounds: [round(answered)],
    parts: [{ id: 'p1', name: 'Utbildning', amountOre: 250_000_00, requisitionDeadline: '2027-03-31', requisitionOverdue: false }],
    tranches: [{ id: 't1', amountOre: 250_000_00, payee: 'Brukarföreningen', partId: 'p1', trigger: { kind: 'onRequisition' } as never, status: 'waiting' }],
    reports: [{ id: 'rep1', what: 'Slutrapport', to: 'Regionen', due: '2027-12-31', requirementsPublished: false, status: 'pending', overdue: false, notices: [] }],
    mail: Array.from({ length: opts.mail ?? 1 }, (_, i) => ({ key: `r1:m1:invite:${i}`, purpose: 'invite', to: ['anna.berg@example.se'], messageId: `<m${i}@grantflow>`, at: at(8), rejected: [] })),
  };
}
