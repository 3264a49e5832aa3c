/**
 * The coordinators' workbench in Chromium, through the real OpenID provider, the API, the Temporal
 * dev server and maildev: Elin Ring signs in, starts a county-funds grant (seed 004) from the
 * agreement template, the approvers answer by the links in their mail, she records the
 * requisitions, publishes the report's requirements and records the report; a manager sees the
 * grant without the actions. A second journey: återremiss and a new revision. Every page passes
 * axe-core; screenshots at 1280 and 390 px in Swedish and English go to test/artifacts/.
 */
import { api, uniqueCase } from '../helpers/stack';
import { axeViolations, oidcStackAndBrowser, shot, signIn } from '../helpers/browser';
import { workbenchJourney } from '../helpers/workbench';
import { startSeed } from '../helpers/grants';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEV_PASSWORD } from '../../scripts/oidc/users';
import { addDays, stockholmDate } from '../../domain/dates';

jest.setTimeout(300_000);

const held = oidcStackAndBrowser();

const { state, until, invitation, answerByMail, newPage, checked, review, act, closedPage } = workbenchJourney(held);
const AGREEMENT_2020: unknown = JSON.parse(readFileSync(resolve(__dirname, '../../domain/fixtures/agreement-2020.json'), 'utf8'));

test('seed 004 from a registered agreement, to closing: the agreement and county chosen, the parts prefilled from the allocation, the units picked, approvals by mail in the browser, requisitions, requirements and report; a manager sees it without actions', async () => {
  const caseNumber = uniqueCase('RJH');
  // The national agreement is registered (by a coordinator, through the API, as docs/allocation.md says).
  const agreementId = `2020-wb-${Date.now().toString(36)}`;
  const registered = await api(held.stack, 'POST', '/api/agreements', { token: held.stack.tokens.coordinator, body: { id: agreementId, agreement: AGREEMENT_2020 } });
  expect(registered.status).toBe(201);
  const today = stockholmDate(Date.now());
  const units = ['Förvaltningsområde Regional utveckling, Område Välfärd, klimat och kompetens', 'Förvaltningsområde Regional utveckling', 'Kommunförbundet Jämtlands län', 'Hälso- och sjukvårdsförvaltningen, Psykiatri'];
  const { context, page } = await newPage(1280);
  try {
    await signIn(page, `${held.stack.baseUrl}/dashboard/workbench`, 'elin', DEV_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Mina bidrag' }).waitFor();
    await checked(page, 'workbench-home-sv-1280');
    await page.getByRole('link', { name: 'Länsgemensamma medel' }).click();

    // First the agreement and the county: her region's county is chosen already.
    const radio = page.locator(`#c-agreement-${agreementId}`);
    for (let tries = 0; (await radio.count()) === 0; tries++) {
      // The list is Temporal's visibility, a moment behind the registration.
      if (tries > 50) throw new Error(`agreement ${agreementId} is not offered`);
      await new Promise((r) => setTimeout(r, 200));
      await page.reload();
    }
    expect(await page.getByLabel('Län').inputValue()).toBe('23');
    await radio.check();
    await checked(page, 'workbench-choose-agreement-sv-1280');
    await page.getByRole('button', { name: 'Fortsätt till formuläret' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nytt bidrag: Länsgemensamma medel' }).waitFor();

    // Prefilled from the county's allocation: four parts, amounts in kronor, each key said above the form.
    const box = page.getByRole('region', { name: 'Från överenskommelsen' }).first();
    expect(await box.textContent()).toContain('efter länets andel av befolkningen 0–25 år');
    expect(await page.getByLabel('Belopp (kr)').nth(0).inputValue()).toBe('6 203 183,05');
    expect(await page.getByLabel('Län (kod, t.ex. 23)').inputValue()).toBe('23');
    await checked(page, 'workbench-new-county-sv-1280');

    // Refused: every problem at once, at its field and in the summary (a unit not yet picked among them).
    await page.getByLabel('Diarienummer').fill('');
    await page.locator('#f-parts-1-amountOre').fill('tusen kronor');
    for (const [i, unit] of units.slice(0, 3).entries()) await page.locator(`#f-parts-${i}-requisition-unit`).fill(unit);
    await page.getByRole('button', { name: 'Granska' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    const text = await summary.textContent();
    expect(text).toContain('Rätta 3 problem');
    expect(text).toContain('Diarienummer');
    expect(text).toContain('Del 2 › Belopp (kr): måste vara ett belopp i kronor');
    expect(text).toContain('Del 4 › Rekvisition › Rekvirerande enhet');
    expect(await page.getByLabel('Diarienummer').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-parts-3-requisition-unit').getAttribute('aria-invalid')).toBe('true');
    // The agreement's box comes back with the refused form.
    expect(await page.getByRole('region', { name: 'Från överenskommelsen' }).count()).toBeGreaterThan(0);
    await checked(page, 'workbench-new-county-errors-sv-1280');

    await page.getByLabel('Diarienummer').fill(caseNumber);
    await page.locator('#f-parts-1-amountOre').fill('1 000 000');
    // The coordinator picks the unit that requisitions part IV.
    await page.locator('#f-parts-3-requisition-unit').fill(units[3]!);
    // The money was used last year: the use period lies behind us, so the grant closes once the
    // report is in (a dev server cannot skip a year).
    await page.locator('#f-usePeriod-from').fill(addDays(today, -365));
    await page.locator('#f-usePeriod-to').fill(addDays(today, -1));
    await review(page);
    // The plan's timeline picture before starting, and its table beside it.
    expect(await page.getByRole('region', { name: 'Tidslinjen som bild (rulla i sidled på smal skärm)' }).locator('svg').count()).toBe(1);
    expect(await page.getByRole('table').textContent()).toContain('Förankring: LIFO');
    await checked(page, 'workbench-review-sv-1280');
    await page.getByRole('button', { name: 'Starta bidraget' }).click();
    await page.waitForURL(/started=1/);
    expect(await page.getByRole('status').first().textContent()).toContain('Bidraget är startat');
    const started = await state(caseNumber);
    expect(started.plan.parts.map((p) => [p.id, p.amountOre, p.requisition?.unit])).toEqual([
      ['I', 620_318_305, units[0]],
      ['II', 100_000_000, units[1]],
      ['III', 253_301_695, units[2]],
      ['IV', 180_095_691, units[3]],
    ]);
    expect([started.plan.county, started.plan.year, started.plan.source]).toEqual(['23', 2020, `Överenskommelse om insatser inom området psykisk hälsa 2020 (överenskommelse ${agreementId})`]);
    expect(started.startedBy).toBe('Elin Ring');

    // Before the decision, money moves between parts; the total stays. A sum that does not hold is named first.
    await page.getByRole('link', { name: 'Ändra delarnas belopp' }).click();
    await page.locator('#a-amount-1').fill('1 001 000');
    await page.getByLabel('Skäl').fill('Del II behöver 1 000 kr mer, från del I.');
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('men totalen ska vara');
    expect(await page.locator('#a-amount-0').getAttribute('aria-invalid')).toBe('true');
    await checked(page, 'workbench-amounts-errors-sv-1280');
    await page.getByRole('link', { name: `← ${caseNumber} ${started.plan.title}` }).click();
    await act(
      page,
      'Ändra delarnas belopp',
      async (p) => {
        await p.locator('#a-amount-0').fill('6 202 183,05');
        await p.locator('#a-amount-1').fill('1 001 000');
        await p.getByLabel('Skäl').fill('Del II behöver 1 000 kr mer, från del I.');
      },
      'workbench-amounts-sv-1280',
    );
    expect((await state(caseNumber)).plan.parts.slice(0, 2).map((p) => p.amountOre)).toEqual([620_218_305, 100_100_000]);

    // The approvers answer by mail: LIFO (majority of three), Fredagsgruppen (any), then SVOM (majority).
    await Promise.all([answerByMail(caseNumber, 'anna.berg@example.se', 'approve'), answerByMail(caseNumber, 'bo.ek@example.se', 'approve'), answerByMail(caseNumber, 'david.falk@example.se', 'approve')]);
    await until(caseNumber, (s) => s.stage === 'decision', 'the decision round');
    await Promise.all([answerByMail(caseNumber, 'fredrik.holm@example.se', 'approve', 'Beslutat enligt förslaget.'), answerByMail(caseNumber, 'hanna.jonsson@example.se', 'approve')]);
    await until(caseNumber, (s) => s.stage === 'requisition', 'the requisitions');

    await page.reload();
    await checked(page, 'workbench-grant-actions-sv-1280');
    for (const [i, part] of ['I', 'II', 'III', 'IV'].entries()) {
      await act(page, 'Registrera rekvisition', (p) => p.getByLabel('Del som rekvirerats').selectOption(part).then(() => undefined), i === 0 ? 'workbench-requisition-sv-1280' : undefined);
    }
    const requisitioned = await state(caseNumber);
    expect(requisitioned.parts.every((p) => p.requisitionedAt && p.requisitionedBy === 'Elin Ring')).toBe(true);

    await act(page, 'Publicera rapportkrav', (p) => p.getByLabel('Kraven').fill('Redovisa insatser och kostnader per del.'));
    await act(page, 'Registrera inlämnad rapport', (p) => p.getByLabel('Kommentar (valfri)').fill('Inlämnad till styrgruppen.'));
    await closedPage(page, caseNumber, 'workbench-closed-sv-1280');
    const closed = await state(caseNumber);
    expect(closed.reports[0]).toMatchObject({ requirementsPublished: true, status: 'submitted', submittedBy: 'Elin Ring' });
    expect(closed.decision).toMatchObject({ outcome: 'approved' });
    expect(closed.money.decidedOre).toBe(1_153_715_691);

    // Starting the same case again is refused, closed as it is, with the reason at the case number.
    await page.goto(`${held.stack.baseUrl}/dashboard/workbench/new?template=quick`);
    await page.getByLabel('Diarienummer').fill(caseNumber);
    await page.getByLabel('Rubrik').fill('Ett andra försök');
    await page.getByLabel('Belopp (kr)').fill('100');
    await page.locator('#f-decision-group-members-0-name').fill('Karin');
    await page.locator('#f-decision-group-members-0-email').fill('karin.twice@example.se');
    await review(page);
    await page.getByRole('button', { name: 'Starta bidraget' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain(`diarienummer ${caseNumber} har redan ett bidrag`);
  } finally {
    await context.close();
  }

  const manager = await newPage(390);
  try {
    await signIn(manager.page, `${held.stack.baseUrl}/dashboard/grants/${encodeURIComponent(caseNumber)}?lang=en`, 'chef', DEV_PASSWORD);
    await manager.page.getByRole('heading', { level: 1 }).waitFor();
    expect(await manager.page.getByRole('heading', { level: 1 }).textContent()).toContain('Länsgemensamma');
    expect(await manager.page.getByRole('heading', { name: 'Your actions' }).count()).toBe(0);
    await checked(manager.page, 'workbench-grant-manager-en-390');
    // Nor may a manager reach an action by its address.
    const res = await manager.page.goto(`${held.stack.baseUrl}/dashboard/workbench/grants/${encodeURIComponent(caseNumber)}/cancel`);
    expect(res?.status()).toBe(403);
  } finally {
    await manager.context.close();
  }
});

test('återremiss and a new revision, in English on a phone: the quick template, the approver returns it, the coordinator revises the amount with what changed marked', async () => {
  const caseNumber = uniqueCase('RS');
  const approver = 'karin.return@example.se';
  const { context, page } = await newPage(390);
  try {
    await signIn(page, `${held.stack.baseUrl}/dashboard/workbench?lang=en`, 'elin', DEV_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'My grants' }).waitFor();
    await page.getByRole('link', { name: 'Quick grant' }).click();
    await page.getByLabel('Case number').fill(caseNumber);
    await page.getByLabel('Title of the grant').fill('Stöd till anhöriga');
    await page.getByLabel('Amount (SEK)').fill('2 500 000');
    await page.locator('#f-decision-group-members-0-name').fill('Karin Ordförande');
    await page.locator('#f-decision-group-members-0-email').fill(approver);
    // A row added without JavaScript: the form comes back with a second member, then without it.
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.locator('#f-decision-group-members-1-name').waitFor();
    expect(await page.locator('#f-decision-group-members-0-email').inputValue()).toBe(approver);
    await checked(page, 'workbench-new-quick-en-390');
    await page.getByRole('button', { name: 'Remove member 2' }).click();
    expect(await page.locator('#f-decision-group-members-1-name').count()).toBe(0);
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review and start' }).waitFor();
    await checked(page, 'workbench-review-en-390');
    await page.getByRole('button', { name: 'Start the grant' }).click();
    await page.waitForURL(/started=1/);

    await answerByMail(caseNumber, approver, 'return', 'Beloppet är för högt; återkom med 2 000 000 kr.');
    await until(caseNumber, (s) => s.status === 'returned', 'the återremiss');

    // Mina bidrag: the returned grant waits for her, first (read from the register, which has the
    // return a moment after the workflow).
    const first = page.locator('table.grants tbody tr').first();
    for (let i = 0; i < 50; i++) {
      await page.goto(`${held.stack.baseUrl}/dashboard/workbench?lang=en`);
      if ((await first.textContent())?.includes('you: a new revision after referral back')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await first.textContent()).toContain('you: a new revision after referral back');
    expect(await first.textContent()).toContain(caseNumber);
    await checked(page, 'workbench-home-en-390');
    await first.getByRole('link').click();
    await page.getByRole('link', { name: 'New revision after referral back' }).click();
    await page.getByLabel('Amount (SEK)').fill('2 000 000');
    await page.getByRole('button', { name: 'Continue' }).click();
    // Refused without saying what changed: the problem at its field and in the summary.
    expect(await page.getByRole('alert').textContent()).toContain('What changed and why: say what changed');
    expect(await page.getByLabel('What changed and why').getAttribute('aria-invalid')).toBe('true');
    await checked(page, 'workbench-revise-errors-en-390');
    await page.getByLabel('What changed and why').fill('Beloppet sänkt enligt återremissen.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Confirm: New revision after referral back' }).waitFor();
    const changes = await page.locator('section[aria-labelledby="h-changes"]').textContent();
    expect(changes).toContain('Part 1 › Amount (SEK): 2\u00a0000\u00a0000,00\u00a0kr (was 2\u00a0500\u00a0000,00\u00a0kr)');
    await checked(page, 'workbench-revise-confirm-en-390');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(/done=1/);
    const revised = await until(caseNumber, (s) => s.status === 'active', 'the new revision');
    expect(revised.plan.totalOre).toBe(200_000_000);
    expect(revised.rounds.some((r) => r.revision === 2)).toBe(true);
    await held.stack.mail.waitForCount(invitation(caseNumber, approver), 2, 30_000, 'the second invitation');

    // A refused action names its problem: a cancellation without a reason.
    await page.getByRole('link', { name: 'Cancel the grant' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Reason: must not be empty');
    await checked(page, 'workbench-cancel-errors-en-390');
    expect((await state(caseNumber)).status).toBe('active');
  } finally {
    await context.close();
  }
});

test('the IOP template (seed 000), to closing: decision and signature by mail in the browser, then the coordinator records the state decision and the payments', async () => {
  const caseNumber = uniqueCase('IOP');
  const today = stockholmDate(Date.now());
  const { context, page } = await newPage(1280);
  try {
    await signIn(page, `${held.stack.baseUrl}/dashboard/workbench/new?template=iop`, 'elin', DEV_PASSWORD);
    await page.getByLabel('Diarienummer').fill(caseNumber);
    // The partnership's period lies behind us, so the grant closes once both tranches are paid
    // (a dev server cannot skip a year).
    await page.locator('#f-usePeriod-from').fill(addDays(today, -365));
    await page.locator('#f-usePeriod-to').fill(addDays(today, -1));
    await review(page);
    await page.getByRole('button', { name: 'Starta bidraget' }).click();
    await page.waitForURL(/started=1/);
    await Promise.all([answerByMail(caseNumber, 'rs.ordforande@example.se', 'approve'), answerByMail(caseNumber, 'rs.ledamot2@example.se', 'approve')]);
    await answerByMail(caseNumber, 'sara.lewerentz@example.se', 'approve');
    await until(caseNumber, (s) => s.tranches.some((t) => t.status === 'due'), 'the fixed tranche to fall due');

    await page.reload();
    await act(page, 'Registrera utbetalning', (p) => p.getByLabel('Delbetalning som betalats').selectOption('fast').then(() => undefined));
    await act(
      page,
      'Registrera statligt beslut',
      async (p) => {
        await p.getByLabel('Ja, beslutet kom').check();
        await p.getByLabel('Referens (t.ex. diarienummer för beslutet)').fill('S2025/01234');
      },
      'workbench-state-decision-sv-1280',
    );
    const s = await until(caseNumber, (x) => x.tranches.find((t) => t.id === 'villkorad-2025')?.status === 'due', 'the conditional tranche to fall due');
    expect(s.tranches.find((t) => t.id === 'fast')).toMatchObject({ status: 'paid', paidBy: 'Elin Ring' });
    expect(s.tranches.find((t) => t.id === 'villkorad-2025')!.condition).toMatchObject({ met: true, by: 'Elin Ring', reference: 'S2025/01234' });
    await act(page, 'Registrera utbetalning', (p) => p.getByLabel('Delbetalning som betalats').selectOption('villkorad-2025').then(() => undefined));
    await closedPage(page, caseNumber, 'workbench-iop-closed-sv-1280');
    const closed = await state(caseNumber);
    expect(closed.money.paidOre).toBe(115_000_000);
    expect(closed.tranches.map((t) => t.status)).toEqual(['paid', 'paid']);
    expect(closed.rounds.filter((r) => r.kind === 'signature').map((r) => r.outcome)).toEqual(['approved']);
  } finally {
    await context.close();
  }
});

/** What the page functions use of the browser's globals (the project compiles without the DOM lib). */
interface Doc {
  document: { documentElement: { scrollWidth: number }; activeElement: { id: string } | null };
  getComputedStyle(el: unknown): { outlineStyle: string; outlineWidth: string };
}

test('every workbench page, its forms and its error states pass axe in Swedish and English at 1280 and 390 px, without sideways scrolling', async () => {
  const caseNumber = uniqueCase('A11Y');
  const started = await api(held.stack, 'POST', '/api/grants', { token: held.stack.tokens.coordinator, body: { caseNumber, title: 'Tillgänglighetsprov', amountOre: 12_345_600, approver: { name: 'Karin', email: 'karin.a11y@example.se' }, deadline: addDays(stockholmDate(Date.now()), 30) } });
  expect(started.status).toBe(201);
  const grant = `/dashboard/grants/${encodeURIComponent(caseNumber)}`;
  const action = (a: string) => `/dashboard/workbench/grants/${encodeURIComponent(caseNumber)}/${a}`;
  // A grant of four parts (seed 004), for the form that moves money between parts before the decision.
  const county = await startSeed(held.stack, 'seed004');
  const countyAmounts = `/dashboard/workbench/grants/${encodeURIComponent(county.caseNumber)}/amounts`;
  // An agreement to choose, for the county template's chooser and form.
  const agreementId = `2020-a11y-${Date.now().toString(36)}`;
  expect((await api(held.stack, 'POST', '/api/agreements', { token: held.stack.tokens.coordinator, body: { id: agreementId, agreement: AGREEMENT_2020 } })).status).toBe(201);
  for (const width of [1280, 390] as const) {
    for (const lang of ['sv', 'en'] as const) {
      const q = lang === 'en' ? '?lang=en' : '';
      const sv = lang === 'sv';
      const { context, page } = await newPage(width);
      const visit = async (name: string) => {
        expect({ name, violations: await axeViolations(page) }).toEqual({ name, violations: [] });
        const scrollWidth = await page.evaluate(() => (globalThis as unknown as Doc).document.documentElement.scrollWidth);
        expect({ name, fits: scrollWidth <= width }).toEqual({ name, fits: true });
        await shot(page, `pages-${name}-${lang}-${width}`);
      };
      try {
        await page.goto(`${held.stack.baseUrl}/dashboard/login${q}`);
        await visit('signin');
        await signIn(page, `${held.stack.baseUrl}/dashboard/workbench${q}`, 'elin', DEV_PASSWORD);
        await visit('home');
        const countyNew = `${held.stack.baseUrl}/dashboard/workbench/new${q ? `${q}&` : '?'}template=county`;
        await page.goto(countyNew);
        await visit('choose-agreement');
        // An agreement that is not registered: the chooser again, the problem at the field.
        const refused = await page.goto(`${countyNew}&agreement=finns-inte&county=23`);
        expect(refused?.status()).toBe(422);
        // Not of their form: 400, each named (the chooser), or the plain refusal of another template.
        expect((await page.request.get(`${countyNew}&agreement=Fel%20id&county=2`)).status()).toBe(400);
        expect((await page.request.get(`${countyNew}&county=00`)).status()).toBe(422);
        expect((await page.request.get(`${held.stack.baseUrl}/dashboard/workbench/new?template=quick&county=x`)).status()).toBe(400);
        expect(await page.getByRole('alert').textContent()).toContain(sv ? 'ingen överenskommelse "finns-inte" är registrerad' : 'no agreement "finns-inte" is registered');
        await visit('choose-agreement-errors');
        await page.goto(`${countyNew}&agreement=${agreementId}&county=23`);
        await visit('new-county');
        await page.goto(`${held.stack.baseUrl}/dashboard/workbench/new${q}`);
        await page.getByRole('button', { name: sv ? 'Granska' : 'Review' }).click();
        await page.getByRole('alert').waitFor();
        await visit('new-quick-errors');
        await page.goto(`${held.stack.baseUrl}${grant}${q}`);
        await visit('grant');
        await page.goto(`${held.stack.baseUrl}${action('amend')}${q}`);
        await page.getByLabel(sv ? 'Nytt datum' : 'New date').fill('2099-01-15');
        await page.getByLabel(sv ? 'Skäl' : 'Reason').fill(sv ? 'Mötet flyttat.' : 'The meeting moved.');
        await visit('amend-form');
        await page.getByRole('button', { name: sv ? 'Fortsätt' : 'Continue' }).click();
        await page.getByRole('button', { name: sv ? 'Bekräfta' : 'Confirm' }).waitFor();
        await visit('amend-confirm');
        // A form with a hint: the distribution list, refused for a bad address on its second line.
        await page.goto(`${held.stack.baseUrl}${action('distribution')}${q}`);
        await page.locator('#a-distribution').fill('Arkivet\nKansliet <kansliet-utan-domän>');
        await page.locator('#a-reason').fill(sv ? 'Nya mottagare.' : 'New recipients.');
        await page.getByRole('button', { name: sv ? 'Fortsätt' : 'Continue' }).click();
        await page.getByRole('alert').waitFor();
        expect(await page.getByRole('alert').textContent()).toContain(sv ? 'rad 2:' : 'line 2:');
        await visit('distribution-errors');
        await page.goto(`${held.stack.baseUrl}${countyAmounts}${q}`);
        await visit('amounts-form');
        await page.locator('#a-amount-0').fill('1');
        await page.getByRole('button', { name: sv ? 'Fortsätt' : 'Continue' }).click();
        await page.getByRole('alert').waitFor();
        expect(await page.getByRole('alert').textContent()).toContain(sv ? 'men totalen ska vara' : 'but the total must stay');
        await visit('amounts-errors');

        // Keyboard alone: to the reason, typed, on to the button, Enter; the focus is visible on the way.
        await page.goto(`${held.stack.baseUrl}${action('cancel')}${q}`);
        for (let i = 0; i < 30 && (await page.evaluate(() => (globalThis as unknown as Doc).document.activeElement?.id)) !== 'a-reason'; i++) await page.keyboard.press('Tab');
        const focus = await page.locator('#a-reason').evaluate((el) => {
          const s = (globalThis as unknown as Doc).getComputedStyle(el);
          return `${s.outlineStyle} ${s.outlineWidth}`;
        });
        expect(focus).toBe('solid 3px');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.getByRole('alert').waitFor();
        await visit('cancel-errors');
      } finally {
        await context.close();
      }
    }
  }
  // Looking at every page changed nothing.
  expect((await state(caseNumber)).status).toBe('active');
});
