/**
 * The timeline picture: a hand-written SVG, one Gantt-like row per stage and part (./timelineModel),
 * with month ticks, a marker for today, planned dates (open diamonds), actual dates (filled dots),
 * windows as bars, reminders and escalations as ticks. Overdue and stopped rows are hatched and say
 * so in words, not only in colour. The SVG is an image (role="img", <title>, <desc>); the same
 * dates stand in the table beside it (timelineTable). It keeps its width and scrolls sideways in a
 * labelled, focusable region on a narrow screen. No inline styles (the CSP forbids them).
 */
import { addDays, compareDates, daysBetween, formatDate, type CalendarDate } from '../../domain/calendar';
import { escapeHtml, html, raw, scrollRegion, type Lang } from './layout';
import type { TimelineModel, TimelineRow } from './timelineModel';
import { TL, rowDetail, rowLabel } from './timelineText';

const W = 1000;
const LABEL_W = 262;
const X0 = 272;
const X1 = 984;
const TOP = 50;
const ROW_H = 30;
const LEGEND_H = 54;
const LABEL_CHARS = 36;
const CHAR_W = 6.6;

const COLOUR = { bar: '#9dc0e6', line: '#0b5cad', done: '#1e7a34', bad: '#b3261e', stopped: '#5f6b76', waiting: '#8a5a00', grid: '#e3e7eb', text: '#1b1b1b', muted: '#4a5560' };

