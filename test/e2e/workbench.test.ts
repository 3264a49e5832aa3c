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
import { DEV_PASSWORD } from '../../scripts/oidc/users';
import { addDays, stockholmDate } from '../../domain/dates';

jest.setTimeout(300_000);

const held = oidcStackAndBrowser();

const { state, until, invitation, answerByMail, newPage, checked, review, act } = workbenchJourney(held);

test('seed 004 from the agreement template: start, approvals by mail, requisitions, requirements and report; a manager sees it without actions', async () => {
  const caseNumber = uniqueCase('RJH');
  const { context, page } = await newPage(1280);
  try {
    await signIn(page, `${held.stack.baseUrl}/dashboard/workbench`, 'elin', DEV_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Mina bidrag' }).waitFor();
    await checked(page, 'workbench-home-sv-1280');
    await page.getByRole('link', { name: 'Länsgemensamma medel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nytt bidrag: Länsgemensamma medel' }).waitFor();
    // Prefilled from the county's allocation: four parts, amounts in kronor.
    expect(await page.getByLabel('Belopp (kr)').nth(0).inputValue()).toBe('6 203 183,05');
    await checked(page, 'workbench-new-county-sv-1280');

    // Refused: every problem at once, at its field and in the summary.
    await page.getByLabel('Diarienummer').fill('');
    await page.locator('#f-parts-1-amountOre').fill('tusen kronor');
    await page.getByRole('button', { name: 'Granska' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    const text = await summary.textContent();
    expect(text).toContain('Rätta 2 problem');
    expect(text).toContain('Diarienummer');
    expect(text).toContain('Del 2 › Belopp (kr): måste vara ett belopp i kronor');
    expect(await page.getByLabel('Diarienummer').getAttribute('aria-invalid')).toBe('true');
    await checked(page, 'workbench-new-county-errors-sv-1280');

    await page.getByLabel('Diarienummer').fill(caseNumber);
    await page.locator('#f-parts-1-amountOre').fill('1 000 000');
    // The coordinator picks the unit that requisitions part IV.
    await page.locator('#f-parts-3-requisition-unit').fill('Hälso- och sjukvårdsförvaltningen, Psykiatri');
    await review(page);
    // The plan's timeline picture before starting, and its table beside it.
    expect(await page.getByRole('region', { name: 'Tidslinjen som bild (rulla i sidled på smal skärm)' }).locator('svg').count()).toBe(1);
    expect(await page.getByRole('table').textContent()).toContain('Förankring: LIFO');
    await checked(page, 'workbench-review-sv-1280');
    await page.getByRole('button', { name: 'Starta bidraget' }).click();
    await page.waitForURL(/started=1/);
    expect(await page.getByRole('status').first().textContent()).toContain('Bidraget är startat');
    const started = await state(caseNumber);
    expect(started.plan.parts.map((p) => p.amountOre)).toEqual([620_318_305, 100_000_000, started.plan.parts[2]!.amountOre, started.plan.parts[3]!.amountOre]);
    expect(started.plan.parts[3]!.requisition?.unit).toBe('Hälso- och sjukvårdsförvaltningen, Psykiatri');
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
    await Promise.all([answerByMail(caseNumber, 'fredrik.holm@example.se', 'approve'), answerByMail(caseNumber, 'hanna.jonsson@example.se', 'approve')]);
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
    const reported = await state(caseNumber);
    expect(reported.reports[0]).toMatchObject({ requirementsPublished: true, status: 'submitted', submittedBy: 'Elin Ring' });

    // Starting the same case again is refused, with the reason at the case number.
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

test('the IOP template: decision and signature by mail, then the coordinator records the state decision and the payments', async () => {
  const caseNumber = uniqueCase('IOP');
  const { context, page } = await newPage(1280);
  try {
    await signIn(page, `${held.stack.baseUrl}/dashboard/workbench/new?template=iop`, 'elin', DEV_PASSWORD);
    await page.getByLabel('Diarienummer').fill(caseNumber);
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
    expect((await state(caseNumber)).money.paidOre).toBe(115_000_000);
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
        await page.goto(`${held.stack.baseUrl}/dashboard/workbench/new${q ? `${q}&` : '?'}template=county`);
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
