/** Activities for per-record operations and the Manage-data report. */
import { manageDataReport } from '../control/report.js';
import type { ManageDataReport } from '../db/report.js';
import type { ActivityDeps } from './deps.js';
import { withIntegrationLock } from './locks.js';
import { runRecordAction, type RecordRequest, type RecordResult } from './sync/record.js';
import { SyncSession } from './sync/session.js';

export function createRecordActivities(deps: ActivityDeps) {
  return {
    /** One record operation under the integration's writer lock (runs are not raced). */
    async recordAction(input: RecordRequest & { integrationId: string; runId: number }): Promise<RecordResult> {
      const session = await SyncSession.open(deps, input.integrationId, input.runId);
      return withIntegrationLock(deps, input.integrationId, () => runRecordAction(session, input));
    },

    async manageDataReport(input: { integrationId: string }): Promise<ManageDataReport> {
      return manageDataReport(deps.db, input.integrationId);
    },
  };
}
