/**
 * The dashboard's pictures without a server: the timeline's rows and dates for each seed plan (in
 * the SVG and in the table beside it), the marker for today, overdue marked in words and by a
 * pattern, actual dates once they happen, stopped outcomes not drawn as done, absent stages not
 * connected, the use period a grant waits for; amendments before → after; revisions compared.
 */
import { seedPlanFor } from '../../scripts/seed-plan';
import { checkPlan } from '../../domain/validatePlan';
import { addDays, formatDate, stockholmWallToUtc } from '../../domain/calendar';
import type { GrantPlan } from '../../domain/plan';
import type { SeedName } from '../../domain/fixtures/plans';
import { initialParts } from '../../workflows/grant/derive';
import { timelineModel, grantTimeline } from '../../api/views/timelineModel';
import { timelineSvg, timelineTable } from '../../api/views/timeline';
import { rowLabel } from '../../api/views/timelineText';
import { stagePath, stepper } from '../../api/views/stages';
import { amendmentDetail } from '../../api/views/events';
import { compareBasis, compareTable } from '../../api/views/revisions';
import { grantPage } from '../../api/views/grant';
import type { Principal } from '../../api/auth';
import { escapeHtml } from '../../api/views/layout';
import { boundaryOf, parseMultipart } from '../../api/multipart';
import { knownRevisions } from '../../api/views/knownRevisions';
import type { GrantState } from '../../workflows/grant/contract';

const TODAY = '2026-12-02';
const SEEDS: SeedName[] = ['seed000', 'seed002', 'seed003', 'seed004'];

function plan(name: SeedName, today = TODAY): GrantPlan {
  const r = checkPlan(seedPlanFor(name, today, { caseNumber: 'RS/99/2026' }), today);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.plan;
}

/** A grant's state as the workflow starts it (workflows/grant.ts initialState), then `change`d. */
function stateOf(p: GrantPlan, change: Partial<GrantState> = {}): GrantState {
  return {
    caseNumber: p.caseNumber,
    workflowId: `grant-${p.caseNumber}`,
    status: 'active',
    stage: p.anchoring ? 'anchoring' : 'decision',
    revision: 1,
    plan: p,
    startedAt: `${TODAY}T09:00:00.000Z`,
    startedBy: 'Elin Ring',
    rounds: [],
    parts: initialParts(p),
    tranches: p.tranches.map((t) => ({ id: t.id, amountOre: t.amountOre, payee: t.payee, partId: t.partId, trigger: t.trigger, status: 'waiting' as const })),
    reports: p.reports.map((r) => ({ id: r.id, what: r.what, to: r.to, due: r.due, requirementsPublished: true, status: 'pending' as const, overdue: false, notices: [] })),
    money: { totalOre: p.totalOre, decidedOre: 0, requisitionedOre: 0, paidOre: 0, lapsedOre: 0, toRepayOre: 0, repaidOre: 0 },
    deadlines: [],
    overdue: false,
    timeline: [],
    seq: 0,
    ...change,
  } as GrantState;
}

