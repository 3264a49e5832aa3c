/** Health, readiness and metrics: what operations and Prometheus ask the API. */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { documented, mount } from '../routeRegistry';
import { described, named } from '../schemaRegistry';

export const HealthBody = named(z.object({ status: z.literal('ok') }), { id: 'Health' });
export const ReadyBody = named(
  z.object({
    status: z.enum(['ready', 'not ready']),
    temporal: z.enum(['reachable', 'unreachable']),
    register: described(
      z.enum(['reachable', 'unreachable']),
      'The register (PostgreSQL) that lists and closed grants are read from. Not a reason to be not ready: approvals and steering go to the workflows, which keep their records until the register is back.',
    ),
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
    description: 'The API reaches Temporal; whether it reaches the register is reported beside.',
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

export function serviceRouter(deps: { client: Client; register: Pick<Pool, 'query'>; metricsGuard: RequestHandler; metrics: RequestHandler }): Router {
  const { client, register } = deps;
  const r = Router();
  mount(r, '', SERVICE_ROUTES.metrics, [deps.metricsGuard], deps.metrics, { validate: false });
  mount(r, '', SERVICE_ROUTES.health, [], (_req, res) => void res.json({ status: 'ok' }), { validate: false });
  // The register: reported, not a reason to be unready (the workflows are the source of truth).
  const registerState = async () => ({ register: (await register.query('SELECT 1').then(() => true, () => false)) ? ('reachable' as const) : ('unreachable' as const) });
  mount(
    r,
    '',
    SERVICE_ROUTES.ready,
    [],
    async (_req, res) => {
      const reg = await registerState();
      try {
        await client.connection.workflowService.getSystemInfo({});
        res.json({ status: 'ready', temporal: 'reachable', ...reg });
      } catch {
        res.status(503).json({ status: 'not ready', temporal: 'unreachable', ...reg });
      }
    },
    { validate: false },
  );
  return r;
}
