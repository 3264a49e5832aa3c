/**
 * Money in öre, shown and read in Swedish format (`6 203 183,05 kr`).
 */
import fc from 'fast-check';
import { formatSek, parseSek, sumOre } from '../../domain/money';

const NBSP = '\u00a0';

describe('formatSek', () => {
  it('formats the seed 004 part I amount in Swedish format with a space before kr', () => {
    expect(formatSek(620318305)).toBe('6 203 183,05 kr');
  });

  it('groups thousands with spaces and keeps both öre digits', () => {
    expect(formatSek(1153715691)).toBe('11 537 156,91 kr');
  });

  it('pads single-digit öre with a leading zero', () => {
    expect(formatSek(100007)).toBe('1 000,07 kr');
  });

  it('does not group amounts below one thousand kronor', () => {
    expect(formatSek(99999)).toBe('999,99 kr');
  });

  it('formats zero as 0,00 kr', () => {
    expect(formatSek(0)).toBe('0,00 kr');
  });

  it('formats a sub-krona amount with a zero krona part', () => {
    expect(formatSek(5)).toBe('0,05 kr');
  });

  it('puts a minus sign in front of a negative amount', () => {
    expect(formatSek(-123456789)).toBe('-1 234 567,89 kr');
  });

  it('keeps the minus sign on a negative amount smaller than one krona', () => {
    expect(formatSek(-5)).toBe('-0,05 kr');
  });

  it('accepts a bigint beyond the safe integer range without losing digits', () => {
    expect(formatSek(123456789012345678901n)).toBe('1 234 567 890 123 456 789,01 kr');
  });

  it('formats a bigint and the equal number identically', () => {
    expect(formatSek(620318305n)).toBe(formatSek(620318305));
  });

  it('uses non-breaking spaces for grouping and before kr when nbsp is set', () => {
    expect(formatSek(620318305, { nbsp: true })).toBe(`6${NBSP}203${NBSP}183,05${NBSP}kr`);
  });

  it('leaves out the unit when unit is false', () => {
    expect(formatSek(620318305, { unit: false })).toBe('6 203 183,05');
  });

  it('leaves out the unit and still uses non-breaking spaces when both options are given', () => {
    expect(formatSek(100000000, { unit: false, nbsp: true })).toBe(`1${NBSP}000${NBSP}000,00`);
  });

  it('never contains an ordinary space when nbsp is set', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (ore) => {
        expect(formatSek(ore, { nbsp: true })).not.toContain(' ');
      }),
    );
  });
});

describe('parseSek', () => {
  it('reads the Swedish format with unit into öre', () => {
    expect(parseSek('6 203 183,05 kr')).toBe(620318305);
  });

  it('reads a dot as the decimal separator', () => {
    expect(parseSek('6203183.05')).toBe(620318305);
  });

  it('reads whole kronor without decimals', () => {
    expect(parseSek('1 000 000 kr')).toBe(100000000);
  });

  it('reads a single decimal digit as tens of öre', () => {
    expect(parseSek('12,5')).toBe(1250);
  });

  it('accepts "kr." with a dot and in any case', () => {
    expect(parseSek('12,00 KR.')).toBe(1200);
  });

  it('reads non-breaking spaces as thousands separators', () => {
    expect(parseSek(`1${NBSP}234,56${NBSP}kr`)).toBe(123456);
  });

  it('reads a negative amount', () => {
    expect(parseSek('-1 234,56 kr')).toBe(-123456);
  });

  it('reads the largest safe number of öre', () => {
    expect(parseSek('90 071 992 547 409,91')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ['an empty string', ''],
    ['only the unit', 'kr'],
    ['letters', 'tolv kronor'],
    ['three decimals', '1,234'],
    ['both separators', '1.234,56'],
    ['two decimal separators', '1,2,3'],
    ['a plus sign', '+12'],
    ['a currency code', '12 SEK'],
  ])('refuses %s', (_what, text) => {
    expect(() => parseSek(text)).toThrow(`not an amount in kronor: "${text}"`);
  });

  it('refuses an amount one öre beyond the safe integer range', () => {
    expect(() => parseSek('90 071 992 547 409,92')).toThrow('amount too large');
  });

  it('round-trips every safe integer through formatSek', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (ore) => {
        expect(parseSek(formatSek(ore))).toBe(ore);
      }),
    );
  });

  it('round-trips every safe integer through formatSek with non-breaking spaces and without unit', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.boolean(), fc.boolean(), (ore, nbsp, unit) => {
        expect(parseSek(formatSek(ore, { nbsp, unit }))).toBe(ore);
      }),
    );
  });
});

describe('sumOre', () => {
  it('adds the seed 004 parts to the seed 004 total exactly', () => {
    expect(sumOre([620318305, 100000000, 253301695, 180095691])).toBe(1153715691);
  });

  it('sums an empty list to zero', () => {
    expect(sumOre([])).toBe(0);
  });
});
