/**
 * The embedded OpenID provider as a process of its own (oidc-provider is an ES module; this keeps it
 * out of the API and the test runner). Started by scripts/start.ts and test/helpers/stack.ts through
 * ./spawn.ts; reads its settings from the environment:
 *   OIDC_DEV_PORT, OIDC_DEV_ISSUER, OIDC_DEV_SECRETS (the secrets file), OIDC_DEV_APP_URL, OIDC_DEV_AUDIENCE
 */
import { devOidcSecrets } from './keys';

function need(name: string): string {
  const v = process.env[name];
  if (!v) {
    process.stderr.write(`oidc: ${name} is required\n`);
    process.exit(78);
  }
  return v;
}

// oidc-provider warns about the Node version (20 runs it well) and about its in-memory store, which
// is this provider's choice: sessions end when it restarts, and development users sign in again.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && /oidc-provider WARNING: (Unsupported runtime|a quick start development-only in-memory adapter)/.test(args[0])) return;
  warn(...args);
};

async function main() {
  const port = Number(need('OIDC_DEV_PORT'));
  const { createDevProvider } = await import('./provider');
  const secrets = await devOidcSecrets(need('OIDC_DEV_SECRETS'));
  const app = createDevProvider({ issuer: need('OIDC_DEV_ISSUER'), secrets, appBaseUrl: need('OIDC_DEV_APP_URL'), apiAudience: process.env.OIDC_DEV_AUDIENCE ?? 'grantflow' });
  const server = app.listen(port, '127.0.0.1');
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  process.stderr.write(`oidc failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
