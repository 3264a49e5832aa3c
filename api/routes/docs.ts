/** `GET /openapi.json` (the OpenAPI 3.1 document) and `GET /docs` (the same as a page). No authentication. */
import { Router } from 'express';
import { buildOpenApi } from '../openapi';
import { DOCS_CSS, docsPage } from '../views/docs';
import { documented, mount } from '../routeRegistry';

export const DOCS_ROUTES = {
  openapi: documented({
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    tag: 'Service',
    summary: 'This document',
    description: 'OpenAPI 3.1, built from the routes’ own declarations and zod schemas (api/routeRegistry.ts).',
    responses: { 200: { description: 'The OpenAPI document.' } },
  }),
  docs: documented({ method: 'get', path: '/docs', operationId: 'docs', tag: 'Service', summary: 'This reference as a page', responses: { 200: { description: 'The API reference.', contentType: 'text/html' } } }),
};

export function docsRouter(opts: { publicBaseUrl: string }): Router {
  const r = Router();
  // Built on first use, not at start-up: a schema that cannot be converted fails this route (and
  // test/unit/openapi.test.ts), never the whole API.
  let built: { json: string; page: string } | undefined;
  const get = () => {
    if (!built) {
      const doc = buildOpenApi({ serverUrl: opts.publicBaseUrl.replace(/\/+$/, '') });
      built = { json: JSON.stringify(doc, null, 2), page: docsPage(doc) };
    }
    return built;
  };

  mount(
    r,
    '',
    DOCS_ROUTES.openapi,
    [],
    (_req, res) => {
      // Readable by API tools on other origins; it holds nothing secret.
      res.type('application/json').set({ 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' }).send(get().json);
    },
    { validate: false },
  );
  mount(r, '', DOCS_ROUTES.docs, [], (_req, res) => void res.type('html').set('Cache-Control', 'no-cache').send(get().page), { validate: false });
  r.get('/static/docs.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(DOCS_CSS);
  });
  return r;
}
