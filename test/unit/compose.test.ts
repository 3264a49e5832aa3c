/**
 * Checks docker-compose.yml (and the Dockerfile it builds) against the code: the app's
 * environment against the config schema, the Temporal setup against the search attributes
 * the workflows use, and the production shape (pinned images, health checks, restart policies).
 */
import { API_NODE_FLAGS, WORKER_NODE_FLAGS } from '../../common/nodeFlags';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parse } from 'yaml';
import { CONFIG_KEYS, ConfigSchema, apiProblems } from '../../common/config';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/grant/contract';
import { CONFIG_FILE, DEPLOY_DIR, DYNAMIC_CONFIG_FILE, deployedSearchAttributes, deploymentEnv, serverEnvironment } from '../../scripts/lib/temporalServer';

const ROOT = path.resolve(__dirname, '../..');
const COMPOSE_PATH = path.join(ROOT, 'docker-compose.yml');
const DOCKERFILE_PATH = path.join(ROOT, 'Dockerfile');

// ---------------------------------------------------------------------------------------------
// Compose interpolation (the subset of https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/
// that matters here): $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err},
// ${VAR?err}, ${VAR:+alt}, ${VAR+alt}; defaults may nest.
// ---------------------------------------------------------------------------------------------

type Env = Record<string, string | undefined>;

class MissingVariableError extends Error {}

interface VariableUse {
  name: string;
  /** The operator after the name ('' for plain ${VAR} and $VAR). */
  op: string;
  arg: string;
}

/** Index just past the `}` that closes the `${` at `start`. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') {
      i++;
    } else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error(`Unclosed \${ in ${JSON.stringify(text)}`);
}

/** Walks a string as compose does; calls `onVariable` for each variable use (also inside defaults). */
function interpolate(text: string, env: Env, onVariable: (use: VariableUse) => void = () => undefined): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch !== '$') {
      out += ch;
      i++;
    } else if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = closingBrace(text, i);
      const inner = text.slice(i + 2, end - 1);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(:-|:\?|:\+|-|\?|\+)?([\s\S]*)$/.exec(inner);
      if (!m || (!m[2] && m[3])) throw new Error(`Invalid interpolation \${${inner}}`);
      const name = m[1] as string;
      const op = m[2] ?? '';
      const arg = m[3] ?? '';
      onVariable({ name, op, arg });
      const value = env[name];
      const isSet = value !== undefined;
      const isNonEmpty = isSet && value !== '';
      switch (op) {
        case '':
          out += value ?? '';
          break;
        case ':-':
          out += isNonEmpty ? value : interpolate(arg, env, onVariable);
          break;
        case '-':
          out += isSet ? value : interpolate(arg, env, onVariable);
          break;
        case ':?':
        case '?':
          if (op === ':?' ? !isNonEmpty : !isSet) {
            throw new MissingVariableError(`${name}: ${interpolate(arg, env, onVariable)}`);
          }
          out += value;
          break;
        case ':+':
          out += isNonEmpty ? interpolate(arg, env, onVariable) : '';
          break;
        case '+':
          out += isSet ? interpolate(arg, env, onVariable) : '';
          break;
      }
      i = end;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (m) {
        onVariable({ name: m[0], op: '', arg: '' });
        out += env[m[0]] ?? '';
        i += 1 + m[0].length;
      } else {
        out += '$';
        i++;
      }
    }
  }
  return out;
}

/** Every variable use in a string, without resolving anything. */
function variableUses(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  // An env where every variable is set and non-empty walks every branch that can throw or
  // nest; defaults are walked separately below so their nested variables are seen too.
  const walk = (t: string): void => {
    interpolate(t, new Proxy({}, { get: () => 'x' }) as Env, (use) => {
      uses.push(use);
      if (use.arg) walk(use.arg);
    });
  };
  walk(text);
  return uses;
}

