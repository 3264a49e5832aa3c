/**
 * The one configuration schema, read from the environment by the API, the worker and the scripts.
 * A wrong or missing value stops start-up with a message that names the variable.
 */
import { z } from 'zod';
import { TASK_QUEUE } from '../workflows/grant/contract';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be 1–65535' })
  .max(65535, { error: 'must be 1–65535' });

const url = z.url({ error: 'must be an absolute http(s) URL' }).refine((u) => /^https?:\/\//.test(u), {
  error: 'must start with http:// or https://',
});

const postgresUrl = z
  .string({ error: 'is required: the register\'s PostgreSQL, e.g. postgres://grantflow_app:password@localhost:5432/grantflow (npm start sets it)' })
  .refine((u) => /^postgres(ql)?:\/\/[^/]+\/[^/?#]+/.test(u) && URL.canParse(u), {
    error: 'must be a postgres:// URL with a database, e.g. postgres://grantflow_app:password@localhost:5432/grantflow',
  });

/** The register's part of the config: also all that `npm run register -- migrate|verify` reads. */
export const RegisterEnvSchema = z.object({
  /**
   * The register (docs/record.md): the PostgreSQL that keeps every grant's public record. The API
   * and the worker connect as the app's role (grantflow_app or a member of it), which may insert
   * timeline events but never change them.
   */
  REGISTER_DATABASE_URL: postgresUrl,
  /** The register's owner, for `npm run register -- migrate` only (the migration step); never given to the API or the worker. */
  REGISTER_MIGRATION_URL: postgresUrl.optional(),
  /** Connections per process to the register. */
  REGISTER_POOL_MAX: z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(1).max(100).default(10),
});

