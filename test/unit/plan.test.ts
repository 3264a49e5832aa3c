/**
 * The grant plan: zod parsing (domain/plan.ts) and the consistency checks before a grant starts
 * (domain/validatePlan.ts). The valid fixture is shaped like seed 004 (four parts, anchoring in
 * LIFO and Fredagsgruppen, an SVOM decision) and built here, not read from domain/fixtures.
 */
import { type z } from 'zod';
import { GrantPlan, type GrantPlanInput, type Tranche } from '../../domain/plan';
import { checkPlan, planProblems, projectTimeline, type Problem } from '../../domain/validatePlan';

const TODAY = '2020-05-01';

const person = (id: string, name: string) => ({ id, name, email: `${id}@example.se` });

/** A fresh, valid, seed-004-shaped plan (safe to mutate). */
function seed004(): GrantPlanInput {
  return {
    caseNumber: 'RJH/PH/2020-01',
    title: 'Länsgemensamma medel inom ramen för nationell satsning om psykisk hälsa 2020',
    county: '23',
    year: 2020,
    coordinators: [person('jan-persson', 'Jan Persson')],
    parts: [
      { id: 'I', name: 'Stärkt samverkan för personer med samsjuklighet', amountOre: 620318305, requisition: { unit: 'Område Välfärd, klimat och kompetens', deadline: '2020-09-30' } },
      { id: 'II', name: 'Insatser för stärkt brukarmedverkan', amountOre: 100000000, requisition: { unit: 'Förvaltningsområde Regional utveckling', deadline: '2020-09-30' } },
      { id: 'III', name: 'Suicidprevention', amountOre: 253301695, requisition: { unit: 'Förvaltningsområde Regional utveckling', deadline: '2020-09-30' } },
      { id: 'IV', name: 'Ungdomsmottagningen', amountOre: 180095691, requisition: { unit: 'Förvaltningsområde hälso- och sjukvård', deadline: '2020-09-30' } },
    ],
    totalOre: 1153715691,
    anchoring: {
      order: 'parallel',
      groups: [
        {
          id: 'lifo',
          name: 'LIFO',
          rule: { type: 'majority' },
          chairId: 'lifo-1',
          deadline: '2020-06-05',
          members: [person('lifo-1', 'Anna Berg'), person('lifo-2', 'Bo Ek'), person('lifo-3', 'Cecilia Dahl')],
        },
        {
          id: 'fredagsgruppen',
          name: 'Fredagsgruppen',
          rule: { type: 'any' },
          deadline: '2020-06-05',
          members: [person('fg-1', 'David Falk'), person('fg-2', 'Eva Gran')],
        },
      ],
    },
    decision: {
      body: 'SVOM',
      group: {
        id: 'svom',
        name: 'SVOM',
        rule: { type: 'majority' },
        chairId: 'svom-1',
        deadline: '2020-06-26',
        members: [
          { ...person('svom-1', 'Fredrik Holm'), substitutes: [person('svom-1e', 'Greta Isaksson')] },
          person('svom-2', 'Hanna Jonsson'),
          person('svom-3', 'Ivar Karlsson'),
        ],
      },
      motions: ['Att godkänna förslag avseende nyttjande av nationella statsbidrag 2020 för psykisk hälsa.'],
    },
    usePeriod: { from: '2020-07-01', to: '2021-12-31' },
    reports: [{ id: 'aterredovisning', what: 'Återredovisning av stimulansmedel 2020', to: 'Styrgrupp psykisk hälsa', due: '2022-03-31', requirementsPublished: false }],
  };
}

type Draft = ReturnType<typeof seed004> & Record<string, unknown>;
/** The fixture with `change` applied to a deep copy. */
function planWith(change: (p: Draft) => void): Draft {
  const p = structuredClone(seed004()) as Draft;
  change(p);
  return p;
}
const anchoringGroup = (p: Draft, i: number) => p.anchoring!.groups[i]!;

