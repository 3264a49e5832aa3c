/**
 * The sendMail activity. Built by a factory that takes its transport, clock and config, so tests
 * inject a real SMTP server (or a failing one) and a fixed clock.
 */
import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { signLink } from '../common/links';
import { formatInstant } from '../domain/dates';
import type { MailRequest, MailActivities, MailResult } from '../workflows/grant/contract';
import { renderMail } from './templates';

export interface MailDeps {
  transport: Pick<Transporter, 'sendMail'>;
  from: string;
  publicBaseUrl: string;
  linkSecret: string;
  linkTtlDays: number;
  now?: () => number;
  log?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

/** Deterministic per (grant, round, recipient, purpose): a retried send reuses it. */
export function messageIdFor(key: string, fromHost: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${fromHost}>`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'grantflow.local';
  } catch {
    return 'grantflow.local';
  }
}

/** SMTP reply codes 5xx are permanent: retrying will not help, so they are reported, not thrown. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity (unit tests)
  }
}

export function createMailActivities(deps: MailDeps): MailActivities {
  const now = deps.now ?? Date.now;
  const host = hostOf(deps.publicBaseUrl);
  const base = deps.publicBaseUrl.replace(/\/+$/, '');

  async function sendOne(m: MailRequest): Promise<MailResult> {
    const messageId = messageIdFor(m.key, host);
    let link: { url: string; expires: string } | undefined;
    if (m.link) {
      const expiresMs = now() + deps.linkTtlDays * 86_400_000;
      const token = signLink(deps.linkSecret, {
        w: m.workflowId,
        r: m.link.roundId,
        m: m.link.memberId,
        n: m.link.nonce,
        e: Math.floor(expiresMs / 1000),
      });
      link = { url: `${base}/a/${token}`, expires: formatInstant(expiresMs) };
    }
    const rendered = renderMail(m, link);
    try {
      const info = await deps.transport.sendMail({
        from: deps.from,
        to: m.to.map((r) => ({ name: r.name, address: r.email })),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        headers: { 'X-Grantflow-Case': m.caseNumber, 'X-Grantflow-Purpose': m.purpose, 'Auto-Submitted': 'auto-generated' },
      });
      const rejected = ((info as { rejected?: (string | { address: string })[] }).rejected ?? []).map((r) => (typeof r === 'string' ? r : r.address));
      deps.log?.info({ key: m.key, purpose: m.purpose, messageId, recipients: m.to.length }, 'mail sent');
      return { key: m.key, messageId, rejected };
    } catch (err) {
      if (isPermanent(err)) {
        deps.log?.warn({ key: m.key, purpose: m.purpose, code: (err as { responseCode?: number }).responseCode }, 'mail refused permanently');
        return { key: m.key, messageId, rejected: m.to.map((r) => r.email) };
      }
      // Transient (connection refused, 4xx): the activity's retry policy tries again with backoff.
      throw ApplicationFailure.create({ type: 'SmtpUnavailable', message: `SMTP send failed: ${(err as Error).message}`, nonRetryable: false });
    }
  }

  return {
    async sendMail(batch: MailRequest[]): Promise<MailResult[]> {
      // The results so far are heartbeated, so a retry after a partial failure resumes after the
      // last mail that went out instead of sending it twice, and still reports the addresses the
      // server refused before it (they reach the grant's timeline). A count alone is what earlier
      // code heartbeated: those mails went out, refusals unknown.
      const ctx = activityContext();
      const details = ctx?.info.heartbeatDetails as MailResult[] | number | undefined;
      const results: MailResult[] = Array.isArray(details)
        ? details.slice(0, batch.length)
        : batch.slice(0, typeof details === 'number' ? details : 0).map((m) => ({ key: m.key, messageId: messageIdFor(m.key, host), rejected: [] }));
      for (let i = results.length; i < batch.length; i++) {
        results.push(await sendOne(batch[i]!));
        ctx?.heartbeat(results);
      }
      return results;
    },
  };
}
