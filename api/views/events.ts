/**
 * "Händelser": the grant's timeline of events, newest first, each with what it was about. An
 * amendment says what changed, before → after (a deadline, part amounts, the distribution); a new
 * revision of the basis links to the comparison of the two revisions.
 */
import { SYSTEM_ACTOR, type GrantState, type Round, type TimelineEvent } from '../../workflows/grant/contract';
import { formatDate } from '../../domain/calendar';
import { html, raw, type Lang } from './layout';
import { dashboardText, money, when, withLang } from './dashboard';

const EV = {
  sv: {
    deadlineOf: { round: (g: string) => `Tidsfrist för ${g}`, requisition: (p: string) => `Rekvisitionsfrist del ${p}`, report: (r: string) => `Redovisningsfrist ${r}` },
    amountOf: (p: string) => `Del ${p}`,
    distribution: 'Utdrag till',
    nobody: 'ingen',
    revised: (a: number, b: number) => `revision ${a} → ${b}`,
    compare: 'jämför revisionerna',
  },
  en: {
    deadlineOf: { round: (g: string) => `Deadline of ${g}`, requisition: (p: string) => `Requisition deadline, part ${p}`, report: (r: string) => `Report deadline ${r}` },
    amountOf: (p: string) => `Part ${p}`,
    distribution: 'Extract to',
    nobody: 'nobody',
    revised: (a: number, b: number) => `revision ${a} → ${b}`,
    compare: 'compare the revisions',
  },
};

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** "before → after", or "→ after" when the grant predates recording what was before. */
const change = (before: string | undefined, after: string) => (before ? `${before} → ${after}` : `→ ${after}`);

export function amendmentDetail(lang: Lang, s: GrantState, d: Data): string {
  const e = EV[lang];
  const before = (d.before ?? {}) as Data;
  if (d.type === 'deadline') {
    const target = str(d.target);
    const date = str(d.date);
    const name =
      target === 'round'
        ? e.deadlineOf.round(groupName(s, str(d.groupId)))
        : target === 'requisition'
          ? e.deadlineOf.requisition(str(d.partId))
          : e.deadlineOf.report(s.plan.reports.find((r) => r.id === d.reportId)?.what ?? str(d.reportId));
    return `${name}: ${change(typeof before.date === 'string' ? formatDate(before.date, lang) : undefined, date ? formatDate(date, lang) : '')}`;
  }
  if (d.type === 'amounts' && Array.isArray(d.parts)) {
    const was = new Map(((Array.isArray(before.parts) ? before.parts : []) as { id: string; amountOre: number }[]).map((p) => [p.id, p.amountOre]));
    return (d.parts as { id: string; amountOre: number }[])
      .map((p) => `${e.amountOf(p.id)}: ${change(was.has(p.id) ? money(was.get(p.id)!) : undefined, money(p.amountOre))}`)
      .join('; ');
  }
  if (d.type === 'distribution' && Array.isArray(d.distribution)) {
    const names = (list: unknown) => (Array.isArray(list) ? (list as { name: string }[]).map((x) => x.name).join(', ') || e.nobody : undefined);
    return `${e.distribution}: ${change(names(before.distribution), names(d.distribution)!)}`;
  }
  return '';
}

function groupName(s: GrantState, id: string): string {
  const groups = [...(s.plan.anchoring?.groups ?? []), s.plan.decision.group, ...(s.plan.continuation ? [s.plan.continuation.group] : [])];
  return groups.find((g) => g.id === id)?.name ?? id;
}

export function answerLabel(lang: Lang, round: Round, answer: string) {
  const t = dashboardText[lang];
  return (round.kind === 'anchoring' ? t.anchoringAnswers : t.answers)[answer] ?? answer;
}

export function eventDetail(lang: Lang, s: GrantState, e: TimelineEvent): string {
  const t = dashboardText[lang];
  const d = (e.data ?? {}) as Data;
  const round = typeof d.roundId === 'string' ? s.rounds.find((r) => r.id === d.roundId) : undefined;
  const roundName = round ? `${t.kinds[round.kind] ?? round.kind}: ${round.name}` : str(d.group);
  const amount = typeof d.amountOre === 'number' ? money(d.amountOre) : '';
  const join = (sep: string, ...xs: string[]) => xs.filter(Boolean).join(sep);
  switch (e.type) {
    case 'answered':
      return join(' ', round ? answerLabel(lang, round, String(d.answer)) : str(d.answer), roundName ? `(${roundName})` : '');
    case 'roundOpened':
      return join(', ', roundName, typeof d.deadline === 'string' ? t.answerBy(formatDate(d.deadline, lang)) : '');
    case 'roundClosed':
      return join(': ', roundName, typeof d.outcome === 'string' ? (t.outcome[d.outcome] ?? d.outcome) : '');
    case 'roundOverdue':
    case 'escalated':
      return roundName || str(d.reportId);
    case 'delegated':
      return join(', ', roundName, typeof d.to === 'string' ? t.to(d.to) : '');
    case 'paymentMade':
    case 'trancheDue':
      return join(' · ', str(d.trancheId), amount, typeof d.payee === 'string' ? t.to(d.payee) : '');
    case 'started':
    case 'repaid':
    case 'repaymentDue':
      return amount;
    case 'requisitioned':
    case 'requisitionOverdue':
    case 'fundsUsed':
      return join(' · ', typeof d.partId === 'string' ? `${t.part} ${d.partId}` : '', typeof d.usedOre === 'number' ? money(d.usedOre) : '');
    case 'stateDecision':
      return join(' · ', str(d.trancheId), str(d.reference));
    case 'decisionParagraph':
      return typeof d.paragraph === 'string' ? t.paragraph(d.paragraph) : '';
    case 'continuationDecided':
      return str(d.continuation);
    case 'amended':
      return amendmentDetail(lang, s, d);
    case 'revised':
      return typeof d.from === 'number' && typeof d.to === 'number' ? EV[lang].revised(d.from, d.to) : '';
    default:
      return '';
  }
}

export function eventList(lang: Lang, s: GrantState, revisionsHref: (from: number, to: number) => string): string {
  const t = dashboardText[lang];
  const events = [...s.timeline].reverse();
  return html`<ol class="events">${events.map((e) => {
    const detail = eventDetail(lang, s, e);
    const actor = e.actor === SYSTEM_ACTOR ? t.system : e.actor;
    const d = (e.data ?? {}) as Data;
    const compare =
      e.type === 'revised' && typeof d.from === 'number' && typeof d.to === 'number' && s.revisions?.length
        ? raw(html` <a href="${withLang(revisionsHref(d.from, d.to), lang)}">${EV[lang].compare}</a>`)
        : '';
    return raw(
      html`<li class="event event-${e.type}"><time datetime="${e.at}">${when(e.at)}</time><div><strong>${t.events[e.type] ?? e.type}</strong>${detail ? ` – ${detail}` : ''}${compare}<br><span class="muted small">${t.actor} ${actor}</span>${e.comment ? raw(html`<blockquote>${e.comment}</blockquote>`) : ''}</div></li>`,
    );
  })}</ol>`;
}
