/**
 * The managers' dashboard: server-rendered HTML, Swedish first (English with ?lang=en), no
 * JavaScript, no inline styles (the CSP allows only /static/app.css). The page frame, login and
 * errors; the grant list is ./listPage, a grant's page ./grant (its pictures ./stages and
 * ./timeline), the words ./dashboardText.
 */
import type { Principal } from '../auth';
import { formatSek } from '../../domain/money';
import { formatInstant } from '../../domain/dates';
import { escapeHtml, html, htmlDocument, raw, type Lang } from './layout';
import { dashboardText as T } from './dashboardText';

export { STAGE_LABEL, STATUS_LABEL, dashboardText } from './dashboardText';


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
