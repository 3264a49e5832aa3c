-- Up Migration
-- The public record of every grant (docs/record.md). Amounts are integer öre; dates are
-- Europe/Stockholm calendar dates; times are timestamptz. Written only by the recordGrant activity
-- (as the role grantflow_app), read by the API.

CREATE TABLE grants (
  case_number        text PRIMARY KEY,
  workflow_id        text NOT NULL,
  title              text NOT NULL,
  organisation       text NOT NULL,
  county             text,
  year               integer NOT NULL,
  lang               text NOT NULL,
  stage              text NOT NULL,
  status             text NOT NULL,
  revision           integer NOT NULL,
  total_ore          bigint NOT NULL,
  decided_ore        bigint NOT NULL,
  requisitioned_ore  bigint NOT NULL,
  paid_ore           bigint NOT NULL,
  lapsed_ore         bigint NOT NULL,
  to_repay_ore       bigint NOT NULL,
  repaid_ore         bigint NOT NULL,
  next_deadline      date,
  overdue            boolean NOT NULL,
  started_at         timestamptz NOT NULL,
  started_by         text NOT NULL,
  decided_at         timestamptz,
  signed_at          timestamptz,
  closed_at          timestamptz,
  -- the workflow's change counter: a summary is replaced only by one with a higher seq
  seq                integer NOT NULL,
  -- the chain: events held, and the last event's hash
  events             integer NOT NULL DEFAULT 0,
  head_hash          text,
  recorded_at        timestamptz NOT NULL DEFAULT now(),
  search             tsvector GENERATED ALWAYS AS (
                       to_tsvector('swedish', coalesce(title, '') || ' ' || case_number || ' ' || organisation)
                     ) STORED
);

-- Every timeline event, append-only, numbered per grant from 1; hash = sha256(prev_hash, canonical
-- JSON of the event) (register/chain.ts).
CREATE TABLE events (
  case_number  text NOT NULL REFERENCES grants (case_number),
  n            integer NOT NULL CHECK (n >= 1),
  at           timestamptz NOT NULL,
  type         text NOT NULL,
  actor        text NOT NULL,
  comment      text,
  revision     integer,
  data         jsonb,
  prev_hash    text NOT NULL,
  hash         text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_number, n)
);
CREATE INDEX events_type ON events (type, at);

CREATE TABLE revisions (
  case_number  text NOT NULL REFERENCES grants (case_number),
  revision     integer NOT NULL,
  plan         jsonb NOT NULL,
  at           timestamptz NOT NULL,
  by           text NOT NULL,
  comment      text,
  PRIMARY KEY (case_number, revision)
);

CREATE TABLE rounds (
  case_number  text NOT NULL REFERENCES grants (case_number),
  round_id     text NOT NULL,
  kind         text NOT NULL,
  revision     integer NOT NULL,
  group_id     text NOT NULL,
  name         text NOT NULL,
  rule         jsonb NOT NULL,
  chair_id     text,
  deadline     date,
  subject      text,
  opened_at    timestamptz NOT NULL,
  closed_at    timestamptz,
  outcome      text,
  PRIMARY KEY (case_number, round_id)
);

CREATE TABLE round_seats (
  case_number  text NOT NULL,
  round_id     text NOT NULL,
  member_id    text NOT NULL,
  position     integer NOT NULL,
  name         text NOT NULL,
  email        text NOT NULL,
  title        text,
  acting_id    text NOT NULL,
  acting_name  text NOT NULL,
  answer       text,
  comment      text,
  answered_at  timestamptz,
  answered_by  text,
  delegations  jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (case_number, round_id, member_id),
  FOREIGN KEY (case_number, round_id) REFERENCES rounds (case_number, round_id)
);

CREATE TABLE parts (
  case_number             text NOT NULL REFERENCES grants (case_number),
  part_id                 text NOT NULL,
  position                integer NOT NULL,
  name                    text NOT NULL,
  amount_ore              bigint NOT NULL,
  unit                    text,
  requisition_deadline    date,
  requisitioned_at        timestamptz,
  requisitioned_by        text,
  requisition_overdue     boolean NOT NULL,
  used_ore                bigint,
  PRIMARY KEY (case_number, part_id)
);

-- Payments and lapses: one row per tranche.
CREATE TABLE tranches (
  case_number  text NOT NULL REFERENCES grants (case_number),
  tranche_id   text NOT NULL,
  position     integer NOT NULL,
  amount_ore   bigint NOT NULL,
  payee        text NOT NULL,
  part_id      text,
  trigger      jsonb NOT NULL,
  status       text NOT NULL,
  due_at       timestamptz,
  paid_at      timestamptz,
  paid_by      text,
  lapsed_at    timestamptz,
  condition    jsonb,
  PRIMARY KEY (case_number, tranche_id)
);

CREATE TABLE reports (
  case_number    text NOT NULL REFERENCES grants (case_number),
  report_id      text NOT NULL,
  position       integer NOT NULL,
  what           text NOT NULL,
  to_whom        text NOT NULL,
  due            date NOT NULL,
  requirements   text,
  status         text NOT NULL,
  overdue        boolean NOT NULL,
  submitted_at   timestamptz,
  submitted_by   text,
  PRIMARY KEY (case_number, report_id)
);

-- The mail log: purpose, recipients, Message-ID, time. Never a link or a token.
CREATE TABLE mail_log (
  case_number  text NOT NULL REFERENCES grants (case_number),
  mail_key     text NOT NULL,
  purpose      text NOT NULL,
  recipients   text[] NOT NULL,
  message_id   text NOT NULL,
  at           timestamptz NOT NULL,
  rejected     text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (case_number, mail_key, message_id)
);

-- Repayments and amendments are events; these views name them.
CREATE VIEW amendments AS
  SELECT case_number, n, at, actor, comment, data -> 'before' AS before, data - 'before' AS after
  FROM events WHERE type = 'amended';
CREATE VIEW repayments AS
  SELECT case_number, n, at, actor, comment, data FROM events WHERE type IN ('repaymentDue', 'repaid');

-- Every filter and sort of the managers' list (register/list.ts).
CREATE INDEX grants_search ON grants USING gin (search);
CREATE INDEX grants_stage ON grants (stage, case_number);
CREATE INDEX grants_status ON grants (status, case_number);
CREATE INDEX grants_year ON grants (year, case_number);
CREATE INDEX grants_county ON grants (county, case_number);
CREATE INDEX grants_organisation ON grants (organisation, case_number);
CREATE INDEX grants_overdue ON grants (overdue, next_deadline) WHERE overdue;
CREATE INDEX grants_next_deadline ON grants (next_deadline, case_number);
CREATE INDEX grants_started_at ON grants (started_at, case_number);
CREATE INDEX grants_total ON grants (total_ore, case_number);
CREATE INDEX grants_decided ON grants (decided_ore, case_number);
CREATE INDEX grants_paid ON grants (paid_ore, case_number);
CREATE INDEX grants_title ON grants (lower(title), case_number);

-- Down Migration
DROP VIEW repayments;
DROP VIEW amendments;
DROP TABLE mail_log, reports, tranches, parts, round_seats, rounds, revisions, events, grants;
