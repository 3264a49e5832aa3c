/**
 * The register's command line and the processes' start-up check, as an operator meets them:
 * `npm run register -- verify` naming a broken row, and the worker and the API refusing an
 * unmigrated register with the command to run.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { ROOT } from '../../common/tools';
import { recordGrant } from '../../register/writer';
import { batchAt } from '../helpers/registerBatch';
import { registerUrls, startLocalRegister, type LocalRegister } from '../../register/local';

let reg: LocalRegister;
beforeAll(async () => {
  reg = await startLocalRegister();
});
afterAll(async () => {
  await reg?.stop();
});

const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function run(file: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [path.join(ROOT, file), ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('verify: exit 0 for whole chains; exit 1 naming the grant and row that was changed', async () => {
  await recordGrant(reg.app, batchAt({ caseNumber: 'CLI-1', seq: 3, events: 4 }));
  await recordGrant(reg.app, batchAt({ caseNumber: 'CLI-2', seq: 3, events: 4 }));
  const env = { REGISTER_DATABASE_URL: reg.appUrl };
  const ok = await run('register/cli.ts', ['verify'], env);
  expect(ok).toMatchObject({ code: 0 });
  expect(ok.stdout).toContain('2 grants, 8 events verified; 0 broken');

  await reg.owner.query("UPDATE events SET at = at + interval '1 day' WHERE case_number = 'CLI-2' AND n = 3");
  const broken = await run('register/cli.ts', ['verify'], env);
  expect(broken.code).toBe(1);
  expect(broken.stdout).toMatch(/BROKEN {2}CLI-2: grant CLI-2, event 3: the row's content hashes to [0-9a-f]{64}, its stored hash is [0-9a-f]{64}/);
  expect(broken.stdout).toContain('2 grants, 8 events verified; 1 broken');
  expect((await run('register/cli.ts', ['verify', 'CLI-1'], env)).code).toBe(0);
});

test('migrate without the owner\'s URL is a configuration error naming it', async () => {
  const r = await run('register/cli.ts', ['migrate'], { REGISTER_DATABASE_URL: reg.appUrl });
  expect(r.code).toBe(78);
  expect(r.stderr).toContain('REGISTER_MIGRATION_URL: is required to migrate');
});

test.each(['worker/main.ts', 'api/main.ts'])('%s refuses an unmigrated register, naming the command to run', async (file) => {
  const admin = new pg.Client({ connectionString: reg.pg.url('postgres') });
  await admin.connect();
  const name = `empty_${file.split('/')[0]}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const r = await run(file, [], {
    LINK_SECRET: 'l'.repeat(32),
    AUTH_JWT_SECRET: 'j'.repeat(32),
    REGISTER_DATABASE_URL: registerUrls(reg.pg.port, name).ownerUrl,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    LOG_LEVEL: 'silent',
  });

  expect(r.code).toBe(78);
  expect(r.stderr).toMatch(/refused to start: the register \(REGISTER_DATABASE_URL=postgres:\/\/postgres@127\.0\.0\.1:\d+\/empty_\w+\) has no schema yet: run npm run register -- migrate/);
});
