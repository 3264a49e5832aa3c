/**
 * The decision basis, revision by revision: each revision's plan readable as labelled lines (texts,
 * parts and amounts, groups and members, motions, dates), and two revisions side by side with what
 * changed marked in words and with <ins>/<del>, not by colour alone.
 */
import type { GrantPlan, Group } from '../../domain/plan';
import { formatDate } from '../../domain/calendar';
import { describeRule } from '../../domain/rules';
import { html, raw, scrollRegion, type Lang } from './layout';
import { money, when, withLang } from './dashboard';
import type { GrantState, RevisionRecord } from '../../workflows/grant/contract';

export const RV = {
  sv: {
    heading: 'Beslutsunderlag',
    revision: (n: number) => `Revision ${n}`,
    current: 'gällande',
    by: (who: string, at: string) => `av ${who} ${at}`,
    read: 'Läs',
    compare: 'Jämför',
    compareTitle: (a: number, b: number) => `Revision ${a} jämförd med revision ${b}`,
    onlyCurrent: 'Tidigare revisioner sparades inte för det här ärendet (det startades före revisionshistoriken).',
    field: 'Uppgift',
    change: 'Ändring',
    changed: 'ändrad',
    added: 'ny',
    removed: 'borttagen',
    same: 'oförändrad',
    summary: (n: number) => (n === 1 ? '1 uppgift ändrad' : `${n} uppgifter ändrade`),
    noChange: 'Inga skillnader.',
    onlyChanged: 'Visa bara ändringar',
    all: 'Visa alla uppgifter',
    pick: 'Välj revisioner att jämföra',
    from: 'Från',
    to: 'Till',
    show: 'Jämför',
    back: 'Tillbaka till bidraget',
    missing: 'Revisionen finns inte.',
    noDeadline: 'ingen tidsfrist',
    nobody: 'ingen',
    notBefore: 'fanns inte',
    notAfter: 'finns inte längre',
    f: {
      title: 'Titel', summary: 'Sammanfattning', total: 'Totalt', part: 'Del', focus: 'Fokusområden', requisition: 'Rekvireras av', requisitionBy: 'Rekvirera senast',
      group: 'Grupp', members: 'Ledamöter', rule: 'Regel', deadline: 'Svar senast', body: 'Beslutande organ', motion: 'Att-sats', signatory: 'Undertecknare', document: 'Dokument',
      tranche: 'Utbetalning', usePeriod: 'Nyttjandeperiod', report: 'Redovisning', due: 'senast', distribution: 'Utdrag till', delegated: 'Delegationsbeslut', continuation: 'Fortsatt arbete',
    },
  },
  en: {
    heading: 'Decision basis',
    revision: (n: number) => `Revision ${n}`,
    current: 'current',
    by: (who: string, at: string) => `by ${who} ${at}`,
    read: 'Read',
    compare: 'Compare',
    compareTitle: (a: number, b: number) => `Revision ${a} compared with revision ${b}`,
    onlyCurrent: 'Earlier revisions were not kept for this case (it started before the revision history).',
    field: 'Item',
    change: 'Change',
    changed: 'changed',
    added: 'new',
    removed: 'removed',
    same: 'unchanged',
    summary: (n: number) => (n === 1 ? '1 item changed' : `${n} items changed`),
    noChange: 'No differences.',
    onlyChanged: 'Show changes only',
    all: 'Show every item',
    pick: 'Choose revisions to compare',
    from: 'From',
    to: 'To',
    show: 'Compare',
    back: 'Back to the grant',
    missing: 'No such revision.',
    noDeadline: 'no deadline',
    nobody: 'nobody',
    notBefore: 'not there',
    notAfter: 'no longer there',
    f: {
      title: 'Title', summary: 'Summary', total: 'Total', part: 'Part', focus: 'Focus areas', requisition: 'Requisitioned by', requisitionBy: 'Requisition by',
      group: 'Group', members: 'Members', rule: 'Rule', deadline: 'Answer by', body: 'Deciding body', motion: 'Motion', signatory: 'Signatory', document: 'Document',
      tranche: 'Payment', usePeriod: 'Use period', report: 'Report', due: 'by', distribution: 'Extract to', delegated: 'Delegated decision', continuation: 'Continuation',
    },
  },
};

