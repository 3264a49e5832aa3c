/** The approval page an approver reaches from the link in their email. */
import type { GrantState, Round, Seat, DecideResult, DecisionReceipt } from '../../workflows/grant/contract';
import { formatSek } from '../../domain/money';
import { formatDate, formatInstant } from '../../domain/dates';
import { describeRule } from '../../domain/rules';
import { html, page, raw, type Lang } from './layout';

const T = {
  sv: {
    kinds: { anchoring: 'Förankring', decision: 'Beslut', signature: 'Undertecknande', payment: 'Utbetalning', continuation: 'Beslut om fortsatt arbete' },
    /** What the reader is asked to do, by the round's kind (a signatory signs; finance confirms a payment). */
    asked: (who: string, group: string, kind: Round['kind']) =>
      kind === 'signature' ? `${who}, du ombeds underteckna beslutet.` : kind === 'payment' ? `${who}, du ombeds bekräfta när utbetalningen är gjord.` : kind === 'continuation' ? `${who}, du ombeds ta ställning till fortsatt arbete i ${group}.` : `${who}, du ombeds ta ställning i ${group}.`,
    onBehalf: (m: string) => `Du svarar som ersättare för ${m}.`,
    rule: (r: string) => `Utfallet avgörs av ${r}.`,
    deadline: (d: string) => `Svara senast ${d}.`,
    parts: 'Delar och belopp',
    part: 'Del',
    amount: 'Belopp',
    unit: 'Rekvireras av',
    total: 'Totalt',
    motions: 'Förslag till beslut',
    basis: 'Beslutsunderlag',
    documents: 'Dokument',
    answers: 'Svar hittills',
    noAnswers: 'Ingen har svarat ännu.',
    comment: 'Kommentar (krävs vid avslag och återremiss)',
    approve: { anchoring: 'Tillstyrk', decision: 'Bifall', signature: 'Jag har undertecknat', payment: 'Utbetalning gjord', continuation: 'Fortsätt arbetet' },
    reject: { anchoring: 'Avstyrk', decision: 'Avslå', signature: '', payment: '', continuation: 'Avsluta arbetet' },
    ret: 'Återremittera',
    delegate: 'Lämna över till ersättare',
    substitute: 'Ersättare',
    /** What a member has done, by the round's kind: "Eva har tillstyrkt", "Ekonomi har bekräftat utbetalningen". */
    answer: {
      approve: { anchoring: 'tillstyrkt', decision: 'bifallit', signature: 'undertecknat', payment: 'bekräftat utbetalningen', continuation: 'beslutat att arbetet fortsätter' },
      reject: { anchoring: 'avstyrkt', decision: 'avslagit', signature: 'avböjt', payment: 'avböjt', continuation: 'beslutat att arbetet avslutas' },
      return: { anchoring: 'återremitterat', decision: 'återremitterat', signature: 'återremitterat', payment: 'återremitterat', continuation: 'återremitterat' },
    },
    already: (who: string, what: string, when: string) => `Redan besvarat: ${who} har ${what} den ${when}.`,
    closed: (outcome: string, when: string) => `Omgången avslutades ${when}: ${outcome}.`,
    /** A settled round's outcome in the words of its kind: a payment is confirmed, not "bifall". */
    outcome: {
      approved: { anchoring: 'tillstyrkt', decision: 'bifall', signature: 'undertecknat', payment: 'utbetalningen bekräftad', continuation: 'arbetet fortsätter' },
      rejected: { anchoring: 'avstyrkt', decision: 'avslag', signature: 'avböjt', payment: 'avböjt', continuation: 'arbetet avslutas' },
      returned: { anchoring: 'återremiss', decision: 'återremiss', signature: 'återremiss', payment: 'återremiss', continuation: 'återremiss' },
    },
    inactive: 'Bidraget är inte längre aktivt.',
    recorded: 'Tack! Ditt svar är registrerat.',
    delegated: (to: string) => `Ärendet är överlämnat till ${to}, som får en egen länk. Din länk gäller inte längre.`,
    replaced: 'Den här länken har ersatts: ärendet har lämnats över till en ersättare.',
    cancelled: 'Ärendet har avbrutits.',
    invalid: 'Länken är ogiltig. Kontrollera att hela adressen kom med från e-postmeddelandet.',
    expired: 'Länken har gått ut. Kontakta samordnaren för en ny länk.',
    notFound: 'Ärendet finns inte.',
    error: 'Något gick fel',
    refused: 'Svaret kunde inte registreras',
    english: 'In English',
    swedish: 'På svenska',
    csrf: 'Formuläret kunde inte verifieras. Öppna länken i e-postmeddelandet igen och försök på nytt.',
    waiting: 'väntar',
    badForm: 'Formuläret var ofullständigt. Välj ett av svarsalternativen.',
    commentRequired: 'Skriv en motivering: den krävs vid avslag och återremiss.',
    yourAnswer: (label: string, when: string) => `Ditt svar: ${label} (${when}).`,
    yourComment: 'Din kommentar',
    progress: (n: number, of: number) => `${n} av ${of} har svarat.`,
    settled: (outcome: string) => `Omgången är avgjord: ${outcome}.`,
    review: 'Visa underlaget och alla svar',
  },
  en: {
    kinds: { anchoring: 'Anchoring', decision: 'Decision', signature: 'Signature', payment: 'Payment', continuation: 'Decision on continuation' },
    asked: (who: string, group: string, kind: Round['kind']) =>
      kind === 'signature' ? `${who}, you are asked to sign the decision.` : kind === 'payment' ? `${who}, you are asked to confirm once the payment is made.` : kind === 'continuation' ? `${who}, you are asked to decide on continuing the work in ${group}.` : `${who}, you are asked to decide in ${group}.`,
    onBehalf: (m: string) => `You answer as substitute for ${m}.`,
    rule: (r: string) => `The outcome is settled by ${r}.`,
    deadline: (d: string) => `Answer by ${d}.`,
    parts: 'Parts and amounts',
    part: 'Part',
    amount: 'Amount',
    unit: 'Requisitioned by',
    total: 'Total',
    motions: 'Proposed motions',
    basis: 'Decision basis',
    documents: 'Documents',
    answers: 'Answers so far',
    noAnswers: 'Nobody has answered yet.',
    comment: 'Comment (required to reject or return)',
    approve: { anchoring: 'Support', decision: 'Approve', signature: 'I have signed', payment: 'Payment made', continuation: 'Continue the work' },
    reject: { anchoring: 'Oppose', decision: 'Reject', signature: '', payment: '', continuation: 'Close the work' },
    ret: 'Return for more preparation',
    delegate: 'Hand over to substitute',
    substitute: 'Substitute',
    answer: {
      approve: { anchoring: 'supported', decision: 'approved', signature: 'signed', payment: 'confirmed the payment', continuation: 'decided that the work continues' },
      reject: { anchoring: 'opposed', decision: 'rejected', signature: 'declined', payment: 'declined', continuation: 'decided that the work closes' },
      return: { anchoring: 'returned', decision: 'returned', signature: 'returned', payment: 'returned', continuation: 'returned' },
    },
    already: (who: string, what: string, when: string) => `Already answered: ${who} ${what} on ${when}.`,
    closed: (outcome: string, when: string) => `The round closed on ${when}: ${outcome}.`,
    outcome: {
      approved: { anchoring: 'endorsed', decision: 'approved', signature: 'signed', payment: 'payment confirmed', continuation: 'the work continues' },
      rejected: { anchoring: 'not endorsed', decision: 'rejected', signature: 'declined', payment: 'declined', continuation: 'the work ends' },
      returned: { anchoring: 'returned for more preparation', decision: 'returned for more preparation', signature: 'returned for more preparation', payment: 'returned for more preparation', continuation: 'returned for more preparation' },
    },
    inactive: 'The grant is no longer active.',
    recorded: 'Thank you! Your answer is recorded.',
    delegated: (to: string) => `Handed over to ${to}, who receives a link of their own. Your link no longer works.`,
    replaced: 'This link has been replaced: the case was handed over to a substitute.',
    cancelled: 'The case has been cancelled.',
    invalid: 'The link is not valid. Check that the whole address was copied from the email.',
    expired: 'The link has expired. Ask the coordinator for a new one.',
    notFound: 'The case does not exist.',
    error: 'Something went wrong',
    refused: 'The answer could not be recorded',
    english: 'In English',
    swedish: 'På svenska',
    csrf: 'The form could not be verified. Open the link in the email again and retry.',
    waiting: 'waiting',
    badForm: 'The form was incomplete. Choose one of the answers.',
    commentRequired: 'Write a reason: it is required to reject or return.',
    yourAnswer: (label: string, when: string) => `Your answer: ${label} (${when}).`,
    yourComment: 'Your comment',
    progress: (n: number, of: number) => `${n} of ${of} have answered.`,
    settled: (outcome: string) => `The round is settled: ${outcome}.`,
    review: 'See the decision basis and every answer',
  },
};

