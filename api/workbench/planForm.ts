/**
 * The plan form's data, without HTML: a form body of flat fields named by the plan's paths
 * (`parts.0.amountOre`, `decision.group.members.1.email`) becomes a plan document for
 * domain/validatePlan.ts, so every problem it names has a field of the same path. Amounts are
 * entered in kronor and converted exactly to öre (domain/sek.ts); lists are entered one per line.
 */
import { text, type Text } from '../../domain/text';
import { parseSek, sumOre } from '../../domain/sek';
import type { Problem } from '../../domain/validatePlan';

export type Fields = Record<string, string>;
type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Keys whose value is an amount in öre (entered in kronor). */
export const isAmountKey = (key: string) => /Ore$/.test(key);
/** Keys holding a list of texts, one per line. */
export const LINE_LISTS = new Set(['motions', 'focusAreas']);
/** Keys holding a list of whole numbers of days, "7, 1". */
export const DAY_LISTS = new Set(['remindDaysBefore', 'escalateDaysAfter']);
const INTEGERS = new Set(['year', 'k']);
const BOOLEANS = new Set(['requirementsPublished']);

/** A form field of the plan form: every other name (`_csrf`, `_step`, `_add`) is the form's own. */
export const isPlanField = (name: string) => /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/.test(name);

function setAt(root: Record<string, Json>, path: string[], value: Json) {
  let node: Record<string, Json> | Json[] = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const nextIsIndex = /^\d+$/.test(path[i + 1]!);
    const container = node as Record<string, Json>;
    container[key] ??= nextIsIndex ? [] : {};
    node = container[key] as Record<string, Json> | Json[];
  }
  (node as Record<string, Json>)[path[path.length - 1]!] = value;
}

/** Drops the holes a removed row leaves, and objects that hold nothing at all. */
function compact(v: Json): Json | undefined {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined && x !== null).map((x) => compact(x)).filter((x): x is Json => x !== undefined);
  if (v && typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) {
      const c = compact(x);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

/** One field's value as the plan holds it; a problem when it cannot be (an amount that is not kronor). */
function convert(key: string, raw: string): { value?: Json; problem?: Text } {
  const v = raw.trim();
  if (LINE_LISTS.has(key)) return { value: raw.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) };
  if (DAY_LISTS.has(key)) {
    const parts = v.split(/[\s,;]+/).filter(Boolean);
    if (parts.some((p) => !/^\d+$/.test(p))) return { problem: text('måste vara hela dagar, t.ex. 7, 1', 'must be whole numbers of days, e.g. 7, 1') };
    return { value: parts.map(Number) };
  }
  if (v === '') return {};
  if (isAmountKey(key)) {
    try {
      return { value: parseSek(v) };
    } catch {
      return { problem: text('måste vara ett belopp i kronor, t.ex. 1 234 567,50', 'must be an amount in kronor, e.g. 1 234 567,50') };
    }
  }
  if (INTEGERS.has(key)) return /^-?\d+$/.test(v) ? { value: Number(v) } : { problem: text('måste vara ett heltal', 'must be a whole number') };
  if (BOOLEANS.has(key)) return { value: v === 'true' };
  return { value: v };
}

/**
 * The plan document a form body describes, and the problems of its fields that never reach the
 * plan's validation (an amount that is not kronor). The total is the sum of the parts.
 */
export function planFromFields(fields: Fields): { plan: Record<string, Json>; problems: Problem[] } {
  const root: Record<string, Json> = {};
  const problems: Problem[] = [];
  for (const [name, raw] of Object.entries(fields)) {
    if (!isPlanField(name)) continue;
    const path = name.split('.');
    const { value, problem } = convert(path[path.length - 1]!, raw);
    if (problem) problems.push({ path: name, message: problem.en, messages: problem });
    else if (value !== undefined) setAt(root, path, value);
  }
  const plan = (compact(root) ?? {}) as Record<string, Json>;
  const parts = Array.isArray(plan.parts) ? plan.parts : [];
  const amounts = parts.map((p) => (p && typeof p === 'object' && !Array.isArray(p) ? p.amountOre : undefined));
  if (amounts.every((a): a is number => typeof a === 'number')) plan.totalOre = sumOre(amounts);
  return { plan, problems };
}

/**
 * The form as it was filled in, as a document of the plan's shape holding the texts as typed:
 * what the form shows again (with its problems, or with a row added or removed).
 */
export function docFromFields(fields: Fields): Record<string, unknown> {
  const root: Record<string, Json> = {};
  for (const [name, raw] of Object.entries(fields)) if (isPlanField(name)) setAt(root, name.split('.'), raw);
  const dense = (v: Json): Json => (Array.isArray(v) ? v.filter((x) => x !== undefined).map(dense) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, dense(x)])) : v);
  return dense(root) as Record<string, unknown>;
}

/** The value at a path of a plan-shaped document. */
export function valueAt(doc: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);
}

/** A row like the list's first, emptied, with an id of its own (new members, parts, tranches…). */
function blankLike(sample: unknown, id: string): Json {
  if (Array.isArray(sample)) return sample.length && typeof sample[0] === 'object' ? [blankLike(sample[0], `${id}-1`)] : [];
  if (sample && typeof sample === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(sample)) {
      if (k === 'id') out[k] = id;
      else if (k === 'rule') out[k] = { type: 'all' };
      else if (k === 'trigger') out[k] = { on: 'decision' };
      else if (k === 'substitutes') out[k] = [];
      else out[k] = blankLike(v, `${id}-${k}`);
    }
    return out;
  }
  return typeof sample === 'boolean' ? sample : '';
}

/** The form's document with one row more at `listPath` (the "add" buttons). */
export function addRow(doc: Record<string, unknown>, listPath: string): void {
  const list = valueAt(doc, listPath);
  if (!Array.isArray(list)) return;
  const taken = new Set(list.map((x) => (x && typeof x === 'object' ? String((x as { id?: unknown }).id ?? '') : '')));
  const stem = listPath.split('.').pop()!.replace(/s$/, '');
  let n = list.length + 1;
  while (taken.has(`${stem}-${n}`)) n++;
  // An empty list (substitutes, a distribution list) gets a person: id, name, email.
  list.push(blankLike(list[0] ?? { id: '', name: '', email: '' }, !list[0] || (typeof list[0] === 'object' && 'id' in list[0]) ? `${stem}-${n}` : ''));
}

/** The form's document without the row at `rowPath` (`parts.2`). */
export function removeRow(doc: Record<string, unknown>, rowPath: string): void {
  const i = rowPath.lastIndexOf('.');
  const list = valueAt(doc, rowPath.slice(0, i));
  const index = Number(rowPath.slice(i + 1));
  if (Array.isArray(list) && Number.isInteger(index) && index >= 0 && index < list.length) list.splice(index, 1);
}

/** The form after an "add" or "remove" button: the document with the row added or removed; undefined for any other button. */
export function rowChanged(fields: Fields): Record<string, unknown> | undefined {
  if (!fields._add && !fields._remove) return undefined;
  const doc = docFromFields(fields);
  if (fields._add) addRow(doc, fields._add);
  else removeRow(doc, fields._remove!);
  return doc;
}

/** The plan the review step carried in its hidden field; undefined when it did not come back whole. */
export function reviewedPlan(fields: Fields): Record<string, unknown> | undefined {
  try {
    const plan: unknown = JSON.parse(fields._plan ?? '');
    return plan && typeof plan === 'object' && !Array.isArray(plan) ? (plan as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
