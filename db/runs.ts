/** Sync runs and their per-record log rows (SPEC §7, §10). Every write is safe to repeat. */
import { and, desc, eq, sql } from 'drizzle-orm';
import { isTimingCount } from '../domain/counts.js';
import type { Entity } from '../domain/entities.js';
import type { Db, Executor } from './client.js';
import { syncLog, syncRuns, type LogAction, type RunCounts, type RunKind, type RunStatus } from './schema.js';
import { jsonRows } from './raw.js';

export type RunRow = typeof syncRuns.$inferSelect;
export type LogRow = typeof syncLog.$inferSelect;

export interface LogEntry {
  entity: Entity | 'run';
  action: LogAction;
  bmsId?: string | null;
  itglueId?: string | null;
  message: string;
  details?: Record<string, unknown>;
  /** Distinguishes several entries of one action on one record (e.g. conflicts per field). */
  key?: string;
}

/** Creates the run row once per workflow chain (a retried activity gets the same row back). */
export async function startRun(
  db: Db,
  input: { integrationId: string; kind: RunKind; trigger: string; workflowId: string; workflowRunId: string },
): Promise<RunRow> {
  const [inserted] = await db.insert(syncRuns).values(input).onConflictDoNothing().returning();
  if (inserted) return inserted;
  const [existing] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.workflowId, input.workflowId), eq(syncRuns.workflowRunId, input.workflowRunId)));
  return existing!;
}

export async function getRun(db: Db, runId: number): Promise<RunRow | null> {
  const [row] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  return row ?? null;
}

/** Timings kept in the counts for measurement (`match-us`), not for the operator's summary. */
export const isTiming = (action: string) => /-(us|ms)$/.test(action);

export function summarizeCounts(counts: RunCounts): string {
  const parts: string[] = [];
  for (const [entity, actions] of Object.entries(counts)) {
    const inner = Object.entries(actions)
      .filter(([action, n]) => n > 0 && !isTimingCount(action))
      .map(([action, n]) => `${n} ${action}`)
      .join(', ');
    if (inner) parts.push(`${entity}: ${inner}`);
  }
  return parts.length ? parts.join('; ') : 'nothing to do';
}

/** Ends a run and writes its completion entry. Repeating it changes nothing. */
export async function finishRun(
  db: Db,
  input: { runId: number; status: RunStatus; counts: RunCounts; error?: string; details?: Record<string, unknown> },
): Promise<RunRow> {
  const summary = summarizeCounts(input.counts);
  const [row] = await db
    .update(syncRuns)
    .set({
      status: input.status,
      counts: input.counts,
      summary,
      error: input.error ?? null,
      details: input.details ?? null,
      finishedAt: sql`coalesce(${syncRuns.finishedAt}, now())`,
    })
    .where(eq(syncRuns.id, input.runId))
    .returning();
  if (!row) throw new Error(`sync run ${input.runId} does not exist`);
  await writeLogs(db, row.id, row.integrationId, [
    {
      entity: 'run',
      action: 'complete',
      message: `${row.kind} run ${input.status}: ${summary}${input.error ? ` (${input.error})` : ''}`,
      details: { status: input.status, counts: input.counts },
    },
  ]);
  return row;
}

/** How many log rows of each entity and action a run wrote (the run's counts of logged actions). */
export async function countLogged(db: Db, runId: number): Promise<RunCounts> {
  const rows = await db
    .select({ entity: syncLog.entity, action: syncLog.action, count: sql<number>`count(*)::int` })
    .from(syncLog)
    .where(and(eq(syncLog.runId, runId), sql`${syncLog.entity} <> 'run'`))
    .groupBy(syncLog.entity, syncLog.action);
  const counts: RunCounts = {};
  for (const r of rows) (counts[r.entity] ??= {})[r.action] = r.count;
  return counts;
}

export async function writeLogs(db: Executor, runId: number, integrationId: string, entries: LogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({
    entity: e.entity,
    action: e.action,
    bms_id: e.bmsId ?? null,
    itglue_id: e.itglueId ?? null,
    message: e.message,
    details: e.details ?? null,
    dedupe_key: [e.entity, e.action, e.bmsId ?? '', e.itglueId ?? '', e.key ?? ''].join(':'),
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await db.execute(sql`
      insert into sync_log (run_id, integration_id, entity, action, bms_id, itglue_id, message, details, dedupe_key)
      select ${runId}::bigint, ${integrationId}, x.entity, x.action, x.bms_id, x.itglue_id, x.message, x.details, x.dedupe_key
      from json_to_recordset(${jsonRows(rows.slice(i, i + 500))}::json)
        as x(entity text, action text, bms_id text, itglue_id text, message text, details jsonb, dedupe_key text)
      on conflict do nothing`);
  }
}

export async function latestRuns(db: Db, integrationId: string, limit = 10): Promise<RunRow[]> {
  return db.select().from(syncRuns).where(eq(syncRuns.integrationId, integrationId)).orderBy(desc(syncRuns.id)).limit(limit);
}

export async function runLogs(
  db: Db,
  runId: number,
  options: { limit?: number; action?: LogAction; entity?: Entity } = {},
): Promise<LogRow[]> {
  const conditions = [eq(syncLog.runId, runId)];
  if (options.action) conditions.push(eq(syncLog.action, options.action));
  if (options.entity) conditions.push(eq(syncLog.entity, options.entity));
  return db
    .select()
    .from(syncLog)
    .where(and(...conditions))
    .orderBy(syncLog.id)
    .limit(options.limit ?? 1000);
}
