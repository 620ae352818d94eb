/**
 * Push All (SPEC §9): the one-time push of every eligible IT Glue organization, location,
 * contact and configuration to BMS, for an MSP that is new to BMS.
 *
 * 1. Pre-check: read both systems into the mirrors and report (the `status` query, the Web UI's
 *    current details and memo) eligible counts, missing BMS account types and asset categories
 *    (they block: the workflow ends `blocked`), and records that already exist in BMS by the
 *    matching rules (they will be linked, not duplicated).
 * 2. Wait for `approve` or `reject` from an identity listed in the integration's approvers;
 *    other identities are refused, recorded and shown. Without a decision the request expires.
 * 3. Push in pages (organizations, their parent accounts, then locations, contacts,
 *    configurations); each page is idempotent, so a crash resumes where it stopped.
 *
 * Push All completes once per integration: the request row's partial unique index in PostgreSQL
 * enforces it (Temporal's id reuse rules only remember closed runs for the retention period).
 * The workflow id is `push-all:<integrationId>` and starters use USE_EXISTING, so a second
 * request while one waits returns the waiting one.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setDefaultSignalHandler,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { BegunPushAll, createPushAllActivities, PushAllPageRequest } from '../activities/push-all.js';
import type { PrecheckPage } from '../activities/sync/push-all.js';
import type { Entity } from '../domain/entities.js';
import { addCounts } from './run.js';
import { approvalSchema, pushAllInputSchema, type PushAllInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';
import {
  approveSignal,
  HANDLER_DESCRIPTIONS,
  pushAllStatusQuery,
  rejectSignal,
  type Counts,
  type PushAllPrecheck,
  type PushAllStatusView,
} from '../contract/messages.js';
import { IntegrationIdKey, SyncKindKey, SyncPhaseKey } from '../contract/search-attributes.js';

type PushAllActivities = ReturnType<typeof createPushAllActivities>;

/** Page activities heartbeat every few seconds: a killed worker is noticed within the timeout. */
const pages = proxyActivities<PushAllActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 25 },
});
const bookkeeping = proxyActivities<PushAllActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 20 },
});

const ALL_ENTITIES: Entity[] = ['organization', 'location', 'contact', 'configuration'];
/** At most this many "already in BMS" records travel in the status (the counts are complete). */
const EXISTING_LIST_LIMIT = 200;

type Stage = 'itglue-mirror' | 'bms-mirror' | 'push' | 'references';
interface Step {
  entity: Entity;
  stage: Stage;
}

/** Refresh both mirrors (parents first), so matching and pushing see both systems as they are. */
function refreshSteps(entities: Entity[]): Step[] {
  return entities.flatMap((entity) => [
    { entity, stage: 'itglue-mirror' as const },
    { entity, stage: 'bms-mirror' as const },
  ]);
}

/**
 * The push, parents first: per entity, BMS is read again right before it is pushed (so matching
 * sees it as it is then; records that live inside their parents are read with them), then the
 * push, then what could only be written once every record existed (parent accounts).
 */
function pushSteps(entities: Entity[]): Step[] {
  const steps: Step[] = entities.map((entity) => ({ entity, stage: 'itglue-mirror' as const }));
  for (const entity of entities) steps.push({ entity, stage: 'bms-mirror' }, { entity, stage: 'push' }, { entity, stage: 'references' });
  return steps;
}

/** Carried across continue-as-new during the push. */
export interface PushAllResume {
  requestId: number;
  runId: number;
  entities: Entity[];
  step: number;
  page: number;
  counts: Counts;
  view: PushAllStatusView;
  signalSeq: number;
}

export interface PushAllResult {
  requestId: number | null;
  status: PushAllStatusView['status'];
  precheck: PushAllPrecheck | null;
  report: Counts | null;
  message: string | null;
}

interface QueuedSignal {
  seq: number;
  /** A signal of another name than approve or reject (refused, and recorded as such). */
  unknownSignal?: string;
  approve: boolean;
  approver: string;
  comment?: string;
  receivedWhile: PushAllStatusView['status'];
  invalid?: string;
}

