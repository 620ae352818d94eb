/** The Manage-data report on demand: start it from the Web UI and read its result, or query `report`. */
import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { createRecordActivities } from '../activities/records.js';
import { integrationIdSchema } from '../domain/settings.js';
import { parseInput } from './inputs.js';
import { reportQuery, type ReportView } from './messages.js';
import { z } from 'zod';

const { manageDataReport } = proxyActivities<ReturnType<typeof createRecordActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 5 },
});

export const reportInputSchema = z.object({ integrationId: integrationIdSchema }).strict();

export async function reportWorkflow(raw: z.input<typeof reportInputSchema>): Promise<ReportView> {
  const input = parseInput('report', reportInputSchema, raw);
  let report: ReportView | null = null;
  setHandler(reportQuery, () => report);
  report = await manageDataReport(input);
  return report;
}