/** One labelled line of a plan; `key` pairs the same line across revisions. */
export interface BasisLine {
  key: string;
  section: string;
  label: string;
  value: string;
}

/** A plan as labelled lines, in reading order. */
export function basisLines(lang: Lang, p: GrantPlan): BasisLine[] {
  const r = RV[lang];
  const f = r.f;
  const date = (d: string | undefined) => (d ? formatDate(d, lang) : r.noDeadline);
  const out: BasisLine[] = [];
  const add = (key: string, section: string, label: string, value: string) => out.push({ key, section, label, value });
  add('title', f.title, f.title, p.title);
  if (p.basis.summary) add('summary', f.title, f.summary, p.basis.summary);
  add('total', f.part, f.total, money(p.totalOre));
  for (const part of p.parts) {
    const k = `part:${part.id}`;
    add(k, f.part, `${f.part} ${part.id}`, `${part.name}: ${money(part.amountOre)}`);
    if (part.focusAreas.length) add(`${k}:focus`, f.part, `${f.part} ${part.id} – ${f.focus}`, part.focusAreas.join('; '));
    if (part.requisition) add(`${k}:req`, f.part, `${f.part} ${part.id} – ${f.requisition}`, `${part.requisition.unit}, ${f.requisitionBy.toLowerCase()} ${date(part.requisition.deadline)}`);
  }
  const group = (g: Group, section: string) => {
    const k = `group:${g.id}`;
    add(`${k}:name`, section, f.group, g.name);
    add(`${k}:members`, section, `${g.name} – ${f.members}`, g.members.map((m) => m.name).join(', '));
    add(`${k}:rule`, section, `${g.name} – ${f.rule}`, describeRule(g.rule, g.members.length, lang));
    add(`${k}:deadline`, section, `${g.name} – ${f.deadline}`, date(g.deadline));
  };
  for (const g of p.anchoring?.groups ?? []) group(g, f.group);
  add('body', f.body, f.body, p.decision.body);
  group(p.decision.group, f.body);
  p.decision.motions.forEach((m, i) => add(`motion:${i}`, f.motion, `${f.motion} ${i + 1}`, m));
  if (p.decision.delegated) add('delegated', f.body, f.delegated, `${p.decision.delegated.decidedBy}, ${date(p.decision.delegated.date)}`);
  if (p.signature) {
    add('signatory', f.signatory, f.signatory, `${p.signature.signatory.name}${p.signature.signatory.title ? ` (${p.signature.signatory.title})` : ''}`);
    add('document', f.signatory, f.document, `${p.signature.document}, ${date(p.signature.deadline)}`);
  }
  for (const t of p.tranches) {
    const g = t.trigger;
    const when = g.on === 'date' ? formatDate(g.date, lang) : g.on === 'condition' ? `${g.condition} (${date(g.deadline)})` : g.on;
    add(`tranche:${t.id}`, f.tranche, `${f.tranche} ${t.id}`, `${money(t.amountOre)} → ${t.payee}; ${when}`);
  }
  if (p.usePeriod) add('usePeriod', f.usePeriod, f.usePeriod, `${formatDate(p.usePeriod.from, lang)} – ${formatDate(p.usePeriod.to, lang)}`);
  for (const rep of p.reports) add(`report:${rep.id}`, f.report, `${f.report} ${rep.id}`, `${rep.what} → ${rep.to}, ${f.due} ${date(rep.due)}`);
  if (p.continuation) group(p.continuation.group, f.continuation);
  add('distribution', f.distribution, f.distribution, p.distribution.map((d) => d.name).join(', ') || r.nobody);
  return out;
}

export type Change = 'same' | 'changed' | 'added' | 'removed';

