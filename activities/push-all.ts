/**
 * Activities of the Push All workflow (SPEC §9). Bookkeeping activities keep the request row in
 * PostgreSQL in step with the workflow (that row, not Temporal, is what makes Push All happen
 * once); page activities return only cursors and counts, never record data.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client.js';
import { getIntegration, IntegrationNotFoundError } from '../db/integrations.js';
import {
  addPushAllEvent,
  assertPushAllNotCompleted,
  completePushAllRequest,
  getPushAllRequest,
  openPushAllRequest,
  PushAllAlreadyCompletedError,
  pushAllEventOfSignal,
  updatePushAllRequest,
} from '../db/push-all.js';
import { finishRun, startRun } from '../db/runs.js';
import type { RunCounts } from '../db/schema.js';
import { ENTITIES, type Entity } from '../domain/entities.js';
import { matchKey } from '../domain/normalize.js';
import type { IntegrationSettings } from '../domain/settings.js';
import { isActive } from '../entities/module.js';
import { moduleOf } from '../entities/registry.js';
import type { PushAllPrecheck } from '../contract/messages.js';
import type { ActivityDeps } from './deps.js';
import { InputError } from './errors.js';
import { withKeepalive } from './keepalive.js';
import { withIntegrationLock } from './locks.js';
import { refreshItGlueMirrorPage } from './sync/itglue-mirror.js';
import { precheckPage, pushAllPage, refreshBmsMirrorPage, setReferencesPage, type PageOutcome, type PrecheckPage } from './sync/push-all.js';
import { SyncSession } from './sync/session.js';
import { recordRunMetrics } from './sync.js';

export interface BeginPushAllInput {
  integrationId: string;
  requestedBy: string;
  workflowId: string;
  workflowRunId: string;
}

export interface BegunPushAll {
  requestId: number;
  runId: number;
  entities: Entity[];
  /** Entities the sync settings select nothing of (no account types, no asset categories), with why. */
  nothingSelected: { entity: Entity; reason: string; blocks: boolean }[];
}

/**
 * What the settings let no record of be pushed. An entity that lives in no other (organizations)
 * blocks: nothing at all would be pushed; another is a warning: the rest of the push goes on.
 */
export function nothingSelected(settings: IntegrationSettings): BegunPushAll['nothingSelected'] {
  return ENTITIES.flatMap((entity) => {
    const module = moduleOf(entity);
    const reason = module.push?.nothingSelected(settings);
    return reason ? [{ entity, reason, blocks: !module.scoped }] : [];
  });
}

export interface PushAllPageRequest {
  integrationId: string;
  runId: number;
  entity: Entity;
  page: number;
}

export interface PushAllDecisionInput {
  requestId: number;
  /** The workflow's number for the signal (a retried activity records it once). */
  signalSeq: number;
  /** Set for a signal that is neither approve nor reject: always refused. */
  unknownSignal?: string;
  approve: boolean;
  approver: string;
  comment?: string;
  /** The request's state when the signal arrived: only `awaiting-approval` can be decided. */
  receivedWhile: string;
  /** Set when the signal's payload did not validate. */
  invalid?: string;
}

export type PushAllDecision = { accepted: true } | { accepted: false; reason: string };

export interface FinishPushAllInput {
  requestId: number;
  runId: number;
  status: 'blocked' | 'rejected' | 'expired' | 'completed' | 'failed' | 'cancelled';
  counts: RunCounts;
  message?: string;
}

function refusal(err: unknown): never {
  if (err instanceof PushAllAlreadyCompletedError) throw ApplicationFailure.nonRetryable(err.message, 'PushAllAlreadyCompleted');
  throw err;
}

/** Approver identities compare like e-mail addresses: trimmed, case-insensitive. */
export function isApprover(approvers: readonly string[], identity: string): boolean {
  return approvers.some((a) => matchKey(a) === matchKey(identity));
}

