/** The language of an answer: `?lang=sv|en` first, then Accept-Language; Swedish by default. */
import type { Request } from 'express';
import type { Lang } from '../domain/text';

export function explicitLang(req: Request): Lang | undefined {
  return req.query.lang === 'en' ? 'en' : req.query.lang === 'sv' ? 'sv' : undefined;
}

export function langOf(req: Request): Lang {
  return explicitLang(req) ?? (req.acceptsLanguages('sv', 'en') === 'en' ? 'en' : 'sv');
}
