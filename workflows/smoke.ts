/** A tiny end-to-end check of the stack: one activity that talks to both APIs and the database. */
import { proxyActivities } from '@temporalio/workflow';
import type { createSmokeActivities } from '../activities/smoke.js';
import { smokeInputSchema, type SmokeInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';

const { smokeCheck } = proxyActivities<ReturnType<typeof createSmokeActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

export async function smokeWorkflow(raw: SmokeInput): Promise<Awaited<ReturnType<typeof smokeCheck>>> {
  return smokeCheck(parseInput('smoke', smokeInputSchema, raw));
}
