/**
 * What the integration's schedule starts. A schedule gives every run its own timestamped id, so
 * this small workflow starts (or attaches to) the one `full-sync:<id>` run through an activity,
 * which keeps "one full sync per integration" true for scheduled and manual runs alike.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createControlActivities } from '../activities/control.js';
import { scheduledSyncInputSchema, type ScheduledSyncInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';

const { startScheduledSync } = proxyActivities<ReturnType<typeof createControlActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10 },
});

export async function scheduledSyncWorkflow(raw: ScheduledSyncInput): Promise<{ workflowId: string; runId: string; mode: string }> {
  const input = parseInput('scheduled sync', scheduledSyncInputSchema, raw);
  return startScheduledSync({ integrationId: input.integrationId });
}
