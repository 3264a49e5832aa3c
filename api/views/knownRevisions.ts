/**
 * The revisions of a grant's basis the dashboard can show: those the workflow kept, or (a grant
 * started before it kept them, never revised since) the current plan alone.
 */
import type { GrantState, RevisionRecord } from '../../workflows/grant/contract';

export function knownRevisions(s: GrantState): RevisionRecord[] {
  if (s.revisions?.length) return s.revisions;
  return [{ revision: s.revision, plan: s.plan, at: s.startedAt, by: s.startedBy }];
}
