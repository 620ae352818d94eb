/**
 * Workflow ids, schedule ids and task-queue names: one place, shared by workflows, activities,
 * the worker, the CLI and tests. Ids carry only integration ids and record ids, never names or
 * e-mail addresses (they are plain text in the Web UI and in logs).
 */
import type { Entity } from '../domain/entities.js';

export const DEFAULT_TASK_QUEUE = 'bms-itglue-sync';

export const workflowIds = {
  /** One full sync per integration: starting another while it runs returns the running one. */
  fullSync: (integrationId: string) => `full-sync:${integrationId}`,
  push: (integrationId: string) => `push:${integrationId}`,
  preview: (integrationId: string) => `preview:${integrationId}`,
  recordSync: (integrationId: string, entity: Entity, side: 'bms' | 'itglue', recordId: string) =>
    `record-sync:${integrationId}:${entity}:${side}:${recordId}`,
  pushAll: (integrationId: string) => `push-all:${integrationId}`,
  disconnect: (integrationId: string) => `disconnect:${integrationId}`,
  /** One checklist application per ticket at a time (the template's name stays out of the id). */
  ticketChecklist: (integrationId: string, ticketId: string) => `ticket-checklist:${integrationId}:${ticketId}`,
  /** One manual billing run per region and date (and integration, when it bills only one). */
  billing: (region: string, billingDate: string, integrationId?: string) =>
    integrationId ? `billing:${region}:${billingDate}:${integrationId}` : `billing:${region}:${billingDate}`,
  smoke: (suffix: string) => `smoke:${suffix}`,
  /** One on-demand units update per integration and scope (`rule:<id>`, `account:<id>`, `organization:<id>`). */
  updateUnits: (integrationId: string, scope: string) => `update-units:${integrationId}:${scope}`,
  /** One Create Unmatched per integration and entity. */
  createUnmatched: (integrationId: string, entity: Entity) => `create-unmatched:${integrationId}:${entity}`,
};

/** Schedules start `<workflowId>-<scheduled time>`, e.g. `push-poll:demo-2026-11-21T10:00:00Z`. */
const SCHEDULED_SUFFIX = /-\d{4}-\d\d-\d\dT[\d:.]+Z$/;

/**
 * The integration a workflow id belongs to (the ids above, and those the integration's schedules
 * start), or undefined for workflows of no single integration (regional billing, smoke). Logs use
 * it for lines the SDK writes about a workflow (telemetry/logger.ts).
 */
export function integrationOfWorkflowId(workflowId: string): string | undefined {
  const [kind, ...rest] = workflowId.replace(SCHEDULED_SUFFIX, '').split(':');
  switch (kind) {
    case 'full-sync':
    case 'push':
    case 'preview':
    case 'record-sync':
    case 'push-all':
    case 'disconnect':
    case 'scheduled-sync':
    case 'push-poll':
      return rest[0] || undefined;
    case 'billing':
      return rest[2];
    default:
      return undefined;
  }
}

export const scheduleIds = {
  sync: (integrationId: string) => `sync:${integrationId}`,
  pushPoll: (integrationId: string) => `push-poll:${integrationId}`,
  billing: (region: string) => `billing:${region}`,
};