/** `45s`, `30m`, `12h`, `7d` → milliseconds (the input schema has checked the form). */
function durationMs(text: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!m) throw ApplicationFailure.nonRetryable(`invalid duration "${text}"`, 'InvalidInput');
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** Activity refusals (non-retryable, with a message for people) become the workflow's failure. */
function clearFailure(err: unknown): unknown {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
    return ApplicationFailure.nonRetryable(err.cause.message, err.cause.type ?? 'PushAllRefused');
  }
  return err;
}

function messageOf(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  if (err instanceof ActivityFailure && cause instanceof Error) return cause.message;
  return err instanceof Error ? err.message : String(err);
}

export async function pushAllWorkflow(args: PushAllInput & { resume?: PushAllResume }): Promise<PushAllResult> {
  const { resume, ...raw } = args ?? ({} as PushAllInput);
  const input = parseInput('Push All', pushAllInputSchema, raw);
  const info = workflowInfo();

  const view: PushAllStatusView = resume?.view ?? {
    integrationId: input.integrationId,
    requestId: null,
    runId: null,
    status: 'pre-check',
    requestedBy: input.requestedBy,
    requestedAt: new Date().toISOString(),
    approvalTimeout: input.approvalTimeout,
    expiresAt: null,
    precheck: null,
    refusedApprovals: [],
    decision: null,
    progress: { stage: null, entity: null, page: 1, counts: {} },
    report: null,
    message: null,
  };
  let signalSeq = resume?.signalSeq ?? 0;
  const queue: QueuedSignal[] = [];
  const receive = (approve: boolean) => (raw: unknown) => {
    const parsed = approvalSchema.safeParse(raw);
    const approver = parsed.success ? parsed.data.approver : String((raw as { approver?: unknown } | null)?.approver ?? '(unknown)').slice(0, 200);
    queue.push({
      seq: ++signalSeq,
      approve,
      approver,
      comment: parsed.success ? parsed.data.comment : undefined,
      receivedWhile: view.status,
      invalid: parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; '),
    });
  };
  setHandler(pushAllStatusQuery, () => view, { description: HANDLER_DESCRIPTIONS.pushAllStatus });
  setHandler(approveSignal, receive(true), { description: HANDLER_DESCRIPTIONS.approve });
  setHandler(rejectSignal, receive(false), { description: HANDLER_DESCRIPTIONS.reject });
  // Any other signal (a typo in the Web UI, another workflow's signal) is refused and recorded
  // like an invalid approval, not dropped without a trace.
  setDefaultSignalHandler((signalName: string, ...args: unknown[]) => {
    const approver = (args[0] as { approver?: unknown } | null | undefined)?.approver;
    queue.push({
      seq: ++signalSeq,
      unknownSignal: signalName.slice(0, 100),
      approve: false,
      approver: typeof approver === 'string' ? approver.slice(0, 200) : '(unknown)',
      receivedWhile: view.status,
    });
  });

  const show = () => setCurrentDetails(describe(view));
  const phase = (value: string) => upsertSearchAttributes([{ key: SyncPhaseKey, value }]);

  if (!resume) {
    upsertSearchAttributes([
      { key: IntegrationIdKey, value: input.integrationId },
      { key: SyncKindKey, value: 'push-all' },
    ]);
    phase('pre-check');
  }
  show();

  let requestId = resume?.requestId ?? 0;
  let runId = resume?.runId ?? 0;
  let counts: Counts = resume?.counts ?? {};

  const finish = async (status: 'blocked' | 'rejected' | 'expired' | 'completed' | 'failed' | 'cancelled', message?: string) => {
    await bookkeeping.finishPushAll({ requestId, runId, status, counts, message });
    view.status = status;
    view.message = message ?? view.message;
    if (status === 'completed' || status === 'failed' || status === 'cancelled') view.report = counts;
    phase(status);
    upsertMemo({ pushAll: memoOf(view) });
    show();
  };
  const result = (): PushAllResult => ({ requestId: view.requestId, status: view.status, precheck: view.precheck, report: view.report, message: view.message });

  /** Signals that arrive after the decision are refused and recorded, like any other. */
  const drainLateSignals = async () => {
    while (queue.length > 0) {
      const signal = queue.shift()!;
      // Sent while the request waited but read after the decision: it is too late now.
      const receivedWhile = signal.receivedWhile === 'awaiting-approval' ? view.status : signal.receivedWhile;
      const outcome = await bookkeeping.decidePushAll({ requestId, signalSeq: signal.seq, ...signal, receivedWhile });
      if (!outcome.accepted) view.refusedApprovals.push({ approver: signal.approver, at: new Date().toISOString(), reason: outcome.reason });
    }
  };

  try {
    let entities: Entity[];
    let step = resume?.step ?? 0;
    let page = resume?.page ?? 1;
    if (!resume) {
      const begun = await bookkeeping.beginPushAll({
        integrationId: input.integrationId,
        requestedBy: input.requestedBy,
        workflowId: info.workflowId,
        workflowRunId: info.firstExecutionRunId,
      });
      requestId = begun.requestId;
      runId = begun.runId;
      entities = begun.entities;
      Object.assign(view, { requestId, runId });

      // ---- 1. pre-check
      const precheck = await runPrecheck(input.integrationId, runId, entities, view, begun.nothingSelected ?? []);
      view.precheck = precheck;
      view.progress = { stage: null, entity: null, page: 1, counts: {} };
      if (precheck.blockers.length > 0) {
        await bookkeeping.recordPushAllPrecheck({ requestId, precheck, expiresAt: null });
        await finish('blocked', `blocked by the pre-check: ${precheck.blockers.join('; ')}`);
        await drainLateSignals();
        return result();
      }

      // ---- 2. approval
      const expiresAtMs = Date.now() + durationMs(input.approvalTimeout);
      view.expiresAt = new Date(expiresAtMs).toISOString();
      await bookkeeping.recordPushAllPrecheck({ requestId, precheck, expiresAt: view.expiresAt });
      view.status = 'awaiting-approval';
      phase('awaiting-approval');
      upsertMemo({ pushAll: memoOf(view) });
      show();
      for (;;) {
        if (queue.length === 0) {
          const remaining = expiresAtMs - Date.now();
          const arrived = remaining > 0 && (await condition(() => queue.length > 0, remaining));
          if (!arrived) {
            await bookkeeping.expirePushAll({ requestId, timeout: input.approvalTimeout });
            await finish('expired', `no approval within ${input.approvalTimeout} (expired ${view.expiresAt})`);
            return result();
          }
        }
        const signal = queue.shift()!;
        const outcome = await bookkeeping.decidePushAll({ requestId, signalSeq: signal.seq, ...signal });
        const at = new Date().toISOString();
        if (!outcome.accepted) {
          view.refusedApprovals.push({ approver: signal.approver, at, reason: outcome.reason });
          show();
          continue;
        }
        view.decision = { by: signal.approver, at, approved: signal.approve, ...(signal.comment ? { comment: signal.comment } : {}) };
        if (!signal.approve) {
          await finish('rejected', `rejected by ${signal.approver}${signal.comment ? `: ${signal.comment}` : ''}`);
          await drainLateSignals();
          return result();
        }
        break;
      }
      view.status = 'pushing';
      phase('pushing');
      show();
      await bookkeeping.assertPushAllMayPush({ integrationId: input.integrationId });
    } else {
      entities = resume.entities;
    }

    // ---- 3. push
    const plan = pushSteps(entities);
    while (step < plan.length) {
      await drainLateSignals();
      const { entity, stage } = plan[step]!;
      view.progress = { stage, entity, page, counts };
      const request: PushAllPageRequest = { integrationId: input.integrationId, runId, entity, page };
      const outcome =
        stage === 'itglue-mirror'
          ? await pages.pushAllItGlueMirrorPage(request)
          : stage === 'bms-mirror'
            ? await pages.pushAllBmsMirrorPage(request)
            : stage === 'push'
              ? await pages.pushAllPushPage(request)
              : await pages.pushAllReferencesPage(request);
      if (stage === 'push' || stage === 'references') addCounts(counts, entity, outcome.counts);
      view.progress.counts = counts;
      if (outcome.nextPage === null) {
        step++;
        page = 1;
      } else {
        page = outcome.nextPage;
      }
      show();
      if (workflowInfo().continueAsNewSuggested && step < plan.length) {
        await condition(allHandlersFinished);
        await drainLateSignals();
        return await continueAsNew<typeof pushAllWorkflow>({
          ...input,
          resume: { requestId, runId, entities, step, page, counts, view, signalSeq },
        });
      }
    }
    await finish('completed', summary(counts));
    await drainLateSignals();
    return result();
  } catch (err) {
    if (requestId === 0) throw clearFailure(err);
    const cancelled = isCancellation(err);
    const failure = clearFailure(err);
    await CancellationScope.nonCancellable(() =>
      finish(cancelled ? 'cancelled' : 'failed', cancelled ? 'cancelled (by an operator or a disconnect)' : messageOf(err)),
    );
    throw failure;
  }
}

