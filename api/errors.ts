/** Errors become clear 4xx answers; anything unexpected is a 500 without internals. */
import type { NextFunction, Request, Response } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from 'pino';

export class HttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly problems?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** Update refusals from the workflow's validators, by failure type → HTTP status. */
const REFUSAL_STATUS: Record<string, number> = {
  UnknownRound: 404,
  UnknownSeat: 404,
  UnknownTranche: 404,
  UnknownPart: 404,
  UnknownReport: 404,
  UnknownGroup: 404,
  InvalidPlan: 422,
  BadAmount: 422,
  DoesNotAddUp: 422,
  DateInPast: 422,
  CommentRequired: 422,
  ReasonRequired: 422,
  UnknownSubstitute: 422,
  ActionNotAllowed: 422,
  NotConditional: 422,
  NoRequisition: 422,
  ActorRequired: 422,
};

export function refusalOf(err: unknown): { type: string; message: string } | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    return { type: err.cause.type ?? 'Refused', message: err.cause.message };
  }
  return undefined;
}

export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, 'not_found', 'no such grant');
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new HttpError(409, 'duplicate', 'a grant with this case number already exists');
  const refusal = refusalOf(err);
  if (refusal) return new HttpError(REFUSAL_STATUS[refusal.type] ?? 409, refusal.type, refusal.message);
  if (isGrpcServiceError(err) && err.code === 5) return new HttpError(404, 'not_found', 'no such grant');
  // A path parameter that is not valid percent-encoding (`%E0%A4%A`, `%ZZ`): the router's decodeParam throws a URIError.
  if (err instanceof URIError) return new HttpError(400, 'malformed_path', 'the path is not valid percent-encoding');
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  // body-parser errors (malformed JSON, too large) carry a 4xx status and expose=true.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    return new HttpError(e.status, e.type === 'entity.parse.failed' ? 'malformed_json' : (e.type ?? 'bad_request'), e.type === 'entity.parse.failed' ? 'the body is not valid JSON' : (e.message ?? 'bad request'));
  }
  return new HttpError(500, 'internal', 'internal error');
}

export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const http = toHttpError(err);
    if (http.status >= 500) log.error({ err, reqId: req.id }, 'request failed');
    else log.info({ status: http.status, code: http.code, reqId: req.id }, 'request refused');
    res.status(http.status).json({ error: { code: http.code, message: http.message, ...(http.problems ? { problems: http.problems } : {}) } });
  };
}
