/**
 * What people read, in both languages (Swedish first), and a problem with a request or a plan:
 * where (a dotted path) and what. zod-free, so workflows may use it.
 */
export type Lang = 'sv' | 'en';
export const LANGS: readonly Lang[] = ['sv', 'en'];

export interface Text {
  sv: string;
  en: string;
}

export const text = (sv: string, en: string): Text => ({ sv, en });

/**
 * One problem. `message` is the English text (what logs and the workflow's refusals carry);
 * `messages` holds both languages, and an answer to a person picks one of them.
 */
export interface Problem {
  path: string;
  message: string;
  messages: Text;
}

export const problem = (path: string, sv: string, en: string): Problem => ({ path, message: en, messages: { sv, en } });

/** An error whose words people read: its message is the English, `text` holds both languages. */
export class TextError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'TextError';
  }
}

/** The words of an error in both languages: a TextError's own, or (an error nobody worded) its message twice. */
export const textOfError = (e: unknown): Text => (e instanceof TextError ? e.text : { sv: (e as Error).message, en: (e as Error).message });

/** Lists in both languages: "a, b och c" / "a, b and c". */
export function listOf(items: readonly string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'sv' ? 'och' : 'and'} ${items.at(-1)}`;
}
