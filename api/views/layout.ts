/** Server-rendered HTML: small, accessible, no JavaScript needed. */
import { escapeHtml } from '../../common/html';
import { WORKBENCH_CSS } from './workbench/css';
import { RECORD_CSS } from './recordCss';

export { escapeHtml };
export type Lang = 'sv' | 'en';

export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), '');
}

/** Pre-rendered HTML passes through; everything else is escaped. */
export class Raw {
  constructor(public readonly value: string) {}
}
export const raw = (s: string) => new Raw(s);

function render(v: unknown): string {
  if (v instanceof Raw) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === undefined || v === null || v === false) return '';
  return escapeHtml(String(v));
}

/**
 * The opening tag of a table's wrapper that scrolls sideways on a narrow screen: a named region a
 * keyboard can reach (focus it, then the arrow keys scroll), as WCAG asks of scrolling content.
 */
export function scrollRegion(label: string, lang: Lang): string {
  return `<div class="table-wrap" role="region" tabindex="0" aria-label="${escapeHtml(`${label} (${lang === 'sv' ? 'tabell' : 'table'})`)}">`;
}

/**
 * The HTML document every page shares: language, viewport, no referrer, not indexed, the one
 * stylesheet (same origin, as the CSP allows), the title. `body` is everything inside <body>.
 */
export function htmlDocument(opts: { title: string; lang: Lang; body: string; bodyClass?: string }): string {
  return `<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(opts.title)} – grantflow</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/app.css">
</head>
<body${opts.bodyClass ? ` class="${opts.bodyClass}"` : ''}>
${opts.body}
</body>
</html>`;
}

/** An approver's page: the brand, a language switch, the content. */
export function page(opts: { title: string; lang: Lang; body: string; langSwitch?: string }): string {
  return htmlDocument({
    title: opts.title,
    lang: opts.lang,
    body: `<header class="top"><span class="brand">grantflow</span>${opts.langSwitch ? `<nav aria-label="${opts.lang === 'sv' ? 'Språk' : 'Language'}">${opts.langSwitch}</nav>` : ''}</header>
<main id="main">
${opts.body}
</main>`,
  });
}

