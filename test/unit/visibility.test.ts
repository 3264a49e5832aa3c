/**
 * The managers' list, without a server: the query-string schema (every filter, every refusal),
 * the visibility query builder (whitelisted fields, escaping, each filter), the in-memory matcher
 * of the list snapshot against a reference that evaluates the builder's query (property-based),
 * SQLite's full-text tokenizer as the matcher emulates it, the mapping of search attributes to list
 * items, sorting and paging, and CSV cells (quoting, formula injection).
 */
import fc from 'fast-check';
import { TypedSearchAttributes, type SearchAttributePair } from '@temporalio/common';
import { SA, SEARCH_ATTRIBUTE_TYPES, STAGES } from '../../workflows/grant/contract';
import {
  buildVisibilityQuery,
  compileMatcher,
  GRANT_STATUSES,
  GrantListQuery,
  listSearch,
  matchesFilters,
  matchFieldsOf,
  pageOf,
  quote,
  searchWords,
  sortItems,
  toListItem,
  type GrantFilters,
  type GrantListItem,
} from '../../api/visibility';
import { ftsTokens, hasPhrase } from '../../api/fullText';
import { csvCell, grantsCsv, toCsv } from '../../api/routes/manager';
import { safeNext } from '../../api/routes/dashboard';
import { endOfDay, startOfDay } from '../../domain/dates';

const BASE = `WorkflowType = 'grantWorkflow' AND ExecutionStatus != 'ContinuedAsNew'`;

function parse(query: Record<string, unknown>) {
  return GrantListQuery.safeParse(query);
}
function ok(query: Record<string, unknown>) {
  const r = parse(query);
  if (!r.success) throw new Error(JSON.stringify(r.error.issues));
  return r.data;
}
function problems(query: Record<string, unknown>) {
  const r = parse(query);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
}

describe('the list query string', () => {
  it('has defaults: sort by next deadline, page 1, no filters', () => {
    expect(ok({})).toEqual({ sort: 'nextDeadline', page: 1 });
  });

  it('treats empty values (a GET form’s untouched fields) as no filter', () => {
    expect(ok({ stage: '', status: '', year: '', county: '', overdue: '', deadlineBefore: '', q: '', sort: '', page: '', pageSize: '' })).toEqual({ sort: 'nextDeadline', page: 1 });
  });

  it('parses every filter', () => {
    expect(
      ok({ stage: 'decision', status: 'active', year: '2025', county: '23', organisation: 'Region Jämtland Härjedalen', overdue: 'true', deadlineBefore: '2025-03-31', q: 'psykisk hälsa', sort: '-totalOre', page: '3', pageSize: '200', lang: 'en' }),
    ).toEqual({
      stage: ['decision'],
      status: ['active'],
      year: 2025,
      county: '23',
      organisation: 'Region Jämtland Härjedalen',
      overdue: true,
      deadlineBefore: '2025-03-31',
      q: 'psykisk hälsa',
      sort: '-totalOre',
      page: 3,
      pageSize: 200,
      lang: 'en',
    });
    expect(ok({ overdue: 'false' }).overdue).toBe(false);
  });

  it('takes several stages or statuses, repeated or comma-separated, without duplicates', () => {
    expect(ok({ stage: ['decision', 'payment'] }).stage).toEqual(['decision', 'payment']);
    expect(ok({ stage: 'decision, payment,decision' }).stage).toEqual(['decision', 'payment']);
    expect(ok({ status: ['active,returned'] }).status).toEqual(['active', 'returned']);
  });

  it.each([
    [{ pageSize: '1000' }, 'pageSize'],
    [{ pageSize: '0' }, 'pageSize'],
    [{ pageSize: '-1' }, 'pageSize'],
    [{ pageSize: '1e2' }, 'pageSize'],
    [{ page: '0' }, 'page'],
    [{ page: 'two' }, 'page'],
    [{ overdue: 'maybe' }, 'overdue'],
    [{ overdue: 'TRUE' }, 'overdue'],
    [{ deadlineBefore: '2024-02-30' }, 'deadlineBefore'],
    [{ deadlineBefore: '2024-2-3' }, 'deadlineBefore'],
    [{ sort: 'evil' }, 'sort'],
    [{ sort: 'GrantTotalOre' }, 'sort'],
    [{ sort: 'title' }, 'sort'],
    [{ stage: 'nowhere' }, 'stage.0'],
    [{ status: "active' OR 1=1" }, 'status.0'],
    [{ year: '1999' }, 'year'],
    [{ year: '20x5' }, 'year'],
    [{ year: ['2024', '2025'] }, 'year'],
    [{ county: '99' }, 'county'],
    [{ county: '2' }, 'county'],
    [{ q: 'x'.repeat(201) }, 'q'],
    [{ q: 'a b c d e f g h i' }, 'q'],
    [{ q: 'tab\there' }, 'q'],
    [{ organisation: "O'Hara" }, 'organisation'],
    [{ organisation: 'A\\B' }, 'organisation'],
    [{ lang: 'de' }, 'lang'],
    [{ stgae: 'decision' }, ''],
  ])('refuses %j', (query, path) => {
    expect(problems(query)).toContain(path);
  });
});

