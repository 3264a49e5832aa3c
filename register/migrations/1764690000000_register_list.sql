-- Up Migration
-- The managers' list (register/list.ts, docs/record.md "Reading the register"): natural case-number
-- order, accent-folded Swedish full-text search, and an index for every filter and sort as the list
-- queries them (checked with EXPLAIN in test/unit/registerList.test.ts).

-- Case numbers in natural order, as people read them: RS/728/2024 before RS/1585/2017
-- (ICU's numeric ordering; PostgreSQL's builds in Debian and the official image have ICU).
CREATE COLLATION case_number_order (provider = icu, locale = 'sv-u-kn-true');

-- Full-text search in Swedish over the title, the case number and the organisation, with accents
-- other than the Swedish letters folded first (é → e, ü → u: "cafe" finds "Café"). å, ä and ö are
-- letters of their own in Swedish and the Swedish stemmer is made for them: folding them would make
-- "brukarråd" and "brukarråden" stem apart. The query side folds with the same table
-- (register/search.ts). translate() is immutable, so the column stays generated.
DROP INDEX grants_search;
ALTER TABLE grants DROP COLUMN search;
ALTER TABLE grants ADD COLUMN search tsvector GENERATED ALWAYS AS (
  to_tsvector('swedish',
    translate(title || ' ' || case_number || ' ' || organisation,
              'ÀÁÂÃĀÈÉÊËĒÌÍÎÏĪÒÓÔÕŌÙÚÛÜŪÑÇÝàáâãāèéêëēìíîïīòóôõōùúûüūñçýÿ',
              'AAAAAEEEEEIIIIIOOOOOUUUUUNCYaaaaaeeeeeiiiiiooooouuuuuncyy'))
) STORED;
CREATE INDEX grants_search ON grants USING gin (search);
-- `q` also matches the start of a case number, whatever the letters' case.
CREATE INDEX grants_case_prefix ON grants (lower(case_number) text_pattern_ops);

-- Sorts: each with the case number (natural order) as the tie-break in the same direction, so one
-- index serves a sort both ways. A sort on a column that may be empty keeps empty last both ways:
-- ascending NULLS LAST here, descending NULLS LAST in its own index.
DROP INDEX grants_next_deadline, grants_started_at, grants_total, grants_decided, grants_paid, grants_title, grants_year;
CREATE INDEX grants_case_order ON grants (case_number COLLATE case_number_order);
CREATE INDEX grants_next_deadline ON grants (next_deadline ASC NULLS LAST, case_number COLLATE case_number_order);
CREATE INDEX grants_next_deadline_desc ON grants (next_deadline DESC NULLS LAST, case_number COLLATE case_number_order DESC);
CREATE INDEX grants_year ON grants (year, case_number COLLATE case_number_order);
CREATE INDEX grants_total ON grants (total_ore, case_number COLLATE case_number_order);
CREATE INDEX grants_decided ON grants (decided_ore, case_number COLLATE case_number_order);
CREATE INDEX grants_paid ON grants (paid_ore, case_number COLLATE case_number_order);

-- Everyone but an admin lists within their organisation: the default sort within it, and the
-- organisation first in the filters' indexes.
CREATE INDEX grants_org_next_deadline ON grants (organisation, next_deadline ASC NULLS LAST, case_number COLLATE case_number_order);
DROP INDEX grants_overdue;
CREATE INDEX grants_overdue ON grants (organisation, status) WHERE overdue;

-- The register answers short queries (a page of the list, one grant): JIT compilation, which
-- PostgreSQL starts for any plan that looks costly (a count over 100 000 rows does), costs more
-- than it saves there (tens of milliseconds per query).
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET jit = off', current_database()); END $$;

-- Down Migration
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET jit', current_database()); END $$;
DROP INDEX grants_overdue, grants_org_next_deadline, grants_paid, grants_decided, grants_total, grants_year,
  grants_next_deadline_desc, grants_next_deadline, grants_case_order, grants_case_prefix, grants_search;
ALTER TABLE grants DROP COLUMN search;
ALTER TABLE grants ADD COLUMN search tsvector GENERATED ALWAYS AS (
  to_tsvector('swedish', coalesce(title, '') || ' ' || case_number || ' ' || organisation)
) STORED;
CREATE INDEX grants_search ON grants USING gin (search);
CREATE INDEX grants_overdue ON grants (overdue, next_deadline) WHERE overdue;
CREATE INDEX grants_next_deadline ON grants (next_deadline, case_number);
CREATE INDEX grants_started_at ON grants (started_at, case_number);
CREATE INDEX grants_total ON grants (total_ore, case_number);
CREATE INDEX grants_decided ON grants (decided_ore, case_number);
CREATE INDEX grants_paid ON grants (paid_ore, case_number);
CREATE INDEX grants_title ON grants (lower(title), case_number);
CREATE INDEX grants_year ON grants (year, case_number);
DROP COLLATION case_number_order;
