/**
 * Update Units (the vendor's button on a contract's service, "populate the service with real-time
 * unit values from IT Glue"): bills one rule, or a client's rules, now instead of at night, the
 * same way the night does (activities/billing.ts `billRulesPage`): the change is billed on today's
 * date in the integration's region, one ledger row per rule and date, so a night that already
 * billed today is not billed again and a later night bills what changes after. Refused, with a
 * message saying so, for an integration without two-way sync.
 *
 * The id is `update-units:<integrationId>:<scope>` (USE_EXISTING): pressing twice attaches to the
 * running update.
 */
import { ActivityFailure, ApplicationFailure, CancellationScope, isCancellation, proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createBillingActivities, UnitsUpdateLine } from '../activities/billing.js';
import type { BillingCounts } from '../contract/billing-messages.js';
import { updateUnitsInputSchema, type UpdateUnitsInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';
import { IntegrationIdKey, SyncKindKey } from '../contract/search-attributes.js';

type BillingActivities = ReturnType<typeof createBillingActivities>;

const pages = proxyActivities<BillingActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});
const bookkeeping = proxyActivities<BillingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 20 },
});

export interface UpdateUnitsResult {
  integrationId: string;
  billingDate: string;
  runId: number;
  counts: BillingCounts;
  rules: UnitsUpdateLine[];
}

export async function updateUnitsWorkflow(raw: UpdateUnitsInput): Promise<UpdateUnitsResult> {
  const input = parseInput('update units', updateUnitsInputSchema, raw);
  const info = workflowInfo();
  upsertSearchAttributes([
    { key: IntegrationIdKey, value: input.integrationId },
    { key: SyncKindKey, value: 'billing' },
  ]);
  const plan = await bookkeeping
    .beginUnitsUpdate({
      integrationId: input.integrationId,
      ruleId: input.ruleId,
      bmsAccountId: input.bmsAccountId,
      itglueOrganizationId: input.itglueOrganizationId,
      workflowId: info.workflowId,
      workflowRunId: info.firstExecutionRunId,
    })
    .catch((err: unknown) => {
      // A refusal (two-way off, unknown rule) is the input's problem: say so as the workflow's failure.
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'InputError') {
        throw ApplicationFailure.nonRetryable(`Update Units refused: ${err.cause.message}`, 'InvalidInput');
      }
      throw err;
    });

  const counts: BillingCounts = {};
  try {
    for (let afterRuleId = 0; ; ) {
      const page = await pages.billRulesPage({ integrationId: input.integrationId, runId: plan.runId, billingDate: plan.billingDate, afterRuleId, workflowId: info.workflowId, ruleIds: plan.ruleIds });
      for (const [key, n] of Object.entries(page.counts) as [keyof BillingCounts, number][]) counts[key] = (counts[key] ?? 0) + n;
      if (page.nextAfterRuleId === null) break;
      afterRuleId = page.nextAfterRuleId;
    }
  } catch (err) {
    const cancelled = isCancellation(err);
    const message = err instanceof ActivityFailure && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
    await CancellationScope.nonCancellable(() =>
      bookkeeping.finishIntegrationBilling({ runId: plan.runId, status: cancelled ? 'cancelled' : 'failed', counts, error: cancelled ? 'cancelled by an operator' : message }),
    );
    throw err;
  }
  await bookkeeping.finishIntegrationBilling({ runId: plan.runId, status: 'completed', counts });
  const rules = await bookkeeping.unitsUpdateResult({ ruleIds: plan.ruleIds, billingDate: plan.billingDate });
  return { integrationId: input.integrationId, billingDate: plan.billingDate, runId: plan.runId, counts, rules };
}
