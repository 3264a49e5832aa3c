/** Starts the embedded OpenID provider (./main.ts) as a child process and waits until it answers. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../common/tools';
import { waitForPort } from '../../common/net';
import { devOidcSecrets, type DevOidcSecrets } from './keys';
import { parseConfig, type Config } from '../../common/config';

export interface DevOidc {
  issuer: string;
  secrets: DevOidcSecrets;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startDevOidc(opts: { port: number; secretsFile: string; appBaseUrl: string; audience?: string; detached?: boolean }): Promise<DevOidc> {
  // The secrets are made here, before the child starts, so the API can read the client's secret.
  const secrets = await devOidcSecrets(opts.secretsFile);
  const issuer = `http://127.0.0.1:${opts.port}`;
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, OIDC_DEV_PORT: String(opts.port), OIDC_DEV_ISSUER: issuer, OIDC_DEV_SECRETS: opts.secretsFile, OIDC_DEV_APP_URL: opts.appBaseUrl, OIDC_DEV_AUDIENCE: opts.audience ?? 'grantflow', NODE_ENV: 'development' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: opts.detached ?? false,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const early = exited.then(() => {
    throw new Error('the OpenID provider exited before it listened');
  });
  await Promise.race([waitForPort(opts.port, 60_000, 100), early]);
  early.catch(() => undefined);
  return {
    issuer,
    secrets,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * `npm start` and `npm run prod`: the embedded provider, unless OIDC_ISSUER names another one
 * (docs/signin.md). Its issuer and client secret go into `env` (what the API and worker start
 * with); the config parsed from it is returned. The provider stops with the session.
 */
export async function embeddedOidcUnlessSet(
  session: { log(msg: string): void; add(name: string, stop: () => Promise<void>): void; exited(name: string, how: string | number | null): void },
  dev: { env: NodeJS.ProcessEnv; config: Config },
  dataDir: string,
  defaultPort: number,
): Promise<{ env: NodeJS.ProcessEnv; config: Config }> {
  if (dev.config.OIDC_ISSUER) return dev;
  session.log(`OpenID provider (oidc-provider, keys in ${path.join(path.relative(ROOT, dataDir) || '.', 'oidc.json')})`);
  const oidc = await startDevOidc({ port: Number(process.env.OIDC_DEV_PORT ?? defaultPort), secretsFile: path.join(dataDir, 'oidc.json'), appBaseUrl: dev.config.PUBLIC_BASE_URL, detached: true });
  oidc.child.on('exit', (code, signal) => session.exited('OpenID provider', signal ?? code));
  session.add('oidc', () => oidc.stop());
  Object.assign(dev.env, { OIDC_ISSUER: oidc.issuer, OIDC_CLIENT_SECRET: oidc.secrets.clientSecret });
  return { env: dev.env, config: parseConfig(dev.env) };
}
