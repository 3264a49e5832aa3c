/**
 * The managers' dashboard: server-rendered HTML, Swedish first (English with ?lang=en), no
 * JavaScript, no inline styles (the CSP allows only /static/app.css). Pages: login, the grant list
 * with filters; a grant's page is ./grant (its pictures ./stages and ./timeline).
 */
import { STAGES, type GrantStatus, type Stage } from '../../workflows/grant/contract';
import type { Principal } from '../auth';
import { formatSek } from '../../domain/money';
import { daysBetween, formatDate, formatInstant, stockholmOffsetMinutes } from '../../domain/dates';
import { COUNTIES } from '../../domain/allocation/counties';
import { escapeHtml, html, htmlDocument, raw, type Lang } from './layout';
import type { Problem } from '../../domain/text';
import { GRANT_STATUSES, MAX_PAGE_SIZE, SORTS, listSearch, type GrantListItem, type GrantListQuery, type Sort } from '../visibility';

export const STAGE_LABEL: Record<Lang, Record<Stage, string>> = {
  sv: {
    anchoring: 'Förankring',
    decision: 'Beslut',
    signature: 'Undertecknande',
    requisition: 'Rekvisition',
    payment: 'Utbetalning',
    inUse: 'Nyttjande',
    reporting: 'Återredovisning',
    review: 'Fortsatt arbete',
    repayment: 'Återbetalning',
    closed: 'Avslutat',
  },
  en: {
    anchoring: 'Anchoring',
    decision: 'Decision',
    signature: 'Signature',
    requisition: 'Requisition',
    payment: 'Payment',
    inUse: 'In use',
    reporting: 'Reporting',
    review: 'Review',
    repayment: 'Repayment',
    closed: 'Closed',
  },
};

export const STATUS_LABEL: Record<Lang, Record<GrantStatus, string>> = {
  sv: { active: 'Pågående', returned: 'Återremitterat', rejected: 'Avslaget', cancelled: 'Avbrutet', closed: 'Avslutat' },
  en: { active: 'Active', returned: 'Returned', rejected: 'Rejected', cancelled: 'Cancelled', closed: 'Closed' },
};

