/** Writes a benchmark's figures as JSON to bench/results/ (git-ignored), with the run's context. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../common/tools';

export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

function gitHead(): string | undefined {
  try {
    // Read-only: the commit the figures belong to (plus whether the tree had changes).
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return undefined;
  }
}

export function context() {
  return {
    at: new Date().toISOString(),
    commit: gitHead(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memTotalMiB: Math.round(os.totalmem() / 1048576),
  };
}

/** What every result file starts with: which benchmark, the run's context, its options and duration. */
export function resultHeader<O>(bench: string, options: O, startedAtMs: number, server?: string) {
  return { bench, context: context(), options, ...(server ? { server } : {}), elapsedSeconds: (Date.now() - startedAtMs) / 1000 };
}

/** Writes `<name>-<timestamp>.json` and `<name>-latest.json`; returns the first path. */
export function writeResult(name: string, result: unknown): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `${name}-${stamp}.json`);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}-latest.json`), text);
  return file;
}

export function readLatest<T>(name: string): T | undefined {
  const file = path.join(RESULTS_DIR, `${name}-latest.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : undefined;
}

export const MiB = (bytes: number) => bytes / 1048576;
