/**
 * zod's issues as problems people can read, in Swedish and English, one problem per fault.
 *
 * A schema that needs its own words sets them with `say(sv, en)` as its `error` (zod keeps one
 * message string per issue, so both languages travel in it, marked); every other issue is worded
 * here from its code and parameters. zod's own English ("Too small: expected string to have >=1
 * characters", "Invalid discriminator value") never reaches a person.
 */
import type { z } from 'zod';
import { problem, type Problem, type Text } from './text';

const MARK = '\u0000gf:';

/** A schema's own message, in both languages: `z.string().regex(re, { error: say('…', '…') })`. */
export function say(sv: string, en: string): string {
  return MARK + JSON.stringify({ sv, en });
}

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, Text> = {
  string: { sv: 'text', en: 'text' },
  number: { sv: 'ett tal', en: 'a number' },
  int: { sv: 'ett heltal', en: 'a whole number' },
  boolean: { sv: 'true eller false', en: 'true or false' },
  array: { sv: 'en lista', en: 'a list' },
  object: { sv: 'ett objekt', en: 'an object' },
  date: { sv: 'ett datum', en: 'a date' },
  bigint: { sv: 'ett heltal', en: 'a whole number' },
};

const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

function sizeText(origin: string, n: number | bigint, dir: 'min' | 'max', inclusive: boolean): Text {
  const num = String(n);
  if (origin === 'string') {
    if (dir === 'min' && Number(n) === 1) return { sv: 'får inte vara tom', en: 'must not be empty' };
    return dir === 'min' ? { sv: `måste ha minst ${num} tecken`, en: `must be at least ${num} characters` } : { sv: `får ha högst ${num} tecken`, en: `must be at most ${num} characters` };
  }
  if (origin === 'array' || origin === 'set') {
    return dir === 'min' ? { sv: `måste ha minst ${num} ${Number(n) === 1 ? 'post' : 'poster'}`, en: `must hold at least ${num} ${Number(n) === 1 ? 'item' : 'items'}` } : { sv: `får ha högst ${num} poster`, en: `must hold at most ${num} items` };
  }
  if (dir === 'min') return inclusive ? { sv: `måste vara minst ${num}`, en: `must be at least ${num}` } : { sv: `måste vara större än ${num}`, en: `must be more than ${num}` };
  return inclusive ? { sv: `får vara högst ${num}`, en: `must be at most ${num}` } : { sv: `måste vara mindre än ${num}`, en: `must be less than ${num}` };
}

function formatText(format: string): Text {
  switch (format) {
    case 'email':
      return { sv: 'måste vara en e-postadress', en: 'must be an email address' };
    case 'url':
      return { sv: 'måste vara en webbadress (URL)', en: 'must be a URL' };
    case 'date':
      return { sv: 'måste vara ett datum som ÅÅÅÅ-MM-DD', en: 'must be a date as YYYY-MM-DD' };
    case 'datetime':
      return { sv: 'måste vara en tidpunkt (ISO 8601)', en: 'must be an instant (ISO 8601)' };
    default:
      return { sv: 'har inte den form som krävs', en: 'is not in the required form' };
  }
}

/** The words for one issue (not for unions and unknown keys, which problemsOf splits first). */
export function issueText(issue: Issue): Text {
  if (issue.message.startsWith(MARK)) return JSON.parse(issue.message.slice(MARK.length)) as Text;
  const worded = genericText(issue);
  // A schema's own English words (not zod's default texts) are kept; Swedish is worded from the issue.
  if (issue.message && !ZOD_DEFAULT.test(issue.message)) return { sv: issue.code === 'custom' ? issue.message : worded.sv, en: issue.message };
  return worded;
}

/** zod's own texts, which never reach a person. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized|Expected|Required)/;

function genericText(issue: Issue): Text {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return { sv: 'saknas', en: 'is required' };
      const t = TYPE_NAMES[issue.expected] ?? { sv: issue.expected, en: issue.expected };
      return { sv: `måste vara ${t.sv}`, en: `must be ${t.en}` };
    }
    case 'too_small':
      return sizeText(issue.origin, issue.minimum, 'min', issue.inclusive !== false);
    case 'too_big':
      return sizeText(issue.origin, issue.maximum, 'max', issue.inclusive !== false);
    case 'invalid_format':
      return formatText(issue.format);
    case 'not_multiple_of':
      return { sv: `måste vara en multipel av ${String(issue.divisor)}`, en: `must be a multiple of ${String(issue.divisor)}` };
    case 'invalid_value':
      return issue.values.length === 1
        ? { sv: `måste vara ${quoted(issue.values)}`, en: `must be ${quoted(issue.values)}` }
        : { sv: `måste vara ett av ${quoted(issue.values)}`, en: `must be one of ${quoted(issue.values)}` };
    case 'unrecognized_keys':
      return { sv: 'okänt fält', en: 'unknown field' };
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options?.length) return { sv: `måste vara ett av ${quoted(options)}`, en: `must be one of ${quoted(options)}` };
      return { sv: 'stämmer inte med någon av de tillåtna formerna', en: 'matches none of the allowed forms' };
    }
    case 'invalid_key':
      return { sv: 'ogiltig nyckel', en: 'invalid key' };
    case 'invalid_element':
      return { sv: 'ogiltigt element', en: 'invalid element' };
    default:
      return { sv: 'är ogiltigt', en: 'is invalid' };
  }
}

const join = (path: readonly PropertyKey[]) => path.map(String).join('.');

/**
 * Every problem of a failed parse, each once: an unknown field is named in its path
 * (`body.amountSek`); a union that is not told apart by a discriminator answers with the problems
 * of the variant that came closest; several issues at one path keep the first.
 */
export function problemsOf(error: { issues: readonly Issue[] }, prefix: readonly PropertyKey[] = [], root = '(body)'): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  const add = (path: string, t: Text) => {
    if (seen.has(path)) return;
    seen.add(path);
    out.push(problem(path, t.sv, t.en));
  };
  const walk = (issues: readonly Issue[], base: readonly PropertyKey[]) => {
    for (const issue of issues) {
      const at = [...base, ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) add(join([...at, key]), { sv: `okänt fält "${key}"`, en: `unknown field "${key}"` });
      } else if (issue.code === 'invalid_union' && issue.errors.length > 0 && !issue.message.startsWith(MARK)) {
        const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
        walk(closest, at);
      } else add(join(at) || root, issueText(issue));
    }
  };
  walk(error.issues, prefix);
  return out;
}
