/**
 * The one rounding rule for allocation keys: the largest remainder method (Hamilton's method),
 * in exact integer arithmetic.
 *
 *   1. Each recipient's exact share is total × weight / Σweights, a rational number of öre.
 *   2. Everyone first gets the floor of their exact share.
 *   3. The öre left over (fewer than the number of recipients) go one each to the recipients
 *      with the largest remainders (the discarded fractions).
 *   4. Equal remainders are broken by position: the earlier recipient wins. Callers pass
 *      counties in code order, so ties go to the lower county code, deterministically.
 *
 * Hence the amounts add up to `total` exactly and each differs from its exact share by less
 * than one öre. Bigint throughout: total × weight overflows a double long before it overflows
 * anything real (200 MSEK in öre × 2.4 M people is already 5·10^16).
 */
export function largestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) throw new Error(`cannot distribute a negative amount (${total} öre)`);
  if (weights.some((w) => w < 0n)) throw new Error('weights must not be negative');
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    if (total === 0n) return weights.map(() => 0n);
    throw new Error('cannot distribute an amount by weights that are all zero');
  }

  const amounts = weights.map((w) => (total * w) / sum); // bigint division truncates = floor here
  const remainders = weights.map((w) => (total * w) % sum);
  let left = total - amounts.reduce((a, b) => a + b, 0n);

  const order = weights
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = remainders[a]!;
      const rb = remainders[b]!;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
  // left < weights.length, and every index it reaches has a non-zero remainder (Σremainders = left × sum).
  for (const i of order) {
    if (left === 0n) break;
    amounts[i]! += 1n;
    left -= 1n;
  }
  return amounts;
}