export const approvalText = T;

function langSwitch(lang: Lang, path: string) {
  return lang === 'sv' ? `<a href="${path}?lang=en" hreflang="en">${T.sv.english}</a>` : `<a href="${path}?lang=sv" hreflang="sv">${T.en.swedish}</a>`;
}

export function messagePage(opts: { lang: Lang; title: string; message: string; tone: 'ok' | 'bad' | 'warn' | 'info'; path?: string; grant?: GrantState }): string {
  const body = html`<h1>${opts.title}</h1>
${opts.grant ? raw(html`<p class="muted">${opts.grant.caseNumber} · ${opts.grant.plan.title}</p>`) : ''}
<div class="notice ${opts.tone === 'info' ? '' : opts.tone}" role="status"><p>${opts.message}</p></div>`;
  return page({ title: opts.title, lang: opts.lang, body, langSwitch: opts.path ? langSwitch(opts.lang, opts.path) : undefined });
}

/**
 * The page for one seat. After a refused answer (`refused`) the form comes back with the refusal
 * above it, announced and tied to the comment field when the comment was the problem, and with
 * what the approver wrote still in it.
 */
export function approvalPage(opts: {
  lang: Lang;
  grant: GrantState;
  round: Round;
  seat: Seat;
  path: string;
  formToken: string;
  notice?: { tone: 'ok' | 'bad' | 'warn'; text: string };
  refused?: { text: string; comment?: string; commentInvalid?: boolean };
}): string {
  const { lang, grant: g, round, seat } = opts;
  const t = T[lang];
  const plan = g.plan;
  const answered = round.seats.filter((s) => s.answer);
  const open = !round.closedAt && !seat.answer && g.status === 'active';
  let state = '';
  if (opts.notice) state = '';
  else if (seat.answer) state = t.already(seat.answeredBy ?? seat.actingName, t.answer[seat.answer][round.kind], formatInstant(Date.parse(seat.answeredAt!)));
  else if (round.closedAt) state = round.outcome ? t.closed(t.outcome[round.outcome][round.kind], formatInstant(Date.parse(round.closedAt))) : t.cancelled;
  else if (g.status === 'cancelled') state = t.cancelled;

  const parts = html`<h2>${t.parts}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">${t.part}</th><th scope="col" class="num">${t.amount}</th><th scope="col">${t.unit}</th></tr></thead><tbody>
${plan.parts.map((p) => raw(html`<tr><td>${p.id}. ${p.name}${p.focusAreas.length ? raw(html`<br><span class="muted">${p.focusAreas.join(' · ')}</span>`) : ''}</td><td class="num">${formatSek(p.amountOre, { nbsp: true })}</td><td>${p.requisition?.unit ?? '–'}</td></tr>`))}
</tbody><tfoot><tr><th scope="row">${t.total}</th><td class="num"><strong>${formatSek(plan.totalOre, { nbsp: true })}</strong></td><td></td></tr></tfoot></table></div>`;

  const motions = plan.decision.motions.length
    ? html`<h2>${t.motions} (${plan.decision.body})</h2><ol>${plan.decision.motions.map((m) => raw(html`<li>${m}</li>`))}</ol>`
    : '';
  const basis = plan.basis.summary ? html`<h2>${t.basis}</h2>${plan.basis.summary.split(/\n{2,}/).map((para) => raw(html`<p>${para}</p>`))}` : '';
  const docs = plan.basis.documents.length
    ? html`<h2>${t.documents}</h2><ul>${plan.basis.documents.map((d) => raw(html`<li><a href="${d.url}" rel="noreferrer noopener">${d.title}</a></li>`))}</ul>`
    : '';
  const answers = html`<h2>${t.answers}</h2>${
    answered.length
      ? raw(html`<ul>${answered.map((s) => raw(html`<li>${s.answeredBy}: ${t.answer[s.answer!][round.kind]} (${formatInstant(Date.parse(s.answeredAt!))})${s.comment ? raw(html` – <q>${s.comment}</q>`) : ''}</li>`))}</ul>`)
      : raw(html`<p class="muted">${t.noAnswers}</p>`)
  }<p class="muted">${round.seats.filter((s) => !s.answer).map((s) => `${s.actingName} (${t.waiting})`).join(', ')}</p>`;

  const rejectLabel = t.reject[round.kind];
  const canReturn = round.kind !== 'payment';
  const form = open
    ? html`<form class="decide" method="post" action="${opts.path}?lang=${lang}">
<input type="hidden" name="form" value="${opts.formToken}">
${opts.refused ? raw(html`<div class="notice bad" role="alert" id="refused"><p>${opts.refused.text}</p></div>`) : ''}
<label for="comment">${t.comment}</label>
<textarea id="comment" name="comment" rows="3" maxlength="5000"${opts.refused?.commentInvalid ? raw(' aria-invalid="true" aria-describedby="refused"') : ''}>${opts.refused?.comment ?? ''}</textarea>
<div class="buttons">
<button type="submit" name="action" value="approve" class="approve">${t.approve[round.kind]}</button>
${rejectLabel ? raw(html`<button type="submit" name="action" value="reject" class="reject">${rejectLabel}</button>`) : ''}
${canReturn ? raw(html`<button type="submit" name="action" value="return" class="return">${t.ret}</button>`) : ''}
</div>
${
  seat.substitutes.length && seat.delegations.length === 0
    ? raw(html`<fieldset><legend>${t.delegate}</legend><label for="substituteId">${t.substitute}</label>
<select id="substituteId" name="substituteId">${seat.substitutes.map((s) => raw(html`<option value="${s.id}">${s.name}${s.title ? ` (${s.title})` : ''}</option>`))}</select>
<div class="buttons"><button type="submit" name="action" value="delegate" class="delegate">${t.delegate}</button></div></fieldset>`)
    : ''
}
</form>`
    : '';

  const body = html`<p class="muted">${g.caseNumber} · ${plan.organisation}</p>
<h1>${t.kinds[round.kind]}: ${plan.title}</h1>
${opts.notice ? raw(html`<div class="notice ${opts.notice.tone}" role="status"><p>${opts.notice.text}</p></div>`) : ''}
${state ? raw(html`<div class="notice warn" role="status"><p>${state}</p></div>`) : ''}
<p>${t.asked(seat.actingName, round.name, round.kind)}${seat.actingId !== seat.memberId ? ` ${t.onBehalf(seat.name)}` : ''}</p>
${round.subject ? raw(html`<p><strong>${round.subject}</strong></p>`) : ''}
<p>${t.rule(describeRule(round.rule, round.seats.length, lang))}${round.deadline ? ` ${t.deadline(formatDate(round.deadline, lang))}` : ''}</p>
${raw(form)}
${raw(parts)}
${raw(motions)}
${raw(basis)}
${raw(docs)}
${raw(answers)}`;
  return page({ title: `${g.caseNumber} ${t.kinds[round.kind]}`, lang, body, langSwitch: langSwitch(lang, opts.path) });
}

