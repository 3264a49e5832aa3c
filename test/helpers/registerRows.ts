/**
 * A real PostgreSQL for tests and benchmarks of the register: a private cluster (common/postgres.ts,
 * Debian's server, under a temporary folder), a database, and the register's migrations applied by
 * node-pg-migrate's own command (the tool the project migrates with; its ESM entry cannot be loaded
 * by jest's CommonJS loader, its CLI can be run).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { startPostgres, type Postgres } from '../../common/postgres';
import { freePort } from '../../common/net';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
export const MIGRATIONS_DIR = path.join(ROOT, 'register', 'migrations');

/** Applies every register migration to `url` (node-pg-migrate up). */
export async function migrateRegister(url: string): Promise<void> {
  await run(path.join(ROOT, 'node_modules', '.bin', 'node-pg-migrate'), ['up', '-m', MIGRATIONS_DIR, '--migration-file-language', 'sql', '--no-check-order'], {
    env: { ...process.env, DATABASE_URL: url },
    cwd: ROOT,
  });
}

/** The port opens before the server accepts sessions ("the database system is starting up"). */
async function untilAccepting(pool: Pool, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await pool.query('SELECT 1');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '57P03' || Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export interface TestRegister {
  pg: Postgres;
  /** The migrated database's URL (as the superuser). */
  url: string;
  pool: Pool;
  stop(): Promise<void>;
}

/** A cluster in a temporary folder with one migrated database; stop() removes it all. */
export async function startTestRegister(opts: { database?: string } = {}): Promise<TestRegister> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gf-register-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
  const database = opts.database ?? 'grantflow';
  const admin = new Pool({ connectionString: pg.url(), max: 1 });
  await untilAccepting(admin);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = pg.url(database);
  await migrateRegister(url);
  const pool = new Pool({ connectionString: url, max: 4 });
  return {
    pg,
    url,
    pool,
    stop: async () => {
      await pool.end();
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A row of the register's `grants` table as a test writes it directly (only for list tests: the workflow writes it in production). */
export interface GrantRow {
  caseNumber: string;
  title: string;
  organisation?: string;
  county?: string | null;
  year?: number;
  stage?: string;
  status?: string;
  totalOre?: number;
  decidedOre?: number;
  paidOre?: number;
  nextDeadline?: string | null;
  overdue?: boolean;
  startedAt?: string;
  closedAt?: string | null;
}

export const TEST_ORG = 'Region Jämtland Härjedalen';

/** Inserts grants as the register's writer would have summarised them. */
export async function insertGrants(pool: Pool, rows: readonly GrantRow[]): Promise<void> {
  for (const r of rows) {
    await pool.query(
      `INSERT INTO grants (case_number, workflow_id, title, organisation, county, year, lang, stage, status, revision,
         total_ore, decided_ore, requisitioned_ore, paid_ore, lapsed_ore, to_repay_ore, repaid_ore,
         next_deadline, overdue, started_at, started_by, closed_at, seq)
       VALUES ($1, 'grant:' || $1, $2, $3, $4, $5, 'sv', $6, $7, 1, $8, $9, 0, $10, 0, 0, 0, $11, $12, $13, 'Elin Ring', $14, 1)`,
      [
        r.caseNumber,
        r.title,
        r.organisation ?? TEST_ORG,
        r.county === undefined ? '23' : r.county,
        r.year ?? 2026,
        r.stage ?? 'anchoring',
        r.status ?? 'active',
        r.totalOre ?? 100_000_00,
        r.decidedOre ?? 0,
        r.paidOre ?? 0,
        r.nextDeadline === undefined ? '2027-06-30' : r.nextDeadline,
        r.overdue ?? false,
        r.startedAt ?? '2026-12-01T09:00:00Z',
        r.closedAt ?? null,
      ],
    );
  }
}
