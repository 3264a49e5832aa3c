/**
 * The API reference page (`GET /docs`), rendered on the server from the OpenAPI document itself:
 * no script, no CDN (the CSP allows neither). Routes grouped by tag, parameters, the request body
 * schema as a table tree, responses, and a curl example per route; then every named schema.
 */
import { escapeHtml, html, page, raw } from './layout';
import type { OpenApiDocument } from '../openapi';

type S = Record<string, unknown>;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const anchor = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '-');
const schemaAnchor = (name: string) => `schema-${anchor(name)}`;
const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);
const isObj = (v: unknown): v is S => typeof v === 'object' && v !== null && !Array.isArray(v);
const codeHtml = (v: unknown) => html`<code>${typeof v === 'string' ? v : JSON.stringify(v)}</code>`;
const code = (v: unknown) => raw(codeHtml(v));
/** Plain text with `backticks` as code. */
const prose = (text: unknown) => raw(escapeHtml(String(text ?? '')).replace(/`([^`]+)`/g, '<code>$1</code>'));

export const DOCS_CSS = `
main{max-width:72rem}
.docs-intro code,.op code,.schema code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;background:#f3f5f8;padding:0 .2rem;border-radius:.2rem;overflow-wrap:anywhere}
.toc{padding-left:0;list-style:none;margin:.2rem 0}
.toc li{margin:.25rem 0}
.toc a{text-decoration:none}.toc a code{text-decoration:underline}
ul.toc.schemas li{display:inline-block;margin:.15rem .8rem .15rem 0}
.toc h3{font-size:1rem;margin:.6rem 0 .2rem}
.method{display:inline-block;min-width:3.6rem;text-align:center;font-weight:700;font-size:.78rem;letter-spacing:.03em;padding:.1rem .4rem;border-radius:.25rem;color:#fff;background:#555;text-transform:uppercase;vertical-align:.1em}
.method.get{background:#1e7a34}.method.post{background:#0b5cad}.method.head{background:#6b5b95}.method.put,.method.patch{background:#8a5a00}.method.delete{background:#b3261e}
.op{border:1px solid var(--line);border-radius:.4rem;padding:.2rem 1rem 1rem;margin:1rem 0 1.5rem}
.op h3{font-size:1.1rem;margin:.8rem 0 .3rem;overflow-wrap:anywhere}
.op h4{font-size:.95rem;margin:1rem 0 .3rem}
.op .auth{font-size:.9rem}
.tag-desc{margin-top:-.5rem}
table.fields td,table.fields th{font-size:.9rem}
table.fields td.type code{white-space:nowrap;overflow-wrap:normal}
table.fields td.name{white-space:nowrap;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
table.fields tr.variant td{background:#f6f8fa;font-style:italic;color:var(--muted)}
td.d1{padding-left:1.5rem}td.d2{padding-left:2.5rem}td.d3{padding-left:3.5rem}td.d4{padding-left:4.5rem}td.d5{padding-left:5.5rem}td.d6{padding-left:6.5rem}
.req{color:var(--bad);font-weight:700}
pre.curl{background:#1b1f24;color:#e8eaed;padding:.8rem 1rem;border-radius:.4rem;overflow-x:auto;font-size:.85rem;line-height:1.4}
pre.curl code{background:none;color:inherit;padding:0}
.status{font-weight:700;font-variant-numeric:tabular-nums}
.status.s2{color:var(--ok)}.status.s4{color:var(--bad)}.status.s5{color:var(--warn)}
.schema{margin:1rem 0 2rem}
@media (max-width:40rem){table.fields td.name{white-space:normal}}
`;

interface Row {
  depth: number;
  name: string;
  type: string;
  required: boolean;
  notes: string;
  variant?: boolean;
}

function resolveRef(doc: OpenApiDocument, s: S): S {
  return typeof s.$ref === 'string' ? (doc.components.schemas[refName(s.$ref)] ?? {}) : s;
}

function isScalar(s: S): boolean {
  return !s.properties && !s.anyOf && !s.oneOf && !s.items && !s.additionalProperties && s.type !== 'object' && s.type !== 'array';
}

function refLink(ref: string) {
  const name = refName(ref);
  return html`<a href="#${schemaAnchor(name)}">${name}</a>`;
}

function constraints(s: S): string[] {
  const out: string[] = [];
  const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
  const [minL, maxL, min, max, minI, maxI] = [n('minLength'), n('maxLength'), n('minimum'), n('maximum'), n('minItems'), n('maxItems')];
  const range = (lo: number | undefined, hi: number | undefined, unit: string) =>
    lo !== undefined && hi !== undefined ? `${lo}–${hi}${unit}` : lo !== undefined ? `≥ ${lo}${unit}` : hi !== undefined ? `≤ ${hi}${unit}` : undefined;
  const chars = minL === 1 && maxL === undefined ? 'non-empty' : range(minL, maxL, ' chars');
  if (chars) out.push(html`${chars}`);
  const value = range(min !== undefined && min > -MAX_SAFE ? min : undefined, max !== undefined && max < MAX_SAFE ? max : undefined, '');
  if (value) out.push(html`${value}`);
  const items = range(minI || undefined, maxI, ' items');
  if (items) out.push(html`${items}`);
  if (typeof s.format === 'string') out.push(html`format ${code(s.format)}`);
  if (typeof s.pattern === 'string' && s.format !== 'email') out.push(html`pattern ${code(s.pattern)}`);
  if (s.default !== undefined) out.push(html`default ${code(JSON.stringify(s.default))}`);
  if (Array.isArray(s.examples) && s.examples.length) out.push(html`e.g. ${code(s.examples[0])}`);
  return out;
}

/** Description and constraints; of a `$ref`'d scalar the constraints only (its description is one link away). */
function notesOf(s: S, target?: S): string {
  const description = s.description as string | undefined;
  const parts = [...(description ? [html`${prose(description)}`] : []), ...constraints(target && isScalar(target) ? { ...target, ...s } : s)];
  return parts.join(' · ');
}

/** A short type label: `string`, `"sv" | "en"`, `array of CaseNumber`, `map of integer`. */
function typeLabel(doc: OpenApiDocument, s: S): string {
  if (typeof s.$ref === 'string') {
    const target = resolveRef(doc, s);
    return isScalar(target) ? html`${raw(refLink(s.$ref))} <span class="muted">(${String(target.type ?? 'any')})</span>` : refLink(s.$ref);
  }
  if (s.const !== undefined) return codeHtml(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => codeHtml(v)).join(' | ');
  if (s.anyOf || s.oneOf) return 'one of';
  if (s.type === 'array' && isObj(s.items)) {
    const item = s.items;
    return html`array of ${raw(item.$ref || isScalar(item) ? typeLabel(doc, item) : item.anyOf || item.oneOf ? 'variants' : 'object')}`;
  }
  if (s.type === 'object' && isObj(s.additionalProperties) && !s.properties) {
    const v = s.additionalProperties;
    return html`map of ${raw(Object.keys(v).length ? typeLabel(doc, v) : 'any')}`;
  }
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return 'any';
}

function variantLabel(doc: OpenApiDocument, v: S, i: number): string {
  if (typeof v.$ref === 'string') return html`${raw(refLink(v.$ref))}`;
  const constsOf = (x: S) => Object.entries((isObj(x.properties) ? x.properties : {}) as Record<string, S>).filter(([, p]) => isObj(p) && p.const !== undefined);
  const inner = (v.oneOf ?? v.anyOf) as S[] | undefined;
  // A nested union: label it by the constants all its variants share (e.g. type = "deadline").
  const consts = inner ? constsOf(inner[0] ?? {}).filter(([k, p]) => inner.every((x) => constsOf(x).some(([k2, p2]) => k2 === k && p2.const === p.const))) : constsOf(v);
  return consts.length ? consts.map(([k, p]) => html`${k} = ${code(p.const)}`).join(', ') : html`variant ${i + 1}`;
}

function walk(doc: OpenApiDocument, s: S, rows: Row[], depth: number, name: string | undefined, required: boolean, expand: boolean): void {
  const d = Math.min(depth, 6);
  if (typeof s.$ref === 'string') {
    const target = resolveRef(doc, s);
    if (expand && !isScalar(target)) return walk(doc, { ...target, ...(s.description ? { description: s.description } : {}) }, rows, depth, name, required, false);
    if (name !== undefined) rows.push({ depth: d, name, type: typeLabel(doc, s), required, notes: notesOf(s, target) });
    return;
  }
  const variants = (s.oneOf ?? s.anyOf) as S[] | undefined;
  if (variants) {
    if (name !== undefined) rows.push({ depth: d, name, type: 'one of', required, notes: notesOf(s) });
    const inner = name !== undefined ? depth + 1 : depth;
    variants.forEach((v, i) => {
      rows.push({ depth: Math.min(inner, 6), name: '', type: '', required: false, notes: html`${i === 0 ? 'either' : 'or'} ${raw(variantLabel(doc, v, i))}${typeof v.$ref === 'string' && resolveRef(doc, v).description ? raw(html` <span class="muted">– ${prose(resolveRef(doc, v).description)}</span>`) : ''}`, variant: true });
      if (typeof v.$ref !== 'string') walk(doc, v, rows, inner + 1, undefined, false, false);
    });
    return;
  }
  const props = isObj(s.properties) ? (s.properties as Record<string, S>) : undefined;
  if (props) {
    const req = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    if (name !== undefined) rows.push({ depth: d, name, type: 'object', required, notes: notesOf(s) });
    const inner = name !== undefined ? depth + 1 : depth;
    for (const [k, p] of Object.entries(props)) walk(doc, p, rows, inner, k, req.has(k), false);
    return;
  }
  if (s.type === 'array' && isObj(s.items)) {
    const item = s.items;
    if (name !== undefined) rows.push({ depth: d, name, type: typeLabel(doc, s), required, notes: notesOf(s) });
    if (!item.$ref && !isScalar(item)) walk(doc, item, rows, name !== undefined ? depth + 1 : depth, undefined, false, false);
    return;
  }
  if (name !== undefined) rows.push({ depth: d, name, type: typeLabel(doc, s), required, notes: notesOf(s) });
  else rows.push({ depth: d, name: '(value)', type: typeLabel(doc, s), required: true, notes: notesOf(s) });
}

function fieldsTable(rows: Row[]): string {
  if (!rows.length) return '';
  return html`<div class="table-wrap"><table class="fields"><thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Notes</th></tr></thead><tbody>
${rows.map((r) =>
  r.variant
    ? raw(html`<tr class="variant"><td class="d${r.depth}" colspan="4">${raw(r.notes)}</td></tr>\n`)
    : raw(html`<tr><td class="name d${r.depth}">${r.name}</td><td class="type">${raw(r.type)}</td><td>${r.required ? raw('<span class="req" aria-label="required">✓</span>') : ''}</td><td>${raw(r.notes)}</td></tr>\n`),
)}</tbody></table></div>`;
}

export function schemaTable(doc: OpenApiDocument, s: S): string {
  const rows: Row[] = [];
  walk(doc, s, rows, 0, undefined, true, true);
  return fieldsTable(rows);
}

// ---- curl ---------------------------------------------------------------------------------------

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function exampleOf(doc: OpenApiDocument, p: S): string {
  const s = isObj(p.schema) ? resolveRef(doc, p.schema) : {};
  const own = isObj(p.schema) && Array.isArray(p.schema.examples) ? p.schema.examples : undefined;
  const ex = p.example ?? own?.[0] ?? (Array.isArray(s.examples) ? s.examples[0] : undefined) ?? (Array.isArray(s.enum) ? s.enum[0] : `<${String(p.name)}>`);
  return String(ex);
}

function curlOf(doc: OpenApiDocument, base: string, path: string, method: string, op: S): string {
  const params = (Array.isArray(op.parameters) ? op.parameters : []) as S[];
  const url = base + path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = params.find((x) => x.name === name && x.in === 'path');
    return encodeURIComponent(p ? exampleOf(doc, p) : name);
  });
  const lines = [method === 'head' ? `curl -I ${shq(url)}` : method === 'get' ? `curl ${shq(url)}` : `curl -X ${method.toUpperCase()} ${shq(url)}`];
  if (Array.isArray(op.security) && op.security.length) lines.push(`-H "Authorization: Bearer $TOKEN"`);
  const body = isObj(op.requestBody) && isObj(op.requestBody.content) ? Object.entries(op.requestBody.content)[0] : undefined;
  if (body) {
    const [type, media] = body as [string, S];
    if (type === 'application/x-www-form-urlencoded' && isObj(media.example)) {
      for (const [k, v] of Object.entries(media.example)) lines.push(`--data-urlencode ${shq(`${k}=${String(v)}`)}`);
    } else {
      lines.push(`-H 'Content-Type: ${type}'`);
      lines.push(`-d ${shq(JSON.stringify(media.example ?? {}, null, 2))}`);
    }
  }
  return lines.join(' \\\n  ');
}

// ---- page ---------------------------------------------------------------------------------------

function statusClass(status: string) {
  return `status s${status.charAt(0)}`;
}

function responsesTable(doc: OpenApiDocument, op: S): string {
  const responses = (isObj(op.responses) ? op.responses : {}) as Record<string, S>;
  const rows = Object.entries(responses).map(([status, r0]) => {
    const r = typeof r0.$ref === 'string' ? ((doc.components.responses[refName(r0.$ref)] ?? {}) as S) : r0;
    const content = isObj(r.content) ? Object.entries(r.content as Record<string, S>) : [];
    const body = content.map(([type, media]) =>
      raw(html`<code>${type}</code>${isObj(media.schema) && typeof media.schema.$ref === 'string' ? raw(html` ${raw(refLink(media.schema.$ref))}`) : ''} `),
    );
    const headers = isObj(r.headers) ? Object.keys(r.headers) : [];
    return raw(
      html`<tr><td class="${statusClass(status)}">${status}</td><td>${prose(r.description)}${headers.length ? raw(html` <span class="muted">Headers: ${headers.join(', ')}</span>`) : ''}</td><td>${body.length ? body : raw('<span class="muted">–</span>')}</td></tr>\n`,
    );
  });
  return html`<div class="table-wrap"><table class="fields"><thead><tr><th scope="col">Status</th><th scope="col">Meaning</th><th scope="col">Body</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function parametersTable(doc: OpenApiDocument, op: S): string {
  const params = (Array.isArray(op.parameters) ? op.parameters : []) as S[];
  if (!params.length) return '';
  const rows: Row[] = params.map((p) => {
    const s = isObj(p.schema) ? p.schema : {};
    const target = typeof s.$ref === 'string' ? resolveRef(doc, s) : undefined;
    return { depth: 0, name: `${String(p.name)} (${String(p.in)})`, type: typeLabel(doc, s), required: p.required === true, notes: notesOf({ ...s, ...(p.description ? { description: p.description } : {}) }, target) };
  });
  return html`<h4>Parameters</h4>${raw(fieldsTable(rows))}`;
}

function operationSection(doc: OpenApiDocument, base: string, path: string, method: string, op: S): string {
  const roles = Array.isArray(op['x-roles']) ? (op['x-roles'] as string[]) : [];
  const secured = Array.isArray(op.security) && op.security.length > 0;
  const body = isObj(op.requestBody) && isObj(op.requestBody.content) ? (Object.entries(op.requestBody.content)[0] as [string, S] | undefined) : undefined;
  return html`<section class="op" id="op-${anchor(String(op.operationId))}" aria-labelledby="h-${anchor(String(op.operationId))}">
<h3 id="h-${anchor(String(op.operationId))}"><span class="method ${method}">${method}</span> <code>${path}</code></h3>
<p><strong>${String(op.summary ?? '')}</strong>${op.description ? raw(html` – ${prose(op.description)}`) : ''}</p>
<p class="auth muted">${secured ? raw(html`Bearer token with the role ${roles.join(' or ')} (admin always passes).`) : 'No authentication.'}</p>
${raw(parametersTable(doc, op))}
${body ? raw(html`<h4>Request body <span class="muted">(${body[0]}${isObj(body[1].schema) && typeof body[1].schema.$ref === 'string' ? raw(html`, ${raw(refLink(body[1].schema.$ref))}`) : ''})</span></h4>${raw(isObj(body[1].schema) ? schemaTable(doc, body[1].schema) : '')}`) : ''}
<h4>Responses</h4>
${raw(responsesTable(doc, op))}
<h4>Example</h4>
<pre class="curl"><code>${curlOf(doc, base, path, method, op)}</code></pre>
</section>
`;
}

export function docsPage(doc: OpenApiDocument): string {
  const base = (doc.servers[0]?.url ?? '').replace(/\/+$/, '');
  const info = doc.info as { title: string; version: string; summary?: string; description?: string };
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op: op as S })));
  const byTag = doc.tags.map((t) => ({ ...t, ops: ops.filter((o) => Array.isArray(o.op.tags) && (o.op.tags as string[])[0] === t.name) }));
  const body = html`<link rel="stylesheet" href="/static/docs.css">
<h1>${info.title} <span class="badge">v${info.version}</span> <span class="badge">OpenAPI ${doc.openapi}</span></h1>
<div class="docs-intro">
<p>${prose(info.summary)}</p>
<p>${prose(info.description)}</p>
<p>Base URL <code>${base || '/'}</code>. The machine-readable document: <a href="/openapi.json"><code>/openapi.json</code></a>.</p>
</div>
<nav aria-label="Routes"><h2>Routes</h2>
${byTag.map((t) => raw(html`<h3>${t.name}</h3><ul class="toc">${t.ops.map((o) => raw(html`<li><a href="#op-${anchor(String(o.op.operationId))}"><span class="method ${o.method}">${o.method}</span> <code>${o.path}</code></a> ${String(o.op.summary ?? '')}</li>`))}</ul>`))}
<h3>Schemas</h3><ul class="toc schemas">${Object.keys(doc.components.schemas).map((n) => raw(html`<li><a href="#${schemaAnchor(n)}">${n}</a></li>`))}</ul>
</nav>
${byTag.map((t) => raw(html`<h2 id="tag-${anchor(t.name)}">${t.name}</h2><p class="tag-desc muted">${prose(t.description)}</p>${t.ops.map((o) => raw(operationSection(doc, base, o.path, o.method, o.op)))}`))}
<h2 id="schemas">Schemas</h2>
${Object.entries(doc.components.schemas).map(([name, s]) =>
  raw(html`<section class="schema" id="${schemaAnchor(name)}"><h3>${name} <span class="muted">${raw(typeLabel(doc, s))}</span></h3>${s.description ? raw(html`<p>${prose(s.description)}</p>`) : ''}${raw(schemaTable(doc, s))}</section>`),
)}`;
  return page({ title: 'API reference', lang: 'en', body });
}
