/** What the API shows of a grant's state: everything but the link nonces. */
import type { GrantState } from '../workflows/grant/contract';
import { formatSek } from '../domain/money';

export function publicState(s: GrantState) {
  return {
    ...s,
    rounds: s.rounds.map((r) => ({
      ...r,
      seats: r.seats.map(({ nonce: _nonce, ...seat }) => seat),
    })),
    moneyFormatted: Object.fromEntries(Object.entries(s.money).map(([k, v]) => [k.replace(/Ore$/, ''), formatSek(v)])),
  };
}

/** A short line per grant for lists. */
export function summary(s: GrantState) {
  return {
    caseNumber: s.caseNumber,
    title: s.plan.title,
    organisation: s.plan.organisation,
    county: s.plan.county,
    year: s.plan.year,
    status: s.status,
    stage: s.stage,
    totalOre: s.plan.totalOre,
    nextDeadline: s.nextDeadline,
    overdue: s.overdue,
  };
}
