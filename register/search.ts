/**
 * The list's free-text search in PostgreSQL's Swedish full-text search (register/list.ts). A search
 * is words; each word must match: its tsquery against the grant's `search` column (title, case
 * number, organisation; migration 1764690000000) as a prefix ("brukarråd" finds "Brukarråden",
 * "bruk" too), or the start of the case number ("RS/1" finds "RS/12/2026").
 *
 * A word reaches PostgreSQL only as quoted tsquery operands with a prefix mark (`'word':*`, and
 * `| 'word':*` without its diacritics),
 * quotes and backslashes escaped, so `&`, `!`, `(`, `:`, `<->` or quotes in it are text, never
 * query syntax: to_tsquery parses the quoted text with the same parser and Swedish stemmer as the
 * column, so "e-hälsa" becomes the phrase the title holds. A word without a letter or digit
 * matches everything (it is dropped), and so does a word that is only a stop word ("och").
 */

/** Every diacritic removed, as the migration's second copy of the text (NFKD, U+0300–U+036F dropped). */
export function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

/** The words of a search: split on whitespace, each with a letter or digit, at most `max`. */
export function searchWords(q: string, max: number): string[] {
  return q
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, max);
}

const operand = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`;

/**
 * One word as a tsquery text: a quoted operand, prefix-matched; with its diacritics removed as a
 * second operand (OR) when that differs, which meets the column's folded copy.
 */
export function tsqueryOperand(word: string): string {
  const folded = foldAccents(word);
  return folded === word ? operand(word) : `${operand(word)} | ${operand(folded)}`;
}

/** A LIKE pattern for "starts with `word`": `\`, `%` and `_` taken literally. */
export function likePrefix(word: string): string {
  return `${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
