/**
 * A grant's page on the dashboard: its facts and next deadline (or why there is none), the stage
 * picture with dates, the timeline picture, deadlines, money, parts and payments, rounds with who
 * answered what (and why a member did not need to), the revisions of the basis, and the events.
 */
import type { Deadline, GrantState } from '../../workflows/grant/contract';
import type { Principal } from '../auth';
import { daysBetween, formatDate, stockholmDate } from '../../domain/dates';
import { describeRule } from '../../domain/rules';
import { html, raw, scrollRegion, type Lang } from './layout';
import { countyName } from '../visibility';
import { STAGE_LABEL, STATUS_LABEL, dashboardPage, dashboardText as T, money, when, withLang } from './dashboard';
import { knownRevisions } from './knownRevisions';
import { GT } from './grantText';
import { stepper, waitsFor } from './stages';
import { grantTimeline } from './timelineModel';
import { timelineFigure } from './timeline';
import { eventList, answerLabel } from './events';
import { revisionList } from './revisions';

function deadlineKind(lang: Lang, d: Deadline) {
  const t = T[lang];
  const k: Record<string, string> = {
    ...t.kinds,
    requisition: STAGE_LABEL[lang].requisition,
    condition: t.trigger,
    report: STAGE_LABEL[lang].reporting,
  };
  return k[d.kind] ?? d.kind;
}

