/**
 * N grants in the register's `grants` table, generated in PostgreSQL (generate_series, one INSERT):
 * realistic Swedish titles (a topic, a target group, a place and a year), 21 regions with their
 * county codes, years 2020–2027, every stage and status, amounts from 50 000 to 25 000 000 kr,
 * decided and paid where the stage says so, next deadlines over two years (none when closed), about
 * 4 % overdue. Deterministic: row i is always the same grant.
 */
import type { Pool } from 'pg';
import { COUNTIES } from '../../domain/allocation/counties';

const TOPICS = [
  'Psykisk hälsa', 'Suicidprevention', 'Ungdomsmottagning', 'Brukarråden', 'Brukarmedverkan', 'Samverkan kring barn och unga',
  'Första linjens vård', 'Äldres psykiska hälsa', 'Beroendevård', 'E-hälsa och digitala stöd', 'Anhörigstöd', 'Traumamedveten omsorg',
  'Tidiga insatser i skolan', 'Stöd till föräldrar', 'Kompetenslyft för personal', 'Våld i nära relationer',
];
const GROUPS = ['för barn och unga', 'för äldre', 'för nyanlända', 'i glesbygd', 'för personer med funktionsnedsättning', 'för anhöriga', 'i primärvården', 'länsgemensamt'];
const STAGES = ['anchoring', 'decision', 'signature', 'requisition', 'payment', 'inUse', 'reporting', 'review', 'repayment', 'closed'];

/** Fills the table with `n` generated grants and analyzes it. */
export async function seedGrants(pool: Pool, n: number): Promise<void> {
  const regions = COUNTIES.map((c) => `Region ${c.name.replace(/s? län$/, '')}`);
  const counties = COUNTIES.map((c) => c.code);
  const places = COUNTIES.map((c) => c.name.replace(/s? län$/, ''));
  await pool.query(
    `INSERT INTO grants (case_number, workflow_id, title, organisation, county, year, lang, stage, status, revision,
       total_ore, decided_ore, requisitioned_ore, paid_ore, lapsed_ore, to_repay_ore, repaid_ore,
       next_deadline, overdue, started_at, started_by, decided_at, closed_at, seq)
     SELECT cn, 'grant:' || cn, title, org, county, year, 'sv', stage, status, 1,
       total, decided, decided / 2, paid, 0, 0, 0,
       CASE WHEN stage = 'closed' THEN NULL ELSE DATE '2026-06-01' + ((i * 37) % 730) END,
       stage <> 'closed' AND i % 25 = 0,
       TIMESTAMPTZ '2020-01-01' + (i % 2500) * INTERVAL '1 day', 'Elin Ring',
       CASE WHEN decided > 0 THEN TIMESTAMPTZ '2020-03-01' + (i % 2400) * INTERVAL '1 day' END,
       CASE WHEN stage = 'closed' THEN TIMESTAMPTZ '2021-01-01' + (i % 2000) * INTERVAL '1 day' END,
       1 + i % 40
     FROM (
       SELECT i,
         'RS/' || (i / 8 + 1) || '/' || (2020 + i % 8) AS cn,
         ($1::text[])[1 + i % array_length($1::text[], 1)] || ' ' || ($2::text[])[1 + (i / 16) % array_length($2::text[], 1)]
           || ' i ' || ($5::text[])[1 + (i / 7) % 21] || ' ' || (2020 + i % 8) AS title,
         ($3::text[])[1 + i % 21] AS org,
         ($4::text[])[1 + i % 21] AS county,
         2020 + i % 8 AS year,
         ($6::text[])[1 + (i / 3) % 10] AS stage,
         CASE WHEN (i / 3) % 10 = 9 THEN (ARRAY['closed', 'closed', 'closed', 'cancelled', 'rejected'])[1 + i % 5] ELSE 'active' END AS status,
         (5000000 + (i * 7919) % 2495000000)::bigint AS total,
         CASE WHEN (i / 3) % 10 >= 2 THEN (5000000 + (i * 7919) % 2495000000)::bigint ELSE 0 END AS decided,
         CASE WHEN (i / 3) % 10 >= 4 THEN ((5000000 + (i * 7919) % 2495000000) / (1 + i % 3))::bigint ELSE 0 END AS paid
       FROM generate_series(0, $7::int - 1) AS i
     ) g`,
    [TOPICS, GROUPS, regions, counties, places, STAGES, n],
  );
  await pool.query('VACUUM ANALYZE grants');
}
