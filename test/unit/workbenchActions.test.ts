/**
 * The coordinator's action forms without a browser (api/workbench/actions.ts): which actions a grant
 * offers in which state, and how the forms for funds used, a repayment, the decision's paragraph,
 * the parts' amounts and the distribution list become the API's bodies, or every problem at its field.
 */
import { seedPlanFor } from '../../scripts/seed-plan';
import { checkPlan } from '../../domain/validatePlan';
import type { GrantPlan } from '../../domain/plan';
import type { SeedName } from '../../domain/fixtures/plans';
import { initialParts } from '../../workflows/grant/derive';
import { initialReports, initialTranches } from '../../workflows/grant/initial';
import type { GrantState } from '../../workflows/grant/contract';
import type { Principal } from '../../api/auth';
import { checkAction, choicesFor, distributionOf, initialFields, openActions } from '../../api/workbench/actions';
import { waitingFor } from '../../api/views/workbench/pages';

const TODAY = '2026-12-02';
const ELIN: Principal = { sub: 'elin', name: 'Elin Ring', roles: ['coordinator'], org: 'Region Jämtland Härjedalen' };
const CHEF: Principal = { sub: 'chef', name: 'Chef', roles: ['manager'], org: 'Region Jämtland Härjedalen' };

function plan(name: SeedName): GrantPlan {
  const r = checkPlan(seedPlanFor(name, TODAY, { caseNumber: 'RS/99/2026', organisation: ELIN.org }), TODAY);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.plan;
}

function stateOf(p: GrantPlan, change: Partial<GrantState> = {}): GrantState {
  return {
    caseNumber: p.caseNumber,
    workflowId: `grant:${p.caseNumber}`,
    status: 'active',
    stage: 'decision',
    revision: 1,
    plan: p,
    startedAt: `${TODAY}T09:00:00.000Z`,
    startedBy: 'Elin Ring',
    rounds: [],
    parts: initialParts(p),
    tranches: initialTranches(p),
    reports: initialReports(p),
    money: { totalOre: p.totalOre, decidedOre: 0, requisitionedOre: 0, paidOre: 0, lapsedOre: 0, toRepayOre: 0, repaidOre: 0 },
    deadlines: [],
    overdue: false,
    timeline: [],
    seq: 0,
    ...change,
  };
}

const decided = { decision: { outcome: 'approved' as const, at: `${TODAY}T10:00:00.000Z`, body: 'Styrgrupp', revision: 1 } };

test('before the decision: the parts’ amounts, the distribution list and the deadlines, among them the continuation decision’s before its round opens; no money facts', () => {
  const s = stateOf(plan('seed004'));
  const open = openActions(s, ELIN);
  expect(open).toEqual(expect.arrayContaining(['amounts', 'distribution', 'amend', 'cancel']));
  expect(open).not.toContain('funds-used');
  expect(open).not.toContain('repayment');
  expect(open).not.toContain('paragraph');
  const steering = stateOf(plan('seed002'));
  expect(choicesFor('amend', steering).map((c) => c.value)).toContain('round:styrgrupp-fortsatt');
  // Seed 002 has one part: its amount cannot move anywhere, so the form is not offered.
  expect(openActions(steering, ELIN)).not.toContain('amounts');
  expect(openActions(s, CHEF)).toEqual([]);
});

test('after the decision: funds used per part and the paragraph; a repayment only while money is to be repaid', () => {
  const p = plan('seed002');
  const s = stateOf(p, { ...decided, stage: 'reporting' });
  expect(openActions(s, ELIN)).toEqual(expect.arrayContaining(['funds-used', 'paragraph']));
  expect(openActions(s, ELIN)).not.toContain('amounts');
  expect(openActions(s, ELIN)).not.toContain('repayment');
  const owing = stateOf(p, { ...decided, stage: 'repayment', money: { ...s.money, paidOre: 200_000_000, toRepayOre: 12_345_00 } });
  expect(openActions(owing, ELIN)).toContain('repayment');
  expect(initialFields('repayment', owing)).toEqual({ amountOre: '12 345,00' });
});

