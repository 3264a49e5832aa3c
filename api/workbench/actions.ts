/**
 * The coordinator's actions on a running grant: which are open (by the grant's state, the person's
 * role and organisation), and the request each form makes, checked by the same schemas as the JSON
 * API (api/routes/grants.ts) and sent as the same Updates (recordFact, amend, revise, cancel).
 * Every kind of fact and amendment the API takes has its form here.
 */
import { problem, type Problem } from '../../domain/text';
import { issueText } from '../../domain/zodText';
import { formatSek, parseSek } from '../../domain/sek';
import type { Client } from '@temporalio/client';
import { type z } from 'zod';
import { STAGES, amendUpdate, cancelUpdate, grantWorkflowId, recordFactUpdate, reviseUpdate, type GrantState } from '../../workflows/grant/contract';
import type { GrantPlan } from '../../domain/plan';
import { canSteer, type Principal } from '../auth';
import { AmendBody, CancelBody, FactBody } from '../routes/grants';
import type { Fields } from './planForm';

export const ACTION_IDS = ['state-decision', 'requisition', 'payment', 'requirements', 'report', 'funds-used', 'repayment', 'paragraph', 'amend', 'amounts', 'distribution', 'revise', 'cancel'] as const;
export type ActionId = (typeof ACTION_IDS)[number];
/** Actions sent as the amend Update. */
const AMENDS: readonly ActionId[] = ['amend', 'amounts', 'distribution'];

export interface Choice {
  value: string;
  label: string;
}

const decided = (s: GrantState) => s.decision?.outcome === 'approved' && s.decision.revision === s.revision;

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
    case 'funds-used':
      // What each part used of its money, once the money is decided (again for a correction).
      return decided(s) ? s.parts.map((p) => ({ value: p.id, label: `${p.id} – ${p.name} (${formatSek(p.amountOre)})` })) : [];
    case 'amend': {
      // What has not begun: open rounds and the plan's groups whose round has not opened yet (the
      // continuation decision, say), requisitions not made, reports not submitted.
      const groups = [...(s.plan.anchoring?.groups ?? []), s.plan.decision.group, ...(s.plan.continuation ? [s.plan.continuation.group] : [])];
      const notOpened = groups.filter((g) => !s.rounds.some((r) => r.groupId === g.id && r.revision === s.revision));
      return [
        ...s.rounds.filter((r) => !r.closedAt && r.deadline && r.revision === s.revision).map((r) => ({ value: `round:${r.groupId}`, label: r.name })),
        ...notOpened.map((g) => ({ value: `round:${g.id}`, label: g.name })),
        ...s.parts.filter((p) => p.requisitionDeadline && !p.requisitionedAt).map((p) => ({ value: `requisition:${p.id}`, label: `${p.id} – ${p.name}` })),
        ...s.reports.filter((r) => r.status === 'pending').map((r) => ({ value: `report:${r.id}`, label: r.what })),
      ];
    }
    default:
      return [];
  }
}

/** Whether an action without a subject to choose is open on this grant now. */
function openWithoutChoice(action: ActionId, s: GrantState): boolean {
  switch (action) {
    case 'repayment':
      return s.money.toRepayOre > 0;
    case 'paragraph':
      return Boolean(s.decision);
    case 'amounts':
      // Before the decision, and only where money can move between parts (the total stays).
      return s.decision?.outcome !== 'approved' && s.parts.length > 1;
    case 'distribution':
      return true;
    default:
      return false;
  }
}

/** The actions this person may take on this grant now (none for a manager, none on a finished grant). */
export function openActions(s: GrantState, p: Principal): ActionId[] {
  if (!canSteer(p, s.plan.organisation)) return [];
  if (s.status === 'returned') return ['revise', 'cancel'];
  if (s.status !== 'active') return [];
  return [...ACTION_IDS.filter((a) => a !== 'revise' && a !== 'cancel' && (choicesFor(a, s).length > 0 || openWithoutChoice(a, s))), 'cancel'];
}

