/**
 * The workflow types the worker registers, each with its input: the one place a workflow is named.
 * Starters (control/start.ts, schedules, tests) name a workflow through this registry, so the input
 * they pass is type-checked against the workflow's; workflows/index.ts checks that it exports every
 * name here with a matching signature.
 */
import type {
  BillingInput,
  CreateUnmatchedInput,
  DisconnectInput,
  FullSyncInput,
  PreviewInput,
  PushAllInput,
  PushInput,
  RecordSyncInput,
  ReportInput,
  ScheduledSyncInput,
  SmokeInput,
  TicketChecklistInput,
  UpdateUnitsInput,
} from './inputs.js';

export interface WorkflowInputs {
  fullSyncWorkflow: FullSyncInput;
  twoWayPushWorkflow: PushInput;
  scheduledSyncWorkflow: ScheduledSyncInput;
  previewWorkflow: PreviewInput;
  recordSyncWorkflow: RecordSyncInput;
  reportWorkflow: ReportInput;
  pushAllWorkflow: PushAllInput;
  disconnectWorkflow: DisconnectInput;
  billingWorkflow: BillingInput;
  updateUnitsWorkflow: UpdateUnitsInput;
  createUnmatchedWorkflow: CreateUnmatchedInput;
  smokeWorkflow: SmokeInput;
  ticketChecklistWorkflow: TicketChecklistInput;
}

export type WorkflowType = keyof WorkflowInputs;

/** Every workflow type, by name (a registry the compiler keeps complete). */
export const WORKFLOW_TYPES = Object.keys({
  fullSyncWorkflow: true,
  twoWayPushWorkflow: true,
  scheduledSyncWorkflow: true,
  previewWorkflow: true,
  recordSyncWorkflow: true,
  reportWorkflow: true,
  pushAllWorkflow: true,
  disconnectWorkflow: true,
  billingWorkflow: true,
  updateUnitsWorkflow: true,
  createUnmatchedWorkflow: true,
  smokeWorkflow: true,
  ticketChecklistWorkflow: true,
} satisfies Record<WorkflowType, true>) as WorkflowType[];

/** What a workflow function of type K must accept. */
export type WorkflowFunctions = { [K in WorkflowType]: (input: WorkflowInputs[K]) => Promise<unknown> };
