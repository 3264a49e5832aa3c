/**
 * The request's shape: a JSON body where one is sent (else 415), and the whole request (params,
 * query, body) validated with zod by one middleware that keeps the parsed value on res.locals.
 * Every problem is named at once, in Swedish and English (domain/zodText.ts).
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { type z } from 'zod';
import { problemsOf } from '../domain/zodText';
import { problem, type Problem } from '../domain/text';
import { isBeyondPattern } from '../domain/freeText';
import { HttpError, t } from './errors';

export { problemsOf };

export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Must a body be sent? Without one, an optional body is checked as `{}`. */
  bodyRequired?: boolean;
}

export const JSON_LIMIT = '1mb';

/** Does the request carry a body (RFC 9110: Content-Length > 0 or Transfer-Encoding)? */
export function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** Parses a JSON body; a body of another media type is a 415 naming the one to send. */
export function jsonBody(): RequestHandler[] {
  const parse = express.json({ limit: JSON_LIMIT, type: ['application/json', 'application/*+json'] });
  const only: RequestHandler = (req, _res, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
      const given = req.get('content-type') ?? '—';
      return next(new HttpError(415, 'unsupported_media_type', t(`innehållet måste vara application/json, inte ${given}`, `the body must be application/json, not ${given}`)));
    }
    next();
  };
  return [parse, only];
}

export function validate(schemas: RequestSchemas) {
  return (req: Request, res: Response, next: NextFunction) => {
    const problems: Problem[] = [];
    const parsed: Record<string, unknown> = {};
    for (const where of ['params', 'query', 'body'] as const) {
      if (where === 'body' && req.body === undefined && schemas.bodyRequired) {
        problems.push(problem('body', 'innehåll saknas: skicka ett JSON-objekt', 'the body is missing: send a JSON object'));
        continue;
      }
      const schema = schemas[where];
      if (!schema) continue;
      const result = schema.safeParse(where === 'body' && req.body === undefined ? {} : req[where]);
      if (result.success) parsed[where] = result.data;
      else problems.push(...problemsOf(result.error, [where]));
    }
    // A request the document allows but whose text holds private-use characters beyond its pattern (domain/freeText.ts): 422.
    if (problems.length && problems.every(isBeyondPattern)) return next(new HttpError(422, 'unprintable', t('texten kan inte tas emot', 'the text cannot be accepted'), problems));
    if (problems.length) return next(new HttpError(400, 'invalid_request', t('begäran är ogiltig', 'the request is invalid'), problems));
    res.locals.valid = parsed;
    next();
  };
}

export function valid<T>(res: Response): T {
  return res.locals.valid as T;
}
