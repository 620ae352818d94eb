/**
 * Nightly flexible-asset billing for one region (SPEC §9), started by the region's schedule at
 * 00:30 in its time zone, or by hand for a date (CLI `billing run`, Web UI).
 *
 * The billing date is the input's, else the calendar date of the schedule's
 * `TemporalScheduledStartTime` in the region's time zone: a search attribute the server sets on
 * every scheduled run, backfills included, so replay and retries see the same date. Without
 * either the run fails at once: billing "today" by the worker's clock would be neither
 * deterministic nor right after an outage.
 *
 * Missed nights (from the run's own `billing_runs` records) are billed first, oldest first, up
 * to seven. For each night, each active integration of the region with enabled rules is billed in
 * pages of rules; a failing integration is recorded and the others go on. Activities return
 * counts only, and the workflow continues as new when its history grows.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  ContinueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { createBillingActivities } from '../activities/billing.js';
import type { BillingCounts } from '../contract/billing-messages.js';
import { ALL_INTEGRATIONS, calendarDateInZone } from '../domain/billing-calendar.js';
import { REGION_TIME_ZONES, type Region } from '../domain/settings.js';
import { billingProgressQuery, type BillingProgress } from '../contract/billing-messages.js';
import { HANDLER_DESCRIPTIONS } from '../contract/messages.js';
import { billingInputSchema, type BillingInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';
import { IntegrationIdKey, SyncKindKey, SyncPhaseKey } from '../contract/search-attributes.js';
import { showDetails } from './run.js';

type BillingActivities = ReturnType<typeof createBillingActivities>;

/** Set by the server on every run a schedule starts (a built-in search attribute). */
export const ScheduledStartTimeKey = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

const pages = proxyActivities<BillingActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  // About half an hour of retries: then the integration is recorded as failed for the night,
  // and the next night's catch-up bills it again.
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 },
});
const bookkeeping = proxyActivities<BillingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 20 },
});

interface IntegrationCursor {
  integrationId: string;
  runId: number;
  afterRuleId: number;
  counts: BillingCounts;
}

/** Where a run is; carried across continue-as-new. */
export interface BillingCursor {
  billingDate: string;
  dateSource: 'input' | 'schedule';
  nights: string[];
  nightIndex: number;
  nightStarted: boolean;
  afterIntegrationId: string;
  current: IntegrationCursor | null;
  night: { counts: BillingCounts; integrations: number; failed: { integrationId: string; error: string }[] };
  totals: BillingCounts;
  integrationsBilled: number;
  failed: { night: string; integrationId: string; error: string }[];
  continuedAsNew: number;
}

export type BillingArgs = BillingInput & { resume?: BillingCursor };

export interface BillingResult {
  region: Region;
  scope: string;
  billingDate: string;
  dateSource: 'input' | 'schedule';
  nights: string[];
  counts: BillingCounts;
  integrationsBilled: number;
}

