/** Validates a request whole (params, query, body) with zod; keeps the parsed value on res.locals. */
import type { NextFunction, Request, Response } from 'express';
import { type z } from 'zod';
import { HttpError } from './errors';

export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

export function problemsOf(error: z.ZodError, prefix: string) {
  return error.issues.map((i) => ({ path: [prefix, ...i.path].join('.'), message: i.message }));
}

export function validate(schemas: RequestSchemas) {
  return (req: Request, res: Response, next: NextFunction) => {
    const problems: { path: string; message: string }[] = [];
    const parsed: Record<string, unknown> = {};
    for (const where of ['params', 'query', 'body'] as const) {
      const schema = schemas[where];
      if (!schema) continue;
      const result = schema.safeParse(where === 'body' && req.body === undefined ? {} : req[where]);
      if (result.success) parsed[where] = result.data;
      else problems.push(...problemsOf(result.error, where));
    }
    if (problems.length) return next(new HttpError(400, 'invalid_request', 'the request is invalid', problems));
    res.locals.valid = parsed;
    next();
  };
}

export function valid<T>(res: Response): T {
  return res.locals.valid as T;
}
