/**
 * Approval links: `/a/:token`. GET and HEAD only show (mail scanners fetch every link, so they must
 * change nothing); the decision happens on a POST from the page's form, which carries a value
 * derived from the token and must come from this site (Origin/Sec-Fetch-Site checks).
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { checkFormToken, formToken, verifyLink, type LinkClaims } from '../../common/links';
import { decideUpdate, stateQuery, type GrantState, type Round, type Seat } from '../../workflows/grant/contract';
import { formatInstant } from '../../domain/dates';
import { refusalAnswer, refusalOf, toHttpError } from '../errors';
import { langOf } from '../lang';
import { methodNotAllowed } from '../refusals';
import { approvalPage, approvalText, messagePage, receiptPage } from '../views/approval';
import type { Lang } from '../views/layout';
import { FreeText } from '../../domain/freeText';
import { problemsOf } from '../../domain/zodText';
import { documented, mount, type ResponseDoc } from '../routeRegistry';
import { described, named, parameters } from '../schemaRegistry';

/** An empty field of the form is a field not given. */
/** An empty or blank field is no value: a reason is then missing (the workflow says so, 422), not malformed. */
const blank = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

export const DecisionForm = named(
  z.object({
    form: z.string().min(1).max(200),
    action: z.enum(['approve', 'reject', 'return', 'delegate']),
    comment: blank(FreeText(5000, { multiline: true })),
    substituteId: blank(z.string().max(64)),
  }),
  { id: 'DecisionForm', description: 'The approval page’s form. `form` is the hidden value of the page rendered for this link. The comment is printable text (no control or private-use characters).' },
);

export const TokenParams = parameters(
  z.object({
    token: described(z.string().max(2000), 'The signed token from the approval mail: v1.<payload>.<mac>. Unguessable, bound to one seat, expiring.', {
      examples: ['v1.eyJ3IjoiZ3JhbnQtUlMvNzI4LzIwMjQifQ.c2lnbmF0dXJl'],
    }),
  }),
  'TokenParams',
);
export const LangQuery = parameters(
  z.object({ lang: described(z.enum(['sv', 'en']).optional(), 'Page language; without it the grant’s language (or Accept-Language) decides.') }),
  'LangQuery',
);

const html = (description: string): ResponseDoc => ({ description, contentType: 'text/html' });
const TOO_LONG = html('The link is longer than 8 192 characters: no approval link is.');

export const APPROVAL_ROUTES = {
  show: documented({
    method: 'get',
    path: '/a/:token',
    operationId: 'showApprovalPage',
    tag: 'Approval pages',
    summary: 'Show an approval page',
    description: 'What the approver decides on, with the form. Changes nothing (mail scanners fetch every link). Sent with Cache-Control: no-store and Referrer-Policy: no-referrer.',
    params: TokenParams,
    query: LangQuery,
    responses: {
      200: html('The page with the decision form, or the answer already given.'),
      400: html('The path is not valid percent-encoding.'),
      404: html('The link is malformed, its signature is wrong, or its grant or seat does not exist.'),
      410: html('The link has expired, or was replaced (the seat was delegated).'),
      414: TOO_LONG,
    },
  }),
  check: documented({
    method: 'head',
    path: '/a/:token',
    operationId: 'headApprovalPage',
    tag: 'Approval pages',
    summary: 'Check an approval link',
    description: 'As GET, without the body.',
    params: TokenParams,
    query: LangQuery,
    responses: { 200: { description: 'The link works.' }, 400: { description: 'The path is not valid percent-encoding.' }, 404: { description: 'No such link.' }, 410: { description: 'Expired or replaced.' }, 414: { description: 'The link is too long.' } },
  }),
  decide: documented({
    method: 'post',
    path: '/a/:token',
    operationId: 'decideOnApprovalPage',
    tag: 'Approval pages',
    summary: 'Answer from an approval page',
    description: 'The page’s form: approve, reject, return or delegate. Must come from this site (Origin / Sec-Fetch-Site) and carry the page’s hidden form value. Fields the form does not have are ignored.',
    params: TokenParams,
    query: LangQuery,
    body: { schema: DecisionForm, contentType: 'application/x-www-form-urlencoded', example: { form: '<hidden value of the page>', action: 'approve', comment: 'Tillstyrks' } },
    responses: {
      200: html('The answer is recorded; the page shows it.'),
      400: html('The form is incomplete or holds unprintable text (the page names each problem), or the path is not valid percent-encoding.'),
      403: html('Cross-site, or not from the page rendered for this link.'),
      404: html('No such link.'),
      409: html('Already answered, the round closed, or the grant is no longer active.'),
      410: html('The link has expired or was replaced.'),
      413: html('The form is larger than 20 kB.'),
      414: TOO_LONG,
      415: html('The form’s charset is not supported.'),
      422: html('The answer is not allowed (e.g. a rejection needs a comment).'),
    },
  }),
};


type Texts = (typeof approvalText)['sv'];

