/**
 * The plan form, rendered from a document of the plan's shape (a template, or the form as it was
 * filled in). Each field is named by its path in the plan, so each problem the plan's validation
 * names is shown at its field, and all of them at once in a summary that links to the fields.
 * No JavaScript: rows are added and removed with buttons that send the form back.
 */
import { formatSek } from '../../../domain/sek';
import type { Problem } from '../../../domain/validatePlan';
import { DAY_LISTS, LINE_LISTS, isAmountKey, valueAt } from '../../workbench/planForm';
import { escapeHtml as e, type Lang } from '../layout';
import { FIELD_LABELS, OPTION_LABELS, ROW_LABELS, problemText, problemWords } from './labels';

const DATE_KEYS = new Set(['deadline', 'date', 'due', 'from']);
const LONG_TEXT = new Set(['summary', 'requirements', 'note', 'condition', 'motions', 'focusAreas']);
const SELECTS = new Set(['order', 'lang', 'requirementsPublished']);
/** Kept as they are, not shown: ids (but a part's number), the total (the sum of the parts). */
const HIDDEN_TOP = new Set(['totalOre']);

export const fieldId = (path: string) => `f-${path.replace(/\./g, '-')}`;
const errorId = (path: string) => `e-${path.replace(/\./g, '-')}`;

interface Ctx {
  lang: Lang;
  doc: Record<string, unknown>;
  problems: Map<string, string[]>;
  rendered: Set<string>;
  /** Datalist options for the requisitioning units (seed 004's template). */
  units: string[];
}

function labelOf(ctx: Ctx, path: string): string {
  const keys = path.split('.');
  const key = keys[keys.length - 1]!;
  const L = FIELD_LABELS[ctx.lang];
  if (/^\d+$/.test(key)) return `${ROW_LABELS[ctx.lang][keys[keys.length - 2]!] ?? ''} ${Number(key) + 1}`;
  if (key === 'title') return keys.length === 1 ? L.title! : L.personTitle!;
  if (key === 'to') return keys[0] === 'usePeriod' ? L.to! : L.reportTo!;
  return L[key] ?? key;
}

/** "Del 2 › Belopp (kr)": where a problem is, for the summary. */
export function placeOf(lang: Lang, path: string): string {
  const ctx = { lang } as Ctx;
  const keys = path.split('.');
  const out: string[] = [];
  for (let i = 1; i <= keys.length; i++) {
    const sub = keys.slice(0, i).join('.');
    if (i < keys.length && /^\d+$/.test(keys[i]!)) continue; // "Delar › Del 2" says it twice
    out.push(labelOf(ctx, sub));
  }
  return out.join(' › ');
}