/** Refresh both mirrors, then check every entity page by page and sum up. */
async function runPrecheck(
  integrationId: string,
  runId: number,
  entities: Entity[],
  view: PushAllStatusView,
  nothingSelected: BegunPushAll['nothingSelected'],
): Promise<PushAllPrecheck> {
  for (const { entity, stage } of refreshSteps(entities)) {
    for (let page: number | null = 1; page !== null; ) {
      view.progress = { stage, entity, page, counts: {} };
      const request: PushAllPageRequest = { integrationId, runId, entity, page };
      const outcome: { nextPage: number | null } =
        stage === 'itglue-mirror' ? await pages.pushAllItGlueMirrorPage(request) : await pages.pushAllBmsMirrorPage(request);
      page = outcome.nextPage;
    }
  }
  const zero = () => Object.fromEntries(ALL_ENTITIES.map((e) => [e, 0])) as Record<Entity, number>;
  const precheck: PushAllPrecheck = {
    checkedAt: '',
    eligible: zero(),
    alreadyLinked: zero(),
    ineligible: zero(),
    missingInBms: [],
    existingInBms: [],
    existingInBmsCount: zero(),
    incomplete: {},
    readiness: {},
    notReady: [],
    warnings: [],
    blockers: [],
  };
  // Settings that would push nothing are flagged before anything else.
  for (const { reason, blocks } of nothingSelected) (blocks ? precheck.blockers : precheck.warnings).push(reason);
  const hints = new Map<string, string>();
  for (const entity of entities) {
    for (let page: number | null = 1; page !== null; ) {
      view.progress = { stage: 'pre-check', entity, page, counts: {} };
      const result: PrecheckPage = await pages.pushAllPrecheckPage({ integrationId, runId, entity, page });
      precheck.eligible[entity] += result.eligible;
      precheck.alreadyLinked[entity] += result.alreadyLinked;
      precheck.ineligible[entity] += result.ineligible;
      precheck.existingInBmsCount[entity] += result.existingCount;
      for (const e of result.existing) if (precheck.existingInBms.length < EXISTING_LIST_LIMIT) precheck.existingInBms.push(e);
      for (const [kind, { hint, names }] of Object.entries(result.missingInBms)) {
        hints.set(kind, hint);
        for (const [name, n] of Object.entries(names)) {
          const known = precheck.missingInBms.find((m) => m.kind === kind && m.name === name && m.entity === entity);
          if (known) known.records += n;
          else precheck.missingInBms.push({ kind, name, records: n, entity });
        }
      }
      for (const [what, n] of Object.entries(result.incomplete)) {
        const bucket = (precheck.incomplete[entity] ??= {});
        bucket[what] = (bucket[what] ?? 0) + n;
      }
      for (const [problem, n] of Object.entries(result.readiness)) {
        const bucket = (precheck.readiness![entity] ??= {});
        bucket[problem] = (bucket[problem] ?? 0) + n;
      }
      for (const r of result.notReady) if (precheck.notReady!.length < EXISTING_LIST_LIMIT) precheck.notReady!.push(r);
      page = result.nextPage;
    }
  }
  precheck.checkedAt = new Date().toISOString();
  precheck.missingInBms.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  for (const m of precheck.missingInBms) {
    precheck.blockers.push(`BMS has no ${m.kind} "${m.name}" (used by ${m.records} eligible ${m.entity}${m.records === 1 ? '' : 's'}): create it in BMS (${hints.get(m.kind)})`);
  }
  const totalEligible = ALL_ENTITIES.reduce((sum, e) => sum + precheck.eligible[e], 0);
  if (totalEligible === 0) precheck.warnings.push('nothing to push: no unlinked IT Glue record is eligible under the sync settings');
  for (const [entity, problems] of Object.entries(precheck.readiness!)) {
    for (const [problem, n] of Object.entries(problems)) precheck.warnings.push(`${n} ${entity} record${n === 1 ? ' has' : 's have'} ${problem}`);
  }
  for (const [entity, lacking] of Object.entries(precheck.incomplete)) {
    for (const [what, n] of Object.entries(lacking)) {
      precheck.warnings.push(`${n} ${entity} record${n === 1 ? ' lacks' : 's lack'} ${what}: BMS will refuse ${n === 1 ? 'it' : 'them'} (reported as errors; the push goes on)`);
    }
  }
  return precheck;
}