const T = {
  sv: {
    grants: 'Bidrag',
    skip: 'Hoppa till innehållet',
    signedInAs: 'Inloggad som',
    logout: 'Logga ut',
    otherLang: { label: 'In English', lang: 'en' as Lang },
    // login
    loginTitle: 'Logga in',
    loginIntro: 'Dashboarden visar organisationens bidrag: skede, pengar, tidsfrister och vem som beslutat vad. Logga in med din åtkomsttoken (samma JWT som API:et tar emot).',
    token: 'Åtkomsttoken',
    tokenHelp: 'Klistra in hela token. Den sparas bara i en säker sessionskaka i den här webbläsaren.',
    loginButton: 'Logga in',
    devHint: 'Under utveckling skriver npm start ut tokens (MANAGER_TOKEN) och sparar dem i data/dev-tokens.json.',
    badToken: 'Token är ogiltig eller har gått ut. Kontrollera att hela token kom med.',
    expiredSession: 'Din session har gått ut. Logga in igen.',
    loggedOut: 'Du är utloggad.',
    wrongRole: 'Token saknar behörighet för dashboarden (chef eller samordnare krävs).',
    // list
    summary: (n: number) => (n === 1 ? '1 bidrag matchar' : `${n} bidrag matchar`),
    asOf: (time: string) => `Uppdaterad ${time}`,
    overdueCount: (n: number) => (n === 1 ? '1 försenat bidrag' : `${n} försenade bidrag`),
    noneOverdue: 'Inga försenade bidrag',
    inOrg: (o: string) => `i ${o}`,
    filters: 'Filtrera bidrag',
    q: 'Sök (titel eller diarienummer)',
    stage: 'Skede',
    status: 'Status',
    year: 'År',
    county: 'Län',
    overdue: 'Försenade',
    overdueAll: 'Alla',
    overdueOnly: 'Endast försenade',
    overdueNot: 'Ej försenade',
    deadlineBefore: 'Tidsfrist senast',
    sort: 'Sortering',
    pageSize: 'Per sida',
    all: 'Alla',
    apply: 'Filtrera',
    reset: 'Rensa filter',
    exportCsv: 'Exportera till CSV (Excel)',
    caseNumber: 'Diarienummer',
    title: 'Titel',
    organisation: 'Organisation',
    amount: 'Belopp',
    nextDeadline: 'Nästa tidsfrist',
    late: 'Försenad',
    none: 'Inga bidrag matchar filtren.',
    caption: (page: number, pages: number, sort: string) => `Bidrag, sida ${page} av ${pages}, sorterade efter ${sort}`,
    sorts: {
      nextDeadline: 'nästa tidsfrist (tidigast först)',
      '-nextDeadline': 'nästa tidsfrist (senast först)',
      caseNumber: 'diarienummer (A–Ö)',
      '-caseNumber': 'diarienummer (Ö–A)',
      totalOre: 'belopp (minst först)',
      '-totalOre': 'belopp (störst först)',
      year: 'år (äldst först)',
      '-year': 'år (nyast först)',
    } satisfies Record<Sort, string>,
    pages: 'Sidor',
    prev: 'Föregående',
    next: 'Nästa',
    pageOf: (p: number, n: number) => `Sida ${p} av ${n}`,
    showing: (a: number, b: number, n: number) => `${a}–${b} av ${n}`,
    badFilters: 'Filtren kunde inte användas:',
    badValue: 'värdet kan inte användas här',
    unknownParameter: 'Adressen innehåller en okänd parameter.',
    // grant
    back: 'Alla bidrag',
    temporal: 'Arbetsflödet i Temporal UI',
    startedBy: (who: string, when: string) => `Startat av ${who} ${when}`,
    revision: (n: number) => `revision ${n}`,
    stages: 'Skeden',
    stageState: { done: 'klart', current: 'pågår', skipped: 'ingår inte', upcoming: 'kommer', stopped: 'stoppat', notReached: 'nåddes inte' },
    decision: 'Beslut',
    decisionLine: (outcome: string, body: string, when: string) => `${outcome} av ${body} ${when}`,
    paragraph: (p: string) => `§ ${p}`,
    delegatedDecision: 'fattat på delegation',
    signed: (when: string) => `Undertecknat ${when}`,
    cancelledLine: (who: string, when: string, why: string) => `Avbrutet av ${who} ${when}: ${why}`,
    deadlines: 'Tidsfrister',
    noDeadlines: 'Inga öppna tidsfrister.',
    what: 'Vad',
    kind: 'Typ',
    date: 'Datum',
    state: 'Läge',
    inDays: (n: number) => (n === 0 ? 'i dag' : n > 0 ? (n === 1 ? 'om 1 dag' : `om ${n} dagar`) : n === -1 ? '1 dag sedan' : `${-n} dagar sedan`),
    onTime: 'i tid',
    money: 'Pengar',
    moneyRows: { totalOre: 'Totalt', decidedOre: 'Beslutat', requisitionedOre: 'Rekvirerat', paidOre: 'Utbetalt', lapsedOre: 'Förfallet (ej utbetalt)', toRepayOre: 'Att återbetala', repaidOre: 'Återbetalt' },
    parts: 'Delar',
    part: 'Del',
    name: 'Namn',
    unit: 'Rekvireras av',
    requisitionBy: 'Rekvirera senast',
    requisitioned: 'Rekvirerad',
    used: 'Använt',
    tranches: 'Utbetalningar',
    tranche: 'Utbetalning',
    payee: 'Mottagare',
    trigger: 'Villkor',
    triggers: { signature: 'vid undertecknande', decision: 'vid beslut', requisition: 'vid rekvisition', date: (d: string) => `den ${d}`, condition: (c: string, d: string) => `${c} (senast ${d})` },
    trancheStatus: { waiting: 'väntar', due: 'ska betalas', paid: 'utbetald', lapsed: 'förfallen' },
    rounds: 'Omgångar och svar',
    noRounds: 'Inga omgångar har öppnats ännu.',
    kinds: { anchoring: 'Förankring', decision: 'Beslut', signature: 'Undertecknande', payment: 'Utbetalning', continuation: 'Fortsatt arbete' } as Record<string, string>,
    rule: (r: string) => `Avgörs av ${r}`,
    openedClosed: (o: string, c?: string) => (c ? `Öppnad ${o}, avslutad ${c}` : `Öppnad ${o}, pågår`),
    answerBy: (d: string) => `svar senast ${d}`,
    outcome: { approved: 'Bifall', rejected: 'Avslag', returned: 'Återremiss' } as Record<string, string>,
    member: 'Ledamot',
    answeredBy: 'Svarade',
    answer: 'Svar',
    comment: 'Kommentar',
    when: 'Tidpunkt',
    answers: { approve: 'Bifall', reject: 'Avslag', return: 'Återremiss' } as Record<string, string>,
    anchoringAnswers: { approve: 'Tillstyrkt', reject: 'Avstyrkt', return: 'Återremiss' } as Record<string, string>,
    waiting: 'Inväntar svar',
    substituteFor: (m: string) => `ersättare för ${m}`,
    timeline: 'Händelser',
    actor: 'Av',
    system: 'grantflow (automatiskt)',
    events: {
      started: 'Ärendet startades',
      continuedAsNew: 'Historiken komprimerades (arbetsflödet fortsätter)',
      roundOpened: 'Omgång öppnad',
      answered: 'Svar',
      delegated: 'Överlämnat till ersättare',
      roundClosed: 'Omgång avslutad',
      roundOverdue: 'Svar försenade',
      escalated: 'Påminnelse efter tidsfristen',
      delegatedDecision: 'Beslut fattat på delegation',
      extractSent: 'Protokollsutdrag skickat',
      signed: 'Undertecknat',
      requisitionOverdue: 'Rekvisition försenad',
      trancheLapsed: 'Utbetalning förföll',
      trancheDue: 'Utbetalning ska göras',
      paymentMade: 'Utbetalning gjord',
      usePeriodStarted: 'Nyttjandeperioden började',
      usePeriodEnded: 'Nyttjandeperioden slutade',
      reportOverdue: 'Redovisning försenad',
      continuationDecided: 'Beslut om fortsatt arbete',
      repaymentDue: 'Återbetalning krävs',
      rejected: 'Avslaget',
      closed: 'Avslutat',
      returned: 'Återremitterat',
      amended: 'Ändrat',
      cancelled: 'Avbrutet',
      revised: 'Nytt beslutsunderlag',
      mailRejected: 'E-post kunde inte levereras',
      stateDecision: 'Statligt beslut registrerat',
      requisitioned: 'Rekvirerat',
      requirementsPublished: 'Redovisningskrav publicerade',
      reportSubmitted: 'Redovisning inlämnad',
      fundsUsed: 'Använda medel registrerade',
      repaid: 'Återbetalning registrerad',
      decisionParagraph: 'Paragraf registrerad',
    } as Record<string, string>,
    to: (n: string) => `till ${n}`,
    // errors
    notFound: 'Bidraget finns inte, eller så har du inte behörighet att se det.',
    forbidden: 'Du har inte behörighet att se det här.',
    error: 'Något gick fel',
    errorText: 'Sidan kunde inte visas. Försök igen om en stund.',
  },
  en: {
    grants: 'Grants',
    skip: 'Skip to content',
    signedInAs: 'Signed in as',
    logout: 'Sign out',
    otherLang: { label: 'På svenska', lang: 'sv' as Lang },
    loginTitle: 'Sign in',
    loginIntro: 'The dashboard shows your organisation’s grants: stage, money, deadlines and who decided what. Sign in with your access token (the same JWT the API accepts).',
    token: 'Access token',
    tokenHelp: 'Paste the whole token. It is kept only in a secure session cookie in this browser.',
    loginButton: 'Sign in',
    devHint: 'In development, npm start prints tokens (MANAGER_TOKEN) and keeps them in data/dev-tokens.json.',
    badToken: 'The token is invalid or has expired. Check that the whole token was pasted.',
    expiredSession: 'Your session has expired. Please sign in again.',
    loggedOut: 'You are signed out.',
    wrongRole: 'The token does not give access to the dashboard (manager or coordinator required).',
    summary: (n: number) => (n === 1 ? '1 grant matches' : `${n} grants match`),
    asOf: (time: string) => `Updated ${time}`,
    overdueCount: (n: number) => (n === 1 ? '1 overdue grant' : `${n} overdue grants`),
    noneOverdue: 'No overdue grants',
    inOrg: (o: string) => `in ${o}`,
    filters: 'Filter grants',
    q: 'Search (title or case number)',
    stage: 'Stage',
    status: 'Status',
    year: 'Year',
    county: 'County',
    overdue: 'Overdue',
    overdueAll: 'All',
    overdueOnly: 'Overdue only',
    overdueNot: 'Not overdue',
    deadlineBefore: 'Deadline by',
    sort: 'Sort by',
    pageSize: 'Per page',
    all: 'All',
    apply: 'Filter',
    reset: 'Clear filters',
    exportCsv: 'Export to CSV (Excel)',
    caseNumber: 'Case number',
    title: 'Title',
    organisation: 'Organisation',
    amount: 'Amount',
    nextDeadline: 'Next deadline',
    late: 'Overdue',
    none: 'No grants match the filters.',
    caption: (page: number, pages: number, sort: string) => `Grants, page ${page} of ${pages}, sorted by ${sort}`,
    sorts: {
      nextDeadline: 'next deadline (soonest first)',
      '-nextDeadline': 'next deadline (latest first)',
      caseNumber: 'case number (A–Z)',
      '-caseNumber': 'case number (Z–A)',
      totalOre: 'amount (smallest first)',
      '-totalOre': 'amount (largest first)',
      year: 'year (oldest first)',
      '-year': 'year (newest first)',
    } satisfies Record<Sort, string>,
    pages: 'Pages',
    prev: 'Previous',
    next: 'Next',
    pageOf: (p: number, n: number) => `Page ${p} of ${n}`,
    showing: (a: number, b: number, n: number) => `${a}–${b} of ${n}`,
    badFilters: 'The filters could not be used:',
    badValue: 'the value cannot be used here',
    unknownParameter: 'The address holds an unknown parameter.',
    back: 'All grants',
    temporal: 'The workflow in Temporal UI',
    startedBy: (who: string, when: string) => `Started by ${who} ${when}`,
    revision: (n: number) => `revision ${n}`,
    stages: 'Stages',
    stageState: { done: 'done', current: 'in progress', skipped: 'not in plan', upcoming: 'upcoming', stopped: 'stopped', notReached: 'not reached' },
    decision: 'Decision',
    decisionLine: (outcome: string, body: string, when: string) => `${outcome} by ${body} ${when}`,
    paragraph: (p: string) => `§ ${p}`,
    delegatedDecision: 'taken under delegation',
    signed: (when: string) => `Signed ${when}`,
    cancelledLine: (who: string, when: string, why: string) => `Cancelled by ${who} ${when}: ${why}`,
    deadlines: 'Deadlines',
    noDeadlines: 'No open deadlines.',
    what: 'What',
    kind: 'Kind',
    date: 'Date',
    state: 'State',
    inDays: (n: number) => (n === 0 ? 'today' : n > 0 ? (n === 1 ? 'in 1 day' : `in ${n} days`) : n === -1 ? '1 day ago' : `${-n} days ago`),
    onTime: 'on time',
    money: 'Money',
    moneyRows: { totalOre: 'Total', decidedOre: 'Decided', requisitionedOre: 'Requisitioned', paidOre: 'Paid', lapsedOre: 'Lapsed (not paid)', toRepayOre: 'To repay', repaidOre: 'Repaid' },
    parts: 'Parts',
    part: 'Part',
    name: 'Name',
    unit: 'Requisitioned by',
    requisitionBy: 'Requisition by',
    requisitioned: 'Requisitioned',
    used: 'Used',
    tranches: 'Payments',
    tranche: 'Payment',
    payee: 'Payee',
    trigger: 'Condition',
    triggers: { signature: 'on signature', decision: 'on decision', requisition: 'on requisition', date: (d: string) => `on ${d}`, condition: (c: string, d: string) => `${c} (by ${d})` },
    trancheStatus: { waiting: 'waiting', due: 'due', paid: 'paid', lapsed: 'lapsed' },
    rounds: 'Rounds and answers',
    noRounds: 'No round has been opened yet.',
    kinds: { anchoring: 'Anchoring', decision: 'Decision', signature: 'Signature', payment: 'Payment', continuation: 'Continuation' } as Record<string, string>,
    rule: (r: string) => `Settled by ${r}`,
    openedClosed: (o: string, c?: string) => (c ? `Opened ${o}, closed ${c}` : `Opened ${o}, open`),
    answerBy: (d: string) => `answer by ${d}`,
    outcome: { approved: 'Approved', rejected: 'Rejected', returned: 'Returned' } as Record<string, string>,
    member: 'Member',
    answeredBy: 'Answered by',
    answer: 'Answer',
    comment: 'Comment',
    when: 'When',
    answers: { approve: 'Approve', reject: 'Reject', return: 'Return' } as Record<string, string>,
    anchoringAnswers: { approve: 'Support', reject: 'Oppose', return: 'Return' } as Record<string, string>,
    waiting: 'Waiting for an answer',
    substituteFor: (m: string) => `substitute for ${m}`,
    timeline: 'Events',
    actor: 'By',
    system: 'grantflow (automatic)',
    events: {
      started: 'Case started',
      continuedAsNew: 'History compacted (the workflow continues)',
      roundOpened: 'Round opened',
      answered: 'Answer',
      delegated: 'Handed over to a substitute',
      roundClosed: 'Round closed',
      roundOverdue: 'Answers overdue',
      escalated: 'Reminder after the deadline',
      delegatedDecision: 'Decision taken under delegation',
      extractSent: 'Extract sent',
      signed: 'Signed',
      requisitionOverdue: 'Requisition overdue',
      trancheLapsed: 'Payment lapsed',
      trancheDue: 'Payment due',
      paymentMade: 'Payment made',
      usePeriodStarted: 'Use period started',
      usePeriodEnded: 'Use period ended',
      reportOverdue: 'Report overdue',
      continuationDecided: 'Continuation decided',
      repaymentDue: 'Repayment due',
      rejected: 'Rejected',
      closed: 'Closed',
      returned: 'Returned for more preparation',
      amended: 'Amended',
      cancelled: 'Cancelled',
      revised: 'New decision basis',
      mailRejected: 'Mail could not be delivered',
      stateDecision: 'State decision recorded',
      requisitioned: 'Requisitioned',
      requirementsPublished: 'Reporting requirements published',
      reportSubmitted: 'Report submitted',
      fundsUsed: 'Funds used recorded',
      repaid: 'Repayment recorded',
      decisionParagraph: 'Paragraph recorded',
    } as Record<string, string>,
    to: (n: string) => `to ${n}`,
    notFound: 'The grant does not exist, or you may not see it.',
    forbidden: 'You may not see this.',
    error: 'Something went wrong',
    errorText: 'The page could not be shown. Please try again in a moment.',
  },
};
export const dashboardText = T;


