/**
 * The list's free-text search in PostgreSQL's Swedish full-text search (register/list.ts). A search
 * is words; each word must match: its tsquery against the grant's `search` column (title, case
 * number, organisation; migration 1764690000000) as a prefix ("brukarråd" finds "Brukarråden",
 * "bruk" too), or the start of the case number ("RS/1" finds "RS/12/2026").
 *
 * A word reaches PostgreSQL only as one quoted tsquery operand with a prefix mark (`'word':*`),
 * accents folded as the column folds them, quotes and backslashes escaped, so `&`, `!`, `(`, `:`, `<->` or quotes in it are text, never
 * query syntax: to_tsquery parses the quoted text with the same parser and Swedish stemmer as the
 * column, so "e-hälsa" becomes the phrase the title holds. A word without a letter or digit
 * matches everything (it is dropped), and so does a word that is only a stop word ("och").
 */

/** Accents folded as the migration's `search` column folds them (å, ä and ö are Swedish letters and stay). */
export const FOLD_FROM = 'ÀÁÂÃĀÈÉÊËĒÌÍÎÏĪÒÓÔÕŌÙÚÛÜŪÑÇÝàáâãāèéêëēìíîïīòóôõōùúûüūñçýÿ';
export const FOLD_TO = 'AAAAAEEEEEIIIIIOOOOOUUUUUNCYaaaaaeeeeeiiiiiooooouuuuuncyy';
const FOLD = new Map([...FOLD_FROM].map((c, i) => [c, FOLD_TO[i]!]));

export function foldAccents(text: string): string {
  return [...text.normalize('NFC')].map((c) => FOLD.get(c) ?? c).join('');
}

/** The words of a search: split on whitespace, each with a letter or digit, at most `max`. */
export function searchWords(q: string, max: number): string[] {
  return q
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, max);
}

/** One word as a tsquery text: one quoted operand, accents folded as in the column, prefix-matched. */
export function tsqueryOperand(word: string): string {
  return `'${foldAccents(word).replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`;
}

/** A LIKE pattern for "starts with `word`": `\`, `%` and `_` taken literally. */
export function likePrefix(word: string): string {
  return `${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
