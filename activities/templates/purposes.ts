/**
 * One template per mail purpose, in Swedish and English: what happened, what is asked of the
 * reader, the amounts that concern them, by when, and the reasons given. Every figure comes from the
 * facts the workflow handed over (workflows/grant/mail.ts); nothing here computes an amount.
 */
import { formatDate } from '../../domain/calendar';
import { formatSek } from '../../domain/sek';
import type { MailFacts, MailRequest, ReasonGiven, RoundKind } from '../../workflows/grant/contract';

export type Lang = 'sv' | 'en';
/** A mail body: paragraphs, bullet lists and label/value tables, rendered as text and as HTML. */
export type Block = string | { list: string[] } | { table: [string, string][] };
export interface Composed {
  subject: string;
  blocks: Block[];
}

const sek = (ore: number) => formatSek(ore);
const date = (d: string, lang: Lang) => formatDate(d, lang);

const ASK: Record<RoundKind, Record<Lang, string>> = {
  anchoring: { sv: 'Förankring', en: 'Anchoring' },
  decision: { sv: 'Beslut', en: 'Decision' },
  signature: { sv: 'Undertecknande', en: 'Signature' },
  payment: { sv: 'Utbetalning', en: 'Payment' },
  continuation: { sv: 'Beslut om fortsatt arbete', en: 'Decision on continuation' },
};
const ANSWER: Record<ReasonGiven['answer'], Record<Lang, string>> = {
  approve: { sv: 'tillstyrker', en: 'approves' },
  reject: { sv: 'avstyrker', en: 'rejects' },
  return: { sv: 'återremitterar', en: 'returns' },
};
const OUTCOME = {
  approved: { sv: 'bifallit', en: 'approved' },
  rejected: { sv: 'avslagit', en: 'rejected' },
  returned: { sv: 'återremitterat', en: 'returned for more preparation' },
} as const;

function reasons(list: ReasonGiven[], lang: Lang): Block[] {
  if (list.length === 0) return [];
  return [lang === 'sv' ? 'Skäl som angavs:' : 'Reasons given:', { list: list.map((r) => `${r.name} (${ANSWER[r.answer][lang]}): ${r.comment ?? ''}`) }];
}

function partsTable(parts: { id: string; name: string; amountOre: number }[], totalOre: number, lang: Lang): Block[] {
  if (parts.length <= 1) return [{ table: [[lang === 'sv' ? 'Belopp' : 'Amount', sek(totalOre)]] }];
  return [{ table: [...parts.map((p): [string, string] => [`${p.id}. ${p.name}`, sek(p.amountOre)]), [lang === 'sv' ? 'Totalt' : 'Total', sek(totalOre)]] }];
}

type Of<K extends MailFacts['about']> = Extract<MailFacts, { about: K }>;

