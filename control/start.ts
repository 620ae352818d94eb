/**
 * Starting workflows with the right ids, conflict policies and search attributes: one place
 * used by the CLI, by activities that start other workflows, by the stack and by tests.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowHandleWithFirstExecutionRunId as WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import { syncAgainSignal } from '../contract/messages.js';
import type { WorkflowInputs, WorkflowType } from '../contract/workflows.js';
import type { Entity } from '../domain/entities.js';
import { workflowIds } from '../contract/ids.js';
import type {
  BillingInput,
  CreateUnmatchedInput,
  DisconnectInput,
  FullSyncInput,
  PreviewInput,
  PushAllInput,
  RecordSyncInput,
  TicketChecklistInput,
  UpdateUnitsInput,
} from '../contract/inputs.js';
import { IntegrationIdKey, SyncKindKey } from '../contract/search-attributes.js';

const attributes = (integrationId: string | undefined, kind: string) => [
  ...(integrationId ? [{ key: IntegrationIdKey, value: integrationId }] : []),
  { key: SyncKindKey, value: kind },
];

/** Who started a workflow: an operator (CLI, Web UI, the stack's first sync) or a schedule. */
export type Trigger = 'manual' | 'schedule';

const KIND: Record<WorkflowType, string> = {
  fullSyncWorkflow: 'Sync',
  twoWayPushWorkflow: 'Two-way push',
  scheduledSyncWorkflow: 'Scheduled sync',
  previewWorkflow: 'Preview (dry run)',
  recordSyncWorkflow: 'Record',
  reportWorkflow: 'Manage-data report',
  pushAllWorkflow: 'Push All',
  disconnectWorkflow: 'Disconnect',
  billingWorkflow: 'Billing',
  updateUnitsWorkflow: 'Update Units',
  createUnmatchedWorkflow: 'Create Unmatched',
  smokeWorkflow: 'Smoke check',
  ticketChecklistWorkflow: 'Ticket checklist',
};

/**
 * The Web UI's summary and details of a start (static: they never change), from the workflow
 * and its input: what it is, for which integration, why it started. Inputs carry no secrets.
 */
export function startMetadata<K extends WorkflowType>(type: K, input: WorkflowInputs[K], trigger: Trigger): { staticSummary: string; staticDetails: string } {
  const i = input as Record<string, unknown>;
  const integration = typeof i.integrationId === 'string' ? i.integrationId : undefined;
  let what = KIND[type];
  if (type === 'fullSyncWorkflow') what = `${i.mode === 'full' ? 'Full' : 'Incremental'} sync${i.rereadAllAssets ? ' (every asset re-read)' : ''}`;
  if (type === 'recordSyncWorkflow') what = `Record ${String(i.action)}: ${String(i.entity)} ${i.bmsId ? `BMS ${String(i.bmsId)}` : `IT Glue ${String(i.itglueId)}`}`;
  if (type === 'disconnectWorkflow') what = `Disconnect (${String(i.mode)})`;
  if (type === 'billingWorkflow') what = `Billing ${String(i.region)}${i.billingDate ? ` for ${String(i.billingDate)}` : ''}`;
  const scope = integration ? ` of ${integration}` : type === 'billingWorkflow' ? ' (every integration of the region)' : '';
  const staticSummary = `${what}${scope} · ${trigger === 'schedule' ? 'scheduled' : 'manual'}`;
  const rows: [string, string][] = [
    ['workflow', type],
    ['integration', integration ?? '(all of the region)'],
    ['kind', what],
    ['trigger', trigger === 'schedule' ? 'schedule' : 'manual (an operator)'],
  ];
  if (typeof i.requestedBy === 'string') rows.push(['requested by', i.requestedBy]);
  const staticDetails = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  return { staticSummary, staticDetails };
}

/** Starts a workflow named in the contract, its input checked against that workflow's, with its Web UI summary and details. */
export function startWorkflow<K extends WorkflowType>(
  client: Client,
  type: K,
  options: Omit<WorkflowStartOptions, 'args'> & { args: [WorkflowInputs[K]]; trigger?: Trigger },
): Promise<WorkflowHandle> {
  const { trigger, ...start } = options;
  return client.workflow.start(type, { ...startMetadata(type, options.args[0], trigger ?? 'manual'), ...start });
}

/** Starts the integration's full sync, or returns the one already running. */
export async function startFullSync(client: Client, taskQueue: string, input: FullSyncInput): Promise<WorkflowHandle> {
  return startWorkflow(client, 'fullSyncWorkflow', {
    workflowId: workflowIds.fullSync(input.integrationId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, input.mode ?? 'incremental'),
    trigger: input.trigger ?? 'manual',
  });
}

/**
 * Starts a full reconcile of the integration now, or, when one is running, asks it to run again
 * once it is done (signal `syncAgain`): what saving settings that widen what syncs does (the
 * vendor's "Save queues a sync"). A running incremental sync would not see records that became
 * eligible without changing, so the follow-up is always full.
 */
export async function startOrQueueFullSync(
  client: Client,
  taskQueue: string,
  input: { integrationId: string; reason: string },
): Promise<{ state: 'started' | 'queued'; workflowId: string }> {
  const workflowId = workflowIds.fullSync(input.integrationId);
  // A run that ends between the refused start and the signal is started again on the next turn.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await startWorkflow(client, 'fullSyncWorkflow', {
        workflowId,
        taskQueue,
        args: [{ integrationId: input.integrationId, mode: 'full', trigger: 'manual' }],
        workflowIdConflictPolicy: 'FAIL',
        typedSearchAttributes: attributes(input.integrationId, 'full'),
      });
      return { state: 'started', workflowId };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    try {
      await client.workflow.getHandle(workflowId).signal(syncAgainSignal, { reason: input.reason });
      return { state: 'queued', workflowId };
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  throw new Error(`could not start or queue a full sync of integration ${input.integrationId}: ${workflowId} kept starting and ending`);
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

/** Update Units for one rule or one client (one update per integration and scope at a time). */
export async function startUpdateUnits(client: Client, taskQueue: string, input: UpdateUnitsInput): Promise<WorkflowHandle> {
  const scope = input.ruleId !== undefined ? `rule:${input.ruleId}` : input.bmsAccountId !== undefined ? `account:${input.bmsAccountId}` : `organization:${input.itglueOrganizationId ?? ''}`;
  return startWorkflow(client, 'updateUnitsWorkflow', {
    workflowId: workflowIds.updateUnits(input.integrationId, scope),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'billing'),
  });
}

/** Create Unmatched for one entity (one at a time per integration and entity). */
export async function startCreateUnmatched(client: Client, taskQueue: string, input: CreateUnmatchedInput): Promise<WorkflowHandle> {
  return startWorkflow(client, 'createUnmatchedWorkflow', {
    workflowId: workflowIds.createUnmatched(input.integrationId, input.entity as Entity),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: attributes(input.integrationId, 'create-unmatched'),
  });
}
