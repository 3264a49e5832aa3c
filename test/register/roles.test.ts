/** The register's guard rails: the app's role, the chain's verification, the start-up check. */
import pg from 'pg';
import { checkRegister, RegisterNotReadyError } from '../../register/migrate';
import { createRegisterPool } from '../../register/pool';
import { recordGrant } from '../../register/writer';
import { verifyGrant, verifyAll, type ChainReport } from '../../register/verify';
import { readRecord } from '../../register/record';
import { batchAt } from '../helpers/registerBatch';
import { migrateRegister, registerUrls, startLocalRegister, type LocalRegister } from '../../register/local';

let reg: LocalRegister;
let next = 100;
const fresh = () => `RJH-2026-${String(++next).padStart(4, '0')}`;

beforeAll(async () => {
  reg = await startLocalRegister();
});
afterAll(async () => {
  await reg?.stop();
});

describe('the app role', () => {
  test.each([
    ['UPDATE', "UPDATE events SET comment = 'ändrad' WHERE case_number = $1"],
    ['DELETE', 'DELETE FROM events WHERE case_number = $1'],
    ['TRUNCATE', 'TRUNCATE events CASCADE'],
  ])('may not %s events', async (_verb, sql) => {
    const caseNumber = fresh();
    await recordGrant(reg.app, batchAt({ caseNumber, seq: 2, events: 3 }));

    await expect(reg.app.query(sql, sql.includes('$1') ? [caseNumber] : [])).rejects.toMatchObject({ code: '42501' });
    expect((await reg.owner.query('SELECT count(*)::int AS n FROM events WHERE case_number = $1', [caseNumber])).rows[0].n).toBe(3);
  });

  test('passes the start-up check; the owner does not (it may change events)', async () => {
    await expect(checkRegister(reg.app, reg.appUrl)).resolves.toBeUndefined();
    await expect(checkRegister(reg.owner, reg.ownerUrl)).rejects.toThrow(/may change timeline events .*connect as grantflow_app/);
  });
});