/** The amount fields of the parts' amounts form, one per part, by position. */
export const amountField = (i: number) => `amount-${i}`;

/** What a form shows before anything is typed: the figures as they stand. */
export function initialFields(action: ActionId, s: GrantState): Fields {
  const kr = (ore: number) => formatSek(ore, { unit: false });
  switch (action) {
    case 'repayment':
      return { amountOre: kr(s.money.toRepayOre) };
    case 'paragraph':
      return { paragraph: s.decision?.paragraph ?? '' };
    case 'amounts':
      return Object.fromEntries(s.parts.map((p, i) => [amountField(i), kr(p.amountOre)]));
    case 'distribution':
      return { distribution: s.plan.distribution.map((d) => (d.email ? `${d.name} <${d.email}>` : d.name)).join('\n') };
    default:
      return {};
  }
}

const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

/** The distribution list typed one recipient a line: `Name <e-mail>`, `Name, e-mail` or a name alone. */
export function distributionOf(text: string): { name: string; email?: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(.*?)\s*(?:<([^>]*)>|,\s*(\S+@\S*))\s*$/.exec(line);
      return m ? { name: m[1]!.trim(), email: (m[2] ?? m[3])!.trim() } : { name: line };
    });
}

/** Amounts typed in kronor, in öre; a problem at the field for one that is not an amount. */
function kronor(f: Fields, name: string, problems: Problem[]): number | undefined {
  const raw = (f[name] ?? '').trim();
  if (!raw) return undefined;
  try {
    return parseSek(raw);
  } catch {
    problems.push(problem(name, 'måste vara ett belopp i kronor, t.ex. 1 234 567,50', 'must be an amount in kronor, e.g. 1 234 567,50'));
    return undefined;
  }
}

/** The API's request body for an action's form fields (not yet checked), and the problems of converting them. */
export function bodyOf(action: ActionId, f: Fields, s: GrantState): { body: unknown; problems: Problem[] } {
  const comment = opt(f.comment);
  const problems: Problem[] = [];
  const body = (() => {
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
      case 'funds-used':
        return { type: 'fundsUsed', partId: f.subject ?? '', usedOre: kronor(f, 'usedOre', problems), comment };
      case 'repayment':
        return { type: 'repaid', amountOre: kronor(f, 'amountOre', problems), comment };
      case 'paragraph':
        // Pages write it as `§ 74`: a typed § is not doubled.
        return { type: 'decisionParagraph', paragraph: (f.paragraph ?? '').trim().replace(/^§\s*/, ''), comment };
      case 'amend': {
        const [target = '', ref = ''] = (f.subject ?? '').split(':');
        const key = target === 'round' ? 'groupId' : target === 'requisition' ? 'partId' : 'reportId';
        return { reason: f.reason ?? '', amendment: { type: 'deadline', target, [key]: ref, date: f.date ?? '' } };
      }
      case 'amounts': {
        const parts = s.parts.map((p, i) => ({ id: p.id, amountOre: kronor(f, amountField(i), problems) }));
        const amounts = parts.map((p) => p.amountOre);
        if (amounts.every((a): a is number => typeof a === 'number')) {
          const sum = amounts.reduce((a, b) => a + b, 0);
          if (sum !== s.plan.totalOre) problems.push(problem(amountField(0), `delarna blir ${formatSek(sum)}, men totalen ska vara ${formatSek(s.plan.totalOre)}`, `the parts add up to ${formatSek(sum)}, but the total must stay ${formatSek(s.plan.totalOre)}`));
        }
        return { reason: f.reason ?? '', amendment: { type: 'amounts', parts } };
      }
      case 'distribution':
        return { reason: f.reason ?? '', amendment: { type: 'distribution', distribution: distributionOf(f.distribution ?? '') } };
      case 'cancel':
        return { reason: f.reason ?? '' };
      case 'revise':
        return { comment: f.comment ?? '' };
    }
  })();
  return { body, problems };
}

