/**
 * Rows of the register's `grants` table as a test writes them directly, for the list's tests (the
 * workflow writes them in production); the register itself is register/local.ts.
 */
import type { Pool } from 'pg';

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
