/**
 * Queries, signals and updates, shared by workflows and their callers (CLI, tests, Web UI users
 * who type the names). Payload types live here too; none of them carries a secret.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Entity } from '../domain/entities.js';
import type { Approval } from './inputs.js';

/**
 * What each query and signal does, as the Web UI shows next to its name (workflows pass these to
 * `setHandler`): operators send signals and run queries from there.
 */
export const HANDLER_DESCRIPTIONS = {
  syncProgress: 'Where the sync stands: phase, entity, stage, page and the counts per entity and action so far.',
  report: 'The Manage-data report (records per entity and state, last sync, latest runs) once the full sync has finished; null before.',
  previewProgress: 'Where the dry run stands: entity, stage and page; the decisions are in the run log.',
  pushAllStatus: 'The Push All request: its state, the pre-check, refused approvals, the decision, progress and the final report.',
  approve: 'Approve the Push All: {"approver": "<identity listed in the integration\'s approvers>", "comment": "…"}. Refused (and recorded) from anyone else, before the pre-check ends or after a decision.',
  reject: 'Reject the Push All: {"approver": "<identity listed in the integration\'s approvers>", "comment": "…"}. Refused (and recorded) from anyone else.',
  disconnectProgress: 'Where the disconnect stands: phase, counts of schedules, workflows and links handled, backup and deletions.',
  billingProgress: 'Where the billing run stands: the nights it bills, the night and integration being billed, counts and failures so far.',
} as const;

/** `{ organization: { create: 3, update: 1 }, … }` */

export type Counts = Record<string, Record<string, number>>;

export interface SyncProgress {
  integrationId: string;
  mode: 'incremental' | 'full' | 'push';
  runId: number | null;
  phase: 'starting' | 'pull' | 'push' | 'finishing' | 'completed' | 'failed';
  entity: Entity | null;
  stage: string | null;
  page: number;
  /** The step being worked on (1-based) and how many the run has: the CLI's progress bar and ETA. */
  step?: number;
  steps?: number;
  counts: Counts;
  startedAt: string;
  /** How many times this run continued as new (history kept small). */
  continuedAsNew: number;
}

export const progressQuery = defineQuery<SyncProgress>('progress');

/** Asks a running full sync to run again, as a full reconcile, once it is done (a settings change widened what syncs). */
export interface SyncAgainRequest {
  /** Why, for the run's log and the Web UI (e.g. "account types added: Vendor"). */
  reason: string;
}
export const syncAgainSignal = defineSignal<[SyncAgainRequest]>('syncAgain');

export type PushAllState =
  | 'pre-check'
  | 'blocked'
  | 'awaiting-approval'
  | 'rejected'
  | 'expired'
  | 'pushing'
  | 'completed'
  | 'failed'
  | 'cancelled';

/** The Push All request as its workflow sees it (the `status` query; also the CLI's `push-all status`). */
export interface PushAllStatusView {
  integrationId: string;
  requestId: number | null;
  /** The sync run whose log rows hold every push decision. */
  runId: number | null;
  status: PushAllState;
  requestedBy: string;
  requestedAt: string;
  approvalTimeout: string;
  /** When the approval window closes (set once the pre-check is done). */
  expiresAt: string | null;
  precheck: PushAllPrecheck | null;
  /** Approvals and rejections refused (identity not allowed, sent too early or too late, invalid). */
  refusedApprovals: { approver: string; at: string; reason: string }[];
  decision: { by: string; at: string; approved: boolean; comment?: string } | null;
  progress: { stage: string | null; entity: Entity | null; page: number; counts: Counts };
  /** Counts per entity and outcome once the push has ended (created, linked-existing, error, …). */
  report: Counts | null;
  message: string | null;
}

export interface PushAllPrecheck {
  checkedAt: string;
  /** Unlinked IT Glue records that the push would create in BMS or link to an existing record. */
  eligible: Record<Entity, number>;
  alreadyLinked: Record<Entity, number>;
  ineligible: Record<Entity, number>;
  /**
   * Lookups eligible records need that BMS does not have, by kind ("account type", "asset
   * category") and name, with how many records use each: they block the push.
   */
  missingInBms: { kind: string; name: string; records: number; entity: Entity }[];
  /** IT Glue records that already exist in BMS by the matching rules (they will be linked, not duplicated). */
  existingInBms: { entity: Entity; itglueId: string; bmsId: string; explanation: string }[];
  existingInBmsCount: Record<Entity, number>;
  /** Records BMS will refuse, per entity by what they lack (reported as errors; the rest goes on). */
  incomplete: Partial<Record<Entity, Record<string, number>>>;
  /** Records the push would create not quite ready (an organization without a primary location), per entity by problem. */
  readiness?: Partial<Record<Entity, Record<string, number>>>;
  /** Those records (at most 200). */
  notReady?: { entity: Entity; itglueId: string; problem: string }[];
  warnings: string[];
  blockers: string[];
}

export const pushAllStatusQuery = defineQuery<PushAllStatusView>('status');
export const approveSignal = defineSignal<[Approval]>('approve');
export const rejectSignal = defineSignal<[Approval]>('reject');

export interface DisconnectProgress {
  integrationId: string;
  mode: 'keep-data' | 'delete-data';
  requestedBy: string;
  phase: 'checking' | 'stopping-syncs' | 'backing-up' | 'deleting' | 'disconnecting-links' | 'completed' | 'failed';
  /** schedules-removed, workflows-cancelled, links-disconnected, links-removed. */
  counts: Record<string, number>;
  /** delete-data: records in the backup, per kind (organization, location, contact, …). */
  backedUp: Record<string, number> | null;
  /** delete-data: records deleted in IT Glue so far, per kind. */
  deleted: Record<string, number> | null;
  /** delete-data: the JSON backup written before anything was deleted. */
  backupFile: string | null;
  /** delete-data: what the synced organizations may hold that the IT Glue API cannot list (not backed up; deleted with them), with why. */
  notListed?: Record<string, string> | null;
  message: string | null;
}
export const disconnectProgressQuery = defineQuery<DisconnectProgress>('progress');

/** The Manage-data report (SPEC §10), answered by the report workflow and by full syncs once finished. */
export interface ReportView {
  integrationId: string;
  generatedAt: string;
  entities: {
    entity: Entity;
    syncEnabled: boolean;
    lastSyncedAt: string | null;
    counts: Record<string, number>;
  }[];
  latestRuns: { runId: number; kind: string; status: string; startedAt: string; finishedAt: string | null; summary: string | null; error: string | null }[];
}
export const reportQuery = defineQuery<ReportView | null>('report');
