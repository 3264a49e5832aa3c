/**
 * The sendMail activity with a fake SMTP transport (a recording boundary) and a fixed clock:
 * Message-IDs, signed approval links, HTML escaping, and how SMTP failures are reported.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMailActivities, type MailDeps } from '../../activities/mail';
import { escapeHtml, renderMail } from '../../activities/templates';
import { verifyLink } from '../../common/links';
import type { MailRequest, MailResult } from '../../workflows/grant/contract';

const SECRET = 'a-link-secret-of-at-least-32-characters!';
const BASE = 'https://grantflow.example.se';
const NOW = Date.parse('2024-06-01T10:00:00.000Z');
/** NOW + 60 days, worked out by hand: 2024-07-31T10:00:00Z (12:00 in Stockholm, summer time). */
const EXPIRES_S = Date.parse('2024-07-31T10:00:00.000Z') / 1000;

type SendArgs = Record<string, unknown> & { text: string; html: string; subject: string; messageId: string };

/** A fake transport that records every sendMail call and answers with `reply` (or throws it). */
function fakeTransport(reply: () => unknown = () => ({ accepted: [], rejected: [] })) {
  const calls: SendArgs[] = [];
  const transport: MailDeps['transport'] = {
    sendMail: (async (opts: SendArgs) => {
      calls.push(opts);
      return reply();
    }) as unknown as MailDeps['transport']['sendMail'],
  };
  return { transport, calls };
}

function activities(transport: MailDeps['transport'], over: Partial<MailDeps> = {}) {
  return createMailActivities({ transport, from: 'grantflow <grantflow@example.se>', publicBaseUrl: BASE, linkSecret: SECRET, linkTtlDays: 60, now: () => NOW, ...over });
}

function request(over: Partial<MailRequest> = {}): MailRequest {
  return {
    key: 'RJH/PH/2020-01:anchoring:lifo:1:lifo-2:invitation',
    workflowId: 'grant-RJH/PH/2020-01',
    purpose: 'invitation',
    to: [{ name: 'Bo Ek', email: 'bo.ek@example.se' }],
    lang: 'sv',
    caseNumber: 'RJH/PH/2020-01',
    title: 'Länsgemensamma medel 2020',
    link: { roundId: 'anchoring:lifo:1', memberId: 'lifo-2', nonce: '6f1c2a9e-3b7d-4c5e-9a10-2b3c4d5e6f70' },
    lines: ['Du ombeds ta ställning till beslutsunderlaget.'],
    ...over,
  };
}

/** The approval link in a text body: the first word starting with BASE/a/. */
const linkIn = (body: string) => /https?:\/\/\S+?\/a\/[A-Za-z0-9._-]+/.exec(body)?.[0];
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/a/') + 3);

async function sendOne(m: MailRequest, over: Partial<MailDeps> = {}) {
  const { transport, calls } = fakeTransport();
  const [result] = await activities(transport, over).sendMail([m]);
  return { result: result!, sent: calls[0]! };
}

describe('sendMail: Message-ID', () => {
  it('gives the same key the same Message-ID on every send (so a retry reuses it)', async () => {
    const first = await sendOne(request());
    const second = await sendOne(request());
    expect(second.sent.messageId).toBe(first.sent.messageId);
  });

  it('gives different keys different Message-IDs', async () => {
    const a = await sendOne(request({ key: 'k1' }));
    const b = await sendOne(request({ key: 'k2' }));
    expect(a.sent.messageId).not.toBe(b.sent.messageId);
  });

  it('is an angle-bracketed id at the public host, and the result reports the id that was sent', async () => {
    const { result, sent } = await sendOne(request());
    expect(sent.messageId).toMatch(/^<[0-9a-f]{40}@grantflow\.example\.se>$/);
    expect(result.messageId).toBe(sent.messageId);
  });

  it('does not depend on the clock', async () => {
    const early = await sendOne(request(), { now: () => NOW });
    const late = await sendOne(request(), { now: () => NOW + 86_400_000 });
    expect(late.sent.messageId).toBe(early.sent.messageId);
  });
});