function ask(m: MailRequest, f: Of<'round'>, lang: Lang): Composed {
  const sv = lang === 'sv';
  const { round } = f;
  const by = round.deadline ? (sv ? ` senast ${date(round.deadline, lang)}` : ` by ${date(round.deadline, lang)}`) : '';
  const reminder = f.reminder ? (sv ? ' (påminnelse)' : ' (reminder)') : '';
  const blocks: Block[] = [];
  if (f.reminder) blocks.push(sv ? 'Det här är en påminnelse: vi har ännu inte fått ditt svar.' : 'This is a reminder: we have not yet received your answer.');
  if (round.kind === 'payment' && f.tranche) {
    const t = f.tranche;
    blocks.push(
      sv ? `Ekonomi ombeds betala ut ${sek(t.amountOre)} till ${t.payee} i ärendet ${m.title}.` : `Finance is asked to pay ${sek(t.amountOre)} to ${t.payee} in the case ${m.title}.`,
      { table: [[sv ? 'Utbetalning' : 'Tranche', t.id], [sv ? 'Belopp' : 'Amount', sek(t.amountOre)], [sv ? 'Mottagare' : 'Payee', t.payee], ...(t.partId ? [[sv ? 'Del' : 'Part', t.partId] as [string, string]] : [])] },
      sv ? 'Bekräfta med knappen på sidan när betalningen är gjord.' : 'Confirm with the button on the page once the payment is made.',
    );
    return { subject: `${m.caseNumber}: ${ASK.payment[lang]} ${t.id}: ${sek(t.amountOre)}${reminder}`, blocks };
  }
  if (round.kind === 'signature') {
    blocks.push(sv ? `Du ombeds underteckna ${f.document ?? 'avtalet'} i ärendet ${m.title}${by}.` : `You are asked to sign ${f.document ?? 'the agreement'} in the case ${m.title}${by}.`);
    blocks.push(...partsTable([], f.amountOre, lang));
    return { subject: `${m.caseNumber}: ${ASK.signature[lang]} – ${f.document ?? m.title}${reminder}`, blocks };
  }
  const verb = {
    anchoring: sv ? `ombeds ta ställning till (förankra) beslutsunderlaget för ${m.title}` : `is asked to consider (anchor) the decision basis for ${m.title}`,
    decision: sv ? `ombeds besluta i ärendet ${m.title}` : `is asked to decide the case ${m.title}`,
    continuation: sv ? `ombeds besluta om fortsatt arbete i ärendet ${m.title}` : `is asked to decide whether the work in ${m.title} continues`,
  }[round.kind as 'anchoring' | 'decision' | 'continuation'];
  blocks.push(`${round.name} ${verb}${by}.`);
  blocks.push(...partsTable(f.parts ?? [], f.amountOre, lang));
  if (f.motions?.length) blocks.push(sv ? 'Förslag till beslut:' : 'Proposed decision:', { list: f.motions });
  blocks.push(sv ? 'Läs underlaget och svara med knapparna på sidan.' : 'Read the basis and answer with the buttons on the page.');
  return { subject: `${m.caseNumber}: ${ASK[round.kind][lang]} – ${m.title}${reminder}`, blocks };
}

function decisionMail(m: MailRequest, f: Of<'decision'>, lang: Lang): Composed {
  const sv = lang === 'sv';
  const word = OUTCOME[f.outcome][lang];
  const t = f.tally;
  const blocks: Block[] = [
    sv ? `${f.body} har ${word} ärendet ${m.caseNumber} ${m.title} den ${date(f.decidedAt.slice(0, 10), lang)}.` : `${f.body} has ${word} case ${m.caseNumber} ${m.title} on ${date(f.decidedAt.slice(0, 10), lang)}.`,
  ];
  if (f.delegated) blocks.push(sv ? `Beslutet fattades på delegation av ${f.delegated.decidedBy} den ${date(f.delegated.date, lang)}.` : `The decision was taken under delegation by ${f.delegated.decidedBy} on ${date(f.delegated.date, lang)}.`);
  if (f.outcome === 'approved') blocks.push(sv ? 'Beslut:' : 'Decision:', { list: f.motions }, ...partsTable(f.parts, f.totalOre, lang));
  else blocks.push(sv ? 'Förslag till beslut som inte bifölls:' : 'Proposed decision, not approved:', { list: f.motions });
  blocks.push(
    sv
      ? `Svar: ${t.approve} tillstyrker, ${t.reject} avstyrker, ${t.return} återremitterar, ${t.unanswered} svarade inte (av ${t.seats}).`
      : `Answers: ${t.approve} approve, ${t.reject} reject, ${t.return} return, ${t.unanswered} did not answer (of ${t.seats}).`,
  );
  blocks.push(...reasons(f.reasons, lang));
  if (m.purpose === 'outcome' && f.outcome === 'returned') blocks.push(sv ? 'Skicka in en ny revision av beslutsunderlaget.' : 'Submit a new revision of the decision basis.');
  const subject = m.purpose === 'extract' ? `${m.caseNumber}: ${sv ? 'Utdrag ur beslut' : 'Extract of decision'} – ${m.title}` : `${m.caseNumber}: ${f.body} ${sv ? 'har' : 'has'} ${word} ${m.title}`;
  return { subject, blocks };
}

