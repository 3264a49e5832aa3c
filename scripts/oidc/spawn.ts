/** Starts the embedded OpenID provider (./main.ts) as a child process and waits until it answers. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../common/tools';
import { waitForPort } from '../../common/net';
import { devOidcSecrets, type DevOidcSecrets } from './keys';

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