describe('sendMail: approval link', () => {
  it('puts a link starting with publicBaseUrl + "/a/" in the text body', async () => {
    const { sent } = await sendOne(request());
    expect(linkIn(sent.text)?.startsWith(`${BASE}/a/`)).toBe(true);
  });

  it('puts the same link in the HTML body', async () => {
    const { sent } = await sendOne(request());
    expect(sent.html).toContain(`href="${linkIn(sent.text)!}"`);
  });

  it('signs a token that verifies with the secret and carries the request\'s workflow, round, member, nonce and expiry now + ttl', async () => {
    const m = request();
    const { sent } = await sendOne(m);
    const check = verifyLink(SECRET, tokenOf(linkIn(sent.text)!), NOW);
    expect(check).toEqual({ ok: true, claims: { w: m.workflowId, r: m.link!.roundId, m: m.link!.memberId, n: m.link!.nonce, e: EXPIRES_S } });
  });

  it('signs a token that does not verify with another secret', async () => {
    const { sent } = await sendOne(request());
    expect(verifyLink('another-secret-of-at-least-32-characters', tokenOf(linkIn(sent.text)!), NOW)).toMatchObject({ ok: false, reason: 'badSignature' });
  });

  it('signs a token that has expired once the ttl has passed', async () => {
    const { sent } = await sendOne(request());
    expect(verifyLink(SECRET, tokenOf(linkIn(sent.text)!), EXPIRES_S * 1000 + 1)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('uses the configured ttl for the expiry', async () => {
    const { sent } = await sendOne(request(), { linkTtlDays: 1 });
    const check = verifyLink(SECRET, tokenOf(linkIn(sent.text)!), NOW);
    expect(check.ok && check.claims.e).toBe(Date.parse('2024-06-02T10:00:00.000Z') / 1000);
  });

  it('tells the reader when the link expires, in Stockholm time', async () => {
    const { sent } = await sendOne(request());
    expect(sent.text).toContain('Länken gäller till 2024-07-31 12:00.');
  });

  it('does not double the slash when publicBaseUrl ends with one', async () => {
    const { sent } = await sendOne(request(), { publicBaseUrl: `${BASE}/` });
    expect(linkIn(sent.text)?.startsWith(`${BASE}/a/`)).toBe(true);
  });

  it('sends no link when the request has none', async () => {
    const { sent } = await sendOne(request({ link: undefined }));
    expect([sent.text.includes('/a/'), sent.html.includes('/a/')]).toEqual([false, false]);
  });
});

describe('sendMail: what is handed to the transport', () => {
  it('addresses the recipients by name and address, from the configured sender', async () => {
    const to = [
      { name: 'Bo Ek', email: 'bo.ek@example.se' },
      { name: 'Eva Gran', email: 'eva.gran@example.se' },
    ];
    const { sent } = await sendOne(request({ to }));
    expect(sent).toMatchObject({ from: 'grantflow <grantflow@example.se>', to: [{ name: 'Bo Ek', address: 'bo.ek@example.se' }, { name: 'Eva Gran', address: 'eva.gran@example.se' }] });
  });

  it('marks the mail as automatic and names the case and purpose in headers', async () => {
    const { sent } = await sendOne(request({ purpose: 'reminder' }));
    expect(sent.headers).toEqual({ 'X-Grantflow-Case': 'RJH/PH/2020-01', 'X-Grantflow-Purpose': 'reminder', 'Auto-Submitted': 'auto-generated' });
  });

  it('defaults the subject to "<case number>: <title>"', async () => {
    const { sent } = await sendOne(request());
    expect(sent.subject).toBe('RJH/PH/2020-01: Länsgemensamma medel 2020');
  });

  it('uses the request\'s subject when it has one', async () => {
    const { sent } = await sendOne(request({ subject: 'Påminnelse: svara senast fredag' }));
    expect(sent.subject).toBe('Påminnelse: svara senast fredag');
  });

  it('sends every mail of a batch in order and returns one result per key', async () => {
    const { transport, calls } = fakeTransport();
    const results = await activities(transport).sendMail([request({ key: 'a' }), request({ key: 'b' }), request({ key: 'c' })]);
    expect([results.map((r) => r.key), calls.length]).toEqual([['a', 'b', 'c'], 3]);
  });

  it('reports the addresses the server refused, whether given as strings or objects', async () => {
    const { transport } = fakeTransport(() => ({ accepted: [], rejected: ['a@example.se', { address: 'b@example.se' }] }));
    const [result] = await activities(transport).sendMail([request()]);
    expect(result?.rejected).toEqual(['a@example.se', 'b@example.se']);
  });

  it('reports no refused addresses when the server accepted everything', async () => {
    const { result } = await sendOne(request());
    expect(result.rejected).toEqual([]);
  });
});

describe('sendMail: HTML escaping', () => {
  const evil = '<script>alert("x")</script>';

  it('escapes a recipient name in the HTML body', async () => {
    const { sent } = await sendOne(request({ to: [{ name: evil, email: 'x@example.se' }] }));
    expect(sent.html).toContain('Hej &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,');
  });

  it('never lets a name, line, title or case number inject a script tag', async () => {
    const { sent } = await sendOne(request({ to: [{ name: evil, email: 'x@example.se' }], lines: [evil], title: evil, caseNumber: evil }));
    expect(sent.html).not.toContain('<script');
  });

  it('keeps the plain-text body unescaped', async () => {
    const { sent } = await sendOne(request({ to: [{ name: 'Åsa & Öberg', email: 'x@example.se' }] }));
    expect(sent.text).toContain('Hej Åsa & Öberg,');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('sendMail: SMTP failures', () => {
  it('reports a permanent refusal (550) as every recipient rejected, without throwing', async () => {
    const { transport } = fakeTransport(() => {
      throw Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 });
    });
    const to = [
      { name: 'Bo Ek', email: 'bo.ek@example.se' },
      { name: 'Eva Gran', email: 'eva.gran@example.se' },
    ];
    const results = await activities(transport).sendMail([request({ key: 'k', to })]);
    expect(results).toEqual([{ key: 'k', messageId: expect.stringMatching(/^<[0-9a-f]{40}@/), rejected: ['bo.ek@example.se', 'eva.gran@example.se'] }]);
  });

  it('goes on with the rest of the batch after a permanent refusal', async () => {
    let n = 0;
    const { transport, calls } = fakeTransport(() => {
      n += 1;
      if (n === 1) throw Object.assign(new Error('550 no such user'), { responseCode: 550 });
      return { rejected: [] };
    });
    const results = await activities(transport).sendMail([request({ key: 'a' }), request({ key: 'b' })]);
    expect([calls.length, results.map((r) => r.rejected.length)]).toEqual([2, [1, 0]]);
  });

  it('throws a retryable SmtpUnavailable failure on a connection error without a response code', async () => {
    const { transport } = fakeTransport(() => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1025'), { code: 'ESOCKET' });
    });
    const sending = activities(transport).sendMail([request()]);
    await expect(sending).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(sending).rejects.toMatchObject({ type: 'SmtpUnavailable', nonRetryable: false, message: 'SMTP send failed: connect ECONNREFUSED 127.0.0.1:1025' });
  });

  it('throws a retryable failure on a transient 4xx reply', async () => {
    const { transport } = fakeTransport(() => {
      throw Object.assign(new Error('421 try again later'), { responseCode: 421 });
    });
    await expect(activities(transport).sendMail([request()])).rejects.toMatchObject({ type: 'SmtpUnavailable', nonRetryable: false });
  });
});

describe('renderMail', () => {
  it('greets a single recipient by name in Swedish', () => {
    expect(renderMail(request(), undefined).text.split('\n')[0]).toBe('Hej Bo Ek,');
  });

  it('greets a single recipient by name in English', () => {
    expect(renderMail(request({ lang: 'en' }), undefined).text.split('\n')[0]).toBe('Hello Bo Ek,');
  });

  it('greets several recipients together, by no name', () => {
    const m = request({ to: [{ name: 'Bo Ek', email: 'bo@example.se' }, { name: 'Eva Gran', email: 'eva@example.se' }] });
    const text = renderMail(m, undefined).text;
    expect(text.startsWith('Hej,\n')).toBe(true);
    expect(text).not.toContain('Bo Ek');
  });

  it('writes the English link text and expiry for an English mail', () => {
    const text = renderMail(request({ lang: 'en' }), { url: `${BASE}/a/t`, expires: '2024-07-31 12:00' }).text;
    expect(text).toContain(`Open the decision basis and answer:\n${BASE}/a/t`);
    expect(text).toContain('The link is valid until 2024-07-31 12:00.');
  });

  it('counts one day as one: "1 dag sedan", "3 dagar sedan"; "1 day ago", "in 3 days"', () => {
    const late = (days: number, lang: 'sv' | 'en') =>
      renderMail(request({ purpose: 'reportEscalation', lang, facts: { about: 'report', report: { id: 'r', what: 'Redovisning', to: 'Socialstyrelsen', due: '2027-03-31' }, requirementsPublished: true, notice: 'escalate', days } }), undefined).text;
    expect(late(1, 'sv')).toContain('för 1 dag sedan');
    expect(late(3, 'sv')).toContain('för 3 dagar sedan');
    expect(late(1, 'en')).toContain(', 1 day ago');
    const due = (days: number, lang: 'sv' | 'en') =>
      renderMail(request({ purpose: 'requisitionReminder', lang, facts: { about: 'requisition', part: { id: 'I', name: 'Del I', amountOre: 100_00, unit: 'Enheten' }, deadline: '2027-09-30', notice: 'remind', days } }), undefined).text;
    expect(due(1, 'sv')).toContain('om 1 dag.');
    expect(due(3, 'en')).toContain('in 3 days.');
  });

  it('sets the HTML document language to the mail\'s language', () => {
    expect(renderMail(request({ lang: 'en' }), undefined).html).toContain('<html lang="en">');
  });
});

describe('a retried batch (the activity resumes from its heartbeat)', () => {
  // MockActivityEnvironment runs the activity with a real activity Context, as the worker would on a retry.
  it('sends only what the first attempt had not sent, and still reports the refusals it met', async () => {
    const { transport, calls } = fakeTransport();
    const batch = [request({ key: 'k/1' }), request({ key: 'k/2', to: [{ name: 'Bo', email: 'bo@example.se' }] })];
    const firstAttempt = [{ key: 'k/1', messageId: '<x@grantflow.example.se>', rejected: ['gone@example.se'] }];
    const env = new MockActivityEnvironment({ heartbeatDetails: firstAttempt, attempt: 2 });
    const results = (await env.run(activities(transport).sendMail, batch)) as MailResult[];
    expect(calls.map((c) => c.to)).toEqual([[{ name: 'Bo', address: 'bo@example.se' }]]);
    expect(results.map((r) => r.key)).toEqual(['k/1', 'k/2']);
    expect(results[0]!.rejected).toEqual(['gone@example.se']);
  });

  it('heartbeats the results so far after every mail', async () => {
    const { transport } = fakeTransport();
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(structuredClone(d)));
    await env.run(activities(transport).sendMail, [request({ key: 'a' }), request({ key: 'b' })]);
    expect((beats.at(-1) as { key: string }[]).map((r) => r.key)).toEqual(['a', 'b']);
    expect(beats).toHaveLength(2);
  });
});