test('funds used and a repayment are typed in kronor and sent in öre; what is not an amount is named at its field', () => {
  const s = stateOf(plan('seed002'), decided);
  expect(checkAction('funds-used', { subject: '1', usedOre: '1 876 543,21' }, s)).toEqual({ ok: true, body: { type: 'fundsUsed', partId: '1', usedOre: 187_654_321 } });
  const bad = checkAction('funds-used', { subject: '1', usedOre: 'en miljon' }, s);
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(bad.problems.map((x) => [x.path, x.messages?.sv])).toEqual([['usedOre', 'måste vara ett belopp i kronor, t.ex. 1 234 567,50']]);
  const empty = checkAction('repayment', { amountOre: '' }, s);
  expect(empty.ok ? [] : empty.problems.map((x) => x.path)).toEqual(['amountOre']);
  expect(checkAction('repayment', { amountOre: '12 345', comment: 'Inbetalt' }, s)).toEqual({ ok: true, body: { type: 'repaid', amountOre: 1_234_500, comment: 'Inbetalt' } });
});

test('the decision’s paragraph must be given', () => {
  const s = stateOf(plan('seed003'), decided);
  // The pages write `§ 74`; a § typed in the field is not doubled.
  expect(checkAction('paragraph', { paragraph: '§ 74' }, s)).toEqual({ ok: true, body: { type: 'decisionParagraph', paragraph: '74' } });
  expect(checkAction('paragraph', { paragraph: '74' }, s)).toEqual({ ok: true, body: { type: 'decisionParagraph', paragraph: '74' } });
  const none = checkAction('paragraph', { paragraph: '  ' }, s);
  expect(none.ok ? [] : none.problems.map((x) => x.path)).toEqual(['paragraph']);
});

test('the parts’ amounts must add up to the unchanged total, said at the first part', () => {
  const s = stateOf(plan('seed004'));
  const fields = initialFields('amounts', s);
  expect(checkAction('amounts', { ...fields, reason: 'Omfördelning' }, s)).toMatchObject({ ok: true, body: { amendment: { type: 'amounts', parts: s.parts.map((p) => ({ id: p.id, amountOre: p.amountOre })) } } });
  const more = checkAction('amounts', { ...fields, 'amount-1': '1', reason: '' }, s);
  expect(more.ok).toBe(false);
  if (!more.ok) {
    expect(more.problems.map((x) => x.path).sort()).toEqual(['amount-0', 'reason']);
    expect(more.problems.find((x) => x.path === 'amount-0')!.messages!.sv).toMatch(/^delarna blir .* men totalen ska vara /);
  }
});

test('the distribution list is one recipient a line, and a bad address names its line', () => {
  expect(distributionOf('NRF <nrf@example.se>\n\nChef, chef@example.se\nArkivet')).toEqual([{ name: 'NRF', email: 'nrf@example.se' }, { name: 'Chef', email: 'chef@example.se' }, { name: 'Arkivet' }]);
  const s = stateOf(plan('seed003'));
  expect(initialFields('distribution', s).distribution).toBe('Norrlandstingens Regionförbund <nrf@example.se>\nChef hälso- och sjukvårdspolitiska avd <hsp.chef@example.se>');
  const bad = checkAction('distribution', { distribution: 'NRF <nrf@example.se>\nChef <inte en adress>', reason: 'Ny mottagare' }, s);
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(bad.problems.map((x) => [x.path, x.messages?.sv])).toEqual([['distribution', expect.stringMatching(/^rad 2: /)]]);
});

test('Mina bidrag counts a grant waiting for its repayment as the coordinator’s own work', () => {
  expect(waitingFor({ status: 'active', stage: 'repayment' })).toEqual({ todo: 'repayment', mine: true });
  expect(waitingFor({ status: 'active', stage: 'review' })).toEqual({ todo: 'review', mine: false });
});
