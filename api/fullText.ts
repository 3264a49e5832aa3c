/**
 * Full-text matching of a Text search attribute exactly as Temporal's SQLite visibility does it, for
 * the list snapshot (api/listSnapshot.ts), which filters in memory.
 *
 * The server indexes a Text attribute with FTS5's tokenizer `unicode61 remove_diacritics 2` and
 * answers `GrantTitle = 'word'` with the FTS5 phrase `"word"`: the word's tokens, consecutive, in
 * the title's tokens. The tokenizer splits on separator characters (punctuation, spaces, symbols:
 * the Unicode 6.1 categories outside letters, numbers and marks), folds case code point by code
 * point, removes Latin diacritics (ä → a, é → e; not ø, æ or Greek accents) and drops 25 combining
 * marks. Its tables, read from SQLite itself, are in api/fts5Tables.ts; `ß` stays `ß` and `ﬁ`
 * stays `ﬁ` there, as they do in SQLite.
 */
import { FOLD_RUNS, SEPARATOR_RANGES } from './fts5Tables';

interface Tables {
  /** Code points below 0x10000: 1 = separates tokens. */
  bmpSeparator: Uint8Array;
  /** Ranges above 0xFFFF, [start, end] flattened, ascending. */
  astralSeparators: number[];
  /** Code point → folded code point, or -1: dropped. Only those that change. */
  fold: Map<number, number>;
}

let tables: Tables | undefined;

function load(): Tables {
  if (tables) return tables;
  const bmpSeparator = new Uint8Array(0x10000);
  const astralSeparators: number[] = [];
  const sep = SEPARATOR_RANGES.split(' ').map((w) => parseInt(w, 36));
  let prev = -1;
  for (let i = 0; i < sep.length; i += 2) {
    const start = prev + 1 + sep[i]!;
    const end = start + sep[i + 1]!;
    for (let c = start; c <= Math.min(end, 0xffff); c++) bmpSeparator[c] = 1;
    if (end > 0xffff) astralSeparators.push(Math.max(start, 0x10000), end);
    prev = end;
  }
  const fold = new Map<number, number>();
  prev = -1;
  for (const run of FOLD_RUNS.split(' ')) {
    const [gap, count, step, delta] = run.split(',') as [string, string, string, string];
    const start = prev + 1 + parseInt(gap, 36);
    const n = parseInt(count, 36);
    const s = parseInt(step, 36);
    for (let k = 0; k < n; k++) {
      const c = start + k * s;
      fold.set(c, delta === '' ? -1 : c + parseInt(delta, 36));
    }
    prev = start + (n - 1) * s;
  }
  tables = { bmpSeparator, astralSeparators, fold };
  return tables;
}

function isSeparator(t: Tables, c: number): boolean {
  if (c < 0x10000) return t.bmpSeparator[c] === 1;
  const r = t.astralSeparators;
  let lo = 0;
  let hi = r.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < r[2 * mid]!) hi = mid - 1;
    else if (c > r[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The tokens FTS5 (`unicode61 remove_diacritics 2`) indexes for a text, in order. Empty tokens are not tokens. */
export function ftsTokens(text: string): string[] {
  const t = load();
  const out: string[] = [];
  let cur = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    // A lone surrogate cannot reach SQLite as UTF-8; the server would see U+FFFD, a separator.
    if (c >= 0xd800 && c <= 0xdfff) {
      if (cur) out.push(cur);
      cur = '';
    } else if (isSeparator(t, c)) {
      if (cur) out.push(cur);
      cur = '';
    } else {
      const f = t.fold.get(c);
      if (f === undefined) cur += ch;
      else if (f >= 0) cur += String.fromCodePoint(f);
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** The FTS5 phrase match: every token of the phrase, consecutive, among the text's tokens. A phrase without tokens matches nothing. */
export function hasPhrase(textTokens: readonly string[], phrase: readonly string[]): boolean {
  const n = phrase.length;
  if (n === 0) return false;
  outer: for (let i = 0; i + n <= textTokens.length; i++) {
    for (let k = 0; k < n; k++) if (textTokens[i + k] !== phrase[k]) continue outer;
    return true;
  }
  return false;
}
