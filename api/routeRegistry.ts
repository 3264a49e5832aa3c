/**
 * Where a route and its documentation are one: each route file declares its routes with
 * `documented({...})` (method, path, roles, the zod schemas of params, query and body, answers)
 * and serves them with `mount()`, which takes the path, the method and the schemas from that same
 * declaration, so what is served is what is documented. api/openapi.ts builds the OpenAPI
 * document from this registry; test/unit/openapi.test.ts checks that every served route is in it.
 */
import type { RequestHandler, Router } from 'express';
import type { z } from 'zod';
import type { Role } from './auth';
import { validate } from './validate';

export type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';
export type Tag = 'Plans' | 'Grants' | 'Lists' | 'Steering' | 'Agreements' | 'Approval pages' | 'Dashboard' | 'Service';

/** Error statuses of the JSON API, each a shared response in components.responses. */
export const ERROR_RESPONSES = {
  400: { name: 'BadRequest', description: 'The request is invalid: malformed JSON, a path that is not valid percent-encoding, or fields that fail validation (`problems` names each).' },
  401: { name: 'Unauthorized', description: 'No bearer token, or one that is invalid or expired.' },
  403: { name: 'Forbidden', description: 'The token lacks the role, or the grant belongs to another organisation.' },
  404: { name: 'NotFound', description: 'No such grant (or one of another organisation), agreement or county, or no such part, tranche, report or round.' },
  405: { name: 'MethodNotAllowed', description: 'The path exists, but not with this method; `Allow` lists the methods it has.' },
  409: { name: 'Conflict', description: 'The case (or agreement id) is taken by other content, or the grant or agreement is not in a state that allows this (e.g. retired).' },
  413: { name: 'ContentTooLarge', description: 'The body is larger than 1 MB.' },
  414: { name: 'UriTooLong', description: 'The URL is longer than 8 192 characters.' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not application/json, or its charset or content encoding is not supported.' },
  422: { name: 'Unprocessable', description: 'Well-formed, but the plan or agreement cannot work, the workflow refuses the change, or a text holds private-use characters of planes 15–16 (U+F0000–U+10FFFD, `unprintable`) (`code` names the reason; `problems` names every fault).' },
} as const;
export type ErrorStatus = keyof typeof ERROR_RESPONSES;

export interface ResponseDoc {
  description: string;
  /** A registered zod schema (becomes a $ref), or none for a body-less answer. */
  schema?: z.ZodType;
  contentType?: 'application/json' | 'application/problem+json' | 'text/html' | 'text/css' | 'text/csv' | 'text/plain';
  headers?: Record<string, string>;
}

export interface RouteDoc {
  method: Method;
  /** Express syntax, as mounted: `/api/grants/:caseNumber`. */
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  /** Roles of the bearer token that may call it (admin always may); none: no authentication. */
  roles?: readonly Role[];
  /** How the roles are proven: a bearer header (default), or the dashboard's session cookie or a bearer header. */
  auth?: 'bearer' | 'session';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: {
    schema: z.ZodType;
    contentType?: 'application/json' | 'application/x-www-form-urlencoded' | 'multipart/form-data';
    example: unknown;
    /** Default true. */
    required?: boolean;
    /** The route checks the body itself (a plan: structure and business rules in one answer); mount() only requires it. */
    checkedByRoute?: boolean;
  };
  responses: { [status: number]: ResponseDoc };
  errors?: readonly ErrorStatus[];
}

const registry = new Map<string, RouteDoc>();
const keyOf = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Declares a route (once per method and path; declaring it again replaces it, as a module reload does). */
export function documented<T extends RouteDoc>(doc: T): T {
  registry.set(keyOf(doc.method, doc.path), doc);
  return doc;
}

/** Every declared route, in declaration order. */
export function documentedRoutes(): readonly RouteDoc[] {
  return [...registry.values()];
}

/**
 * Serves a declared route on a router mounted at `base`: the guards (authentication, body
 * parsers) first, then, for the JSON API, the validation of params, query and body by the declared
 * schemas, then the handler.
 */
export function mount(router: Router, base: string, doc: RouteDoc, guards: RequestHandler[], handler: RequestHandler, opts: { validate?: boolean } = {}): void {
  if (!doc.path.startsWith(base)) throw new Error(`${doc.path} is not under ${base}`);
  const local = doc.path.slice(base.length) || '/';
  const checks =
    opts.validate === false
      ? []
      : [
          validate({
            params: doc.params,
            query: doc.query,
            body: doc.body && !doc.body.checkedByRoute ? doc.body.schema : undefined,
            bodyRequired: doc.body ? doc.body.required !== false : false,
          }),
        ];
  const method = doc.method === 'head' ? 'get' : doc.method;
  router[method](local, ...guards, ...checks, handler);
}

/** `/api/grants/:caseNumber` → a RegExp matching its concrete paths (for 405 answers). */
export function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}
