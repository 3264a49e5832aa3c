/** The dashboard's sign-in page with an OpenID provider: one button; the token form only under the development flag. */
import { dashboardPage, dashboardText, withLang } from './dashboard';
import { html, raw, type Lang } from './layout';

const T = {
  sv: {
    intro: 'Logga in med ditt konto i regionens inloggningstjänst. Samordnare startar och följer bidrag; chefer ser organisationens bidrag.',
    button: 'Logga in',
    devTitle: 'Utveckling: logga in med token',
    failed: 'Inloggningen kunde inte slutföras. Försök igen.',
    unreachable: 'Inloggningstjänsten svarar inte just nu. Försök igen om en stund.',
    unreachableTitle: 'Inloggningstjänsten svarar inte',
    unreachableMore: 'Det är inget fel på ditt konto, och inget du har gjort går förlorat. Regionens inloggningstjänst (identitetsleverantören) går inte att nå från grantflow. Om det håller i sig: kontakta IT-supporten.',
    retry: 'Försök igen',
    noAccess: (why: string) => `Ditt konto saknar behörighet till grantflow (${why}).`,
  },
  en: {
    intro: 'Sign in with your account at the region’s sign-in service. Coordinators start and follow grants; managers see the organisation’s grants.',
    button: 'Sign in',
    devTitle: 'Development: sign in with a token',
    failed: 'The sign-in could not be completed. Please try again.',
    unreachable: 'The sign-in service does not answer right now. Please try again in a moment.',
    unreachableTitle: 'The sign-in service does not answer',
    unreachableMore: 'Nothing is wrong with your account, and nothing you did is lost. grantflow cannot reach the region’s sign-in service (the identity provider). If it goes on: contact IT support.',
    retry: 'Try again',
    noAccess: (why: string) => `Your account has no access to grantflow (${why}).`,
  },
};
export const signinText = T;

export function signinPage(opts: { lang: Lang; next?: string; message?: { tone: 'ok' | 'bad' | 'warn'; text: string }; tokenLogin: boolean; currentUrl: string }): string {
  const t = T[opts.lang];
  const d = dashboardText[opts.lang];
  const next = opts.next ? raw(html`<input type="hidden" name="next" value="${opts.next}">`) : '';
  const tokenForm = opts.tokenLogin
    ? raw(html`<section aria-labelledby="dev-login"><h2 id="dev-login">${t.devTitle}</h2>
<form class="dash-form" method="post" action="${withLang('/dashboard/login', opts.lang)}">${next}
<label for="token">${d.token}</label>
<input id="token" name="token" type="password" required autocomplete="off" spellcheck="false" aria-describedby="token-help">
<p id="token-help" class="muted">${d.tokenHelp}</p>
<div class="buttons"><button type="submit" class="linkish">${d.loginButton}</button></div>
</form></section>`)
    : '';
  const body = html`<div class="dash-login">
<h1>${d.loginTitle}</h1>
<p>${t.intro}</p>
${opts.message ? raw(html`<div class="notice ${opts.message.tone}" role="${opts.message.tone === 'bad' ? 'alert' : 'status'}"><p>${opts.message.text}</p></div>`) : ''}
<form class="dash-form" method="get" action="/dashboard/auth/start">${next}${opts.lang === 'en' ? raw('<input type="hidden" name="lang" value="en">') : ''}
<div class="buttons"><button type="submit" class="primary">${t.button}</button></div>
</form>
${tokenForm}
</div>`;
  return dashboardPage({ title: d.loginTitle, lang: opts.lang, body, currentUrl: opts.currentUrl });
}

/**
 * The page for a sign-in service that does not answer (503, with Retry-After): it says so and what
 * to do, in the page's language with the other one a link away; never a sign-in refused or a
 * session ended. `retry` is where "try again" leads (the address asked for).
 */
export function unreachablePage(opts: { lang: Lang; currentUrl: string; retry: string }): string {
  const t = T[opts.lang];
  const body = html`<h1>${t.unreachableTitle}</h1>
<div class="notice warn" role="alert"><p>${t.unreachable}</p></div>
<p>${t.unreachableMore}</p>
<p><a class="button" href="${opts.retry}">${t.retry}</a></p>`;
  return dashboardPage({ title: t.unreachableTitle, lang: opts.lang, body, currentUrl: opts.currentUrl });
}
