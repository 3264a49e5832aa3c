/**
 * Keeps the grant's search attributes (what managers filter on in Temporal visibility) current.
 *
 * Version 1 upserts whenever something changed. Version 2 upserts at most once per workflow task,
 * with only the attributes that changed: a stage that ends and the next that begins in the same
 * task (a round settles, the next opens) used to make two upserts.
 */
import { condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { endOfDay } from '../../domain/calendar';
import { SA } from './contract';
import type { GrantRun } from './run';

export class Publisher {
  private lastPublished = '';
  /** Version 2: the attributes changed since the coroutine's last upsert. */
  private due = false;

  constructor(private readonly run: GrantRun) {}

  /** Year, county and title are set at start; these the workflow keeps current. */
  private pairs(): SearchAttributeUpdatePair[] {
    const s = this.run.state;
    return [
      { key: SA.stage, value: s.stage },
      { key: SA.status, value: s.status },
      { key: SA.overdue, value: s.overdue },
      { key: SA.totalOre, value: s.plan.totalOre },
      { key: SA.nextDeadline, value: s.nextDeadline ? new Date(endOfDay(s.nextDeadline)) : null },
    ];
  }

  /** Called after every change (GrantRun.refresh). */
  publish(): void {
    const next = this.pairs();
    const fingerprint = JSON.stringify(next.map((p) => p.value));
    if (this.run.version >= 2) {
      // The coroutine upserts once, at the end of the workflow task; woken only for a change.
      this.due = fingerprint !== this.lastPublished;
      return;
    }
    if (fingerprint === this.lastPublished) return;
    this.lastPublished = fingerprint;
    // When it changed, in the same upsert (workflow time). Not in the fingerprint, so it never
    // causes an upsert itself.
    upsertSearchAttributes([...next, { key: SA.updatedAt, value: new Date(Date.now()) }]);
  }

  /** Whether a version-2 upsert is still to come (the workflow waits for it before it returns). */
  get pending(): boolean {
    return this.due;
  }

  /** Version 2: the coroutine that makes the one upsert per workflow task. */
  async loop(): Promise<void> {
    // What the run started with (set by the API when it started the grant, or carried over by
    // continue-as-new) needs no upsert.
    const published = new Map<string, string>(workflowInfo().typedSearchAttributes.getAll().map((p) => [p.key.name, JSON.stringify(p.value)]));
    for (;;) {
      await condition(() => this.due);
      // Once more round the activation's unblocking loop: every coroutine woken together with this
      // one has by then run on to its next wait, so their changes go out in this one upsert. (The
      // first, eager evaluation says no; the SDK's next pass over blocked conditions says yes.)
      let evaluated = false;
      await condition(() => evaluated || !(evaluated = true));
      this.due = false;
      const next = this.pairs();
      this.lastPublished = JSON.stringify(next.map((p) => p.value));
      const changed = next.filter((p) => {
        const value = JSON.stringify(p.value);
        if (published.get(p.key.name) === value) return false;
        published.set(p.key.name, value);
        return true;
      });
      if (changed.length > 0) upsertSearchAttributes([...changed, { key: SA.updatedAt, value: new Date(Date.now()) }]);
    }
  }
}