// ---------------------------------------------------------------------------------------------
// The compose file
// ---------------------------------------------------------------------------------------------

type EnvironmentSpec = Record<string, string | number | boolean | null> | string[];

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: EnvironmentSpec;
  env_file?: unknown;
  depends_on?: string[] | Record<string, { condition?: string; required?: boolean }>;
  healthcheck?: Healthcheck;
  restart?: string;
  ports?: (string | { target?: number; published?: string | number })[];
  volumes?: string[];
}

interface ComposeFile {
  services: Record<string, Service>;
}

const composeText = fs.readFileSync(COMPOSE_PATH, 'utf8');
const compose = parse(composeText, { merge: true }) as ComposeFile;
const services = compose.services;

const APP_SERVICES = ['api', 'worker'] as const;

/** Variables the deployment itself needs (not the app): the database password. */
const DEPLOYMENT_VARIABLES = ['POSTGRES_PASSWORD', 'REGISTER_APP_PASSWORD'];

/** What an operator would put in the environment for the required (`:?`) variables. */
const SAMPLE_VALUES: Record<string, string> = {
  LINK_SECRET: 'sample-link-secret-0123456789abcdef0123456789abcdef',
  AUTH_JWT_SECRET: 'sample-jwt-secret-0123456789abcdef0123456789abcdef',
  AUTH_JWKS_URL: 'https://login.example.se/.well-known/jwks.json',
  OIDC_ISSUER: 'https://login.example.se/realms/region',
  POSTGRES_PASSWORD: 'sample-postgres-password',
};

function sampleFor(name: string): string {
  return SAMPLE_VALUES[name] ?? `sample-${name.toLowerCase()}-`.padEnd(48, 'x');
}

/** All string values in a parsed YAML tree (keys excluded). */
function stringsIn(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(stringsIn);
  if (node && typeof node === 'object') return Object.values(node).flatMap(stringsIn);
  return [];
}

const allUses = stringsIn(compose).flatMap(variableUses);

/** The environment a deployment supplies: samples for the required variables, nothing else. */
const operatorEnv: Env = Object.fromEntries(
  allUses.filter((u) => u.op === ':?' || u.op === '?').map((u) => [u.name, sampleFor(u.name)]),
);

/** A service's environment as written: name → raw value (null = passed through from the host). */
function rawEnvironment(service: Service): Record<string, string | null> {
  const spec = service.environment;
  if (!spec) return {};
  if (Array.isArray(spec)) {
    return Object.fromEntries(
      spec.map((entry) => {
        const eq = entry.indexOf('=');
        return eq === -1 ? [entry, null] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, v === null ? null : String(v)]));
}

/** A service's environment after interpolation with `env` (pass-through entries read `env` too). */
function resolvedEnvironment(service: Service, env: Env = operatorEnv): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(rawEnvironment(service)).map(([k, v]) => [k, v === null ? env[k] : interpolate(v, env)]),
  );
}

/** As common/config.ts parseConfig does: empty strings count as unset. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

function service(name: string): Service {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
}

function dependsOn(s: Service): Record<string, { condition?: string }> {
  const d = s.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, {}]));
  return d;
}

function words(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map((v) => interpolate(String(v), operatorEnv)) : [interpolate(value, operatorEnv)];
}

/** Services some other service waits on with service_completed_successfully. */
const oneShotServices = new Set(
  Object.values(services).flatMap((s) =>
    Object.entries(dependsOn(s))
      .filter(([, d]) => d.condition === 'service_completed_successfully')
      .map(([name]) => name),
  ),
);

function hasHealthcheck(s: Service): boolean {
  const hc = s.healthcheck;
  if (!hc || hc.disable) return false;
  const test = Array.isArray(hc.test) ? hc.test : hc.test ? [hc.test] : [];
  return test.length > 0 && test[0] !== 'NONE';
}

// ---------------------------------------------------------------------------------------------
// The Dockerfile
// ---------------------------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}

