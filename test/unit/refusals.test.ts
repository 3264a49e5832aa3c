/**
 * Every refusal a person can meet exists in Swedish and in English, with its facts in both, and maps
 * to one HTTP status (the contracts' catalogues are the only place that maps them).
 */
import { GRANT_REFUSALS, isGrantRefusal, refusalStatus, refusalText, type GrantRefusalKind } from '../../workflows/grant/contract';
import { AGREEMENT_REFUSALS } from '../../workflows/agreement/contract';

const FACTS = { id: 'IV', status: 'paid', answer: 'approve', by: 'Eva Ek', at: '2026-05-04T10:00:00Z', outcome: 'approved', action: 'reject', round: 'payment', date: '2026-01-31', maxOre: 12_345, sumOre: 100, totalOre: 200, what: 'LIFO', problems: 'title: saknas' };
const kinds = Object.keys(GRANT_REFUSALS) as GrantRefusalKind[];

describe.each(kinds)('the refusal %s', (kind) => {
  it('has a Swedish and an English text that differ and name no missing fact', () => {
    const sv = refusalText(kind, FACTS, 'sv');
    const en = refusalText(kind, FACTS, 'en');
    expect(sv.trim().length).toBeGreaterThan(5);
    expect(en.trim().length).toBeGreaterThan(5);
    expect(sv).not.toEqual(en);
    expect(`${sv} ${en}`).not.toMatch(/undefined|NaN|\[object/);
  });

  it('maps to a 4xx status', () => {
    expect(refusalStatus(kind)).toBeGreaterThanOrEqual(400);
    expect(refusalStatus(kind)).toBeLessThan(500);
  });
});

it('writes amounts and dates in the reader’s format', () => {
  expect(refusalText('BadAmount', { maxOre: 620_318_305 }, 'sv')).toContain('6 203 183,05 kr');
  expect(refusalText('DoesNotAddUp', { sumOre: 100, totalOre: 200 }, 'en')).toContain('1,00');
  expect(refusalText('DateInPast', { date: '2026-01-31' }, 'sv')).toMatch(/31 januari 2026|2026-01-31/);
});

it('knows its own kinds and nothing else', () => {
  expect(isGrantRefusal('AlreadyAnswered')).toBe(true);
  expect(isGrantRefusal('toString')).toBe(false);
  expect(isGrantRefusal('Refused')).toBe(false);
});

it('has Swedish and English texts for every agreement refusal', () => {
  for (const spec of Object.values(AGREEMENT_REFUSALS)) {
    expect(spec.sv('2020')).not.toEqual(spec.en('2020'));
    expect(spec.sv('2020').length).toBeGreaterThan(5);
  }
});
