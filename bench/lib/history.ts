/** Workflow histories: events per run, followed across continue-as-new. */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';

const EventType = temporal.api.enums.v1.EventType;

export interface RunHistory {
  runId: string;
  events: number;
  /** The run's history as the server sends it (protobuf bytes): what it stores and replays. */
  bytes: number;
  byType: Record<string, number>;
  bytesByType: Record<string, number>;
  continuedAsNew: boolean;
}

const typeName = (e: temporal.api.history.v1.IHistoryEvent) => (EventType[e.eventType ?? 0] ?? String(e.eventType)).replace(/^EVENT_TYPE_/, '');

export function countByType(events: temporal.api.history.v1.IHistoryEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[typeName(e)] = (out[typeName(e)] ?? 0) + 1;
  return out;
}

export function bytesByType(events: temporal.api.history.v1.IHistoryEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[typeName(e)] = (out[typeName(e)] ?? 0) + temporal.api.history.v1.HistoryEvent.encode(e).finish().length;
  return out;
}

/** Every run of a workflow from `firstRunId`, following continue-as-new to the last. */
export async function historyChain(client: Client, workflowId: string, firstRunId: string): Promise<RunHistory[]> {
  const runs: RunHistory[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const h: temporal.api.history.v1.IHistory = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events: temporal.api.history.v1.IHistoryEvent[] = h.events ?? [];
    const last: temporal.api.history.v1.IHistoryEvent | undefined = events.at(-1);
    const next: string | undefined = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    runs.push({ runId, events: events.length, bytes: temporal.api.history.v1.History.encode(h).finish().length, byType: countByType(events), bytesByType: bytesByType(events), continuedAsNew: !!next });
    runId = next;
  }
  return runs;
}

export function addCounts(into: Record<string, number>, from: Record<string, number>) {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
}

/** One scheduled activity of a history: its type, its input's size, and the input itself. */
export interface ActivityStep {
  type: string;
  bytes: number;
  input: unknown;
}

/** Every activity a workflow scheduled, in order, over all its runs (the minimal workflow copies them). */
export async function activitySteps(client: Client, workflowId: string, firstRunId: string): Promise<ActivityStep[]> {
  const steps: ActivityStep[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const h: temporal.api.history.v1.IHistory = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    for (const e of h.events ?? []) {
      const a = e.activityTaskScheduledEventAttributes;
      if (!a) continue;
      const payloads = a.input?.payloads ?? [];
      const bytes = payloads.reduce((n, p) => n + (p.data?.length ?? 0), 0);
      steps.push({ type: a.activityType?.name ?? '', bytes, input: payloads[0] ? defaultPayloadConverter.fromPayload(payloads[0] as Payload) : undefined });
    }
    runId = h.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return steps;
}