export function createPushAllActivities(deps: ActivityDeps) {
  const session = async (integrationId: string, runId: number) => SyncSession.open(deps, integrationId, runId);

  return {
    /**
     * Checks that Push All may start (integration active, never completed, approvers set), then
     * opens the request and its sync run. Refusals are non-retryable with a clear message.
     */
    async beginPushAll(input: BeginPushAllInput): Promise<BegunPushAll> {
      const integration = await getIntegration(deps.db, input.integrationId).catch((err: unknown) => {
        throw err instanceof IntegrationNotFoundError ? new InputError(err.message) : err;
      });
      if (integration.status !== 'active') {
        throw new InputError(`integration ${integration.id} is ${integration.status}: reconnect it before a Push All`);
      }
      await assertPushAllNotCompleted(deps.db, integration.id).catch(refusal);
      if (integration.settings.approvers.length === 0) {
        throw new InputError(`integration ${integration.id} has no Push All approvers: set settings.approvers (integration configure --set approvers=[...])`);
      }
      const run = await startRun(deps.db, {
        integrationId: integration.id,
        kind: 'push-all',
        trigger: 'manual',
        workflowId: input.workflowId,
        workflowRunId: input.workflowRunId,
      });
      const request = await openPushAllRequest(deps.db, { ...input, syncRunId: run.id }).catch(refusal);
      // The pre-check must see BMS as it is now (account types created since, new settings).
      deps.connectors.invalidate(integration.id);
      SyncSession.forgetLookups(integration.id);
      // Push All pushes what the two-way sync pushes: entities pulled only (tickets) are left out.
      const entities = ENTITIES.filter((e) => moduleOf(e).push !== null && isActive(moduleOf(e), integration.settings));
      return { requestId: request.id, runId: run.id, entities, nothingSelected: nothingSelected(integration.settings) };
    },

    /** IT Glue → mirror, every record (a full read also notices records deleted since). */
    async pushAllItGlueMirrorPage(request: PushAllPageRequest): Promise<PageOutcome> {
      const s = await session(request.integrationId, request.runId);
      return withKeepalive(async () => {
        const { next } = await refreshItGlueMirrorPage(s, request.entity, 'full', request.page);
        return { nextPage: next === null ? null : Number(next), counts: s.counts };
      });
    },

    /** BMS → mirror, so matching sees BMS as it is now. */
    async pushAllBmsMirrorPage(request: PushAllPageRequest): Promise<PageOutcome> {
      const s = await session(request.integrationId, request.runId);
      return withKeepalive(() => refreshBmsMirrorPage(s, request.entity, request.page));
    },

    async pushAllPrecheckPage(request: PushAllPageRequest): Promise<PrecheckPage> {
      const s = await session(request.integrationId, request.runId);
      return withKeepalive(() => precheckPage(s, request.entity, request.page));
    },

    /** Stores the pre-check with the request and moves it on (awaiting approval, or blocked). */
    async recordPushAllPrecheck(input: { requestId: number; precheck: PushAllPrecheck; expiresAt: string | null }): Promise<void> {
      const blocked = input.precheck.blockers.length > 0;
      await updatePushAllRequest(deps.db, input.requestId, {
        precheck: input.precheck as unknown as Record<string, unknown>,
        status: blocked ? 'blocked' : 'awaiting-approval',
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        message: blocked ? input.precheck.blockers.join('; ') : null,
      });
    },

    /**
     * An approval or rejection. Only an identity listed in the integration's approvers (read now,
     * so a change of settings counts at once) may decide, and only while the request awaits
     * approval; anything else is refused and recorded.
     */
    async decidePushAll(input: PushAllDecisionInput): Promise<PushAllDecision> {
      // A retried call answers as the first one did.
      const recorded = await pushAllEventOfSignal(deps.db, input.requestId, input.signalSeq);
      if (recorded) return recorded.kind === 'refused' ? { accepted: false, reason: recorded.reason ?? 'refused' } : { accepted: true };
      const request = await getPushAllRequest(deps.db, input.requestId);
      const integration = await getIntegration(deps.db, request.integrationId);
      const refuse = async (reason: string): Promise<PushAllDecision> => {
        await addPushAllEvent(deps.db, { requestId: request.id, kind: 'refused', actor: input.approver, reason, comment: input.comment, signalSeq: input.signalSeq });
        return { accepted: false, reason };
      };
      if (input.unknownSignal !== undefined) return refuse(`unknown signal "${input.unknownSignal}": only approve and reject are accepted`);
      if (input.invalid) return refuse(`invalid ${input.approve ? 'approval' : 'rejection'}: ${input.invalid}`);
      if (!isApprover(integration.settings.approvers, input.approver)) {
        return refuse(`${input.approver} is not an approver of integration ${integration.id}`);
      }
      // The workflow says when the signal arrived; the row guards against deciding twice.
      const state = input.receivedWhile === 'awaiting-approval' ? request.status : input.receivedWhile;
      if (state !== 'awaiting-approval') {
        const why =
          state === 'pre-check'
            ? 'the pre-check was not finished yet: review it, then decide'
            : `the request was already ${state === 'pushing' || state === 'completed' ? `approved${request.decidedBy ? ` by ${request.decidedBy}` : ''}` : state}`;
        return refuse(why);
      }
      // The event and the request's new state are one fact: written together or not at all.
      await deps.db.transaction(async (tx) => {
        const db = tx as unknown as Db;
        await addPushAllEvent(db, {
          requestId: request.id,
          kind: input.approve ? 'approved' : 'rejected',
          actor: input.approver,
          comment: input.comment,
          signalSeq: input.signalSeq,
        });
        await updatePushAllRequest(db, request.id, {
          status: input.approve ? 'pushing' : 'rejected',
          decidedBy: input.approver,
          decidedAt: new Date(),
          decisionComment: input.comment ?? null,
          message: input.approve ? null : `rejected by ${input.approver}${input.comment ? `: ${input.comment}` : ''}`,
        });
      });
      return { accepted: true };
    },

    async expirePushAll(input: { requestId: number; timeout: string }): Promise<void> {
      await addPushAllEvent(deps.db, { requestId: input.requestId, kind: 'expired', actor: 'system', reason: `no approval within ${input.timeout}`, signalSeq: -1 });
    },

    /** Refuses a second completion early, before anything is pushed. */
    async assertPushAllMayPush(input: { integrationId: string }): Promise<void> {
      await assertPushAllNotCompleted(deps.db, input.integrationId).catch(refusal);
      const integration = await getIntegration(deps.db, input.integrationId);
      if (integration.status !== 'active') throw new InputError(`integration ${integration.id} is ${integration.status}: Push All stops`);
      deps.connectors.invalidate(integration.id);
      SyncSession.forgetLookups(integration.id);
    },

    /** One page of the push, under the integration's writer lock (a running sync takes turns). */
    async pushAllPushPage(request: PushAllPageRequest): Promise<PageOutcome> {
      const s = await session(request.integrationId, request.runId);
      const outcome = await withKeepalive(() => withIntegrationLock(deps, request.integrationId, () => pushAllPage(s, request.entity, request.page)));
      deps.metrics.records(request.integrationId, request.entity, outcome.counts);
      return outcome;
    },

    /** What could only be written once every record existed in BMS (parent accounts). */
    async pushAllReferencesPage(request: PushAllPageRequest): Promise<PageOutcome> {
      const s = await session(request.integrationId, request.runId);
      return withKeepalive(() => withIntegrationLock(deps, request.integrationId, () => setReferencesPage(s, request.entity)));
    },

    /** Ends the request and its run. `completed` goes through the once-only constraint. */
    async finishPushAll(input: FinishPushAllInput): Promise<void> {
      const report = { counts: input.counts };
      if (input.status === 'completed') {
        await completePushAllRequest(deps.db, input.requestId, report).catch(refusal);
      } else {
        const current = await getPushAllRequest(deps.db, input.requestId);
        if (current.status !== 'completed') {
          await updatePushAllRequest(deps.db, input.requestId, {
            status: input.status,
            message: input.message ?? current.message,
            ...(input.status === 'failed' || input.status === 'cancelled' ? { report } : {}),
          });
        }
      }
      const runStatus = input.status === 'completed' ? 'completed' : input.status === 'failed' ? 'failed' : input.status === 'cancelled' ? 'cancelled' : 'completed';
      const run = await finishRun(deps.db, {
        runId: input.runId,
        status: runStatus,
        counts: input.counts,
        error: input.status === 'completed' ? undefined : `Push All ${input.status}${input.message ? `: ${input.message}` : ''}`,
      });
      recordRunMetrics(deps, run);
    },
  };
}