export const CSS = `
:root{--fg:#1b1b1b;--muted:#555;--accent:#0b5cad;--ok:#1e7a34;--bad:#b3261e;--warn:#8a5a00;--bg:#fff;--line:#d0d4d9}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0;line-height:1.5}
.top{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1rem;border-bottom:1px solid var(--line)}
.brand{font-weight:700;color:var(--accent)}
main{max-width:48rem;margin:0 auto;padding:1rem}
main.wide{max-width:80rem}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.15rem;margin-top:1.5rem}
table{border-collapse:collapse;width:100%}
.table-wrap{overflow-x:auto;max-width:100%}
.table-wrap:focus-visible{outline:3px solid #f2b300;outline-offset:2px}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.notice{padding:.8rem 1rem;border-left:4px solid var(--accent);background:#eef4fb;margin:1rem 0}
.notice.ok{border-color:var(--ok);background:#edf7ef}
.notice.bad{border-color:var(--bad);background:#fbeeed}
.notice.warn{border-color:var(--warn);background:#fdf5e6}
form.decide{display:grid;gap:.8rem;margin-top:1rem}
label{font-weight:600}
textarea,select,input{font:inherit;padding:.5rem;border:1px solid #888;border-radius:.3rem;width:100%}
.buttons{display:flex;flex-wrap:wrap;gap:.6rem}
button{font:inherit;padding:.7rem 1.2rem;border-radius:.3rem;border:1px solid transparent;cursor:pointer;min-height:44px}
button.approve{background:var(--ok);color:#fff}
button.reject{background:var(--bad);color:#fff}
button.return,button.delegate{background:#fff;color:var(--fg);border-color:#777}
button:focus-visible,a:focus-visible{outline:3px solid #f2b300;outline-offset:2px}
.muted{color:var(--muted)}
.overdue{color:var(--bad);font-weight:600}
.badge{display:inline-block;padding:0 .4rem;border-radius:.2rem;background:#eee;font-size:.85rem}
ul.timeline{list-style:none;padding:0;border-left:3px solid var(--line);margin-left:.5rem}
ul.timeline li{padding:.2rem 0 .6rem 1rem;position:relative}
ul.timeline li::before{content:"";position:absolute;left:-.45rem;top:.55rem;width:.6rem;height:.6rem;border-radius:50%;background:var(--accent)}
.stages{display:flex;flex-wrap:wrap;gap:.3rem;list-style:none;padding:0}
.stages li{padding:.3rem .6rem;border-radius:1rem;border:1px solid var(--line);font-size:.9rem}
.stages li.done{background:#edf7ef;border-color:var(--ok)}
.stages li.current{background:var(--accent);color:#fff;border-color:var(--accent);font-weight:600}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
.filters label{display:flex;flex-direction:column;font-weight:400;font-size:.9rem}
.filters input,.filters select{width:auto}
@media (max-width:40rem){th,td{padding:.3rem;font-size:.9rem}td.num{white-space:normal}.buttons{flex-direction:column}button{width:100%}main{padding:.75rem}}
/* dashboard */
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
.dash-top{gap:1rem;flex-wrap:wrap;background:#f6f8fa}
.dash-top .brand{text-decoration:none;font-size:1.1rem}
.dash-nav{flex:1}
.dash-nav a{color:var(--fg);font-weight:600;text-decoration:none;padding:.3rem .5rem;border-radius:.3rem}
.dash-nav a:hover{background:#e6edf5}
.dash-right{display:flex;align-items:center;gap:1rem;flex-wrap:wrap;font-size:.9rem}
.dash-user{display:flex;align-items:center;gap:.6rem;flex-wrap:wrap}
.dash-user form{margin:0}
button.linkish{background:none;border:1px solid var(--line);color:var(--accent);padding:.25rem .7rem;min-height:32px;font-size:.9rem}
button.linkish:hover{background:#fff;border-color:var(--accent)}
button.primary,a.button{background:var(--accent);color:#fff;border:1px solid var(--accent);border-radius:.3rem;padding:.55rem 1.1rem;font:inherit;text-decoration:none;display:inline-block;min-height:40px}
a.button:hover,button.primary:hover{background:#094a8c}
.small{font-size:.85rem}
.nowrap{white-space:nowrap}
.rel{display:block}
table.grants td.title{min-width:14rem}
main:focus{outline:none}
.dash-summary{margin:.2rem 0 1rem;display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;color:var(--muted)}
.dash-filters{background:#f6f8fa;border:1px solid var(--line);border-radius:.4rem;padding:.8rem;margin:0 0 1rem}
.dash-filters label{gap:.2rem;color:var(--fg)}
.dash-filters .wide-field{flex:1 1 16rem}
.dash-filters .wide-field input{width:100%}
.dash-filters input,.dash-filters select{padding:.35rem .45rem;background:#fff;height:2.5rem}
.dash-filters label{justify-content:flex-end}
.dash-filters input.short{width:6.5rem}
.filter-buttons{display:flex;gap:.8rem;align-items:center;padding-bottom:.1rem}
.filter-buttons button{padding:.45rem 1rem;min-height:38px}
.dash-bar{display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap;margin:.5rem 0}
.dash-bar p{margin:0;font-weight:600}
.dash-count{display:flex;align-items:baseline;gap:.75rem;flex-wrap:wrap}
.dash-count .as-of{white-space:nowrap}
table.grants caption{text-align:left;color:var(--muted);font-size:.85rem;padding:.3rem 0;caption-side:top}
table.grants th{background:#f6f8fa;white-space:nowrap;border-bottom:2px solid var(--line)}
table.grants th a{color:var(--fg);text-decoration:none}
table.grants th a:hover{text-decoration:underline}
table.grants th[aria-sort] a{color:var(--accent)}
table.grants tbody tr:hover td{background:#f3f7fc}
table.grants td a{font-weight:600}
tr.overdue{color:var(--fg);font-weight:400}
tr.overdue td{background:#fdf1f0}
tr.overdue td:first-child{box-shadow:inset 4px 0 0 var(--bad)}
table.grants tbody tr.overdue:hover td{background:#fbe4e2}
.badge.late{background:var(--bad);color:#fff;font-weight:600;text-decoration:none}
a.badge.late:hover{background:#8f1e18}
.badge.ok{background:#edf7ef;color:var(--ok)}
.status{display:inline-block;padding:0 .45rem;border-radius:.2rem;font-size:.85rem;background:#eef4fb;color:var(--accent);white-space:nowrap}
.status-closed{background:#eee;color:#444}
.status-rejected,.status-cancelled{background:#fbeeed;color:var(--bad)}
.status-returned{background:#fdf5e6;color:var(--warn)}
.pager{display:flex;justify-content:space-between;align-items:center;gap:1rem;margin:1rem 0;flex-wrap:wrap}
.pager a{font-weight:600}
.dash-login{max-width:32rem;margin:2rem auto}
.dash-form{display:grid;gap:.5rem;margin:1rem 0}
.dash-form p{margin:0}
.crumbs{margin:.2rem 0 .8rem}
.grant-head .case{margin:0;font-weight:600;letter-spacing:.02em}
.grant-head h1{margin-top:.1rem}
dl.facts{display:flex;flex-wrap:wrap;gap:.5rem 2rem;margin:.8rem 0}
dl.facts div{min-width:8rem}
dl.facts dt{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
dl.facts dd{margin:0;font-weight:600}
ol.stepper{display:flex;list-style:none;padding:0;margin:1.2rem 0 1rem;counter-reset:step}
ol.stepper li{flex:1 1 0;min-width:0;position:relative;text-align:center;padding:2.6rem .15rem 0;font-size:.85rem;counter-increment:step}
ol.stepper li::before{content:counter(step);position:absolute;top:0;left:50%;transform:translateX(-50%);width:2rem;height:2rem;border-radius:50%;border:2px solid #9aa4ae;background:#fff;color:var(--muted);line-height:1.75rem;font-weight:700;z-index:1;box-sizing:border-box}
ol.stepper li::after{content:"";position:absolute;top:.95rem;left:-50%;width:100%;height:3px;background:var(--line);z-index:0}
ol.stepper li:first-child::after{display:none}
ol.stepper li.done::before{content:"\\2713";background:var(--ok);border-color:var(--ok);color:#fff}
ol.stepper li.linked::after{background:var(--ok)}
ol.stepper li.skipped::after,ol.stepper li.skipped+li::after{background:none;border-top:3px dashed var(--line);height:0}
ol.stepper li.current::before{background:var(--accent);border-color:var(--accent);color:#fff;box-shadow:0 0 0 4px #cfe0f3}
ol.stepper li.current .step-name{color:var(--accent);font-weight:700}
ol.stepper li.stopped::before{content:"\\2715";background:var(--bad);border-color:var(--bad);color:#fff}
ol.stepper li.stopped .step-name{color:var(--bad);font-weight:700}
ol.stepper li.skipped{color:#8a939c;counter-increment:none}
ol.stepper li.skipped::before{content:"\\2013";border-style:dashed;background:#f6f8fa}
ol.stepper li.skipped .step-name{font-weight:400}
ol.stepper li.notReached{color:#6b747d}
ol.stepper li.ended::before{content:"\\25A0";background:#5f6b76;border-color:#5f6b76;color:#fff}
ol.stepper li.ended .step-state{color:var(--bad);font-weight:700}
ol.stepper li.waiting::before{border-color:var(--warn);border-style:dashed;color:var(--warn);background:#fdf5e6}
ol.stepper li.waiting .step-state{color:var(--warn);font-weight:700}
.step-date{display:block;font-size:.75rem;color:var(--muted);font-variant-numeric:tabular-nums}
.waits{color:var(--warn);font-weight:600}
.tl-scroll{overflow-x:auto;border:1px solid var(--line);border-radius:.4rem;margin:.5rem 0 1rem;background:#fff}
.tl-scroll:focus-visible{outline:3px solid #f2b300;outline-offset:2px}
.tl-scroll svg{display:block;width:100%;min-width:62rem;height:auto}
table.timeline-table caption,table.compare caption{text-align:left;color:var(--muted);font-size:.85rem;caption-side:top}
tr.tl-overdue td{background:#fdf1f0}
@media (max-width:48rem){table.stack,table.stack tbody,table.stack tr,table.stack td,table.stack th[scope=row]{display:block;width:100%}table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}table.stack caption{display:block}table.stack tr{border:1px solid var(--line);border-radius:.4rem;margin:0 0 .6rem;padding:.3rem .6rem}table.stack td,table.stack th[scope=row]{border:0;padding:.1rem 0}table.stack th[scope=row]{padding-left:.6rem}table.stack td{display:grid;grid-template-columns:minmax(6rem,35%) 1fr;gap:.6rem}table.stack td::before{content:attr(data-label);color:var(--muted);font-size:.8rem;padding-top:.1rem}table.stack td.nowrap{white-space:normal}}
tr.tl-stopped td,tr.tl-lapsed td{color:#4a5560}
td.pre{white-space:pre-wrap;overflow-wrap:anywhere}
table.basis th[scope=row],table.compare th[scope=row]{font-weight:600;width:16rem}
table.compare del{background:#fbeeed;text-decoration:line-through}
table.compare ins{background:#edf7ef;text-decoration:underline}
tr.change-changed td,tr.change-added td,tr.change-removed td{border-left:0}
tr.change-changed th,tr.change-added th,tr.change-removed th{box-shadow:inset 4px 0 0 var(--warn)}
.change{color:var(--warn)}
.preview-form textarea{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
.step-name{display:block;font-weight:600;overflow-wrap:break-word}
.step-state{display:block;font-size:.75rem;color:var(--muted)}
ol.stepper li.current .step-state{color:var(--accent);font-weight:600}
ul.plain{list-style:none;padding:0;margin:.5rem 0}
ul.plain li{padding:.15rem 0}
.grid2{display:grid;grid-template-columns:3fr 2fr;gap:0 2rem}
.grid2>*{min-width:0}
table.money th{font-weight:400}
table.money td{font-weight:600}
table.money tr.attention td,table.money tr.attention th{color:var(--bad)}
section.round{border:1px solid var(--line);border-radius:.4rem;padding:.2rem .9rem .6rem;margin:.8rem 0}
section.round h3{font-size:1rem;margin:.6rem 0 .2rem}
.badge.outcome-approved{background:#edf7ef;color:var(--ok)}
.badge.outcome-rejected{background:#fbeeed;color:var(--bad)}
.badge.outcome-returned{background:#fdf5e6;color:var(--warn)}
.answer{font-weight:600}
.answer-approve{color:var(--ok)}
.answer-reject{color:var(--bad)}
.answer-return{color:var(--warn)}
ol.events{list-style:none;padding:0;margin:0;border-left:3px solid var(--line);margin-left:.4rem}
ol.events li{display:grid;grid-template-columns:9.5rem 1fr;gap:.8rem;padding:.35rem 0 .55rem 1rem;position:relative}
ol.events li::before{content:"";position:absolute;left:-.45rem;top:.7rem;width:.6rem;height:.6rem;border-radius:50%;background:var(--accent)}
ol.events time{color:var(--muted);font-variant-numeric:tabular-nums;white-space:nowrap}
ol.events blockquote{margin:.3rem 0 0;padding:.2rem .6rem;border-left:3px solid var(--line);color:#333;font-style:italic}
@media (max-width:60rem){.grid2{grid-template-columns:1fr}ol.stepper{flex-direction:column;gap:.2rem}ol.stepper li{text-align:left;padding:.35rem 0 .6rem 2.8rem;min-height:2.6rem}ol.stepper li::before{left:1rem;top:.25rem}ol.stepper li::after{display:none}.step-name,.step-state,.step-date{display:inline;margin-right:.4rem}ol.events li{grid-template-columns:1fr;gap:0}}
@media (max-width:48rem){table.grants,table.grants tbody,table.grants tr,table.grants td{display:block;width:100%}table.grants thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}table.grants caption{display:block}table.grants tr{border:1px solid var(--line);border-radius:.4rem;margin:0 0 .6rem;padding:.3rem .6rem}table.grants td{border:0;padding:.15rem 0;display:flex;gap:.6rem;text-align:left}table.grants td::before{content:attr(data-label);flex:0 0 7.5rem;color:var(--muted);font-size:.85rem}table.grants td.num{text-align:left;white-space:normal}table.grants td.title{min-width:0}tr.overdue td{background:none}tr.overdue{background:#fdf1f0;box-shadow:inset 4px 0 0 var(--bad)}tr.overdue td:first-child{box-shadow:none}.dash-filters label,.dash-filters .wide-field{flex:1 1 40%}.dash-filters input,.dash-filters select,.dash-filters input.short{width:100%}}
` + WORKBENCH_CSS + RECORD_CSS;
