/**
 * Every refusal of the JSON API in one format: RFC 9457 problem details
 * (`application/problem+json`) with the list of problems, each in Swedish and English. Anything
 * unexpected is a 500 without internals.
 */
import type { NextFunction, Request, Response } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from 'pino';
import { text, type Lang, type Problem, type Text } from '../domain/text';
import { langOf } from './lang';
import { isGrantRefusal, refusalStatus, refusalText, type RefusalFacts } from '../workflows/grant/contract';
import { AGREEMENT_REFUSALS, type AgreementRefusalKind } from '../workflows/agreement/contract';

export { text as t };

export class HttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly detail: Text,
    public readonly problems?: Problem[],
    public readonly headers?: Record<string, string>,
  ) {
    super(detail.en);
  }
}

/** The title of each status, in both languages. */
export const TITLES: Record<number, Text> = {
  400: text('Ogiltig begäran', 'Bad request'),
  401: text('Inte inloggad', 'Not authenticated'),
  403: text('Inte tillåtet', 'Forbidden'),
  404: text('Finns inte', 'Not found'),
  405: text('Metoden stöds inte', 'Method not allowed'),
  409: text('Konflikt', 'Conflict'),
  410: text('Finns inte längre', 'Gone'),
  413: text('För stor', 'Content too large'),
  414: text('Adressen är för lång', 'URI too long'),
  415: text('Medietypen stöds inte', 'Unsupported media type'),
  422: text('Kan inte genomföras', 'Unprocessable content'),
  500: text('Internt fel', 'Internal error'),
  503: text('Inte tillgänglig just nu', 'Service unavailable'),
};

/** A workflow's refusal of an Update: its kind (the failure's type), its English message and its facts (details[0]). */
export function refusalOf(err: unknown): { type: string; message: string; facts: RefusalFacts } | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const facts = (err.cause.details?.[0] ?? {}) as RefusalFacts;
    return { type: err.cause.type ?? 'Refused', message: err.cause.message, facts: facts && typeof facts === 'object' ? facts : {} };
  }
  return undefined;
}

/**
 * A workflow's refusal as the API answers it: the status and the words of its kind, from the
 * contracts' catalogues (workflows/grant/refusals.ts, workflows/agreement/contract.ts), the one
 * place a refusal is mapped. A kind no catalogue holds (a worker newer than this API) is a 409 in
 * the workflow's English.
 */
export function refusalAnswer(refusal: { type: string; message: string; facts?: RefusalFacts }): { status: number; text: Text } {
  const facts = refusal.facts ?? {};
  if (isGrantRefusal(refusal.type)) {
    return { status: refusalStatus(refusal.type), text: text(refusalText(refusal.type, facts, 'sv'), refusalText(refusal.type, facts, 'en')) };
  }
  if (Object.prototype.hasOwnProperty.call(AGREEMENT_REFUSALS, refusal.type)) {
    const spec = AGREEMENT_REFUSALS[refusal.type as AgreementRefusalKind];
    const id = String(facts.id ?? '');
    return { status: spec.status, text: text(spec.sv(id), spec.en(id)) };
  }
  return { status: 409, text: text(refusal.message, refusal.message) };
}

export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, 'not_found', text('bidraget finns inte', 'no such grant'));
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new HttpError(409, 'duplicate', text('det finns redan ett bidrag med det diarienumret', 'a grant with this case number already exists'));
  const refusal = refusalOf(err);
  if (refusal) {
    const { status, text: words } = refusalAnswer(refusal);
    return new HttpError(status, refusal.type, words);
  }
  if (isGrpcServiceError(err) && err.code === 5) return new HttpError(404, 'not_found', text('bidraget finns inte', 'no such grant'));
  // A path parameter that is not valid percent-encoding (`%E0%A4%A`, `%ZZ`): the router's decodeParam throws a URIError.
  if (err instanceof URIError) return new HttpError(400, 'malformed_path', text('sökvägen är inte giltigt procentkodad', 'the path is not valid percent-encoding'));
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string; limit?: number };
  // body-parser errors (malformed JSON, too large, unknown charset) carry a 4xx status and expose=true.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    if (e.type === 'entity.parse.failed') return new HttpError(400, 'malformed_json', text('innehållet är inte giltig JSON', 'the body is not valid JSON'));
    if (e.status === 413) return new HttpError(413, 'too_large', text('innehållet är för stort', 'the body is too large'));
    if (e.status === 415) return new HttpError(415, 'unsupported_media_type', text('innehållets teckenkodning eller komprimering stöds inte', 'the body’s charset or content encoding is not supported'));
    return new HttpError(e.status, e.type ?? 'bad_request', text('begäran kan inte läsas', 'the request cannot be read'));
  }
  return new HttpError(500, 'internal', text('internt fel', 'internal error'));
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  problems?: (Problem & { message: string })[];
}

/** The RFC 9457 document of an error, in `lang`; each problem keeps both languages in `messages`. */
export function problemDocument(http: HttpError, lang: Lang, instance: string): ProblemDocument {
  const title = TITLES[http.status] ?? TITLES[http.status >= 500 ? 500 : 400]!;
  return {
    type: `/docs#problem-${http.code}`,
    title: title[lang],
    status: http.status,
    detail: http.detail[lang],
    instance,
    code: http.code,
    ...(http.problems?.length ? { problems: http.problems.map((p) => ({ path: p.path, message: p.messages[lang], messages: p.messages })) } : {}),
  };
}

export function sendProblem(req: Request, res: Response, http: HttpError) {
  if (http.headers) res.set(http.headers);
  res
    .status(http.status)
    .type('application/problem+json')
    .send(JSON.stringify(problemDocument(http, langOf(req), req.originalUrl.split('?')[0]!)));
}

export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const http = toHttpError(err);
    if (http.status >= 500) log.error({ err, reqId: req.id }, 'request failed');
    else log.info({ status: http.status, code: http.code, reqId: req.id }, 'request refused');
    sendProblem(req, res, http);
  };
}
