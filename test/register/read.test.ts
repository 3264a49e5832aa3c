/**
 * The register's read side through the real app (createApp) and a real PostgreSQL: a grant whose
 * workflow Temporal no longer holds is read from the register in the documented shape, on the API
 * and on the dashboard; the list's page and CSV show decided and paid, an explicit "no deadline",
 * and county codes as text. Temporal stands behind a client that knows no workflow (the boundary
 * these tests are not about; test/e2e/register.test.ts deletes a real workflow).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth';
import { serve, type Serving } from '../../api/serve';
import { parseConfig } from '../../common/config';
import { createLogger } from '../../common/logger';
import { GrantPlan } from '../../domain/plan';
import { startLocalRegister, type LocalRegister } from '../../register/local';
import { insertGrants, TEST_ORG } from '../helpers/registerRows';

let reg: LocalRegister;
let api: Serving;
let base: string;
const tokens: Record<'manager' | 'other', string> = { manager: '', other: '' };
const config = parseConfig({ REGISTER_DATABASE_URL: 'postgres://grantflow@127.0.0.1:1/grantflow', LINK_SECRET: 'l'.repeat(32), AUTH_JWT_SECRET: 'j'.repeat(32), LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'https://grantflow.example.se' });

/** A client whose every workflow is gone (deleted after retention). */
const goneClient = {
  workflow: {
    getHandle: (workflowId: string) => ({
      query: async () => {
        throw new WorkflowNotFoundError('workflow not found', workflowId, undefined);
      },
    }),
  },
} as unknown as Client;

const CASE = 'RS/77/2026';
const plan = GrantPlan.parse({
  caseNumber: CASE,
  title: 'Brukarråden i länet',
  organisation: TEST_ORG,
  county: '01',
  year: 2026,
  coordinators: [{ id: 'elin-ring', name: 'Elin Ring', email: 'elin.ring@example.se' }],
  parts: [{ id: '1', name: 'Brukarråd', amountOre: 25_000_000 }],
  totalOre: 25_000_000,
  decision: { body: 'Regionstyrelsen', group: { id: 'rs', name: 'Regionstyrelsen', members: [{ id: 'anna', name: 'Anna Berg', email: 'anna.berg@example.se' }], rule: { type: 'all' }, deadline: '2026-06-30' } },
});