function dockerfileInstructions(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!current && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (current && trimmed.startsWith('#')) continue; // comment lines inside a continuation
    if (trimmed.endsWith('\\')) {
      current += `${trimmed.slice(0, -1)} `;
    } else {
      logical.push(current + trimmed);
      current = '';
    }
  }
  if (current) logical.push(current);
  return logical.map((l) => {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(l) as RegExpExecArray;
    return { keyword: (m[1] as string).toUpperCase(), args: m[2] ?? '' };
  });
}

const dockerfile = dockerfileInstructions(fs.readFileSync(DOCKERFILE_PATH, 'utf8'));
const lastFrom = dockerfile.map((i) => i.keyword).lastIndexOf('FROM');
const finalStage = dockerfile.slice(lastFrom);

/** CMD/ENTRYPOINT in exec form (JSON array), as a list of words. */
function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === 'string')) {
    throw new Error(`not an exec-form JSON array: ${args}`);
  }
  return parsed;
}

function readTsconfig(file: string): { extends?: string; include?: string[]; compilerOptions?: Record<string, unknown> } {
  const { config, error } = ts.readConfigFile(path.join(ROOT, file), (p) => ts.sys.readFile(p));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return config;
}

// ---------------------------------------------------------------------------------------------

describe('compose interpolation helper', () => {
  it('resolves the forms compose supports', () => {
    const env = { SET: 'v', EMPTY: '' };
    expect(interpolate('a$$b', env)).toBe('a$b');
    expect(interpolate('${SET}-$SET-${UNSET}', env)).toBe('v-v-');
    expect(interpolate('${UNSET:-d}|${EMPTY:-d}|${EMPTY-d}|${UNSET-d}', env)).toBe('d|d||d');
    expect(interpolate('${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}', env)).toBe('alt||alt');
    expect(interpolate('${UNSET:-${SET}}', env)).toBe('v');
    expect(() => interpolate('${EMPTY:?needed}', env)).toThrow('EMPTY: needed');
    expect(interpolate('${EMPTY?needed}', env)).toBe('');
    expect(() => interpolate('${UNSET?needed}', env)).toThrow(MissingVariableError);
  });
});