describe('the visibility query', () => {
  it('always lists grant workflows only, and each grant once (not the runs that continued as new)', () => {
    expect(buildVisibilityQuery({})).toBe(BASE);
  });

  it('is scoped to the organisation for everyone but an admin', () => {
    expect(buildVisibilityQuery({}, { organisation: 'Region Jämtland Härjedalen' })).toBe(`${BASE} AND GrantOrganisation = 'Region Jämtland Härjedalen'`);
  });

  it('maps each filter to its own search attribute', () => {
    expect(buildVisibilityQuery({ stage: ['decision'] })).toBe(`${BASE} AND GrantStage = 'decision'`);
    expect(buildVisibilityQuery({ stage: ['decision', 'payment'] })).toBe(`${BASE} AND GrantStage IN ('decision', 'payment')`);
    expect(buildVisibilityQuery({ status: ['active'] })).toBe(`${BASE} AND GrantStatus = 'active'`);
    expect(buildVisibilityQuery({ year: 2025 })).toBe(`${BASE} AND GrantYear = 2025`);
    expect(buildVisibilityQuery({ county: '23' })).toBe(`${BASE} AND GrantCounty = '23'`);
    expect(buildVisibilityQuery({ organisation: 'Västra Götalandsregionen' })).toBe(`${BASE} AND GrantOrganisation = 'Västra Götalandsregionen'`);
    expect(buildVisibilityQuery({ overdue: true })).toBe(`${BASE} AND GrantOverdue = true`);
    expect(buildVisibilityQuery({ overdue: false })).toBe(`${BASE} AND GrantOverdue = false`);
  });

  it('keeps deadlines up to and including the given day: before the next Stockholm day starts', () => {
    // Winter (CET): 2025-03-01 starts at 2025-02-28T23:00Z. Summer (CEST): 2025-07-01 starts at 2025-06-30T22:00Z.
    expect(buildVisibilityQuery({ deadlineBefore: '2025-02-28' })).toBe(`${BASE} AND GrantNextDeadline < '2025-02-28T23:00:00.000Z'`);
    expect(buildVisibilityQuery({ deadlineBefore: '2025-06-30' })).toBe(`${BASE} AND GrantNextDeadline < '2025-06-30T22:00:00.000Z'`);
    // The workflow stores a deadline as the end of its day: that day's deadline is inside, the next day's is not.
    const bound = Date.parse(/'([^']+)'$/.exec(buildVisibilityQuery({ deadlineBefore: '2025-06-30' }))![1]!);
    expect(endOfDay('2025-06-30')).toBeLessThan(bound);
    expect(endOfDay('2025-07-01')).toBeGreaterThan(bound);
    expect(startOfDay('2025-07-01')).toBe(bound);
  });

  it('searches each word in the title (full text, as its words: domain/searchText) or as the start of the case number, and ANDs the words', () => {
    expect(buildVisibilityQuery({ q: 'RS/728' })).toBe(`${BASE} AND ((GrantTitle = 'rs' AND GrantTitle = '728') OR GrantCaseNumber STARTS_WITH 'RS/728')`);
    expect(buildVisibilityQuery({ q: '  psykisk   Hälsa ' })).toBe(
      `${BASE} AND (GrantTitle = 'psykisk' OR GrantCaseNumber STARTS_WITH 'psykisk') AND (GrantTitle = 'halsa' OR GrantCaseNumber STARTS_WITH 'Hälsa')`,
    );
    // What PostgreSQL's tsquery would refuse never reaches the title's condition.
    expect(buildVisibilityQuery({ q: 'Projekt:&!(x' })).toBe(`${BASE} AND ((GrantTitle = 'projekt' AND GrantTitle = 'x') OR GrantCaseNumber STARTS_WITH 'Projekt:&!(x')`);
    // Double quotes break the server's full-text match: they are dropped; words without a letter or digit too.
    expect(searchWords('"psykisk hälsa" - / x')).toEqual(['psykisk', 'hälsa', 'x']);
  });

  it('combines filters with AND, in a fixed order', () => {
    expect(buildVisibilityQuery({ overdue: true, stage: ['decision'], year: 2025 }, { organisation: 'Org' })).toBe(
      `${BASE} AND GrantOrganisation = 'Org' AND GrantStage = 'decision' AND GrantYear = 2025 AND GrantOverdue = true`,
    );
  });

  it('escapes quotes and backslashes, drops control characters: a value never leaves its literal', () => {
    expect(quote("O'Hara")).toBe("'O\\'Hara'");
    expect(quote('A\\B')).toBe("'A\\\\B'");
    expect(quote("x\\' OR 1=1 --")).toBe("'x\\\\\\' OR 1=1 --'");
    expect(quote('a\nb\u0000c')).toBe("'a b c'");
    // An organisation from a token is not validated like a filter: it is escaped all the same.
    const q = buildVisibilityQuery({}, { organisation: "Evil' OR GrantOrganisation != '" });
    expect(q).toBe(`${BASE} AND GrantOrganisation = 'Evil\\' OR GrantOrganisation != \\''`);
    // Read back as the server's lexer would: one literal, holding the whole value.
    const literals = [...q.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
    expect(literals).toEqual(['grantWorkflow', 'ContinuedAsNew', "Evil' OR GrantOrganisation != '"]);
    const search = buildVisibilityQuery({ q: "it's" });
    expect(search).toBe(`${BASE} AND ((GrantTitle = 'it' AND GrantTitle = 's') OR GrantCaseNumber STARTS_WITH 'it\\'s')`);
  });

  it('names only whitelisted fields, whatever it is given', () => {
    const q = buildVisibilityQuery(
      { stage: ['decision'], status: ['active'], year: 2025, county: '23', organisation: 'O', overdue: true, deadlineBefore: '2025-01-01', q: 'x', ...({ evil: 'ExecutionStatus' } as object) },
      { organisation: 'O' },
    );
    const fields = [...q.replace(/'(?:[^'\\]|\\.)*'/g, "''").matchAll(/([A-Za-z]+) (?:=|!=|<|IN|STARTS_WITH)/g)].map((m) => m[1]);
    expect(new Set(fields)).toEqual(new Set(['WorkflowType', 'ExecutionStatus', 'GrantOrganisation', 'GrantStage', 'GrantStatus', 'GrantYear', 'GrantCounty', 'GrantOverdue', 'GrantNextDeadline', 'GrantTitle', 'GrantCaseNumber']));
    expect(() => buildVisibilityQuery({ year: 2025.5 })).toThrow();
  });
});