/** The answer in the words of the button that gave it: "Bifall" in a decision, "Tillstyrk" in anchoring. */
function answerLabel(t: (typeof T)['sv'], kind: Round['kind'], action: 'approve' | 'reject' | 'return'): string {
  if (action === 'approve') return t.approve[kind];
  if (action === 'reject') return t.reject[kind] || t.answer.reject[kind];
  return t.ret;
}

/**
 * The page after an answer, from the update's receipt (no second read of the grant): what was
 * recorded, how far the round has come, and a link back to the (read-only) page with everything.
 */
export function receiptPage(opts: { lang: Lang; result: DecideResult & { receipt: DecisionReceipt }; path: string }): string {
  const { lang, result } = opts;
  const r = result.receipt;
  const t = T[lang];
  const done =
    result.action === 'delegate'
      ? t.delegated(r.actingName)
      : `${t.recorded} ${r.answeredAt ? t.yourAnswer(answerLabel(t, r.roundKind, result.action), formatInstant(Date.parse(r.answeredAt))) : ''}`;
  const back = `${opts.path}${lang === 'en' ? '?lang=en' : ''}`;
  const body = html`<p class="muted">${r.caseNumber} · ${r.organisation}</p>
<h1>${t.kinds[r.roundKind]}: ${r.title}</h1>
<div class="notice ok" role="status"><p>${done}</p></div>
${result.action !== 'delegate' && r.comment ? raw(html`<p>${t.yourComment}: <q>${r.comment}</q></p>`) : ''}
<p>${r.roundName}: ${t.progress(r.answered, r.seats)}${result.roundOutcome ? ` ${t.settled(t.outcome[result.roundOutcome][r.roundKind])}` : ''}</p>
${result.action !== 'delegate' ? raw(html`<p><a href="${back}">${t.review}</a></p>`) : ''}`;
  return page({ title: `${r.caseNumber} ${t.kinds[r.roundKind]}`, lang, body, langSwitch: langSwitch(lang, opts.path) });
}