describe('verification', () => {
  test('an event row edited behind the app\'s back fails verification, naming that row', async () => {
    const caseNumber = fresh();
    await recordGrant(reg.app, batchAt({ caseNumber, seq: 4, events: 6 }));
    const stored = (await reg.owner.query('SELECT hash FROM events WHERE case_number = $1 AND n = 4', [caseNumber])).rows[0].hash;

    await reg.owner.query("UPDATE events SET actor = 'någon.annan@example.se' WHERE case_number = $1 AND n = 4", [caseNumber]);

    const r = (await verifyGrant(reg.app, caseNumber)) as ChainReport;
    expect(r.ok).toBe(false);
    expect(r.problem).toMatchObject({ n: 4, what: 'hash', stored });
    expect(r.problem!.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(r.problem!.expected).not.toBe(stored);
    expect(r.problem!.message).toContain(`grant ${caseNumber}, event 4:`);
  });

  test('a deleted middle row is named by its number', async () => {
    const caseNumber = fresh();
    await recordGrant(reg.app, batchAt({ caseNumber, seq: 4, events: 6 }));

    await reg.owner.query('DELETE FROM events WHERE case_number = $1 AND n = 3', [caseNumber]);

    expect((await verifyGrant(reg.app, caseNumber))?.problem).toMatchObject({ n: 3, what: 'number', expected: '3', stored: '4' });
  });

  test('a deleted last row is caught by the grant\'s count and head', async () => {
    const caseNumber = fresh();
    await recordGrant(reg.app, batchAt({ caseNumber, seq: 4, events: 6 }));

    await reg.owner.query('DELETE FROM events WHERE case_number = $1 AND n = 6', [caseNumber]);

    expect((await verifyGrant(reg.app, caseNumber))?.problem).toMatchObject({ n: 6, what: 'head' });
  });

  test('verifyAll reports every grant and counts the broken ones', async () => {
    const good = fresh();
    const bad = fresh();
    await recordGrant(reg.app, batchAt({ caseNumber: good, seq: 2, events: 3 }));
    await recordGrant(reg.app, batchAt({ caseNumber: bad, seq: 2, events: 3 }));
    await reg.owner.query("UPDATE events SET data = '{\"amountOre\": 1}' WHERE case_number = $1 AND n = 2", [bad]);

    const seen: ChainReport[] = [];
    const sum = await verifyAll(reg.app, (r) => seen.push(r), 2);

    expect(seen.find((r) => r.caseNumber === good)?.ok).toBe(true);
    expect(seen.find((r) => r.caseNumber === bad)?.problem).toMatchObject({ n: 2, what: 'hash' });
    expect(sum.grants).toBe(seen.length);
    expect(sum.broken).toBe(seen.filter((r) => !r.ok).length);
  });

  test('a chain being written is never reported broken: verify and the record read one snapshot', async () => {
    const caseNumber = fresh();
    await recordGrant(reg.app, batchAt({ caseNumber, seq: 1, events: 1 }));
    let written = 1;
    const writing = (async () => {
      for (let n = 2; n <= 60; n++) {
        await recordGrant(reg.app, batchAt({ caseNumber, seq: n, events: n, acked: n - 1 }));
        written = n;
      }
    })();
    const reports: ChainReport[] = [];
    const records: { events: number; rows: number; head: string; last?: string }[] = [];
    while (written < 60) {
      reports.push((await verifyGrant(reg.app, caseNumber))!);
      const rec = (await readRecord(reg.app, caseNumber))!;
      records.push({ events: rec.chain.events, rows: rec.events.length, head: rec.chain.headHash, last: rec.events.at(-1)?.hash });
    }
    await writing;
    expect(reports.length).toBeGreaterThan(5);
    expect(reports.filter((r) => !r.ok)).toEqual([]);
    // The record's chain head is its last event's hash, and its count its rows, in every read.
    expect(records.filter((r) => r.events !== r.rows || r.head !== r.last)).toEqual([]);
  });

  test('a grant the register does not hold is undefined', async () => {
    expect(await verifyGrant(reg.app, 'RJH-2026-9999')).toBeUndefined();
  });
});

describe('the start-up check', () => {
  async function withDatabase(name: string, fn: (urls: { ownerUrl: string; appUrl: string }) => Promise<void>) {
    const admin = new pg.Client({ connectionString: reg.pg.url('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    await fn(registerUrls(reg.pg.port, name));
  }

  test('an unmigrated database is refused, naming the command to run', async () => {
    await withDatabase('unmigrated', async ({ appUrl }) => {
      const pool = createRegisterPool(appUrl);
      try {
        const check = checkRegister(pool, appUrl);
        await expect(check).rejects.toThrow(RegisterNotReadyError);
        await expect(check).rejects.toThrow(/has no schema yet: run npm run register -- migrate/);
      } finally {
        await pool.end();
      }
    });
  });

  test('a database behind this version is refused, naming the migrations it lacks', async () => {
    await withDatabase('behind', async ({ ownerUrl, appUrl }) => {
      await migrateRegister(ownerUrl, appUrl);
      const owner = createRegisterPool(ownerUrl);
      const pool = createRegisterPool(appUrl);
      try {
        await owner.query("DELETE FROM pgmigrations WHERE name = '1764680000001_register_roles'");
        await expect(checkRegister(pool, appUrl)).rejects.toThrow(/is behind this version: 1 migration\(s\) not applied \(1764680000001_register_roles\): run npm run register -- migrate/);
      } finally {
        await Promise.all([owner.end(), pool.end()]);
      }
    });
  });

  test('a database that does not exist is refused, naming the command that creates it', async () => {
    const { appUrl } = registerUrls(reg.pg.port, 'nowhere');
    const pool = createRegisterPool(appUrl);
    try {
      await expect(checkRegister(pool, appUrl)).rejects.toThrow(/does not exist: run npm run register -- migrate/);
    } finally {
      await pool.end();
    }
  });

  test('migrating twice applies nothing the second time', async () => {
    expect(await migrateRegister(reg.ownerUrl, reg.appUrl)).toContain('the register is up to date');
  });
});
