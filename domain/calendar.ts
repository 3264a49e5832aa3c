/**
 * Calendar dates in Europe/Stockholm. A plan's date is a `YYYY-MM-DD` string; a deadline on a
 * date means the end of that day, local time (23:59:59.999 Stockholm), whatever the DST offset.
 *
 * Pure and deterministic (no Intl time-zone database, no clock, no zod), so workflows use it: a
 * workflow bundle that imports zod evaluates it again in every cached workflow (≈ 1.7 MiB each).
 * Swedish DST follows the EU rule: summer time from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October; CET (+01:00) otherwise.
 */
export const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A `YYYY-MM-DD` Stockholm calendar date (checked at the edges by the zod schema in ./dates). */
export type CalendarDate = string;

export function isValidDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function lastSundayUtc(y: number, month: number): number {
  const last = new Date(Date.UTC(y, month, 0)); // last day of `month` (1-based)
  const day = last.getUTCDate() - last.getUTCDay();
  return Date.UTC(y, month - 1, day, 1, 0, 0, 0); // 01:00 UTC
}

/** Offset of Stockholm from UTC, in minutes, at a UTC instant. */
export function stockholmOffsetMinutes(utcMs: number): number {
  const y = new Date(utcMs).getUTCFullYear();
  const start = lastSundayUtc(y, 3);
  const end = lastSundayUtc(y, 10);
  return utcMs >= start && utcMs < end ? 120 : 60;
}

/** The Stockholm calendar date of a UTC instant. */
export function stockholmDate(utcMs: number): CalendarDate {
  const local = new Date(utcMs + stockholmOffsetMinutes(utcMs) * 60_000);
  return local.toISOString().slice(0, 10);
}

function parts(date: string): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (!m || !isValidDate(date)) throw new Error(`not a calendar date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The UTC instant at which a Stockholm wall-clock time occurs. */
export function stockholmWallToUtc(date: CalendarDate, h = 0, mi = 0, s = 0, ms = 0): number {
  const [y, mo, d] = parts(date);
  const naive = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Try the winter offset first, then correct: the offset at (naive - offset) decides.
  let guess = naive - 60 * 60_000;
  const off = stockholmOffsetMinutes(guess);
  guess = naive - off * 60_000;
  return guess;
}

/** The start of a Stockholm calendar day (00:00 local) as a UTC instant. */
export function startOfDay(date: CalendarDate): number {
  return stockholmWallToUtc(date, 0, 0, 0, 0);
}

/** A deadline on a date is the end of that day, local time: the instant before the next day starts. */
export function endOfDay(date: CalendarDate): number {
  return startOfDay(addDays(date, 1)) - 1;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [y, mo, d] = parts(date);
  return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  const [y1, m1, d1] = parts(a);
  const [y2, m2, d2] = parts(b);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** Swedish long form: `3 december 2024`. */
const MONTHS_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export function formatDate(date: CalendarDate, lang: 'sv' | 'en' = 'sv'): string {
  const [y, m, d] = parts(date);
  return lang === 'sv' ? `${d} ${MONTHS_SV[m - 1]} ${y}` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** A UTC instant as Stockholm local `YYYY-MM-DD HH:MM`. */
export function formatInstant(utcMs: number): string {
  const local = new Date(utcMs + stockholmOffsetMinutes(utcMs) * 60_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}
