/**
 * The embedded OpenID provider for development and the end-to-end tests: npm's oidc-provider (OpenID
 * Certified) with the development users, a plain login page, RP-initiated and back-channel logout
 * and client credentials for integrations. Production points grantflow at the region's own provider instead.
 */
import express from 'express';
import Provider, { errors } from 'oidc-provider';
import { CSS, type Lang } from '../../api/views/layout';
import type { DevOidcSecrets } from './keys';
import { errorPage, loggedOutPage, loginPage, logoutPage } from './pages';
import { DEV_INTEGRATION, DEV_PASSWORD, DEV_USERS } from './users';

export interface DevProviderOptions {
  issuer: string;
  secrets: DevOidcSecrets;
  /** grantflow's public address: its callback and its signed-out page are registered under it. */
  appBaseUrl: string;
  /** The audience of access tokens for grantflow's API (OIDC_AUDIENCE). */
  apiAudience: string;
}

/** The resource indicator of grantflow's API; tokens for it are JWTs with `aud` = apiAudience. */
export const API_RESOURCE = 'urn:grantflow:api';
const SCOPES = 'openid profile email';
const HOUR = 3600;

type Ctx = { oidc: { client?: { clientId: string; grantTypes: string[] }; session?: { accountId?: string; grantIdFor(id: string): string | undefined }; result?: { consent?: { grantId?: string } }; provider: Provider; params?: { ui_locales?: string } }; type?: string; body?: string; query?: Record<string, string> };

const langOf = (locales: unknown): Lang => (typeof locales === 'string' && /^en\b/.test(locales) ? 'en' : 'sv');

