/**
 * Money is integer öre (1 kr = 100 öre), never floating point.
 * Amounts in a plan are JS integers (safe up to ~90 trillion kr); arithmetic that multiplies
 * (allocation keys) uses bigint.
 *
 * zod-free, so workflows may import it; the Ore schema is in ./money.
 */
export const ORE_PER_KRONA = 100;


const NBSP = '\u00a0';

/**
 * Swedish format: `6 203 183,05 kr` (space as thousands separator, comma for öre).
 * Written by hand rather than with Intl so that output does not depend on the ICU data the
 * runtime ships (Node's small-icu and full-icu differ in the separator they emit).
 */
export function formatSek(ore: number | bigint, opts: { unit?: boolean; nbsp?: boolean } = {}): string {
  const { unit = true, nbsp = false } = opts;
  let v = BigInt(ore);
  const negative = v < 0n;
  if (negative) v = -v;
  const kr = (v / 100n).toString();
  const rest = (v % 100n).toString().padStart(2, '0');
  const sep = nbsp ? NBSP : ' ';
  const grouped = kr.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return `${negative ? '-' : ''}${grouped},${rest}${unit ? `${sep}kr` : ''}`;
}

/** Parses `6 203 183,05`, `6203183.05`, `1 000 000 kr` into öre; throws on anything else. */
export function parseSek(text: string): number {
  const cleaned = text.replace(/kr\.?$/i, '').replace(/[\s\u00a0]/g, '').trim();
  const m = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(cleaned);
  if (!m) throw new Error(`not an amount in kronor: "${text}"`);
  const sign = m[1] === '-' ? -1 : 1;
  const ore = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(ore)) throw new Error(`amount too large: "${text}"`);
  return sign * ore;
}

export function sumOre(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
