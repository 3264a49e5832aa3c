/**
 * The printable decision record (akt) of a grant, from the register (register/record.ts): the basis
 * by revision, the rounds with their members and answers, the decisions with their motions
 * (att-satser, from the revision decided on), payments, reports, amendments before → after, the mail
 * log, the timeline picture (planned and actual dates) and the chain's head hash. Swedish first, English with ?lang=en. No JavaScript; print CSS in
 * RECORD_CSS.
 */
import type { GrantRecord, RecordRound } from '../../register/record';
import { formatInstant } from '../../domain/calendar';
import { formatSek } from '../../domain/sek';
import { html, htmlDocument, raw, scrollRegion, type Lang } from './layout';
import { STAGE_LABEL, STATUS_LABEL, withLang } from './dashboard';
import { timelineFigure } from './timeline';
import type { TimelineModel } from './timelineModel';

const T = {
  sv: {
    title: 'Beslutsakt', caseNumber: 'Diarienummer', organisation: 'Organisation', county: 'Län', year: 'År', status: 'Status', stage: 'Steg',
    started: 'Startat', decided: 'Beslutat', signed: 'Undertecknat', closed: 'Avslutat', by: 'av', money: 'Belopp', total: 'Totalt', decidedAmt: 'Beslutat',
    requisitioned: 'Rekvirerat', paid: 'Utbetalt', lapsed: 'Förfallet', toRepay: 'Att återbetala', repaid: 'Återbetalt',
    basis: 'Beslutsunderlag, revision för revision', revision: 'Revision', motions: 'Förslag till beslut (att-satser)', body: 'Beslutande organ', noMotions: 'Inga att-satser i underlaget.',
    rounds: 'Ronder', rule: 'Regel', deadline: 'Sista dag', opened: 'Öppnad', outcome: 'Utfall', member: 'Ledamot', acting: 'Agerande', answer: 'Svar', comment: 'Kommentar', time: 'Tid', none: '–',
    decisions: 'Beslut', payments: 'Utbetalningar', payee: 'Mottagare', amount: 'Belopp', state: 'Läge', reports: 'Rapporter', what: 'Vad', to: 'Till', due: 'Senast',
    amendments: 'Ändringar', before: 'Före', after: 'Efter', mail: 'Utskick', purpose: 'Syfte', recipients: 'Mottagare', messageId: 'Message-ID',
    chain: 'Kedjan', events: 'Händelser', head: 'Kedjans sista hash (SHA-256)', chainNote: 'Varje händelse bär en hash över föregående hash och händelsens kanoniska JSON. Kontrollera med', timeline: 'Händelser i registret', when: 'Tidslinje: planerade och faktiska datum', type: 'Händelse', actor: 'Av',
    json: 'Hela akten som JSON', back: 'Till bidragets sida', language: 'Språk', other: 'English', otherLang: 'en', recordedAt: 'Senast registrerad',
  },
  en: {
    title: 'Decision record', caseNumber: 'Case number', organisation: 'Organisation', county: 'County', year: 'Year', status: 'Status', stage: 'Stage',
    started: 'Started', decided: 'Decided', signed: 'Signed', closed: 'Closed', by: 'by', money: 'Amounts', total: 'Total', decidedAmt: 'Decided',
    requisitioned: 'Requisitioned', paid: 'Paid', lapsed: 'Lapsed', toRepay: 'To repay', repaid: 'Repaid',
    basis: 'Decision basis, revision by revision', revision: 'Revision', motions: 'Proposed motions', body: 'Deciding body', noMotions: 'No motions in the basis.',
    rounds: 'Rounds', rule: 'Rule', deadline: 'Deadline', opened: 'Opened', outcome: 'Outcome', member: 'Member', acting: 'Acting', answer: 'Answer', comment: 'Comment', time: 'Time', none: '–',
    decisions: 'Decisions', payments: 'Payments', payee: 'Payee', amount: 'Amount', state: 'State', reports: 'Reports', what: 'What', to: 'To', due: 'Due',
    amendments: 'Amendments', before: 'Before', after: 'After', mail: 'Mail sent', purpose: 'Purpose', recipients: 'Recipients', messageId: 'Message-ID',
    chain: 'The chain', events: 'Events', head: 'The chain’s head hash (SHA-256)', chainNote: 'Each event carries a hash over the previous hash and the event’s canonical JSON. Check it with', timeline: 'Events in the register', when: 'Timeline: planned and actual dates', type: 'Event', actor: 'By',
    json: 'The whole record as JSON', back: 'To the grant’s page', language: 'Language', other: 'Svenska', otherLang: 'sv', recordedAt: 'Last recorded',
  },
} as const;

