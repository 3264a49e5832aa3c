/** backfill and reconcile: the register against Temporal (filled in below). */
import type { Pool } from 'pg';

export async function runTemporalCommand(command: 'backfill' | 'reconcile', _pool: Pool, _env: { TEMPORAL_ADDRESS: string; TEMPORAL_NAMESPACE: string }, out: (line: string) => void): Promise<number> {
  out(`${command}: not yet`);
  return 2;
}
