/**
 * Checks docker-compose.yml (and the Dockerfile it builds) against the code: the app's
 * environment against the config schema, the Temporal setup against the search attributes
 * the workflows use, and the production shape (pinned images, health checks, restart policies).
 */
import { API_NODE_FLAGS, WORKER_NODE_FLAGS } from '../../common/nodeFlags';
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_KEYS, ConfigSchema, apiProblems } from '../../common/config';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/grant/contract';
import { CONFIG_FILE, DEPLOY_DIR, DYNAMIC_CONFIG_FILE, deployedSearchAttributes, deploymentEnv, serverEnvironment } from '../../scripts/lib/temporalServer';
import {
  ROOT,
  DOCKERFILE_PATH,
  MissingVariableError,
  interpolate,
  variableUses,
  services,
  APP_SERVICES,
  DEPLOYMENT_VARIABLES,
  SAMPLE_VALUES,
  allUses,
  operatorEnv,
  rawEnvironment,
  resolvedEnvironment,
  withoutEmpty,
  service,
  dependsOn,
  words,
  oneShotServices,
  hasHealthcheck,
  type Instruction,
  dockerfile,
  finalStage,
  execForm,
  readTsconfig,
} from '../helpers/composeFile';

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