export async function billingWorkflow(args: BillingArgs): Promise<BillingResult> {
  const { resume, ...raw } = args ?? ({} as BillingArgs);
  const input = parseInput('billing', billingInputSchema, raw);
  const info = workflowInfo();
  const scope = input.integrationId ?? ALL_INTEGRATIONS;

  const progress: BillingProgress = {
    region: input.region,
    scope,
    billingDate: resume?.billingDate ?? null,
    dateSource: resume?.dateSource ?? null,
    nights: resume?.nights ?? [],
    night: null,
    integrationId: null,
    phase: 'starting',
    counts: resume?.totals ?? {},
    integrationsBilled: resume?.integrationsBilled ?? 0,
    failedIntegrations: resume?.failed ?? [],
    continuedAsNew: resume?.continuedAsNew ?? 0,
  };
  setHandler(billingProgressQuery, () => progress, { description: HANDLER_DESCRIPTIONS.billingProgress });
  // The Web UI's current details follow the progress (called wherever it changes).
  const show = () =>
    showDetails({
      title: `Billing ${progress.region}${input.integrationId ? ` of ${input.integrationId}` : ' (every integration of the region)'}${progress.billingDate ? ` for ${progress.billingDate}` : ''}`,
      runId: cursorRunId(),
      phase: progress.phase,
      step: progress.night ? `night ${progress.night}${progress.integrationId ? `, integration ${progress.integrationId}` : ''} (${progress.integrationsBilled} billed so far)` : undefined,
      message: progress.failedIntegrations.length ? `Failed: ${progress.failedIntegrations.map((f) => `${f.integrationId} on ${f.night}: ${f.error}`).join('; ')}` : undefined,
      counts: { billing: progress.counts as Record<string, number> },
    });
  let cursorRunId = (): number | null => null;
  show();

  let cursor: BillingCursor;
  if (resume) {
    cursor = resume;
  } else {
    upsertSearchAttributes([
      { key: SyncKindKey, value: 'billing' },
      ...(input.integrationId ? [{ key: IntegrationIdKey, value: input.integrationId }] : []),
    ]);
    const { date, source } = resolveBillingDate(input.region, input.billingDate);
    const catchUp = input.catchUp ?? source === 'schedule';
    const plan = await bookkeeping.planBillingRun({ region: input.region, billingDate: date, scope, catchUp }).catch((err: unknown) => {
      // The activity checks the integration asked for; say so like any other bad input.
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'InputError') {
        throw ApplicationFailure.nonRetryable(`Invalid billing input: ${err.cause.message}`, 'InvalidInput');
      }
      throw err;
    });
    cursor = {
      billingDate: date,
      dateSource: source,
      nights: plan.nights,
      nightIndex: 0,
      nightStarted: false,
      afterIntegrationId: '',
      current: null,
      night: { counts: {}, integrations: 0, failed: [] },
      totals: {},
      integrationsBilled: 0,
      failed: [],
      continuedAsNew: 0,
    };
    Object.assign(progress, { billingDate: date, dateSource: source, nights: plan.nights });
  }

  cursorRunId = () => cursor.current?.runId ?? null;
  const trigger = cursor.dateSource === 'schedule' ? 'schedule' : 'manual';
  const nightKey = (night: string) => ({ region: input.region, billingDate: night, scope, workflowId: info.workflowId });
  progress.phase = 'billing';

  try {
    while (cursor.nightIndex < cursor.nights.length) {
      const night = cursor.nights[cursor.nightIndex]!;
      progress.night = night;
      if (!cursor.nightStarted) {
        upsertSearchAttributes([{ key: SyncPhaseKey, value: `billing:${night}` }]);
        await bookkeeping.beginBillingNight(nightKey(night));
        cursor.nightStarted = true;
      }

      for (;;) {
        if (!cursor.current) {
          const next = await bookkeeping.nextIntegrationToBill({ region: input.region, scope, afterIntegrationId: cursor.afterIntegrationId });
          if (next === null) break;
          const { runId } = await bookkeeping.startIntegrationBilling({
            integrationId: next,
            billingDate: night,
            trigger,
            workflowId: info.workflowId,
            workflowRunId: info.firstExecutionRunId,
          });
          cursor.current = { integrationId: next, runId, afterRuleId: 0, counts: {} };
        }
        const current = cursor.current;
        progress.integrationId = current.integrationId;
        show();

        const outcome = await billIntegration(current, night, info.workflowId);
        if (outcome === 'continue-as-new') return await continueWith(input, cursor);

        addCounts(cursor.night.counts, current.counts);
        addCounts(cursor.totals, current.counts);
        progress.counts = cursor.totals;
        cursor.night.integrations++;
        cursor.integrationsBilled++;
        progress.integrationsBilled = cursor.integrationsBilled;
        if (outcome !== 'completed') {
          cursor.night.failed.push({ integrationId: current.integrationId, error: outcome.error });
          cursor.failed.push({ night, integrationId: current.integrationId, error: outcome.error });
        }
        cursor.afterIntegrationId = current.integrationId;
        cursor.current = null;
        show();
        if (workflowInfo().continueAsNewSuggested) return await continueWith(input, cursor);
      }

      await bookkeeping.finishBillingNight({
        ...nightKey(night),
        status: cursor.night.failed.length > 0 ? 'failed' : 'completed',
        counts: cursor.night.counts,
        integrations: cursor.night.integrations,
        failedIntegrations: cursor.night.failed,
      });
      Object.assign(cursor, { nightIndex: cursor.nightIndex + 1, nightStarted: false, afterIntegrationId: '', night: { counts: {}, integrations: 0, failed: [] } });
    }
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    // Cancelled, or bookkeeping itself failed: leave honest records behind.
    const cancelled = isCancellation(err);
    const message = cancelled ? 'cancelled by an operator' : errorMessage(err);
    await CancellationScope.nonCancellable(async () => {
      if (cursor.current) {
        await bookkeeping.finishIntegrationBilling({ runId: cursor.current.runId, status: cancelled ? 'cancelled' : 'failed', counts: cursor.current.counts, error: message });
      }
      const night = cursor.nights[cursor.nightIndex];
      if (night && cursor.nightStarted) {
        await bookkeeping.finishBillingNight({
          ...nightKey(night),
          status: 'failed',
          counts: cursor.night.counts,
          integrations: cursor.night.integrations,
          failedIntegrations: [...cursor.night.failed, { integrationId: cursor.current?.integrationId ?? scope, error: message }],
        });
      }
    });
    progress.phase = 'failed';
    show();
    throw err;
  }

  progress.night = null;
  progress.integrationId = null;
  if (cursor.failed.length > 0) {
    progress.phase = 'failed';
    show();
    // Everything else is billed and recorded; failing the run makes the problem visible in the UI.
    const list = cursor.failed.map((f) => `${f.integrationId} on ${f.night}: ${f.error}`).join('; ');
    throw ApplicationFailure.nonRetryable(`billing failed for ${cursor.failed.length} integration night(s): ${list}`, 'BillingIncomplete');
  }
  progress.phase = 'completed';
  show();
  return {
    region: input.region,
    scope,
    billingDate: cursor.billingDate,
    dateSource: cursor.dateSource,
    nights: cursor.nights,
    counts: cursor.totals,
    integrationsBilled: cursor.integrationsBilled,
  };
}

