/**
 * Starting workflows with the right ids, conflict policies and search attributes: one place
 * used by the CLI, by activities that start other workflows, by the stack and by tests.
 */
import type { Client, WorkflowHandleWithFirstExecutionRunId as WorkflowHandle } from '@temporalio/client';
import type { Entity } from '../domain/entities.js';
import { workflowIds } from '../workflows/ids.js';
import type { BillingInput, DisconnectInput, FullSyncInput, PreviewInput, PushAllInput, RecordSyncInput } from '../workflows/inputs.js';
import { IntegrationIdKey, SyncKindKey } from '../workflows/search-attributes.js';

const attributes = (integrationId: string | undefined, kind: string) => [
  ...(integrationId ? [{ key: IntegrationIdKey, value: integrationId }] : []),
  { key: SyncKindKey, value: kind },
];

/** Starts the integration's full sync, or returns the one already running. */
export async function startFullSync(client: Client, taskQueue: string, input: FullSyncInput): Promise<WorkflowHandle> {
  return client.workflow.start('fullSyncWorkflow', {
    workflowId: workflowIds.fullSync(input.integrationId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, input.mode ?? 'incremental'),
  });
}

export async function startPreview(client: Client, taskQueue: string, input: PreviewInput): Promise<WorkflowHandle> {
  return client.workflow.start('previewWorkflow', {
    workflowId: workflowIds.preview(input.integrationId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'preview'),
  });
}

export async function startRecordSync(client: Client, taskQueue: string, input: RecordSyncInput): Promise<WorkflowHandle> {
  const side = input.bmsId ? 'bms' : 'itglue';
  return client.workflow.start('recordSyncWorkflow', {
    workflowId: workflowIds.recordSync(input.integrationId, input.entity as Entity, side, (input.bmsId ?? input.itglueId)!),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'record'),
  });
}

export async function startPushAll(client: Client, taskQueue: string, input: PushAllInput): Promise<WorkflowHandle> {
  return client.workflow.start('pushAllWorkflow', {
    workflowId: workflowIds.pushAll(input.integrationId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'push-all'),
  });
}

export async function startDisconnect(client: Client, taskQueue: string, input: DisconnectInput): Promise<WorkflowHandle> {
  return client.workflow.start('disconnectWorkflow', {
    workflowId: workflowIds.disconnect(input.integrationId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'disconnect'),
  });
}

export async function startBilling(client: Client, taskQueue: string, input: BillingInput & { billingDate: string }): Promise<WorkflowHandle> {
  return client.workflow.start('billingWorkflow', {
    workflowId: workflowIds.billing(input.region, input.billingDate, input.integrationId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'billing'),
  });
}