export function createDevProvider(opts: DevProviderOptions): express.Express {
  const base = opts.appBaseUrl.replace(/\/+$/, '');
  const provider = new Provider(opts.issuer, {
    clients: [
      {
        client_id: 'grantflow',
        client_secret: opts.secrets.clientSecret,
        redirect_uris: [`${base}/dashboard/auth/callback`],
        post_logout_redirect_uris: [`${base}/dashboard/login?out=1`, `${base}/dashboard/login?out=1&lang=en`],
        // When the provider's session ends (signed out here, from another application), grantflow's does too.
        backchannel_logout_uri: `${base}/dashboard/backchannel-logout`,
        backchannel_logout_session_required: true,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      { client_id: DEV_INTEGRATION.clientId, client_secret: opts.secrets.integrationSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
    ],
    jwks: { keys: [opts.secrets.signingKey] },
    cookies: { keys: [opts.secrets.cookieKey] },
    // groups and org come with `profile`, so grantflow's default scopes (openid profile email) carry them.
    claims: { openid: ['sub'], profile: ['name', 'groups', 'org'], email: ['email'] },
    scopes: SCOPES.split(' '),
    // The claims go into the ID token itself: grantflow reads roles and organisation from it.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    responseTypes: ['code'],
    async findAccount(_ctx: unknown, sub: string) {
      const u = DEV_USERS.find((x) => x.sub === sub);
      if (!u) return undefined;
      return { accountId: sub, claims: async () => ({ sub, name: u.name, email: u.email, groups: u.groups, org: u.org }) };
    },
    // grantflow is a first-party client: no consent screen; the grant covers its scopes.
    async loadExistingGrant(ctx: Ctx) {
      const o = ctx.oidc;
      const grantId = o.result?.consent?.grantId ?? o.session?.grantIdFor(o.client!.clientId);
      if (grantId) return o.provider.Grant.find(grantId);
      const grant = new o.provider.Grant({ clientId: o.client!.clientId, accountId: o.session!.accountId });
      grant.addOIDCScope(SCOPES);
      grant.addOIDCClaims(['name', 'email', 'groups', 'org']);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: Ctx, form: string) => {
          ctx.type = 'html';
          ctx.body = logoutPage(langOf(ctx.oidc.params?.ui_locales), form);
        },
        postLogoutSuccessSource: async (ctx: Ctx) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage('sv');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (ctx: Ctx) => (ctx.oidc.client?.grantTypes.includes('client_credentials') ? API_RESOURCE : undefined),
        useGrantedResource: async () => false,
        getResourceServerInfo: async (_ctx: unknown, resource: string) => {
          if (resource !== API_RESOURCE) throw new errors.InvalidTarget!();
          return { scope: 'grantflow', audience: opts.apiAudience, accessTokenTTL: HOUR, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // The integration acts as a coordinator of the region: its claims travel in its access token.
    async extraTokenClaims(_ctx: unknown, token: { kind: string; clientId?: string }) {
      if (token.kind === 'ClientCredentials' && token.clientId === DEV_INTEGRATION.clientId) {
        return { name: DEV_INTEGRATION.name, groups: DEV_INTEGRATION.groups, org: DEV_INTEGRATION.org };
      }
      return undefined;
    },
    // The ID token (and so grantflow's session) lasts an hour; the provider's session a working day.
    ttl: { AccessToken: HOUR, AuthorizationCode: 60, ClientCredentials: HOUR, IdToken: HOUR, Interaction: 600, Session: 8 * HOUR, Grant: 8 * HOUR, RefreshToken: 8 * HOUR },
    // oidc-provider refuses outgoing requests to loopback and private addresses (SSRF). The embedded
    // provider and grantflow run side by side on this machine: its back-channel logout to grantflow's
    // own address is let through; every other request keeps the protection.
    fetch: (url: string, options: RequestInit & { dispatcher?: unknown }) => {
      if (new URL(url).origin !== new URL(base).origin) return fetch(url, options);
      const { dispatcher: _ssrfGuard, ...rest } = options;
      return fetch(url, rest);
    },
    renderError: async (ctx: Ctx, out: { error_description?: string; error?: string }) => {
      ctx.type = 'html';
      ctx.body = errorPage('sv', out.error_description ?? out.error ?? 'error');
    },
  });
  provider.on('server_error', () => undefined);

  const app = express();
  app.disable('x-powered-by');
  app.get('/static/app.css', (_req, res) => void res.type('css').send(CSS));
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 5 });

  app.get('/interaction/:uid', async (req, res, next) => {
    try {
      const { uid, prompt, params } = await provider.interactionDetails(req, res);
      if (prompt.name !== 'login') return void res.status(400).type('html').send(errorPage('sv', `unexpected prompt ${prompt.name}`));
      const lang = req.query.lang === 'en' || req.query.lang === 'sv' ? req.query.lang : langOf(params.ui_locales);
      res.set('Cache-Control', 'no-store').type('html').send(loginPage({ lang, action: `/interaction/${uid}/login?lang=${lang}`, langHref: `/interaction/${uid}?lang=${lang === 'sv' ? 'en' : 'sv'}` }));
    } catch (e) {
      next(e);
    }
  });

  app.post('/interaction/:uid/login', form, async (req, res, next) => {
    try {
      const { uid } = await provider.interactionDetails(req, res);
      const lang: Lang = req.query.lang === 'en' ? 'en' : 'sv';
      const body = (req.body ?? {}) as { login?: string; password?: string };
      const user = DEV_USERS.find((u) => u.login === String(body.login ?? '').trim().toLowerCase());
      if (!user || body.password !== DEV_PASSWORD) {
        return void res.status(401).type('html').send(loginPage({ lang, action: `/interaction/${uid}/login?lang=${lang}`, langHref: `/interaction/${uid}?lang=${lang === 'sv' ? 'en' : 'sv'}`, login: String(body.login ?? ''), wrong: true }));
      }
      await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    } catch (e) {
      next(e);
    }
  });

  app.use(provider.callback());
  app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(400).type('html').send(errorPage('sv', 'The sign-in could not continue; start again from grantflow.'));
  });
  return app;
}
