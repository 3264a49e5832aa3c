/**
 * The grant state as the dashboard reads it: the workflow's state, with the fields newer
 * workflows add (absent on grants started before them).
 */
import type { CalendarDate } from '../../domain/calendar';
import type { GrantPlan } from '../../domain/plan';
import type { GrantState } from '../../workflows/grant/contract';

export interface PlanRevision {
  revision: number;
  plan: GrantPlan;
  at: string;
  by: string;
  comment?: string;
}

export type GrantView = GrantState & {
  /** Every revision's plan whole, the current one included. Absent: only the current plan is known. */
  revisions?: PlanRevision[];
  /** Past its decision, waiting for its use period to begin. */
  waitsFor?: { kind: 'usePeriod'; date: CalendarDate };
};

/** The revisions the dashboard can show: the recorded ones, or else the current plan alone. */
export function knownRevisions(s: GrantView): PlanRevision[] {
  if (s.revisions?.length) return s.revisions;
  return [{ revision: s.revision, plan: s.plan, at: s.startedAt, by: s.startedBy }];
}
