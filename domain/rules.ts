/**
 * Group rules: when is a round's outcome settled? A round ends as soon as its outcome can no
 * longer change, so a late answer is told that the round already closed.
 *
 * When support fails, the outcome is "returned" (återremiss) if at least as many answered
 * "return" as "reject", else "rejected": a gentler outcome wins a tie, since returning a case
 * costs one more round while rejecting it ends the grant. Which of the two it is waits for the
 * open seats until they can no longer tip it, so the first "no" does not decide for the rest.
 */
import type { Rule } from './plan';

export type Answer = 'approve' | 'reject' | 'return';
export type Outcome = 'approved' | 'rejected' | 'returned';

export interface SeatAnswer {
  memberId: string;
  answer?: Answer;
}

export function requiredApprovals(rule: Rule, n: number): number {
  switch (rule.type) {
    case 'all':
      return n;
    case 'majority':
      return Math.floor(n / 2) + 1;
    case 'kOfN':
      return rule.k;
    case 'any':
      return 1;
    case 'chair':
      return 1;
  }
}

/** The kind of failure once the open seats cannot change it, else undefined. */
function failure(seats: readonly SeatAnswer[]): Outcome | undefined {
  const rejects = seats.filter((s) => s.answer === 'reject').length;
  const returns = seats.filter((s) => s.answer === 'return').length;
  const pending = seats.filter((s) => !s.answer).length;
  if (returns >= rejects + pending) return 'returned';
  if (rejects > returns + pending) return 'rejected';
  return undefined;
}

/** The settled outcome, or undefined while it can still go either way. */
export function settle(rule: Rule, seats: readonly SeatAnswer[], chairId?: string): Outcome | undefined {
  if (rule.type === 'chair') {
    const chair = seats.find((s) => s.memberId === chairId);
    if (!chair?.answer) return undefined;
    return chair.answer === 'approve' ? 'approved' : chair.answer === 'reject' ? 'rejected' : 'returned';
  }
  const n = seats.length;
  const need = requiredApprovals(rule, n);
  const approvals = seats.filter((s) => s.answer === 'approve').length;
  const pending = seats.filter((s) => !s.answer).length;
  if (approvals >= need) return 'approved';
  if (approvals + pending < need) return failure(seats);
  return undefined;
}

export function describeRule(rule: Rule, n: number, lang: 'sv' | 'en' = 'sv'): string {
  if (n === 1 && rule.type !== 'chair') return lang === 'sv' ? 'den enda beslutsfattaren' : 'the sole decision maker';
  const sv: Record<Rule['type'], string> = {
    all: `alla ${n} ledamöter`,
    majority: `en majoritet (${requiredApprovals(rule, n)} av ${n})`,
    kOfN: `${requiredApprovals(rule, n)} av ${n}`,
    any: 'en av ledamöterna',
    chair: 'ordföranden',
  };
  const en: Record<Rule['type'], string> = {
    all: `all ${n} members`,
    majority: `a majority (${requiredApprovals(rule, n)} of ${n})`,
    kOfN: `${requiredApprovals(rule, n)} of ${n}`,
    any: 'any one member',
    chair: 'the chair',
  };
  return (lang === 'sv' ? sv : en)[rule.type];
}
