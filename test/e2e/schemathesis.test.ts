/**
 * The API exactly as documented: schemathesis (every check) against the running stack, with a
 * valid token of each role for the operations that role may call, at a bounded number of examples
 * per operation. Its report is printed only when it fails.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schemathesisPath } from '../../common/tools';
import { startStack, type Stack } from '../helpers/stack';
import type { OpenApiDocument } from '../../api/openapi';

jest.setTimeout(900_000);

/** Examples per operation and phase, and a time budget per role: a few minutes in all. */
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_EXAMPLES ?? 3);
const MAX_SECONDS = Number(process.env.SCHEMATHESIS_SECONDS ?? 90);
const CONFIG = path.resolve(__dirname, '../schemathesis/schemathesis.toml');

let stack: Stack;
let doc: OpenApiDocument;
beforeAll(async () => {
  stack = await startStack();
  doc = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as OpenApiDocument;
});
afterAll(async () => {
  await stack?.stop();
});

/** The operations a role may call: its own, and those that need no token. */
function operationsOf(role: 'coordinator' | 'manager' | 'admin'): string[] {
  return Object.values(doc.paths)
    .flatMap((methods) => Object.values(methods))
    .filter((op) => {
      const roles = op['x-roles'] as string[] | undefined;
      return role === 'admin' ? roles?.includes('admin') || !roles : !roles || roles.includes(role);
    })
    .map((op) => String(op.operationId));
}

/** schemathesis in a directory of its own: its example database and reports stay out of the repository. */
function run(args: string[], token: string): Promise<{ code: number | null; output: string }> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-schemathesis-'));
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(schemathesisPath(), args, { cwd, env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false', GRANTFLOW_TOKEN: token } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  }).finally(() => fs.rmSync(cwd, { recursive: true, force: true }));
}

type Role = 'coordinator' | 'manager' | 'admin';
/** Every role's run; SCHEMATHESIS_ROLES=coordinator,manager runs some of them (while working on one). */
const ROLES = (process.env.SCHEMATHESIS_ROLES ?? 'admin,coordinator,manager').split(',') as Role[];
/** SCHEMATHESIS_SEED to try other examples than CI's. */
const SEED = process.env.SCHEMATHESIS_SEED ?? '15';
const check = async (role: Role) => {
  const ops = operationsOf(role);
  expect(ops.length).toBeGreaterThan(3);
  const { code, output } = await run([
    '--config-file',
    CONFIG,
    'run',
    `${stack.baseUrl}/openapi.json`,
    '--checks',
    'all',
    '--max-examples',
    String(MAX_EXAMPLES),
    '--max-time',
    String(MAX_SECONDS),
    '--seed',
    SEED,
    '--workers',
    '2',
    ...ops.flatMap((id) => ['--include-operation-id', id]),
  ], stack.tokens[role]);
  // SCHEMATHESIS_REPORT=<dir> keeps each role's report (phases, times, warnings) also when it passes.
  if (process.env.SCHEMATHESIS_REPORT) fs.writeFileSync(path.join(process.env.SCHEMATHESIS_REPORT, `schemathesis-${role}.txt`), output);
  if (code !== 0) throw new Error(`schemathesis (${role}) exited with ${code}:\n${output}`);
};

it.each(ROLES)('finds no failure in any check with the %s’s token', check);
