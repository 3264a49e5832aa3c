/**
 * The register's schema: applying its migrations (node-pg-migrate, as the database's owner) and the
 * start-up check the API and the worker make (as the app's role) before they serve.
 *
 *   npm run register -- migrate     (REGISTER_MIGRATION_URL: the owner; REGISTER_DATABASE_URL: the app)
 *
 * `migrate` creates the database when it is missing, applies what is pending in one transaction,
 * and gives the app's login role (the user in REGISTER_DATABASE_URL) membership of grantflow_app,
 * which may insert timeline events but never update or delete them.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { safeUrl } from './pool';

// The package's types, reached by their file (this project resolves modules the CommonJS way).
type Runner = (typeof import('node-pg-migrate/dist/bundle/index'))['runner'];

export const APP_ROLE = 'grantflow_app';
export const MIGRATIONS_TABLE = 'pgmigrations';
export const MIGRATE_COMMAND = 'npm run register -- migrate';

/** The SQL migrations: beside this file in the sources, copied next to dist/ in the image. */
export function migrationsDir(): string {
  const here = path.resolve(__dirname, 'migrations');
  return fs.existsSync(here) ? here : path.resolve(__dirname, '../../register/migrations');
}

/** The migrations this code expects, by name (the file name without .sql), oldest first. */
export function expectedMigrations(): string[] {
  return fs
    .readdirSync(migrationsDir())
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -'.sql'.length))
    .sort();
}

/** Refusals at start-up: each names what to run. */
export class RegisterNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegisterNotReadyError';
  }
}

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/** A connected client; waits (up to `waitMs`) while the server is still starting or not yet listening. */
async function connectWhenReady(url: string, waitMs = 30_000): Promise<pg.Client> {
  const end = Date.now() + waitMs;
  for (;;) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      return c;
    } catch (err) {
      await c.end().catch(() => undefined);
      const code = (err as { code?: string }).code;
      if (Date.now() > end || (code !== '57P03' && code !== 'ECONNREFUSED')) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Creates the URL's database when it does not exist (connecting to the cluster's `postgres`). */
async function ensureDatabase(ownerUrl: string): Promise<boolean> {
  const name = databaseOf(ownerUrl);
  const maintenance = new URL(ownerUrl);
  maintenance.pathname = '/postgres';
  const c = await connectWhenReady(maintenance.toString());
  try {
    const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
    return true;
  } finally {
    await c.end();
  }
}

/** The app's login role: grantflow_app itself, or a member of it; its password from the URL. */
async function ensureAppLogin(c: pg.Client, appUrl: string): Promise<void> {
  const u = new URL(appUrl);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  if (!user) throw new Error('REGISTER_DATABASE_URL names no user: the app connects as grantflow_app (or a member of it), e.g. postgres://grantflow_app:…@host:5432/grantflow');
  const owner = (await c.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u;
  if (user === owner) throw new Error(`REGISTER_DATABASE_URL connects as ${user}, the owner that runs migrations: the app must connect as ${APP_ROLE} (or a member of it), which may not change events`);
  const role = c.escapeIdentifier(user);
  const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
  const pw = password ? ` PASSWORD ${c.escapeLiteral(password)}` : '';
  if (!exists.rowCount) await c.query(`CREATE ROLE ${role} LOGIN${pw}`);
  else await c.query(`ALTER ROLE ${role} LOGIN${pw}`);
  if (user !== APP_ROLE) await c.query(`GRANT ${APP_ROLE} TO ${role}`);
  await c.query(`GRANT CONNECT ON DATABASE ${c.escapeIdentifier(databaseOf(appUrl))} TO ${role}`);
}

export interface MigrateResult {
  createdDatabase: boolean;
  applied: string[];
}

/**
 * Brings the register up to this code's schema, as its owner; then the app's login role. Safe to run
 * again (node-pg-migrate's lock keeps two runs apart).
 */
export async function migrate(ownerUrl: string, appUrl?: string): Promise<MigrateResult> {
  const createdDatabase = await ensureDatabase(ownerUrl);
  // node-pg-migrate ships ES modules only: loaded when migrating (Node's require of ES modules).
  const { runner } = (await import('node-pg-migrate' as string)) as { runner: Runner };
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const ran = await runner({
      dbClient: c,
      dir: migrationsDir(),
      migrationsTable: MIGRATIONS_TABLE,
      direction: 'up',
      count: Infinity,
      singleTransaction: true,
      checkOrder: true,
      log: () => undefined,
    });
    if (appUrl) await ensureAppLogin(c, appUrl);
    return { createdDatabase, applied: ran.map((m) => m.name) };
  } finally {
    await c.end();
  }
}

/**
 * What the API and the worker check before they serve: the register answers, every migration of this
 * code is applied, and the role they write with cannot change events. Throws RegisterNotReadyError
 * naming what to run.
 */
export async function checkRegister(pool: pg.Pool, url: string): Promise<void> {
  const where = `the register (REGISTER_DATABASE_URL=${safeUrl(url)})`;
  let applied: string[];
  try {
    applied = (await pool.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY name`)).rows.map((r) => r.name);
  } catch (err) {
    const e = err as { code?: string; message: string };
    if (e.code === '42P01') throw new RegisterNotReadyError(`${where} has no schema yet: run ${MIGRATE_COMMAND} (npm start and docker compose do it as a start step)`);
    if (e.code === '3D000') throw new RegisterNotReadyError(`${where}: the database does not exist: run ${MIGRATE_COMMAND}, which creates it`);
    throw new RegisterNotReadyError(`${where} does not answer: ${e.message}`);
  }
  const missing = expectedMigrations().filter((m) => !applied.includes(m));
  if (missing.length > 0) throw new RegisterNotReadyError(`${where} is behind this version: ${missing.length} migration(s) not applied (${missing.join(', ')}): run ${MIGRATE_COMMAND}`);
  const rights = await pool.query<{ update: boolean; delete: boolean; truncate: boolean }>(
    `SELECT has_table_privilege('events', 'UPDATE') AS update, has_table_privilege('events', 'DELETE') AS delete, has_table_privilege('events', 'TRUNCATE') AS truncate`,
  );
  const r = rights.rows[0]!;
  if (r.update || r.delete || r.truncate) {
    throw new RegisterNotReadyError(`${where} connects as a role that may change timeline events (UPDATE, DELETE or TRUNCATE): connect as ${APP_ROLE} or a member of it (${MIGRATE_COMMAND} creates the login of REGISTER_DATABASE_URL's user)`);
  }
}
