/**
 * Source cases 002 and 003 run from the start form to closing in Chromium, by a coordinator who
 * never sees JSON: through the real OpenID provider, the API, the Temporal dev server and maildev,
 * the approvers (and finance) answering by the links in their mail. Every page she visits passes
 * axe-core; screenshots go to test/artifacts/.
 */
import type { Page } from 'playwright-core';
import { uniqueCase } from '../helpers/stack';
import { oidcStackAndBrowser, signIn } from '../helpers/browser';
import { workbenchJourney } from '../helpers/workbench';
import { DEV_PASSWORD } from '../../scripts/oidc/users';
import { addDays, stockholmDate } from '../../domain/dates';

jest.setTimeout(300_000);

const held = oidcStackAndBrowser();
const { state, until, answerByMail, newPage, checked, review, act, closedPage } = workbenchJourney(held);

const choose = (label: string, value: string) => (p: Page) => p.getByLabel(label).selectOption(value).then(() => undefined);

/** From Mina bidrag, the template's form with the case number filled in. */
async function startForm(page: Page, template: string, caseNumber: string, shotName: string) {
  await signIn(page, `${held.stack.baseUrl}/dashboard/workbench`, 'elin', DEV_PASSWORD);
  await page.getByRole('link', { name: template }).click();
  await page.getByRole('heading', { level: 1, name: `Nytt bidrag: ${template}` }).waitFor();
  await checked(page, shotName);
  await page.getByLabel('Diarienummer').fill(caseNumber);
}

async function startIt(page: Page, shotName: string) {
  await review(page);
  await checked(page, shotName);
  await page.getByRole('button', { name: 'Starta bidraget' }).click();
  await page.waitForURL(/started=1/);
}

test('seed 002, a steering-group grant: the decision and the payment by mail, the requisition, the §, the reports, the funds used, the continuation decision by mail, the repayment, closed', async () => {
  const caseNumber = uniqueCase('VGR');
  const today = stockholmDate(Date.now());
  const chair = 'anneli.ab@example.se';
  const member = 'lise-lotte.rb@example.se';
  const { context, page } = await newPage(1280);
  try {
    await startForm(page, 'Styrgruppsbidrag', caseNumber, 'case002-new-sv-1280');
    // The work was done last year: the use period lies behind us, so the reports and the
    // continuation decision follow at once (a dev server cannot skip a year).
    await page.locator('#f-usePeriod-from').fill(addDays(today, -365));
    await page.locator('#f-usePeriod-to').fill(addDays(today, -1));
    await startIt(page, 'case002-review-sv-1280');

    // Before anything opens: the continuation decision's deadline moves, and the distribution list grows.
    const later = addDays(today, 500);
    await act(page, 'Ändra en tidsfrist', async (p) => {
      await p.getByLabel('Tidsfrist som ändras').selectOption('round:styrgrupp-fortsatt');
      await p.getByLabel('Nytt datum').fill(later);
      await p.getByLabel('Skäl').fill('Styrgruppens höstmöte är flyttat.');
    });
    await act(
      page,
      'Ändra sändlistan',
      async (p) => {
        const list = p.getByLabel('Sändlistan (utdrag till), en mottagare per rad');
        expect(await list.inputValue()).toBe('NSPHiG <nsphig@example.se>');
        await list.fill('NSPHiG <nsphig@example.se>\nVästKom <info@vastkom.example.se>');
        await p.getByLabel('Skäl').fill('VästKom ska ha utdrag.');
      },
      'case002-distribution',
    );
    const amended = await state(caseNumber);
    expect(amended.plan.continuation!.group.deadline).toBe(later);
    expect(amended.plan.distribution).toEqual([{ name: 'NSPHiG', email: 'nsphig@example.se' }, { name: 'VästKom', email: 'info@vastkom.example.se' }]);

    // The steering group decides by mail (the chair decides); finance confirms the payment by mail.
    await answerByMail(caseNumber, member, 'approve');
    await answerByMail(caseNumber, chair, 'approve', 'Fastställd.');
    await answerByMail(caseNumber, 'ekonomi.vgr@example.se', 'approve');
    await until(caseNumber, (s) => s.tranches[0]!.status === 'paid', 'finance to pay');

    await page.reload();
    await checked(page, 'case002-grant-decided-sv-1280');
    await act(page, 'Registrera rekvisition', choose('Del som rekvirerats', '1'));
    await act(page, 'Registrera beslutsparagraf (§)', (p) => p.getByLabel('Paragraf (§) i protokollet, t.ex. 74').fill('§ 12'), 'case002-paragraph');
    for (const report of ['rekrytering', 'redovisning']) await act(page, 'Registrera inlämnad rapport', choose('Rapport', report));
    await act(
      page,
      'Registrera använda medel',
      async (p) => {
        await p.getByLabel('Del', { exact: true }).selectOption('1');
        await p.getByLabel('Använt av delen (kr)').fill('1 900 000');
      },
      'case002-funds-used',
    );
    const reported = await state(caseNumber);
    expect(reported.decision).toMatchObject({ outcome: 'approved', paragraph: '12' });
    expect(reported.parts[0]).toMatchObject({ requisitionedBy: 'Elin Ring', usedOre: 190_000_000 });
    expect(reported.reports.map((r) => r.status)).toEqual(['submitted', 'submitted']);

    // The continuation decision: the steering group again, by mail.
    await answerByMail(caseNumber, chair, 'approve', 'Arbetet fortsätter.', 2);
    const review_ = await until(caseNumber, (s) => s.stage === 'repayment', 'the repayment');
    expect(review_.continuation).toBe('continue');
    expect(review_.money.toRepayOre).toBe(10_000_000);

    await page.reload();
    await act(
      page,
      'Registrera återbetalning',
      async (p) => {
        // Prefilled with what is to be repaid.
        expect(await p.getByLabel('Återbetalt belopp (kr)').inputValue()).toBe('100 000,00');
        await p.getByLabel('Kommentar (valfri)').fill('Inbetalt till regionens konto.');
      },
      'case002-repayment',
    );
    await closedPage(page, caseNumber, 'case002-closed-sv-1280');
    const closed = await state(caseNumber);
    expect(closed.money).toMatchObject({ paidOre: 200_000_000, toRepayOre: 0, repaidOre: 10_000_000 });
  } finally {
    await context.close();
  }
});

