/**
 * Mail through a real SMTP server (smtp-server) with the real mail activity: an outage delays mail
 * and loses none, a permanent refusal is recorded instead of retried, and Message-IDs are the
 * deterministic ones.
 */
import type net from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createMailActivities, messageIdFor } from '../../activities/mail';
import { stateQuery } from '../../workflows/grant/contract';
import { addDays, stockholmDate } from '../../domain/dates';
import { GrantPlan } from '../../domain/plan';
import { MailRecorder, createTimeSkippingEnv, currentTime, sleepUntil, startGrant, terminateLeftovers, waitState, workflowBundle } from '../helpers/workflowEnv';

interface Received {
  messageId: string;
  to: string[];
  subject: string;
}

class FlakySmtp {
  readonly received: Received[] = [];
  refusalsLeft = 0;
  refused = 0;
  readonly rejectRecipients = new Set<string>();
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect: (_session, cb) => {
      if (this.refusalsLeft > 0) {
        this.refusalsLeft -= 1;
        this.refused += 1;
        return cb(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
      }
      cb();
    },
    onRcptTo: (address, _session, cb) => {
      if (this.rejectRecipients.has(address.address)) return cb(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      cb();
    },
    onData: (stream, session, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.received.push({
          messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: /^Subject:\s*(.*)$/im.exec(raw)?.[1] ?? '',
        });
        cb();
      });
    },
  });
  port = 0;
  async listen() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as net.AddressInfo).port;
  }
  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let env: TestWorkflowEnvironment;
let smtp: FlakySmtp;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
  smtp = new FlakySmtp();
  await smtp.listen();
});
afterEach(terminateLeftovers);
afterAll(async () => {
  await smtp?.close();
  await env?.teardown();
});

const BASE = 'https://grantflow.example.se';

async function plan(caseNumber: string) {
  const today = stockholmDate(await currentTime(env));
  return GrantPlan.parse({
    caseNumber,
    title: 'SMTP-test',
    year: Number(today.slice(0, 4)),
    coordinators: [{ id: 'c', name: 'Samordnare', email: 'samordnare@example.se' }],
    parts: [{ id: 'A', name: 'Del A', amountOre: 100 }],
    totalOre: 100,
    decision: {
      body: 'Styrelsen',
      group: {
        id: 'g',
        name: 'Styrelsen',
        rule: { type: 'all' },
        deadline: addDays(today, 30),
        members: ['m1', 'm2', 'm3'].map((id) => ({ id, name: id.toUpperCase(), email: `${id}@example.se` })),
      },
    },
  });
}

async function withWorker(taskQueue: string, fn: () => Promise<void>) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  // The register's batches are recorded (a boundary this test is not about).
  const activities = { ...createMailActivities({ transport, from: 'grantflow <noreply@example.se>', publicBaseUrl: BASE, linkSecret: 'x'.repeat(40), linkTtlDays: 30 }), recordGrant: new MailRecorder().activities.recordGrant };
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  await worker.runUntil(fn);
}

it('delays mail through an SMTP outage and delivers each invitation exactly once afterwards', async () => {
  smtp.received.length = 0;
  smtp.refusalsLeft = 2;
  await withWorker('smtp-1', async () => {
    const handle = await startGrant(env, await plan('SMTP/OUTAGE/1'), 'smtp-1');
    await sleepUntil(env, (await currentTime(env)) + 5 * 60_000); // retries back off: 5 s, 10 s, …
    expect(smtp.refused).toBe(2);
    const invitations = smtp.received.filter((m) => m.subject.includes('SMTP/OUTAGE/1'));
    expect(invitations.map((m) => m.to[0]).sort()).toEqual(['m1@example.se', 'm2@example.se', 'm3@example.se']);
    // The Message-IDs are the deterministic ones for (grant, round, recipient, purpose).
    const s = await handle.query(stateQuery);
    const expected = s.rounds[0]!.seats.map((seat) =>
      messageIdFor(`${s.workflowId}/${s.rounds[0]!.id}/${seat.actingId}/invitation`, 'grantflow.example.se'),
    );
    expect(invitations.map((m) => m.messageId).sort()).toEqual(expected.sort());
  });
});

it('records a permanently refused recipient in the timeline instead of retrying forever', async () => {
  smtp.received.length = 0;
  smtp.refusalsLeft = 0;
  smtp.rejectRecipients.add('m3@example.se');
  await withWorker('smtp-2', async () => {
    const handle = await startGrant(env, await plan('SMTP/REFUSED/1'), 'smtp-2');
    const s = await waitState(handle, (x) => x.timeline.some((e) => e.type === 'mailRejected'), 'the refusal recorded');
    const event = s.timeline.find((e) => e.type === 'mailRejected')!;
    expect(event.data?.rejected).toEqual(['m3@example.se']);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['m1@example.se', 'm2@example.se']);
  });
  smtp.rejectRecipients.clear();
});