const when = (iso: string | undefined) => (iso ? formatInstant(Date.parse(iso)) : '–');
const json = (v: unknown) => (v === undefined || v === null ? '–' : JSON.stringify(v, null, 1));

function table(lang: Lang, caption: string, head: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '';
  return html`${raw(scrollRegion(caption, lang))}<table><caption>${caption}</caption><thead><tr>${head.map((h) => raw(html`<th scope="col">${h}</th>`))}</tr></thead>
<tbody>${rows.map((r) => raw(`<tr>${r.map((c) => html`<td>${c}</td>`).join('')}</tr>`))}</tbody></table></div>`;
}

function roundSection(lang: Lang, r: RecordRound): string {
  const t = T[lang];
  const seats = r.seats.map((s) => [s.name + (s.title ? `, ${s.title}` : ''), s.actingName === s.name ? t.none : s.actingName, s.answer ?? t.none, s.comment ?? '', when(s.answeredAt)]);
  return html`<section class="record-round"><h3>${r.name} (${r.kind}${r.subject ? `: ${r.subject}` : ''}) – ${t.revision} ${r.revision}</h3>
<p>${t.rule}: ${json(r.rule)} · ${t.opened}: ${when(r.openedAt)}${r.deadline ? ` · ${t.deadline}: ${r.deadline}` : ''} · ${t.outcome}: ${r.outcome ?? t.none}${r.closedAt ? ` (${when(r.closedAt)})` : ''}</p>
${raw(table(lang, `${r.name}: ${t.answer}`, [t.member, t.acting, t.answer, t.comment, t.time], seats))}</section>`;
}

