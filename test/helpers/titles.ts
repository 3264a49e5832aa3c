/**
 * Titles that broke Temporal's PostgreSQL visibility (issue 13: its Text attribute is cast to
 * tsvector), and searches for them: each title must be listed as written and found by the list,
 * which reads the register (register/search.ts), and every search answers 200.
 */
import type { GrantListItem } from '../../api/listQuery';
import { api } from './stack';

export const SPECIAL_TITLES = [
  'Projekt: Brukarråd',
  'Stödet slutar med \\',
  'Möte kl. 10:30 i Östersund',
  '"Citat" och \'apostrof\' i Åre',
  'Viktigt! (Ändrad) Barn & unga',
] as const;

/** A search (`q`) and the index of the title it must find. Case, accents and `& ! ( : \` do not matter. */
export const TITLE_SEARCHES: readonly [string, number][] = [
  ['Brukarråd', 0],
  ['projekt: BRUKARRAD', 0],
  ['slutar \\', 1],
  ['10:30', 2],
  ['östersund', 2],
  ['"Citat" \'apostrof\'', 3],
  ['Viktigt! (Ändrad)', 4],
  ['Barn & unga', 4],
];

interface ListBody {
  items: GrantListItem[];
}

/**
 * Through the API at `baseUrl`: every grant of `grants` is listed with its title as written, and
 * each search of TITLE_SEARCHES answers 200 and finds its grant. Returns the problems (empty: all well).
 */
export async function titleProblems(baseUrl: string, token: string, grants: readonly { caseNumber: string; title: string }[]): Promise<string[]> {
  const problems: string[] = [];
  const list = await api({ baseUrl }, 'GET', '/api/grants?pageSize=200', { token });
  if (list.status !== 200) return [`the list answered ${list.status}`];
  const listed = new Map(list.json<ListBody>().items.map((i) => [i.caseNumber, i.title]));
  for (const g of grants) if (listed.get(g.caseNumber) !== g.title) problems.push(`${g.caseNumber} is listed as ${JSON.stringify(listed.get(g.caseNumber))}, not ${JSON.stringify(g.title)}`);
  for (const [q, i] of TITLE_SEARCHES) {
    const res = await api({ baseUrl }, 'GET', `/api/grants?pageSize=200&q=${encodeURIComponent(q)}`, { token });
    if (res.status !== 200) {
      problems.push(`q=${q} answered ${res.status}: ${res.text.slice(0, 200)}`);
      continue;
    }
    const found = res.json<ListBody>().items.map((it) => it.caseNumber);
    const want = grants.find((g) => g.title === SPECIAL_TITLES[i]);
    if (want && !found.includes(want.caseNumber)) problems.push(`q=${q} did not find ${JSON.stringify(want.title)} (found ${found.join(', ') || 'nothing'})`);
  }
  return problems;
}

/** Polls titleProblems until there are none (the list follows the register, which the workflows write) or `timeoutMs` passes. */
export async function waitForTitles(baseUrl: string, token: string, grants: readonly { caseNumber: string; title: string }[], timeoutMs = 60_000): Promise<string[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const problems = await titleProblems(baseUrl, token, grants);
    if (problems.length === 0 || Date.now() > end) return problems;
    await new Promise((r) => setTimeout(r, 500));
  }
}
