/**
 * The coordinator's actions on a running grant: which are open (by the grant's state, the person's
 * role and organisation), and the request each form makes, checked by the same schemas as the JSON
 * API (api/routes/grants.ts) and sent as the same Updates (recordFact, amend, revise, cancel).
 */
import { problem, type Problem } from '../../domain/text';
import { issueText } from '../../domain/zodText';
import type { Client } from '@temporalio/client';
import { type z } from 'zod';
import { STAGES, amendUpdate, cancelUpdate, grantWorkflowId, recordFactUpdate, reviseUpdate, type GrantState } from '../../workflows/grant/contract';
import type { GrantPlan } from '../../domain/plan';
import { canSteer, type Principal } from '../auth';
import { AmendBody, CancelBody, FactBody } from '../routes/grants';
import type { Fields } from './planForm';

export const ACTION_IDS = ['state-decision', 'requisition', 'payment', 'requirements', 'report', 'amend', 'revise', 'cancel'] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export interface Choice {
  value: string;
  label: string;
}

/** What an action may be about: the tranches, parts, reports or deadlines it can name now. */
export function choicesFor(action: ActionId, s: GrantState): Choice[] {
  const reached = (stage: (typeof STAGES)[number]) => STAGES.indexOf(s.stage) >= STAGES.indexOf(stage);
  switch (action) {
    case 'state-decision':
      return s.tranches.filter((t) => t.trigger.on === 'condition' && t.status === 'waiting' && !t.condition).map((t) => ({ value: t.id, label: `${t.id} – ${t.payee}` }));
    case 'requisition':
      return reached('requisition') ? s.parts.filter((p) => p.unit && !p.requisitionedAt).map((p) => ({ value: p.id, label: `${p.id} – ${p.name} (${p.unit})` })) : [];
    case 'payment':
      return s.tranches.filter((t) => t.status === 'due').map((t) => ({ value: t.id, label: `${t.id} – ${t.payee}` }));
    case 'requirements':
      return s.reports.filter((r) => !r.requirementsPublished).map((r) => ({ value: r.id, label: r.what }));
    case 'report':
      return s.reports.filter((r) => r.status === 'pending' && r.requirementsPublished).map((r) => ({ value: r.id, label: r.what }));
    case 'amend':
      // What has not begun: open rounds, requisitions not made, reports not submitted.
      return [
        ...s.rounds.filter((r) => !r.closedAt && r.deadline).map((r) => ({ value: `round:${r.groupId}`, label: r.name })),
        ...s.parts.filter((p) => p.requisitionDeadline && !p.requisitionedAt).map((p) => ({ value: `requisition:${p.id}`, label: `${p.id} – ${p.name}` })),
        ...s.reports.filter((r) => r.status === 'pending').map((r) => ({ value: `report:${r.id}`, label: r.what })),
      ];
    default:
      return [];
  }
}

/** The actions this person may take on this grant now (none for a manager, none on a finished grant). */
export function openActions(s: GrantState, p: Principal): ActionId[] {
  if (!canSteer(p, s.plan.organisation)) return [];
  if (s.status === 'returned') return ['revise', 'cancel'];
  if (s.status !== 'active') return [];
  return [...ACTION_IDS.filter((a) => a !== 'revise' && a !== 'cancel' && choicesFor(a, s).length > 0), 'cancel'];
}

const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

/** The API's request body for an action's form fields (not yet checked). */
export function bodyOf(action: ActionId, f: Fields): unknown {
  const comment = opt(f.comment);
  switch (action) {
    case 'state-decision':
      return { type: 'stateDecision', trancheId: f.subject ?? '', met: f.met === 'true' ? true : f.met === 'false' ? false : undefined, reference: opt(f.reference), comment };
    case 'requisition':
      return { type: 'requisitioned', partId: f.subject ?? '', comment };
    case 'payment':
      return { type: 'paymentMade', trancheId: f.subject ?? '', comment };
    case 'requirements':
      return { type: 'requirementsPublished', reportId: f.subject ?? '', requirements: f.requirements ?? '', due: opt(f.due), comment };
    case 'report':
      return { type: 'reportSubmitted', reportId: f.subject ?? '', comment };
    case 'amend': {
      const [target = '', ref = ''] = (f.subject ?? '').split(':');
      const key = target === 'round' ? 'groupId' : target === 'requisition' ? 'partId' : 'reportId';
      return { reason: f.reason ?? '', amendment: { type: 'deadline', target, [key]: ref, date: f.date ?? '' } };
    }
    case 'cancel':
      return { reason: f.reason ?? '' };
    case 'revise':
      return { comment: f.comment ?? '' };
  }
}

const SCHEMAS: Record<Exclude<ActionId, 'revise'>, z.ZodType> = {
  'state-decision': FactBody,
  requisition: FactBody,
  payment: FactBody,
  requirements: FactBody,
  report: FactBody,
  amend: AmendBody,
  cancel: CancelBody,
};

/** Field names of the forms, by the API's paths (`trancheId` and the like are all the form's `subject`). */
function fieldOf(path: PropertyKey[]): string {
  const last = String(path[path.length - 1] ?? '');
  if (['trancheId', 'partId', 'reportId', 'groupId', 'target'].includes(last)) return 'subject';
  return last || 'subject';
}

export type Checked = { ok: true; body: unknown } | { ok: false; problems: Problem[] };

export function checkAction(action: Exclude<ActionId, 'revise'>, f: Fields): Checked {
  const parsed = SCHEMAS[action].safeParse(bodyOf(action, f));
  if (parsed.success) return { ok: true, body: parsed.data };
  const problems = parsed.error.issues.map((i) => (i.path.includes('met') ? problem(fieldOf(i.path), 'välj ja eller nej', 'choose yes or no') : { path: fieldOf(i.path), message: issueText(i).en, messages: issueText(i) }));
  return { ok: false, problems: problems.filter((p, i) => problems.findIndex((q) => q.path === p.path) === i) };
}

/** Sends the action as the API does: the same Update, with the person's name as the actor. */
export async function runAction(client: Client, caseNumber: string, p: Principal, action: ActionId, body: unknown, plan?: GrantPlan): Promise<void> {
  const handle = client.workflow.getHandle(grantWorkflowId(caseNumber));
  const actor = p.name;
  if (action === 'cancel') await handle.executeUpdate(cancelUpdate, { args: [{ reason: (body as z.infer<typeof CancelBody>).reason, actor }] });
  else if (action === 'amend') {
    const b = body as z.infer<typeof AmendBody>;
    await handle.executeUpdate(amendUpdate, { args: [{ amendment: b.amendment, reason: b.reason, actor }] });
  } else if (action === 'revise') await handle.executeUpdate(reviseUpdate, { args: [{ plan: plan!, comment: (body as { comment: string }).comment, actor }] });
  else await handle.executeUpdate(recordFactUpdate, { args: [{ fact: body as z.infer<typeof FactBody>, actor }] });
}