export function recordPage(opts: { lang: Lang; record: GrantRecord; caseNumber: string; timeline?: TimelineModel }): string {
  const { lang, record: rec } = opts;
  const t = T[lang];
  const s = rec.summary;
  const enc = encodeURIComponent(opts.caseNumber);
  const m = s.money;
  const kr = (ore: unknown) => (typeof ore === 'number' ? formatSek(ore) : '–');
  const facts: [string, string][] = [
    [t.caseNumber, rec.caseNumber], [t.organisation, s.organisation], ...(s.county ? [[t.county, s.county] as [string, string]] : []), [t.year, String(s.year)],
    [t.status, STATUS_LABEL[lang][s.status as keyof (typeof STATUS_LABEL)['sv']] ?? s.status], [t.stage, STAGE_LABEL[lang][s.stage as keyof (typeof STAGE_LABEL)['sv']] ?? s.stage],
    [t.started, `${when(s.startedAt)} ${t.by} ${s.startedBy}`], [t.decided, when(s.decidedAt)], [t.signed, when(s.signedAt)], [t.closed, when(s.closedAt)], [t.recordedAt, when(s.recordedAt)],
  ];
  const decisionRounds = rec.rounds.filter((r) => r.kind === 'decision');
  const decisions = decisionRounds.map((r) => {
    const plan = rec.revisions.find((v) => v.revision === r.revision)?.plan;
    const motions = plan?.decision?.motions ?? [];
    return html`<section class="record-decision"><h3>${plan?.decision?.body ?? r.name} – ${t.revision} ${r.revision}: ${r.outcome ?? t.none}${r.closedAt ? ` (${when(r.closedAt)})` : ''}</h3>
${motions.length ? raw(html`<ol class="motions">${motions.map((x) => raw(html`<li>${x}</li>`))}</ol>`) : raw(html`<p>${t.noMotions}</p>`)}</section>`;
  });
  const revisions = rec.revisions.map((v) => html`<details open><summary>${t.revision} ${v.revision}: ${when(v.at)} ${t.by} ${v.by}${v.comment ? ` – ${v.comment}` : ''}</summary>
<p>${t.body}: ${v.plan?.decision?.body ?? t.none}</p>${(v.plan?.decision?.motions ?? []).length ? raw(html`<h4>${t.motions}</h4><ol class="motions">${(v.plan.decision.motions ?? []).map((x) => raw(html`<li>${x}</li>`))}</ol>`) : ''}
<pre class="plan">${JSON.stringify(v.plan, null, 2)}</pre></details>`);
  const body = html`<header class="top no-print"><span class="brand">grantflow</span><nav aria-label="${t.language}"><a href="${`/dashboard/grants/${enc}/record${lang === 'sv' ? '?lang=en' : ''}`}" lang="${t.otherLang}" hreflang="${t.otherLang}">${t.other}</a></nav></header>
<main id="main" class="record">
<p class="no-print"><a href="${withLang(`/dashboard/grants/${enc}`, lang)}">← ${t.back}</a> · <a href="${`/api/grants/${enc}/record`}">${t.json}</a></p>
<h1>${t.title}: ${s.title}</h1>
<dl class="record-facts">${facts.map(([k, v]) => raw(html`<dt>${k}</dt><dd>${v}</dd>`))}</dl>
<h2>${t.money}</h2>
${raw(table(lang, t.money, [t.total, t.decidedAmt, t.requisitioned, t.paid, t.lapsed, t.toRepay, t.repaid], [[kr(m.totalOre), kr(m.decidedOre), kr(m.requisitionedOre), kr(m.paidOre), kr(m.lapsedOre), kr(m.toRepayOre), kr(m.repaidOre)]]))}
${opts.timeline ? raw(html`<h2>${t.when}</h2><div class="record-timeline">${raw(timelineFigure(lang, opts.timeline, (r) => STAGE_LABEL[lang][r.stage], 'akt-tl'))}</div>`) : ''}
<h2>${t.decisions}</h2>${decisions.length ? raw(decisions.join('')) : raw(html`<p>${t.none}</p>`)}
<h2>${t.basis}</h2>${raw(revisions.join(''))}
<h2>${t.rounds}</h2>${rec.rounds.length ? raw(rec.rounds.map((r) => roundSection(lang, r)).join('')) : raw(html`<p>${t.none}</p>`)}
<h2>${t.payments}</h2>${raw(table(lang, t.payments, ['Id', t.payee, t.amount, t.state, t.paid, t.by], rec.tranches.map((x) => [x.id, x.payee, kr(x.amountOre), x.status, when(x.paidAt as string | undefined), x.paidBy ?? ''])) || html`<p>${t.none}</p>`)}
<h2>${t.reports}</h2>${raw(table(lang, t.reports, [t.what, t.to, t.due, t.state, t.time], rec.reports.map((x) => [x.what, x.to, x.due, x.status, when(x.submittedAt as string | undefined)])) || html`<p>${t.none}</p>`)}
<h2>${t.amendments}</h2>${raw(table(lang, t.amendments, ['#', t.time, t.actor, t.before, t.after, t.comment], rec.amendments.map((a) => [a.n, when(a.at), a.actor, json(a.before), json(a.after), a.comment ?? ''])) || html`<p>${t.none}</p>`)}
<h2>${t.mail}</h2>${raw(table(lang, t.mail, [t.time, t.purpose, t.recipients, t.messageId], rec.mail.map((x) => [when(x.at), x.purpose, x.to.join(', '), x.messageId])) || html`<p>${t.none}</p>`)}
<h2>${t.timeline}</h2>${raw(table(lang, t.timeline, ['#', t.time, t.type, t.actor, t.comment], rec.events.map((e) => [e.n, when(e.at), e.type, e.actor, e.comment ?? ''])) || html`<p>${t.none}</p>`)}
<h2>${t.chain}</h2>
<dl class="record-facts"><dt>${t.events}</dt><dd>${rec.chain.events}</dd><dt>${t.head}</dt><dd><code class="hash">${rec.chain.headHash}</code></dd></dl>
<p>${t.chainNote} <code>GET /api/grants/${enc}/record/verify</code> · <code>npm run register -- verify ${rec.caseNumber}</code></p>
</main>`;
  return htmlDocument({ title: `${t.title} ${rec.caseNumber}`, lang, body });
}
