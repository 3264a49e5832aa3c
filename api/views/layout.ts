/** Server-rendered HTML: small, accessible, no JavaScript needed. */
import { escapeHtml } from '../../activities/templates';

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

export function page(opts: { title: string; lang: Lang; body: string; langSwitch?: string }): string {
  return `<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(opts.title)} – grantflow</title>
<link rel="stylesheet" href="/static/app.css">
</head>
<body>
<header class="top"><span class="brand">grantflow</span>${opts.langSwitch ? `<nav aria-label="${opts.lang === 'sv' ? 'Språk' : 'Language'}">${opts.langSwitch}</nav>` : ''}</header>
<main id="main">
${opts.body}
</main>
</body>
</html>`;
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
`;