test('seed 003, a decision under delegation with an intermediary: the distribution list changed, the board confirms by mail, the §, the requisition by the intermediary, closed', async () => {
  const caseNumber = uniqueCase('RS');
  const { context, page } = await newPage(390);
  try {
    await startForm(page, 'Delegationsbeslut', caseNumber, 'case003-new-sv-390');
    expect(await page.getByLabel('Beslutat av').inputValue()).toBe('Regionstyrelsens ordförande och tf regiondirektör');
    await startIt(page, 'case003-review-sv-390');
    await act(page, 'Ändra sändlistan', async (p) => {
      const list = p.getByLabel('Sändlistan (utdrag till), en mottagare per rad');
      await list.fill(`${await list.inputValue()}\nRegionarkivet`);
      await p.getByLabel('Skäl').fill('Arkivet ska ha utdrag av beslutet.');
    });

    // The board confirms the decision afterwards: a majority of three, by mail.
    await answerByMail(caseNumber, 'rs.ordforande@example.se', 'approve');
    await answerByMail(caseNumber, 'rs.ledamot2@example.se', 'approve');
    const decided = await until(caseNumber, (s) => s.stage === 'requisition', 'the confirmation');
    expect(decided.decision).toMatchObject({ outcome: 'approved', delegated: true });

    await page.reload();
    await checked(page, 'case003-grant-decided-sv-390');
    await act(page, 'Registrera beslutsparagraf (§)', (p) => p.getByLabel('Paragraf (§) i protokollet, t.ex. 74').fill('245'));
    await act(page, 'Registrera rekvisition', choose('Del som rekvirerats', 'RRC'), 'case003-requisition');
    await closedPage(page, caseNumber, 'case003-closed-sv-390');
    const closed = await state(caseNumber);
    expect(closed.plan.distribution.map((d) => d.name)).toContain('Regionarkivet');
    expect(closed.decision!.paragraph).toBe('245');
    expect(closed.parts[0]!.requisitionedBy).toBe('Elin Ring');
  } finally {
    await context.close();
  }
});
