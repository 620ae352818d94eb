/**
 * A checklist template applied to one BMS ticket on demand (SPEC §13): startable from the Web UI
 * (`{"integrationId": "demo", "ticketId": "70001", "template": "New starter"}`) and the CLI
 * (`ticket checklist apply`). The template is applied once per ticket: starting it again after it
 * applied answers "already applied" and sends nothing.
 */
import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { createTicketActivities } from '../activities/tickets/index.js';
import type { ChecklistOutcome } from '../activities/tickets/checklists.js';
import { ticketChecklistInputSchema, type TicketChecklistInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';
import { IntegrationIdKey, SyncKindKey } from '../contract/search-attributes.js';
import { recordedRun, withClearFailure } from './run.js';

const { applyChecklist } = proxyActivities<ReturnType<typeof createTicketActivities>>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

export type TicketChecklistResult = ChecklistOutcome & { runId: number };

export async function ticketChecklistWorkflow(raw: TicketChecklistInput): Promise<TicketChecklistResult> {
  const input = parseInput('ticket checklist', ticketChecklistInputSchema, raw);
  upsertSearchAttributes([
    { key: IntegrationIdKey, value: input.integrationId },
    { key: SyncKindKey, value: 'checklist' },
  ]);
  return withClearFailure('ticket checklist', async () => {
    const result = await recordedRun(
      { integrationId: input.integrationId, kind: 'checklist', trigger: 'manual' },
      null,
      async (run) => {
        const outcome = await applyChecklist({ ...input, runId: run.runId, requestedBy: input.requestedBy ?? 'an operator' });
        return { ...outcome, runId: run.runId, counts: { ticket: { [outcome.outcome]: 1 } } };
      },
      () => ({}),
    );
    if ('skipped' in result) throw new Error(`ticket checklist not applied: ${result.skipped}`);
    const { counts: _counts, ...outcome } = result;
    return outcome;
  });
}