function execution(attrs: { caseNumber: string; title?: string; total?: number; deadline?: string; overdue?: boolean; year?: number; county?: string; stage?: string }) {
  return {
    workflowId: `grant:${attrs.caseNumber}`,
    runId: 'run-1',
    status: { name: 'RUNNING' },
    startTime: new Date('2026-01-05T08:00:00Z'),
    typedSearchAttributes: new TypedSearchAttributes([
      { key: SA.caseNumber, value: attrs.caseNumber },
      { key: SA.title, value: `${attrs.title ?? 'Titel'} ${attrs.caseNumber}` },
      { key: SA.organisation, value: 'Region Jämtland Härjedalen' },
      { key: SA.status, value: 'active' },
      { key: SA.stage, value: attrs.stage ?? 'decision' },
      { key: SA.overdue, value: attrs.overdue ?? false },
      ...(attrs.total !== undefined ? [{ key: SA.totalOre, value: attrs.total }] : []),
      ...(attrs.year !== undefined ? [{ key: SA.year, value: attrs.year }] : []),
      ...(attrs.county ? [{ key: SA.county, value: attrs.county }] : []),
      ...(attrs.deadline ? [{ key: SA.nextDeadline, value: new Date(endOfDay(attrs.deadline)) }] : []),
    ]),
  };
}

