/**
 * register/list.ts against a real PostgreSQL (Debian's, common/postgres.ts) with the register's
 * migrations applied by node-pg-migrate: filters, search in Swedish, sorting, pages, counts, the
 * export's cursor, and that every filter and sort is answered from an index.
 */
import { countGrants, eachGrant, listPage } from '../../register/list';
import { GrantListQuery, SORTS, type GrantFilters } from '../../api/listQuery';
import { SPECIAL_TITLES, TITLE_SEARCHES } from '../helpers/titles';
import { FOLD_FROM, FOLD_TO, likePrefix } from '../../register/search';
import fs from 'node:fs';
import path from 'node:path';
import { startLocalRegister, type LocalRegister } from '../../register/local';
import { insertGrants, TEST_ORG } from '../helpers/registerRows';

const OTHER = 'Region Västernorrland';
let reg: LocalRegister;

beforeAll(async () => {
  reg = await startLocalRegister({ ownerMax: 4 });
  await insertGrants(reg.owner, [
    { caseNumber: 'RS/728/2024', title: 'Stöd till Brukarråden i Jämtland', year: 2024, stage: 'decision', totalOre: 620_318_305, decidedOre: 0, nextDeadline: '2027-03-01' },
    { caseNumber: 'RS/1585/2017', title: 'Suicidprevention – länsgemensamt', year: 2017, stage: 'closed', status: 'closed', totalOre: 50_000_00, decidedOre: 50_000_00, paidOre: 50_000_00, nextDeadline: null, closedAt: '2018-01-10T10:00:00Z' },
    { caseNumber: 'RS/12/2026', title: 'Café för anhöriga & e-hälsa', year: 2026, stage: 'requisition', totalOre: 75_000_00, decidedOre: 75_000_00, paidOre: 25_000_00, nextDeadline: '2026-11-30', overdue: true, county: '01' },
    { caseNumber: 'RS/13/2026', title: 'Psykisk hälsa och ungdomsmottagning', year: 2026, stage: 'anchoring', totalOre: 75_000_00, nextDeadline: '2027-01-15', county: null },
    { caseNumber: 'RS/14/2026', title: 'Avbruten satsning', year: 2026, stage: 'closed', status: 'cancelled', totalOre: 10_000_00, nextDeadline: null, closedAt: '2026-11-01T10:00:00Z' },
    { caseNumber: 'LVN/1/2026', title: 'Brukarråd i Västernorrland', organisation: OTHER, county: '22', year: 2026, nextDeadline: '2026-12-24' },
    ...SPECIAL_TITLES.map((title, i) => ({ caseNumber: `SP/${i + 1}/2026`, title, nextDeadline: null })),
  ]);
}, 60_000);
afterAll(() => reg?.stop());

const scope = { organisation: TEST_ORG };
const q = (raw: Record<string, string>) => GrantListQuery.parse(raw);
async function cases(raw: Record<string, string>, s: { organisation?: string } = scope): Promise<string[]> {
  const query = q({ pageSize: '200', ...raw });
  return (await listPage(reg.owner, query, s, query.sort, query.page, query.pageSize!)).items.map((i) => i.caseNumber);
}

describe('filters', () => {
  it('keeps a non-admin within their organisation, and an admin sees every organisation', async () => {
    expect(await cases({})).not.toContain('LVN/1/2026');
    expect(await cases({}, {})).toContain('LVN/1/2026');
    expect(await cases({ organisation: OTHER }, {})).toEqual(['LVN/1/2026']);
  });

  it('filters by stage and status (any of several), year, county, overdue and next deadline on or before a date', async () => {
    expect(await cases({ stage: 'decision,requisition' })).toEqual(['RS/12/2026', 'RS/728/2024']);
    expect(await cases({ status: 'closed', sort: 'caseNumber' })).toEqual(['RS/1585/2017']);
    expect(await cases({ status: 'closed,cancelled', sort: 'caseNumber' })).toEqual(['RS/14/2026', 'RS/1585/2017']);
    expect(await cases({ year: '2024' })).toEqual(['RS/728/2024']);
    expect(await cases({ county: '01' })).toEqual(['RS/12/2026']);
    expect(await cases({ overdue: 'true' })).toEqual(['RS/12/2026']);
    expect(await cases({ overdue: 'false', stage: 'anchoring', year: '2026', q: 'psykisk' })).toEqual(['RS/13/2026']);
    expect(await cases({ deadlineBefore: '2027-01-15' })).toEqual(['RS/12/2026', 'RS/13/2026']);
    expect(await cases({ deadlineBefore: '2027-01-14' })).toEqual(['RS/12/2026']);
  });

  it('counts what matches, whatever the page', async () => {
    const filters: GrantFilters = { status: ['active'], overdue: true };
    expect(await countGrants(reg.owner, filters, scope)).toBe(1);
    const page = await listPage(reg.owner, q({ pageSize: '2', page: '2', sort: 'caseNumber' }), scope, 'caseNumber', 2, 2);
    expect(page.total).toBe(5 + SPECIAL_TITLES.length);
    expect(page.pages).toBe(Math.ceil(page.total / 2));
    expect(page.items).toHaveLength(2);
  });
});

