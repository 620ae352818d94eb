/** The Manage-data report on demand: start it from the Web UI and read its result, or query `report`. */
import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { createRecordActivities } from '../activities/records.js';
import { reportInputSchema, type ReportInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';
import { HANDLER_DESCRIPTIONS, reportQuery, type ReportView } from '../contract/messages.js';

const { manageDataReport } = proxyActivities<ReturnType<typeof createRecordActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 5 },
});


export async function reportWorkflow(raw: ReportInput): Promise<ReportView> {
  const input = parseInput('report', reportInputSchema, raw);
  let report: ReportView | null = null;
  setHandler(reportQuery, () => report, { description: HANDLER_DESCRIPTIONS.report });
  report = await manageDataReport(input);
  return report;
}
