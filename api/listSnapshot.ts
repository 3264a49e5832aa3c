/**
 * The managers' list as a read model of Temporal visibility, in the API process: every grant's
 * list item, keyed by workflow id, filtered, sorted and paged in memory. SQL visibility has no
 * ORDER BY, so answering a list from visibility meant reading every matching grant on every
 * request; from the snapshot a list costs a scan of memory.
 *
 * How it stays current:
 * - a full load at start (`WorkflowType = 'grantWorkflow' AND ExecutionStatus != 'ContinuedAsNew'`,
 *   pages of 1000), and again every `fullResyncMs` (5 minutes): that drops grants visibility no
 *   longer holds and catches anything the incremental reads missed;
 * - every `refreshMs` (LIST_REFRESH_SECONDS) an incremental read of only the grants whose
 *   `GrantUpdatedAt` (set by the workflow in every search-attribute upsert), start or close time is
 *   at or after the previous refresh's start minus `marginMs` (visibility lag, clock skew). A run that
 *   continued as new is replaced by its successor (same workflow id, later start);
 * - after a write through this API (`changed`), that one grant is described at once (describe reads
 *   the workflow's own record, not visibility) and once more a second later, for what the
 *   workflow does next; list requests wait briefly for such reads, so a write shows in the next list.
 *
 * Refreshes never overlap (the next is scheduled when one ends). When Temporal cannot be reached
 * the last snapshot keeps being served, `asOf` tells its age, a warning is logged, and /readyz
 * reports the list as stale. `close()` stops it.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { SA } from '../workflows/grant/contract';
import {
  buildVisibilityQuery,
  compileMatcher,
  GRANT_WORKFLOW_TYPE,
  matchFieldsOf,
  sortItems,
  toListItem,
  type ExecutionLike,
  type GrantFilters,
  type GrantListItem,
  type MatchFields,
  type Sort,
} from './visibility';

/** What the snapshot reads of a run: a list result or a describe result. */
type Execution = ExecutionLike & { type: string };

export interface ListSnapshotOptions {
  client: Client;
  log: Logger;
  /** Between the end of one refresh and the start of the next. */
  refreshMs: number;
  /** How often the incremental refresh is a full read instead. */
  fullResyncMs?: number;
  /** How far back before the previous refresh an incremental read looks. */
  marginMs?: number;
  /** The second describe after a write, for what the workflow does after the write. */
  recheckMs?: number;
  now?: () => number;
}

export type SnapshotState = 'loading' | 'current' | 'stale';

interface Entry {
  item: GrantListItem;
  fields: MatchFields;
  startMs: number;
  /** The last change visibility shows: GrantUpdatedAt, or the close time when later. */
  stamp: number;
  /** When this process last wrote the entry. */
  seenAt: number;
  /** The item as JSON: an unchanged grant read again changes nothing (and keeps the sorted views). */
  json: string;
}

/** The query of the full load: every grant's latest run. */
export const SNAPSHOT_BASE_QUERY = buildVisibilityQuery({});

/** The incremental query: grants that changed, started or closed at or after `since`. */
export function changedSinceQuery(sinceMs: number): string {
  const t = `'${new Date(sinceMs).toISOString()}'`;
  return `${SNAPSHOT_BASE_QUERY} AND (${SA.updatedAt.name} >= ${t} OR StartTime >= ${t} OR CloseTime >= ${t})`;
}