/** Why this link can no longer decide, read from the state; undefined while it can. */
function closedMessage(t: Texts, grant: GrantState, round: Round, seat: Seat, nonce: string): { status: number; text: string } | undefined {
  if (seat.nonce !== nonce) return { status: 410, text: t.replaced };
  if (seat.answer) return { status: 409, text: t.already(seat.answeredBy ?? seat.actingName, t.answer[seat.answer][round.kind], formatInstant(Date.parse(seat.answeredAt!))) };
  if (round.closedAt) return { status: 409, text: round.outcome ? t.closed(t.outcome[round.outcome][round.kind], formatInstant(Date.parse(round.closedAt))) : t.cancelled };
  if (grant.status !== 'active') return { status: 409, text: grant.status === 'cancelled' ? t.cancelled : t.inactive };
  return undefined;
}

export function approvalsRouter(deps: { client: Client; linkSecret: string; publicBaseUrl: string; now?: () => number }): Router {
  const { client, linkSecret } = deps;
  const now = deps.now ?? Date.now;
  const selfOrigin = new URL(deps.publicBaseUrl).origin;
  const r = Router();


  r.use((_req, res, next) => {
    // The token is in the path: never let it travel in a Referer, be cached, or be indexed.
    res.set({ 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
    next();
  });

  function send(res: Response, status: number, body: string) {
    res.status(status).type('html').send(body);
  }

  /** Verifies the token and loads the grant, or answers with a clear page. */
  async function resolve(req: Request, res: Response): Promise<{ claims: LinkClaims; grant: GrantState; lang: Lang } | undefined> {
    const lang = langOf(req);
    const t = approvalText[lang];
    const check = verifyLink(linkSecret, String(req.params.token ?? ''), now());
    if (!check.ok) {
      if (check.reason === 'expired') send(res, 410, messagePage({ lang, title: t.error, message: t.expired, tone: 'bad' }));
      else send(res, 404, messagePage({ lang, title: t.error, message: t.invalid, tone: 'bad' }));
      return undefined;
    }
    try {
      const grant = await client.workflow.getHandle(check.claims.w).query(stateQuery);
      return { claims: check.claims, grant, lang: req.query.lang ? lang : grant.plan.lang };
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) {
        send(res, 404, messagePage({ lang, title: t.error, message: t.notFound, tone: 'bad' }));
        return undefined;
      }
      throw e;
    }
  }

  function seatOf(grant: GrantState, claims: LinkClaims) {
    const round = grant.rounds.find((x) => x.id === claims.r);
    const seat = round?.seats.find((s) => s.memberId === claims.m);
    return round && seat ? { round, seat } : undefined;
  }

  const show = async (req: Request, res: Response) => {
    const ok = await resolve(req, res);
    if (!ok) return;
    const { claims, grant, lang } = ok;
    const t = approvalText[lang];
    const found = seatOf(grant, claims);
    const path = `/a/${req.params.token}`;
    if (!found) return send(res, 404, messagePage({ lang, title: t.error, message: t.invalid, tone: 'bad', path, grant }));
    if (found.seat.nonce !== claims.n) return send(res, 410, messagePage({ lang, title: t.error, message: t.replaced, tone: 'warn', path, grant }));
    send(res, 200, approvalPage({ lang, grant, round: found.round, seat: found.seat, path, formToken: formToken(linkSecret, String(req.params.token)) }));
  };

  mount(r, '/a', APPROVAL_ROUTES.show, [], (req, res, next) => void show(req, res).catch(next), { validate: false });
  // Express answers HEAD through the GET route with the same headers and no body: nothing changes.

  mount(r, '/a', APPROVAL_ROUTES.decide, [express.urlencoded({ extended: false, limit: '20kb', parameterLimit: 100 })], (req, res, next) =>
    void (async () => {
      const lang0 = langOf(req);
      // CSRF: a cross-site form cannot know the token, and browsers say where a POST came from.
      const origin = req.get('origin');
      const site = req.get('sec-fetch-site');
      const sameHost = origin && origin === `${req.protocol}://${req.get('host')}`;
      if ((origin && origin !== 'null' && origin !== selfOrigin && !sameHost) || (site && site !== 'same-origin' && site !== 'none')) {
        return send(res, 403, messagePage({ lang: lang0, title: approvalText[lang0].error, message: approvalText[lang0].csrf, tone: 'bad' }));
      }
      // Everything that needs no grant is checked first: the link's signature and expiry, the
      // page's form value, the form. Then one Update; its validator refuses what the state does
      // not allow, and its result holds what the page shows, so a successful answer costs no read.
      const token = String(req.params.token ?? '');
      const check = verifyLink(linkSecret, token, now());
      if (!check.ok) {
        const t0 = approvalText[lang0];
        if (check.reason === 'expired') return send(res, 410, messagePage({ lang: lang0, title: t0.error, message: t0.expired, tone: 'bad' }));
        return send(res, 404, messagePage({ lang: lang0, title: t0.error, message: t0.invalid, tone: 'bad' }));
      }
      const claims = check.claims;
      const path = `/a/${req.params.token}`;
      // The form value proves the POST comes from the page rendered for this link.
      if (!checkFormToken(linkSecret, token, (req.body as { form?: unknown } | undefined)?.form)) {
        return send(res, 403, messagePage({ lang: lang0, title: approvalText[lang0].refused, message: approvalText[lang0].csrf, tone: 'bad', path }));
      }
      const form = DecisionForm.safeParse(req.body ?? {});
      if (!form.success) {
        const named = problemsOf(form.error).map((p) => `${p.path}: ${p.messages[lang0]}`);
        return send(res, 400, messagePage({ lang: lang0, title: approvalText[lang0].refused, message: [approvalText[lang0].badForm, ...named].join(' '), tone: 'bad', path }));
      }
      const handle = client.workflow.getHandle(claims.w);
      /** The grant as it is now, to say why the answer was not taken (only on that path). */
      const explain = async (fallback: { status: number; text: string }) => {
        let grant: GrantState;
        try {
          grant = await handle.query(stateQuery);
        } catch (e) {
          if (e instanceof WorkflowNotFoundError) return send(res, 404, messagePage({ lang: lang0, title: approvalText[lang0].error, message: approvalText[lang0].notFound, tone: 'bad' }));
          throw e;
        }
        const lang = req.query.lang ? lang0 : grant.plan.lang;
        const t = approvalText[lang];
        const found = seatOf(grant, claims);
        if (!found) return send(res, 404, messagePage({ lang, title: t.error, message: t.invalid, tone: 'bad', path, grant }));
        const closed = closedMessage(t, grant, found.round, found.seat, claims.n);
        const { status, text } = closed ?? fallback;
        send(res, status, messagePage({ lang, title: t.refused, message: text, tone: 'warn', path, grant }));
      };
      try {
        const result = await handle.executeUpdate(decideUpdate, {
          args: [{ roundId: claims.r, memberId: claims.m, nonce: claims.n, action: form.data.action, comment: form.data.comment, substituteId: form.data.substituteId }],
        });
        const lang = req.query.lang ? lang0 : (result.receipt?.lang ?? lang0);
        if (result.receipt) return send(res, 200, receiptPage({ lang, result: { ...result, receipt: result.receipt }, path }));
        // A worker older than the receipt: read the state as before.
        return explain({ status: 200, text: approvalText[lang].recorded });
      } catch (e) {
        if (e instanceof WorkflowNotFoundError) {
          // A finished grant's workflow has closed and takes no more updates; its state still answers.
          return explain({ status: 409, text: approvalText[lang0].closed('', '') });
        }
        const refusal = refusalOf(e);
        if (!refusal) throw e;
        const t = approvalText[lang0];
        if (refusal.type === 'UnknownRound' || refusal.type === 'UnknownSeat') return send(res, 404, messagePage({ lang: lang0, title: t.error, message: t.invalid, tone: 'bad', path }));
        const { status, text: words } = refusalAnswer(refusal);
        if (['AlreadyAnswered', 'RoundClosed', 'LinkReplaced', 'GrantNotActive'].includes(refusal.type)) return explain({ status, text: words[lang0] });
        // The page's language, never the workflow's English: the refusal's own words in Swedish, the details in English.
        const text = refusal.type === 'CommentRequired' ? t.commentRequired : words[lang0];
        // The form again, with the refusal above it and what the approver wrote still in it (one
        // read, only on this path); a message page if the seat can no longer answer.
        const grant = await handle.query(stateQuery).catch(() => undefined);
        const found = grant && seatOf(grant, claims);
        if (grant && found && found.seat.nonce === claims.n && !found.seat.answer && !found.round.closedAt && grant.status === 'active') {
          const refused = { text, comment: form.data.comment, commentInvalid: refusal.type === 'CommentRequired' };
          return send(res, status, approvalPage({ lang: lang0, grant, round: found.round, seat: found.seat, path, formToken: formToken(linkSecret, token), refused }));
        }
        send(res, status, messagePage({ lang: lang0, title: t.refused, message: text, tone: 'warn', path }));
      }
    })().catch(next),
    { validate: false },
  );

  // Approvers get pages, never the API's JSON: for a link cut short (`/a/`, `/a/x/y`), and for what
  // fails before a route answers (a token that is not valid percent-encoding, a form too large or in
  // an unknown charset). Anything else (5xx) goes on to the app's handler, which logs it.
  r.use(methodNotAllowed);
  r.use((req, res) => send(res, 404, messagePage({ lang: langOf(req), title: approvalText[langOf(req)].error, message: approvalText[langOf(req)].invalid, tone: 'bad' })));
  r.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const http = toHttpError(err);
    if (http.status >= 500) return next(err);
    const t = approvalText[langOf(req)];
    send(res, http.status, messagePage({ lang: langOf(req), title: t.error, message: req.method === 'POST' && http.code !== 'malformed_path' ? t.badForm : t.invalid, tone: 'bad' }));
  });

  return r;
}
