/**
 * docker-compose.yml and the Dockerfile, read as compose and Docker read them: interpolation of the
 * ${VARIABLE} forms, the services, their environments, health checks and start order, and the final
 * image stage. Used by test/unit/compose.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parse } from 'yaml';

export const ROOT = path.resolve(__dirname, '../..');
export const COMPOSE_PATH = path.join(ROOT, 'docker-compose.yml');
export const DOCKERFILE_PATH = path.join(ROOT, 'Dockerfile');

// ---------------------------------------------------------------------------------------------
// Compose interpolation (the subset of https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/
// that matters here): $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err},
// ${VAR?err}, ${VAR:+alt}, ${VAR+alt}; defaults may nest.
// ---------------------------------------------------------------------------------------------

export type Env = Record<string, string | undefined>;

export class MissingVariableError extends Error {}

export interface VariableUse {
  name: string;
  /** The operator after the name ('' for plain ${VAR} and $VAR). */
  op: string;
  arg: string;
}

/** Index just past the `}` that closes the `${` at `start`. */
export function closingBrace(text: string, start: number): number {
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
export function interpolate(text: string, env: Env, onVariable: (use: VariableUse) => void = () => undefined): string {
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
export function variableUses(text: string): VariableUse[] {
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

export type EnvironmentSpec = Record<string, string | number | boolean | null> | string[];

export interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}

export interface Service {
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

export interface ComposeFile {
  services: Record<string, Service>;
}

export const composeText = fs.readFileSync(COMPOSE_PATH, 'utf8');
export const compose = parse(composeText, { merge: true }) as ComposeFile;
export const services = compose.services;

export const APP_SERVICES = ['api', 'worker'] as const;

/** Variables the deployment itself needs (not the app): the database password. */
export const DEPLOYMENT_VARIABLES = ['POSTGRES_PASSWORD', 'REGISTER_APP_PASSWORD'];

/** What an operator would put in the environment for the required (`:?`) variables. */
export const SAMPLE_VALUES: Record<string, string> = {
  LINK_SECRET: 'sample-link-secret-0123456789abcdef0123456789abcdef',
  AUTH_JWT_SECRET: 'sample-jwt-secret-0123456789abcdef0123456789abcdef',
  AUTH_JWKS_URL: 'https://login.example.se/.well-known/jwks.json',
  OIDC_ISSUER: 'https://login.example.se/realms/region',
  POSTGRES_PASSWORD: 'sample-postgres-password',
};

export function sampleFor(name: string): string {
  return SAMPLE_VALUES[name] ?? `sample-${name.toLowerCase()}-`.padEnd(48, 'x');
}

/** All string values in a parsed YAML tree (keys excluded). */
export function stringsIn(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(stringsIn);
  if (node && typeof node === 'object') return Object.values(node).flatMap(stringsIn);
  return [];
}

export const allUses = stringsIn(compose).flatMap(variableUses);

/** The environment a deployment supplies: samples for the required variables, nothing else. */
export const operatorEnv: Env = Object.fromEntries(
  allUses.filter((u) => u.op === ':?' || u.op === '?').map((u) => [u.name, sampleFor(u.name)]),
);

/** A service's environment as written: name → raw value (null = passed through from the host). */
export function rawEnvironment(service: Service): Record<string, string | null> {
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
export function resolvedEnvironment(service: Service, env: Env = operatorEnv): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(rawEnvironment(service)).map(([k, v]) => [k, v === null ? env[k] : interpolate(v, env)]),
  );
}

/** As common/config.ts parseConfig does: empty strings count as unset. */
export function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

export function service(name: string): Service {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
}

export function dependsOn(s: Service): Record<string, { condition?: string }> {
  const d = s.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, {}]));
  return d;
}

export function words(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map((v) => interpolate(String(v), operatorEnv)) : [interpolate(value, operatorEnv)];
}

/** Services some other service waits on with service_completed_successfully. */
export const oneShotServices = new Set(
  Object.values(services).flatMap((s) =>
    Object.entries(dependsOn(s))
      .filter(([, d]) => d.condition === 'service_completed_successfully')
      .map(([name]) => name),
  ),
);

export function hasHealthcheck(s: Service): boolean {
  const hc = s.healthcheck;
  if (!hc || hc.disable) return false;
  const test = Array.isArray(hc.test) ? hc.test : hc.test ? [hc.test] : [];
  return test.length > 0 && test[0] !== 'NONE';
}

// ---------------------------------------------------------------------------------------------
// The Dockerfile
// ---------------------------------------------------------------------------------------------

export interface Instruction {
  keyword: string;
  args: string;
}

export function dockerfileInstructions(text: string): Instruction[] {
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

export const dockerfile = dockerfileInstructions(fs.readFileSync(DOCKERFILE_PATH, 'utf8'));
export const lastFrom = dockerfile.map((i) => i.keyword).lastIndexOf('FROM');
export const finalStage = dockerfile.slice(lastFrom);

/** CMD/ENTRYPOINT in exec form (JSON array), as a list of words. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === 'string')) {
    throw new Error(`not an exec-form JSON array: ${args}`);
  }
  return parsed;
}

export function readTsconfig(file: string): { extends?: string; include?: string[]; compilerOptions?: Record<string, unknown> } {
  const { config, error } = ts.readConfigFile(path.join(ROOT, file), (p) => ts.sys.readFile(p));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return config;
}
