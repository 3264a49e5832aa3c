-- Up Migration
-- The app's role (docs/record.md): grantflow_app may read everything and write the record, but it
-- may only INSERT timeline events, never UPDATE or DELETE them (nor TRUNCATE any table). The API and
-- the worker connect as a login role that is, or is a member of, grantflow_app
-- (REGISTER_DATABASE_URL); migrations run as the database's owner (REGISTER_MIGRATION_URL).
-- Roles belong to the whole cluster: created once, kept by the down migration.

-- What the first migration left out of a seat and a report (the record keeps them whole).
ALTER TABLE round_seats
  ADD COLUMN acting_email text,
  ADD COLUMN substitutes jsonb NOT NULL DEFAULT '[]';
ALTER TABLE reports ADD COLUMN requirements_published boolean NOT NULL DEFAULT false;

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'grantflow_app') THEN
    CREATE ROLE grantflow_app NOLOGIN;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO grantflow_app;
GRANT SELECT ON pgmigrations TO grantflow_app;
GRANT SELECT, INSERT ON events, revisions, mail_log TO grantflow_app;
GRANT SELECT, INSERT, UPDATE ON grants TO grantflow_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON rounds, round_seats, parts, tranches, reports TO grantflow_app;
GRANT SELECT ON amendments, repayments TO grantflow_app;

-- Down Migration
REVOKE ALL ON grants, events, revisions, mail_log, rounds, round_seats, parts, tranches, reports, amendments, repayments, pgmigrations FROM grantflow_app;
REVOKE USAGE ON SCHEMA public FROM grantflow_app;
ALTER TABLE reports DROP COLUMN requirements_published;
ALTER TABLE round_seats DROP COLUMN acting_email, DROP COLUMN substitutes;