describe('search (Swedish full-text search)', () => {
  it('finds a word by its stem and as a prefix, whatever its case: brukarråd finds Brukarråden, bruk too', async () => {
    // SP/1/2026 is "Projekt: Brukarråd".
    expect(await cases({ q: 'brukarråd' })).toEqual(['RS/728/2024', 'SP/1/2026']);
    expect(await cases({ q: 'BRUKARRÅDEN' })).toEqual(['RS/728/2024', 'SP/1/2026']);
    expect(await cases({ q: 'bruk', sort: 'caseNumber' })).toEqual(['RS/728/2024', 'SP/1/2026']);
    expect(await cases({ q: 'brukarråd' }, {})).toEqual(['LVN/1/2026', 'RS/728/2024', 'SP/1/2026']);
    expect(await cases({ q: 'stöd brukarråden' })).toEqual(['RS/728/2024']);
  });

  it('needs every word, ignores stop words, and folds accents other than å ä ö', async () => {
    expect(await cases({ q: 'psykisk hälsa' })).toEqual(['RS/13/2026']);
    expect(await cases({ q: 'psykisk och hälsa' })).toEqual(['RS/13/2026']);
    expect(await cases({ q: 'psykisk brukarråd' })).toEqual([]);
    expect(await cases({ q: 'cafe' })).toEqual(['RS/12/2026']);
    expect(await cases({ q: 'CAFÉ' })).toEqual(['RS/12/2026']);
    expect(await cases({ q: 'ÖSTERSUND' })).toEqual(['SP/3/2026']);
    // å, ä and ö are letters: "ostersund" is another word (the Swedish stemmer needs them).
    expect(await cases({ q: 'ostersund' })).toEqual([]);
  });

  it('matches the start of a case number, and a hyphenated word as the title writes it', async () => {
    expect(await cases({ q: 'RS/1' })).toEqual(['RS/12/2026', 'RS/13/2026', 'RS/14/2026', 'RS/1585/2017']);
    expect(await cases({ q: 'rs/728' })).toEqual(['RS/728/2024']);
    expect(await cases({ q: 'e-hälsa' })).toEqual(['RS/12/2026']);
  });

  it('treats & ! ( ) : quotes, backslashes and tsquery operators as text: every search answers', async () => {
    for (const s of ['&', '!', '(', ')', ':', '"', "'", '\\', '<->', 'a:*', '!x & (y | z)', "''':*", 'x:A', '%', '_', 'RS%', '"Brukarråd']) {
      await expect(cases({ q: s })).resolves.toEqual(expect.any(Array));
    }
    expect(await cases({ q: '"Brukarråd' })).toEqual(['RS/728/2024', 'SP/1/2026']);
    // % and _ are not wildcards at the start of a case number.
    expect(likePrefix('R%_\\')).toBe('R\\%\\_\\\\%');
    expect(await cases({ q: '&' })).toHaveLength(5 + SPECIAL_TITLES.length);
  });

  it('finds each of the titles that broke Temporal’s visibility (issue 13)', async () => {
    for (const [search, i] of TITLE_SEARCHES) expect({ search, found: await cases({ q: search }) }).toEqual({ search, found: expect.arrayContaining([`SP/${i + 1}/2026`]) });
  });
});

it('folds accents with the same table as the migration’s generated column', () => {
  const sql = fs.readFileSync(path.join(__dirname, '../../register/migrations/1764690000000_register_list.sql'), 'utf8');
  expect(sql).toContain(`'${FOLD_FROM}'`);
  expect(sql).toContain(`'${FOLD_TO}'`);
  expect([...FOLD_FROM]).toHaveLength([...FOLD_TO].length);
});

