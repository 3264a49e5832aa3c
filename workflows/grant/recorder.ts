/**
 * Versions 3 and 4: keep the register (the public record in PostgreSQL) current. After every workflow task
 * that changed the grant, one recordGrant activity carries what the register does not have yet: the
 * new timeline events, new revisions, the rounds and seats that changed, the part, tranche and
 * report lists when they changed, the mail sent, and the summary. One batch is in flight at a time;
 * what changes meanwhile goes in the next. A register that is down delays the record and loses
 * nothing (the activity retries without a limit, and the grant waits for it before it ends or
 * continues as new).
 *
 * Deterministic by construction: the loop wakes only on the state's own counters (the timeline's
 * length, the change counter, the mail log), which change only in workflow code; what it sends is
 * acknowledged only by the activity's result.
 */
import { ActivityFailure, allHandlersFinished, condition, log, patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { GrantRun } from './run';
import { registerRound, registerSummary, revisionsOf, type MailLogEntry, type RegisterActivities, type RegisterBatch, type RegisterRound } from './register';

const { recordGrant } = proxyActivities<RegisterActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '15 seconds' },
});

/** What the register holds of this grant, carried over by continue-as-new. */
export interface Recorded {
  events: number;
  revisions: number;
}

export class Recorder {
  private events: number;
  private revisions: number;
  /** The state's change counter when the last batch was taken. */
  private seq = -1;
  private readonly mail: MailLogEntry[] = [];
  private readonly sentSeats = new Map<string, string>();
  private readonly sentRounds = new Map<string, string>();
  private readonly sentLists = new Map<string, string>();
  private inFlight = false;

  constructor(
    private readonly run: GrantRun,
    recorded: Recorded | undefined,
  ) {
    this.events = recorded?.events ?? 0;
    this.revisions = recorded?.revisions ?? 0;
  }

  /**
   * The outbox reports each mail SMTP accepted. The entry goes with the next batch: a mail alone
   * never starts one (a batch woken by the mail log alone did not replay as recorded), and the
   * grant sends a last batch before it ends or continues as new (`flush`).
   */
  mailed(entry: MailLogEntry): void {
    this.mail.push(entry);
  }

  /**
   * Called from the workflow's own code path when idle, before it ends or continues as new: one
   * last batch, always (whether mail is left to log must not decide which commands the grant
   * issues: which mail a batch finds depends on the order its activities' results are taken).
   */
  async flush(): Promise<void> {
    this.seq = -1;
    await condition(() => this.idle());
  }

  private dirty(): boolean {
    const s = this.run.state;
    return s.seq !== this.seq || s.timeline.length > this.events;
  }

  /** Nothing unsent (but mail, see `flush`) and nothing in flight. */
  idle(): boolean {
    return !this.inFlight && !this.dirty();
  }

  /** What the next run starts from (continue-as-new; called when idle). */
  recorded(): Recorded {
    return { events: this.events, revisions: this.revisions };
  }

  async loop(): Promise<void> {
    for (;;) {
      // Only once every Update of this activation has completed: where the batch's command falls
      // among the Updates' completions must not depend on the order in which the SDK runs their
      // continuations, which differs between a live run and a replay (a board's members answering
      // at once failed to replay: "Activity machine does not handle this event:
      // WorkflowExecutionUpdateCompleted"). The handlers are synchronous, so this waits only for
      // the end of the activation, never for a person. Version 4 waits so from the start; a grant
      // on version 3 (started 2026-12-02 – 2026-12-03) asks a patch before every batch, so that it
      // replays the batches it recorded without the wait where they were and takes the wait from
      // its first batch on this code (docs/versions.md). New grants carry no marker for it.
      const afterUpdates = this.run.version >= 4 || patched('register-batch-after-updates');
      await condition(() => this.dirty() && (!afterUpdates || allHandlersFinished()));
      const { batch, commit } = this.take();
      this.inFlight = true;
      try {
        const ack = await recordGrant(batch);
        commit(ack.events);
      } catch (e) {
        // Only a refusal the writer will not retry (a batch it cannot take) ends up here; a register
        // that is down is retried by the activity. The grant goes on; the batch is taken anew.
        if (!(e instanceof ActivityFailure)) throw e;
        log.error('register refused a batch; retrying in 10 minutes', { caseNumber: batch.summary.caseNumber, firstEvent: batch.firstEvent, error: e.cause?.message });
        this.seq = -1;
        await sleep('10 minutes');
      } finally {
        this.inFlight = false;
      }
    }
  }

  /** The batch of what the register lacks, and what to remember once it is acknowledged. */
  private take(): { batch: RegisterBatch; commit: (held: number) => void } {
    const s = this.run.state;
    this.seq = s.seq;
    const events = s.timeline.slice(this.events);
    const revisions = revisionsOf(s).filter((r) => r.revision > this.revisions);
    const mail = this.mail.slice();
    const marks = new Map<Map<string, string>, [string, string][]>([
      [this.sentSeats, []],
      [this.sentRounds, []],
      [this.sentLists, []],
    ]);
    const changed = (sent: Map<string, string>, key: string, value: unknown): boolean => {
      const json = JSON.stringify(value);
      if (sent.get(key) === json) return false;
      marks.get(sent)!.push([key, json]);
      return true;
    };
    const rounds: RegisterRound[] = [];
    for (const round of s.rounds) {
      const r = registerRound(round, (seat) => changed(this.sentSeats, `${round.id}/${seat.memberId}`, seat));
      const { seats, ...header } = r;
      if (changed(this.sentRounds, round.id, header) || seats.length > 0) rounds.push(r);
    }
    const lists = {
      ...(changed(this.sentLists, 'parts', s.parts) ? { parts: s.parts } : {}),
      ...(changed(this.sentLists, 'tranches', s.tranches) ? { tranches: s.tranches } : {}),
      ...(changed(this.sentLists, 'reports', s.reports) ? { reports: s.reports } : {}),
    };
    const batch: RegisterBatch = { summary: registerSummary(s), firstEvent: this.events + 1, events, revisions, rounds, ...lists, mail };
    const sentEventsTo = s.timeline.length;
    const sentRevisionsTo = revisions.reduce((max, r) => Math.max(max, r.revision), this.revisions);
    const commit = (held: number): void => {
      // The register says how many events it holds: normally all that were sent. Fewer than the
      // batch starts from (a register restored from a backup) and it took nothing: the next batch
      // starts from what it holds, with everything else again.
      if (held < batch.firstEvent - 1) {
        this.events = held;
        this.revisions = 0;
        this.sentSeats.clear();
        this.sentRounds.clear();
        this.sentLists.clear();
        this.seq = -1;
        return;
      }
      this.events = Math.min(held, sentEventsTo);
      this.mail.splice(0, mail.length);
      this.revisions = sentRevisionsTo;
      for (const [sent, entries] of marks) for (const [key, json] of entries) sent.set(key, json);
      if (this.events < sentEventsTo) this.seq = -1;
    };
    return { batch, commit };
  }
}
