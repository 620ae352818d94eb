/**
 * Queries, signals and updates, shared by workflows and their callers (CLI, tests, Web UI users
 * who type the names). Payload types live here too; none of them carries a secret.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Entity } from '../domain/entities.js';
import type { Approval } from './inputs.js';

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
  counts: Counts;
  startedAt: string;
  /** How many times this run continued as new (history kept small). */
  continuedAsNew: number;
}

export const progressQuery = defineQuery<SyncProgress>('progress');

export interface PushAllStatusView {
  integrationId: string;
  requestId: number | null;
  status: 'pre-check' | 'blocked' | 'awaiting-approval' | 'rejected' | 'expired' | 'pushing' | 'completed' | 'failed' | 'refused';
  requestedBy: string;
  expiresAt: string | null;
  precheck: PushAllPrecheck | null;
  refusedApprovals: { approver: string; at: string; reason: string }[];
  decision: { by: string; at: string; approved: boolean; comment?: string } | null;
  progress: { entity: Entity | null; counts: Counts };
  report: Counts | null;
  message: string | null;
}

export interface PushAllPrecheck {
  eligible: Record<Entity, number>;
  missingAccountTypes: string[];
  missingCategories: string[];
  /** IT Glue records that already exist in BMS by the matching rules (they will be linked). */
  existingInBms: { entity: Entity; itglueId: string; bmsId: string; explanation: string }[];
  existingInBmsCount: Record<Entity, number>;
  blockers: string[];
}

export const pushAllStatusQuery = defineQuery<PushAllStatusView>('status');
export const approveSignal = defineSignal<[Approval]>('approve');
export const rejectSignal = defineSignal<[Approval]>('reject');

export interface DisconnectProgress {
  integrationId: string;
  mode: 'keep-data' | 'delete-data';
  phase: string;
  counts: Record<string, number>;
  backupFile: string | null;
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
