/** Every activity, built from the worker's dependencies; failures leave through activities/errors.ts. */
import { createBillingActivities } from './billing.js';
import { createControlActivities } from './control.js';
import type { ActivityDeps } from './deps.js';
import { createDisconnectActivities } from './disconnect.js';
import { withFailureMapping } from './errors.js';
import { createPushAllActivities } from './push-all.js';
import { createRecordActivities } from './records.js';
import { createSmokeActivities } from './smoke.js';
import { createSyncActivities } from './sync.js';
import { createTicketActivities } from './tickets/index.js';

export function createActivities(deps: ActivityDeps) {
  return withFailureMapping({
    ...createSyncActivities(deps),
    ...createControlActivities(deps),
    ...createRecordActivities(deps),
    ...createSmokeActivities(deps),
    ...createBillingActivities(deps),
    ...createPushAllActivities(deps),
    ...createDisconnectActivities(deps),
    ...createTicketActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