describe('sorting and pages', () => {
  it('sorts case numbers in natural order both ways', async () => {
    const asc = await cases({ sort: 'caseNumber', q: 'RS' });
    expect(asc.indexOf('RS/12/2026')).toBeLessThan(asc.indexOf('RS/728/2024'));
    expect(asc.indexOf('RS/728/2024')).toBeLessThan(asc.indexOf('RS/1585/2017'));
    expect(await cases({ sort: '-caseNumber', q: 'RS' })).toEqual([...asc].reverse());
  });

  it('puts grants without a deadline last both ways, ties by case number', async () => {
    const asc = await cases({ sort: 'nextDeadline' });
    expect(asc.slice(0, 3)).toEqual(['RS/12/2026', 'RS/13/2026', 'RS/728/2024']);
    const desc = await cases({ sort: '-nextDeadline' });
    expect(desc.slice(0, 3)).toEqual(['RS/728/2024', 'RS/13/2026', 'RS/12/2026']);
    expect(asc.slice(3)).toEqual(['RS/14/2026', 'RS/1585/2017', ...SPECIAL_TITLES.map((_, i) => `SP/${i + 1}/2026`)]);
  });

  it('sorts by the amounts decided and paid', async () => {
    expect((await cases({ sort: '-paidOre' })).slice(0, 2)).toEqual(['RS/1585/2017', 'RS/12/2026']);
    expect((await cases({ sort: '-decidedOre' })).slice(0, 2)).toEqual(['RS/12/2026', 'RS/1585/2017']);
    expect((await cases({ sort: 'decidedOre', q: 'RS' })).at(-1)).toBe('RS/12/2026');
  });

  it('answers the item the API documents: amounts formatted, the deadline as a date and its end of day, links', async () => {
    const [item] = (await listPage(reg.owner, q({ q: 'café' }), scope, 'nextDeadline', 1, 50)).items;
    expect(item).toEqual({
      caseNumber: 'RS/12/2026',
      title: 'Café för anhöriga & e-hälsa',
      organisation: TEST_ORG,
      county: '01',
      countyName: 'Stockholms län',
      year: 2026,
      stage: 'requisition',
      status: 'active',
      overdue: true,
      totalOre: 75_000_00,
      totalFormatted: '75 000,00 kr',
      decidedOre: 75_000_00,
      decidedFormatted: '75 000,00 kr',
      paidOre: 25_000_00,
      paidFormatted: '25 000,00 kr',
      nextDeadline: '2026-11-30',
      nextDeadlineAt: '2026-11-30T22:59:59.999Z',
      workflowId: 'grant:RS/12/2026',
      executionStatus: 'RUNNING',
      startTime: '2026-12-01T09:00:00.000Z',
      links: { self: '/api/grants/RS%2F12%2F2026', dashboard: '/dashboard/grants/RS%2F12%2F2026' },
    });
  });

  it('answers an empty page past the last, with the total', async () => {
    const page = await listPage(reg.owner, q({}), scope, 'nextDeadline', 99, 50);
    expect(page).toMatchObject({ items: [], total: 5 + SPECIAL_TITLES.length, page: 99, pages: 1 });
  });
});

describe('the export', () => {
  it('reads every match through a cursor in batches, in the list’s order', async () => {
    const batches = [];
    for await (const b of eachGrant(reg.owner, {}, {}, 'caseNumber', 4)) batches.push(b.map((i) => i.caseNumber));
    expect(batches.map((b) => b.length)).toEqual([4, 4, 3]);
    expect(batches.flat()).toEqual(await cases({ sort: 'caseNumber' }, {}));
  });

  it('releases its connection when the reader stops early', async () => {
    for (let i = 0; i < 10; i++) {
      for await (const b of eachGrant(reg.owner, {}, {}, 'caseNumber', 2)) {
        expect(b).toHaveLength(2);
        break;
      }
    }
    expect(reg.owner.totalCount).toBeLessThanOrEqual(4);
    expect(await countGrants(reg.owner, {}, {})).toBe(6 + SPECIAL_TITLES.length);
  });
});

describe('indexes', () => {
  /** EXPLAIN of the page query the list sends, with sequential scans and sorts priced out: what an index can answer. */
  async function explain(raw: Record<string, string>, s: { organisation?: string }, which: 'page' | 'count' = 'page'): Promise<string> {
    const query = q(raw);
    const c = await reg.owner.connect();
    try {
      await c.query('SET enable_seqscan = off; SET enable_sort = off');
      const captured: { sql: string; params: unknown[] }[] = [];
      const spy = {
        query: async (sql: string, params: unknown[] = []) => {
          if (which === 'page' ? /^SELECT case_number/.test(sql) : /^SELECT count/.test(sql)) captured.push({ sql, params });
          return c.query(sql, params);
        },
      };
      await listPage(spy as never, query, s, query.sort, 1, 25);
      return (await c.query(`EXPLAIN ${captured[0]!.sql}`, captured[0]!.params)).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    } finally {
      await c.query('RESET enable_seqscan; RESET enable_sort');
      c.release();
    }
  }

  it.each(SORTS.map((s) => [s]))('sorts by %s from an index, without a sort step', async (sort) => {
    const plan = await explain({ sort }, {});
    expect(plan).toMatch(/Index (Only )?Scan/);
    expect(plan).not.toMatch(/\bSort\b/);
  });

  it('lists an organisation by its default sort from one index', async () => {
    expect(await explain({}, scope)).toMatch(/Index (Only )?Scan using grants_org_next_deadline/);
  });

  it.each([
    [{ stage: 'decision' }, 'grants_stage'],
    [{ status: 'closed' }, 'grants_status'],
    [{ year: '2024', sort: 'caseNumber' }, 'grants_year'],
    [{ county: '01', sort: 'caseNumber' }, 'grants_county'],
    [{ organisation: OTHER, sort: 'caseNumber' }, 'grants_org'],
    [{ overdue: 'true', sort: 'caseNumber' }, 'grants_overdue'],
    [{ deadlineBefore: '2027-01-01', sort: 'caseNumber' }, 'grants_next_deadline'],
    [{ q: 'brukarråd', sort: 'caseNumber' }, 'grants_search'],
    [{ q: 'brukarråd', sort: 'caseNumber' }, 'grants_case_prefix'],
  ] as [Record<string, string>, string][])('counts %j with an index (%s)', async (raw, index) => {
    const plan = await explain(raw, {}, 'count');
    expect(plan).toContain(index);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