const at = (date: string) => new Date(stockholmWallToUtc(date, 10)).toISOString();
const svgTexts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe.each(SEEDS)('the timeline of %s', (name) => {
  const p = plan(name);
  const m = timelineModel(p, TODAY);
  const svg = timelineSvg('sv', m);
  const table = timelineTable('sv', m, (r) => r.stage);

  test('a row for each anchoring group, the decision, signature, requisition, tranche, use period, report and continuation', () => {
    const expected = [
      ...(p.anchoring?.groups.map((g) => `anchoring:${g.id}`) ?? []),
      `decision:${p.decision.group.id}`,
      ...(p.signature ? ['signature'] : []),
      ...p.parts.filter((x) => x.requisition).map((x) => `requisition:${x.id}`),
      ...p.tranches.map((t) => `tranche:${t.id}`),
      ...(p.usePeriod ? ['usePeriod'] : []),
      ...p.reports.map((r) => `report:${r.id}`),
      ...(p.continuation ? [`continuation:${p.continuation.group.id}`] : []),
    ];
    expect(m.rows.map((r) => r.id)).toEqual(expected);
  });

  test('each row is labelled, and its planned date stands in the picture (ISO) and in the table (Swedish long form)', () => {
    const texts = svgTexts(svg);
    for (const r of m.rows) {
      const label = escapeHtml(rowLabel('sv', r));
      expect(texts.some((t) => t === label || (t.endsWith('…') && label.startsWith(t.slice(0, -1))))).toBe(true);
      if (r.planned) {
        expect(texts.some((t) => t.includes(r.planned!))).toBe(true);
        expect(table).toContain(formatDate(r.planned, 'sv'));
      }
    }
    expect(m.rows.filter((r) => r.planned).length).toBeGreaterThan(0);
  });

  test('an image with a title and a description, and a dashed marker for today', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="tl-title tl-desc"/);
    expect(svg).toContain('<title id="tl-title">Tidslinje</title>');
    expect(svg).toMatch(/<desc id="tl-desc">\d+ rader från .* I dag är 2 december 2026\./);
    expect(svgTexts(svg)).toContain(`I dag ${TODAY}`);
    // The axis says which year it starts in.
    expect(svgTexts(svg).find((t) => /^(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\b/.test(t))).toMatch(/ \d{4}$/);
    expect(svg).toMatch(/<line x1="([\d.]+)" y1="26" x2="\1" y2="\d+" stroke="#0b5cad" stroke-width="2" stroke-dasharray="5 3"\/>/);
  });

  test('reminders before and escalations after each group deadline are drawn and listed', () => {
    const decision = m.rows.find((r) => r.kind === 'decision')!;
    const d = p.decision.group.deadline!;
    expect(decision.reminders).toEqual(p.decision.group.schedule.remindDaysBefore.map((n) => addDays(d, -n)).sort());
    expect(decision.escalations).toEqual(p.decision.group.schedule.escalateDaysAfter.map((n) => addDays(d, n)).sort());
    expect(table).toContain(`påminnelse ${formatDate(decision.reminders[0]!, 'sv')}`);
    expect(table).toContain(`eskalering ${formatDate(decision.escalations[0]!, 'sv')}`);
  });
});

test('a conditional tranche carries its condition’s deadline', () => {
  const p = plan('seed000');
  const row = timelineModel(p, TODAY).rows.find((r) => r.id === 'tranche:villkorad-2025')!;
  const trigger = p.tranches.find((t) => t.id === 'villkorad-2025')!.trigger as { condition: string; deadline: string };
  expect(row.planned).toBe(trigger.deadline);
  expect(timelineTable('sv', timelineModel(p, TODAY), (r) => r.stage)).toContain(`villkor: ${escapeHtml(trigger.condition)}`);
});

test('overdue: said in words (FÖRSENAD / OVERDUE) and drawn with a hatch pattern, not by colour alone', () => {
  const p = plan('seed002');
  const late = addDays(p.decision.group.deadline!, 3);
  const m = timelineModel(p, late);
  expect(m.rows.find((r) => r.kind === 'decision')!.state).toBe('overdue');
  const sv = timelineSvg('sv', m);
  expect(svgTexts(sv)).toContain(`FÖRSENAD · ${p.decision.group.deadline}`);
  expect(sv).toContain('fill="url(#tl-hatch-bad)"');
  expect(svgTexts(timelineSvg('en', m))).toContain(`OVERDUE · ${p.decision.group.deadline}`);
  expect(timelineTable('sv', m, (r) => r.stage)).toContain('<span class="badge late">FÖRSENAD</span>');
  // Before the deadline nothing is overdue.
  expect(timelineSvg('sv', timelineModel(p, TODAY))).not.toContain('FÖRSENAD');
});

