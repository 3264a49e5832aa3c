/**
 * Free text that people write and others read (reasons, comments, names): printable characters
 * only. Control characters (but tab and line breaks where a text may span lines) and private-use
 * characters show as garbage on pages and in mails; they are refused, named by code point.
 *
 * The rule is one regular expression, so the OpenAPI document (its `pattern`) says exactly what
 * the server accepts; the message names the first character it refused.
 */
import { z } from 'zod';
import { say } from './zodText';

// Private use in the pattern: U+E000–U+F8FF. Planes 15–16 (U+F0000–U+10FFFD) are refused by a
// check of their own: in the pattern (as code points, a `u` regex) they make schemathesis' data
// generation some fifty times slower. The API answers that check alone with 422, not 400
// (api/validate.ts, isBeyondPattern): the request fits the document, the text cannot be kept.
const PRIVATE = '\uE000-\uF8FF';
const SUPPLEMENTARY_PRIVATE = /[\u{F0000}-\u{10FFFD}]/u;
const CONTROL_1 = '\u0000-\u001f\u007f-\u009f\u2028\u2029';
const CONTROL_N = '\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029';

/** Is this problem only a private-use character of planes 15–16 (the one check the pattern does not show)? */
export const isBeyondPattern = (p: { messages: { en: string } }): boolean => /^must not hold private-use characters \(U\+(F|10)[0-9A-F]{4}\)$/.test(p.messages.en);

/** Not blank, and nothing unprintable. */
const printable = (control: string) => new RegExp(`^[^${control}${PRIVATE}]*[^${control}${PRIVATE}\\s][^${control}${PRIVATE}]*$`);
const PRINTABLE_LINE = printable(CONTROL_1);
const PRINTABLE_TEXT = printable(CONTROL_N);

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a text that is not printable, in both languages. */
export function unprintableMessage(s: unknown, multiline: boolean): string {
  if (typeof s !== 'string') return say('måste vara text', 'must be text');
  const control = new RegExp(`[${multiline ? CONTROL_N : CONTROL_1}]`, 'u').exec(s);
  if (control) return say(`får inte innehålla styrtecken (${codePoint(control[0])})`, `must not hold control characters (${codePoint(control[0])})`);
  const priv = new RegExp(`[${PRIVATE}]`).exec(s) ?? SUPPLEMENTARY_PRIVATE.exec(s);
  if (priv) return say(`får inte innehålla tecken för privat bruk (${codePoint(priv[0])})`, `must not hold private-use characters (${codePoint(priv[0])})`);
  return say('får inte vara tom', 'must not be empty');
}

/** Printable text of at most `max` characters with a letter, digit or sign in it, trimmed; `multiline` allows tabs and line breaks. */
export function FreeText(max: number, opts: { multiline?: boolean } = {}) {
  const multiline = opts.multiline ?? false;
  return (
    z
      .string()
      .regex(multiline ? PRINTABLE_TEXT : PRINTABLE_LINE, { error: (iss) => unprintableMessage(iss.input, multiline) })
      .refine((v) => !SUPPLEMENTARY_PRIVATE.test(v), { error: (iss) => unprintableMessage(iss.input, multiline) })
      // Characters as JSON Schema counts them (code points), not UTF-16 units: "😀" is one.
      .refine((v) => [...v].length <= max, { error: say(`får ha högst ${max} tecken`, `must be at most ${max} characters`) })
      .trim()
      .meta({ maxLength: max })
  );
}
