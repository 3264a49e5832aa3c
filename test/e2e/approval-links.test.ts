/**
 * Issue: "Approvals by email that survive mail scanners".
 * A full plan whose decision group (SVOM) has three members deciding by majority; one member has a
 * substitute. Mail scanners fetch every link before anyone acts; the pages are private (no
 * referrer, no cache, nothing loaded from elsewhere); decisions need the page's form and this
 * site's origin; delegation revokes the old link; the round settles on the second approval; the
 * extract goes to the distribution list.
 */
import { addDays, stockholmDate } from '../../domain/dates';
import type { GrantState } from '../../workflows/grant/contract';
import {
  ORG,
  allUrls,
  api,
  approvalLink,
  formValue,
  getPage,
  grantPath,
  header,
  pageText,
  postForm,
  recipients,
  startStack,
  uniqueCase,
  type CaughtMail,
  type Stack,
} from '../helpers/stack';

jest.setTimeout(180_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const DOC_URL = 'https://www.regeringen.se/overenskommelser/2020/psykisk-halsa-och-suicidprevention.pdf';
const members = {
  karin: { id: 'karin', name: 'Karin Ordförande', email: 'karin@example.se', title: 'ordförande' },
  lars: { id: 'lars', name: 'Lars Ledamot', email: 'lars@example.se' },
  maja: { id: 'maja', name: 'Maja Ledamot', email: 'maja@example.se' },
};
const substitute = { id: 'sven', name: 'Sven Ersättare', email: 'sven@example.se', title: 'ersättare' };
const distribution = [
  { name: 'Ekonomienheten', email: 'ekonomi@example.se' },
  { name: 'Hälso- och sjukvårdsförvaltningen', email: 'hsf@example.se' },
  { name: 'Arkivet' },
];

function plan(caseNumber: string) {
  const today = stockholmDate(Date.now());
  return {
    caseNumber,
    title: TITLE,
    organisation: ORG,
    county: '23',
    year: Number(today.slice(0, 4)),
    coordinators: [{ id: 'elin', name: 'Elin Ring', email: 'elin.ring@example.se' }],
    source: 'Överenskommelse mellan staten och SKR',
    basis: {
      summary: 'Medlen fördelas enligt överenskommelsen.\n\nFörankrat i LIFO och Fredagsgruppen.',
      documents: [{ title: 'Överenskommelsen', url: DOC_URL }],
    },
    parts: [
      { id: 'I', name: 'Samsjuklighet', amountOre: 620_318_305, focusAreas: ['Samordnade insatser'], requisition: { unit: 'Område Välfärd, klimat och kompetens' } },
      { id: 'II', name: 'Brukarmedverkan', amountOre: 100_000_000, requisition: { unit: 'Förvaltningsområde hälso- och sjukvård' } },
    ],
    totalOre: 720_318_305,
    decision: {
      body: 'SVOM',
      group: {
        id: 'svom',
        name: 'SVOM',
        chairId: 'karin',
        members: [{ ...members.karin, substitutes: [substitute] }, members.lars, members.maja],
        rule: { type: 'majority' },
        deadline: addDays(today, 60),
      },
      motions: ['Att godkänna fördelningen av medlen enligt beslutsunderlaget.'],
    },
    distribution,
  };
}

const TITLE = 'Länsgemensamma medel psykisk hälsa';
type PublicState = GrantState & { moneyFormatted: Record<string, string> };
async function state(caseNumber: string): Promise<PublicState> {
  const res = await api(stack, 'GET', grantPath(caseNumber), { token: stack.tokens.manager });
  expect(res.status).toBe(200);
  return res.json<PublicState>();
}
const round = (s: GrantState) => s.rounds.find((r) => r.kind === 'decision')!;
const seat = (s: GrantState, id: string) => round(s).seats.find((x) => x.memberId === id)!;
const answers = (s: GrantState) => round(s).seats.map((x) => [x.memberId, x.answer ?? null, x.actingId]);

const invitationTo = (caseNumber: string, email: string) => (m: CaughtMail) => recipients(m).includes(email) && header(m, 'x-grantflow-purpose') === 'invitation' && m.subject.includes(caseNumber);
const ofCase = (caseNumber: string) => async () => (await stack.mail.list()).filter((m) => m.subject.includes(caseNumber));

/** A board grant of its own: started by the coordinator, each member's invitation and link. */
async function board() {
  const caseNumber = uniqueCase('SVOM');
  const res = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: plan(caseNumber) });
  expect(res.status).toBe(201);
  const links: Record<string, string> = {};
  const subjects: string[] = [];
  for (const m of Object.values(members)) {
    const mail = await stack.mail.waitFor(invitationTo(caseNumber, m.email), 30_000, `the invitation to ${m.email}`);
    subjects.push(mail.subject);
    links[m.id] = approvalLink(mail, stack.baseUrl);
  }
  return { caseNumber, links, subjects, state: () => state(caseNumber), mails: ofCase(caseNumber) };
}