test('actual dates once they happen: the decision, the signature, a payment', () => {
  const p = plan('seed000');
  const decided = addDays(p.decision.group.deadline!, -2);
  const signed = addDays(decided, 5);
  const s = stateOf(p, {
    stage: 'payment',
    decision: { outcome: 'approved', at: at(decided), body: p.decision.body, revision: 1 },
    signedAt: at(signed),
    tranches: stateOf(p).tranches.map((t) => (t.id === 'fast' ? { ...t, status: 'paid' as const, paidAt: at(signed) } : t)),
  });
  const m = grantTimeline(s, addDays(signed, 1));
  expect(m.rows.find((r) => r.kind === 'decision')).toMatchObject({ state: 'done', actual: decided });
  expect(m.rows.find((r) => r.kind === 'signature')).toMatchObject({ state: 'done', actual: signed });
  expect(m.rows.find((r) => r.id === 'tranche:fast')).toMatchObject({ state: 'done', actual: signed });
  const texts = svgTexts(timelineSvg('sv', m));
  expect(texts).toContain(`✓ ${decided} (plan ${p.decision.group.deadline})`);
  expect(stepper('sv', s, m)).toContain(`klart ${formatDate(decided, 'sv')}`);
});

describe('stopped outcomes are not drawn as done', () => {
  const p = plan('seed004');
  const cancelledAt = at(addDays(TODAY, 1));
  const cancelled = stateOf(p, { status: 'cancelled', stage: 'closed', cancelled: { at: cancelledAt, by: 'Elin Ring', reason: 'Medlen drogs in' } });

  test('the end of a cancelled grant is "ended" with its status, never a done ✓', () => {
    const path = stagePath(cancelled, TODAY);
    expect(path.find((x) => x.stage === 'closed')!.state).toBe('ended');
    expect(path.find((x) => x.stage === 'anchoring')!.state).toBe('stopped');
    expect(path.filter((x) => x.state === 'done')).toEqual([]);
    const html = stepper('sv', cancelled, grantTimeline(cancelled, TODAY));
    expect(html).toMatch(/<li class="step ended"><span class="step-name">Avslutat<\/span><span class="step-state">avbrutet<\/span>/);
    expect(html).not.toMatch(/class="step done[^"]*"><span class="step-name">Avslutat/);
  });

  test('its rows are stopped in the picture, in words', () => {
    const m = grantTimeline(cancelled, TODAY);
    expect(m.rows.every((r) => r.state === 'stopped')).toBe(true);
    expect(svgTexts(timelineSvg('sv', m)).filter((t) => t.startsWith('✕ stoppad'))).toHaveLength(m.rows.length);
  });

  test('a rejected decision stops at the decision', () => {
    const rejected = stateOf(p, { status: 'rejected', stage: 'closed', decision: { outcome: 'rejected', at: at(TODAY), body: p.decision.body, revision: 1 } });
    const path = stagePath(rejected, TODAY);
    expect(path.find((x) => x.stage === 'closed')!.state).toBe('ended');
    expect(path.find((x) => x.stage === 'decision')!.state).not.toBe('done');
  });
});

test('a stage the plan lacks is absent, and no green connector leads out of it', () => {
  const p = plan('seed002'); // no anchoring, no signature
  const s = stateOf(p, { stage: 'requisition', decision: { outcome: 'approved', at: at(TODAY), body: p.decision.body, revision: 1 } });
  const html = stepper('sv', s, grantTimeline(s, TODAY));
  expect(html).toMatch(/<li class="step skipped"><span class="step-name">Undertecknande<\/span>/);
  // Requisition follows the absent signature: current, but not linked (no green connector).
  expect(html).toMatch(/<li class="step current" aria-current="step"><span class="step-name">Rekvisition<\/span>/);
  expect(html).toMatch(/<li class="step done"><span class="step-name">Beslut<\/span>/);
});