function summary(counts: Counts): string {
  const parts = Object.entries(counts).map(([entity, c]) => {
    const created = c.created ?? 0;
    const linked = c['linked-existing'] ?? 0;
    const errors = c.error ?? 0;
    return `${entity}: ${created} created, ${linked} linked to existing${errors ? `, ${errors} errors` : ''}`;
  });
  return parts.length ? parts.join('; ') : 'nothing to push';
}

/** A small, PII-free summary for the Web UI's memo column. */
function memoOf(view: PushAllStatusView): Record<string, unknown> {
  return {
    status: view.status,
    requestId: view.requestId,
    expiresAt: view.expiresAt,
    eligible: view.precheck?.eligible ?? null,
    existingInBms: view.precheck?.existingInBmsCount ?? null,
    blockers: view.precheck?.blockers ?? [],
    report: view.report,
  };
}

/** Markdown for the Web UI's "current details": what the request waits for and what it found. */
function describe(view: PushAllStatusView): string {
  const lines = [`**Push All for ${view.integrationId}**: ${view.status}${view.message ? ` (${view.message})` : ''}`, ''];
  lines.push(`Requested by ${view.requestedBy} at ${view.requestedAt}.`);
  const p = view.precheck;
  if (p) {
    lines.push('', '| entity | eligible | already in BMS (will be linked) | already linked | ineligible |', '|---|---|---|---|---|');
    for (const e of ALL_ENTITIES) lines.push(`| ${e} | ${p.eligible[e]} | ${p.existingInBmsCount[e]} | ${p.alreadyLinked[e]} | ${p.ineligible[e]} |`);
    for (const b of p.blockers) lines.push(`- BLOCKER: ${b}`);
    for (const w of p.warnings) lines.push(`- warning: ${w}`);
  }
  if (view.status === 'awaiting-approval') {
    lines.push('', `Waiting for an approver until ${view.expiresAt}: send signal \`approve\` or \`reject\` with \`{"approver": "<identity>", "comment": "…"}\`.`);
  }
  for (const r of view.refusedApprovals) lines.push(`- refused: ${r.approver} at ${r.at}: ${r.reason}`);
  if (view.decision) lines.push('', `${view.decision.approved ? 'Approved' : 'Rejected'} by ${view.decision.by} at ${view.decision.at}.`);
  if (view.status === 'pushing') lines.push('', `Pushing: ${view.progress.stage ?? ''} ${view.progress.entity ?? ''}, page ${view.progress.page}.`);
  if (view.report) lines.push('', `Result: ${summary(view.report)}.`);
  return lines.join('\n');
}
