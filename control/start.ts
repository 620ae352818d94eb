/**
 * Starting workflows with the right ids, conflict policies and search attributes: one place
 * used by the CLI, by activities that start other workflows, by the stack and by tests.
 */
import type { Client, WorkflowHandleWithFirstExecutionRunId as WorkflowHandle, WorkflowStartOptions } from '@temporalio/client';
import type { WorkflowInputs, WorkflowType } from '../contract/workflows.js';
import type { Entity } from '../domain/entities.js';
import { workflowIds } from '../contract/ids.js';
import type { BillingInput, DisconnectInput, FullSyncInput, PreviewInput, PushAllInput, RecordSyncInput, TicketChecklistInput } from '../contract/inputs.js';
import { IntegrationIdKey, SyncKindKey } from '../contract/search-attributes.js';

const attributes = (integrationId: string | undefined, kind: string) => [
  ...(integrationId ? [{ key: IntegrationIdKey, value: integrationId }] : []),
  { key: SyncKindKey, value: kind },
];

/** Starts a workflow named in the contract, its input checked against that workflow's. */
export function startWorkflow<K extends WorkflowType>(
  client: Client,
  type: K,
  options: Omit<WorkflowStartOptions, 'args'> & { args: [WorkflowInputs[K]] },
): Promise<WorkflowHandle> {
  return client.workflow.start(type, options);
}

/** Starts the integration's full sync, or returns the one already running. */
export async function startFullSync(client: Client, taskQueue: string, input: FullSyncInput): Promise<WorkflowHandle> {
  return startWorkflow(client, 'fullSyncWorkflow', {
    workflowId: workflowIds.fullSync(input.integrationId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, input.mode ?? 'incremental'),
  });
}

export async function startPreview(client: Client, taskQueue: string, input: PreviewInput): Promise<WorkflowHandle> {
  return startWorkflow(client, 'previewWorkflow', {
    workflowId: workflowIds.preview(input.integrationId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'preview'),
  });
}

export async function startRecordSync(client: Client, taskQueue: string, input: RecordSyncInput): Promise<WorkflowHandle> {
  const side = input.bmsId ? 'bms' : 'itglue';
  return startWorkflow(client, 'recordSyncWorkflow', {
    workflowId: workflowIds.recordSync(input.integrationId, input.entity as Entity, side, (input.bmsId ?? input.itglueId)!),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'record'),
  });
}

export async function startPushAll(client: Client, taskQueue: string, input: PushAllInput): Promise<WorkflowHandle> {
  return startWorkflow(client, 'pushAllWorkflow', {
    workflowId: workflowIds.pushAll(input.integrationId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'push-all'),
  });
}

export async function startDisconnect(client: Client, taskQueue: string, input: DisconnectInput): Promise<WorkflowHandle> {
  return startWorkflow(client, 'disconnectWorkflow', {
    workflowId: workflowIds.disconnect(input.integrationId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'disconnect'),
  });
}

export async function startBilling(client: Client, taskQueue: string, input: BillingInput & { billingDate: string }): Promise<WorkflowHandle> {
  return startWorkflow(client, 'billingWorkflow', {
    workflowId: workflowIds.billing(input.region, input.billingDate, input.integrationId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'billing'),
  });
}

/** Applies a checklist template to one ticket; refused while another application to the same ticket runs. */
export async function startTicketChecklist(client: Client, taskQueue: string, input: TicketChecklistInput): Promise<WorkflowHandle> {
  return startWorkflow(client, 'ticketChecklistWorkflow', {
    workflowId: workflowIds.ticketChecklist(input.integrationId, input.ticketId),
    taskQueue,
    args: [input],
    typedSearchAttributes: attributes(input.integrationId, 'checklist'),
  });
}
