/**
 * Refusals before any route: a URL too long (414) and a path that exists with other methods (405,
 * with Allow). JSON API paths answer with problem details; approval and dashboard pages with a
 * page in the reader's language. OPTIONS on a documented path answers its methods (204, Allow) as
 * the document lists them, whichever router serves each.
 */
import type { NextFunction, Request, Response } from 'express';
import { HttpError, TITLES, sendProblem, t } from './errors';
import { langOf } from './lang';
import { documentedRoutes, pathPattern } from './routeRegistry';
import { messagePage } from './views/approval';

/** The longest URL the app reads (an approval link is about 300 characters). */
export const MAX_URL_LENGTH = 8192;

const isPage = (path: string) => /^\/(a|dashboard)(\/|$)/.test(path);

function refuse(req: Request, res: Response, http: HttpError) {
  // originalUrl: inside a router mounted on /dashboard, req.path is relative to it.
  if (!isPage(req.originalUrl.split('?')[0]!)) return sendProblem(req, res, http);
  const lang = langOf(req);
  if (http.headers) res.set(http.headers);
  res.status(http.status).type('html').send(messagePage({ lang, title: TITLES[http.status]![lang], message: http.detail[lang], tone: 'bad' }));
}

export function refuseLongUrls(req: Request, res: Response, next: NextFunction) {
  if (req.originalUrl.length <= MAX_URL_LENGTH) return next();
  refuse(req, res, new HttpError(414, 'uri_too_long', t(`adressen är längre än ${MAX_URL_LENGTH} tecken`, `the URL is longer than ${MAX_URL_LENGTH} characters`)));
}

let patterns: { pattern: RegExp; methods: Set<string> }[] | undefined;
/** The documented paths, each with its methods (HEAD wherever GET is). */
function allowed(path: string): string[] {
  if (!patterns) {
    const byPath = new Map<string, Set<string>>();
    for (const r of documentedRoutes()) {
      const methods = byPath.get(r.path) ?? new Set<string>();
      methods.add(r.method.toUpperCase());
      if (r.method === 'get') methods.add('HEAD');
      byPath.set(r.path, methods);
    }
    patterns = [...byPath].map(([p, methods]) => ({ pattern: pathPattern(p), methods }));
  }
  const methods = new Set<string>();
  for (const p of patterns) if (p.pattern.test(path)) p.methods.forEach((m) => methods.add(m));
  if (methods.size) methods.add('OPTIONS');
  return [...methods].sort();
}

/** Before every route: OPTIONS on a documented path lists the methods the document gives it (no token needed: the document is public). */
export function answerOptions(req: Request, res: Response, next: NextFunction) {
  if (req.method !== 'OPTIONS') return next();
  const methods = allowed(req.originalUrl.split('?')[0]!);
  if (!methods.length) return next();
  res.set('Allow', methods.join(', ')).status(204).end();
}

/** After every route: a documented path asked with a method it does not have. */
export function methodNotAllowed(req: Request, res: Response, next: NextFunction) {
  const methods = allowed(req.originalUrl.split('?')[0]!);
  if (!methods.length || methods.includes(req.method)) return next();
  const list = methods.join(', ');
  refuse(req, res, new HttpError(405, 'method_not_allowed', t(`${req.method} stöds inte här; tillåtna metoder: ${list}`, `${req.method} is not allowed here; allowed: ${list}`), undefined, { Allow: list }));
}
