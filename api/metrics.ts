/**
 * Prometheus metrics (prom-client), one registry per app: createApp may run several times in one
 * process (tests), and each app counts only its own requests.
 *
 * - default process metrics (CPU, memory, event loop, GC, handles);
 * - `grantflow_http_request_duration_seconds{method,route,status_code}`: the route is the matched
 *   template (`/a/:token`, `/api/grants/:caseNumber`), never the URL: approval tokens and case
 *   numbers stay out of the labels; a request no route answered is `route="(unmatched)"`;
 * - `grantflow_grants_started_total`: grant workflows this API started (a repeated, idempotent
 *   start is not counted);
 * - `grantflow_approval_decisions_total{action}`: approvers' answers the workflow accepted
 *   (approve, reject, return, delegate);
 * - `grantflow_update_refusals_total{update,type}`: updates the workflow's validators refused, by
 *   failure type (AlreadyAnswered, DateInPast, …) and update (decide, recordFact, amend, …).
 *
 * The three counters are read where they happen, at the Temporal client: one pass-through
 * interceptor is added once to the client's workflow interceptors, and it finds the app whose
 * request made the call through an AsyncLocalStorage context the app's middleware sets. Calls made
 * outside a request (a script, a test using the client directly) are not counted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Client, WorkflowClientInterceptor } from '@temporalio/client';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { GRANT_WORKFLOW_TYPE } from '../workflows/grant/contract';

export interface AppMetrics {
  registry: Registry;
  grantsStarted: Counter;
  approvalDecisions: Counter<'action'>;
  updateRefusals: Counter<'update' | 'type'>;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Times every request and makes this app's counters the ones the client interceptor feeds. */
  middleware: RequestHandler;
  /** `GET /metrics` in the Prometheus text format. */
  handler: RequestHandler;
}

const current = new AsyncLocalStorage<AppMetrics>();
const instrumented = new WeakSet<object>();
const DECISION_ACTIONS = new Set(['approve', 'reject', 'return', 'delegate']);

const interceptor: WorkflowClientInterceptor = {
  async startWithDetails(input, next) {
    const out = await next(input);
    if (input.workflowType === GRANT_WORKFLOW_TYPE) current.getStore()?.grantsStarted.inc();
    return out;
  },
  async startUpdate(input, next) {
    const out = await next(input);
    const m = current.getStore();
    const outcome = out.outcome;
    if (m && outcome) {
      if (outcome.failure) {
        const type = outcome.failure.applicationFailureInfo?.type || 'Refused';
        m.updateRefusals.inc({ update: label(input.updateName), type: label(type) });
      } else if (input.updateName === 'decide') {
        const action = (input.args[0] as { action?: unknown } | undefined)?.action;
        if (typeof action === 'string' && DECISION_ACTIONS.has(action)) m.approvalDecisions.inc({ action });
      }
    }
    return out;
  },
};

/** Label values come from code (failure types, update names), but keep them tame anyway. */
function label(s: string): string {
  return s.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 64) || 'unknown';
}

/** Adds the counting interceptor to a client once (a client without the usual interceptor list is left alone). */
function instrument(client: Client | undefined) {
  const workflow = (client as { workflow?: { options?: { interceptors?: unknown } } } | undefined)?.workflow;
  const list = workflow?.options?.interceptors;
  if (!workflow || !Array.isArray(list) || instrumented.has(workflow)) return;
  list.push(interceptor);
  instrumented.add(workflow);
}

const ROUTE = Symbol('grantflow.route');
type RoutedRequest = Request & { [ROUTE]?: string };

/**
 * The route template a request matched, e.g. `/api/grants/:caseNumber`. Express sets `req.route`
 * when a route matches, while `req.baseUrl` still holds the router's mount path; by the time the
 * response finishes an app-level error handler may have reset `baseUrl`, so both are captured at
 * the moment the route is set.
 */
function captureRoute(req: Request) {
  let route: unknown = (req as { route?: unknown }).route;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (v: { path?: unknown } | undefined) => {
      route = v;
      if (v && v.path !== undefined) {
        const path = String(v.path);
        (req as RoutedRequest)[ROUTE] = req.baseUrl && path === '/' ? req.baseUrl : `${req.baseUrl}${path}`;
      }
    },
  });
}

export function createMetrics(client?: Client): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const grantsStarted = new Counter({ name: 'grantflow_grants_started_total', help: 'Grant workflows started through the API.', registers: [registry] });
  const approvalDecisions = new Counter({
    name: 'grantflow_approval_decisions_total',
    help: 'Approvers’ answers accepted by the grant workflow, by action.',
    labelNames: ['action'] as const,
    registers: [registry],
  });
  const updateRefusals = new Counter({
    name: 'grantflow_update_refusals_total',
    help: 'Workflow updates refused by the grant workflow’s validators, by update and failure type.',
    labelNames: ['update', 'type'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'grantflow_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Show the counters from the first scrape, at zero, for every action.
  for (const action of DECISION_ACTIONS) approvalDecisions.inc({ action }, 0);
  instrument(client);

  const metrics: AppMetrics = {
    registry,
    grantsStarted,
    approvalDecisions,
    updateRefusals,
    httpDuration,
    middleware: (req: Request, res: Response, next: NextFunction) => {
      const end = httpDuration.startTimer();
      captureRoute(req);
      res.once('finish', () => {
        end({ method: req.method, route: (req as RoutedRequest)[ROUTE] ?? '(unmatched)', status_code: String(res.statusCode) });
      });
      current.run(metrics, next);
    },
    handler: async (_req: Request, res: Response, next: NextFunction) => {
      try {
        const body = await registry.metrics();
        res.set('Cache-Control', 'no-store').type(registry.contentType).send(body);
      } catch (e) {
        next(e);
      }
    },
  };
  return metrics;
}