/**
 * Bills one integration's enabled rules page by page and closes its run row. A failure after the
 * activity's retries is the integration's, not the night's: it is recorded and returned.
 */
async function billIntegration(current: IntegrationCursor, night: string, workflowId: string): Promise<'completed' | 'continue-as-new' | { error: string }> {
  try {
    for (;;) {
      const page = await pages.billRulesPage({ integrationId: current.integrationId, runId: current.runId, billingDate: night, afterRuleId: current.afterRuleId, workflowId });
      addCounts(current.counts, page.counts);
      if (page.nextAfterRuleId === null) break;
      current.afterRuleId = page.nextAfterRuleId;
      if (workflowInfo().continueAsNewSuggested) return 'continue-as-new';
    }
  } catch (err) {
    if (isCancellation(err)) throw err;
    const error = errorMessage(err);
    await bookkeeping.finishIntegrationBilling({ runId: current.runId, status: 'failed', counts: current.counts, error });
    return { error };
  }
  await bookkeeping.finishIntegrationBilling({ runId: current.runId, status: 'completed', counts: current.counts });
  return 'completed';
}

async function continueWith(input: BillingInput, cursor: BillingCursor): Promise<never> {
  await condition(allHandlersFinished);
  return continueAsNew<typeof billingWorkflow>({ ...input, resume: { ...cursor, continuedAsNew: cursor.continuedAsNew + 1 } });
}

/** The input's date, else the scheduled start time's date in the region's zone. */
function resolveBillingDate(region: Region, billingDate: string | undefined): { date: string; source: 'input' | 'schedule' } {
  if (billingDate) return { date: billingDate, source: 'input' };
  const scheduledAt = workflowInfo().typedSearchAttributes.get(ScheduledStartTimeKey);
  if (scheduledAt) return { date: calendarDateInZone(new Date(scheduledAt), REGION_TIME_ZONES[region]), source: 'schedule' };
  throw ApplicationFailure.nonRetryable(
    'Invalid billing input: billingDate: give a date (YYYY-MM-DD); only runs started by the billing schedule take it from their scheduled time',
    'InvalidInput',
  );
}

function addCounts(into: BillingCounts, add: BillingCounts): void {
  for (const [key, n] of Object.entries(add) as [keyof BillingCounts, number][]) if (n) into[key] = (into[key] ?? 0) + n;
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