function problemsOf(input: unknown, today = TODAY): Pick<Problem, 'path' | 'message'>[] {
  const r = checkPlan(input, today);
  if (r.ok) throw new Error('expected the plan to be refused, but it was accepted');
  // The English words (`messages` holds both languages: test/unit/problems.test.ts).
  return r.problems.map(({ path, message }) => ({ path, message }));
}

const signature = { signatory: person('regiondirektor', 'Regiondirektören'), document: 'Överenskommelse', deadline: '2020-08-31' };
const finance = [person('ekonomi', 'Ekonomi')];
type TrancheInput = z.input<typeof Tranche>;
const tranche = (id: string, amountOre: number, extra: Partial<TrancheInput> = {}): TrancheInput => ({ id, amountOre, payee: 'Mottagaren', trigger: { on: 'decision' }, ...extra });

describe('checkPlan: a valid plan', () => {
  it('accepts the seed 004 shaped plan', () => {
    const r = checkPlan(seed004(), TODAY);
    expect(r).toEqual({ ok: true, plan: expect.objectContaining({ caseNumber: 'RJH/PH/2020-01', totalOre: 1153715691 }) });
  });

  it('fills in the defaults the input leaves out', () => {
    const r = checkPlan(seed004(), TODAY);
    expect(r.ok && r.plan).toMatchObject({ organisation: 'Region Jämtland Härjedalen', lang: 'sv', tranches: [], finance: [], distribution: [] });
  });

  it('gives a group without a rule the rule "all"', () => {
    const r = checkPlan(planWith((p) => delete anchoringGroup(p, 1).rule), TODAY);
    expect(r.ok && r.plan.anchoring?.groups[1]?.rule).toEqual({ type: 'all' });
  });

  it('accepts a deadline that falls on today', () => {
    expect(checkPlan(seed004(), '2020-06-05').ok).toBe(true);
  });

  it('accepts a signature, tranches up to exactly the total, and finance contacts', () => {
    const input = planWith((p) => {
      p.signature = signature;
      p.finance = finance;
      p.tranches = [tranche('t1', 1153715600, { trigger: { on: 'signature' }, partId: 'I' }), tranche('t2', 91)];
    });
    expect(checkPlan(input, TODAY).ok).toBe(true);
  });

  it('finds no problems in the parsed fixture with planProblems', () => {
    expect(planProblems(GrantPlan.parse(seed004()), TODAY)).toEqual([]);
  });
});

