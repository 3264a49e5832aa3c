/**
 * A national agreement (överenskommelse) between the Government and SKR for a year: a national
 * total, of which some parts go to the counties, each by its own allocation key. Plain JSON
 * (see domain/fixtures/agreement-2020.json and docs/allocation.md), validated here.
 */
import { z } from 'zod';
import { Ore, formatSek } from '../money';
import { AllocationKey, keyProblems } from './keys';
import { issueText, say } from '../zodText';
import { FreeText } from '../freeText';

/** Text people read (title, parties, a part's name): printable, not blank. */
const Text = (max: number) => FreeText(max);

const aYear = say('måste vara ett årtal', 'must be a year');

/** Same shape as a grant plan's part id, so toPlanParts can reuse it ("I", "II", "IV"). */
const PartId = z
  .string({ error: say('måste vara ett kort id som "I"', 'must be a short id like "I"') })
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: say('måste vara ett kort id som "I" (bokstäver, siffror, "-", "_", ".")', 'must be a short id like "I" (letters, digits, "-", "_", ".")') });

export const AgreementPart = z.strictObject({
  id: PartId,
  /** In Swedish, as in the agreement: becomes the plan part's name. */
  name: Text(300),
  /** The part's national amount: what all 21 counties get together. */
  nationalOre: Ore,
  key: AllocationKey,
});
export type AgreementPart = z.infer<typeof AgreementPart>;

export const Agreement = z
  .strictObject({
    $comment: z.string().optional(),
    year: z.number({ error: aYear }).int({ error: aYear }).min(2000).max(2100),
    title: Text(500),
    parties: z
      .array(Text(200), { error: say('måste vara en lista över parterna', 'must be a list of the parties') })
      .min(2, { error: say('en överenskommelse har minst två parter', 'an agreement has at least two parties') }),
    /** The whole agreement, including money that does not go to the counties (1 716 MSEK in 2020). */
    nationalTotalOre: Ore,
    /** The year of the population figures the keys use; checked against the population file. */
    populationYear: z.number({ error: aYear }).int({ error: aYear }).min(1900).max(2100).optional(),
    parts: z
      .array(AgreementPart, { error: say('måste vara en lista över delar', 'must be a list of parts') })
      .min(1, { error: say('en överenskommelse behöver minst en del', 'an agreement needs at least one part') }),
  })
  .superRefine((a, ctx) => {
    const ids = new Set<string>();
    a.parts.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['parts', i, 'id'], message: say(`del-id "${p.id}" används två gånger`, `part id "${p.id}" is used twice`) });
      ids.add(p.id);
      for (const [path, message] of keyProblems(p.key, BigInt(p.nationalOre))) {
        ctx.addIssue({ code: 'custom', path: ['parts', i, 'key', ...path], message });
      }
    });
    const sum = a.parts.reduce((s, p) => s + BigInt(p.nationalOre), 0n);
    if (sum > BigInt(a.nationalTotalOre)) {
      ctx.addIssue({
        code: 'custom',
        path: ['parts'],
        message: say(
          `delarnas nationella belopp blir ${formatSek(sum)}, mer än nationalTotalOre ${formatSek(a.nationalTotalOre)}`,
          `the parts' national amounts add up to ${formatSek(sum)}, more than nationalTotalOre ${formatSek(a.nationalTotalOre)}`,
        ),
      });
    }
  });
export type Agreement = z.infer<typeof Agreement>;

export class AgreementError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`agreement refused:\n  - ${issues.map((i) => `${i.path || '(agreement)'}: ${i.message}`).join('\n  - ')}`);
    this.name = 'AgreementError';
  }
}

/** Validates an agreement (parsed JSON); throws AgreementError naming each bad field. */
export function parseAgreement(input: unknown): Agreement {
  const result = Agreement.safeParse(input);
  if (result.success) return result.data;
  throw new AgreementError(
    result.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ path: formatPath([...i.path, k]), message: `unknown field "${k}"` })) : [{ path: formatPath(i.path), message: issueText(i).en }],
    ),
  );
}

/** ['parts', 1, 'key', 'exceptions', 0, 'county'] → "parts[1].key.exceptions[0].county" */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
