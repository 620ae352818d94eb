/** Activities that drive other workflows through the Temporal client (schedules start them). */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { startFullSync } from '../control/start.js';
import { getIntegration } from '../db/integrations.js';
import { syncRuns } from '../db/schema.js';
import type { ActivityDeps } from './deps.js';

export function createControlActivities(deps: ActivityDeps) {
  return {
    /**
     * The regular sync: incremental, except every Nth run (and the first) which is a full
     * reconcile that also catches deletions. Starts the full sync, or attaches to the running one.
     */
    async startScheduledSync(input: { integrationId: string }): Promise<{ workflowId: string; runId: string; mode: 'incremental' | 'full' }> {
      const integration = await getIntegration(deps.db, input.integrationId);
      const recent = await deps.db
        .select({ kind: syncRuns.kind })
        .from(syncRuns)
        .where(and(eq(syncRuns.integrationId, input.integrationId), inArray(syncRuns.kind, ['full', 'incremental']), eq(syncRuns.status, 'completed')))
        .orderBy(desc(syncRuns.id))
        .limit(integration.settings.schedule.fullReconcileEvery);
      const sinceFull = recent.findIndex((r) => r.kind === 'full');
      const mode = sinceFull === -1 || sinceFull >= integration.settings.schedule.fullReconcileEvery - 1 ? 'full' : 'incremental';
      const handle = await startFullSync(deps.temporal, deps.taskQueue, { integrationId: input.integrationId, mode, trigger: 'schedule' });
      return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId, mode };
    },
  };
}
