/**
 * Prints one of the four source cases as a grant plan that can start today: every date moved by
 * whole years so the case is registered today or later (calendar intact), optionally under another
 * case number. For trying the API by hand:
 *
 *   npx tsx scripts/seed-plan.ts seed004 > plan.json
 *   npx tsx scripts/seed-plan.ts seed002 --case RS/2/2026 --org 'Region Jämtland Härjedalen' | curl … -d @- …
 */
import { SEED_PLANS, shiftYears, yearsToShift, type SeedName } from '../domain/fixtures/plans';
import { addDays, stockholmDate } from '../domain/dates';
import { CaseNumber } from '../domain/plan';

const USAGE = `usage: npx tsx scripts/seed-plan.ts <${Object.keys(SEED_PLANS).join('|')}> [--case <case number>] [--org <organisation>]\n`;

/**
 * The seed's plan moved to start on or after `today`, under `caseNumber` and `organisation` when
 * given (a coordinator starts grants of their own organisation only).
 */
export function seedPlanFor(name: SeedName, today: string, opts: { caseNumber?: string; organisation?: string } = {}): Record<string, unknown> {
  const seed = SEED_PLANS[name];
  const plan = shiftYears(structuredClone(seed.plan) as Record<string, unknown>, yearsToShift(seed.registered, today));
  if (opts.caseNumber) plan.caseNumber = opts.caseNumber;
  if (opts.organisation) plan.organisation = opts.organisation;
  const decision = plan.decision as { delegated?: { date: string } };
  // A decision taken under delegation lies in the past (seed 003): shifted forward, it would not.
  if (decision.delegated) decision.delegated.date = addDays(today, -1);
  return plan;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(64);
}

if (require.main === module) {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === '--help' || name === '-h') fail('which source case?');
  if (!(name in SEED_PLANS)) fail(`unknown case "${name}"`);
  const opts: { caseNumber?: string; organisation?: string } = {};
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--case' && rest[i + 1] !== undefined) {
      const parsed = CaseNumber.safeParse(rest[++i]);
      if (!parsed.success) fail(`--case: ${parsed.error.issues[0]?.message ?? 'not a case number'}`);
      opts.caseNumber = parsed.data;
    } else if (rest[i] === '--org' && rest[i + 1]?.trim()) opts.organisation = rest[++i]!.trim();
    else fail(`unknown argument "${rest[i]}"`);
  }
  process.stdout.write(`${JSON.stringify(seedPlanFor(name as SeedName, stockholmDate(Date.now()), opts), null, 2)}\n`);
}
