/**
 * Calendar dates in Europe/Stockholm. The hand-written DST rule in domain/dates.ts is checked
 * against fixed instants and, as an independent oracle, against Node's ICU time-zone data.
 */
import { problemsOf } from '../../domain/zodText';
import fc from 'fast-check';
import {
  CalendarDate,
  addDays,
  compareDates,
  daysBetween,
  endOfDay,
  formatDate,
  formatInstant,
  isValidDate,
  startOfDay,
  stockholmDate,
  stockholmOffsetMinutes,
  stockholmWallToUtc,
} from '../../domain/dates';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

/** Stockholm wall clock of an instant, read from ICU (the oracle). */
const icu = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
function icuWall(utcMs: number): { date: string; time: string; offsetMinutes: number } {
  const p = Object.fromEntries(icu.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const [y, mo, d, h, mi, s] = [p.year, p.month, p.day, p.hour, p.minute, p.second].map(Number) as [number, number, number, number, number, number];
  const wallAsUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const wholeSecond = Math.floor(utcMs / 1000) * 1000;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}`, offsetMinutes: (wallAsUtc - wholeSecond) / 60_000 };
}

const MIN_MS = at('2000-01-01T00:00:00.000Z');
const MAX_MS = at('2100-12-31T23:59:59.999Z');
const instant = fc.integer({ min: MIN_MS, max: MAX_MS });
/** Instants within three hours of 01:00 UTC on the last seven days of March and October (where DST switches). */
const nearSwitch = fc
  .record({
    year: fc.integer({ min: 2000, max: 2100 }),
    month: fc.constantFrom(3, 10),
    day: fc.integer({ min: 25, max: 31 }),
    deltaMs: fc.integer({ min: -3 * HOUR, max: 3 * HOUR }),
  })
  .map(({ year, month, day, deltaMs }) => Date.UTC(year, month - 1, day, 1) + deltaMs);
/** Calendar dates 2000-01-01 … 2100-12-31, built without the code under test. */
const DAY_COUNT = Math.round((Date.UTC(2100, 11, 31) - Date.UTC(2000, 0, 1)) / 86_400_000);
const calendarDate = fc.integer({ min: 0, max: DAY_COUNT }).map((n) => new Date(Date.UTC(2000, 0, 1 + n)).toISOString().slice(0, 10));

describe('endOfDay', () => {
  it('ends a summer day at 21:59:59.999 UTC (CEST, +02:00)', () => {
    expect(endOfDay('2024-07-15')).toBe(at('2024-07-15T21:59:59.999Z'));
  });

  it('ends a winter day at 22:59:59.999 UTC (CET, +01:00)', () => {
    expect(endOfDay('2024-01-15')).toBe(at('2024-01-15T22:59:59.999Z'));
  });

  it('ends the spring-forward day (2024-03-31) at 21:59:59.999 UTC, in summer time', () => {
    expect(endOfDay('2024-03-31')).toBe(at('2024-03-31T21:59:59.999Z'));
  });

  it('ends the fall-back day (2024-10-27) at 22:59:59.999 UTC, in winter time', () => {
    expect(endOfDay('2024-10-27')).toBe(at('2024-10-27T22:59:59.999Z'));
  });

  it('ends the day before spring-forward still in winter time', () => {
    expect(endOfDay('2024-03-30')).toBe(at('2024-03-30T22:59:59.999Z'));
  });

  it('ends the day before fall-back still in summer time', () => {
    expect(endOfDay('2024-10-26')).toBe(at('2024-10-26T21:59:59.999Z'));
  });

  it('ends New Year\'s Eve one millisecond before the new year starts in Stockholm', () => {
    expect(endOfDay('2024-12-31')).toBe(at('2024-12-31T22:59:59.999Z'));
  });

  it('throws on a date that does not exist', () => {
    expect(() => endOfDay('2023-02-29')).toThrow('not a calendar date: 2023-02-29');
  });
});

describe('startOfDay', () => {
  it('starts the spring-forward day (2024-03-31) at 23:00 UTC the day before, in winter time', () => {
    expect(startOfDay('2024-03-31')).toBe(at('2024-03-30T23:00:00.000Z'));
  });

  it('starts the fall-back day (2024-10-27) at 22:00 UTC the day before, in summer time', () => {
    expect(startOfDay('2024-10-27')).toBe(at('2024-10-26T22:00:00.000Z'));
  });

  it('starts the day after spring-forward in summer time', () => {
    expect(startOfDay('2024-04-01')).toBe(at('2024-03-31T22:00:00.000Z'));
  });

  it('starts the day after fall-back in winter time', () => {
    expect(startOfDay('2024-10-28')).toBe(at('2024-10-27T23:00:00.000Z'));
  });

  it('makes the spring-forward day 23 hours long', () => {
    expect(endOfDay('2024-03-31') + 1 - startOfDay('2024-03-31')).toBe(23 * HOUR);
  });

  it('makes the fall-back day 25 hours long', () => {
    expect(endOfDay('2024-10-27') + 1 - startOfDay('2024-10-27')).toBe(25 * HOUR);
  });

  it('agrees with ICU that every day 2000–2100 starts at 00:00:00 local on that date', () => {
    fc.assert(
      fc.property(calendarDate, (d) => {
        expect(icuWall(startOfDay(d))).toMatchObject({ date: d, time: '00:00:00' });
      }),
    );
  });

  it('agrees with ICU that every day 2000–2100 ends at 23:59:59 local and the next instant is the next date', () => {
    fc.assert(
      fc.property(calendarDate, (d) => {
        const end = endOfDay(d);
        const next = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        expect(icuWall(end)).toMatchObject({ date: d, time: '23:59:59' });
        expect(icuWall(end + 1)).toMatchObject({ date: next, time: '00:00:00' });
      }),
    );
  });
});

describe('stockholmDate', () => {
  it.each([
    ['2024-07-15T21:59:59.999Z', '2024-07-15'],
    ['2024-07-15T22:00:00.000Z', '2024-07-16'],
    ['2024-01-15T22:59:59.999Z', '2024-01-15'],
    ['2024-01-15T23:00:00.000Z', '2024-01-16'],
    ['2024-12-31T22:59:59.999Z', '2024-12-31'],
    ['2024-12-31T23:00:00.000Z', '2025-01-01'],
    ['2024-02-28T23:30:00.000Z', '2024-02-29'],
    ['2024-03-30T22:59:59.999Z', '2024-03-30'],
    ['2024-03-30T23:00:00.000Z', '2024-03-31'],
    ['2024-10-26T21:59:59.999Z', '2024-10-26'],
    ['2024-10-26T22:00:00.000Z', '2024-10-27'],
  ])('places the instant %s on the Stockholm date %s', (iso, date) => {
    expect(stockholmDate(at(iso))).toBe(date);
  });

  it('agrees with ICU on the date of any instant 2000–2100', () => {
    fc.assert(
      fc.property(instant, (t) => {
        expect(stockholmDate(t)).toBe(icuWall(t).date);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with ICU on the date of instants near the DST switches', () => {
    fc.assert(
      fc.property(nearSwitch, (t) => {
        expect(stockholmDate(t)).toBe(icuWall(t).date);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('stockholmOffsetMinutes', () => {
  it.each([
    ['2024-01-15T12:00:00.000Z', 60],
    ['2024-07-15T12:00:00.000Z', 120],
    ['2024-03-31T00:59:59.999Z', 60],
    ['2024-03-31T01:00:00.000Z', 120],
    ['2024-10-27T00:59:59.999Z', 120],
    ['2024-10-27T01:00:00.000Z', 60],
  ])('at %s is %i minutes', (iso, minutes) => {
    expect(stockholmOffsetMinutes(at(iso))).toBe(minutes);
  });

  it('agrees with ICU at any instant 2000–2100', () => {
    fc.assert(
      fc.property(instant, (t) => {
        expect(stockholmOffsetMinutes(t)).toBe(icuWall(t).offsetMinutes);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with ICU at instants near the DST switches', () => {
    fc.assert(
      fc.property(nearSwitch, (t) => {
        expect(stockholmOffsetMinutes(t)).toBe(icuWall(t).offsetMinutes);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('stockholmWallToUtc', () => {
  it('maps noon on the spring-forward day to 10:00 UTC', () => {
    expect(stockholmWallToUtc('2024-03-31', 12)).toBe(at('2024-03-31T10:00:00.000Z'));
  });

  it('maps noon on the fall-back day to 11:00 UTC', () => {
    expect(stockholmWallToUtc('2024-10-27', 12)).toBe(at('2024-10-27T11:00:00.000Z'));
  });

  it.each([
    ['2024-03-31', 1, 30, '2024-03-31T00:30:00.000Z'],
    ['2024-03-31', 3, 0, '2024-03-31T01:00:00.000Z'],
    ['2024-10-27', 1, 30, '2024-10-26T23:30:00.000Z'],
    ['2024-10-27', 3, 0, '2024-10-27T02:00:00.000Z'],
  ])('maps %s %i:%i, next to a DST switch, to %s', (d, h, mi, iso) => {
    expect(stockholmWallToUtc(d, h, mi)).toBe(at(iso));
  });

  /** Any hour but 02, the hour DST skips in March and repeats in October. */
  const hour = fc.integer({ min: 0, max: 23 }).filter((h) => h !== 2);
  const minute = fc.integer({ min: 0, max: 59 });
  const pad = (n: number) => String(n).padStart(2, '0');
  /** The last seven days of March and October, one of which is a switch day. */
  const switchWeekDate = fc
    .record({ year: fc.integer({ min: 2000, max: 2100 }), month: fc.constantFrom(3, 10), day: fc.integer({ min: 25, max: 31 }) })
    .map(({ year, month, day }) => `${year}-${pad(month)}-${pad(day)}`);

  it('agrees with ICU for any wall-clock time 2000–2100 outside the 02:00–02:59 hour that DST skips or repeats', () => {
    fc.assert(
      fc.property(calendarDate, hour, minute, minute, (d, h, mi, s) => {
        expect(icuWall(stockholmWallToUtc(d, h, mi, s))).toMatchObject({ date: d, time: `${pad(h)}:${pad(mi)}:${pad(s)}` });
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with ICU for wall-clock times in the weeks the clocks change, outside 02:00–02:59', () => {
    fc.assert(
      fc.property(switchWeekDate, hour, minute, (d, h, mi) => {
        expect(icuWall(stockholmWallToUtc(d, h, mi))).toMatchObject({ date: d, time: `${pad(h)}:${pad(mi)}:00` });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatInstant', () => {
  it('shows an instant as Stockholm local date and time', () => {
    expect(formatInstant(at('2024-07-15T21:59:00.000Z'))).toBe('2024-07-15 23:59');
  });

  it('shows a winter instant with the winter offset', () => {
    expect(formatInstant(at('2024-01-15T23:05:00.000Z'))).toBe('2024-01-16 00:05');
  });
});

describe('addDays', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-01'],
    ['2024-04-30', 1, '2024-05-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2023-01-01', 365, '2024-01-01'],
    ['2024-03-30', 2, '2024-04-01'],
    ['2024-05-10', 0, '2024-05-10'],
  ])('moves %s by %i days to %s', (from, days, to) => {
    expect(addDays(from, days)).toBe(to);
  });

  it('throws on a date that does not exist', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow('not a calendar date');
  });
});

describe('daysBetween', () => {
  it.each([
    ['2024-01-01', '2025-01-01', 366],
    ['2023-01-01', '2024-01-01', 365],
    ['2024-02-28', '2024-03-01', 2],
    ['2023-02-28', '2023-03-01', 1],
    ['2024-03-30', '2024-04-01', 2],
    ['2024-10-26', '2024-10-28', 2],
    ['2024-05-10', '2024-05-10', 0],
    ['2025-01-01', '2024-12-31', -1],
  ])('counts from %s to %s as %i days', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
  });

  it('is the inverse of addDays for any date and offset', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -4000, max: 4000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });
});

describe('compareDates', () => {
  it('orders an earlier date before a later one', () => {
    expect(compareDates('2024-02-29', '2024-03-01')).toBe(-1);
  });

  it('orders a later date after an earlier one', () => {
    expect(compareDates('2025-01-01', '2024-12-31')).toBe(1);
  });

  it('treats the same date as equal', () => {
    expect(compareDates('2024-05-10', '2024-05-10')).toBe(0);
  });
});

describe('isValidDate', () => {
  it('rejects 29 February in a common year (2023-02-29)', () => {
    expect(isValidDate('2023-02-29')).toBe(false);
  });

  it('accepts 29 February in a leap year (2024-02-29)', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
  });

  it('accepts 29 February 2000 (divisible by 400)', () => {
    expect(isValidDate('2000-02-29')).toBe(true);
  });

  it('rejects 29 February 2100 (divisible by 100, not 400)', () => {
    expect(isValidDate('2100-02-29')).toBe(false);
  });

  it.each(['2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-01-32', '2024-1-01', '24-01-01', '2024-01-01T00:00', ''])(
    'rejects "%s"',
    (s) => {
      expect(isValidDate(s)).toBe(false);
    },
  );

  it('accepts every real date from 2000 to 2100', () => {
    fc.assert(
      fc.property(calendarDate, (d) => {
        expect(isValidDate(d)).toBe(true);
      }),
    );
  });
});

describe('CalendarDate schema', () => {
  it('refuses 2024-02-30 as not a real calendar date', () => {
    const r = CalendarDate.safeParse('2024-02-30');
    expect(r.success).toBe(false);
    expect(problemsOf(r.error!)[0]!.messages).toEqual({ sv: 'är inget riktigt datum', en: 'is not a real calendar date' });
  });

  it('refuses a date in another format', () => {
    const r = CalendarDate.safeParse('30/02/2024');
    expect(problemsOf(r.error!)[0]!.messages).toEqual({ sv: 'måste vara ett datum som ÅÅÅÅ-MM-DD', en: 'must be a date as YYYY-MM-DD' });
  });
});

describe('formatDate', () => {
  it('writes a date in Swedish long form by default', () => {
    expect(formatDate('2024-12-03')).toBe('3 december 2024');
  });

  it('writes a date in English long form', () => {
    expect(formatDate('2024-12-03', 'en')).toBe('3 December 2024');
  });

  it('uses the Swedish month name "maj" for May', () => {
    expect(formatDate('2020-05-15', 'sv')).toBe('15 maj 2020');
  });

  it('writes a single-digit day without a leading zero', () => {
    expect(formatDate('2021-01-01', 'en')).toBe('1 January 2021');
  });

  it('agrees with ICU\'s Swedish long date format for any date', () => {
    const sv = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
    fc.assert(
      fc.property(calendarDate, (d) => {
        expect(formatDate(d, 'sv')).toBe(sv.format(new Date(`${d}T12:00:00Z`)));
      }),
    );
  });

  it('throws on a date that does not exist', () => {
    expect(() => formatDate('2023-02-29')).toThrow('not a calendar date');
  });
});
