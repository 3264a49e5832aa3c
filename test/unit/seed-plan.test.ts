/** scripts/seed-plan.ts: each source case, moved to today, is a plan the API accepts. */
import { seedPlanFor } from '../../scripts/seed-plan';
import { SEED_PLANS, type SeedName } from '../../domain/fixtures/plans';
import { checkPlan } from '../../domain/validatePlan';

const TODAY = '2026-11-30';

describe.each(Object.keys(SEED_PLANS) as SeedName[])('%s', (name) => {
  it('moved to today, passes the plan check (its seed dates do not)', () => {
    expect(checkPlan(SEED_PLANS[name].plan, TODAY).ok).toBe(false);
    const moved = checkPlan(seedPlanFor(name, TODAY), TODAY);
    expect(moved.ok ? [] : moved.problems).toEqual([]);
  });
  it('keeps its amounts and takes another case number and organisation', () => {
    const plan = seedPlanFor(name, TODAY, { caseNumber: 'TEST/1/2026', organisation: 'Region Test' }) as { caseNumber: string; organisation: string; totalOre: number };
    expect(plan.caseNumber).toBe('TEST/1/2026');
    expect(plan.organisation).toBe('Region Test');
    expect(plan.totalOre).toBe((SEED_PLANS[name].plan as { totalOre: number }).totalOre);
  });
});