/** A grant's page; `actions` is the coordinator's actions section (api/workbench/actions.ts), absent for managers. */
export function grantPage(opts: { lang: Lang; principal: Principal; grant: GrantState; temporalUrl: string; currentUrl: string; nowMs: number; actions?: string }): string {
  const { lang, grant: s } = opts;
  const t = T[lang];
  const g = GT[lang];
  const dash = (why: string) => raw(html`<span class="muted small">${why}</span>`);
  const plan = s.plan;
  const today = stockholmDate(opts.nowMs);
  const county = countyName(plan.county);
  // Past the decision, before the use period: the stage is named for what it waits for.
  const waiting = waitsFor(s, today);

  const meta = html`<dl class="facts">
<div><dt>${t.organisation}</dt><dd>${plan.organisation}</dd></div>
${county ? raw(html`<div><dt>${t.county}</dt><dd>${county}</dd></div>`) : ''}
<div><dt>${t.year}</dt><dd>${plan.year}</dd></div>
<div><dt>${t.status}</dt><dd><span class="status status-${s.status}">${STATUS_LABEL[lang][s.status]}</span>${s.overdue ? raw(html` <span class="badge late">${t.late}</span>`) : ''}</dd></div>
<div><dt>${t.stage}</dt><dd>${waiting ? g.waitsFor(formatDate(waiting, lang)) : STAGE_LABEL[lang][s.stage]}</dd></div>
<div><dt>${t.nextDeadline}</dt><dd>${nextDeadline(lang, s, today)}</dd></div>
</dl>`;

  const decisionLines = [
    s.decision
      ? html`${t.decisionLine(t.outcome[s.decision.outcome] ?? s.decision.outcome, s.decision.body, when(s.decision.at))}${s.decision.paragraph ? `, ${t.paragraph(s.decision.paragraph)}` : ''}${s.decision.delegated ? ` (${t.delegatedDecision})` : ''}`
      : '',
    s.signedAt ? html`${t.signed(when(s.signedAt))}` : '',
    s.cancelled ? html`${t.cancelledLine(s.cancelled.by, when(s.cancelled.at), s.cancelled.reason)}` : '',
  ].filter(Boolean);

  const deadlines = s.deadlines.length
    ? html`${raw(scrollRegion(t.deadlines, lang))}<table>
<thead><tr><th scope="col">${t.what}</th><th scope="col">${t.kind}</th><th scope="col">${t.date}</th><th scope="col">${t.state}</th></tr></thead>
<tbody>${s.deadlines.map((d) =>
        raw(
          html`<tr${d.overdue ? raw(' class="overdue"') : ''}><td>${d.what}</td><td>${deadlineKind(lang, d)}</td><td class="nowrap">${formatDate(d.date, lang)}<span class="rel muted small">${t.inDays(daysBetween(today, d.date))}</span></td><td>${d.overdue ? raw(html`<span class="badge late">${t.late}</span>`) : raw(html`<span class="muted">${t.onTime}</span>`)}</td></tr>`,
        ),
      )}</tbody></table></div>`
    : html`<p class="muted">${t.noDeadlines}</p>`;

  const moneyKeys = ['totalOre', 'decidedOre', 'requisitionedOre', 'paidOre', 'lapsedOre', 'toRepayOre', 'repaidOre'] as const;
  const moneyTable = html`<table class="money">
<tbody>${moneyKeys.map((k) => raw(html`<tr${k === 'toRepayOre' && s.money[k] > 0 ? raw(' class="attention"') : ''}><th scope="row">${t.moneyRows[k]}</th><td class="num">${money(s.money[k])}</td></tr>`))}</tbody>
</table>`;

  const parts = html`${raw(scrollRegion(t.parts, lang))}<table>
<thead><tr><th scope="col">${t.part}</th><th scope="col">${t.name}</th><th scope="col" class="num">${t.amount}</th><th scope="col">${t.unit}</th><th scope="col">${t.requisitionBy}</th><th scope="col">${t.requisitioned}</th><th scope="col" class="num">${t.used}</th></tr></thead>
<tbody>${s.parts.map((p) =>
    raw(
      html`<tr${p.requisitionOverdue ? raw(' class="overdue"') : ''}><td>${p.id}</td><td>${p.name}</td><td class="num">${money(p.amountOre)}</td><td>${p.unit ?? dash(g.noUnit)}</td><td class="nowrap">${p.requisitionDeadline ? formatDate(p.requisitionDeadline, lang) : p.unit ? dash(g.noRequisitionDeadline) : ''}${p.requisitionOverdue ? raw(html` <span class="badge late">${t.late}</span>`) : ''}</td><td>${p.requisitionedAt ? `${when(p.requisitionedAt)} (${p.requisitionedBy ?? ''})` : p.unit ? dash(g.notRequisitioned) : ''}</td><td class="num">${p.usedOre === undefined ? dash(g.notUsed) : money(p.usedOre)}</td></tr>`,
    ),
  )}</tbody>
<tfoot><tr><th scope="row" colspan="2">${t.moneyRows.totalOre}</th><td class="num"><strong>${money(plan.totalOre)}</strong></td><td colspan="4"></td></tr></tfoot>
</table></div>`;

  const trigger = (tr: GrantState['tranches'][number]) => {
    const g = tr.trigger as { on: string; date?: string; condition?: string; deadline?: string };
    if (g.on === 'date' && g.date) return t.triggers.date(formatDate(g.date, lang));
    if (g.on === 'condition') return t.triggers.condition(g.condition ?? '', g.deadline ? formatDate(g.deadline, lang) : '');
    return (t.triggers as Record<string, unknown>)[g.on] as string | undefined ?? g.on;
  };
  const tranches = s.tranches.length
    ? html`<h2>${t.tranches}</h2>${raw(scrollRegion(t.tranches, lang))}<table>
<thead><tr><th scope="col">${t.tranche}</th><th scope="col" class="num">${t.amount}</th><th scope="col">${t.payee}</th><th scope="col">${t.trigger}</th><th scope="col">${t.state}</th></tr></thead>
<tbody>${s.tranches.map((tr) =>
        raw(
          html`<tr><td>${tr.id}</td><td class="num">${money(tr.amountOre)}</td><td>${tr.payee}</td><td>${trigger(tr)}</td><td>${t.trancheStatus[tr.status]}${tr.paidAt ? ` ${when(tr.paidAt)}` : ''}${tr.lapsedAt ? ` ${when(tr.lapsedAt)}` : ''}</td></tr>`,
        ),
      )}</tbody></table></div>`
    : '';

  const rounds = s.rounds.length
    ? s.rounds
        .map((r) => {
          return html`<section class="round" aria-labelledby="round-${r.id}">
<h3 id="round-${r.id}">${t.kinds[r.kind] ?? r.kind}: ${r.name}${r.subject ? ` – ${r.subject}` : ''} <span class="muted small">(${t.revision(r.revision)})</span>${r.outcome ? raw(html` <span class="badge outcome-${r.outcome}">${t.outcome[r.outcome] ?? r.outcome}</span>`) : ''}</h3>
<p class="muted small">${t.rule(describeRule(r.rule, r.seats.length, lang))}${r.deadline ? ` · ${t.answerBy(formatDate(r.deadline, lang))}` : ''} · ${t.openedClosed(when(r.openedAt), r.closedAt ? when(r.closedAt) : undefined)}</p>
${raw(scrollRegion(`${t.kinds[r.kind] ?? r.kind}: ${r.name}`, lang))}<table>
<thead><tr><th scope="col">${t.member}</th><th scope="col">${t.answeredBy}</th><th scope="col">${t.answer}</th><th scope="col">${t.comment}</th><th scope="col">${t.when}</th></tr></thead>
<tbody>${r.seats.map((seat) =>
            raw(
              html`<tr><td>${seat.name}${seat.title ? raw(html` <span class="muted small">(${seat.title})</span>`) : ''}</td><td>${seat.answer ? (seat.answeredBy ?? seat.actingName) : seat.actingId !== seat.memberId ? seat.actingName : ''}${seat.actingId !== seat.memberId ? raw(html` <span class="muted small">(${t.substituteFor(seat.name)})</span>`) : ''}</td><td>${seat.answer ? raw(html`<span class="answer answer-${seat.answer}">${answerLabel(lang, r, seat.answer)}</span>`) : raw(html`<span class="muted">${r.closedAt ? (r.outcome ? g.settled(when(r.closedAt)) : g.cancelledRound(when(r.closedAt))) : t.waiting}</span>`)}</td><td>${seat.comment ?? ''}</td><td class="nowrap">${when(seat.answeredAt)}</td></tr>`,
            ),
          )}</tbody></table></div>
</section>`;
        })
        .join('\n')
    : html`<p class="muted">${t.noRounds}</p>`;

  const base = `/dashboard/grants/${encodeURIComponent(s.caseNumber)}/revisions`;
  const timeline = eventList(lang, s, (from, to) => `${base}?from=${from}&to=${to}`);
  const model = grantTimeline(s, today);

  const body = html`<p class="crumbs"><a href="${withLang('/dashboard', lang)}">← ${t.back}</a></p>
<header class="grant-head">
<p class="muted case">${s.caseNumber}</p>
<h1>${plan.title}</h1>
${raw(meta)}
<p class="muted small">${t.startedBy(s.startedBy, when(s.startedAt))} · <a href="${opts.temporalUrl}" rel="noopener noreferrer">${t.temporal}</a></p>
<p class="small">${lang === 'sv' ? 'Registret:' : 'The register:'} <a href="${withLang(`/dashboard/grants/${encodeURIComponent(s.caseNumber)}/record`, lang)}">${lang === 'sv' ? 'beslutsakt (utskrivbar)' : 'decision record (printable)'}</a> · <a href="${`/api/grants/${encodeURIComponent(s.caseNumber)}/record`}">${lang === 'sv' ? 'akten som JSON' : 'the record as JSON'}</a></p>
</header>
${raw(opts.actions ?? '')}
<section aria-labelledby="h-stages"><h2 id="h-stages">${t.stages}</h2>
${raw(stepper(lang, s, model))}
${decisionLines.length ? raw(html`<ul class="plain">${decisionLines.map((l) => raw(html`<li>${raw(l)}</li>`))}</ul>`) : ''}
</section>
<section aria-labelledby="h-tl"><h2 id="h-tl">${g.timeline}</h2><p class="muted small">${g.timelineIntro}</p>
${raw(timelineFigure(lang, model, (r) => STAGE_LABEL[lang][r.stage]))}</section>
<div class="grid2">
<section aria-labelledby="h-deadlines"><h2 id="h-deadlines">${t.deadlines}</h2>${raw(deadlines)}</section>
<section aria-labelledby="h-money"><h2 id="h-money">${t.money}</h2>${raw(moneyTable)}</section>
</div>
<section aria-labelledby="h-parts"><h2 id="h-parts">${t.parts}</h2>${raw(parts)}${raw(tranches)}</section>
<section aria-labelledby="h-rounds"><h2 id="h-rounds">${t.rounds}</h2>${raw(rounds)}</section>
<section aria-labelledby="h-revisions"><h2 id="h-revisions">${g.revisions}</h2>${raw(revisionList(lang, s, knownRevisions(s), base))}</section>
<section aria-labelledby="h-timeline"><h2 id="h-timeline">${t.timeline}</h2>${raw(timeline)}</section>`;
  return dashboardPage({ title: `${s.caseNumber} ${plan.title}`, lang, body, currentUrl: opts.currentUrl, principal: opts.principal, wide: true });
}

/** The next deadline, or what the grant waits for, or why it has none: never a bare "–". */
function nextDeadline(lang: Lang, s: GrantState, today: string) {
  const t = T[lang];
  const g = GT[lang];
  const waiting = waitsFor(s, today);
  const wait = waiting ? raw(html`<span class="rel waits">${g.waitsFor(formatDate(waiting, lang))}</span>`) : '';
  if (!s.nextDeadline) return waiting ? wait : raw(html`<span class="muted">${g.noDeadline[s.status]}</span>`);
  const overdue = s.deadlines.some((d) => d.overdue && d.date === s.nextDeadline);
  return raw(
    html`<span class="nowrap">${formatDate(s.nextDeadline, lang)}</span>${overdue ? raw(html` <span class="badge late">${t.late}</span>`) : ''}<span class="rel muted small">${t.inDays(daysBetween(today, s.nextDeadline))}</span>${wait}`,
  );
}
