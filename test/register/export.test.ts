/**
 * The CSV export streams from a cursor: every grant arrives, in the list's order, and a download
 * cut short gives its connection back to the pool (no transaction left open).
 */
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth';
import { serve, type Serving } from '../../api/serve';
import { parseConfig } from '../../common/config';
import { createLogger } from '../../common/logger';
import { seedGrants } from '../../bench/lib/registerSeed';
import { startLocalRegister, type LocalRegister } from '../../register/local';

const N = 30_000;
let reg: LocalRegister;
let api: Serving;
let base: string;
let admin: string;
const config = parseConfig({ REGISTER_DATABASE_URL: 'postgres://grantflow@127.0.0.1:1/grantflow', LINK_SECRET: 'l'.repeat(32), AUTH_JWT_SECRET: 'j'.repeat(32), LOG_LEVEL: 'silent' });

beforeAll(async () => {
  reg = await startLocalRegister({ ownerMax: 4 });
  await seedGrants(reg.owner, N);
  api = await serve(createApp({ config, client: {} as Client, log: createLogger('export-test', 'silent'), register: reg.owner }), { port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${api.port}`;
  admin = await issueToken(config, { sub: 'a', name: 'Drift', roles: ['admin'], org: 'Region Stockholm' });
}, 120_000);
afterAll(async () => {
  await api?.stop();
  await reg?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('exports every grant, in the list’s order', async () => {
  const res = await fetch(`${base}/api/grants.csv?sort=caseNumber`, { headers: { authorization: `Bearer ${admin}` } });
  expect(res.status).toBe(200);
  const lines = (await res.text()).split('\r\n').filter(Boolean);
  expect(lines).toHaveLength(N + 1);
  const first = (await (await fetch(`${base}/api/grants?sort=caseNumber&pageSize=3`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { items: { caseNumber: string }[] };
  expect(lines.slice(1, 4).map((l) => l.split(';')[0])).toEqual(first.items.map((i) => i.caseNumber));
});

it('gives the connection back when the download is cut short', async () => {
  for (let i = 0; i < 3; i++) {
    const abort = new AbortController();
    const res = await fetch(`${base}/api/grants.csv`, { headers: { authorization: `Bearer ${admin}` }, signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await reader.read().catch(() => undefined);
  }
  const end = Date.now() + 10_000;
  while (reg.owner.idleCount < reg.owner.totalCount && Date.now() < end) await sleep(50);
  expect(reg.owner.idleCount).toBe(reg.owner.totalCount);
  const open = await reg.owner.query<{ n: string }>(`SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
  expect(open.rows[0]!.n).toBe('0');
}, 60_000);
