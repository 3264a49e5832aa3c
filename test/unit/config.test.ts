/**
 * The configuration schema: defaults for a minimal environment, and a ConfigError naming the
 * variable for each bad value.
 */
import { tokenLoginEnabled, ConfigError, parseConfig } from '../../common/config';

const LINK_SECRET = 'l'.repeat(32);
const AUTH_JWT_SECRET = 'j'.repeat(32);
const REGISTER_DATABASE_URL = 'postgres://grantflow_app@localhost:5432/grantflow';
const MINIMAL = { LINK_SECRET, AUTH_JWT_SECRET, REGISTER_DATABASE_URL };

/** The ConfigError parseConfig throws for env (fails the test if it does not throw one). */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected parseConfig to throw a ConfigError');
}

describe('parseConfig with a minimal environment', () => {
  it('applies every default', () => {
    expect(parseConfig(MINIMAL)).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      TEMPORAL_ADDRESS: 'localhost:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'grantflow',
      TEMPORAL_UI_URL: 'http://localhost:8233',
      WORKER_MAX_CACHED_WORKFLOWS: 64,
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 3000,
      PUBLIC_BASE_URL: 'http://localhost:3000',
      SMTP_HOST: 'localhost',
      SMTP_PORT: 1025,
      SMTP_SECURE: false,
      MAIL_FROM: 'grantflow <grantflow@localhost>',
      LINK_SECRET,
      LINK_TTL_DAYS: 60,
      AUTH_JWT_SECRET,
      AUTH_ISSUER: 'grantflow',
      AUTH_AUDIENCE: 'grantflow',
      LIST_REFRESH_SECONDS: 2,
      OIDC_CLIENT_ID: 'grantflow',
      OIDC_AUDIENCE: 'grantflow',
      OIDC_SCOPES: 'openid profile email',
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_ROLE_MAP: { 'grantflow-coordinators': 'coordinator', 'grantflow-managers': 'manager', 'grantflow-admins': 'admin' },
      OIDC_ORG_CLAIM: 'org',
      OIDC_NAME_CLAIM: 'name',
      REGISTER_DATABASE_URL,
      REGISTER_POOL_MAX: 10,
    });
  });

  it('takes an OpenID issuer instead of a token secret, and reads the role map', () => {
    const c = parseConfig({ LINK_SECRET, REGISTER_DATABASE_URL, OIDC_ISSUER: 'https://login.region.example.se/realms/grantflow', OIDC_ROLE_MAP: 'Grantflow.Samordnare=coordinator, Grantflow.Chef=manager' });
    expect(c.OIDC_ROLE_MAP).toEqual({ 'Grantflow.Samordnare': 'coordinator', 'Grantflow.Chef': 'manager' });
    expect(tokenLoginEnabled(c)).toBe(false);
    expect(tokenLoginEnabled(parseConfig(MINIMAL))).toBe(true);
  });

  it('names the OpenID fields that are wrong: a role map to an unknown role, http in production, the token form in production', () => {
    expect(configError({ ...MINIMAL, OIDC_ROLE_MAP: 'staff=boss' }).problems).toEqual(['OIDC_ROLE_MAP: "staff=boss" must be value=coordinator, value=manager or value=admin']);
    expect(configError({ ...MINIMAL, NODE_ENV: 'production', OIDC_ISSUER: 'http://idp.example.se', DASHBOARD_TOKEN_LOGIN: 'true' }).problems).toEqual([
      'OIDC_ISSUER: must be https:// in production',
      'DASHBOARD_TOKEN_LOGIN: is a development flag; it cannot be on in production',
    ]);
  });

  it('accepts AUTH_JWKS_URL instead of AUTH_JWT_SECRET', () => {
    const c = parseConfig({ LINK_SECRET, REGISTER_DATABASE_URL, AUTH_JWKS_URL: 'https://idp.example.se/.well-known/jwks.json' });
    expect(c.AUTH_JWKS_URL).toBe('https://idp.example.se/.well-known/jwks.json');
  });

  it('ignores variables the schema does not know', () => {
    expect(parseConfig({ ...MINIMAL, PATH: '/usr/bin', HOME: '/root' })).not.toHaveProperty('PATH');
  });
});