/** "1 dag", "3 dagar"; "1 day", "3 days". */
function days(n: number, lang: Lang): string {
  return lang === 'sv' ? `${n} ${n === 1 ? 'dag' : 'dagar'}` : `${n} ${n === 1 ? 'day' : 'days'}`;
}

function compose(m: MailRequest, f: MailFacts, lang: Lang): Composed {
  const sv = lang === 'sv';
  const c = m.caseNumber;
  switch (f.about) {
    case 'round':
      return ask(m, f, lang);
    case 'decision':
      return decisionMail(m, f, lang);
    case 'overdueRound':
      return {
        subject: `${c}: ${sv ? 'försenat svar' : 'overdue answer'} – ${f.round.name}`,
        blocks: [
          sv ? `${f.round.name} skulle ha svarat senast ${date(f.round.deadline, lang)} (${days(f.daysLate, 'sv')} sedan) i ärendet ${m.title}.` : `${f.round.name} was due to answer by ${date(f.round.deadline, lang)} (${days(f.daysLate, 'en')} ago) in ${m.title}.`,
          sv ? 'Väntar på:' : 'Waiting for:',
          { list: f.pending },
          sv ? 'Påminn dem, eller ändra tidsfristen i grantflow om sammanträdet har flyttats.' : 'Remind them, or amend the deadline in grantflow if the meeting has moved.',
        ],
      };
    case 'returned':
      return {
        subject: `${c}: ${sv ? 'återremitterat – ny revision behövs' : 'returned – a new revision is needed'}`,
        blocks: [
          sv ? `${f.by.join(', ') || 'Ärendet'} har återremitterat beslutsunderlaget (revision ${f.revision}) för ${m.title}.` : `${f.by.join(', ') || 'The case'} returned the decision basis (revision ${f.revision}) for ${m.title}.`,
          ...reasons(f.reasons, lang),
          sv ? 'Skicka in en ny revision av beslutsunderlaget; den förankras och beslutas sedan på nytt.' : 'Submit a new revision of the decision basis; it is then anchored and decided again.',
        ],
      };
    case 'requisition': {
      const p = f.part;
      const late = f.notice === 'escalate';
      return {
        subject: `${c}: ${sv ? `rekvisition av del ${p.id}` : `requisition of part ${p.id}`} ${late ? (sv ? 'är försenad' : 'is overdue') : `${sv ? 'senast' : 'by'} ${date(f.deadline, lang)}`}`,
        blocks: [
          late
            ? sv ? `${p.unit} skulle ha rekvirerat ${p.name} (${sek(p.amountOre)}) senast ${date(f.deadline, lang)}, för ${days(f.days, 'sv')} sedan.` : `${p.unit} was due to requisition ${p.name} (${sek(p.amountOre)}) by ${date(f.deadline, lang)}, ${days(f.days, 'en')} ago.`
            : sv ? `${p.unit} ska rekvirera ${p.name} (${sek(p.amountOre)}) senast ${date(f.deadline, lang)}, om ${days(f.days, 'sv')}.` : `${p.unit} is to requisition ${p.name} (${sek(p.amountOre)}) by ${date(f.deadline, lang)}, in ${days(f.days, 'en')}.`,
          sv ? 'Registrera rekvisitionen i grantflow när den har kommit in.' : 'Record the requisition in grantflow once it has arrived.',
        ],
      };
    }
    case 'report': {
      const r = f.report;
      const late = f.notice === 'escalate';
      return {
        subject: `${c}: ${late ? (sv ? 'försenad redovisning' : 'overdue report') : sv ? 'påminnelse om redovisning' : 'report reminder'} – ${r.what}`,
        blocks: [
          late
            ? sv ? `${r.what} skulle ha redovisats till ${r.to} senast ${date(r.due, lang)}, för ${days(f.days, 'sv')} sedan.` : `${r.what} was due to ${r.to} by ${date(r.due, lang)}, ${days(f.days, 'en')} ago.`
            : sv ? `${r.what} ska redovisas till ${r.to} senast ${date(r.due, lang)}.` : `${r.what} is due to ${r.to} by ${date(r.due, lang)}.`,
          ...(f.requirementsPublished ? [] : [sv ? 'Kraven för återredovisning är ännu inte publicerade.' : 'The reporting requirements are not yet published.']),
          sv ? 'Registrera redovisningen i grantflow när den är inlämnad.' : 'Record the report in grantflow once it is submitted.',
        ],
      };
    }
    case 'lapsed': {
      const t = f.tranche;
      const why = f.reason === 'notMet' ? (sv ? 'villkoret uppfylldes inte' : 'the condition was not met') : sv ? `inget beslut kom före ${date(f.deadline, lang)}` : `no decision came before ${date(f.deadline, lang)}`;
      return {
        subject: `${c}: ${sv ? `utbetalning ${t.id} uteblir` : `tranche ${t.id} lapsed`} (${sek(t.amountOre)})`,
        blocks: [
          sv ? `Utbetalningen ${t.id} på ${sek(t.amountOre)} till ${t.payee} görs inte: ${why}. Pengarna har bortfallit.` : `Tranche ${t.id} of ${sek(t.amountOre)} to ${t.payee} will not be paid: ${why}. The money has lapsed.`,
          { table: [[sv ? 'Villkor' : 'Condition', f.condition], ...(f.comment ? [[sv ? 'Kommentar' : 'Comment', f.comment] as [string, string]] : [])] },
        ],
      };
    }
    case 'repayment':
      return {
        subject: `${c}: ${sv ? 'återbetalning' : 'repayment'} ${sek(f.amountOre)}`,
        blocks: [
          // Repaid already (early, in part) is named, so that the figures add up: paid − used − repaid = to repay.
          f.repaidOre
            ? sv ? `Av utbetalda ${sek(f.paidOre)} har ${sek(f.usedOre)} använts och ${sek(f.repaidOre)} redan betalats tillbaka. ${sek(f.amountOre)} ska betalas tillbaka.` : `Of ${sek(f.paidOre)} paid, ${sek(f.usedOre)} was used and ${sek(f.repaidOre)} has been repaid already. ${sek(f.amountOre)} is to be repaid.`
            : sv ? `Av utbetalda ${sek(f.paidOre)} har ${sek(f.usedOre)} använts. ${sek(f.amountOre)} ska betalas tillbaka.` : `Of ${sek(f.paidOre)} paid, ${sek(f.usedOre)} was used. ${sek(f.amountOre)} is to be repaid.`,
          sv ? 'Registrera återbetalningen i grantflow när den har gjorts.' : 'Record the repayment in grantflow once it is made.',
        ],
      };
    case 'cancelled':
      return {
        subject: `${c}: ${sv ? 'ärendet har avbrutits' : 'the case was cancelled'}`,
        blocks: [
          sv ? `Ärendet ${m.title} har avbrutits av ${f.by}.` : `The case ${m.title} was cancelled by ${f.by}.`,
          { table: [[sv ? 'Skäl' : 'Reason', f.reason]] },
          sv ? 'Länkar som har skickats i ärendet gäller inte längre. Du behöver inte göra något.' : 'Links sent in this case no longer work. You need not do anything.',
        ],
      };
  }
}

/** The subject and body of a mail; mail scheduled by older workflow code carries its own words. */
export function composeMail(m: MailRequest): Composed {
  if (m.facts) return compose(m, m.facts, m.lang);
  return { subject: m.subject ?? `${m.caseNumber}: ${m.title}`, blocks: m.lines ?? [] };
}