test('a grant past its decision whose use period has not begun waits for it, by name and date', () => {
  const p = plan('seed004');
  const decided = addDays(p.decision.group.deadline!, -1);
  const s = stateOf(p, { stage: 'inUse', decision: { outcome: 'approved', at: at(decided), body: p.decision.body, revision: 1 } });
  const before = addDays(p.usePeriod!.from, -3);
  const m = grantTimeline(s, before);
  expect(stagePath(s, before).find((x) => x.stage === 'inUse')!.state).toBe('waiting');
  expect(stepper('sv', s, m)).toContain(`väntar på nyttjandeperiod ${formatDate(p.usePeriod!.from, 'sv')}`);
  expect(m.rows.find((r) => r.kind === 'usePeriod')!.state).toBe('waiting');
  // The workflow's own word wins where it gives one.
  const told = { ...s, waitsFor: { kind: 'usePeriod' as const, date: '2031-01-01' } };
  expect(stepper('en', told, m)).toContain('waiting for the use period 1 January 2031');
  // Once the period began, it is in use.
  expect(stagePath(s, p.usePeriod!.from).find((x) => x.stage === 'inUse')!.state).toBe('current');
});

test('an amendment reads before → after; without `before` (older grants), → after', () => {
  const s = stateOf(plan('seed004'));
  expect(amendmentDetail('sv', s, { type: 'deadline', target: 'requisition', partId: 'I', date: '2030-09-30', before: { date: '2030-06-30' } })).toBe(
    'Rekvisitionsfrist del I: 30 juni 2030 → 30 september 2030',
  );
  expect(amendmentDetail('en', s, { type: 'deadline', target: 'round', groupId: 'lifo', date: '2030-09-30' })).toBe('Deadline of LIFO: → 30 September 2030');
  expect(amendmentDetail('sv', s, { type: 'amounts', parts: [{ id: 'I', amountOre: 100 }], before: { parts: [{ id: 'I', amountOre: 50 }] } })).toBe('Del I: 0,50\u00a0kr → 1,00\u00a0kr');
  expect(amendmentDetail('sv', s, { type: 'distribution', distribution: [{ name: 'LIFO' }], before: { distribution: [] } })).toBe('Utdrag till: ingen → LIFO');
});

test('two revisions compared: changed, new and removed lines, in the newer order', () => {
  const a = plan('seed004');
  const b: GrantPlan = structuredClone(a);
  b.title = `${a.title} (reviderad)`;
  b.parts = b.parts.filter((x) => x.id !== 'IV');
  b.parts[0]!.amountOre += a.parts.find((x) => x.id === 'IV')!.amountOre;
  b.decision.motions = [...b.decision.motions, 'Att uppdra åt förvaltningen att återrapportera.'];
  const rows = compareBasis('sv', a, b);
  const byKey = new Map(rows.map((r) => [r.line.key, r]));
  expect(byKey.get('title')!.change).toBe('changed');
  expect(byKey.get('part:I')!.change).toBe('changed');
  expect(byKey.get('part:II')!.change).toBe('same');
  expect(byKey.get('part:IV')!.change).toBe('removed');
  expect(byKey.get(`motion:${b.decision.motions.length - 1}`)).toMatchObject({ change: 'added', after: 'Att uppdra åt förvaltningen att återrapportera.' });
  expect(rows.map((r) => r.line.key).indexOf('part:IV')).toBeLessThan(rows.map((r) => r.line.key).indexOf('body'));
  expect(compareBasis('sv', a, a).every((r) => r.change === 'same')).toBe(true);
});

test('the upload form’s multipart body: fields and a file, by name', () => {
  const boundary = '----gf123';
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="plan"\r\n\r\n{"a":1}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.json"\r\nContent-Type: application/json\r\n\r\n{"å":"ä"}\r\n--${boundary}--\r\n`,
  );
  expect(boundaryOf(`multipart/form-data; boundary=${boundary}`)).toBe(boundary);
  expect(parseMultipart(body, boundary)).toEqual([
    { name: 'plan', value: '{"a":1}' },
    { name: 'file', filename: 'plan.json', value: '{"å":"ä"}' },
  ]);
  expect(parseMultipart(Buffer.from('garbage'), boundary)).toEqual([]);
});

