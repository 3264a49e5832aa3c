/**
 * `npm run register -- <command>`: the register's operations (docs/record.md).
 *   migrate             apply the schema's migrations (REGISTER_MIGRATION_URL, the owner) and the app's login
 *   verify [case …]     recompute the hash chain of every grant (or the named ones); names the first bad row
 *   backfill            write every grant workflow Temporal still holds as a whole batch (idempotent)
 *   reconcile           compare every open grant workflow with the register; lists the differences
 * Exit codes: 0 done and nothing wrong, 1 a difference or a broken chain, 2 usage, 78 configuration.
 */
import { z } from 'zod';
import { RegisterEnvSchema } from '../common/config';
import { migrate } from './migrate';
import { createRegisterPool } from './pool';
import { verifyAll, verifyGrant, type ChainReport } from './verify';

const USAGE = 'usage: npm run register -- migrate | verify [caseNumber …] | backfill | reconcile';

const CliEnv = RegisterEnvSchema.extend({
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
});
type CliEnv = z.infer<typeof CliEnv>;

function env(): CliEnv {
  const cleaned = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''));
  const r = CliEnv.safeParse(cleaned);
  if (r.success) return r.data;
  process.stderr.write(`Invalid configuration:\n${r.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
  process.exit(78);
}

const out = (line: string) => process.stdout.write(`${line}\n`);

function printChain(r: ChainReport): void {
  out(r.ok ? `ok      ${r.caseNumber}: ${r.events} events, head ${r.headHash}` : `BROKEN  ${r.caseNumber}: ${r.problem!.message}`);
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const e = env();
  if (command === 'migrate') {
    if (!e.REGISTER_MIGRATION_URL) {
      process.stderr.write('Invalid configuration:\n  - REGISTER_MIGRATION_URL: is required to migrate: the register database\'s owner, e.g. postgres://postgres@localhost:5432/grantflow\n');
      return 78;
    }
    const r = await migrate(e.REGISTER_MIGRATION_URL, e.REGISTER_DATABASE_URL);
    if (r.createdDatabase) out('created the database');
    out(r.applied.length ? `applied ${r.applied.join(', ')}` : 'the register is up to date');
    return 0;
  }
  const pool = createRegisterPool(e.REGISTER_DATABASE_URL, { max: 2, applicationName: 'grantflow-register-cli' });
  try {
    if (command === 'verify') {
      let broken = 0;
      if (args.length > 0) {
        for (const caseNumber of args) {
          const r = await verifyGrant(pool, caseNumber);
          if (!r) {
            out(`MISSING ${caseNumber}: not in the register`);
            broken++;
          } else {
            printChain(r);
            if (!r.ok) broken++;
          }
        }
      } else {
        const sum = await verifyAll(pool, (r) => (r.ok ? undefined : printChain(r)));
        broken = sum.broken;
        out(`${sum.grants} grants, ${sum.events} events verified; ${sum.broken} broken`);
      }
      return broken > 0 ? 1 : 0;
    }
    if (command === 'backfill' || command === 'reconcile') {
      const { runTemporalCommand } = await import('./temporalCommands');
      return await runTemporalCommand(command, pool, e, out);
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`register ${process.argv[2] ?? ''} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