describe('checkPlan: consistency refusals', () => {
  it('refuses parts that do not add up to the total, naming both amounts in Swedish format', () => {
    const problems = problemsOf(planWith((p) => (p.totalOre = 1153715690)));
    expect(problems).toEqual([{ path: 'totalOre', message: 'the parts add up to 11 537 156,91 kr, not the total 11 537 156,90 kr' }]);
  });

  it('refuses a part id that appears twice', () => {
    const problems = problemsOf(planWith((p) => (p.parts[1]!.id = 'I')));
    expect(problems).toEqual([{ path: 'parts.1.id', message: 'part id "I" appears twice' }]);
  });

  it('refuses a chairId that is not a member of the group', () => {
    const problems = problemsOf(planWith((p) => (anchoringGroup(p, 0).chairId = 'svom-1')));
    expect(problems).toEqual([{ path: 'anchoring.groups.0.chairId', message: 'chair "svom-1" is not a member of LIFO' }]);
  });

  it('refuses the rule "chair" in a group without a chairId', () => {
    const problems = problemsOf(planWith((p) => (anchoringGroup(p, 1).rule = { type: 'chair' })));
    expect(problems).toEqual([{ path: 'anchoring.groups.1.rule', message: 'rule "chair" needs a chairId in Fredagsgruppen' }]);
  });

  it('refuses a kOfN rule that needs more approvals than the group has members', () => {
    const problems = problemsOf(planWith((p) => (anchoringGroup(p, 1).rule = { type: 'kOfN', k: 3 })));
    expect(problems).toEqual([{ path: 'anchoring.groups.1.rule.k', message: 'Fredagsgruppen needs 3 of 2 members: no answer can satisfy it' }]);
  });

  it('accepts a kOfN rule that needs every member', () => {
    expect(checkPlan(planWith((p) => (anchoringGroup(p, 1).rule = { type: 'kOfN', k: 2 })), TODAY).ok).toBe(true);
  });

  it('refuses a decision deadline before the last anchoring deadline', () => {
    const problems = problemsOf(
      planWith((p) => {
        anchoringGroup(p, 1).deadline = '2020-06-12';
        p.decision.group.deadline = '2020-06-10';
      }),
    );
    expect(problems).toEqual([{ path: 'decision.group.deadline', message: 'the decision is due 2020-06-10, before anchoring ends 2020-06-12' }]);
  });

  it('refuses a signature deadline before the decision deadline', () => {
    const problems = problemsOf(planWith((p) => (p.signature = { ...signature, deadline: '2020-06-20' })));
    expect(problems).toEqual([{ path: 'signature.deadline', message: 'signature is due 2020-06-20, before the decision is due 2020-06-26' }]);
  });

  it('refuses a requisition deadline before the decision deadline', () => {
    const problems = problemsOf(planWith((p) => (p.parts[2]!.requisition!.deadline = '2020-06-01')));
    expect(problems).toEqual([{ path: 'parts.2.requisition.deadline', message: 'requisition is due 2020-06-01, before the decision is due 2020-06-26' }]);
  });

  it('refuses a tranche paid on signature when the plan has no signature', () => {
    const problems = problemsOf(
      planWith((p) => {
        p.finance = finance;
        p.tranches = [tranche('t1', 80000000, { trigger: { on: 'signature' } })];
      }),
    );
    expect(problems).toEqual([{ path: 'tranches.0.trigger', message: 'paid on signature, but the plan has no signature' }]);
  });

  it('refuses a tranche that names a part the plan does not have', () => {
    const problems = problemsOf(
      planWith((p) => {
        p.finance = finance;
        p.tranches = [tranche('t1', 100, { partId: 'V' })];
      }),
    );
    expect(problems).toEqual([{ path: 'tranches.0.partId', message: 'unknown part "V"' }]);
  });

  it('refuses tranches that add up to more than the total, naming both amounts in Swedish format', () => {
    const problems = problemsOf(
      planWith((p) => {
        p.finance = finance;
        p.tranches = [tranche('t1', 1153715600), tranche('t2', 92)];
      }),
    );
    expect(problems).toEqual([{ path: 'tranches', message: 'the tranches add up to 11 537 156,92 kr, more than the total 11 537 156,91 kr' }]);
  });

  it('refuses tranches when no finance contact is named', () => {
    const problems = problemsOf(planWith((p) => (p.tranches = [tranche('t1', 100)])));
    expect(problems).toEqual([{ path: 'finance', message: 'tranches are paid by finance: name at least one finance contact' }]);
  });

  it('refuses a tranche id that appears twice', () => {
    const problems = problemsOf(
      planWith((p) => {
        p.finance = finance;
        p.tranches = [tranche('t1', 100), tranche('t1', 200)];
      }),
    );
    expect(problems).toEqual([{ path: 'tranches.1.id', message: 'tranche id "t1" appears twice' }]);
  });

  it('refuses a dated tranche paid before the decision is due', () => {
    const problems = problemsOf(
      planWith((p) => {
        p.finance = finance;
        p.tranches = [tranche('t1', 100, { trigger: { on: 'date', date: '2020-06-01' } })];
      }),
    );
    expect(problems).toEqual([{ path: 'tranches.0.trigger.date', message: 'payment date 2020-06-01 is before the decision is due 2020-06-26' }]);
  });

  it('refuses a use period that ends before it starts', () => {
    const problems = problemsOf(planWith((p) => (p.usePeriod = { from: '2021-12-31', to: '2020-07-01' })));
    expect(problems).toEqual([{ path: 'usePeriod', message: 'the use period ends 2020-07-01, before it starts 2021-12-31' }]);
  });

  it('refuses a report whose due date has already passed', () => {
    const problems = problemsOf(planWith((p) => (p.reports![0]!.due = '2020-04-30')));
    expect(problems).toContainEqual({ path: 'reports.0.due', message: 'due date 2020-04-30 has already passed' });
  });

  it('refuses a report due before the decision is due', () => {
    const problems = problemsOf(planWith((p) => (p.reports![0]!.due = '2020-06-25')));
    expect(problems).toEqual([{ path: 'reports.0.due', message: 'report is due 2020-06-25, before the decision is due 2020-06-26' }]);
  });

  it('refuses a report id that appears twice', () => {
    const problems = problemsOf(planWith((p) => p.reports!.push({ ...p.reports![0]! })));
    expect(problems).toEqual([{ path: 'reports.1.id', message: 'report id "aterredovisning" appears twice' }]);
  });

  it('refuses a group deadline that has already passed', () => {
    const problems = problemsOf(seed004(), '2020-06-06');
    expect(problems).toContainEqual({ path: 'anchoring.groups.0.deadline', message: 'deadline 2020-06-05 has already passed (today is 2020-06-06)' });
  });

  it('refuses a signature deadline that has already passed', () => {
    const input = planWith((p) => {
      p.signature = signature;
      delete p.anchoring;
      delete p.decision.group.deadline;
    });
    expect(problemsOf(input, '2020-09-01')).toEqual([{ path: 'signature.deadline', message: 'deadline 2020-08-31 has already passed' }]);
  });

  it('refuses a conditional tranche whose deadline has already passed', () => {
    const input = planWith((p) => {
      p.finance = finance;
      p.tranches = [tranche('t2', 35000000, { trigger: { on: 'condition', condition: 'Statliga medel för brukarinflytande 2025', deadline: '2020-04-30' } })];
    });
    expect(problemsOf(input)).toEqual([{ path: 'tranches.0.trigger.deadline', message: 'deadline 2020-04-30 has already passed' }]);
  });

  it('refuses a delegated decision dated in the future', () => {
    const input = planWith((p) => (p.decision.delegated = { decidedBy: 'Regionstyrelsens ordförande', date: '2020-05-02' }));
    expect(problemsOf(input)).toEqual([{ path: 'decision.delegated.date', message: 'a decision taken under delegation must lie in the past' }]);
  });

  it('refuses a group id used by two groups', () => {
    const problems = problemsOf(planWith((p) => (p.decision.group.id = 'lifo')));
    expect(problems).toEqual([{ path: 'decision.group.id', message: 'group id "lifo" appears twice' }]);
  });

  it('refuses a member id that appears twice in a group', () => {
    const problems = problemsOf(planWith((p) => (anchoringGroup(p, 0).members[2]!.id = 'lifo-2')));
    expect(problems).toEqual([{ path: 'anchoring.groups.0.members.2.id', message: 'member id "lifo-2" appears twice' }]);
  });

  it('refuses a member who is their own substitute', () => {
    const problems = problemsOf(planWith((p) => (p.decision.group.members[1] = { ...person('svom-2', 'Hanna Jonsson'), substitutes: [person('svom-2', 'Hanna Jonsson')] })));
    expect(problems).toEqual([{ path: 'decision.group.members.1.substitutes', message: 'a member cannot be their own substitute' }]);
  });

  it('lists every problem at once', () => {
    const input = planWith((p) => {
      p.totalOre = 1;
      p.parts[3]!.id = 'III';
      anchoringGroup(p, 1).rule = { type: 'chair' };
      p.usePeriod = { from: '2021-01-01', to: '2020-12-31' };
      p.tranches = [tranche('t1', 100, { partId: 'V' })];
    });
    expect(problemsOf(input).map((x) => x.path).sort()).toEqual(
      ['anchoring.groups.1.rule', 'finance', 'parts.3.id', 'totalOre', 'tranches', 'tranches.0.partId', 'usePeriod'].sort(),
    );
  });
});