test('side by side, a change is marked in words and with del/ins; lines only one side has say so', () => {
  const a = plan('seed003');
  const b: GrantPlan = { ...structuredClone(a), title: 'Regionalt resurscentrum (reviderat)', distribution: [] };
  const html = compareTable('sv', { revision: 1, plan: a, at: '', by: '' }, { revision: 2, plan: b, at: '', by: '' }, true);
  expect(html).toMatch(/<tr class="change-changed"><th scope="row">Titel<\/th><td class="pre" data-label="Revision 1"><del>[^<]+<\/del><\/td><td class="pre" data-label="Revision 2"><ins>Regionalt resurscentrum \(reviderat\)<\/ins><\/td><td data-label="Ändring"><strong class="change">ändrad<\/strong>/);
  expect(html).not.toContain('change-same');
  expect(compareTable('en', { revision: 1, plan: a, at: '', by: '' }, { revision: 2, plan: a, at: '', by: '' }, true)).toContain('No differences.');
});

describe('the grant page explains every "–"', () => {
  const p = plan('seed002');
  const principal = { sub: 'm', name: 'Maria Chef', email: 'maria@example.se', org: p.organisation, roles: ['manager'] } as unknown as Principal;
  const page = (s: GrantState, lang: 'sv' | 'en' = 'sv') => grantPage({ lang, principal, grant: s, temporalUrl: 'http://t', currentUrl: '/dashboard/grants/x', nowMs: Date.parse(`${TODAY}T12:00:00Z`) });

  test('a grant with no next deadline says why', () => {
    expect(page(stateOf(p))).toContain('Ingen tidsfrist: det som pågår har inget datum i planen');
    expect(page(stateOf(p, { status: 'cancelled', stage: 'closed', cancelled: { at: at(TODAY), by: 'Elin Ring', reason: 'x' } }), 'en')).toContain('No deadline: the case was cancelled');
  });

  test('a member who no longer needed to answer after the round settled says so', () => {
    const group = p.decision.group;
    const seat = (id: string, name: string, answer?: 'approve') => ({
      memberId: id, name, email: `${id}@example.se`, actingId: id, actingName: name, actingEmail: `${id}@example.se`, nonce: 'n', substitutes: [], delegations: [],
      ...(answer ? { answer, answeredAt: at(TODAY), answeredBy: name } : {}),
    });
    const round = {
      id: `decision:${group.id}:r1`, kind: 'decision' as const, revision: 1, groupId: group.id, name: group.name, rule: { type: 'any' as const },
      remindDaysBefore: [], escalateDaysAfter: [], notices: [], openedAt: at(TODAY), closedAt: at(TODAY), outcome: 'approved' as const,
      seats: [seat('a', 'Anna Svarade', 'approve'), seat('b', 'Bo Behövde-inte')],
    };
    const html = page(stateOf(p, { rounds: [round] }));
    expect(html).toMatch(/Bo Behövde-inte.*– behövde inte svara: omgången avgjordes \d{4}-\d{2}-\d{2} \d{2}:\d{2}/s);
    expect(html).not.toMatch(/<span class="muted">–<\/span>/);
  });

  test('a grant waiting for its use period says so as its stage and beside its next deadline', () => {
    const html = page(stateOf(p, { stage: 'inUse', waitsFor: { kind: 'usePeriod', date: '2027-09-01' }, decision: { outcome: 'approved', at: at(TODAY), body: p.decision.body, revision: 1 } }));
    expect(html).toContain('<div><dt>Skede</dt><dd>Väntar på nyttjandeperiod 1 september 2027</dd></div>');
    expect(html).toMatch(/<dt>Nästa tidsfrist<\/dt><dd><span class="rel waits">Väntar på nyttjandeperiod 1 september 2027<\/span><\/dd>/);
  });

  test('without recorded revisions the current plan alone is offered', () => {
    expect(knownRevisions(stateOf(p))).toEqual([{ revision: 1, plan: p, at: `${TODAY}T09:00:00.000Z`, by: 'Elin Ring' }]);
  });
});
