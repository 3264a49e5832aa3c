/**
 * Bearer JWT authentication (jose): development tokens with a shared HS256 secret, tokens of the
 * OpenID provider (OIDC_ISSUER: ID tokens and API access tokens, verified against its JWKS, claims
 * mapped by api/claims.ts), or tokens verified against a JWKS URL.
 * Claims: sub, name, roles (coordinator | manager | admin), org (the organisation).
 * Coordinators steer their organisation's grants; managers read them; admins do both everywhere.
 */
import type { NextFunction, Request, Response } from 'express';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { Config } from '../common/config';
import { HttpError, t } from './errors';
import { claimMapping, principalFromClaims } from './claims';
import { ProviderUnreachable, type Oidc } from './oidc';
import type { EndedSessions } from './endedSessions';

export const ROLES = ['coordinator', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const Principal = z.object({
  sub: z.string().min(1),
  name: z.string().min(1).default('okänd'),
  roles: z.array(z.enum(ROLES)).min(1),
  org: z.string().min(1),
  email: z.email().optional(),
});
export type Principal = z.infer<typeof Principal>;

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** The provider does not answer: try again later (503), the session and token are not at fault. */
export function providerDown(): HttpError {
  return new HttpError(503, 'provider_unavailable', t('inloggningstjänsten (identitetsleverantören) svarar inte just nu; försök igen om en stund', 'the sign-in service (the identity provider) does not answer right now; try again in a moment'), undefined, { 'Retry-After': '30' });
}

export function createAuthenticator(config: Config, oidc?: Oidc, sessions?: EndedSessions) {
  const secret = config.AUTH_JWT_SECRET ? new TextEncoder().encode(config.AUTH_JWT_SECRET) : undefined;
  const jwks: JWTVerifyGetKey | undefined = config.AUTH_JWKS_URL ? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL)) : undefined;
  const options = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };

  const mapping = claimMapping(config);

  /** Which verifier a token is for, by its (unverified) header and issuer; the verifier then decides. */
  function fromProvider(token: string): boolean {
    if (!oidc) return false;
    if (decodeProtectedHeader(token).alg === 'HS256' && secret) return false;
    return oidc.issued(decodeJwt(token)) || !jwks;
  }

  async function verify(token: string): Promise<Principal> {
    if (fromProvider(token)) {
      const claims = await oidc!.verify(token).catch((e: unknown) => {
        throw e instanceof ProviderUnreachable ? providerDown() : e;
      });
      const mapped = principalFromClaims(claims, mapping);
      if (!mapped.ok) throw new HttpError(403, 'forbidden', t(`kontot saknar behörighet i grantflow (${mapped.reason})`, mapped.reason));
      return mapped.principal;
    }
    if (!secret && !jwks) throw new HttpError(401, 'invalid_token', t('token kommer inte från den konfigurerade identitetsleverantören', 'the token is not from the configured provider'));
    const { payload } = jwks ? await jwtVerify(token, jwks, options) : await jwtVerify(token, secret!, { ...options, algorithms: ['HS256'] });
    const parsed = Principal.safeParse(payload);
    if (!parsed.success) throw new HttpError(401, 'invalid_token', t('token saknar sub, roles eller org', 'the token lacks sub, roles or org'), undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    return parsed.data;
  }

  /**
   * A dashboard session's token: verified as any token, and, when the provider issued it, not ended
   * by the provider since (back-channel logout, api/endedSessions.ts). A register that cannot be
   * asked does not sign anybody out: the session then lasts until its ID token expires.
   */
  async function verifySession(token: string): Promise<Principal> {
    const principal = await verify(token);
    if (!sessions || !fromProvider(token)) return principal;
    const c = decodeJwt(token);
    const key = { iss: String(c.iss), sid: typeof c.sid === 'string' ? c.sid : undefined, sub: c.sub, iat: c.iat };
    const over = await sessions.ended(key).catch(() => false);
    if (over) throw new HttpError(401, 'session_ended', t('inloggningen avslutades hos identitetsleverantören; logga in igen', 'the sign-in was ended at the identity provider; sign in again'));
    return principal;
  }

  /** Requires a valid bearer token (or, where `session` allows, the dashboard's session cookie) holding one of `roles` (admin always passes). */
  const guard = (roles: Role[], session: boolean) => {
    return async (req: Request, _res: Response, next: NextFunction) => {
      try {
        // Present even when blank: a request that brings an Authorization header is judged by it
        // alone, and a session cookie does not make a bad (or empty) header good.
        const header = req.headers.authorization;
        const m = header === undefined ? null : /^Bearer\s+([A-Za-z0-9_\-.]+)$/i.exec(header);
        if (header !== undefined && !m) throw new HttpError(401, 'invalid_token', t('Authorization ska vara "Bearer <token>"', 'Authorization must be "Bearer <token>"'), undefined, { 'WWW-Authenticate': 'Bearer error="invalid_request"' });
        const token = m?.[1] ?? (session ? sessionToken(req) : undefined);
        if (!token) throw new HttpError(401, 'unauthenticated', t('skicka Authorization: Bearer <token>', 'send Authorization: Bearer <token>'), undefined, { 'WWW-Authenticate': 'Bearer' });
        let principal: Principal;
        try {
          principal = m ? await verify(token) : await verifySession(token);
        } catch (e) {
          if (e instanceof HttpError) throw e;
          throw new HttpError(401, 'invalid_token', t('token är ogiltig eller har gått ut', 'the token is invalid or expired'), undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
        }
        if (!principal.roles.includes('admin') && !roles.some((r) => principal.roles.includes(r))) {
          throw new HttpError(403, 'forbidden', t(`kräver rollen ${roles.map((r) => roleWords('sv', r)).join(' eller ')}`, `requires the role ${roles.map((r) => roleWords('en', r)).join(' or ')}`));
        }
        req.principal = principal;
        next();
      } catch (e) {
        next(e);
      }
    };
  };
  const requireRole = (...roles: Role[]) => guard(roles, false);
  /** The same, also accepting the `gf_session` cookie: for the dashboard's routes only (browsers send no bearer header when they navigate). */
  requireRole.orSession = (...roles: Role[]) => guard(roles, true);
  /** Verifies a token as requireRole does (the dashboard's login form). */
  requireRole.verify = verify;
  /** Verifies a session cookie's token as the dashboard's guard does (the login page: a session ended at the provider is no session). */
  requireRole.verifySession = verifySession;
  return requireRole;
}

/**
 * A page's answer to a request without a valid session: a browser (no Authorization header) is
 * sent to the login form; a program that sent a bearer token that failed gets the 401 itself.
 */
/** A role in words, with its name in tokens and claims where that differs: "samordnare (coordinator)". */
const roleWords = (lang: 'sv' | 'en', r: Role) => (ROLE_NAME[lang][r] === r ? r : `${ROLE_NAME[lang][r]} (${r})`);

const ROLE_NAME: Record<'sv' | 'en', Record<Role, string>> = {
  sv: { coordinator: 'samordnare', manager: 'chef', admin: 'administratör' },
  en: { coordinator: 'coordinator', manager: 'manager', admin: 'administrator' },
};

export const bearerClient = (req: Request): boolean => req.headers.authorization !== undefined;

/**
 * The dashboard's session cookie: a JWT, HttpOnly, Path=/dashboard; SameSite=Lax when the provider's
 * sign-in sets it (it must survive the redirect back from the provider), Strict when the development
 * token form does.
 */
export const SESSION_COOKIE = 'gf_session';

/** The session cookie's value, read from the Cookie header (no cookie-parser needed). */
export function sessionToken(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === SESSION_COOKIE) {
      const v = part.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
      return /^[A-Za-z0-9_\-.]+$/.test(v) ? v : undefined;
    }
  }
  return undefined;
}

export type RequireRole = ReturnType<typeof createAuthenticator>;

/** Development and test tokens, signed with the shared secret. */
export async function issueToken(
  config: Pick<Config, 'AUTH_JWT_SECRET' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>,
  p: Principal,
  ttl = '30d',
): Promise<string> {
  if (!config.AUTH_JWT_SECRET) throw new Error('AUTH_JWT_SECRET is not set');
  return new SignJWT({ name: p.name, roles: p.roles, org: p.org, ...(p.email ? { email: p.email } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(p.sub)
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(config.AUTH_JWT_SECRET));
}

/** May this principal act on (write) a grant of `org`? Managers read; coordinators steer their own org. */
export function canSteer(p: Principal, org: string): boolean {
  return p.roles.includes('admin') || (p.roles.includes('coordinator') && p.org === org);
}
export function canRead(p: Principal, org: string): boolean {
  return p.roles.includes('admin') || p.org === org;
}
