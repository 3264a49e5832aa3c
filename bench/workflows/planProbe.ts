/**
 * A memory probe (its own bundle): an idle workflow that imports what the grant workflow imports
 * for plans (domain/plan.ts, domain/validatePlan.ts: zod), and nothing else. Its memory per cached
 * run, beside idleWorkflow's and the grant's, shows what module instantiation costs per workflow
 * (the SDK's reusable V8 context gives every workflow its own instance of every module the
 * workflow code imports).
 */
import { condition, defineQuery, setHandler } from '@temporalio/workflow';
import { GrantPlan } from '../../domain/plan';
import { planProblems } from '../../domain/validatePlan';

export const probeQuery = defineQuery<number>('probe');

export async function planProbeWorkflow(): Promise<void> {
  setHandler(probeQuery, () => Object.keys(GrantPlan.shape).length + (typeof planProblems === 'function' ? 1 : 0));
  await condition(() => false);
}
