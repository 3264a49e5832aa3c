/**
 * The plan form without a browser: each template rendered as the form's HTML, read back as a
 * browser would send it, is the template's plan again (amounts to the öre); problems land at fields.
 */
import { problem } from '../../domain/text';
import { planFields } from '../../api/views/workbench/planForm';
import { planFromFields, addRow, docFromFields, removeRow } from '../../api/workbench/planForm';
import { planProblems } from '../../api/workbench/checks';
import { TEMPLATE_IDS, templatePlan } from '../../api/workbench/templates';
import type { Principal } from '../../api/auth';
import { submitted } from '../helpers/formFields';

const TODAY = '2026-12-02';
const elin: Principal = { sub: 's', name: 'Elin Ring', roles: ['coordinator'], org: 'Region Jämtland Härjedalen', email: 'elin.ring@example.se' };

test.each(TEMPLATE_IDS.filter((t) => t !== 'quick'))('the %s template goes through the form unchanged and is a plan that can start today', (id) => {
  const doc = templatePlan(id, elin, TODAY);
  const fields = { ...submitted(planFields({ lang: 'sv', doc, problems: [] }).html), caseNumber: 'RS/1/2026' };
  const result = planProblems(fields, elin, TODAY);
  expect(result.ok ? [] : result.problems).toEqual([]);
  expect(result.ok && result.plan.totalOre).toBe((doc.parts as { amountOre: number }[]).reduce((a, p) => a + p.amountOre, 0));
  expect(result.ok && result.plan.parts.map((p) => p.amountOre)).toEqual((doc.parts as { amountOre: number }[]).map((p) => p.amountOre));
});

test('the quick template, filled in, starts; left empty, every problem is named at its field', () => {
  const fields = submitted(planFields({ lang: 'sv', doc: templatePlan('quick', elin, TODAY), problems: [] }).html);
  const empty = planProblems(fields, elin, TODAY);
  expect(empty.ok ? [] : empty.problems.map((p) => p.path).sort()).toEqual(['caseNumber', 'decision.group.members.0.email', 'decision.group.members.0.name', 'parts.0.amountOre', 'title']);
  const filled = planProblems(
    { ...fields, caseNumber: 'RS/2/2026', title: 'Stöd', 'parts.0.name': 'Stöd', 'parts.0.amountOre': '1 234 567,05', 'decision.group.members.0.name': 'Karin', 'decision.group.members.0.email': 'karin@example.se' },
    elin,
    TODAY,
  );
  expect(filled.ok ? [] : filled.problems).toEqual([]);
  expect(filled.ok && filled.plan.totalOre).toBe(123_456_705);
});

test('amounts are kronor converted exactly to öre; a text that is not an amount is a problem at its field', () => {
  expect(planFromFields({ 'parts.0.amountOre': '0,10', 'parts.1.amountOre': '6 203 183,05' }).plan).toMatchObject({ parts: [{ amountOre: 10 }, { amountOre: 620_318_305 }], totalOre: 620_318_315 });
  expect(planFromFields({ 'parts.0.amountOre': '12,345' }).problems).toEqual([problem('parts.0.amountOre', 'måste vara ett belopp i kronor, t.ex. 1 234 567,50', 'must be an amount in kronor, e.g. 1 234 567,50')]);
});

test('a row is added like the first, emptied, with an id of its own; a row is removed', () => {
  const doc = docFromFields({ 'decision.group.members.0.id': 'approver', 'decision.group.members.0.name': 'Karin', 'decision.group.members.0.email': 'k@example.se' });
  addRow(doc, 'decision.group.members');
  expect((doc.decision as { group: { members: unknown[] } }).group.members).toEqual([
    { id: 'approver', name: 'Karin', email: 'k@example.se' },
    { id: 'member-2', name: '', email: '' },
  ]);
  removeRow(doc, 'decision.group.members.0');
  expect((doc.decision as { group: { members: { id: string }[] } }).group.members.map((m) => m.id)).toEqual(['member-2']);
});

test('each problem is shown at its field (aria-invalid, described by its message); one of no field at the nearest section', () => {
  const doc = templatePlan('quick', elin, TODAY);
  const { html, placed } = planFields({ lang: 'sv', doc, problems: [problem('title', 'får inte vara tom', 'must not be empty'), problem('decision.group.members', 'en grupp behöver minst en ledamot', 'a group needs at least one member'), problem('totalOre', 'x', 'x')] });
  expect(html).toContain('id="f-title" name="title" type="text" value="" aria-invalid="true" aria-describedby="e-title"');
  expect(html).toContain('<p class="field-error" id="e-title">får inte vara tom</p>');
  expect(placed.map((p) => p.path)).toEqual(['title', 'parts', 'decision.group.members']); // in the order of the form
});
