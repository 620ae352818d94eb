/** Every workflow the worker runs (the worker's `workflowsPath`), one per name of contract/workflows.ts. */
import type { WorkflowFunctions } from '../contract/workflows.js';
import { billingWorkflow } from './billing.js';
import { createUnmatchedWorkflow } from './create-unmatched.js';
import { disconnectWorkflow } from './disconnect.js';
import { fullSyncWorkflow, twoWayPushWorkflow } from './full-sync.js';
import { previewWorkflow } from './preview.js';
import { pushAllWorkflow } from './push-all.js';
import { recordSyncWorkflow } from './record-sync.js';
import { reportWorkflow } from './report.js';
import { scheduledSyncWorkflow } from './scheduled-sync.js';
import { smokeWorkflow } from './smoke.js';
import { ticketChecklistWorkflow } from './ticket-checklist.js';
import { updateUnitsWorkflow } from './update-units.js';

// The compiler checks that every workflow of the contract is here with a matching input.
const registered = {
  fullSyncWorkflow,
  twoWayPushWorkflow,
  scheduledSyncWorkflow,
  previewWorkflow,
  recordSyncWorkflow,
  reportWorkflow,
  pushAllWorkflow,
  disconnectWorkflow,
  billingWorkflow,
  updateUnitsWorkflow,
  createUnmatchedWorkflow,
  smokeWorkflow,
  ticketChecklistWorkflow,
} satisfies WorkflowFunctions;
void registered;

export { fullSyncWorkflow, twoWayPushWorkflow } from './full-sync.js';
export { scheduledSyncWorkflow } from './scheduled-sync.js';
export { smokeWorkflow } from './smoke.js';
export { previewWorkflow } from './preview.js';
export { recordSyncWorkflow } from './record-sync.js';
export { reportWorkflow } from './report.js';
export { billingWorkflow } from './billing.js';
export { updateUnitsWorkflow } from './update-units.js';
export { createUnmatchedWorkflow } from './create-unmatched.js';
export { pushAllWorkflow } from './push-all.js';
export { disconnectWorkflow } from './disconnect.js';
export { ticketChecklistWorkflow } from './ticket-checklist.js';