/** Is `a` at least as recent as `b`? A later run wins; within a run, the later change. */
function atLeastAsRecent(a: Entry, b: Entry): boolean {
  return a.startMs !== b.startMs ? a.startMs > b.startMs : a.stamp >= b.stamp;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export class ListSnapshot {
  private readonly client: Client;
  private readonly log: Logger;
  private readonly refreshMs: number;
  private readonly fullResyncMs: number;
  private readonly marginMs: number;
  private readonly recheckMs: number;
  private readonly now: () => number;

  private entries = new Map<string, Entry>();
  private loaded = false;
  private asOfMs: number | undefined;
  private lastFullMs = 0;
  /** The start of the last refresh that completed: the next incremental read starts there (minus the margin). */
  private since = 0;
  private failing = false;
  private lastWarnMs = 0;
  private started = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly pending = new Set<Promise<void>>();
  /** Bumped on every change; the sorted views below belong to one version. */
  private version = 0;
  private sortedVersion = -1;
  private readonly sorted = new Map<Sort, Entry[]>();

  /** Figures for the benchmark and /readyz. */
  readonly stats = { fullLoads: 0, incrementalRefreshes: 0, lastFullLoadMs: 0, lastRefreshMs: 0, lastRead: 0, failures: 0, described: 0 };

  constructor(opts: ListSnapshotOptions) {
    this.client = opts.client;
    this.log = opts.log;
    this.refreshMs = opts.refreshMs;
    this.fullResyncMs = opts.fullResyncMs ?? 5 * 60_000;
    this.marginMs = opts.marginMs ?? 60_000;
    this.recheckMs = opts.recheckMs ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  /** Starts the first load now and the refreshes after it. */
  start(): this {
    if (this.started || this.closed) return this;
    this.started = true;
    this.run();
    return this;
  }

  /** True once the first full load has completed: until then the list is read from visibility. */
  get ready(): boolean {
    return this.loaded;
  }

  /** When the last completed refresh started reading: every change visibility held then is in the snapshot. */
  get asOf(): Date | undefined {
    return this.asOfMs === undefined ? undefined : new Date(this.asOfMs);
  }

  get state(): SnapshotState {
    return !this.loaded ? 'loading' : this.failing ? 'stale' : 'current';
  }

  get size(): number {
    return this.entries.size;
  }

  /** Resolves after the first full load (or when closed); for the benchmark and tests. */
  async whenReady(timeoutMs = 60_000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (!this.loaded && !this.closed && Date.now() < end) await sleep(20);
    return this.loaded;
  }

  /** Every grant matching the filters in the scope, sorted (the semantics of buildVisibilityQuery). */
  find(filters: GrantFilters, scope: { organisation?: string }, sort: Sort): GrantListItem[] {
    const match = compileMatcher(filters, scope);
    const out: GrantListItem[] = [];
    for (const e of this.sortedBy(sort)) if (match(e.fields)) out.push(e.item);
    return out;
  }

  /** How many grants match. */
  count(filters: GrantFilters, scope: { organisation?: string }): number {
    const match = compileMatcher(filters, scope);
    let n = 0;
    for (const e of this.entries.values()) if (match(e.fields)) n += 1;
    return n;
  }

  /**
   * A grant was changed through this API: read it again now (and once more shortly after, for
   * what the workflow does next), without waiting for the next refresh.
   */
  changed(workflowId: string): void {
    if (this.closed) return;
    const first = this.describeInto(workflowId);
    this.pending.add(first);
    void first.finally(() => this.pending.delete(first));
    void first
      .then(() => sleep(this.recheckMs))
      .then(() => (this.closed ? undefined : this.describeInto(workflowId)));
  }

  /** Waits (at most `timeoutMs`) for the reads that `changed` started, so that a list shows this process's own writes. */
  async settled(timeoutMs = 1000): Promise<void> {
    if (this.pending.size === 0) return;
    await Promise.race([Promise.allSettled([...this.pending]), sleep(timeoutMs)]);
  }

  /** Stops refreshing; waits (briefly) for a refresh in flight. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    await Promise.race([Promise.allSettled([this.running, ...this.pending]), sleep(5000)]);
  }

  // ---- refreshing -------------------------------------------------------------------------------

  private run() {
    this.running = this.refresh().finally(() => {
      this.running = undefined;
      if (this.closed) return;
      this.timer = setTimeout(() => this.run(), this.refreshMs);
      // The server's or the test's own handles keep the process alive, not this timer.
      this.timer.unref();
    });
  }

  /** One refresh: full when due (or never done), else incremental. Never throws. */
  private async refresh(): Promise<void> {
    const started = this.now();
    const full = !this.loaded || started - this.lastFullMs >= this.fullResyncMs;
    try {
      const read = full ? await this.fullLoad(started) : await this.incremental(started);
      const ms = this.now() - started;
      this.asOfMs = started;
      this.since = started;
      this.stats.lastRead = read;
      if (full) {
        this.stats.fullLoads += 1;
        this.stats.lastFullLoadMs = ms;
      } else {
        this.stats.incrementalRefreshes += 1;
        this.stats.lastRefreshMs = ms;
      }
      if (this.failing) this.log.info({ asOf: new Date(started).toISOString() }, 'list snapshot: Temporal visibility answers again');
      this.failing = false;
    } catch (err) {
      this.stats.failures += 1;
      if (this.closed) return;
      // Once when it starts failing, then at most once a minute.
      if (!this.failing || started - this.lastWarnMs >= 60_000) {
        this.lastWarnMs = started;
        this.log.warn({ err, asOf: this.asOf?.toISOString() ?? null }, `list snapshot: ${full ? 'full load' : 'refresh'} failed; the list serves the last snapshot`);
      }
      this.failing = true;
    }
  }

  private entryOf(wf: Execution, seenAt: number): Entry {
    const updated = wf.typedSearchAttributes.get(SA.updatedAt)?.getTime() ?? 0;
    const item = toListItem(wf);
    return {
      item,
      json: JSON.stringify(item),
      fields: matchFieldsOf(wf.typedSearchAttributes),
      startMs: wf.startTime.getTime(),
      stamp: Math.max(updated, wf.closeTime?.getTime() ?? 0),
      seenAt,
    };
  }

  private static isListed(wf: Execution): boolean {
    return wf.type === GRANT_WORKFLOW_TYPE && wf.status.name !== 'CONTINUED_AS_NEW';
  }

  /** Puts an entry unless the snapshot already holds a more recent one of that grant. */
  private merge(id: string, e: Entry): void {
    const cur = this.entries.get(id);
    if (cur && !atLeastAsRecent(e, cur)) return;
    if (cur && cur.json === e.json && cur.stamp === e.stamp) {
      cur.seenAt = Math.max(cur.seenAt, e.seenAt);
      return;
    }
    this.entries.set(id, e);
    this.version += 1;
  }

  private async fullLoad(started: number): Promise<number> {
    const fresh = new Map<string, Entry>();
    let read = 0;
    for await (const wf of this.client.workflow.list({ query: SNAPSHOT_BASE_QUERY, pageSize: 1000 })) {
      if (this.closed) throw new Error('closed');
      read += 1;
      if (!ListSnapshot.isListed(wf)) continue;
      const e = this.entryOf(wf, started);
      const other = fresh.get(wf.workflowId);
      if (!other || atLeastAsRecent(e, other)) fresh.set(wf.workflowId, e);
    }
    // What this process learnt while the list was read (a write's describe) and visibility does
    // not show yet stays; what visibility no longer holds at all goes.
    for (const [id, cur] of this.entries) {
      const f = fresh.get(id);
      if (f ? !atLeastAsRecent(f, cur) : cur.seenAt >= started - this.marginMs) fresh.set(id, cur);
    }
    this.entries = fresh;
    this.loaded = true;
    this.lastFullMs = started;
    this.version += 1;
    return read;
  }

  private async incremental(started: number): Promise<number> {
    let read = 0;
    for await (const wf of this.client.workflow.list({ query: changedSinceQuery(this.since - this.marginMs), pageSize: 1000 })) {
      if (this.closed) throw new Error('closed');
      read += 1;
      if (ListSnapshot.isListed(wf)) this.merge(wf.workflowId, this.entryOf(wf, started));
    }
    return read;
  }

  private async describeInto(workflowId: string): Promise<void> {
    try {
      const d = await this.client.workflow.getHandle(workflowId).describe();
      this.stats.described += 1;
      if (ListSnapshot.isListed(d)) this.merge(workflowId, this.entryOf(d, this.now()));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        if (this.entries.delete(workflowId)) this.version += 1;
        return;
      }
      // The next refresh reads it anyway.
      this.log.debug({ err, workflowId }, 'list snapshot: describe after a write failed');
    }
  }

  // ---- sorting ----------------------------------------------------------------------------------

  /** The entries in `sort` order, cached until the snapshot changes. */
  private sortedBy(sort: Sort): Entry[] {
    if (this.sortedVersion !== this.version) {
      this.sorted.clear();
      this.sortedVersion = this.version;
    }
    let list = this.sorted.get(sort);
    if (!list) {
      const byItem = new Map<GrantListItem, Entry>();
      for (const e of this.entries.values()) byItem.set(e.item, e);
      list = sortItems([...byItem.keys()], sort).map((i) => byItem.get(i)!);
      this.sorted.set(sort, list);
    }
    return list;
  }
}
