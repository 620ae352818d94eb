/** Activities of the ticket features that run outside a sync (the on-demand checklist). */
import type { ActivityDeps } from '../deps.js';
import { withIntegrationLock } from '../locks.js';
import { SyncSession } from '../sync/session.js';
import { applyChecklistOnDemand, type ChecklistOutcome } from './checklists.js';

export interface ApplyChecklistRequest {
  integrationId: string;
  runId: number;
  ticketId: string;
  template: string;
  requestedBy: string;
}

export function createTicketActivities(deps: ActivityDeps) {
  return {
    /** A checklist template applied to one ticket, once (a retry after a lost answer sends nothing twice). */
    async applyChecklist(input: ApplyChecklistRequest): Promise<ChecklistOutcome> {
      const session = await SyncSession.open(deps, input.integrationId, input.runId);
      // Under the writer lock: a sync applying checklist rules to the same ticket waits.
      return withIntegrationLock(deps, input.integrationId, () => applyChecklistOnDemand(session, input));
    },
  };
}