describe('docker-compose.yml: the app environment', () => {
  it.each(APP_SERVICES)('%s passes only variables of the config schema', (name) => {
    const s = service(name);
    expect(s.env_file).toBeUndefined(); // every variable must be visible here to be checked
    const keys = Object.keys(rawEnvironment(s));
    expect(keys.length).toBeGreaterThan(0);
    const unknown = keys.filter((k) => !(CONFIG_KEYS as string[]).includes(k));
    expect(unknown).toEqual([]);
  });

  it.each(APP_SERVICES)('%s config passes ConfigSchema with the shipped defaults and sample secrets', (name) => {
    const env = withoutEmpty(resolvedEnvironment(service(name)));
    const result = ConfigSchema.safeParse(env);
    const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems).toEqual([]);
    if (!result.success) return;
    expect(result.data.NODE_ENV).toBe('production');
    // Inside the compose network, not the defaults meant for a laptop.
    expect(result.data.TEMPORAL_ADDRESS.split(':')[0]).toBe('temporal');
    expect(result.data.HTTP_HOST).toBe('0.0.0.0');
  });

  it.each(APP_SERVICES)('%s refuses to start without LINK_SECRET or the OpenID provider, naming the one missing', (name) => {
    const s = service(name);
    const raw = rawEnvironment(s);
    for (const required of ['LINK_SECRET', 'OIDC_ISSUER']) {
      expect(required in raw).toBe(true);
      const rest = Object.fromEntries(Object.entries(operatorEnv).filter(([k]) => k !== required));
      expect(() => resolvedEnvironment(s, rest)).toThrow(MissingVariableError);
      expect(() => resolvedEnvironment(s, rest)).toThrow(required);
    }
    // Sign-in is configured from the environment, and the API in production accepts it.
    const env = withoutEmpty(resolvedEnvironment(s));
    expect(env.OIDC_ISSUER).toBe(SAMPLE_VALUES.OIDC_ISSUER);
    expect(apiProblems(ConfigSchema.parse(env))).toEqual([]);
    expect(withoutEmpty(resolvedEnvironment(s, { ...operatorEnv, OIDC_CLIENT_ID: 'grantflow-prod', OIDC_CLIENT_SECRET: 's3cret' }))).toMatchObject({ OIDC_CLIENT_ID: 'grantflow-prod', OIDC_CLIENT_SECRET: 's3cret' });
  });

  it('the API and the worker get the same configuration', () => {
    expect(resolvedEnvironment(service('worker'))).toEqual(resolvedEnvironment(service('api')));
  });

  it('secrets come from the environment, never from the file', () => {
    const offenders: string[] = [];
    for (const [svcName, s] of Object.entries(services)) {
      for (const [key, value] of Object.entries(rawEnvironment(s))) {
        if (!/(SECRET|PASSWORD|PWD|TOKEN)$/.test(key) || value === null) continue;
        const uses = variableUses(value);
        const onlyVariable = /^\$\{[^}]*\}$/.test(value) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value);
        const hasDefault = uses.some((u) => (u.op === ':-' || u.op === '-') && u.arg !== '');
        if (!onlyVariable || hasDefault) offenders.push(`${svcName}.${key}=${value}`);
      }
    }
    expect(offenders).toEqual([]);
    // The required ones say so when missing.
    for (const name of ['LINK_SECRET', 'POSTGRES_PASSWORD', 'REGISTER_APP_PASSWORD', 'OIDC_ISSUER']) {
      expect(allUses.filter((u) => u.name === name).every((u) => u.op === ':?' && u.arg.trim() !== '')).toBe(true);
    }
  });

  it('the file interpolates only known variables (no stray $ in the scripts)', () => {
    const known = new Set<string>([...CONFIG_KEYS, ...DEPLOYMENT_VARIABLES]);
    const unknown = [...new Set(allUses.map((u) => u.name))].filter((n) => !known.has(n));
    expect(unknown).toEqual([]);
  });

  it('the published ports and the URLs in the config agree', () => {
    const env = withoutEmpty(resolvedEnvironment(service('api')));
    const published = (name: string): string[] =>
      (service(name).ports ?? []).map((p) => (typeof p === 'string' ? interpolate(p, operatorEnv) : `${p.published}:${p.target}`));
    const containerPort = (name: string): number[] => published(name).map((p) => Number(p.split(':').pop()));
    const hostPort = (name: string): number[] => published(name).map((p) => Number(p.split(':').slice(-2)[0]));

    expect(containerPort('api')).toContain(Number(env.HTTP_PORT));
    expect(hostPort('api')).toContain(Number(new URL(env.PUBLIC_BASE_URL as string).port || 80));
    expect(hostPort('temporal-ui')).toContain(Number(new URL(env.TEMPORAL_UI_URL as string).port || 80));
    expect(hostPort('mail')).toContain(Number(new URL(env.MAIL_INBOX_URL as string).port || 80));
    // The app sends mail to the catcher's SMTP port.
    expect(env.SMTP_HOST).toBe('mail');
    expect(interpolate(String(rawEnvironment(service('mail')).MAILDEV_SMTP_PORT), operatorEnv)).toBe(env.SMTP_PORT);
  });
});