beforeAll(async () => {
  reg = await startLocalRegister({ ownerMax: 4 });
  await insertGrants(reg.owner, [
    { caseNumber: CASE, title: plan.title, county: '01', stage: 'closed', status: 'closed', totalOre: 25_000_000, decidedOre: 25_000_000, paidOre: 25_000_000, nextDeadline: null, closedAt: '2026-09-01T10:00:00Z' },
    { caseNumber: 'RS/78/2026', title: 'Ingen frist ännu', nextDeadline: null },
  ]);
  const q = (sql: string, params: unknown[]) => reg.owner.query(sql, params);
  await q(`INSERT INTO revisions (case_number, revision, plan, at, by) VALUES ($1, 1, $2, '2026-05-01T08:00:00Z', 'Elin Ring')`, [CASE, JSON.stringify(plan)]);
  const events = [
    ['2026-05-01T08:00:00.000Z', 'started', 'Elin Ring', null, null],
    ['2026-06-10T09:30:00.000Z', 'answered', 'Anna Berg', 'Bifalles', { answer: 'approve' }],
    ['2026-06-10T09:30:00.000Z', 'decisionParagraph', 'Elin Ring', null, { paragraph: '§ 112' }],
    ['2026-09-01T10:00:00.000Z', 'closed', 'grantflow', null, null],
  ] as const;
  for (const [i, [at, type, actor, comment, data]] of events.entries()) {
    await q(`INSERT INTO events (case_number, n, at, type, actor, comment, revision, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, 'p', 'h')`, [CASE, i + 1, at, type, actor, comment, data === null ? null : JSON.stringify(data)]);
  }
  await q(`INSERT INTO rounds (case_number, round_id, kind, revision, group_id, name, rule, deadline, opened_at, closed_at, outcome) VALUES ($1, 'decision:rs:r1', 'decision', 1, 'rs', 'Regionstyrelsen', '{"type":"all"}', '2026-06-30', '2026-05-01T08:00:00Z', '2026-06-10T09:30:00Z', 'approved')`, [CASE]);
  await q(`INSERT INTO round_seats (case_number, round_id, member_id, position, name, email, acting_id, acting_name, answer, comment, answered_at, answered_by) VALUES ($1, 'decision:rs:r1', 'anna', 0, 'Anna Berg', 'anna.berg@example.se', 'anna', 'Anna Berg', 'approve', 'Bifalles', '2026-06-10T09:30:00Z', 'Anna Berg')`, [CASE]);
  await q(`INSERT INTO parts (case_number, part_id, position, name, amount_ore, requisition_overdue) VALUES ($1, '1', 0, 'Brukarråd', 25000000, false)`, [CASE]);
  await q(`INSERT INTO tranches (case_number, tranche_id, position, amount_ore, payee, trigger, status, paid_at, paid_by) VALUES ($1, 't1', 0, 25000000, 'Region', '{"on":"decision"}', 'paid', '2026-07-01T10:00:00Z', 'Elin Ring')`, [CASE]);

  const app = createApp({ config, client: goneClient, log: createLogger('register-read-test', 'silent'), register: reg.owner });
  api = await serve(app, { port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${api.port}`;
  tokens.manager = await issueToken(config, { sub: 'm', name: 'Chef', roles: ['manager'], org: TEST_ORG });
  tokens.other = await issueToken(config, { sub: 'o', name: 'Annan', roles: ['manager'], org: 'Region Västernorrland' });
}, 60_000);
afterAll(async () => {
  await api?.stop();
  await reg?.stop();
});

const get = (path: string, token = tokens.manager) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
const path = `/api/grants/${encodeURIComponent(CASE)}`;

describe('a grant Temporal no longer holds', () => {
  it('answers GET /api/grants/:caseNumber from the register, in the documented shape', async () => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-grant-source')).toBe('register');
    const s = (await res.json()) as Record<string, unknown> & { rounds: { seats: Record<string, unknown>[] }[]; timeline: unknown[]; decision: unknown; moneyFormatted: Record<string, string> };
    expect(s).toMatchObject({ caseNumber: CASE, status: 'closed', stage: 'closed', revision: 1, closedAt: '2026-09-01T10:00:00.000Z', deadlines: [], overdue: false });
    expect(s.plan).toEqual(JSON.parse(JSON.stringify(plan)));
    expect(s.decision).toEqual({ outcome: 'approved', at: '2026-06-10T09:30:00.000Z', body: 'Regionstyrelsen', paragraph: '§ 112', revision: 1, delegated: false });
    expect(s.timeline.map((e) => (e as { type: string }).type)).toEqual(['started', 'answered', 'decisionParagraph', 'closed']);
    expect(s.rounds[0]!.seats[0]).toMatchObject({ memberId: 'anna', answer: 'approve', comment: 'Bifalles', answeredAt: '2026-06-10T09:30:00.000Z' });
    expect(s.rounds[0]!.seats[0]).not.toHaveProperty('nonce');
    expect(s.moneyFormatted.paid).toBe('250 000,00 kr');
  });

  it('is 404 to another organisation, and to a case the register does not have', async () => {
    expect((await get(path, tokens.other)).status).toBe(404);
    expect((await get(`/api/grants/${encodeURIComponent('RS/999/2026')}`)).status).toBe(404);
  });

  it('shows its page from the register, saying so, without actions', async () => {
    const res = await fetch(`${base}/dashboard/grants/${encodeURIComponent(CASE)}`, { headers: { cookie: `gf_session=${tokens.manager}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Brukarråden i länet');
    expect(html).toContain('Ur registret');
    expect(html).not.toContain('Temporal UI');
    expect(html).toContain('Anna Berg');
  });
});

describe('the list (issue 16)', () => {
  it('shows decided and paid, sortable, and says "ingen tidsfrist" where a grant has none', async () => {
    const res = await fetch(`${base}/dashboard?sort=-paidOre`, { headers: { cookie: `gf_session=${tokens.manager}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<th scope="col" class="num" aria-sort="descending"><a href="[^"]*">Utbetalt/);
    expect(html).toContain('>Beslutat');
    expect(html).toContain('250\u00a0000,00\u00a0kr');
    expect(html).toContain('ingen tidsfrist');
    expect(html).not.toMatch(/<span class="muted">–<\/span>/);
    const en = await (await fetch(`${base}/dashboard?lang=en`, { headers: { cookie: `gf_session=${tokens.manager}` } })).text();
    expect(en).toContain('no deadline');
  });

  it('answers the JSON list with decided and paid', async () => {
    const body = (await (await get('/api/grants?sort=-decidedOre')).json()) as { items: { caseNumber: string; decidedOre: number; paidFormatted: string }[] };
    expect(body.items[0]).toMatchObject({ caseNumber: CASE, decidedOre: 25_000_000, paidFormatted: '250 000,00 kr' });
  });

  it('exports county codes as text, and decided and paid in öre and kronor', async () => {
    const res = await get('/api/grants.csv?sort=caseNumber');
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Diarienummer;Titel;Organisation;Länskod;Län;År;Skede;Status;Försenad;Nästa tidsfrist;Belopp (öre);Belopp (kr);Beslutat (öre);Beslutat (kr);Utbetalt (öre);Utbetalt (kr);Startad;Avslutad;Länk');
    const row = lines.find((l) => l.startsWith(`${CASE};`))!.split(';');
    expect(row[3]).toBe('"=""01"""');
    expect(row.slice(12, 16)).toEqual(['25000000', '250\u00a0000,00', '25000000', '250\u00a0000,00']);
    expect(row[18]).toBe(`https://grantflow.example.se/dashboard/grants/${encodeURIComponent(CASE)}`);
  });
});