function errorsAt(ctx: Ctx, path: string): { attrs: string; html: string } {
  ctx.rendered.add(path);
  const list = ctx.problems.get(path);
  if (!list?.length) return { attrs: '', html: '' };
  return {
    attrs: ` aria-invalid="true" aria-describedby="${errorId(path)}"`,
    html: `<p class="field-error" id="${errorId(path)}">${list.map((m) => e(problemText(ctx.lang, m))).join('<br>')}</p>`,
  };
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

function select(ctx: Ctx, path: string, options: [string, string][], value: string, withEmpty?: string): string {
  const err = errorsAt(ctx, path);
  const opts = (withEmpty !== undefined ? [['', withEmpty] as [string, string]] : []).concat(options);
  return `<div class="field"><label for="${fieldId(path)}">${e(labelOf(ctx, path))}</label>${err.html}<select id="${fieldId(path)}" name="${path}"${err.attrs}>${opts
    .map(([v, l]) => `<option value="${e(v)}"${v === value ? ' selected' : ''}>${e(l)}</option>`)
    .join('')}</select></div>`;
}

function field(ctx: Ctx, path: string, key: string, value: unknown, parentPath: string): string {
  if (key === 'id' && !/^parts\.\d+$/.test(parentPath)) return `<input type="hidden" name="${path}" value="${e(text(value))}">`;
  const options = OPTION_LABELS[ctx.lang][key];
  if (SELECTS.has(key) && options) return select(ctx, path, Object.entries(options), text(value));
  if (key === 'chairId') {
    const members = valueAt(ctx.doc, `${parentPath}.members`);
    const opts = Array.isArray(members) ? members.map((m: { id?: unknown; name?: unknown }) => [text(m.id), text(m.name) || text(m.id)] as [string, string]) : [];
    return select(ctx, path, opts, text(value), ctx.lang === 'sv' ? '(ingen)' : '(none)');
  }
  if (key === 'partId') {
    const parts = valueAt(ctx.doc, 'parts');
    const opts = Array.isArray(parts) ? parts.map((p: { id?: unknown; name?: unknown }) => [text(p.id), `${text(p.id)} ${text(p.name)}`.trim()] as [string, string]) : [];
    return select(ctx, path, opts, text(value), ctx.lang === 'sv' ? '(hela bidraget)' : '(the whole grant)');
  }
  const err = errorsAt(ctx, path);
  const id = fieldId(path);
  const label = `<label for="${id}">${e(labelOf(ctx, path))}</label>`;
  if (LINE_LISTS.has(key) || (LONG_TEXT.has(key) && typeof value !== 'object')) {
    const v = Array.isArray(value) ? value.map(text).join('\n') : text(value);
    return `<div class="field wide">${label}${err.html}<textarea id="${id}" name="${path}" rows="${Math.min(8, Math.max(3, v.split('\n').length + 1))}"${err.attrs}>${e(v)}</textarea></div>`;
  }
  if (DAY_LISTS.has(key)) {
    const v = Array.isArray(value) ? value.map(text).join(', ') : text(value);
    return `<div class="field">${label}${err.html}<input id="${id}" name="${path}" value="${e(v)}" inputmode="numeric"${err.attrs}></div>`;
  }
  const isDate = DATE_KEYS.has(key) || (key === 'to' && path.startsWith('usePeriod'));
  const isAmount = isAmountKey(key);
  const v = isAmount && typeof value === 'number' ? formatSek(value, { unit: false }) : text(value);
  const type = isDate ? 'date' : key === 'email' ? 'email' : key === 'url' ? 'url' : 'text';
  const extra = isAmount ? ' inputmode="decimal" class="amount"' : key === 'year' || key === 'k' ? ' inputmode="numeric" class="short"' : key === 'unit' && ctx.units.length ? ' list="units"' : '';
  const auto = key === 'email' ? ' autocomplete="off" spellcheck="false"' : '';
  return `<div class="field${isDate || isAmount ? '' : ' grow'}">${label}${err.html}<input id="${id}" name="${path}" type="${type}" value="${e(v)}"${extra}${auto}${err.attrs}></div>`;
}

function button(name: string, value: string, label: string, cls = 'linkish'): string {
  return `<button type="submit" class="${cls}" name="${name}" value="${e(value)}" formnovalidate>${e(label)}</button>`;
}

function group(ctx: Ctx, path: string, inner: string, extra = ''): string {
  const err = errorsAt(ctx, path);
  return `<fieldset id="${fieldId(path)}"${err.attrs ? ' aria-describedby="' + errorId(path) + '"' : ''}><legend>${e(labelOf(ctx, path))}</legend>${err.html}${inner}${extra}</fieldset>`;
}

function node(ctx: Ctx, path: string, key: string, value: unknown, parentPath: string): string {
  if (key === 'rule') {
    const r = (value ?? {}) as Record<string, unknown>;
    return group(ctx, path, `<div class="row">${select(ctx, `${path}.type`, Object.entries(OPTION_LABELS[ctx.lang].type!), text(r.type) || 'all')}${field(ctx, `${path}.k`, 'k', r.k, path)}</div>`);
  }
  if (key === 'trigger') {
    const t = (value ?? {}) as Record<string, unknown>;
    return group(
      ctx,
      path,
      `<div class="row">${select(ctx, `${path}.on`, Object.entries(OPTION_LABELS[ctx.lang].on!), text(t.on) || 'decision')}${field(ctx, `${path}.date`, 'date', t.date, path)}${field(ctx, `${path}.deadline`, 'deadline', t.deadline, path)}</div>${field(ctx, `${path}.condition`, 'condition', t.condition, path)}`,
    );
  }
  if (Array.isArray(value) && (value.length === 0 ? ROW_LABELS.sv[key] !== undefined : typeof value[0] === 'object')) {
    const row = ROW_LABELS[ctx.lang][key] ?? key;
    const rows = value.map((item, i) => {
      const rowPath = `${path}.${i}`;
      const remove = button('_remove', rowPath, `${ctx.lang === 'sv' ? 'Ta bort' : 'Remove'} ${row.toLowerCase()} ${i + 1}`);
      return group(ctx, rowPath, children(ctx, rowPath, item), `<div class="row-actions">${remove}</div>`);
    });
    return group(ctx, path, rows.join(''), `<div class="row-actions">${button('_add', path, `${ctx.lang === 'sv' ? 'Lägg till' : 'Add'} ${row.toLowerCase()}`)}</div>`);
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) return group(ctx, path, children(ctx, path, value));
  return field(ctx, path, key, value, parentPath);
}

function children(ctx: Ctx, path: string, value: unknown): string {
  const entries = Object.entries((value ?? {}) as Record<string, unknown>);
  const simple = entries.filter(([, v]) => !(v && typeof v === 'object') || (Array.isArray(v) && (LINE_LISTS.has(path.split('.').pop()!) || typeof v[0] !== 'object')));
  return `<div class="row">${entries.map(([k, v]) => (simple.some(([sk]) => sk === k) ? node(ctx, `${path}.${k}`, k, v, path) : '')).join('')}</div>${entries
    .map(([k, v]) => (simple.some(([sk]) => sk === k) ? '' : node(ctx, `${path}.${k}`, k, v, path)))
    .join('')}`;
}

/** Every problem at a path the form shows, or else at the nearest part of the form that holds it. */
function placeProblems(lang: Lang, problems: Problem[], rendered: Set<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of problems) {
    // The total is the parts' sum: its problems are the parts'.
    let path = p.path === 'totalOre' ? 'parts' : p.path;
    while (path && !rendered.has(path)) path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
    const at = path || 'caseNumber';
    out.set(at, [...(out.get(at) ?? []), problemWords(lang, p)]);
  }
  return out;
}

