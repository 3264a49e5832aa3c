/** `GET /openapi.json` (the OpenAPI 3.1 document) and `GET /docs` (the same as a page). No authentication. */
import { Router } from 'express';
import { buildOpenApi } from '../openapi';
import { DOCS_CSS, docsPage } from '../views/docs';

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

  r.get('/openapi.json', (_req, res) => {
    // Readable by API tools on other origins; it holds nothing secret.
    res.type('application/json').set({ 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' }).send(get().json);
  });
  r.get('/docs', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-cache').send(get().page);
  });
  r.get('/static/docs.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(DOCS_CSS);
  });
  return r;
}