/** A dashboard link, carrying ?lang=en when the page is in English. */
export function withLang(path: string, lang: Lang): string {
  if (lang === 'sv') return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=en`;
}

/** The same page in the other language. */
function otherLangHref(currentUrl: string, lang: Lang): string {
  const u = new URL(currentUrl, 'http://x');
  if (lang === 'sv') u.searchParams.set('lang', 'en');
  else u.searchParams.delete('lang');
  return `${u.pathname}${u.search}`;
}

export const money = (ore: number) => formatSek(ore, { nbsp: true });
export const when = (iso: string | undefined) => (iso ? formatInstant(Date.parse(iso)) : '');

// ---- the page frame -----------------------------------------------------------------------------

export function dashboardPage(opts: { title: string; lang: Lang; body: string; currentUrl: string; principal?: Principal; wide?: boolean }): string {
  const t = T[opts.lang];
  const user = opts.principal
    ? html`<div class="dash-user"><span>${t.signedInAs} <strong>${opts.principal.name}</strong><span class="muted"> · ${opts.principal.org}</span></span>
<form method="post" action="${withLang('/dashboard/logout', opts.lang)}"><button type="submit" class="linkish">${t.logout}</button></form></div>`
    : '';
  return htmlDocument({
    title: opts.title,
    lang: opts.lang,
    bodyClass: 'dash',
    body: `<a class="skip" href="#main">${escapeHtml(t.skip)}</a>
<header class="top dash-top">
<a class="brand" href="${escapeHtml(withLang('/dashboard', opts.lang))}">grantflow</a>
${opts.principal ? html`<nav class="dash-nav" aria-label="${t.grants}"><a href="${withLang('/dashboard', opts.lang)}">${t.grants}</a>${opts.principal.roles.some((r) => r !== 'manager') ? raw(html` <a href="${withLang('/dashboard/workbench', opts.lang)}">${opts.lang === 'sv' ? 'Mina bidrag' : 'My grants'}</a>`) : ''}</nav>` : ''}
<div class="dash-right">${user}<a class="dash-lang" href="${escapeHtml(otherLangHref(opts.currentUrl, opts.lang))}" hreflang="${t.otherLang.lang}" lang="${t.otherLang.lang}">${escapeHtml(t.otherLang.label)}</a></div>
</header>
<main id="main" class="${opts.wide ? 'wide' : ''}" tabindex="-1">
${opts.body}
</main>`,
  });
}

// ---- login and errors ---------------------------------------------------------------------------

export function loginPage(opts: { lang: Lang; next?: string; message?: { tone: 'ok' | 'bad' | 'warn'; text: string }; currentUrl: string }): string {
  const t = T[opts.lang];
  const body = html`<div class="dash-login">
<h1>${t.loginTitle}</h1>
<p>${t.loginIntro}</p>
${opts.message ? raw(html`<div class="notice ${opts.message.tone}" role="${opts.message.tone === 'bad' ? 'alert' : 'status'}"><p>${opts.message.text}</p></div>`) : ''}
<form class="dash-form" method="post" action="${withLang('/dashboard/login', opts.lang)}">
${opts.next ? raw(html`<input type="hidden" name="next" value="${opts.next}">`) : ''}
<label for="token">${t.token}</label>
<input id="token" name="token" type="password" required autocomplete="off" spellcheck="false" aria-describedby="token-help">
<p id="token-help" class="muted">${t.tokenHelp}</p>
<div class="buttons"><button type="submit" class="primary">${t.loginButton}</button></div>
</form>
<p class="muted small">${t.devHint}</p>
</div>`;
  return dashboardPage({ title: t.loginTitle, lang: opts.lang, body, currentUrl: opts.currentUrl });
}

export function errorPage(opts: { lang: Lang; status: number; message?: string; currentUrl: string; principal?: Principal }): string {
  const t = T[opts.lang];
  const text = opts.message ?? (opts.status === 404 ? t.notFound : opts.status === 403 ? t.forbidden : t.errorText);
  const body = html`<h1>${t.error}</h1>
<div class="notice bad" role="alert"><p>${text}</p></div>
<p><a href="${withLang('/dashboard', opts.lang)}">← ${t.back}</a></p>`;
  return dashboardPage({ title: t.error, lang: opts.lang, body, currentUrl: opts.currentUrl, principal: opts.principal });
}

// ---- the list -----------------------------------------------------------------------------------

export interface ListView {
  lang: Lang;
  principal: Principal;
  query: Partial<GrantListQuery>;
  items: GrantListItem[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  overdueCount: number;
  problems?: Problem[];
  /** The query string as given, to show which value a problem is about. */
  given?: Record<string, unknown>;
  currentUrl: string;
  today: string;
  /** When the list's data was read (the snapshot's last refresh), ISO. */
  asOf?: string;
}

/** hh:mm:ss in Stockholm. */
function stockholmTime(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + stockholmOffsetMinutes(ms) * 60_000).toISOString().slice(11, 19);
}

function option(value: string, label: string, selected: boolean) {
  return raw(html`<option value="${value}"${selected ? raw(' selected') : ''}>${label}</option>`);
}

function deadlineCell(lang: Lang, date: string | undefined, overdue: boolean, today: string) {
  const t = T[lang];
  if (!date) return raw('<span class="muted">–</span>');
  return raw(
    html`<span class="nowrap">${formatDate(date, lang)}</span>${overdue ? raw(html` <span class="badge late">${t.late}</span>`) : ''}<span class="rel muted small">${t.inDays(daysBetween(today, date))}</span>`,
  );
}

export function listPage(v: ListView): string {
  const { lang, query: q } = v;
  const t = T[lang];
  const isAdmin = v.principal.roles.includes('admin');
  const sort = (q.sort ?? 'nextDeadline') as Sort;
  const base = { ...q, lang: lang === 'en' ? ('en' as const) : undefined };
  const href = (change: Parameters<typeof listSearch>[1]) => `/dashboard${listSearch(base, change)}`;
  const selectedStage = q.stage?.length === 1 ? q.stage[0] : undefined;
  const selectedStatus = q.status?.length === 1 ? q.status[0] : undefined;

  const filters = html`<form class="filters dash-filters" method="get" action="/dashboard" role="search" aria-label="${t.filters}">
${lang === 'en' ? raw('<input type="hidden" name="lang" value="en">') : ''}
<label class="wide-field">${t.q}<input type="search" name="q" value="${q.q ?? ''}" maxlength="200"></label>
<label>${t.stage}<select name="stage">${option('', t.all, !selectedStage)}${STAGES.map((s) => option(s, STAGE_LABEL[lang][s], s === selectedStage))}</select></label>
<label>${t.status}<select name="status">${option('', t.all, !selectedStatus)}${GRANT_STATUSES.map((s) => option(s, STATUS_LABEL[lang][s], s === selectedStatus))}</select></label>
<label>${t.year}<input type="number" name="year" min="2000" max="2100" inputmode="numeric" value="${q.year ?? ''}" class="short"></label>
<label>${t.county}<select name="county">${option('', t.all, !q.county)}${COUNTIES.map((c) => option(c.code, `${c.name} (${c.code})`, c.code === q.county))}</select></label>
<label>${t.overdue}<select name="overdue">${option('', t.overdueAll, q.overdue === undefined)}${option('true', t.overdueOnly, q.overdue === true)}${option('false', t.overdueNot, q.overdue === false)}</select></label>
<label>${t.deadlineBefore}<input type="date" name="deadlineBefore" value="${q.deadlineBefore ?? ''}"></label>
<label>${t.sort}<select name="sort">${SORTS.map((s) => option(s, t.sorts[s], s === sort))}</select></label>
<label>${t.pageSize}<select name="pageSize">${[...new Set([10, 25, 50, 100, MAX_PAGE_SIZE, v.pageSize])].sort((x, y) => x - y).map((n) => option(String(n), String(n), n === v.pageSize))}</select></label>
<div class="filter-buttons"><button type="submit" class="primary">${t.apply}</button><a href="${withLang('/dashboard', lang)}">${t.reset}</a></div>
</form>`;

  const fieldLabel: Record<string, string> = {
    q: t.q,
    stage: t.stage,
    status: t.status,
    year: t.year,
    county: t.county,
    organisation: t.organisation,
    overdue: t.overdue,
    deadlineBefore: t.deadlineBefore,
    sort: t.sort,
    page: t.pages,
    pageSize: t.pageSize,
    lang: t.otherLang.label,
  };
  const problemText = (p: Problem) => {
    const key = p.path.split('.')[1];
    if (!key || !(key in fieldLabel)) return html`${t.unknownParameter}`;
    const value = v.given?.[key];
    const shown = Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '';
    return html`<strong>${fieldLabel[key]}</strong>: ${shown ? `”${shown}” – ` : ''}${p.messages[lang]}`;
  };
  const problems = v.problems?.length
    ? html`<div class="notice bad" role="alert"><p>${t.badFilters}</p><ul>${[...new Set(v.problems.map(problemText))].map((text) => raw(html`<li>${raw(text)}</li>`))}</ul></div>`
    : '';

  const sortable = (key: 'caseNumber' | 'year' | 'totalOre' | 'nextDeadline', label: string, cls = '') => {
    const active = sort === key || sort === `-${key}`;
    const desc = sort === `-${key}`;
    const next = active && !desc ? `-${key}` : key;
    const ariaSort = active ? (desc ? 'descending' : 'ascending') : undefined;
    return raw(
      html`<th scope="col"${cls ? raw(` class="${cls}"`) : ''}${ariaSort ? raw(` aria-sort="${ariaSort}"`) : ''}><a href="${href({ sort: next, page: 1 })}">${label}${active ? raw(`<span aria-hidden="true"> ${desc ? '▼' : '▲'}</span>`) : ''}</a></th>`,
    );
  };

  const rows = v.items.map((g) =>
    raw(html`<tr${g.overdue ? raw(' class="overdue"') : ''}>
<td class="nowrap" data-label="${t.caseNumber}"><a href="${withLang(g.links.dashboard, lang)}">${g.caseNumber}</a></td>
<td class="title" data-label="${t.title}">${g.title}</td>
${isAdmin ? raw(html`<td data-label="${t.organisation}">${g.organisation ?? ''}</td>`) : ''}
<td class="num" data-label="${t.year}">${g.year ?? ''}</td>
<td class="nowrap" data-label="${t.county}">${g.countyName ?? g.county ?? ''}</td>
<td class="nowrap" data-label="${t.stage}">${g.stage ? STAGE_LABEL[lang][g.stage] : ''}</td>
<td data-label="${t.status}">${g.status ? raw(html`<span class="status status-${g.status}">${STATUS_LABEL[lang][g.status]}</span>`) : ''}</td>
<td class="num" data-label="${t.amount}">${g.totalOre === undefined ? '' : money(g.totalOre)}</td>
<td data-label="${t.nextDeadline}">${deadlineCell(lang, g.nextDeadline, g.overdue, v.today)}</td>
</tr>`),
  );

  const table = v.items.length
    ? html`<div class="table-wrap" tabindex="0"><table class="grants">
<caption>${t.caption(v.page, v.pages, t.sorts[sort])}</caption>
<thead><tr>${sortable('caseNumber', t.caseNumber)}<th scope="col">${t.title}</th>${isAdmin ? raw(html`<th scope="col">${t.organisation}</th>`) : ''}${sortable('year', t.year, 'num')}<th scope="col">${t.county}</th><th scope="col">${t.stage}</th><th scope="col">${t.status}</th>${sortable('totalOre', t.amount, 'num')}${sortable('nextDeadline', t.nextDeadline)}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`
    : html`<p class="notice">${t.none}</p>`;

  const first = v.total === 0 ? 0 : (v.page - 1) * v.pageSize + 1;
  const last = Math.min(v.total, v.page * v.pageSize);
  const pager =
    v.pages > 1 || v.page > 1
      ? html`<nav class="pager" aria-label="${t.pages}">
${v.page > 1 ? raw(html`<a rel="prev" href="${href({ page: Math.min(v.page - 1, v.pages) })}">← ${t.prev}</a>`) : raw('<span></span>')}
<span>${t.pageOf(v.page, v.pages)} · ${t.showing(first, last, v.total)}</span>
${v.page < v.pages ? raw(html`<a rel="next" href="${href({ page: v.page + 1 })}">${t.next} →</a>`) : raw('<span></span>')}
</nav>`
      : '';

  const csvHref = `/dashboard/export.csv${listSearch({ ...base, page: undefined, pageSize: undefined })}`;
  const overdueLink = v.overdueCount
    ? raw(html`<a class="badge late" href="${href({ overdue: 'true', status: 'active', page: 1 })}">${t.overdueCount(v.overdueCount)}</a>`)
    : raw(html`<span class="badge ok">${t.noneOverdue}</span>`);

  const body = html`<h1>${t.grants}</h1>
<p class="dash-summary">${isAdmin ? '' : t.inOrg(v.principal.org)} ${overdueLink}</p>
${raw(filters)}
${raw(problems)}
<div class="dash-bar"><div class="dash-count"><p role="status">${t.summary(v.total)}</p>${v.asOf ? raw(html`<time class="muted small as-of" datetime="${v.asOf}">${t.asOf(stockholmTime(v.asOf))}</time>`) : ''}</div><a class="button" href="${csvHref}" download>${t.exportCsv}</a></div>
${raw(table)}
${raw(pager)}`;
  return dashboardPage({ title: t.grants, lang, body, currentUrl: v.currentUrl, principal: v.principal, wide: true });
}
