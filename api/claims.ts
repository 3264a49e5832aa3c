/**
 * From an OpenID provider's claims to grantflow's principal: roles by a configured map of group (or
 * app role) values, the organisation from a claim or a fixed value (docs/signin.md).
 */
import type { Config } from '../common/config';
import { Principal, ROLES, type Role } from './auth';

export interface ClaimMapping {
  rolesClaim: string;
  roleMap: Record<string, Role>;
  orgClaim: string;
  org?: string;
  nameClaim: string;
}

export const claimMapping = (c: Config): ClaimMapping => ({ rolesClaim: c.OIDC_ROLES_CLAIM, roleMap: c.OIDC_ROLE_MAP, orgClaim: c.OIDC_ORG_CLAIM, org: c.OIDC_ORG, nameClaim: c.OIDC_NAME_CLAIM });

/** The value at a dotted path (`realm_access.roles`); a claim whose own name holds dots is found first. */
export function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (path in payload) return payload[path];
  return path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), payload);
}

/** Strings of a claim that is a list, one string, or a space-separated string (as `scope` is). */
function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : [];
}

/** The principal, or why the claims do not make one (no mapped role, no organisation). */
export function principalFromClaims(payload: Record<string, unknown>, m: ClaimMapping): { ok: true; principal: Principal } | { ok: false; reason: string } {
  const roles = [...new Set(strings(claimAt(payload, m.rolesClaim)).map((v) => m.roleMap[v]).filter((r): r is Role => r !== undefined))].sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
  const orgClaim = claimAt(payload, m.orgClaim);
  const org = typeof orgClaim === 'string' && orgClaim.trim() ? orgClaim.trim() : Array.isArray(orgClaim) && typeof orgClaim[0] === 'string' ? orgClaim[0] : m.org;
  const name = claimAt(payload, m.nameClaim);
  const parsed = Principal.safeParse({
    sub: payload.sub,
    name: typeof name === 'string' && name.trim() ? name.trim() : undefined,
    roles,
    org,
    email: typeof payload.email === 'string' ? payload.email : undefined,
  });
  if (parsed.success) return { ok: true, principal: parsed.data };
  if (!roles.length) return { ok: false, reason: `no role: the ${m.rolesClaim} claim holds none of ${Object.keys(m.roleMap).join(', ')}` };
  if (!org) return { ok: false, reason: `no organisation: the ${m.orgClaim} claim is missing` };
  return { ok: false, reason: 'the token lacks sub' };
}