/** Karin hands her seat to her substitute; returns the substitute's link. */
async function delegated(b: Awaited<ReturnType<typeof board>>) {
  const form = formValue((await getPage(b.links.karin!)).text);
  const res = await postForm(b.links.karin!, { form, action: 'delegate', substituteId: substitute.id, comment: 'Jag är jävig.' });
  expect(res.status).toBe(200);
  const mail = await stack.mail.waitFor(invitationTo(b.caseNumber, substitute.email), 30_000, 'the substitute’s invitation');
  return { res, form, sven: approvalLink(mail, stack.baseUrl) };
}

test('the coordinator starts the grant; each of the three members gets an invitation with a link', async () => {
  const { caseNumber, links, subjects, mails } = await board();
  expect(subjects).toEqual(Object.values(members).map(() => `${caseNumber}: Beslut – ${TITLE}`));
  expect(new Set(Object.values(links)).size).toBe(3);
  // The substitute is asked nothing yet.
  expect((await mails()).filter((m) => recipients(m).includes(substitute.email))).toHaveLength(0);
});

test('a mail scanner GETs and HEADs every link in every mail before anyone acts: all 200, nothing changes', async () => {
  const { state, mails } = await board();
  const before = await state();
  const urls = [...new Set((await mails()).flatMap(allUrls))];
  expect(urls.length).toBeGreaterThanOrEqual(3);
  const scannerHeaders = { 'user-agent': 'Mozilla/5.0 (compatible; SafeLinks-Scanner/1.0)', accept: '*/*' };
  for (const url of urls) {
    for (const method of ['GET', 'HEAD', 'GET'] as const) {
      const res = await getPage(url, { method, headers: scannerHeaders });
      expect({ url, method, status: res.status }).toEqual({ url, method, status: 200 });
    }
  }
  const after = await state();
  expect(after.seq).toBe(before.seq);
  expect(answers(after)).toEqual(answers(before));
  expect(answers(after).every(([, a]) => a === null)).toBe(true);
  expect(after.timeline).toEqual(before.timeline);
  expect(round(after).closedAt).toBeUndefined();
});

