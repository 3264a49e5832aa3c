/** The embedded provider's pages: login, sign-out confirmation, signed out, error. Swedish first. */
import { escapeHtml, htmlDocument, type Lang } from '../../api/views/layout';
import { DEV_PASSWORD, DEV_USERS } from './users';

const T = {
  sv: {
    title: 'Logga in',
    intro: 'Logga in på grantflow med ditt konto.',
    login: 'Användarnamn',
    password: 'Lösenord',
    submit: 'Logga in',
    wrong: 'Fel användarnamn eller lösenord. Försök igen.',
    devUsers: 'Utvecklingsanvändare',
    roles: { 'grantflow-coordinators': 'samordnare', 'grantflow-managers': 'chef', 'grantflow-admins': 'administratör' } as Record<string, string>,
    devPassword: (p: string) => `Lösenord för alla: ${p}`,
    other: { lang: 'en', label: 'English' },
    logoutTitle: 'Logga ut',
    logoutText: 'Vill du logga ut från inloggningstjänsten också?',
    logoutYes: 'Ja, logga ut',
    loggedOut: 'Du är utloggad.',
    errorTitle: 'Något gick fel',
    brand: 'grantflow – inloggning',
    langNav: 'Språk',
  },
  en: {
    title: 'Sign in',
    intro: 'Sign in to grantflow with your account.',
    login: 'Username',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'Wrong username or password. Please try again.',
    devUsers: 'Development users',
    roles: { 'grantflow-coordinators': 'coordinator', 'grantflow-managers': 'manager', 'grantflow-admins': 'administrator' } as Record<string, string>,
    devPassword: (p: string) => `Password for all: ${p}`,
    other: { lang: 'sv', label: 'Svenska' },
    logoutTitle: 'Sign out',
    logoutText: 'Do you also want to sign out of the sign-in service?',
    logoutYes: 'Yes, sign out',
    loggedOut: 'You are signed out.',
    errorTitle: 'Something went wrong',
    brand: 'grantflow – sign-in',
    langNav: 'Language',
  },
};

function frame(lang: Lang, title: string, body: string, langHref?: string): string {
  const t = T[lang];
  const sw = langHref ? `<nav aria-label="${t.langNav}"><a href="${escapeHtml(langHref)}" hreflang="${t.other.lang}" lang="${t.other.lang}">${t.other.label}</a></nav>` : '';
  return htmlDocument({
    title,
    lang,
    body: `<header class="top"><span class="brand">${escapeHtml(t.brand)}</span>${sw}</header>
<main id="main"><div class="dash-login">${body}</div></main>`,
  });
}

export function loginPage(opts: { lang: Lang; action: string; langHref: string; login?: string; wrong?: boolean }): string {
  const t = T[opts.lang];
  const invalid = opts.wrong ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  const users = DEV_USERS.map((u) => `<li><strong>${escapeHtml(u.login)}</strong> – ${escapeHtml(u.name)}, ${escapeHtml(u.groups.map((g) => t.roles[g] ?? g).join(', '))} (${escapeHtml(u.org)})</li>`).join('');
  return frame(
    opts.lang,
    t.title,
    `<h1>${t.title}</h1>
<p>${t.intro}</p>
${opts.wrong ? `<div class="notice bad" role="alert" id="login-error"><p>${t.wrong}</p></div>` : ''}
<form class="dash-form" method="post" action="${escapeHtml(opts.action)}">
<label for="login">${t.login}</label>
<input id="login" name="login" autocomplete="username" required spellcheck="false" autocapitalize="none" value="${escapeHtml(opts.login ?? '')}"${invalid}${opts.wrong ? ' autofocus' : ''}>
<label for="password">${t.password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<div class="buttons"><button type="submit" class="primary">${t.submit}</button></div>
</form>
<section aria-labelledby="dev-users"><h2 id="dev-users">${t.devUsers}</h2>
<ul>${users}</ul>
<p>${escapeHtml(t.devPassword(DEV_PASSWORD))}</p></section>`,
    opts.langHref,
  );
}

/** The provider's own form (hidden inputs, an id) and a button that submits it. */
export function logoutPage(lang: Lang, form: string): string {
  const t = T[lang];
  return frame(lang, t.logoutTitle, `<h1>${t.logoutTitle}</h1>${form}<p>${t.logoutText}</p>
<div class="buttons"><button type="submit" class="primary" form="op.logoutForm" name="logout" value="yes">${t.logoutYes}</button></div>`);
}

export function loggedOutPage(lang: Lang): string {
  const t = T[lang];
  return frame(lang, t.logoutTitle, `<h1>${t.logoutTitle}</h1><div class="notice ok" role="status"><p>${t.loggedOut}</p></div>`);
}

export function errorPage(lang: Lang, message: string): string {
  const t = T[lang];
  return frame(lang, t.errorTitle, `<h1>${t.errorTitle}</h1><div class="notice bad" role="alert"><p>${escapeHtml(message)}</p></div>`);
}
