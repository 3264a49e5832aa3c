/**
 * Group rules: when a round's outcome is settled, and how a failed round becomes "returned"
 * (återremiss) or "rejected".
 */
import fc from 'fast-check';
import type { Rule } from '../../domain/plan';
import { type Answer, type SeatAnswer, describeRule, requiredApprovals, settle } from '../../domain/rules';

/** Seats m1…mN, answered as given (undefined = not answered yet). */
const seats = (...answers: (Answer | undefined)[]): SeatAnswer[] =>
  answers.map((answer, i) => (answer ? { memberId: `m${i + 1}`, answer } : { memberId: `m${i + 1}` }));

const ALL: Rule = { type: 'all' };
const MAJORITY: Rule = { type: 'majority' };
const ANY: Rule = { type: 'any' };
const CHAIR: Rule = { type: 'chair' };
const kOfN = (k: number): Rule => ({ type: 'kOfN', k });

describe('requiredApprovals', () => {
  it.each([
    ['all', 5, 5, ALL],
    ['majority', 5, 3, MAJORITY],
    ['majority', 4, 3, MAJORITY],
    ['majority', 1, 1, MAJORITY],
    ['kOfN with k = 2', 5, 2, kOfN(2)],
    ['any', 5, 1, ANY],
    ['chair', 5, 1, CHAIR],
  ])('under rule %s, a group of %i needs %i approvals', (_what, n, need, rule) => {
    expect(requiredApprovals(rule, n)).toBe(need);
  });
});

describe('settle with rule "all"', () => {
  it('is open while some members have not answered and everyone who did approved', () => {
    expect(settle(ALL, seats('approve', 'approve', undefined))).toBeUndefined();
  });

  it('is approved when every member approves', () => {
    expect(settle(ALL, seats('approve', 'approve', 'approve'))).toBe('approved');
  });

  it('stays open after one rejection while the open seats could still make it a return', () => {
    expect(settle(ALL, seats('reject', undefined, undefined))).toBeUndefined();
  });

  it('is rejected as soon as rejections outnumber every return the open seats could add', () => {
    expect(settle(ALL, seats('reject', 'reject', undefined))).toBe('rejected');
  });

  it('is returned as soon as returns cover every rejection the open seats could add', () => {
    expect(settle(ALL, seats('approve', 'return', undefined))).toBe('returned');
  });
});

describe('settle with rule "majority"', () => {
  it('is approved once a majority approves, without waiting for the rest', () => {
    expect(settle(MAJORITY, seats('approve', 'approve', undefined))).toBe('approved');
  });

  it('is open while a majority can still be reached', () => {
    expect(settle(MAJORITY, seats('approve', 'reject', undefined))).toBeUndefined();
  });

  it('needs three of four in an even group, so two approvals with two open seats stay open', () => {
    expect(settle(MAJORITY, seats('approve', 'approve', undefined, undefined))).toBeUndefined();
  });

  it('fails in an even group when half approve and half reject', () => {
    expect(settle(MAJORITY, seats('approve', 'approve', 'reject', 'reject'))).toBe('rejected');
  });

  it('is rejected once a majority can no longer be reached and rejects outnumber returns', () => {
    expect(settle(MAJORITY, seats('reject', 'reject', undefined))).toBe('rejected');
  });

  it('is returned when returns and rejects tie', () => {
    expect(settle(MAJORITY, seats('reject', 'return', 'approve'))).toBe('returned');
  });
});

describe('settle with rule "kOfN"', () => {
  it('is approved once k members approve', () => {
    expect(settle(kOfN(2), seats('approve', undefined, 'approve', undefined))).toBe('approved');
  });

  it('is open while k approvals are still possible', () => {
    expect(settle(kOfN(2), seats('reject', 'reject', undefined, undefined))).toBeUndefined();
  });

  it('fails once fewer than k members can still approve', () => {
    expect(settle(kOfN(2), seats('reject', 'return', 'return', undefined))).toBe('returned');
  });

  it('is rejected on failure when rejects outnumber returns', () => {
    expect(settle(kOfN(3), seats('approve', 'reject', 'reject', undefined))).toBe('rejected');
  });
});

describe('settle with rule "any"', () => {
  it('is approved by the first approval', () => {
    expect(settle(ANY, seats(undefined, 'approve', undefined))).toBe('approved');
  });

  it('is open while one member has not answered, even if all others said no', () => {
    expect(settle(ANY, seats('reject', 'reject', undefined))).toBeUndefined();
  });

  it('is returned when nobody approves and returns outnumber rejects', () => {
    expect(settle(ANY, seats('return', 'return', 'reject'))).toBe('returned');
  });

  it('is rejected when nobody approves and rejects outnumber returns', () => {
    expect(settle(ANY, seats('return', 'reject', 'reject'))).toBe('rejected');
  });
});

describe('settle with rule "chair"', () => {
  it('is open until the chair answers, however the others answer', () => {
    expect(settle(CHAIR, seats('approve', 'approve', undefined), 'm3')).toBeUndefined();
  });

  it('is approved when the chair approves, even if the others reject', () => {
    expect(settle(CHAIR, seats('reject', 'reject', 'approve'), 'm3')).toBe('approved');
  });

  it('is rejected when the chair rejects, even if the others approve', () => {
    expect(settle(CHAIR, seats('approve', 'approve', 'reject'), 'm3')).toBe('rejected');
  });

  it('is returned when the chair returns', () => {
    expect(settle(CHAIR, seats('reject', 'reject', 'return'), 'm3')).toBe('returned');
  });

  it('stays open when no chair is named', () => {
    expect(settle(CHAIR, seats('approve', 'approve', 'approve'))).toBeUndefined();
  });
});