test('the page is private and self-contained, and lists the parts with amounts in Swedish format', async () => {
  const { links } = await board();
  const res = await getPage(links.karin!);
  expect(res.status).toBe(200);
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const html = res.text;
  expect(html).toMatch(/<html lang="sv">/);

  // No external resources: every absolute http(s) URL in src/href is this site, except the plan's documents.
  const refs = [...html.matchAll(/\b(?:src|href|action)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!);
  expect(refs.length).toBeGreaterThan(0);
  const external = refs.filter((u) => /^(https?:)?\/\//i.test(u) && !u.startsWith(`${stack.baseUrl}/`));
  expect(external).toEqual([DOC_URL]);
  expect(html).toMatch(new RegExp(`<a href="${DOC_URL.replace(/[.]/g, '\\.')}" rel="noreferrer noopener">`));
  expect(html).not.toMatch(/<script\b/i);
  expect(html).not.toMatch(/<(img|iframe|object|embed)\b/i);

  const text = pageText(html);
  expect(text).toContain('I. Samsjuklighet');
  expect(text).toContain('6 203 183,05 kr');
  expect(text).toContain('II. Brukarmedverkan');
  expect(text).toContain('1 000 000,00 kr');
  expect(text).toContain('Totalt 7 203 183,05 kr');
  expect(html).toContain('6\u00a0203\u00a0183,05\u00a0kr'); // no-break spaces keep an amount on one line
  expect(text).toContain('Att godkänna fördelningen av medlen enligt beslutsunderlaget.');
  expect(text).toContain('en majoritet (2 av 3)');
  expect(text).toContain('Bifall');
  expect(text).toContain('Lämna över till ersättare');
  expect(text).toContain('Sven Ersättare');
});

test('?lang=en gives the page in English', async () => {
  const { links } = await board();
  const res = await getPage(`${links.karin}?lang=en`);
  expect(res.status).toBe(200);
  expect(res.text).toMatch(/<html lang="en">/);
  const text = pageText(res.text);
  expect(text).toContain('Parts and amounts');
  expect(text).toContain('a majority (2 of 3)');
  expect(res.text).toMatch(/<button[^>]*value="approve"[^>]*>Approve<\/button>/);
  expect(res.text).toMatch(/<button[^>]*value="reject"[^>]*>Reject<\/button>/);
  expect(res.text).toContain('action="/a/');
  expect(res.text).toMatch(/action="\/a\/[^"]+\?lang=en"/);
});

test('a POST that does not come from the page changes nothing: wrong form value, foreign Origin, cross-site fetch → 403', async () => {
  const { links, state } = await board();
  const before = await state();
  expect(answers(before).every(([, a]) => a === null)).toBe(true);
  const form = formValue((await getPage(links.karin!)).text);
  const wrong = await postForm(links.karin!, { form: 'a'.repeat(form.length), action: 'approve' });
  expect(wrong.status).toBe(403);
  // The value of another member's page does not work for this link either.
  const other = formValue((await getPage(links.lars!)).text);
  expect((await postForm(links.karin!, { form: other, action: 'approve' })).status).toBe(403);
  const foreign = await postForm(links.karin!, { form, action: 'approve' }, { origin: 'https://evil.example' });
  expect(foreign.status).toBe(403);
  expect(pageText(foreign.text)).toContain('Formuläret kunde inte verifieras');
  const crossSite = await postForm(links.karin!, { form, action: 'approve' }, { 'sec-fetch-site': 'cross-site' });
  expect(crossSite.status).toBe(403);
  const after = await state();
  expect(after.seq).toBe(before.seq);
  expect(answers(after)).toEqual(answers(before));
});

test('a POST without the form value is refused and changes nothing', async () => {
  const { links, state } = await board();
  const before = await state();
  const res = await postForm(links.karin!, { action: 'approve' });
  expect(res.status).toBe(403);
  expect(pageText(res.text)).toContain('Formuläret kunde inte verifieras');
  const after = await state();
  expect(after.seq).toBe(before.seq);
  expect(answers(after)).toEqual(answers(before));
});

test('reject without a comment is 422 and nothing is recorded', async () => {
  const { links, state } = await board();
  const before = await state();
  const page = (await getPage(links.maja!)).text;
  const res = await postForm(links.maja!, { form: formValue(page), action: 'reject', comment: '   ' });
  expect(res.status).toBe(422);
  // The form again, the refusal announced above it and tied to the comment field.
  expect(res.text).toMatch(/<div class="notice bad" role="alert" id="refused"><p>Skriv en motivering/);
  expect(res.text).toMatch(/<textarea id="comment" name="comment"[^>]* aria-invalid="true" aria-describedby="refused">/);
  expect(res.text).toContain('value="reject"');
  const ret = await postForm(links.maja!, { form: formValue(page), action: 'return' });
  expect(ret.status).toBe(422);
  const after = await state();
  expect(after.seq).toBe(before.seq);
  expect(seat(after, 'maja').answer).toBeUndefined();
  expect(after.timeline.filter((e) => e.type === 'answered')).toHaveLength(0);
});

test('a refusal on a Swedish page is in Swedish, on an English page in English; nothing is recorded', async () => {
  const { links, state } = await board();
  const before = await state();
  const form = formValue((await getPage(links.karin!)).text);
  // A substitute the plan does not name: the workflow refuses (UnknownSubstitute).
  const sv = await postForm(links.karin!, { form, action: 'delegate', substituteId: 'nagon-annan', comment: 'Jag är jävig i ärendet.' });
  expect(sv.status).toBe(422);
  expect(pageText(sv.text)).toContain('ersättaren finns inte namngiven i underlaget');
  // The form comes back with what she wrote still in it, to choose again.
  expect(sv.text).toMatch(/<textarea id="comment" name="comment"[^>]*>Jag är jävig i ärendet\.<\/textarea>/);
  expect(sv.text).toContain('value="approve"');
  expect(pageText(sv.text)).not.toContain('the substitute is not named');
  const en = await postForm(`${links.karin!}?lang=en`, { form, action: 'delegate', substituteId: 'nagon-annan' });
  expect(en.status).toBe(422);
  expect(pageText(en.text)).toContain('the substitute is not named in the plan');
  expect((await state()).seq).toBe(before.seq);
});

test('a member delegates to the substitute: the substitute gets a new link, the old link answers 410', async () => {
  const b = await board();
  const { links, state } = b;
  const { res, form, sven } = await delegated(b);
  expect(pageText(res.text)).toContain(`Ärendet är överlämnat till ${substitute.name}`);
  expect(sven).not.toBe(links.karin);

  const s = await state();
  expect(seat(s, 'karin')).toMatchObject({ memberId: 'karin', actingId: 'sven', actingName: substitute.name, actingEmail: substitute.email });
  expect(seat(s, 'karin').answer).toBeUndefined();
  expect(seat(s, 'karin').delegations).toEqual([expect.objectContaining({ from: members.karin.name, to: substitute.name, comment: 'Jag är jävig.' })]);

  const get = await getPage(links.karin!);
  expect(get.status).toBe(410);
  expect(pageText(get.text)).toContain('Den här länken har ersatts');
  const head = await getPage(links.karin!, { method: 'HEAD' });
  expect(head.status).toBe(410);
  const post = await postForm(links.karin!, { form, action: 'approve' });
  expect(post.status).toBe(410);
  const again = await postForm(links.karin!, { form, action: 'delegate', substituteId: substitute.id });
  expect(again.status).toBe(410);
  expect((await state()).seq).toBe(s.seq);
});

test('majority settles on the second approval; the third member is told the round closed (409)', async () => {
  const b = await board();
  const { links, state, mails } = b;
  const majaForm = formValue((await getPage(links.maja!)).text);
  const { sven } = await delegated(b);
  const svenPage = (await getPage(sven)).text;
  expect(pageText(svenPage)).toContain(`Du svarar som ersättare för ${members.karin.name}`);
  const first = await postForm(sven, { form: formValue(svenPage), action: 'approve', comment: 'Tillstyrks.' });
  expect(first.status).toBe(200);
  let s = await state();
  expect(round(s).closedAt).toBeUndefined(); // 1 of 3 is not a majority
  expect(s.decision).toBeUndefined();
  // No extract before the decision.
  expect((await mails()).filter((m) => header(m, 'x-grantflow-purpose') === 'extract')).toHaveLength(0);

  const larsPage = (await getPage(links.lars!)).text;
  const second = await postForm(links.lars!, { form: formValue(larsPage), action: 'approve' });
  expect(second.status).toBe(200);
  // The page after the answer comes from the update's receipt: the round's progress and outcome.
  expect(pageText(second.text)).toMatch(/Ditt svar: Bifall \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)\./);
  expect(pageText(second.text)).toContain('SVOM: 2 av 3 har svarat. Omgången är avgjord: bifall.');
  expect(second.text).not.toContain('<form');
  s = await state();
  expect(round(s).outcome).toBe('approved');
  expect(s.decision).toMatchObject({ outcome: 'approved', body: 'SVOM' });
  expect(s.status).toBe('active');
  expect(s.stage).toBe('requisition');
  const answered = s.timeline.filter((e) => e.type === 'answered');
  expect(answered.map((e) => [e.actor, e.data?.answer, e.data?.onBehalfOf])).toEqual([
    [substitute.name, 'approve', members.karin.name],
    [members.lars.name, 'approve', undefined],
  ]);

  const majaPage = (await getPage(links.maja!)).text;
  expect(majaPage).not.toContain('<form'); // the page shows the closed round and no buttons
  expect(pageText(majaPage)).toContain('Omgången avslutades');

  const third = await postForm(`${links.maja}?lang=en`, { form: majaForm, action: 'approve' });
  expect(third.status).toBe(409);
  expect(pageText(third.text)).toMatch(/The round closed on .+: approved\./);
  // Lars clicks again: already answered.
  const twice = await postForm(links.lars!, { form: formValue(larsPage), action: 'approve' });
  expect(twice.status).toBe(409);
  expect(pageText(twice.text)).toContain('Redan besvarat');
  const after = await state();
  expect(after.seq).toBe(s.seq);
  expect(seat(after, 'maja').answer).toBeUndefined();
});

test('after the decision the extract (utdrag) goes to the distribution list', async () => {
  const { caseNumber, links, state, mails } = await board();
  for (const id of ['lars', 'maja']) {
    const page = (await getPage(links[id]!)).text;
    expect((await postForm(links[id]!, { form: formValue(page), action: 'approve' })).status).toBe(200);
  }
  const extract = await stack.mail.waitFor((m) => header(m, 'x-grantflow-purpose') === 'extract' && m.subject.includes(caseNumber), 30_000, 'the extract');
  expect(extract.subject).toBe(`${caseNumber}: Utdrag ur beslut – ${TITLE}`);
  expect(recipients(extract).sort()).toEqual(['ekonomi@example.se', 'hsf@example.se']);
  expect(extract.text).toContain(`SVOM har bifallit ärendet ${caseNumber}`);
  expect(extract.text).toContain('Att godkänna fördelningen av medlen enligt beslutsunderlaget.');
  expect((await mails()).filter((m) => header(m, 'x-grantflow-purpose') === 'extract')).toHaveLength(1);
  const s = await state();
  expect(s.timeline.find((e) => e.type === 'extractSent')?.data).toEqual({ recipients: distribution.map((d) => d.name) });
});