export interface PlanFormOpts {
  lang: Lang;
  doc: Record<string, unknown>;
  problems: Problem[];
  units?: string[];
}

/** The fields of the plan (no <form>, no buttons): the caller frames them. And where each problem went. */
export function planFields(opts: PlanFormOpts): { html: string; placed: { path: string; message: string }[] } {
  const render = (problems: Map<string, string[]>) => {
    const ctx: Ctx = { lang: opts.lang, doc: opts.doc, problems, rendered: new Set(), units: opts.units ?? [] };
    const top = Object.entries(opts.doc).filter(([k]) => !HIDDEN_TOP.has(k));
    const organisation = text(opts.doc.organisation);
    const html = top.map(([k, v]) => (k === 'organisation' ? `<input type="hidden" name="organisation" value="${e(organisation)}">` : node(ctx, k, k, v, ''))).join('\n');
    return { html, rendered: ctx.rendered };
  };
  const first = render(new Map());
  const placed = placeProblems(opts.lang, opts.problems, first.rendered);
  // The summary lists the problems in the order of the form.
  const at = (path: string) => first.html.indexOf(`id="${fieldId(path)}"`);
  const units = opts.units?.length ? `<datalist id="units">${opts.units.map((u) => `<option value="${e(u)}"></option>`).join('')}</datalist>` : '';
  const ordered = [...placed].sort(([a], [b]) => at(a) - at(b));
  return { html: render(placed).html + units, placed: ordered.flatMap(([path, ms]) => ms.map((message) => ({ path, message }))) };
}

/** The summary of every problem, each a link to its field; announced when the page loads. `extra`: problems of fields outside the plan. */
export function errorSummary(lang: Lang, placed: { path: string; message: string }[], extra: { id: string; label: string; message: string }[] = []): string {
  const items = [
    ...extra.map((x) => ({ href: x.id, text: `${x.label}: ${problemText(lang, x.message)}` })),
    ...placed.map((p) => ({ href: fieldId(p.path), text: `${placeOf(lang, p.path)}: ${problemText(lang, p.message)}` })),
  ];
  if (!items.length) return '';
  const n = items.length;
  const title = lang === 'sv' ? `Rätta ${n === 1 ? 'ett problem' : `${n} problem`} innan du går vidare` : `Fix ${n === 1 ? 'one problem' : `${n} problems`} before you go on`;
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" id="error-summary"><h2 id="error-summary-title">${e(title)}</h2><ul>${items
    .map((i) => `<li><a href="#${i.href}">${e(i.text)}</a></li>`)
    .join('')}</ul></div>`;
}