/** The lines of two revisions paired by key, in the newer one's order (removed lines where they were). */
export function compareBasis(lang: Lang, a: GrantPlan, b: GrantPlan): { line: BasisLine; before?: string; after?: string; change: Change }[] {
  const left = basisLines(lang, a);
  const right = basisLines(lang, b);
  const byKey = new Map(left.map((l) => [l.key, l]));
  const rightKeys = new Set(right.map((l) => l.key));
  const out: { line: BasisLine; before?: string; after?: string; change: Change }[] = [];
  let li = 0;
  for (const r of right) {
    // Removed lines of the older revision that stood before this one.
    while (li < left.length && !rightKeys.has(left[li]!.key)) {
      out.push({ line: left[li]!, before: left[li]!.value, change: 'removed' });
      li += 1;
    }
    const before = byKey.get(r.key);
    if (before) {
      const idx = left.indexOf(before);
      if (idx >= li) li = idx + 1;
    }
    out.push({ line: r, before: before?.value, after: r.value, change: !before ? 'added' : before.value === r.value ? 'same' : 'changed' });
  }
  for (; li < left.length; li += 1) if (!rightKeys.has(left[li]!.key)) out.push({ line: left[li]!, before: left[li]!.value, change: 'removed' });
  return out;
}

export function revisionList(lang: Lang, s: GrantState, revs: RevisionRecord[], base: string): string {
  const r = RV[lang];
  return html`<ul class="plain revisions">${revs.map((v, i) =>
    raw(
      html`<li><a href="${withLang(`${base}?rev=${v.revision}`, lang)}">${r.revision(v.revision)}</a>${v.revision === s.revision ? ` (${r.current})` : ''} <span class="muted small">${r.by(v.by, when(v.at))}</span>${v.comment ? raw(html` – <q>${v.comment}</q>`) : ''}${i > 0 ? raw(html` · <a href="${withLang(`${base}?from=${revs[i - 1]!.revision}&to=${v.revision}`, lang)}">${r.compare} ${revs[i - 1]!.revision} ↔ ${v.revision}</a>`) : ''}</li>`,
    ),
  )}</ul>${revs[0]!.revision > 1 ? raw(html`<p class="muted small">${r.onlyCurrent}</p>`) : ''}`;
}

/** One revision's basis, readable. */
export function basisTable(lang: Lang, v: RevisionRecord): string {
  const r = RV[lang];
  return html`${raw(scrollRegion(r.revision(v.revision), lang))}<table class="basis stack"><thead><tr><th scope="col">${r.field}</th><th scope="col">${r.revision(v.revision)}</th></tr></thead>
<tbody>${basisLines(lang, v.plan).map((l) => raw(html`<tr><th scope="row">${l.label}</th><td class="pre" data-label="${r.revision(v.revision)}">${l.value}</td></tr>`))}</tbody></table></div>`;
}

/** Two revisions side by side; changed, new and removed lines marked in words and with ins/del. */
export function compareTable(lang: Lang, a: RevisionRecord, b: RevisionRecord, onlyChanged: boolean): string {
  const r = RV[lang];
  const rows = compareBasis(lang, a.plan, b.plan);
  const changed = rows.filter((x) => x.change !== 'same');
  const shown = onlyChanged ? changed : rows;
  const cell = (v: string | undefined, tag: 'del' | 'ins', mark: boolean) =>
    v === undefined ? raw(html`<span class="muted">(${tag === 'del' ? r.notBefore : r.notAfter})</span>`) : mark ? raw(html`<${raw(tag)}>${v}</${raw(tag)}>`) : v;
  return html`<p role="status"><strong>${changed.length ? r.summary(changed.length) : r.noChange}</strong></p>
${raw(scrollRegion(r.compareTitle(a.revision, b.revision), lang))}<table class="compare stack">
<caption>${r.compareTitle(a.revision, b.revision)}</caption>
<thead><tr><th scope="col">${r.field}</th><th scope="col">${r.revision(a.revision)}</th><th scope="col">${r.revision(b.revision)}</th><th scope="col">${r.change}</th></tr></thead>
<tbody>${shown.map((x) =>
    raw(
      html`<tr class="change-${x.change}"><th scope="row">${x.line.label}</th><td class="pre" data-label="${r.revision(a.revision)}">${cell(x.before, 'del', x.change !== 'same')}</td><td class="pre" data-label="${r.revision(b.revision)}">${cell(x.after, 'ins', x.change !== 'same')}</td><td data-label="${r.change}">${x.change === 'same' ? raw(html`<span class="muted">${r.same}</span>`) : raw(html`<strong class="change">${r[x.change]}</strong>`)}</td></tr>`,
    ),
  )}</tbody></table></div>`;
}
