/**
 * Reads that must agree with each other (a grant's row and its events, the whole record) run on one
 * connection in a read-only REPEATABLE READ transaction: one snapshot, so a batch the writer commits
 * meanwhile is either wholly in it or not at all (without it, verify could see the grant's new head
 * with the old events and call a sound chain broken).
 */
import type { Pool, PoolClient } from 'pg';

export type SnapshotClient = Pick<PoolClient, 'query'>;

export async function inSnapshot<T>(pool: Pick<Pool, 'connect'>, read: (c: SnapshotClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return await read(c);
  } finally {
    await c.query('ROLLBACK').catch(() => undefined);
    c.release();
  }
}