export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
    /** Where people open the Temporal web UI; used for links from the dashboard. */
    TEMPORAL_UI_URL: url.default('http://localhost:8233'),

    HTTP_HOST: z.string().min(1).default('0.0.0.0'),
    HTTP_PORT: port.default(3000),
    /** The address approvers reach the API at; approval links in emails start with it. */
    PUBLIC_BASE_URL: url.default('http://localhost:3000'),

    SMTP_HOST: z.string().min(1).default('localhost'),
    SMTP_PORT: port.default(1025),
    SMTP_SECURE: bool.default(false),
    SMTP_USER: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
    MAIL_FROM: z.string().min(3).default('grantflow <grantflow@localhost>'),
    /** Web inbox of the development mail catcher; printed at start-up only. */
    MAIL_INBOX_URL: url.optional(),

    /** HMAC key that signs approval links. Keep it secret and stable: rotating it voids sent links. */
    LINK_SECRET: z.string({ error: 'is required (at least 32 characters)' }).min(32, { error: 'must be at least 32 characters' }),
    /** How long an approval link stays valid after it was sent. */
    LINK_TTL_DAYS: z.coerce.number({ error: 'must be a number of days' }).int().min(1).max(3650).default(60),

    /** Bearer JWTs: verified with a shared HS256 secret, or against a JWKS URL (one of the two). */
    AUTH_JWT_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
    AUTH_JWKS_URL: url.optional(),
    AUTH_ISSUER: z.string().min(1).default('grantflow'),
    AUTH_AUDIENCE: z.string().min(1).default('grantflow'),

    /**
     * OpenID Connect (docs/signin.md): the provider's issuer URL; everything else is discovered at
     * <issuer>/.well-known/openid-configuration. People sign in to the dashboard with it
     * (authorization code + PKCE); the API also accepts its ID tokens and access tokens.
     */
    OIDC_ISSUER: url.optional(),
    OIDC_CLIENT_ID: z.string().min(1).default('grantflow'),
    /** The client's secret; without it grantflow is a public client (PKCE alone). */
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** The `aud` of access tokens issued for grantflow's API (integrations, client credentials). */
    OIDC_AUDIENCE: z.string().min(1).default('grantflow'),
    OIDC_SCOPES: z.string().regex(/(^|\s)openid(\s|$)/, { error: 'must include openid' }).default('openid profile email'),
    /** The claim that holds the person's groups or app roles; a dotted path reaches nested claims (realm_access.roles). */
    OIDC_ROLES_CLAIM: z.string().min(1).default('groups'),
    /** Which claim value gives which role: `value=role` pairs, comma-separated. */
    OIDC_ROLE_MAP: z
      .string()
      .default('grantflow-coordinators=coordinator,grantflow-managers=manager,grantflow-admins=admin')
      .transform((v, ctx) => {
        const map: Record<string, 'coordinator' | 'manager' | 'admin'> = {};
        for (const pair of v.split(',').map((p) => p.trim()).filter(Boolean)) {
          const i = pair.lastIndexOf('=');
          const role = pair.slice(i + 1).trim();
          if (i <= 0 || (role !== 'coordinator' && role !== 'manager' && role !== 'admin')) {
            ctx.addIssue({ code: 'custom', message: `"${pair}" must be value=coordinator, value=manager or value=admin` });
            return z.NEVER;
          }
          map[pair.slice(0, i).trim()] = role;
        }
        return map;
      }),
    /** The claim that names the person's organisation (a dotted path, as above). */
    OIDC_ORG_CLAIM: z.string().min(1).default('org'),
    /** The organisation of everyone who signs in without that claim (a provider that serves one region). */
    OIDC_ORG: z.string().min(1).optional(),
    OIDC_NAME_CLAIM: z.string().min(1).default('name'),
    /** Development only: the dashboard's paste-a-token login form. Default: on without OIDC_ISSUER (never in production). */
    DASHBOARD_TOKEN_LOGIN: bool.optional(),
    /**
     * How many workflows the worker keeps in memory. Grants wait months between events, so a small
     * cache of the busy ones is enough; an evicted grant is replayed from history when it next acts.
     */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0).max(100_000).default(64),
    /** A workflow bundle built beforehand (`node dist/worker/bundle.js <file>`); without it the worker bundles at start-up. */
    WORKER_WORKFLOW_BUNDLE: z.string().min(1).optional(),
    /**
     * No longer used: lists are read from the register on every request (the in-memory snapshot it
     * paced is gone). Still parsed, so that environments that set it start (docs/configuration.md).
     */
    LIST_REFRESH_SECONDS: z.coerce
      .number({ error: 'must be a number of seconds, e.g. 2 or 0.5' })
      .min(0.1, { error: 'must be at least 0.1 seconds' })
      .max(3600, { error: 'must be at most 3600 seconds' })
      .default(2),
    ...RegisterEnvSchema.shape,
    /** A bearer token for Prometheus to scrape /metrics with; without it only an admin JWT may read them. */
    METRICS_TOKEN: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  })
  .superRefine((c, ctx) => {
    if (!c.AUTH_JWT_SECRET && !c.AUTH_JWKS_URL && !c.OIDC_ISSUER) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: 'set AUTH_JWT_SECRET, AUTH_JWKS_URL or OIDC_ISSUER' });
    }
    if (c.NODE_ENV === 'production' && c.OIDC_ISSUER?.startsWith('http://')) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'must be https:// in production' });
    }
    if (c.NODE_ENV === 'production' && c.DASHBOARD_TOKEN_LOGIN) {
      ctx.addIssue({ code: 'custom', path: ['DASHBOARD_TOKEN_LOGIN'], message: 'is a development flag; it cannot be on in production' });
    }
    if (c.SMTP_USER && !c.SMTP_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_PASSWORD'], message: 'is required when SMTP_USER is set' });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** Whether the dashboard offers the paste-a-token form: a development convenience only. */
export function tokenLoginEnabled(c: Pick<Config, 'NODE_ENV' | 'DASHBOARD_TOKEN_LOGIN' | 'OIDC_ISSUER'>): boolean {
  return c.NODE_ENV !== 'production' && (c.DASHBOARD_TOKEN_LOGIN ?? !c.OIDC_ISSUER);
}

/** Names of every variable the schema reads (the docker-compose test checks against this). */
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as (keyof Config)[];

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * What only the API needs in production: people sign in to the dashboard and the workbench with an
 * OpenID provider, and the paste-a-token form is off there, so without OIDC_ISSUER nobody could.
 * (The worker signs nobody in and does not need it.)
 */
export function apiProblems(c: Pick<Config, 'NODE_ENV' | 'OIDC_ISSUER'>): string[] {
  if (c.NODE_ENV === 'production' && !c.OIDC_ISSUER) return ['OIDC_ISSUER: is required in production: the issuer URL of the OpenID provider people sign in with, e.g. https://login.microsoftonline.com/<tenant>/v2.0 (docs/signin.md)'];
  return [];
}

export function parseConfig(env: Record<string, string | undefined>, opts: { api?: boolean } = {}): Config {
  // Empty strings count as unset, as they do in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
    // zod skips the cross-field checks while any field is wrong; name those problems in the same
    // message so that a broken config is fixed in one round.
    if (!cleaned.AUTH_JWT_SECRET && !cleaned.AUTH_JWKS_URL && !cleaned.OIDC_ISSUER) problems.push('AUTH_JWT_SECRET: set AUTH_JWT_SECRET, AUTH_JWKS_URL or OIDC_ISSUER');
    if (cleaned.SMTP_USER && !cleaned.SMTP_PASSWORD) problems.push('SMTP_PASSWORD: is required when SMTP_USER is set');
    if (opts.api && cleaned.NODE_ENV === 'production' && !cleaned.OIDC_ISSUER) problems.push(...apiProblems({ NODE_ENV: 'production', OIDC_ISSUER: undefined }));
    throw new ConfigError([...new Set(problems)]);
  }
  const forApi = opts.api ? apiProblems(result.data) : [];
  if (forApi.length) throw new ConfigError(forApi);
  return result.data;
}

/** Reads the config or exits with the problems listed (for process entry points). */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env, opts: { api?: boolean } = {}): Config {
  try {
    return parseConfig(env, opts);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}