describe('parseConfig converts values from strings', () => {
  it('reads HTTP_PORT as a number', () => {
    expect(parseConfig({ ...MINIMAL, HTTP_PORT: '8080' }).HTTP_PORT).toBe(8080);
  });

  it('reads LINK_TTL_DAYS as a number', () => {
    expect(parseConfig({ ...MINIMAL, LINK_TTL_DAYS: '14' }).LINK_TTL_DAYS).toBe(14);
  });

  it('reads LIST_REFRESH_SECONDS as a number, fractions too', () => {
    expect(parseConfig({ ...MINIMAL, LIST_REFRESH_SECONDS: '0.5' }).LIST_REFRESH_SECONDS).toBe(0.5);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('reads SMTP_SECURE=%s as %p', (value, expected) => {
    expect(parseConfig({ ...MINIMAL, SMTP_SECURE: value }).SMTP_SECURE).toBe(expected);
  });

  it('accepts SMTP_USER together with SMTP_PASSWORD', () => {
    expect(parseConfig({ ...MINIMAL, SMTP_USER: 'u', SMTP_PASSWORD: 'p' })).toMatchObject({ SMTP_USER: 'u', SMTP_PASSWORD: 'p' });
  });
});

describe('parseConfig refuses bad values with a ConfigError naming the variable', () => {
  it.each([
    ['HTTP_PORT=abc', { HTTP_PORT: 'abc' }, 'HTTP_PORT', 'must be a port number'],
    ['HTTP_PORT=70000', { HTTP_PORT: '70000' }, 'HTTP_PORT', 'must be 1–65535'],
    ['HTTP_PORT=0', { HTTP_PORT: '0' }, 'HTTP_PORT', 'must be 1–65535'],
    ['HTTP_PORT=80.5', { HTTP_PORT: '80.5' }, 'HTTP_PORT', 'must be a whole number'],
    ['SMTP_PORT=abc', { SMTP_PORT: 'abc' }, 'SMTP_PORT', 'must be a port number'],
    ['SMTP_SECURE=maybe', { SMTP_SECURE: 'maybe' }, 'SMTP_SECURE', 'must be true or false'],
    ['PUBLIC_BASE_URL=ftp://x', { PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL', 'must start with http:// or https://'],
    ['PUBLIC_BASE_URL=not a url', { PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL', 'must be an absolute http(s) URL'],
    ['a short LINK_SECRET', { LINK_SECRET: 'x'.repeat(31) }, 'LINK_SECRET', 'must be at least 32 characters'],
    ['a short AUTH_JWT_SECRET', { AUTH_JWT_SECRET: 'x'.repeat(31) }, 'AUTH_JWT_SECRET', 'must be at least 32 characters'],
    ['NODE_ENV=staging', { NODE_ENV: 'staging' }, 'NODE_ENV', ''],
    ['LINK_TTL_DAYS=0', { LINK_TTL_DAYS: '0' }, 'LINK_TTL_DAYS', ''],
    ['LIST_REFRESH_SECONDS=soon', { LIST_REFRESH_SECONDS: 'soon' }, 'LIST_REFRESH_SECONDS', 'must be a number of seconds, e.g. 2 or 0.5'],
    ['LIST_REFRESH_SECONDS=0', { LIST_REFRESH_SECONDS: '0' }, 'LIST_REFRESH_SECONDS', 'must be at least 0.1 seconds'],
    ['LIST_REFRESH_SECONDS=86400', { LIST_REFRESH_SECONDS: '86400' }, 'LIST_REFRESH_SECONDS', 'must be at most 3600 seconds'],
  ])('%s', (_what, bad, variable, message) => {
    const err = configError({ ...MINIMAL, ...bad });
    expect(err.problems).toContainEqual(expect.stringContaining(`${variable}: ${message}`));
    expect(err.problems.every((p) => p.startsWith(`${variable}: `))).toBe(true);
  });

  it('refuses a missing LINK_SECRET, saying it is required', () => {
    expect(configError({ AUTH_JWT_SECRET, REGISTER_DATABASE_URL }).problems).toEqual(['LINK_SECRET: is required (at least 32 characters)']);
  });

  it('refuses neither AUTH_JWT_SECRET nor AUTH_JWKS_URL, naming both', () => {
    expect(configError({ LINK_SECRET, REGISTER_DATABASE_URL }).problems).toEqual(['AUTH_JWT_SECRET: set AUTH_JWT_SECRET, AUTH_JWKS_URL or OIDC_ISSUER']);
  });

  it('refuses SMTP_USER without SMTP_PASSWORD, naming SMTP_PASSWORD', () => {
    expect(configError({ ...MINIMAL, SMTP_USER: 'grantflow' }).problems).toEqual(['SMTP_PASSWORD: is required when SMTP_USER is set']);
  });

  it('lists every badly formed variable at once', () => {
    const err = configError({ AUTH_JWT_SECRET, REGISTER_DATABASE_URL, HTTP_PORT: 'abc', SMTP_SECURE: 'maybe', LINK_SECRET: 'short' });
    expect(err.problems.map((p) => p.split(':')[0]).sort()).toEqual(['HTTP_PORT', 'LINK_SECRET', 'SMTP_SECURE']);
  });

  it('is a ConfigError named "ConfigError" whose message lists each problem on its own line', () => {
    const err = configError({ ...MINIMAL, HTTP_PORT: 'abc' });
    expect([err.name, err.message]).toEqual(['ConfigError', 'Invalid configuration:\n  - HTTP_PORT: must be a port number']);
  });
});

describe('parseConfig treats empty strings as unset', () => {
  it('uses the default for an empty HTTP_PORT', () => {
    expect(parseConfig({ ...MINIMAL, HTTP_PORT: '' }).HTTP_PORT).toBe(3000);
  });

  it('uses the default for an empty SMTP_SECURE', () => {
    expect(parseConfig({ ...MINIMAL, SMTP_SECURE: '' }).SMTP_SECURE).toBe(false);
  });

  it('leaves an empty optional variable out', () => {
    expect(parseConfig({ ...MINIMAL, AUTH_JWKS_URL: '' })).not.toHaveProperty('AUTH_JWKS_URL');
  });

  it('does not count an empty SMTP_USER as set, so no password is required', () => {
    expect(parseConfig({ ...MINIMAL, SMTP_USER: '', SMTP_PASSWORD: '' })).not.toHaveProperty('SMTP_USER');
  });

  it('refuses an empty LINK_SECRET as missing', () => {
    expect(configError({ ...MINIMAL, LINK_SECRET: '' }).problems).toEqual(['LINK_SECRET: is required (at least 32 characters)']);
  });

  it('refuses an empty AUTH_JWT_SECRET as neither auth variable being set', () => {
    expect(configError({ LINK_SECRET, REGISTER_DATABASE_URL, AUTH_JWT_SECRET: '' }).problems).toEqual(['AUTH_JWT_SECRET: set AUTH_JWT_SECRET, AUTH_JWKS_URL or OIDC_ISSUER']);
  });

  it('treats undefined values as unset', () => {
    expect(parseConfig({ ...MINIMAL, HTTP_PORT: undefined }).HTTP_PORT).toBe(3000);
  });
});

describe('the register', () => {
  it('is required, and the message names the variable and its form', () => {
    const { REGISTER_DATABASE_URL: _omitted, ...rest } = MINIMAL;
    expect(configError(rest).problems).toEqual([expect.stringMatching(/^REGISTER_DATABASE_URL: is required: the register's PostgreSQL, e\.g\. postgres:\/\//)]);
  });

  it.each(['http://localhost:5432/grantflow', 'postgres://localhost:5432', 'grantflow'])('refuses %s, naming the variable', (url) => {
    expect(configError({ ...MINIMAL, REGISTER_DATABASE_URL: url }).problems).toEqual([expect.stringMatching(/^REGISTER_DATABASE_URL: must be a postgres:\/\/ URL with a database/)]);
  });

  it('takes an owner URL for migrations and a pool size', () => {
    const c = parseConfig({ ...MINIMAL, REGISTER_MIGRATION_URL: 'postgresql://owner:pw@db:5432/grantflow', REGISTER_POOL_MAX: '4' });
    expect([c.REGISTER_MIGRATION_URL, c.REGISTER_POOL_MAX]).toEqual(['postgresql://owner:pw@db:5432/grantflow', 4]);
  });
});

describe('a config with several kinds of problems', () => {
  it('names the cross-field problems together with the field problems, in one message', () => {
    let message = '';
    try {
      parseConfig({ HTTP_PORT: 'abc', LINK_SECRET: 'l'.repeat(32), SMTP_USER: 'u' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('HTTP_PORT');
    expect(message).toContain('AUTH_JWT_SECRET');
    expect(message).toContain('SMTP_PASSWORD');
  });
});