describe('checkPlan: schema refusals', () => {
  it('refuses a plan without a case number, at path caseNumber', () => {
    const problems = problemsOf(planWith((p) => delete (p as Partial<Draft>).caseNumber));
    expect(problems).toEqual([{ path: 'caseNumber', message: expect.any(String) }]);
  });

  it('refuses a negative amount, at the part\'s amountOre', () => {
    const problems = problemsOf(planWith((p) => (p.parts[0]!.amountOre = -1)));
    expect(problems).toEqual([{ path: 'parts.0.amountOre', message: 'must not be negative' }]);
  });

  it('refuses fractional öre, at the part\'s amountOre', () => {
    const problems = problemsOf(planWith((p) => (p.parts[1]!.amountOre = 100000000.5)));
    expect(problems).toEqual([{ path: 'parts.1.amountOre', message: 'must be a whole number of öre (no fractions)' }]);
  });

  it('refuses an amount given as a string', () => {
    const problems = problemsOf(planWith((p) => ((p.parts[0] as Record<string, unknown>).amountOre = '6 203 183,05')));
    expect(problems.map((x) => x.path)).toEqual(['parts.0.amountOre']);
  });

  it('refuses a bad email address, at the person\'s email', () => {
    const problems = problemsOf(planWith((p) => (p.coordinators[0]!.email = 'jan.persson(at)example.se')));
    expect(problems).toEqual([{ path: 'coordinators.0.email', message: 'must be an email address' }]);
  });

  it('refuses a date that does not exist (2024-02-30), at its path', () => {
    const problems = problemsOf(planWith((p) => (p.usePeriod = { from: '2024-02-30', to: '2024-12-31' })));
    expect(problems).toEqual([{ path: 'usePeriod.from', message: 'is not a real calendar date' }]);
  });

  it('refuses a kOfN rule with k = 0', () => {
    const problems = problemsOf(planWith((p) => (anchoringGroup(p, 1).rule = { type: 'kOfN', k: 0 })));
    expect(problems.map((x) => x.path)).toEqual(['anchoring.groups.1.rule.k']);
  });

  it('refuses a tranche of zero öre', () => {
    const problems = problemsOf(
      planWith((p) => {
        p.finance = finance;
        p.tranches = [tranche('t1', 0)];
      }),
    );
    expect(problems).toEqual([{ path: 'tranches.0.amountOre', message: 'must be more than 0' }]);
  });

  it('refuses something that is not a plan at all, at path "(plan)"', () => {
    expect(problemsOf('not a plan')).toEqual([{ path: '(plan)', message: expect.any(String) }]);
  });

  it('reports schema problems and the consistency problems of the rest of the plan together', () => {
    const problems = problemsOf(
      planWith((p) => {
        p.coordinators[0]!.email = 'nope';
        p.totalOre = 1;
      }),
    );
    expect(problems.map((x) => x.path)).toEqual(['coordinators.0.email', 'totalOre']);
  });

  it('lists several schema problems at once, each with its path', () => {
    const problems = problemsOf(
      planWith((p) => {
        delete (p as Partial<Draft>).caseNumber;
        p.parts[0]!.amountOre = -1;
        p.parts[1]!.amountOre = 1.5;
        p.coordinators[0]!.email = 'nope';
        p.usePeriod = { from: '2024-02-30', to: '2024-12-31' };
      }),
    );
    expect(problems.map((x) => x.path).sort()).toEqual(['caseNumber', 'coordinators.0.email', 'parts.0.amountOre', 'parts.1.amountOre', 'usePeriod.from']);
  });
});

