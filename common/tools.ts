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

/**
 * How the embedded Temporal dev server keeps its SQLite file (`npm start`, and the benchmarks, which
 * measure the system as it runs). Write-ahead logging instead of SQLite's rollback journal, which
 * creates, syncs and deletes a journal file for every transaction; `synchronous=FULL` keeps every
 * commit durable (the WAL is synced on commit). On this machine it nearly doubles throughput
 * (bench/README.md). The file then has `-wal` and `-shm` companions beside it; keep all three.
 */
export const DEV_SERVER_SQLITE_PRAGMAS = ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=FULL'] as const;
