-- Up Migration
-- Sign-in sessions the identity provider has ended (OpenID Connect back-channel logout,
-- api/endedSessions.ts): a dashboard session whose provider session is listed here is over, in every
-- API process. Not part of the public record; a row is kept only as long as a session cookie could
-- still be presented (expires_at), then pruned.
CREATE TABLE ended_sessions (
  id bigserial PRIMARY KEY,
  iss text NOT NULL,
  -- The provider's session (the ID token's sid); null when the provider ended every session of sub.
  sid text,
  sub text,
  ended_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK (sid IS NOT NULL OR sub IS NOT NULL)
);
CREATE INDEX ended_sessions_sid ON ended_sessions (iss, sid) WHERE sid IS NOT NULL;
CREATE INDEX ended_sessions_sub ON ended_sessions (iss, sub) WHERE sid IS NULL;
CREATE INDEX ended_sessions_expires ON ended_sessions (expires_at);
GRANT SELECT, INSERT, DELETE ON ended_sessions TO grantflow_app;
GRANT USAGE ON SEQUENCE ended_sessions_id_seq TO grantflow_app;

-- Down Migration
DROP TABLE ended_sessions;
