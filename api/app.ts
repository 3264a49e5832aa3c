/** The express app: JSON API for coordinators and managers, approval pages for approvers. */
import { recordRouter } from './routes/record';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import { FAVICON_SVG } from './views/favicon';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Client } from '@temporalio/client';
import { tokenLoginEnabled, type Config } from '../common/config';
import { redactUrl } from '../common/logger';
import { createAuthenticator, type RequireRole } from './auth';
import { errorHandler, HttpError, t } from './errors';
import { jsonBody } from './validate';
import { answerOptions, methodNotAllowed, refuseLongUrls } from './refusals';
import { serviceRouter } from './routes/service';
import { grantsRouter } from './routes/grants';
import { agreementsRouter } from './routes/agreements';
import { approvalsRouter } from './routes/approvals';
import { docsRouter } from './routes/docs';
import { managerRouter } from './routes/manager';
import { dashboardRouter } from './routes/dashboard';
import { signinRouter } from './routes/signin';
import { workbenchRouter } from './routes/workbench';
import { createOidc } from './oidc';
import { createMetrics } from './metrics';
import { CSS } from './views/layout';
import type { Pool } from 'pg';
import { createRegisterPool } from '../register/pool';
import { endedSessions } from './endedSessions';

export interface AppDeps {
  config: Config;
  client: Client;
  log: Logger;
  now?: () => number;
  /**
   * The register's pool (register/, PostgreSQL): lists and closed grants are read from it. Default:
   * one opened here on REGISTER_DATABASE_URL, closed with the app.
   */
  register?: Pool;
}

/** The express app, and what its caller must close when it stops serving: the register's pool, when the app opened it. */
export type App = express.Express & { register: Pool; close(): Promise<void> };

/**
 * /metrics needs authentication like every other route but the health checks: Prometheus sends
 * `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time); a person uses an admin JWT.
 */
function metricsGuard(config: Config, requireRole: RequireRole): express.RequestHandler {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const expected = config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : undefined;
  const admin = requireRole('admin');
  return (req, res, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (expected && m && timingSafeEqual(digest(m[1]!), expected)) return next();
    return admin(req, res, next);
  };
}

export function createApp(deps: AppDeps): App {
  const { config, client, log } = deps;
  const register = deps.register ?? createRegisterPool(config.REGISTER_DATABASE_URL, { max: config.REGISTER_POOL_MAX, applicationName: 'grantflow-api', log });
  const app = Object.assign(express(), {
    register,
    close: async () => {
      if (!deps.register) await register.end();
    },
  });
  app.disable('x-powered-by');
  // No ETag of express's own on every answer (each would make an undocumented 304): a grant's state carries its sequence number as ETag.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          // The sign-in and sign-out forms lead on to the OpenID provider (a redirect the CSP governs too).
          formAction: ["'self'", ...(config.OIDC_ISSUER ? [new URL(config.OIDC_ISSUER).origin] : [])],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );

  const oidc = createOidc(config);
  const requireRole = createAuthenticator(config, oidc, endedSessions(register));
  const metrics = createMetrics(client);
  app.use(metrics.middleware);
  app.use(refuseLongUrls);
  app.use(answerOptions);
  app.use(serviceRouter({ client, register, metricsGuard: metricsGuard(config, requireRole), metrics: metrics.handler }));
  app.get('/static/app.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(CSS);
  });
  // The icon, for browsers that ask for /favicon.ico and for pages' <link rel=icon>: no auth.
  app.get(['/favicon.ico', '/favicon.svg'], (_req, res) => {
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(FAVICON_SVG);
  });

  app.use('/a', approvalsRouter({ client, linkSecret: config.LINK_SECRET, publicBaseUrl: config.PUBLIC_BASE_URL, now: deps.now }));
  app.use('/api', recordRouter({ register, requireRole }));
  app.use('/api', managerRouter({ register, requireRole, publicBaseUrl: config.PUBLIC_BASE_URL, now: deps.now }));
  app.use('/dashboard', signinRouter({ oidc, requireRole, sessions: endedSessions(register), publicBaseUrl: config.PUBLIC_BASE_URL, tokenLogin: tokenLoginEnabled(config), scopes: config.OIDC_SCOPES, now: deps.now }));
  app.use('/dashboard/workbench', workbenchRouter({ client, register, taskQueue: config.TEMPORAL_TASK_QUEUE, requireRole, linkSecret: config.LINK_SECRET, publicBaseUrl: config.PUBLIC_BASE_URL, now: deps.now }));
  app.use('/dashboard', dashboardRouter({ client, register, requireRole, publicBaseUrl: config.PUBLIC_BASE_URL, temporalUiUrl: config.TEMPORAL_UI_URL, namespace: config.TEMPORAL_NAMESPACE, now: deps.now }));
  app.use('/api', ...jsonBody());
  app.use('/api', grantsRouter({ client, register, taskQueue: config.TEMPORAL_TASK_QUEUE, requireRole, now: deps.now }));
  app.use('/api', agreementsRouter({ client, taskQueue: config.TEMPORAL_TASK_QUEUE, requireRole, now: deps.now }));
  app.use(docsRouter({ publicBaseUrl: config.PUBLIC_BASE_URL }));

  app.use(methodNotAllowed);
  app.use((_req, _res, next) => next(new HttpError(404, 'not_found', t('det finns ingen sådan adress', 'no such route'))));
  app.use(errorHandler(log));
  return app;
}
