/**
 * The text a grant publishes for full-text search (its Text search attribute): words only, in lower
 * case, diacritics removed, separated by single spaces. Temporal's PostgreSQL visibility casts a Text
 * attribute to `tsvector` as it is, where `:` (a position), `\`, quotes and other punctuation are
 * syntax: "Projekt: Brukarråd" fails every visibility write there, "kl. 10:30" is silently altered.
 * Words only are stored the same on every store (SQLite's FTS5 too), and a search folds its words
 * the same way, so search behaves alike on both (case and accents ignored). Pure, deterministic.
 */
export function searchText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
