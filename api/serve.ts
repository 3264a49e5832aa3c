/**
 * Serving the app over HTTP, and stopping it: one way for the API process, the tests and the
 * benchmarks. Headers may be up to 32 KiB, so a long URL reaches the app, which answers it (414 for
 * more than MAX_URL_LENGTH characters) instead of Node's bare 431.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from './app';

export const MAX_HEADER_BYTES = 32 * 1024;

export interface Serving {
  server: http.Server;
  port: number;
  /** Stops accepting, lets requests in flight finish for up to `graceMs` (default 0), then closes the app (its register pool, when it opened one). */
  stop(opts?: { graceMs?: number }): Promise<void>;
}

export async function serve(app: App, opts: { port: number; host: string }): Promise<Serving> {
  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = ({ graceMs = 0 } = {}) =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), graceMs).unref();
      });
      await app.close();
    })());
  return { server, port: (server.address() as AddressInfo).port, stop };
}
