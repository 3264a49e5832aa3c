/**
 * The region's OpenID provider does not answer (discovery, its keys or the code exchange failed
 * on the network): every dashboard and workbench page says so with a 503 and Retry-After, in the
 * page's language. Not a 401: the person's session is kept, and nobody is told to sign in again
 * when signing in is exactly what cannot work now.
 */
import type { Request, Response } from 'express';
import { unreachablePage } from '../views/signin';
import type { Lang } from '../views/layout';
import { withLang } from '../views/dashboard';

export const RETRY_AFTER_SECONDS = 30;

export function sendProviderDown(req: Request, res: Response, lang: Lang, err?: unknown): void {
  req.log?.warn({ err: err instanceof Error ? err.message : err === undefined ? undefined : String(err), path: req.path }, 'OpenID provider unreachable');
  // "Try again" repeats a page's GET; after a form, the dashboard's first page.
  const retry = req.method === 'GET' && req.originalUrl.startsWith('/dashboard') ? req.originalUrl : withLang('/dashboard', lang);
  res
    .status(503)
    .set({ 'Cache-Control': 'no-store', 'Retry-After': String(RETRY_AFTER_SECONDS) })
    .type('html')
    .send(unreachablePage({ lang, currentUrl: req.originalUrl, retry }));
}
