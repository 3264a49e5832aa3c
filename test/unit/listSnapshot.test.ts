/**
 * The list snapshot (api/listSnapshot.ts) against a fake Temporal client: first load, incremental
 * refreshes and their query, continue-as-new, a write's describe winning over lagging visibility,
 * full resyncs, Temporal being down (the last snapshot is served, one warning), refreshes that never
 * overlap, and close. The real server is in test/e2e/listSnapshot.test.ts.
 */
import { TypedSearchAttributes, WorkflowNotFoundError, type SearchAttributePair } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { ListSnapshot, SNAPSHOT_BASE_QUERY, changedSinceQuery } from '../../api/listSnapshot';
import { SA } from '../../workflows/grant/contract';

interface Run {
  workflowId: string;
  runId: string;
  type?: string;
  status: string;
  start: number;
  close?: number;
  updatedAt?: number;
  stage?: string;
  organisation?: string;
}

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);

function execution(r: Run) {
  const pairs: SearchAttributePair[] = [
    { key: SA.caseNumber, value: r.workflowId.replace(/^grant:/, '') },
    { key: SA.title, value: `Titel ${r.workflowId}` },
    { key: SA.organisation, value: r.organisation ?? 'Org' },
    { key: SA.stage, value: r.stage ?? 'decision' },
  ];
  if (r.updatedAt !== undefined) pairs.push({ key: SA.updatedAt, value: new Date(r.updatedAt) });
  return {
    type: r.type ?? 'grantWorkflow',
    workflowId: r.workflowId,
    runId: r.runId,
    status: { name: r.status },
    startTime: new Date(r.start),
    closeTime: r.close === undefined ? undefined : new Date(r.close),
    typedSearchAttributes: new TypedSearchAttributes(pairs),
  };
}

/** A fake of the client calls the snapshot makes: list (base or changed-since query) and describe. */
function fakeTemporal() {
  const state = {
    /** What visibility holds. */
    visible: [] as Run[],
    /** What describe answers (the workflow's own record); defaults to what is visible. */
    described: new Map<string, Run | 'gone'>(),
    down: false,
    listDelayMs: 0,
    queries: [] as string[],
    inFlight: 0,
    maxInFlight: 0,
    describes: 0,
  };
  const client = {
    workflow: {
      list({ query }: { query: string; pageSize?: number }) {
        state.queries.push(query);
        return (async function* () {
          state.inFlight += 1;
          state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
          try {
            if (state.listDelayMs) await new Promise((r) => setTimeout(r, state.listDelayMs));
            if (state.down) throw new Error('14 UNAVAILABLE: connection refused');
            const since = /GrantUpdatedAt >= '([^']+)'/.exec(query)?.[1];
            const cutoff = since === undefined ? undefined : Date.parse(since);
            expect(query.startsWith(SNAPSHOT_BASE_QUERY)).toBe(true);
            for (const r of state.visible) {
              if (r.status === 'CONTINUED_AS_NEW') continue;
              if (cutoff !== undefined && !((r.updatedAt ?? -1) >= cutoff || r.start >= cutoff || (r.close ?? -1) >= cutoff)) continue;
              yield execution(r);
            }
          } finally {
            state.inFlight -= 1;
          }
        })();
      },
      getHandle(workflowId: string) {
        return {
          async describe() {
            state.describes += 1;
            if (state.down) throw new Error('14 UNAVAILABLE');
            const d = state.described.get(workflowId) ?? [...state.visible].reverse().find((r) => r.workflowId === workflowId);
            if (!d || d === 'gone') throw new WorkflowNotFoundError('not found', workflowId, undefined);
            return execution(d);
          },
        };
      },
    },
  };
  return { state, client: client as unknown as Client };
}

function fakeLog() {
  const calls = { warn: [] as string[], info: [] as string[] };
  const log = {
    warn: (_o: unknown, msg: string) => calls.warn.push(msg),
    info: (_o: unknown, msg: string) => calls.info.push(msg),
    debug: () => undefined,
  };
  return { calls, log: log as unknown as Logger };
}