describe('projectTimeline', () => {
  const LIFECYCLE = ['anchoring', 'decision', 'signature', 'requisition', 'payment', 'inUse', 'reporting', 'review'];
  const full = () =>
    GrantPlan.parse(
      planWith((p) => {
        p.signature = signature;
        p.finance = finance;
        p.tranches = [
          tranche('t1', 80000000, { trigger: { on: 'signature' } }),
          tranche('t2', 35000000, { trigger: { on: 'condition', condition: 'Statligt beslut 2025', deadline: '2025-12-31' } }),
        ];
        p.continuation = { group: { id: 'styrgrupp', name: 'Styrgrupp psykisk hälsa', deadline: '2022-06-30', members: [person('sg-1', 'Karin Lund')] } };
      }),
    );

  it('lists every stage of a full plan in lifecycle order', () => {
    expect(projectTimeline(full()).map((s) => s.stage)).toEqual([
      'anchoring',
      'anchoring',
      'decision',
      'signature',
      'requisition',
      'requisition',
      'requisition',
      'requisition',
      'payment',
      'payment',
      'inUse',
      'reporting',
      'review',
    ]);
  });

  it('never puts a stage before one that comes earlier in the lifecycle', () => {
    const order = projectTimeline(full()).map((s) => LIFECYCLE.indexOf(s.stage));
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('describes each step in Swedish with its date', () => {
    expect(projectTimeline(full())).toEqual([
      { stage: 'anchoring', what: 'Förankring i LIFO', date: '2020-06-05' },
      { stage: 'anchoring', what: 'Förankring i Fredagsgruppen', date: '2020-06-05' },
      { stage: 'decision', what: 'Beslut i SVOM', date: '2020-06-26' },
      { stage: 'signature', what: 'Undertecknande: Regiondirektören', date: '2020-08-31' },
      { stage: 'requisition', what: 'Rekvisition I: Område Välfärd, klimat och kompetens', date: '2020-09-30' },
      { stage: 'requisition', what: 'Rekvisition II: Förvaltningsområde Regional utveckling', date: '2020-09-30' },
      { stage: 'requisition', what: 'Rekvisition III: Förvaltningsområde Regional utveckling', date: '2020-09-30' },
      { stage: 'requisition', what: 'Rekvisition IV: Förvaltningsområde hälso- och sjukvård', date: '2020-09-30' },
      { stage: 'payment', what: 'Utbetalning t1: 800 000,00 kr', date: undefined },
      { stage: 'payment', what: 'Utbetalning t2: 350 000,00 kr', date: '2025-12-31' },
      { stage: 'inUse', what: 'Nyttjandeperiod 2020-07-01 – 2021-12-31', date: '2021-12-31' },
      { stage: 'reporting', what: 'Återredovisning av stimulansmedel 2020 till Styrgrupp psykisk hälsa', date: '2022-03-31' },
      { stage: 'review', what: 'Beslut om fortsatt arbete i Styrgrupp psykisk hälsa', date: '2022-06-30' },
    ]);
  });

  it('describes a decision taken under delegation as a confirmation by the body', () => {
    const plan = GrantPlan.parse(planWith((p) => (p.decision.delegated = { decidedBy: 'Ordföranden', date: '2020-04-01' })));
    expect(projectTimeline(plan).find((s) => s.stage === 'decision')?.what).toBe('SVOM bekräftar delegationsbeslut');
  });

  it('starts with the decision when the plan has no anchoring', () => {
    const plan = GrantPlan.parse(planWith((p) => delete p.anchoring));
    expect(projectTimeline(plan)[0]?.stage).toBe('decision');
  });
});

describe('dates already passed', () => {
  it('refuses a requisition deadline and a payment date that lie before today', () => {
    const raw = structuredClone(validPlanForPastDates());
    const result = checkPlan(raw, '2030-01-01');
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['parts.0.requisition.deadline', 'tranches.0.trigger.date']));
  });
});

function validPlanForPastDates() {
  return {
    caseNumber: 'RS/1/2029',
    title: 'Passerade datum',
    year: 2029,
    coordinators: [{ id: 'c', name: 'Samordnare', email: 'c@example.se' }],
    parts: [{ id: 'A', name: 'Del', amountOre: 100, requisition: { unit: 'Enhet', deadline: '2029-06-30' } }],
    totalOre: 100,
    decision: { body: 'RS', group: { id: 'rs', name: 'RS', members: [{ id: 'm', name: 'M', email: 'm@example.se' }] } },
    tranches: [{ id: 't', amountOre: 100, payee: 'Mottagare', trigger: { on: 'date', date: '2029-07-01' } }],
    finance: [{ id: 'f', name: 'Ekonomi', email: 'f@example.se' }],
  };
}
