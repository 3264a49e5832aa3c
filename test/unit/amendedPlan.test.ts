/**
 * The register rebuilds a grant's plan as the workflow holds it: the revision as submitted with the
 * amendments of that revision applied (register/grantState.ts amendedPlan), so that a grant read from
 * the register shows the amended distribution list, deadline and amounts.
 */
import { amendedPlan } from '../../register/grantState';
import { lifecyclePlan } from '../../bench/lib/plans';
import type { TimelineEvent } from '../../workflows/grant/contract';

const submitted = lifecyclePlan('2026-12-03', 'RJH-2026-0100', 'seed');
const amended = (revision: number, data: Record<string, unknown>): TimelineEvent => ({ at: '2026-12-03T10:00:00.000Z', type: 'amended', actor: 'Elin Ring', revision, comment: 'Ändrat', data });

it('applies the distribution list, a group deadline and part amounts amended in the current revision, and leaves the submitted revision as it was', () => {
  const [first, second] = submitted.parts;
  const group = submitted.decision.group.id;
  const timeline = [
    amended(1, { type: 'distribution', distribution: [{ name: 'Regionarkivet', email: 'arkiv@example.se' }], before: { distribution: submitted.distribution } }),
    amended(1, { type: 'deadline', target: 'round', groupId: group, date: '2027-09-30', before: { date: submitted.decision.group.deadline } }),
    amended(1, { type: 'amounts', parts: [{ id: first!.id, amountOre: first!.amountOre - 100 }, { id: second!.id, amountOre: second!.amountOre + 100 }], before: {} }),
    // An amendment of another revision does not apply to this one's plan.
    amended(2, { type: 'distribution', distribution: [], before: {} }),
  ];
  const plan = amendedPlan(submitted, timeline, 1);
  expect(plan.distribution).toEqual([{ name: 'Regionarkivet', email: 'arkiv@example.se' }]);
  expect(plan.decision.group.deadline).toBe('2027-09-30');
  expect(plan.parts.slice(0, 2).map((p) => p.amountOre)).toEqual([first!.amountOre - 100, second!.amountOre + 100]);
  expect(plan.parts.reduce((a, p) => a + p.amountOre, 0)).toBe(submitted.totalOre);
  // The revision as submitted is untouched.
  expect(submitted.distribution).not.toEqual(plan.distribution);
  expect(amendedPlan(submitted, [], 1)).toEqual(submitted);
});