describe('list items', () => {
  it('come from the search attributes: title without the case number, the deadline as a Stockholm date, money in öre and formatted, links', () => {
    const item = toListItem(execution({ caseNumber: 'RS/728/2024', title: 'Brukarinflytande', total: 620_318_305, deadline: '2026-06-30', overdue: true, year: 2026, county: '23' }));
    expect(item).toEqual({
      caseNumber: 'RS/728/2024',
      title: 'Brukarinflytande',
      organisation: 'Region Jämtland Härjedalen',
      county: '23',
      countyName: 'Jämtlands län',
      year: 2026,
      stage: 'decision',
      status: 'active',
      overdue: true,
      totalOre: 620_318_305,
      totalFormatted: '6 203 183,05 kr',
      nextDeadline: '2026-06-30',
      nextDeadlineAt: '2026-06-30T21:59:59.999Z',
      workflowId: 'grant:RS/728/2024',
      runId: 'run-1',
      executionStatus: 'RUNNING',
      startTime: '2026-01-05T08:00:00.000Z',
      closeTime: undefined,
      links: { self: '/api/grants/RS%2F728%2F2024', dashboard: '/dashboard/grants/RS%2F728%2F2024' },
    });
  });

  const items: GrantListItem[] = [
    toListItem(execution({ caseNumber: 'RS/1585/2017', total: 600_000_000, year: 2027, deadline: '2027-12-05' })),
    toListItem(execution({ caseNumber: 'RS/728/2024', total: 115_000_000, year: 2026, deadline: '2026-12-17' })),
    toListItem(execution({ caseNumber: 'RJH/PH/2020-01', total: 1_153_715_691, year: 2027 })),
    toListItem(execution({ caseNumber: 'RS/99/2026', year: 2026, deadline: '2026-12-17' })),
  ];
  const order = (sort: Parameters<typeof sortItems>[1]) => sortItems(items, sort).map((i) => i.caseNumber);

  it('sort by next deadline (no deadline last either way), case number (natural order), amount, year; ties by case number', () => {
    expect(order('nextDeadline')).toEqual(['RS/99/2026', 'RS/728/2024', 'RS/1585/2017', 'RJH/PH/2020-01']);
    expect(order('-nextDeadline')).toEqual(['RS/1585/2017', 'RS/99/2026', 'RS/728/2024', 'RJH/PH/2020-01']);
    expect(order('caseNumber')).toEqual(['RJH/PH/2020-01', 'RS/99/2026', 'RS/728/2024', 'RS/1585/2017']);
    expect(order('-caseNumber')).toEqual(['RS/1585/2017', 'RS/728/2024', 'RS/99/2026', 'RJH/PH/2020-01']);
    expect(order('totalOre')).toEqual(['RS/728/2024', 'RS/1585/2017', 'RJH/PH/2020-01', 'RS/99/2026']);
    expect(order('-totalOre')).toEqual(['RJH/PH/2020-01', 'RS/1585/2017', 'RS/728/2024', 'RS/99/2026']);
    expect(order('year')).toEqual(['RS/99/2026', 'RS/728/2024', 'RJH/PH/2020-01', 'RS/1585/2017']);
    expect(order('-year')).toEqual(['RJH/PH/2020-01', 'RS/1585/2017', 'RS/99/2026', 'RS/728/2024']);
  });

  it('page: a slice, the total and the number of pages; a page past the end is empty', () => {
    expect(pageOf([1, 2, 3, 4, 5], 2, 2)).toEqual({ items: [3, 4], total: 5, page: 2, pageSize: 2, pages: 3 });
    expect(pageOf([1, 2, 3], 5, 2)).toEqual({ items: [], total: 3, page: 5, pageSize: 2, pages: 2 });
    expect(pageOf([], 1, 50)).toEqual({ items: [], total: 0, page: 1, pageSize: 50, pages: 1 });
  });

  it('links keep the filters, leave out the defaults, and change what is asked', () => {
    const q = ok({ stage: 'decision,payment', overdue: 'true', q: 'psykisk hälsa', page: '2' });
    expect(listSearch(q)).toBe('?stage=decision%2Cpayment&overdue=true&q=psykisk+h%C3%A4lsa&page=2');
    expect(listSearch(q, { page: 1, sort: '-year' })).toBe('?stage=decision%2Cpayment&overdue=true&q=psykisk+h%C3%A4lsa&sort=-year');
    expect(listSearch(ok({}))).toBe('');
  });
});

