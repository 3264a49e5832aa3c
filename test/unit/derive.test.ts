/**
 * What the state says a grant waits for: past its decision, with its use period starting later, a
 * grant shows stage "inUse" (kept for visibility's filters) and says it waits for the period.
 */
import { computeStage, computeWaitsFor } from '../../workflows/grant/derive';
import type { GrantState } from '../../workflows/grant/contract';
import { stockholmWallToUtc } from '../../domain/calendar';

function decidedGrant(usePeriod?: { from: string; to: string }): GrantState {
  return {
    status: 'active',
    revision: 1,
    plan: { totalOre: 100, usePeriod, reports: [], anchoring: undefined, signature: undefined, continuation: undefined } as unknown as GrantState['plan'],
    decision: { outcome: 'approved', at: '2026-12-01T10:00:00Z', body: 'SVOM', revision: 1 },
    rounds: [],
    parts: [{ id: 'I', name: 'Del I', amountOre: 100, requisitionOverdue: false }],
    tranches: [],
    reports: [],
    timeline: [],
  } as unknown as GrantState;
}

const at = (date: string) => stockholmWallToUtc(date, 12);

it('waits for a use period that starts after today, and names its first day', () => {
  const s = decidedGrant({ from: '2027-01-01', to: '2027-12-31' });
  s.stage = computeStage(s, at('2026-12-02'));
  expect(s.stage).toBe('inUse');
  expect(computeWaitsFor(s, at('2026-12-02'))).toEqual({ kind: 'usePeriod', date: '2027-01-01' });
});

it('waits for nothing once the use period has begun', () => {
  const s = decidedGrant({ from: '2027-01-01', to: '2027-12-31' });
  s.stage = computeStage(s, at('2027-01-01'));
  expect(computeWaitsFor(s, at('2027-01-01'))).toBeUndefined();
});

it('waits for nothing without a use period, or in another stage', () => {
  const none = decidedGrant();
  none.stage = computeStage(none, at('2026-12-02'));
  expect(computeWaitsFor(none, at('2026-12-02'))).toBeUndefined();
  const undecided = decidedGrant({ from: '2027-01-01', to: '2027-12-31' });
  delete undecided.decision;
  undecided.stage = computeStage(undecided, at('2026-12-02'));
  expect(undecided.stage).toBe('decision');
  expect(computeWaitsFor(undecided, at('2026-12-02'))).toBeUndefined();
});