describe('settle: failure outcome', () => {
  it('is returned when returns and rejects tie', () => {
    expect(settle(ALL, seats('reject', 'reject', 'return', 'return'))).toBe('returned');
  });

  it('is returned when returns outnumber rejects', () => {
    expect(settle(ALL, seats('reject', 'return', 'return', 'approve'))).toBe('returned');
  });

  it('is rejected when rejects outnumber returns', () => {
    expect(settle(ALL, seats('reject', 'reject', 'return', 'approve'))).toBe('rejected');
  });
});

// ------------------------------------------------------------------------------------------------
// Properties over random groups (1–7 seats), rules and partial answers.
// ------------------------------------------------------------------------------------------------

const answer = fc.constantFrom<Answer>('approve', 'reject', 'return');
const round = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.record({
    rule: fc.oneof(
      fc.constant<Rule>(ALL),
      fc.constant<Rule>(MAJORITY),
      fc.integer({ min: 1, max: n }).map(kOfN),
      fc.constant<Rule>(ANY),
      fc.constant<Rule>(CHAIR),
    ),
    answers: fc.array(fc.option(answer, { nil: undefined }), { minLength: n, maxLength: n }),
    /** Answers the still-open seats give later. */
    later: fc.array(answer, { minLength: n, maxLength: n }),
    chairIndex: fc.integer({ min: 0, max: n - 1 }),
  }),
);
const chairOf = (chairIndex: number) => `m${chairIndex + 1}`;
/** The seats after the open ones answer as given in `later`. */
const complete = (before: SeatAnswer[], later: Answer[]): SeatAnswer[] =>
  before.map((s, i) => (s.answer ? s : { ...s, answer: later[i]! }));
const fillOpen = (before: SeatAnswer[], a: Answer): SeatAnswer[] => complete(before, before.map(() => a));

describe('settle: properties', () => {
  it('never approves with fewer approvals than the rule requires', () => {
    fc.assert(
      fc.property(round, ({ rule, answers, chairIndex }) => {
        const s = seats(...answers);
        const approvals = s.filter((x) => x.answer === 'approve').length;
        fc.pre(settle(rule, s, chairOf(chairIndex)) === 'approved');
        expect(approvals).toBeGreaterThanOrEqual(requiredApprovals(rule, s.length));
      }),
    );
  });

  it('approves under the chair rule only when the chair approved', () => {
    fc.assert(
      fc.property(round, ({ answers, chairIndex }) => {
        const s = seats(...answers);
        fc.pre(settle(CHAIR, s, chairOf(chairIndex)) === 'approved');
        expect(s[chairIndex]?.answer).toBe('approve');
      }),
    );
  });

  it('is settled once every seat has answered', () => {
    fc.assert(
      fc.property(round, ({ rule, later, chairIndex }) => {
        expect(settle(rule, seats(...later), chairOf(chairIndex))).toBeDefined();
      }),
    );
  });

  it('stays open only while the open seats could still change the outcome', () => {
    fc.assert(
      fc.property(round, ({ rule, answers, chairIndex }) => {
        const s = seats(...answers);
        const chair = chairOf(chairIndex);
        fc.pre(settle(rule, s, chair) === undefined);
        const ends = new Set((['approve', 'reject', 'return'] as const).map((a) => settle(rule, fillOpen(s, a), chair)));
        expect(ends.size).toBeGreaterThan(1);
      }),
    );
  });

  it('once settled, never switches between approved and not approved as the open seats answer', () => {
    fc.assert(
      fc.property(round, ({ rule, answers, later, chairIndex }) => {
        const s = seats(...answers);
        const chair = chairOf(chairIndex);
        const before = settle(rule, s, chair);
        fc.pre(before !== undefined);
        const after = settle(rule, complete(s, later), chair);
        expect(after === 'approved').toBe(before === 'approved');
      }),
    );
  });

  it('once settled, adding answers to the open seats never changes the outcome', () => {
    fc.assert(
      fc.property(round, ({ rule, answers, later, chairIndex }) => {
        const s = seats(...answers);
        const chair = chairOf(chairIndex);
        const before = settle(rule, s, chair);
        fc.pre(before !== undefined);
        expect(settle(rule, complete(s, later), chair)).toBe(before);
      }),
    );
  });

  it('does not let the first "no" decide between return and rejection for the others', () => {
    expect(settle(ALL, seats('return', undefined, undefined))).toBeUndefined();
    expect(settle(ALL, seats('return', 'reject', 'reject'))).toBe('rejected');
  });
});

describe('describeRule', () => {
  it.each([
    [ALL, 3, 'alla 3 ledamöter', 'all 3 members'],
    [MAJORITY, 5, 'en majoritet (3 av 5)', 'a majority (3 of 5)'],
    [MAJORITY, 4, 'en majoritet (3 av 4)', 'a majority (3 of 4)'],
    [kOfN(2), 4, '2 av 4', '2 of 4'],
    [ANY, 3, 'en av ledamöterna', 'any one member'],
    [CHAIR, 3, 'ordföranden', 'the chair'],
  ])('describes %j with %i members in Swedish and English', (rule, n, sv, en) => {
    expect([describeRule(rule, n, 'sv'), describeRule(rule, n, 'en')]).toEqual([sv, en]);
  });

  it('describes in Swedish by default', () => {
    expect(describeRule(kOfN(2), 3)).toBe('2 av 3');
  });
});
