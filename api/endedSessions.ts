/**
 * Sessions the identity provider has ended (OpenID Connect Back-Channel Logout 1.0): the provider
 * POSTs a logout token to /dashboard/backchannel-logout when a person signs out there (from another
 * application, or an administrator ends their session), and grantflow's session, a cookie holding
 * the provider's ID token, ends with it. Kept in the register's `ended_sessions` table so that every
 * API process knows at once; a row lives as long as a session cookie could (SESSION_MAX_SECONDS).
 */
import type { Pool } from 'pg';

/** What identifies a session: the provider's session id, or (without one) every session of the subject until then. */
export interface SessionKey {
  iss: string;
  sid?: string;
  sub?: string;
}

export interface EndedSessions {
  /** Records that the provider ended the session (or all of sub's sessions, without a sid). */
  end(key: SessionKey, keepSeconds: number): Promise<void>;
  /** Whether a session, issued at `iat` (seconds), has been ended by its provider since. */
  ended(key: SessionKey & { iat?: number }): Promise<boolean>;
}

export function endedSessions(pool: Pick<Pool, 'query'>): EndedSessions {
  return {
    async end(key, keepSeconds) {
      await pool.query('DELETE FROM ended_sessions WHERE expires_at < now()');
      await pool.query("INSERT INTO ended_sessions (iss, sid, sub, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))", [key.iss, key.sid ?? null, key.sid ? (key.sub ?? null) : key.sub, keepSeconds]);
    },
    async ended(key) {
      const r = await pool.query(
        `SELECT 1 FROM ended_sessions
          WHERE iss = $1 AND expires_at > now()
            AND ((sid IS NOT NULL AND sid = $2) OR (sid IS NULL AND sub = $3 AND ended_at >= to_timestamp($4)))
          LIMIT 1`,
        [key.iss, key.sid ?? null, key.sub ?? null, key.iat ?? 0],
      );
      return (r.rowCount ?? 0) > 0;
    },
  };
}
