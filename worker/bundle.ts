/**
 * Builds the workflow bundle once, ahead of start-up: `node dist/worker/bundle.js <file>` (or
 * `tsx worker/bundle.ts <file>`). A worker given the file (WORKER_WORKFLOW_BUNDLE) starts without
 * webpack, which otherwise stays in its memory (≈ 190 MiB of RSS on this machine, bench/list.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import { workflowsPath } from './createWorker';

export async function buildWorkflowBundle(out: string, logger?: Logger): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), ...(logger ? { logger } : {}) });
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, out);
  return out;
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out || process.argv.length > 3) {
    process.stderr.write('usage: node dist/worker/bundle.js <output file>\n');
    process.exit(64);
  }
  buildWorkflowBundle(out).then(
    (file) => process.stdout.write(`workflow bundle written to ${file}\n`),
    (err: unknown) => {
      process.stderr.write(`bundling failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