const until = async (what: string, cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the list snapshot', () => {
  let snapshot: ListSnapshot | undefined;
  afterEach(async () => {
    await snapshot?.close();
    snapshot = undefined;
  });

  function start(t: ReturnType<typeof fakeTemporal>, opts: { refreshMs?: number; fullResyncMs?: number; now?: () => number; recheckMs?: number } = {}) {
    const { log, calls } = fakeLog();
    snapshot = new ListSnapshot({ client: t.client, log, refreshMs: opts.refreshMs ?? 10, fullResyncMs: opts.fullResyncMs, marginMs: 1000, recheckMs: opts.recheckMs ?? 20, now: opts.now }).start();
    return { snapshot, calls };
  }
  const ids = (s: ListSnapshot, filters = {}) => s.find(filters, {}, 'caseNumber').map((i) => `${i.workflowId}@${i.runId}:${i.stage}:${i.executionStatus}`);

  it('loads every grant first (not other workflow types, not runs that continued as new), then serves it sorted and filtered', async () => {
    const t = fakeTemporal();
    t.state.visible.push(
      { workflowId: 'grant:B', runId: 'b1', status: 'RUNNING', start: T0 },
      { workflowId: 'grant:A', runId: 'a1', status: 'COMPLETED', start: T0, close: T0 + 5, stage: 'closed' },
      { workflowId: 'agreement:2020', runId: 'x', type: 'agreementWorkflow', status: 'RUNNING', start: T0 },
      { workflowId: 'grant:C', runId: 'c1', status: 'RUNNING', start: T0, organisation: 'Other' },
    );
    const { snapshot: s } = start(t);
    expect(s.state).toBe('loading');
    expect(await s.whenReady(2000)).toBe(true);
    expect(t.state.queries[0]).toBe(SNAPSHOT_BASE_QUERY);
    expect(ids(s)).toEqual(['grant:A@a1:closed:COMPLETED', 'grant:B@b1:decision:RUNNING', 'grant:C@c1:decision:RUNNING']);
    expect(s.find({ stage: ['decision'] }, { organisation: 'Org' }, 'caseNumber').map((i) => i.caseNumber)).toEqual(['B']);
    expect(s.count({}, { organisation: 'Other' })).toBe(1);
    expect(s.state).toBe('current');
    expect(s.asOf).toBeInstanceOf(Date);
  });

  it('then reads only what changed, started or closed since its last refresh (minus the margin)', async () => {
    const t = fakeTemporal();
    t.state.visible.push({ workflowId: 'grant:A', runId: 'a1', status: 'RUNNING', start: T0 - 60_000, updatedAt: T0 - 60_000 });
    let clock = T0;
    const { snapshot: s } = start(t, { now: () => clock });
    await s.whenReady(2000);
    clock = T0 + 5000;
    await until('an incremental refresh', () => t.state.queries.length >= 2);
    expect(t.state.queries[1]).toBe(changedSinceQuery(T0 - 1000));
    expect(t.state.queries[1]).toBe(
      `${SNAPSHOT_BASE_QUERY} AND (GrantUpdatedAt >= '2026-11-30T08:59:59.000Z' OR StartTime >= '2026-11-30T08:59:59.000Z' OR CloseTime >= '2026-11-30T08:59:59.000Z')`,
    );
    // A change, a new grant and a close show on the next refreshes.
    t.state.visible[0] = { ...t.state.visible[0]!, stage: 'payment', updatedAt: T0 + 4000 };
    t.state.visible.push({ workflowId: 'grant:N', runId: 'n1', status: 'RUNNING', start: T0 + 4500 });
    await until('the change', () => ids(s).length === 2 && ids(s)[0]!.includes('payment'));
    t.state.visible[0] = { ...t.state.visible[0]!, status: 'TERMINATED', close: T0 + 6000 };
    clock = T0 + 7000;
    await until('the termination', () => ids(s)[0]!.endsWith('TERMINATED'));
    expect(ids(s)).toEqual(['grant:A@a1:payment:TERMINATED', 'grant:N@n1:decision:RUNNING']);
  });

  it('replaces a run that continued as new by its successor', async () => {
    const t = fakeTemporal();
    t.state.visible.push({ workflowId: 'grant:A', runId: 'a1', status: 'RUNNING', start: T0, updatedAt: T0 });
    let clock = T0 + 10;
    const { snapshot: s } = start(t, { now: () => clock });
    await s.whenReady(2000);
    t.state.visible[0] = { ...t.state.visible[0]!, status: 'CONTINUED_AS_NEW', close: T0 + 100 };
    t.state.visible.push({ workflowId: 'grant:A', runId: 'a2', status: 'RUNNING', start: T0 + 100, updatedAt: T0 + 100, stage: 'payment' });
    clock = T0 + 200;
    await until('the successor', () => ids(s)[0] === 'grant:A@a2:payment:RUNNING');
    expect(s.size).toBe(1);
  });

  it('after a write, describes that grant at once; visibility lagging behind does not undo it', async () => {
    const t = fakeTemporal();
    t.state.visible.push({ workflowId: 'grant:A', runId: 'a1', status: 'RUNNING', start: T0, updatedAt: T0 });
    const { snapshot: s } = start(t, { refreshMs: 5 });
    await s.whenReady(2000);
    // The workflow's own record has moved on; visibility has not yet.
    t.state.described.set('grant:A', { workflowId: 'grant:A', runId: 'a1', status: 'RUNNING', start: T0, updatedAt: T0 + 50, stage: 'signature' });
    s.changed('grant:A');
    await s.settled();
    expect(ids(s)).toEqual(['grant:A@a1:signature:RUNNING']);
    const refreshes = t.state.queries.length;
    await until('a few refreshes', () => t.state.queries.length >= refreshes + 3);
    expect(ids(s)).toEqual(['grant:A@a1:signature:RUNNING']);
    // A grant started through the API shows before visibility has it.
    t.state.described.set('grant:N', { workflowId: 'grant:N', runId: 'n1', status: 'RUNNING', start: Date.now(), updatedAt: Date.now() });
    s.changed('grant:N');
    await s.settled();
    expect(ids(s)).toContain('grant:N@n1:decision:RUNNING');
    // Described twice: at once and once more shortly after.
    await until('the second describe', () => t.state.describes >= 4);
  });

  it('a full resync drops what visibility no longer holds, keeps what this process has just learnt', async () => {
    const t = fakeTemporal();
    t.state.visible.push({ workflowId: 'grant:A', runId: 'a1', status: 'RUNNING', start: T0 }, { workflowId: 'grant:B', runId: 'b1', status: 'RUNNING', start: T0 });
    let clock = T0;
    const { snapshot: s } = start(t, { now: () => clock, fullResyncMs: 60_000 });
    await s.whenReady(2000);
    t.state.visible.splice(1, 1); // B deleted (retention)
    t.state.described.set('grant:N', { workflowId: 'grant:N', runId: 'n1', status: 'RUNNING', start: T0 + 120_000 });
    clock = T0 + 120_000;
    s.changed('grant:N');
    await s.settled();
    const loads = t.state.queries.filter((q) => q === SNAPSHOT_BASE_QUERY).length;
    await until('a full resync', () => t.state.queries.filter((q) => q === SNAPSHOT_BASE_QUERY).length > loads);
    await until('the resync applied', () => !ids(s).some((i) => i.startsWith('grant:B')));
    expect(ids(s)).toEqual(['grant:A@a1:decision:RUNNING', 'grant:N@n1:decision:RUNNING']);
    // A describe that finds nothing removes the grant.
    t.state.described.set('grant:N', 'gone');
    s.changed('grant:N');
    await s.settled();
    expect(ids(s)).toEqual(['grant:A@a1:decision:RUNNING']);
  });

  it('keeps serving the last snapshot while Temporal is down, warns once, and says so; recovers', async () => {
    const t = fakeTemporal();
    t.state.visible.push({ workflowId: 'grant:A', runId: 'a1', status: 'RUNNING', start: T0 });
    const { snapshot: s, calls } = start(t, { refreshMs: 5 });
    await s.whenReady(2000);
    const asOf = s.asOf!.getTime();
    t.state.down = true;
    await until('failures', () => s.stats.failures >= 5);
    expect(s.state).toBe('stale');
    expect(ids(s)).toEqual(['grant:A@a1:decision:RUNNING']);
    expect(s.asOf!.getTime()).toBe(asOf);
    expect(calls.warn).toHaveLength(1);
    expect(calls.warn[0]).toMatch(/refresh failed; the list serves the last snapshot/);
    t.state.down = false;
    await until('recovery', () => s.state === 'current');
    expect(s.asOf!.getTime()).toBeGreaterThan(asOf);
    expect(calls.info).toEqual([expect.stringMatching(/answers again/)]);
  });

  it('retries the first load until Temporal answers', async () => {
    const t = fakeTemporal();
    t.state.down = true;
    t.state.visible.push({ workflowId: 'grant:A', runId: 'a1', status: 'RUNNING', start: T0 });
    const { snapshot: s } = start(t, { refreshMs: 5 });
    await until('failures', () => s.stats.failures >= 3);
    expect([s.ready, s.state]).toEqual([false, 'loading']);
    t.state.down = false;
    expect(await s.whenReady(2000)).toBe(true);
    expect(s.size).toBe(1);
  });

  it('never runs two refreshes at once, however slow visibility is', async () => {
    const t = fakeTemporal();
    t.state.listDelayMs = 30;
    const { snapshot: s } = start(t, { refreshMs: 1 });
    await until('several refreshes', () => t.state.queries.length >= 5);
    expect(t.state.maxInFlight).toBe(1);
    expect(s.ready).toBe(true);
  });

  it('stops refreshing when closed', async () => {
    const t = fakeTemporal();
    const { snapshot: s } = start(t, { refreshMs: 5 });
    await s.whenReady(2000);
    await s.close();
    const n = t.state.queries.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(t.state.queries.length).toBe(n);
    s.changed('grant:A');
    expect(t.state.describes).toBe(0);
  });
});
