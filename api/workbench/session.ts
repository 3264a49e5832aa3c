/**
 * What the workbench's routes share: the language, the session's CSRF token, the form body as
 * plain fields, and the error handling of pages (to sign-in on 401, a page for the rest).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { SESSION_COOKIE, bearerClient, sessionToken } from '../auth';
import { csrfTokens, fromThisSite } from '../csrf';
import { HttpError, t, toHttpError } from '../errors';
import { errorPage } from '../views/dashboard';
import type { Lang } from '../views/layout';
import type { Fields } from './planForm';
import { sendProviderDown } from '../routes/providerDown';

export const langOf = (req: Request): Lang => (req.query.lang === 'en' ? 'en' : 'sv');
export const sendPage = (res: Response, status: number, body: string) => res.status(status).set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' }).type('html').send(body);

/** Large enough for a county plan with its groups and people; fields are flat (`parts.0.name`). */
export const formBody = express.urlencoded({ extended: false, limit: '512kb', parameterLimit: 5000 });

export function fieldsOf(req: Request): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) out[k] = Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '');
  return out;
}

export function workbenchCsrf(secret: string, publicBaseUrl: string) {
  const tokens = csrfTokens(secret);
  const selfOrigin = new URL(publicBaseUrl).origin;
  return {
    /** The token for the forms of this session's pages. */
    tokenOf: (req: Request) => tokens.tokenFor(sessionToken(req) ?? ''),
    /** Refuses (403) a form that did not come from this session's page. */
    check(req: Request) {
      if (!fromThisSite(req, selfOrigin) || !tokens.valid(sessionToken(req), fieldsOf(req)._csrf)) throw new HttpError(403, 'csrf', t('formuläret är för gammalt eller kommer från en annan webbplats; öppna sidan igen', 'the form is stale or from another site; open the page again'));
    },
  };
}

/** Pages, never JSON: no session → to sign-in and back; anything else → an error page in the page's language. */
export function pageErrors() {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const http = toHttpError(err);
    const lang = langOf(req);
    if (http.status === 401 && bearerClient(req)) {
      if (http.headers) res.set(http.headers);
      return sendPage(res, 401, errorPage({ lang, status: 401, message: http.detail[lang], currentUrl: req.originalUrl }));
    }
    if (http.status === 401) {
      if (sessionToken(req)) res.clearCookie(SESSION_COOKIE, { path: '/dashboard' });
      const q = new URLSearchParams();
      if (req.method === 'GET') q.set('next', req.originalUrl);
      if (lang === 'en') q.set('lang', 'en');
      return res.redirect(303, `/dashboard/login?${q.toString()}`);
    }
    if (http.code === 'provider_unavailable') return sendProviderDown(req, res, lang, err);
    if (http.status >= 500) req.log?.error({ err }, 'workbench page failed');
    sendPage(res, http.status, errorPage({ lang, status: http.status, message: [400, 403, 409].includes(http.status) ? http.detail[lang] : undefined, currentUrl: req.originalUrl, principal: req.principal }));
  };
}
