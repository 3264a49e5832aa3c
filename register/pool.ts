/**
 * Connection pools to the register. Amounts (bigint) come back as numbers (integer öre stays far
 * below 2^53) and dates (the `date` type) as the calendar date text, never as a Date at local
 * midnight. The types are set per pool, not globally, so nothing else in the process changes.
 */
import pg from 'pg';
import type { Logger } from 'pino';

const INT8 = 20;
const DATE = 1082;

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface RegisterPoolOptions {
  /** Connections at most (default 10). */
  max?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  log?: Pick<Logger, 'warn'>;
}

export function createRegisterPool(url: string, opts: RegisterPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'grantflow',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    types,
  });
  // An idle connection that breaks (the database restarts) is an event, not a crash: the next
  // query opens a new one, and a write that fails is retried by its activity.
  pool.on('error', (err) => opts.log?.warn({ err: err.message }, 'register connection lost'));
  return pool;
}

/** A URL for logs and messages: without its password. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}
