/**
 * The processes of one terminal session (`npm start`, `npm run prod`): children started by pid in
 * their own process groups, and other things to stop (a PostgreSQL cluster, the Temporal services).
 * Ctrl-C, or any child exiting unasked, stops everything in reverse order of start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ROOT } from '../../common/tools';
import { parseConfig, ConfigError, type Config } from '../../common/config';
import { issueToken } from '../../api/auth';

export class Supervisor {
  private readonly stops: { name: string; stop: () => Promise<void> }[] = [];
  private stopping = false;

  constructor(private readonly tag: string) {
    process.on('SIGINT', () => void this.stopAll(0));
    process.on('SIGTERM', () => void this.stopAll(0));
  }

  log(msg: string) {
    process.stdout.write(`[${this.tag}] ${msg}\n`);
  }

  /** Something else to stop, after everything started later than it. */
  add(name: string, stop: () => Promise<void>) {
    this.stops.push({ name, stop });
  }

  /** A child in its own process group; its output goes to the terminal, or to `logFile`, or nowhere (`quiet`). */
  run(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, out: { quiet?: boolean; logFile?: string } = {}): ChildProcess {
    const fd = out.logFile ? fs.openSync(out.logFile, 'a') : undefined;
    const stdout = fd ?? (out.quiet ? 'ignore' : 'inherit');
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', stdout, fd ?? 'inherit'], detached: true });
    if (fd !== undefined) fs.closeSync(fd);
    child.on('exit', (code, signal) => this.exited(name, signal ?? code));
    this.add(name, () => stopGroup(child));
    return child;
  }

  /** Whatever started it reports that `name` ended unasked: everything stops. */
  exited(name: string, how: string | number | null) {
    if (this.stopping) return;
    this.log(`${name} exited (${how}); stopping everything`);
    void this.stopAll(1);
  }

  async stopAll(code = 0) {
    if (this.stopping) return;
    this.stopping = true;
    this.log('stopping…');
    for (const { name, stop } of [...this.stops].reverse()) {
      await stop().catch((e: unknown) => this.log(`${name} did not stop cleanly: ${e instanceof Error ? e.message : String(e)}`));
    }
    this.log('stopped');
    process.exit(code);
  }
}

/** SIGTERM to the child's process group; SIGKILL after 10 s. */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      kill('SIGKILL');
      resolve();
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    kill('SIGTERM');
  });
}

/** Secrets for development, made once and kept in `dir` so links in sent mail keep working. */
export function devSecrets(dir: string): { LINK_SECRET: string; AUTH_JWT_SECRET: string } {
  const file = path.join(dir, 'dev-secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const s = { LINK_SECRET: randomBytes(32).toString('base64url'), AUTH_JWT_SECRET: randomBytes(32).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  return s;
}

/** Development bearer tokens (valid 30 days), written to `dir`/dev-tokens.json. */
export async function writeDevTokens(config: Config, dir: string): Promise<{ coordinator: string; manager: string; admin: string }> {
  const org = 'Region Jämtland Härjedalen';
  const coordinator = await issueToken(config, { sub: 'dev-coordinator', name: 'Elin Ring', roles: ['coordinator'], org, email: 'elin.ring@example.se' });
  const manager = await issueToken(config, { sub: 'dev-manager', name: 'Chef Psykisk Hälsa', roles: ['manager'], org });
  const admin = await issueToken(config, { sub: 'dev-admin', name: 'Drift', roles: ['admin'], org });
  const tokens = { coordinator, manager, admin };
  fs.writeFileSync(path.join(dir, 'dev-tokens.json'), JSON.stringify(tokens, null, 2), { mode: 0o600 });
  return tokens;
}

/** The lines that tell a developer how to call the API with those tokens. */
export function tokenLines(tokens: { coordinator: string; manager: string; admin: string }, dir: string): string {
  return `Development credentials (also in ${path.relative(process.cwd(), path.join(dir, 'dev-tokens.json')) || 'dev-tokens.json'}; valid 30 days):
  export COORDINATOR_TOKEN=${tokens.coordinator}
  export MANAGER_TOKEN=${tokens.manager}
  export ADMIN_TOKEN=${tokens.admin}
`;
}

/** `config` parsed from `env`, or the process exits 78 with the config errors. */
export function configOrExit(env: NodeJS.ProcessEnv): Config {
  try {
    return parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
}

/** The register's PostgreSQL of a development session: GRANTFLOW_REGISTER_PORT, or 5433 (beside a system PostgreSQL on 5432). */
export function devRegisterPort(): number {
  return Number(process.env.GRANTFLOW_REGISTER_PORT ?? 5433);
}

/**
 * The environment of a development session: the process's, with the dev secrets of `dir` (unless
 * set), maildev's inbox as MAIL_INBOX_URL and the embedded register's URLs (unless set); and the
 * config parsed from it.
 */
export function devEnvironment(dir: string): { env: NodeJS.ProcessEnv; config: Config } {
  const secrets = devSecrets(dir);
  const register = `127.0.0.1:${devRegisterPort()}/grantflow`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REGISTER_DATABASE_URL: process.env.REGISTER_DATABASE_URL ?? `postgres://grantflow_app@${register}`,
    REGISTER_MIGRATION_URL: process.env.REGISTER_MIGRATION_URL ?? `postgres://postgres@${register}`,
    LINK_SECRET: process.env.LINK_SECRET ?? secrets.LINK_SECRET,
    AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET ?? secrets.AUTH_JWT_SECRET,
    MAIL_INBOX_URL: process.env.MAIL_INBOX_URL ?? 'http://localhost:1080',
  };
  return { env, config: configOrExit(env) };
}
