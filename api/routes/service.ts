/** Health, readiness and metrics: what operations and Prometheus ask the API. */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { ListSnapshot } from '../listSnapshot';
import { documented, mount } from '../routeRegistry';
import { Instant, described, named } from '../schemaRegistry';

export const HealthBody = named(z.object({ status: z.literal('ok') }), { id: 'Health' });
export const ReadyBody = named(
  z.object({
    status: z.enum(['ready', 'not ready']),
    temporal: z.enum(['reachable', 'unreachable']),
    list: described(
      z.enum(['loading', 'current', 'stale']).optional(),
      'The managers’ list snapshot: loading (its first read; lists read visibility meanwhile), current, or stale (its last refresh failed; lists are served as of listAsOf). Never a reason to be not ready.',
    ),
    listAsOf: described(Instant.optional(), 'When the list snapshot’s last completed refresh started: what visibility held then, lists show.'),
  }),
  { id: 'Readiness' },
);

export const SERVICE_ROUTES = {
  health: documented({
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tag: 'Service',
    summary: 'Liveness',
    description: 'The process answers.',
    responses: { 200: { description: 'Alive.', schema: HealthBody } },
  }),
  ready: documented({
    method: 'get',
    path: '/readyz',
    operationId: 'ready',
    tag: 'Service',
    summary: 'Readiness',
    description: 'The API reaches Temporal.',
    responses: { 200: { description: 'Ready.', schema: ReadyBody }, 503: { description: 'Temporal is unreachable.', schema: ReadyBody } },
  }),
  metrics: documented({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'Service',
    summary: 'Prometheus metrics',
    description:
      'Process metrics, request durations by route template (never a token or case number), grants started, approvers’ answers by action, and refused updates by type. ' +
      'Prometheus sends `Authorization: Bearer <METRICS_TOKEN>`; a person may use an admin JWT.',
    roles: ['admin'],
    responses: { 200: { description: 'The Prometheus text format.', contentType: 'text/plain' } },
    errors: [401, 403],
  }),
};

export function serviceRouter(deps: { client: Client; snapshot?: ListSnapshot; metricsGuard: RequestHandler; metrics: RequestHandler }): Router {
  const { client, snapshot } = deps;
  const r = Router();
  mount(r, '', SERVICE_ROUTES.metrics, [deps.metricsGuard], deps.metrics, { validate: false });
  mount(r, '', SERVICE_ROUTES.health, [], (_req, res) => void res.json({ status: 'ok' }), { validate: false });
  // The list snapshot: loading (lists read visibility), current, or stale (its last refresh failed;
  // lists serve what it holds, as of listAsOf). Not a reason to be unready.
  const listReadiness = () => (snapshot ? { list: snapshot.state, ...(snapshot.asOf ? { listAsOf: snapshot.asOf.toISOString() } : {}) } : {});
  mount(
    r,
    '',
    SERVICE_ROUTES.ready,
    [],
    async (_req, res) => {
      try {
        await client.connection.workflowService.getSystemInfo({});
        res.json({ status: 'ready', temporal: 'reachable', ...listReadiness() });
      } catch {
        res.status(503).json({ status: 'not ready', temporal: 'unreachable', ...listReadiness() });
      }
    },
    { validate: false },
  );
  return r;
}