describe('CSV', () => {
  it('quotes cells holding the separator, quotes or line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(12345)).toBe('12345');
  });

  it('defuses formulas: a text cell starting with = + - @ (or tab, CR) gets an apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('+46 70')).toBe("'+46 70");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('is UTF-8 with a BOM, ; between cells, CRLF between rows', () => {
    expect(toCsv([['a', 'b;c'], ['å', 1]])).toBe('\uFEFFa;"b;c"\r\nå;1\r\n');
  });

  it('has a header and one row per grant, amounts in öre and in Swedish kronor', () => {
    const csv = grantsCsv([toListItem(execution({ caseNumber: 'RS/728/2024', title: '=Brukarinflytande; "IOP"', total: 620_318_305, deadline: '2026-06-30', overdue: true, year: 2026, county: '23' }))], 'sv', 'https://grantflow.example.se/');
    const [header, row, end] = csv.slice(1).split('\r\n');
    expect(header).toBe('Diarienummer;Titel;Organisation;Länskod;Län;År;Skede;Status;Försenad;Nästa tidsfrist;Belopp (öre);Belopp (kr);Startad;Länk');
    expect(row).toBe(
      'RS/728/2024;"\'=Brukarinflytande; ""IOP""";Region Jämtland Härjedalen;23;Jämtlands län;2026;Beslut;Pågående;ja;2026-06-30;620318305;6\u00a0203\u00a0183,05;2026-01-05 09:00;https://grantflow.example.se/dashboard/grants/RS%2F728%2F2024',
    );
    expect(end).toBe('');
  });
});

describe('the dashboard’s redirect after login', () => {
  it('goes only to a dashboard path', () => {
    expect(safeNext('/dashboard')).toBe('/dashboard');
    expect(safeNext('/dashboard/grants/RS%2F1%2F2026?lang=en')).toBe('/dashboard/grants/RS%2F1%2F2026?lang=en');
    expect(safeNext('/dashboardx')).toBeUndefined();
    expect(safeNext('//evil.example/dashboard')).toBeUndefined();
    expect(safeNext('https://evil.example/dashboard')).toBeUndefined();
    expect(safeNext('/dashboard/\\evil')).toBeUndefined();
    expect(safeNext(undefined)).toBeUndefined();
  });
});

// ---- the in-memory matcher ----------------------------------------------------------------------

describe('full text as SQLite visibility tokenizes it (unicode61 remove_diacritics 2)', () => {
  // Each case was checked against the Temporal dev server (GrantTitle = '…').
  it('splits on punctuation, symbols and spaces; folds case and Latin diacritics', () => {
    expect(ftsTokens('Psykisk hälsa RS/1/2025')).toEqual(['psykisk', 'halsa', 'rs', '1', '2025']);
    expect(ftsTokens('JÄMTLAND Härjedalen')).toEqual(['jamtland', 'harjedalen']);
    expect(ftsTokens('foo.bar/baz_qux über-Jämt')).toEqual(['foo', 'bar', 'baz', 'qux', 'uber', 'jamt']);
    expect(ftsTokens('x😀y')).toEqual(['x', 'y']);
  });

  it('drops combining accents inside a token, keeps what SQLite keeps', () => {
    expect(ftsTokens('a\u0308b cafe\u0301')).toEqual(['ab', 'cafe']);
    expect(ftsTokens('İstanbul i\u0307stanbul')).toEqual(['istanbul', 'istanbul']);
    // No full case folding or compatibility mapping, no Greek accent removal, no ø → o.
    expect(ftsTokens('straße ﬁx ΆΈΉ Ærø 𝐀bc ǅemal')).toEqual(['straße', 'ﬁx', 'άέή', 'ærø', '𝐀bc', 'ǆemal']);
  });

  it('matches a phrase: its tokens consecutive; a phrase without tokens matches nothing', () => {
    const t = ftsTokens('Stärkt samverkan för personer');
    expect(hasPhrase(t, ftsTokens('samverkan-för'))).toBe(true);
    expect(hasPhrase(t, ftsTokens('stärkt/för'))).toBe(false);
    expect(hasPhrase(t, ftsTokens('sam'))).toBe(false);
    expect(hasPhrase(t, [])).toBe(false);
  });
});

