/** Every workflow the worker runs (the worker's `workflowsPath`). */
export { fullSyncWorkflow, twoWayPushWorkflow } from './full-sync.js';
export { scheduledSyncWorkflow } from './scheduled-sync.js';
export { smokeWorkflow } from './smoke.js';
export { previewWorkflow } from './preview.js';
export { recordSyncWorkflow } from './record-sync.js';
export { reportWorkflow } from './report.js';
export { billingWorkflow } from './billing.js';
export { pushAllWorkflow } from './push-all.js';
export { disconnectWorkflow } from './disconnect.js';