const SCHEMAS: Record<Exclude<ActionId, 'revise'>, z.ZodType> = {
  'state-decision': FactBody,
  requisition: FactBody,
  payment: FactBody,
  requirements: FactBody,
  report: FactBody,
  'funds-used': FactBody,
  repayment: FactBody,
  paragraph: FactBody,
  amend: AmendBody,
  amounts: AmendBody,
  distribution: AmendBody,
  cancel: CancelBody,
};

/** The form's field for a problem at one of the API's paths (`trancheId` and the like are all the form's `subject`). */
function fieldOf(path: PropertyKey[]): string {
  if (path[0] === 'amendment' && path[1] === 'distribution') return 'distribution';
  if (path[0] === 'amendment' && path[1] === 'parts' && typeof path[2] === 'number') return amountField(path[2]);
  const last = String(path[path.length - 1] ?? '');
  if (['trancheId', 'partId', 'reportId', 'groupId', 'target'].includes(last)) return 'subject';
  return last || 'subject';
}

/** A problem in the distribution list names the line it is on. */
function lineOf(path: PropertyKey[], text: { sv: string; en: string }): { sv: string; en: string } {
  if (path[0] !== 'amendment' || path[1] !== 'distribution' || typeof path[2] !== 'number') return text;
  return { sv: `rad ${path[2] + 1}: ${text.sv}`, en: `line ${path[2] + 1}: ${text.en}` };
}

/** Where a refusal by the workflow's validator is shown: the form's first field. */
export function refusalField(action: ActionId): string {
  const first: Partial<Record<ActionId, string>> = { revise: 'caseNumber', repayment: 'amountOre', paragraph: 'paragraph', amounts: amountField(0), distribution: 'distribution', cancel: 'reason' };
  return first[action] ?? 'subject';
}

export type Checked = { ok: true; body: unknown } | { ok: false; problems: Problem[] };

export function checkAction(action: Exclude<ActionId, 'revise'>, f: Fields, s: GrantState): Checked {
  const { body, problems: converted } = bodyOf(action, f, s);
  const parsed = SCHEMAS[action].safeParse(body);
  if (parsed.success && !converted.length) return { ok: true, body: parsed.data };
  const schemaProblems = parsed.success
    ? []
    : parsed.error.issues.map((i): Problem => {
        if (i.path.includes('met')) return problem(fieldOf(i.path), 'välj ja eller nej', 'choose yes or no');
        const words = lineOf(i.path, issueText(i));
        return { path: fieldOf(i.path), message: words.en, messages: words };
      });
  // A field that did not convert has its own problem; the schema's word for its absence is not news.
  const problems = [...converted, ...schemaProblems.filter((p) => !converted.some((c) => c.path === p.path))];
  return { ok: false, problems: problems.filter((p, i) => problems.findIndex((q) => q.path === p.path) === i) };
}

/** Sends the action as the API does: the same Update, with the person's name as the actor. */
export async function runAction(client: Client, caseNumber: string, p: Principal, action: ActionId, body: unknown, plan?: GrantPlan): Promise<void> {
  const handle = client.workflow.getHandle(grantWorkflowId(caseNumber));
  const actor = p.name;
  if (action === 'cancel') await handle.executeUpdate(cancelUpdate, { args: [{ reason: (body as z.infer<typeof CancelBody>).reason, actor }] });
  else if (AMENDS.includes(action)) {
    const b = body as z.infer<typeof AmendBody>;
    await handle.executeUpdate(amendUpdate, { args: [{ amendment: b.amendment, reason: b.reason, actor }] });
  } else if (action === 'revise') await handle.executeUpdate(reviseUpdate, { args: [{ plan: plan!, comment: (body as { comment: string }).comment, actor }] });
  else await handle.executeUpdate(recordFactUpdate, { args: [{ fact: body as z.infer<typeof FactBody>, actor }] });
}
