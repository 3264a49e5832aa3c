/**
 * The region's OpenID provider, found by its issuer URL alone (discovery): the client for the
 * dashboard's sign-in (openid-client) and the key set its tokens are verified against (jose).
 * Discovery runs on first use and again after a failure, so the API starts while the provider is down.
 */
import * as client from 'openid-client';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../common/config';

/**
 * The provider could not be asked (discovery or its key set failed: down, unreachable, answering
 * 5xx or not as a provider). Not the person's fault: they are told to try again (503), never that
 * their session or token is bad.
 */
export class ProviderUnreachable extends Error {
  constructor(cause: unknown) {
    super(`the OpenID provider cannot be reached: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ProviderUnreachable';
  }
}

/** Whether a failure to verify a token is the provider's key set not answering, not the token itself. */
function keySetFailed(e: unknown): boolean {
  return e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid || !(e instanceof joseErrors.JOSEError);
}

export interface Oidc {
  issuer: string;
  clientId: string;
  /** The discovered client configuration (cached). */
  configuration(): Promise<client.Configuration>;
  /** Verifies one of the provider's tokens: an ID token for grantflow, or an access token for its API. */
  verify(token: string): Promise<JWTPayload>;
  /** Whether a token was (by its unverified `iss`) issued by this provider. */
  issued(payload: JWTPayload): boolean;
  /**
   * Verifies a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6):
   * signed by the provider, for grantflow, recent, with the logout event, no nonce, and a sid or a
   * sub. Throws LogoutTokenInvalid naming what is wrong, or ProviderUnreachable.
   */
  verifyLogout(token: string): Promise<{ iss: string; sid?: string; sub?: string }>;
}

/** A logout token that is not one (bad signature, audience, age, claims). */
export class LogoutTokenInvalid extends Error {
  constructor(reason: string) {
    super(`not a valid logout token: ${reason}`);
    this.name = 'LogoutTokenInvalid';
  }
}

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export function createOidc(config: Config): Oidc | undefined {
  if (!config.OIDC_ISSUER) return undefined;
  const issuer: string = config.OIDC_ISSUER;
  let discovered: Promise<{ conf: client.Configuration; keys: JWTVerifyGetKey }> | undefined;

  function discover() {
    discovered ??= (async () => {
      const insecure = issuer.startsWith('http://') ? { execute: [client.allowInsecureRequests] } : undefined;
      const auth = config.OIDC_CLIENT_SECRET ? client.ClientSecretBasic(config.OIDC_CLIENT_SECRET) : client.None();
      const conf = await client.discovery(new URL(issuer), config.OIDC_CLIENT_ID, undefined, auth, insecure);
      const jwksUri = conf.serverMetadata().jwks_uri;
      if (!jwksUri) throw new Error('the provider publishes no jwks_uri');
      return { conf, keys: createRemoteJWKSet(new URL(jwksUri)) };
    })();
    discovered.catch(() => (discovered = undefined));
    return discovered.catch((e: unknown) => {
      throw new ProviderUnreachable(e);
    });
  }

  return {
    issuer,
    clientId: config.OIDC_CLIENT_ID,
    configuration: async () => (await discover()).conf,
    async verify(token) {
      const { conf, keys } = await discover();
      try {
        const { payload } = await jwtVerify(token, keys, { issuer: conf.serverMetadata().issuer, audience: [config.OIDC_CLIENT_ID, config.OIDC_AUDIENCE] });
        return payload;
      } catch (e) {
        throw keySetFailed(e) ? new ProviderUnreachable(e) : e;
      }
    },
    issued: (payload) => typeof payload.iss === 'string' && payload.iss.replace(/\/+$/, '') === issuer.replace(/\/+$/, ''),
    async verifyLogout(token) {
      const { conf, keys } = await discover();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, { issuer: conf.serverMetadata().issuer, audience: config.OIDC_CLIENT_ID, maxTokenAge: '10 minutes', requiredClaims: ['iat', 'jti'] }));
      } catch (e) {
        if (keySetFailed(e)) throw new ProviderUnreachable(e);
        throw new LogoutTokenInvalid(e instanceof Error ? e.message : String(e));
      }
      const events = payload.events;
      if (!events || typeof events !== 'object' || !(LOGOUT_EVENT in events)) throw new LogoutTokenInvalid('no back-channel logout event');
      if ('nonce' in payload) throw new LogoutTokenInvalid('a logout token carries no nonce');
      const sid = typeof payload.sid === 'string' && payload.sid ? payload.sid : undefined;
      const sub = typeof payload.sub === 'string' && payload.sub ? payload.sub : undefined;
      if (!sid && !sub) throw new LogoutTokenInvalid('neither sid nor sub');
      return { iss: payload.iss!, ...(sid ? { sid } : {}), ...(sub ? { sub } : {}) };
    },
  };
}
