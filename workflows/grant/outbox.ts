/**
 * The grant's outbox: mail the stages decide to send waits here, and one coroutine hands it to the
 * sendMail activity in batches of up to 50. An SMTP outage delays mail and loses none (the activity
 * retries without a limit); a recipient the server refuses for good is recorded in the timeline.
 */
import { condition, proxyActivities } from '@temporalio/workflow';
import type { GrantActivities, MailFacts, MailPurpose, MailRequest, Recipient } from './contract';
import type { GrantRun } from './run';
import { SYSTEM } from './run';

const { sendMail } = proxyActivities<GrantActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** What a stage says of a mail; the outbox adds the grant's own fields. */
export interface Mail {
  /** Per (grant, round, recipient, purpose); never a link nonce, which stays out of logs. */
  key: string;
  purpose: MailPurpose;
  to: Recipient[];
  facts: MailFacts;
  link?: MailRequest['link'];
}

export class Outbox {
  private readonly queue: MailRequest[] = [];
  private sending = false;

  constructor(private readonly run: GrantRun) {}

  enqueue(mail: Mail): void {
    if (mail.to.length === 0) return;
    const s = this.run.state;
    this.queue.push({ ...mail, workflowId: s.workflowId, lang: s.plan.lang, caseNumber: s.caseNumber, title: s.plan.title });
  }

  /** Nothing queued and nothing in flight. */
  idle(): boolean {
    return this.queue.length === 0 && !this.sending;
  }

  async loop(): Promise<void> {
    for (;;) {
      await condition(() => this.queue.length > 0);
      this.sending = true;
      const batch = this.queue.splice(0, 50);
      try {
        const results = await sendMail(batch);
        const sent = new Map(batch.map((m) => [m.key, m]));
        for (const r of results) {
          if (r.rejected.length > 0) this.run.record('mailRejected', SYSTEM, { data: { key: r.key, rejected: r.rejected } });
          const mail = sent.get(r.key);
          if (this.run.version >= 3 && mail) {
            this.run.recorder.mailed({ key: r.key, purpose: mail.purpose, to: mail.to.map((t) => t.email), messageId: r.messageId, at: this.run.nowIso(), rejected: r.rejected });
          }
        }
      } finally {
        this.sending = false;
      }
    }
  }
}