/** A reference: evaluates the query buildVisibilityQuery sends, as SQLite visibility would, over raw attribute values. */
type Raw = Record<string, string | number | boolean | undefined>;
function evaluateQuery(query: string, raw: Raw): boolean {
  const tokens: { kind: 'str' | 'num' | 'word' | 'op'; v: string }[] = [];
  const re = /\s*(?:'((?:[^'\\]|\\.)*)'|(-?\d+)|([A-Za-z_]+)|(!=|>=|<=|=|<|>|\(|\)|,))/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < query.length && (m = re.exec(query))) {
    if (m[1] !== undefined) tokens.push({ kind: 'str', v: m[1].replace(/\\(.)/g, '$1') });
    else if (m[2] !== undefined) tokens.push({ kind: 'num', v: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'word', v: m[3] });
    else tokens.push({ kind: 'op', v: m[4]! });
  }
  expect(re.lastIndex === query.length || query.slice(re.lastIndex).trim() === '').toBe(true);
  let i = 0;
  const next = () => tokens[i++]!;
  const peek = (v: string) => tokens[i]?.v === v;
  const literal = () => {
    const t = next();
    if (t.kind === 'str') return t.v;
    if (t.kind === 'num') return Number(t.v);
    if (t.v === 'true' || t.v === 'false') return t.v === 'true';
    throw new Error(`not a value: ${t.v}`);
  };
  const asciiLower = (x: string) => x.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const compare = (field: string, op: string, value: string | number | boolean, list?: (string | number | boolean)[]): boolean => {
    const actual = raw[field];
    if (actual === undefined) return false; // NULL
    const type = SEARCH_ATTRIBUTE_TYPES[field] ?? 'Keyword';
    if (op === 'IN') return list!.includes(actual);
    if (op === 'STARTS_WITH') return asciiLower(String(actual)).startsWith(asciiLower(String(value)));
    if (type === 'Text' && op === '=') {
      const title = ` ${ftsTokens(String(actual)).join(' ')} `;
      return String(value)
        .split(' ')
        .filter((p) => p !== '')
        .some((p) => {
          const phrase = ftsTokens(p);
          return phrase.length > 0 && title.includes(` ${phrase.join(' ')} `);
        });
    }
    if (type === 'Datetime') {
      const a = Number(actual);
      const b = Date.parse(String(value));
      return op === '<' ? a < b : op === '>=' ? a >= b : a === b;
    }
    return op === '=' ? actual === value : op === '!=' ? actual !== value : false;
  };
  const primary = (): boolean => {
    if (peek('(')) {
      next();
      const v = orExpr();
      expect(next().v).toBe(')');
      return v;
    }
    const field = next().v;
    const op = next().v;
    if (op === 'IN') {
      expect(next().v).toBe('(');
      const values = [literal()];
      while (peek(',')) {
        next();
        values.push(literal());
      }
      expect(next().v).toBe(')');
      return compare(field, 'IN', '', values);
    }
    return compare(field, op, literal());
  };
  const andExpr = (): boolean => {
    let v = primary();
    while (peek('AND')) {
      next();
      v = primary() && v;
    }
    return v;
  };
  const orExpr = (): boolean => {
    let v = andExpr();
    while (peek('OR')) {
      next();
      v = andExpr() || v;
    }
    return v;
  };
  const result = orExpr();
  expect(i).toBe(tokens.length);
  return result;
}

