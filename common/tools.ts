/** Where scripts/setup.sh put the Temporal binaries (a git-ignored folder of the project). */
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
const TOOLS_BIN = path.join(ROOT, '.tools', 'bin');

function tool(name: string): string {
  const p = path.join(TOOLS_BIN, name);
  if (!fs.existsSync(p)) throw new Error(`${name} is not installed: run 'bash scripts/setup.sh' first`);
  return p;
}

export const temporalCliPath = () => tool('temporal');
export const temporalTestServerPath = () => tool('temporal-test-server');
/** schemathesis' CLI (scripts/setup.sh --test). */
export const schemathesisPath = () => tool('st');

/**
 * How the embedded default (`npm start`, the end-to-end stack, the benchmarks' default) runs the dev
 * server's SQLite: a write-ahead log with every commit synced (synchronous=FULL): as durable as the
 * CLI's own rollback journal, and faster (bench/README.md).
 */
export const DEV_SERVER_SQLITE = ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=FULL'];
