/**
 * A grant's course, stage by stage: anchoring and decision (again after every return), signature;
 * then requisitions, payments and the use period with its reports side by side; the decision on
 * continuation; repayment; closed.
 */
import { anchoring, decision, returnToCoordinators, signature } from './stages/decision';
import { payments, repayment, requisitions } from './stages/money';
import { continuation, usePeriodAndReports } from './stages/reporting';
import { SYSTEM, type GrantRun } from './run';

async function waitForRevision(run: GrantRun): Promise<void> {
  const revision = run.state.revision;
  await run.scheduler.waitFor(() => run.state.revision !== revision);
}

export async function lifecycle(run: GrantRun): Promise<void> {
  const s = run.state;
  for (;;) {
    if (s.status === 'returned') await waitForRevision(run);
    if ((await anchoring(run)) !== 'approved') {
      returnToCoordinators(run, 'anchoring');
      continue;
    }
    const outcome = await decision(run);
    if (outcome === 'rejected') {
      s.status = 'rejected';
      run.record('rejected', SYSTEM);
      run.refresh();
      return;
    }
    if (outcome === 'returned') {
      returnToCoordinators(run, 'decision');
      continue;
    }
    if ((await signature(run)) !== 'approved') {
      returnToCoordinators(run, 'signature');
      continue;
    }
    break;
  }
  await Promise.all([requisitions(run), payments(run), usePeriodAndReports(run)]);
  await continuation(run);
  await repayment(run);
  s.status = 'closed';
  s.closedAt = run.nowIso();
  run.record('closed', SYSTEM);
  run.refresh();
}