const esc = escapeHtml;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The first of the month of a date, and the months from `start` to `end`. */
function months(start: CalendarDate, end: CalendarDate): CalendarDate[] {
  const out: CalendarDate[] = [];
  let y = Number(start.slice(0, 4));
  let m = Number(start.slice(5, 7));
  for (;;) {
    const d = `${y}-${String(m).padStart(2, '0')}-01`;
    if (compareDates(d, end) > 0) break;
    out.push(d);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The words a row's dates read as in the picture: "✓ 2027-06-20 (plan 2027-06-26)", "FÖRSENAD 2027-06-26". */
export function rowDateText(lang: Lang, r: TimelineRow): string {
  const t = TL[lang];
  const planned = r.from && r.kind !== 'requisition' && r.kind !== 'anchoring' && r.kind !== 'decision' && r.kind !== 'continuation' ? `${r.from} – ${r.planned ?? '…'}` : (r.planned ?? t.noDeadline);
  switch (r.state) {
    case 'done':
      return `✓ ${r.actualFrom ? `${r.actualFrom} – ` : ''}${r.actual}${r.planned && r.planned !== r.actual ? ` (${t.planShort} ${r.planned})` : ''}`;
    case 'lapsed':
      return `✕ ${t.states.lapsed} ${r.actual ?? r.planned ?? ''}`;
    case 'stopped':
      return `✕ ${t.states.stopped} · ${t.planShort} ${planned}`;
    case 'overdue':
      return `${t.states.overdue} · ${planned}`;
    case 'waiting':
      return `${t.states.waiting} · ${planned}`;
    default:
      return planned;
  }
}

export function timelineSvg(lang: Lang, m: TimelineModel, idPrefix = 'tl'): string {
  const t = TL[lang];
  const ticks = months(`${m.start.slice(0, 7)}-01`, m.end);
  const first = ticks[0]!;
  const last = months(ticks.at(-1)!, addDays(ticks.at(-1)!, 40))[1]!;
  const span = Math.max(1, daysBetween(first, last));
  const x = (d: CalendarDate) => X0 + ((X1 - X0) * daysBetween(first, d)) / span;
  const rowsH = m.rows.length * ROW_H;
  const H = TOP + rowsH + LEGEND_H;
  const every = ticks.length <= 14 ? 1 : ticks.length <= 30 ? 3 : ticks.length <= 72 ? 6 : 12;
  const out: string[] = [];

  out.push(`<defs>
<pattern id="${idPrefix}-hatch-bad" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fbe4e2"/><line x1="0" y1="0" x2="0" y2="6" stroke="${COLOUR.bad}" stroke-width="3"/></pattern>
<pattern id="${idPrefix}-hatch-stop" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="6" height="6" fill="#eef0f2"/><line x1="0" y1="0" x2="0" y2="6" stroke="${COLOUR.stopped}" stroke-width="2"/></pattern>
</defs>`);
  // Month grid and labels.
  let labelled = false;
  ticks.forEach((d) => {
    const tx = x(d);
    out.push(`<line x1="${tx.toFixed(1)}" y1="${TOP - 6}" x2="${tx.toFixed(1)}" y2="${TOP + rowsH}" stroke="${COLOUR.grid}"/>`);
    const month = Number(d.slice(5, 7));
    if ((month - 1) % every === 0 && tx < X1 - 20) {
      // The year on January and on the first label, so the axis always says which year it starts in.
      const label = month === 1 || !labelled ? `${t.months[month - 1]} ${d.slice(0, 4)}` : t.months[month - 1];
      labelled = true;
      out.push(`<text x="${(tx + 3).toFixed(1)}" y="${TOP - 10}" font-size="12" fill="${COLOUR.muted}">${esc(label!)}</text>`);
    }
  });
  // Rows: stripes, labels, windows, markers, dates.
  m.rows.forEach((r, i) => {
    const y = TOP + i * ROW_H;
    const mid = y + ROW_H / 2;
    if (i % 2 === 0) out.push(`<rect x="0" y="${y}" width="${W}" height="${ROW_H}" fill="#f6f8fa"/>`);
    const label = rowLabel(lang, r);
    out.push(`<text x="6" y="${mid + 4}" font-size="13" fill="${COLOUR.text}">${esc(clip(label, LABEL_CHARS))}</text>`);
    const bad = r.state === 'overdue';
    const stop = r.state === 'stopped' || r.state === 'lapsed';
    const tone = bad ? COLOUR.bad : stop ? COLOUR.stopped : r.state === 'done' ? COLOUR.done : r.state === 'waiting' ? COLOUR.waiting : COLOUR.line;
    const from = r.actualFrom ?? r.from;
    const to = r.actual && r.kind === 'usePeriod' ? r.actual : r.planned;
    if (from && to && compareDates(from, to) <= 0) {
      const fill = bad ? `url(#${idPrefix}-hatch-bad)` : stop ? `url(#${idPrefix}-hatch-stop)` : r.state === 'done' ? '#cfe8d5' : COLOUR.bar;
      out.push(`<rect x="${x(from).toFixed(1)}" y="${mid - 6}" width="${Math.max(2, x(to) - x(from)).toFixed(1)}" height="12" rx="2" fill="${fill}" stroke="${tone}"${r.state === 'waiting' ? ' stroke-dasharray="4 3"' : ''}/>`);
    } else if (r.planned && (bad || stop)) {
      out.push(`<rect x="${(x(r.planned) - 9).toFixed(1)}" y="${mid - 7}" width="18" height="14" fill="url(#${idPrefix}-hatch-${bad ? 'bad' : 'stop'})"/>`);
    }
    for (const d of r.reminders) out.push(`<line x1="${x(d).toFixed(1)}" y1="${mid - 11}" x2="${x(d).toFixed(1)}" y2="${mid - 4}" stroke="${COLOUR.muted}" stroke-width="2"/>`);
    for (const d of r.escalations) out.push(`<path d="M${x(d).toFixed(1)} ${mid + 4} l4 7 h-8 z" fill="${COLOUR.bad}"/>`);
    if (r.planned) {
      const px = x(r.planned);
      out.push(`<path d="M${px.toFixed(1)} ${mid - 6} l6 6 l-6 6 l-6 -6 z" fill="#fff" stroke="${tone}" stroke-width="2"/>`);
    }
    if (r.actual) out.push(`<circle cx="${x(r.actual).toFixed(1)}" cy="${mid}" r="5" fill="${stop ? COLOUR.stopped : COLOUR.done}"/>`);
    // The dates in words, beside the last marker (or before the first, where the right edge is near).
    const text = rowDateText(lang, r);
    const marks = [from, r.planned, r.actual, ...r.escalations].filter((d): d is CalendarDate => Boolean(d)).map(x);
    const right = marks.length ? Math.max(...marks) + 14 : X0 + 4;
    const left = marks.length ? Math.min(...marks) - 14 : X0;
    const width = text.length * CHAR_W;
    const bar: [number, number] | undefined = from && to && compareDates(from, to) <= 0 ? [x(from), x(to)] : undefined;
    const [tx, anchor] =
      right + width <= W - 4
        ? [right, 'start']
        : bar && bar[1] - bar[0] >= width + 24
          ? [(bar[0] + bar[1]) / 2, 'middle']
          : left - width >= X0
            ? [left, 'end']
            : [W - 4, 'end'];
    const weight = bad || stop ? ' font-weight="700"' : '';
    out.push(`<text x="${tx.toFixed(1)}" y="${mid + 4}" font-size="12" text-anchor="${anchor}" fill="${bad ? COLOUR.bad : COLOUR.text}"${weight} stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">${esc(text)}</text>`);
  });
  // Today.
  const todayX = x(m.today);
  const todayText = `${t.today} ${m.today}`;
  // Left of the line where it fits (the label column above the rows is empty): on a phone, where the
  // picture scrolls, today's label then shows before any scrolling for a grant that lies ahead.
  const todayAnchor = todayX - todayText.length * CHAR_W - 6 >= 0 ? 'end' : 'start';
  const todayTx = todayAnchor === 'end' ? todayX - 6 : todayX + 6;
  out.push(`<line x1="${todayX.toFixed(1)}" y1="${TOP - 24}" x2="${todayX.toFixed(1)}" y2="${TOP + rowsH}" stroke="${COLOUR.line}" stroke-width="2" stroke-dasharray="5 3"/>`);
  out.push(`<text x="${todayTx.toFixed(1)}" y="16" font-size="12" font-weight="700" text-anchor="${todayAnchor}" fill="${COLOUR.line}">${esc(todayText)}</text>`);
  // Legend.
  const ly = TOP + rowsH + 24;
  const legend: [string, string][] = [
    [`<path d="M0 -6 l6 6 l-6 6 l-6 -6 z" fill="#fff" stroke="${COLOUR.line}" stroke-width="2"/>`, t.legend.planned],
    [`<circle r="5" fill="${COLOUR.done}"/>`, t.legend.actual],
    [`<rect x="-8" y="-6" width="16" height="12" rx="2" fill="${COLOUR.bar}" stroke="${COLOUR.line}"/>`, t.legend.window],
    [`<line x1="0" y1="-7" x2="0" y2="2" stroke="${COLOUR.muted}" stroke-width="2"/>`, t.legend.remind],
    [`<path d="M0 -4 l4 7 h-8 z" fill="${COLOUR.bad}"/>`, t.legend.escalate],
    [`<rect x="-8" y="-6" width="16" height="12" fill="url(#${idPrefix}-hatch-bad)"/>`, t.legend.overdue],
    [`<rect x="-8" y="-6" width="16" height="12" fill="url(#${idPrefix}-hatch-stop)"/>`, t.legend.stopped],
    [`<line x1="0" y1="-8" x2="0" y2="8" stroke="${COLOUR.line}" stroke-width="2" stroke-dasharray="5 3"/>`, t.legend.today],
  ];
  let lx = 14;
  for (const [sym, word] of legend) {
    out.push(`<g transform="translate(${lx} ${ly})">${sym}<text x="14" y="4" font-size="12" fill="${COLOUR.text}">${esc(word)}</text></g>`);
    lx += 30 + word.length * CHAR_W;
  }
  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  return `<svg class="timeline-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${titleId} ${descId}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">
<title id="${titleId}">${esc(t.title)}</title>
<desc id="${descId}">${esc(t.desc(m.rows.length, formatDate(m.start, lang), formatDate(m.end, lang), formatDate(m.today, lang)))}</desc>
<line x1="${LABEL_W}" y1="${TOP - 6}" x2="${LABEL_W}" y2="${TOP + rowsH}" stroke="#c4cad1"/>
${out.join('\n')}
</svg>`;
}

/** The same dates as a table: the picture's text alternative. */
export function timelineTable(lang: Lang, m: TimelineModel, stageLabel: (r: TimelineRow) => string): string {
  const t = TL[lang];
  const date = (d: CalendarDate | undefined, empty: string) => (d ? formatDate(d, lang) : empty);
  const notices = (r: TimelineRow) =>
    [...r.reminders.map((d) => `${t.remind} ${formatDate(d, lang)}`), ...r.escalations.map((d) => `${t.escalate} ${formatDate(d, lang)}`)].join(', ') || t.noNotices;
  return html`${raw(scrollRegion(t.tableCaption, lang))}<table class="timeline-table stack">
<caption>${t.tableCaption}</caption>
<thead><tr><th scope="col">${t.stage}</th><th scope="col">${t.what}</th><th scope="col">${t.planned}</th><th scope="col">${t.actual}</th><th scope="col">${t.state}</th><th scope="col">${t.notices}</th></tr></thead>
<tbody>${m.rows.map((r) =>
    raw(
      html`<tr class="tl-${r.state}"><td data-label="${t.stage}">${stageLabel(r)}</td><td data-label="${t.what}"><span>${rowLabel(lang, r)}${rowDetail(lang, r) ? raw(html`<span class="rel muted small">${rowDetail(lang, r)}</span>`) : ''}</span></td><td class="nowrap" data-label="${t.planned}">${r.from && r.kind !== 'anchoring' && r.kind !== 'decision' && r.kind !== 'continuation' ? `${date(r.from, '')} – ` : ''}${date(r.planned, t.noDeadline)}</td><td class="nowrap" data-label="${t.actual}">${r.actualFrom ? `${date(r.actualFrom, '')} – ` : ''}${date(r.actual, t.notYet)}</td><td data-label="${t.state}">${r.state === 'overdue' ? raw(html`<span class="badge late">${t.states.overdue}</span>`) : t.states[r.state]}</td><td class="small" data-label="${t.notices}">${notices(r)}</td></tr>`,
    ),
  )}</tbody></table></div>`;
}

/** The picture in its scrolling region, and the table beside it. */
export function timelineFigure(lang: Lang, m: TimelineModel, stageLabel: (r: TimelineRow) => string, idPrefix = 'tl'): string {
  const t = TL[lang];
  return html`<div class="tl-scroll" role="region" aria-label="${t.region}" tabindex="0">${raw(timelineSvg(lang, m, idPrefix))}</div>
${raw(timelineTable(lang, m, stageLabel))}`;
}
