/**
 * The register's hash chain (docs/record.md). Each event row carries
 *   hash = sha256_hex(prev_hash || canonical JSON of the event)
 * where prev_hash is the previous row's hash (GENESIS for a grant's first event) and the canonical
 * JSON is RFC 8785 (JSON Canonicalization Scheme, npm `canonicalize` by the RFC's author) of
 * { caseNumber, n, at, type, actor, comment?, revision?, data? }: the case number and the number
 * bind a row to its place, so a row moved to another grant or position breaks the chain too.
 * `at` is the ISO instant with milliseconds (as PostgreSQL's timestamptz gives it back), so the
 * writer and the verifier hash the same text.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { TimelineEvent } from '../workflows/grant/model';

/** The prev_hash of a grant's first event. */
export const GENESIS = '0'.repeat(64);

export interface ChainedEvent {
  caseNumber: string;
  n: number;
  at: string;
  type: string;
  actor: string;
  comment?: string;
  revision?: number;
  data?: Record<string, unknown>;
}

/** The instant as PostgreSQL returns it (milliseconds, UTC); refuses what is not an instant. */
export function instant(at: string | Date): string {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) throw new RangeError(`"${String(at)}" is not a time`);
  return d.toISOString();
}

/** The event as the chain hashes it: absent, undefined and null optional fields all mean "none". */
export function chainedEvent(caseNumber: string, n: number, e: Pick<TimelineEvent, 'type' | 'actor'> & { at: string | Date; comment?: string | null; revision?: number | null; data?: Record<string, unknown> | null }): ChainedEvent {
  return {
    caseNumber,
    n,
    at: instant(e.at),
    type: e.type,
    actor: e.actor,
    ...(e.comment != null ? { comment: e.comment } : {}),
    ...(e.revision != null ? { revision: e.revision } : {}),
    ...(e.data != null ? { data: e.data } : {}),
  };
}

export function canonicalJson(e: ChainedEvent): string {
  const s = canonicalize(e);
  if (s === undefined) throw new TypeError('an event has no JSON form');
  return s;
}

export function chainHash(prevHash: string, e: ChainedEvent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(e)).digest('hex');
}
