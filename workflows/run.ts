/**
 * What every workflow that records a run shares: the run's lifecycle (a `sync_runs` row started
 * once per workflow chain, finished on success, failure and cancellation alike, so no run row is
 * ever left `running`), the one paged-step loop (a step is called again with its cursor until it
 * says it is done, continuing as new when history grows), and failures whose message says what
 * went wrong.
 */
import {
  ApplicationFailure,
  CancellationScope,
  ContinueAsNew,
  allHandlersFinished,
  condition,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  workflowInfo,
} from '@temporalio/workflow';
import type { createSyncActivities, StartedRun, StartRunInput, StepOutcome } from '../activities/sync.js';
import type { Counts } from '../contract/messages.js';
import { isTimingCount } from '../domain/counts.js';

type SyncActivities = ReturnType<typeof createSyncActivities>;

const bookkeeping = proxyActivities<SyncActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 20 },
});

/** Where a run stands, as the Web UI's "current details" show it (Markdown). */
export interface RunDetails {
  title: string;
  runId: number | null;
  phase: string;
  /** The step being worked on, e.g. `apply configuration`, and its page (batches done + 1). */
  step?: string;
  page?: number;
  counts: Counts;
  message?: string;
}

export function renderDetails(d: RunDetails): string {
  const lines = [`**${d.title}**: ${d.phase}${d.runId !== null ? ` (sync run ${d.runId})` : ''}`];
  if (d.step) lines.push('', `Now: ${d.step}${d.page && d.page > 1 ? `, page ${d.page}` : ''}.`);
  if (d.message) lines.push('', d.message);
  const entities = Object.entries(d.counts).filter(([, c]) => Object.entries(c).some(([a, n]) => n > 0 && !isTimingCount(a)));
  if (entities.length > 0) {
    lines.push('', '| entity | counts |', '|---|---|');
    for (const [entity, c] of entities) {
      const text = Object.entries(c)
        .filter(([a, n]) => n > 0 && !isTimingCount(a))
        .map(([a, n]) => `${n} ${a}`)
        .join(', ');
      lines.push(`| ${entity} | ${text} |`);
    }
  }
  return lines.join('\n');
}

/** Shows where a run stands in the Web UI (workflow's current details). */
export function showDetails(d: RunDetails): void {
  setCurrentDetails(renderDetails(d));
}

const RUN_TITLE: Record<string, string> = {
  full: 'Full sync',
  incremental: 'Incremental sync',
  push: 'Two-way push',
  preview: 'Preview',
  record: 'Record sync',
  billing: 'Billing',
};

/** The title of a recorded run's details: `Full sync of acme (manual)`. */
export function runTitle(start: RunStart): string {
  return `${RUN_TITLE[start.kind] ?? start.kind} of ${start.integrationId} (${start.trigger})`;
}

export function addCounts(into: Counts, entity: string, add: Record<string, number>): void {
  const bucket = (into[entity] ??= {});
  for (const [action, n] of Object.entries(add)) if (n) bucket[action] = (bucket[action] ?? 0) + n;
}

/** The innermost message of a failure chain (the activity's own error). */
export function rootMessage(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/**
 * The workflow's failure says what went wrong in its own message (the Web UI's list shows only
 * that), instead of "Activity task failed" with the reason in a cause.
 */
export async function withClearFailure<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isCancellation(err) || err instanceof ContinueAsNew || !(err instanceof Error)) throw err;
    throw ApplicationFailure.create({ message: `${what} failed: ${rootMessage(err)}`, nonRetryable: true, cause: err });
  }
}

/** `workflowRunId` defaults to the chain's first run id; a new run inside the same chain (a queued sync) gives its own. */
export type RunStart = Omit<StartRunInput, 'workflowId' | 'workflowRunId'> & { workflowRunId?: string };

/**
 * Runs `body` as a recorded run: the row is started (or, continued as new, taken over), and
 * finished however `body` ends — except by continuing as new, which carries the run on.
 * `counts()` gives the counts to record when it ends early.
 */
export async function recordedRun<T extends { counts: Counts }>(
  start: RunStart,
  existing: StartedRun | null,
  body: (run: StartedRun) => Promise<T>,
  counts: () => Counts,
): Promise<T | { skipped: string; runId: number; counts: Counts }> {
  const info = workflowInfo();
  const title = runTitle(start);
  if (!existing) showDetails({ title, runId: null, phase: 'starting', counts: {} });
  const run = existing ?? (await bookkeeping.startRun({ ...start, workflowId: info.workflowId, workflowRunId: start.workflowRunId ?? info.firstExecutionRunId }));
  if (run.skip) {
    await bookkeeping.finishRun({ runId: run.runId, integrationId: start.integrationId, status: 'completed', counts: {} });
    showDetails({ title, runId: run.runId, phase: 'skipped', message: run.skip, counts: {} });
    return { skipped: run.skip, runId: run.runId, counts: {} };
  }
  try {
    const result = await body(run);
    await bookkeeping.finishRun({ runId: run.runId, integrationId: start.integrationId, status: 'completed', counts: result.counts });
    showDetails({ title, runId: run.runId, phase: 'completed', counts: result.counts });
    return result;
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    const cancelled = isCancellation(err);
    showDetails({ title, runId: run.runId, phase: cancelled ? 'cancelled' : 'failed', message: cancelled ? 'Cancelled by an operator.' : rootMessage(err), counts: counts() });
    await CancellationScope.nonCancellable(() =>
      bookkeeping.finishRun({
        runId: run.runId,
        integrationId: start.integrationId,
        status: cancelled ? 'cancelled' : 'failed',
        counts: counts(),
        error: cancelled ? 'cancelled by an operator' : rootMessage(err),
      }),
    );
    throw err;
  }
}

/** Where a step loop stands; carried across continue-as-new. */
export interface StepLoopState<S> {
  /** Index into the step list. */
  step: number;
  /** Where the current step stands (opaque to the workflow); null at its start. */
  cursor: string | null;
  /** Batches done in the current step (progress). */
  batches: number;
  counts: Counts;
  /** The steps, so a continued run does the same ones. */
  steps: S[];
}

/**
 * Calls each step until it says it is done, adding its counts under `entityOf(step)`; when
 * Temporal suggests continuing as new, hands the state to `continueWith`.
 */
export async function stepLoop<S>(
  state: StepLoopState<S>,
  call: (step: S, cursor: string | null) => Promise<StepOutcome>,
  hooks: {
    entityOf(step: S): string;
    onStep?(step: S, state: StepLoopState<S>): void;
    continueWith?(state: StepLoopState<S>): Promise<never>;
    /** The Web UI's current details: the run's title and id, and how a step reads (`apply configuration`). */
    details?: { title: string; runId: number; describe(step: S): string };
  },
): Promise<void> {
  while (state.step < state.steps.length) {
    const step = state.steps[state.step]!;
    hooks.onStep?.(step, state);
    if (hooks.details) {
      const { title, runId, describe } = hooks.details;
      showDetails({ title, runId, phase: 'running', step: `${describe(step)} (step ${state.step + 1} of ${state.steps.length})`, page: state.batches + 1, counts: state.counts });
    }
    const result = await call(step, state.cursor);
    addCounts(state.counts, hooks.entityOf(step), result.counts);
    state.batches += result.batches;
    if (result.next === null) {
      state.step++;
      state.cursor = null;
      state.batches = 0;
    } else {
      state.cursor = result.next;
    }
    if (hooks.continueWith && workflowInfo().continueAsNewSuggested && state.step < state.steps.length) {
      await condition(allHandlersFinished);
      await hooks.continueWith(state);
    }
  }
}
