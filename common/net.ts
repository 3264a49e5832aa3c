/** Network helpers shared by the start script, the benchmarks and the tests. */
import net from 'node:net';

/** A loopback port nothing listens on right now (the OS picks it; it is released before it is used). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:port right now. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => {
      sock.destroy();
      resolve(false);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until something listens on 127.0.0.1:port; rejects, naming the port, after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs = 20_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await listening(port))) {
    if (Date.now() > end) throw new Error(`nothing listens on 127.0.0.1:${port} after ${Math.round(timeoutMs / 1000)} s`);
    await sleep(everyMs);
  }
}

/** Waits until nothing listens on 127.0.0.1:port any more, or `timeoutMs` passes. */
export async function waitForPortClosed(port: number, timeoutMs = 10_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await listening(port)) && Date.now() <= end) await sleep(everyMs);
}