describe('the in-memory matcher of the list snapshot', () => {
  const DATES = ['2025-02-28', '2025-03-01', '2025-06-30', '2025-07-01', '2026-12-31'];
  const WORDS = ['Psykisk', 'hälsa', 'halsa', 'HÄLSA', 'Suicidprevention', 'brukar-råd', 'RS/728/2024', 'rs/7', 'ﬁx', 'fix', 'straße', 'İstanbul', 'istanbul', 'café', 'cafe\u0301', '2025', 'a.b', 'x😀y', 'Ærø', 'ΆΈ', 'über', "it's", 'a\\b', 'Ä', 'ä', '%', '_'];
  const ORGS = ['Region Jämtland Härjedalen', 'Region Västernorrland', 'region jämtland härjedalen', 'Org\u0001x', 'Org x'];
  const caseNumber = fc
    .array(fc.constantFrom('R', 'S', 'r', 's', '/', '-', '1', '2', '7', 'Ä', 'ä', '%', '_', 'J', 'H', ' '), { minLength: 1, maxLength: 8 })
    .map((cs) => cs.join(''));
  const instant = fc.oneof(
    fc.constantFrom(...DATES).chain((d) => fc.constantFrom(endOfDay(d), startOfDay(d), startOfDay(d) - 1, startOfDay(d) + 1)),
    fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
  );
  const attrs = fc.record(
    {
      caseNumber,
      title: fc.tuple(fc.array(fc.constantFrom(...WORDS), { maxLength: 5 }), caseNumber, fc.boolean()).map(([w, c, withCase]) => (withCase ? [...w, c] : w).join(' ')),
      stage: fc.constantFrom<string>(...STAGES, 'unknown'),
      status: fc.constantFrom<string>(...GRANT_STATUSES),
      year: fc.integer({ min: 2024, max: 2026 }),
      county: fc.constantFrom('23', '01', '22'),
      organisation: fc.constantFrom(...ORGS),
      overdue: fc.boolean(),
      nextDeadline: instant,
    },
    { requiredKeys: [] },
  );
  const word = fc.oneof(
    fc.constantFrom(...WORDS),
    caseNumber,
    fc.array(fc.constantFrom('a', 'b', 'R', 's', '1', 'ä', 'Ä', '/', '-', '"', "'", '\u0001', '\u0301', '.'), { minLength: 1, maxLength: 5 }).map((cs) => cs.join('')),
  );
  const filters: fc.Arbitrary<GrantFilters> = fc.record(
    {
      stage: fc.subarray([...STAGES], { minLength: 1 }),
      status: fc.subarray([...GRANT_STATUSES], { minLength: 1 }),
      year: fc.integer({ min: 2024, max: 2026 }),
      county: fc.constantFrom('23', '01'),
      organisation: fc.constantFrom(...ORGS),
      overdue: fc.boolean(),
      deadlineBefore: fc.constantFrom(...DATES),
      q: fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' ')),
    },
    { requiredKeys: [] },
  );
  const scope = fc.option(fc.constantFrom(...ORGS), { nil: undefined }).map((organisation) => (organisation === undefined ? {} : { organisation }));

  type Attrs = { caseNumber?: string; title?: string; stage?: string; status?: string; year?: number; county?: string; organisation?: string; overdue?: boolean; nextDeadline?: number };
  function searchAttributes(a: Attrs): TypedSearchAttributes {
    const pairs: SearchAttributePair[] = [];
    if (a.caseNumber !== undefined) pairs.push({ key: SA.caseNumber, value: a.caseNumber });
    if (a.title !== undefined) pairs.push({ key: SA.title, value: a.title });
    if (a.stage !== undefined) pairs.push({ key: SA.stage, value: a.stage });
    if (a.status !== undefined) pairs.push({ key: SA.status, value: a.status });
    if (a.year !== undefined) pairs.push({ key: SA.year, value: a.year });
    if (a.county !== undefined) pairs.push({ key: SA.county, value: a.county });
    if (a.organisation !== undefined) pairs.push({ key: SA.organisation, value: a.organisation });
    if (a.overdue !== undefined) pairs.push({ key: SA.overdue, value: a.overdue });
    if (a.nextDeadline !== undefined) pairs.push({ key: SA.nextDeadline, value: new Date(a.nextDeadline) });
    return new TypedSearchAttributes(pairs);
  }
  function raw(a: Attrs): Raw {
    return {
      WorkflowType: 'grantWorkflow',
      ExecutionStatus: 'Running',
      [SA.caseNumber.name]: a.caseNumber,
      [SA.title.name]: a.title,
      [SA.stage.name]: a.stage,
      [SA.status.name]: a.status,
      [SA.year.name]: a.year,
      [SA.county.name]: a.county,
      [SA.organisation.name]: a.organisation,
      [SA.overdue.name]: a.overdue,
      [SA.nextDeadline.name]: a.nextDeadline,
    };
  }

  it('the reference reads the builder’s queries as the server does (a few cases by hand)', () => {
    const a = raw({ caseNumber: 'RS/728/2024', title: 'Psykisk hälsa RS/728/2024', organisation: 'Org', overdue: false });
    expect(evaluateQuery(buildVisibilityQuery({ q: 'halsa rs/72' }, { organisation: 'Org' }), a)).toBe(true);
    expect(evaluateQuery(buildVisibilityQuery({ q: 'häl' }), a)).toBe(false);
    expect(evaluateQuery(buildVisibilityQuery({ overdue: true }), a)).toBe(false);
    expect(evaluateQuery(buildVisibilityQuery({ year: 2024 }), a)).toBe(false); // no GrantYear: NULL matches nothing
  });

  it('agrees with the visibility query for random grants, filters and scopes', () => {
    fc.assert(
      fc.property(fc.array(attrs, { minLength: 1, maxLength: 8 }), filters, scope, (grants, f, sc) => {
        const query = buildVisibilityQuery(f, sc);
        const match = compileMatcher(f, sc);
        for (const g of grants) {
          const expected = evaluateQuery(query, raw(g));
          const fields = matchFieldsOf(searchAttributes(g));
          expect([g, match(fields)]).toEqual([g, expected]);
          expect(matchesFilters(fields, f, sc)).toBe(expected);
        }
      }),
      { numRuns: 2000, seed: 20261130 },
    );
  });

  it('agrees on searches over a tiny alphabet (so that words, titles and case numbers collide often)', () => {
    const chars = ['a', 'b', 'A', 'B', 'ä', 'Ä', '-', '/', '1', '\u0301', '\u0001', '%'];
    const text = (min: number, max: number, extra: string[] = []) => fc.array(fc.constantFrom(...chars, ...extra), { minLength: min, maxLength: max }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.option(text(0, 6, [' ']), { nil: undefined }), fc.option(text(1, 4), { nil: undefined }), text(1, 6, [' ']), (title, caseNo, q) => {
        const g: Attrs = { title, caseNumber: caseNo };
        const f: GrantFilters = { q };
        expect([g, q, matchesFilters(matchFieldsOf(searchAttributes(g)), f)]).toEqual([g, q, evaluateQuery(buildVisibilityQuery(f), raw(g))]);
      }),
      { numRuns: 5000, seed: 42 },
    );
  });

  it('agrees for filters that match: each grant against filters taken from its own attributes', () => {
    fc.assert(
      fc.property(attrs, fc.integer({ min: 0, max: 255 }), fc.constantFrom(...DATES), (g, mask, date) => {
        const f: GrantFilters = {};
        if (mask & 1 && g.stage && (STAGES as readonly string[]).includes(g.stage)) f.stage = [g.stage as (typeof STAGES)[number]];
        if (mask & 2 && g.status) f.status = [g.status as (typeof GRANT_STATUSES)[number]];
        if (mask & 4 && g.year !== undefined) f.year = g.year;
        if (mask & 8 && g.county) f.county = g.county;
        if (mask & 16 && g.organisation) f.organisation = g.organisation;
        if (mask & 32 && g.overdue !== undefined) f.overdue = g.overdue;
        if (mask & 64) f.deadlineBefore = date;
        if (mask & 128 && g.title) f.q = g.title.split(' ').slice(0, 2).join(' ');
        const expected = evaluateQuery(buildVisibilityQuery(f), raw(g));
        expect(matchesFilters(matchFieldsOf(searchAttributes(g)), f)).toBe(expected);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