describe('docker-compose.yml: images, health and start order', () => {
  it('every service has a pinned image tag or a build', () => {
    const problems: string[] = [];
    for (const [name, s] of Object.entries(services)) {
      if (!s.image) {
        if (!s.build) problems.push(`${name}: neither image nor build`);
        continue;
      }
      const image = interpolate(s.image, operatorEnv);
      const m = /^(?<repo>[^@\s]+?)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@sha256:[a-f0-9]{64})?$/.exec(image);
      const tag = m?.groups?.tag;
      if (!m || (!tag && !image.includes('@sha256:'))) problems.push(`${name}: ${image} has no tag`);
      else if (tag === 'latest') problems.push(`${name}: ${image} uses latest`);
      else if (tag && !/\d/.test(tag)) problems.push(`${name}: ${image} is not a version`);
    }
    expect(problems).toEqual([]);
  });

  it('builds the app from the Dockerfile in the repository', () => {
    for (const name of APP_SERVICES) {
      const build = service(name).build;
      expect(build).toBeDefined();
      const context = typeof build === 'string' ? build : (build?.context ?? '.');
      const file = typeof build === 'object' && build.dockerfile ? build.dockerfile : 'Dockerfile';
      expect(path.resolve(ROOT, context, file)).toBe(DOCKERFILE_PATH);
    }
  });

  it('depends_on always uses conditions, and each condition can be met', () => {
    const problems: string[] = [];
    for (const [name, s] of Object.entries(services)) {
      if (Array.isArray(s.depends_on)) problems.push(`${name}: depends_on without conditions`);
      for (const [dep, { condition }] of Object.entries(dependsOn(s))) {
        const target = services[dep];
        if (!target) problems.push(`${name}: depends on unknown service ${dep}`);
        else if (condition === 'service_healthy') {
          if (!hasHealthcheck(target)) problems.push(`${name}: waits for ${dep} to be healthy, which has no health check`);
        } else if (condition !== 'service_completed_successfully') {
          problems.push(`${name}: depends on ${dep} with condition ${condition ?? '(none)'}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the app waits for Temporal to be healthy and set up; everything it depends on has a health check', () => {
    for (const name of APP_SERVICES) {
      const deps = dependsOn(service(name));
      expect(deps.temporal?.condition).toBe('service_healthy');
      expect(deps['temporal-setup']?.condition).toBe('service_completed_successfully');
      for (const [dep, { condition }] of Object.entries(deps)) {
        if (condition === 'service_completed_successfully') continue;
        expect([dep, hasHealthcheck(service(dep))]).toEqual([dep, true]);
      }
    }
    expect(dependsOn(service('worker')).mail?.condition).toBe('service_healthy');
    expect(dependsOn(service('temporal'))['temporal-schema']?.condition).toBe('service_completed_successfully');
    expect(dependsOn(service('temporal-setup')).temporal?.condition).toBe('service_healthy');
  });

  it('the register: the app waits for its migration, which runs the app image as the owner and gives the app role its login', () => {
    for (const name of APP_SERVICES) expect(dependsOn(service(name))['register-migrate']?.condition).toBe('service_completed_successfully');
    const migrate = service('register-migrate');
    expect(path.resolve(ROOT, typeof migrate.build === 'object' ? (migrate.build.context ?? '.') : '.', 'Dockerfile')).toBe(DOCKERFILE_PATH);
    expect(words(migrate.command)).toEqual(['node', 'dist/register/cli.js', 'migrate']);
    expect(dependsOn(migrate).postgresql?.condition).toBe('service_healthy');
    const env = withoutEmpty(resolvedEnvironment(migrate));
    const app = withoutEmpty(resolvedEnvironment(service('api')));
    // The same database; the app as grantflow_app, the migration as the cluster's owner.
    expect(env.REGISTER_DATABASE_URL).toBe(app.REGISTER_DATABASE_URL);
    expect(new URL(app.REGISTER_DATABASE_URL as string).username).toBe('grantflow_app');
    expect(new URL(env.REGISTER_MIGRATION_URL as string).username).toBe(rawEnvironment(service('postgresql')).POSTGRES_USER);
    expect(new URL(env.REGISTER_MIGRATION_URL as string).pathname).toBe('/grantflow');
    // The image carries the migrations beside the compiled CLI (register/migrate.ts finds them there).
    expect(dockerfile.some((i) => i.keyword === 'RUN' && /for dir in [^;]*\bregister\b/.test(i.args))).toBe(true);
  });

  it('long-running services restart; one-shot services do not', () => {
    expect([...oneShotServices].sort()).toEqual(['register-migrate', 'temporal-schema', 'temporal-setup']);
    const problems: string[] = [];
    for (const [name, s] of Object.entries(services)) {
      const restart = s.restart ?? 'no';
      if (oneShotServices.has(name)) {
        if (restart === 'always' || restart === 'unless-stopped') problems.push(`${name}: one-shot with restart ${restart}`);
      } else if (restart !== 'unless-stopped' && restart !== 'always') {
        problems.push(`${name}: restart ${restart}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the API health check fetches /healthz on HTTP_PORT with node (the slim image has no curl)', () => {
    const hc = service('api').healthcheck;
    const test = Array.isArray(hc?.test) ? hc.test : [];
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    const port = withoutEmpty(resolvedEnvironment(service('api'))).HTTP_PORT;
    expect(test[3]).toMatch(new RegExp(`fetch\\('http://(localhost|127\\.0\\.0\\.1):${port}/healthz'`));
  });
});

describe('docker-compose.yml and the native topology: one Temporal deployment (deploy/temporal/)', () => {
  const deployment = deploymentEnv();
  const TEMPORAL_SERVICES = ['temporal-schema', 'temporal', 'temporal-setup'];
  /** Where a service mounts deploy/temporal/ (the host folder the native topology reads). */
  const mountOf = (name: string): string | undefined =>
    (service(name).volumes ?? [])
      .map((v) => v.split(':'))
      .find(([host]) => path.resolve(ROOT, host as string) === DEPLOY_DIR)?.[1];
  const inMount = (name: string, file: string) => path.posix.join(mountOf(name) as string, path.relative(DEPLOY_DIR, file));
  const readDeploy = (file: string) => fs.readFileSync(path.join(DEPLOY_DIR, file), 'utf8');
  /** A shell script without comment lines: only what runs counts. */
  const code = (file: string) => readDeploy(file).split('\n').filter((l) => !l.trim().startsWith('#')).join('\n');

  it('every Temporal service mounts deploy/temporal read-only', () => {
    for (const name of TEMPORAL_SERVICES) {
      expect([name, mountOf(name)]).toEqual([name, expect.stringMatching(/^\//)]);
      expect((service(name).volumes ?? []).find((v) => v.includes(mountOf(name) as string))).toMatch(/:ro$/);
    }
  });

  it('the server starts with the config and dynamic config files the native topology starts with', () => {
    const env = withoutEmpty(resolvedEnvironment(service('temporal')));
    expect(env.TEMPORAL_SERVER_CONFIG_FILE_PATH).toBe(inMount('temporal', CONFIG_FILE));
    expect(env.DYNAMIC_CONFIG_FILE_PATH).toBe(inMount('temporal', DYNAMIC_CONFIG_FILE));
    expect(env.TEMPORAL_ALLOW_NO_AUTH).toBe('true');
    expect(service('temporal').command).toBeUndefined();
  });

  it('the config template reads every variable compose and the native topology set, and has a default for each', async () => {
    const template = readDeploy('config.yaml');
    expect(template.slice(0, 1024)).toContain('enable-template');
    const read = new Set([...template.matchAll(/env "([A-Z_]+)"/g)].map((m) => m[1]));
    const withDefault = new Set([...template.matchAll(/default (?:"[^"]*"|\$\w+) \(env "([A-Z_]+)"\)/g)].map((m) => m[1]));
    expect([...read].filter((v) => !withDefault.has(v))).toEqual([]);
    const TEMPORAL_CLI_VARIABLES = ['TEMPORAL_SERVER_CONFIG_FILE_PATH', 'TEMPORAL_ALLOW_NO_AUTH'];
    const composeSets = Object.keys(rawEnvironment(service('temporal'))).filter((k) => !TEMPORAL_CLI_VARIABLES.includes(k));
    const nativeSets = Object.keys(await serverEnvironment(5432));
    expect(composeSets.filter((k) => !read.has(k))).toEqual([]);
    expect(nativeSets.filter((k) => !read.has(k))).toEqual([]);
  });

  it('schema and setup run the scripts the native topology runs', () => {
    expect(words(service('temporal-schema').entrypoint)).toEqual(['sh', inMount('temporal-schema', path.join(DEPLOY_DIR, 'schema.sh'))]);
    expect(words(service('temporal-setup').entrypoint)).toEqual(['sh', inMount('temporal-setup', path.join(DEPLOY_DIR, 'setup.sh'))]);
    expect(service('temporal-schema').command).toBeUndefined();
    expect(service('temporal-setup').command).toBeUndefined();
  });

  it('server and admin-tools (which holds the schema) are the version the native topology builds', () => {
    for (const name of TEMPORAL_SERVICES) {
      expect([name, service(name).image?.split(':')[1]]).toEqual([name, deployment.TEMPORAL_VERSION]);
    }
    expect(service('temporal').image).toMatch(/^temporalio\/server:/);
    expect(service('temporal-setup').image).toMatch(/^temporalio\/admin-tools:/);
    expect(service('temporal-schema').image).toBe(service('temporal-setup').image);
  });

  it('the deployment registers exactly SEARCH_ATTRIBUTE_TYPES, in the namespace the app uses', () => {
    expect(deployedSearchAttributes()).toEqual(SEARCH_ATTRIBUTE_TYPES);
    expect(deployment.TEMPORAL_NAMESPACE).toBe(withoutEmpty(resolvedEnvironment(service('api'))).TEMPORAL_NAMESPACE);
    expect(deployment.TEMPORAL_RETENTION).toMatch(/^\d+h$/);
  });

  it('setup creates the namespace with its retention when missing and tolerates attributes that already exist', () => {
    const setup = code('setup.sh');
    expect(setup).toMatch(/namespace describe --namespace "\$ns"/);
    expect(setup).toMatch(/namespace create --namespace "\$ns" --retention "\$TEMPORAL_RETENTION"/);
    expect(setup).toContain('already exists');
    expect(setup).toMatch(/cluster health/);
    expect(setup).toContain('search-attributes.txt');
  });

  it('stays within the custom search attributes SQL visibility has room for', () => {
    // PostgreSQL visibility pre-allocates columns per type (schema v12).
    const room: Record<string, number> = { Keyword: 10, Text: 3, Int: 3, Double: 3, Datetime: 3, Bool: 3, KeywordList: 3 };
    const counts: Record<string, number> = {};
    for (const type of Object.values(deployedSearchAttributes())) counts[type] = (counts[type] ?? 0) + 1;
    for (const [type, n] of Object.entries(counts)) {
      expect([type, n <= (room[type] ?? 0)]).toEqual([type, true]);
    }
  });

  it('the schema script sets up both databases with the SQL tool', () => {
    const schema = code('schema.sh');
    expect(schema).toContain('temporal-sql-tool');
    for (const db of ['temporal', 'temporal_visibility']) {
      for (const step of ['create', 'setup-schema', 'update-schema']) {
        expect(schema).toMatch(new RegExp(`--db ${db} ${step}\\b`));
      }
    }
  });
});

describe('Dockerfile and the commands compose runs', () => {
  it('builds on node:20-bookworm-slim, installs from the lockfile and runs npm run build', () => {
    const args = Object.fromEntries(
      dockerfile
        .filter((i) => i.keyword === 'ARG' && i.args.includes('='))
        .map((i) => [i.args.split('=')[0] as string, i.args.slice(i.args.indexOf('=') + 1)]),
    );
    const bases = dockerfile
      .filter((i) => i.keyword === 'FROM')
      .map((i) => interpolate((i.args.split(/\s+/)[0] as string), args));
    expect(bases.length).toBeGreaterThanOrEqual(2); // multi-stage
    expect(new Set(bases)).toEqual(new Set(['node:20-bookworm-slim']));
    const runs = dockerfile.filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n');
    expect(runs).toMatch(/\bnpm install --no-save\b/); // from package-lock.json, not re-resolved
    expect(runs).toMatch(/\bnpm run build\b/);
    expect(runs).toMatch(/\bnpm prune --omit=dev\b/);
  });

  it('the runtime stage runs as node, in production, without a HEALTHCHECK, with the workflow sources', () => {
    const users = finalStage.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users[users.length - 1]).toBe('node');
    expect(finalStage.some((i) => i.keyword === 'ENV' && /\bNODE_ENV=production\b/.test(i.args))).toBe(true);
    expect(dockerfile.some((i) => i.keyword === 'HEALTHCHECK')).toBe(false);
    const runs = dockerfile.filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n');
    const copies = finalStage.filter((i) => i.keyword === 'COPY').map((i) => i.args).join('\n');
    expect(`${runs}\n${copies}`).toMatch(/\bworkflows\b/);
    expect(`${runs}\n${copies}`).toMatch(/\bdomain\b/);
  });

  it('the default CMD is the API; compose runs dist/api/main.js and dist/worker/main.js', () => {
    const cmds = finalStage.filter((i) => i.keyword === 'CMD');
    expect(cmds).toHaveLength(1);
    const defaultCmd = execForm((cmds[0] as Instruction).args);
    expect(defaultCmd).toEqual(['node', ...API_NODE_FLAGS, 'dist/api/main.js']);
    expect(finalStage.some((i) => i.keyword === 'ENTRYPOINT')).toBe(false);

    const commandOf = (name: string): string[] => {
      const c = service(name).command;
      if (c === undefined) return defaultCmd;
      return Array.isArray(c) ? words(c) : (words(c)[0] as string).split(/\s+/);
    };
    expect(commandOf('api')).toEqual(['node', ...API_NODE_FLAGS, 'dist/api/main.js']);
    expect(commandOf('worker')).toEqual(['node', ...WORKER_NODE_FLAGS, 'dist/worker/main.js']);
    expect(service('api').entrypoint).toBeUndefined();
    expect(service('worker').entrypoint).toBeUndefined();
  });

  it('the image holds the prebuilt workflow bundle at the path compose gives the worker', () => {
    const runs = dockerfile.filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n');
    const built = /node dist\/worker\/bundle\.js (\S+)/.exec(runs);
    expect(built).not.toBeNull();
    const env = service('worker').environment as Record<string, unknown>;
    // WORKDIR is /app and dist/ is copied whole into the runtime stage.
    expect(env.WORKER_WORKFLOW_BUNDLE).toBe(`/app/${built![1]}`);
    expect(finalStage.some((i) => i.keyword === 'COPY' && /\/app\/dist \.\/dist/.test(i.args))).toBe(true);
  });

  it('the build writes those entry points: tsconfig.build.json compiles api/ and worker/ to dist/', () => {
    const build = readTsconfig('tsconfig.build.json');
    const base = build.extends ? readTsconfig(build.extends) : {};
    const options = { ...base.compilerOptions, ...build.compilerOptions };
    const include = build.include ?? base.include ?? [];
    expect(include).toEqual(expect.arrayContaining(['api', 'worker']));
    expect(options.outDir).toBe('dist');
    expect(options.rootDir).toBe('.');
    expect(options.noEmit).not.toBe(true);
    expect(String(options.module).toLowerCase()).toBe('commonjs');
  });
});
