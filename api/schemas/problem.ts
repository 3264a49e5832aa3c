/** The one format of every refusal of the JSON API: RFC 9457 problem details (api/errors.ts). */
import { z } from 'zod';
import { described, named } from '../schemaRegistry';

const Words = named(z.object({ sv: z.string(), en: z.string() }), { id: 'Words', description: 'The same text in Swedish and English.' });

export const ProblemItem = named(
  z.object({
    path: described(z.string(), 'Where: a dotted path into the request, e.g. body.parts.0.amountOre, query.page, body.amountSek (an unknown field, named).'),
    message: described(z.string(), 'What, in the request’s language (`?lang=sv|en`, else Accept-Language; Swedish by default).'),
    messages: Words,
  }),
  { id: 'Problem', description: 'One problem with a request, a plan, an agreement or a population file. A file’s problems say their line.' },
);

export const ProblemDetails = named(
  z.object({
    type: described(z.string(), 'A URI reference naming the kind of problem: /docs#problem-<code>.'),
    title: described(z.string(), 'The status in words, in the request’s language.'),
    status: z.number().int(),
    detail: described(z.string(), 'What went wrong, in the request’s language.'),
    instance: described(z.string(), 'The path of the request.'),
    code: described(z.string(), 'Stable, machine-readable: invalid_request, invalid_plan, invalid_agreement, malformed_json, malformed_path, unsupported_media_type, too_large, uri_too_long, method_not_allowed, unauthenticated, invalid_token, forbidden, not_found, duplicate, retired, or a workflow refusal type (e.g. DateInPast).'),
    problems: described(z.array(ProblemItem).optional(), 'Every problem at once, each with where and what.'),
  }),
  { id: 'ProblemDetails', description: 'Every refusal of the JSON API (RFC 9457, application/problem+json).' },
);
