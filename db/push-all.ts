/**
 * Push All requests and their audit trail (SPEC §9). The rule that matters lives in the schema:
 * a partial unique index allows one `completed` request per integration, so Push All can never
 * complete twice whatever Temporal's retention forgets. The functions here check it first, to
 * refuse with a readable message instead of a constraint error.
 */
import { and, asc, desc, eq, inArray, ne, or } from 'drizzle-orm';
import type { Db } from './client.js';
import { pushAllEvents, pushAllRequests, type PushAllStatus } from './schema.js';
import { isUniqueViolation } from './errors.js';

export type PushAllRequestRow = typeof pushAllRequests.$inferSelect;
export type PushAllEventRow = typeof pushAllEvents.$inferSelect;

/** Statuses of a request that has not ended. */
export const OPEN_PUSH_ALL_STATUSES: PushAllStatus[] = ['pre-check', 'awaiting-approval', 'pushing'];

/** Refusal of a second Push All: a problem with the request, never retried. */
export class PushAllAlreadyCompletedError extends Error {
  override readonly name = 'PushAllAlreadyCompletedError';
  constructor(readonly integrationId: string, readonly completed: PushAllRequestRow) {
    super(
      `Push All already completed for integration ${integrationId} (request ${completed.id}, ` +
        `${completed.completedAt?.toISOString() ?? 'date unknown'}, approved by ${completed.decidedBy ?? 'unknown'}); ` +
        'it is a one-time push and can never run again for this integration',
    );
  }
}

export async function completedPushAll(db: Db, integrationId: string): Promise<PushAllRequestRow | null> {
  const [row] = await db
    .select()
    .from(pushAllRequests)
    .where(and(eq(pushAllRequests.integrationId, integrationId), eq(pushAllRequests.status, 'completed')));
  return row ?? null;
}

export async function assertPushAllNotCompleted(db: Db, integrationId: string): Promise<void> {
  const completed = await completedPushAll(db, integrationId);
  if (completed) throw new PushAllAlreadyCompletedError(integrationId, completed);
}

/**
 * Opens the request of one workflow run (a retried activity gets the same row back). Requests
 * left open by earlier runs are closed as cancelled: the workflow id allows one running request
 * per integration, so an older open row belongs to a run that was terminated.
 */
export async function openPushAllRequest(
  db: Db,
  input: { integrationId: string; workflowId: string; workflowRunId: string; requestedBy: string; syncRunId: number },
): Promise<PushAllRequestRow> {
  await assertPushAllNotCompleted(db, input.integrationId);
  const [inserted] = await db
    .insert(pushAllRequests)
    .values({ ...input, status: 'pre-check' })
    .onConflictDoNothing()
    .returning();
  const row =
    inserted ??
    (
      await db
        .select()
        .from(pushAllRequests)
        .where(and(eq(pushAllRequests.workflowId, input.workflowId), eq(pushAllRequests.workflowRunId, input.workflowRunId)))
    )[0]!;
  await db
    .update(pushAllRequests)
    .set({ status: 'cancelled', message: `superseded by request ${row.id}` })
    .where(
      and(
        eq(pushAllRequests.integrationId, input.integrationId),
        inArray(pushAllRequests.status, OPEN_PUSH_ALL_STATUSES),
        ne(pushAllRequests.id, row.id),
      ),
    );
  return row;
}

export async function getPushAllRequest(db: Db, id: number): Promise<PushAllRequestRow> {
  const [row] = await db.select().from(pushAllRequests).where(eq(pushAllRequests.id, id));
  if (!row) throw new Error(`Push All request ${id} does not exist`);
  return row;
}

export async function updatePushAllRequest(
  db: Db,
  id: number,
  patch: Partial<Omit<typeof pushAllRequests.$inferInsert, 'id' | 'integrationId' | 'workflowId' | 'workflowRunId'>>,
): Promise<PushAllRequestRow> {
  const [row] = await db.update(pushAllRequests).set(patch).where(eq(pushAllRequests.id, id)).returning();
  if (!row) throw new Error(`Push All request ${id} does not exist`);
  return row;
}

/**
 * Ends a request as completed. The partial unique index is the guarantee; a violation means
 * another request of the integration completed first, which is reported as such.
 */
export async function completePushAllRequest(db: Db, id: number, report: Record<string, unknown>): Promise<PushAllRequestRow> {
  const current = await getPushAllRequest(db, id);
  if (current.status === 'completed') return current;
  try {
    return await updatePushAllRequest(db, id, { status: 'completed', report, completedAt: new Date(), message: null });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const other = await completedPushAll(db, current.integrationId);
      if (other) throw new PushAllAlreadyCompletedError(current.integrationId, other);
    }
    throw err;
  }
}

export interface PushAllEventInput {
  requestId: number;
  kind: PushAllEventRow['kind'];
  actor: string;
  reason?: string | null;
  comment?: string | null;
  signalSeq?: number | null;
}

/** Records an event; with a signal number, recording the same signal twice changes nothing. */
export async function addPushAllEvent(db: Db, event: PushAllEventInput): Promise<void> {
  await db
    .insert(pushAllEvents)
    .values({
      requestId: event.requestId,
      kind: event.kind,
      actor: event.actor,
      reason: event.reason ?? null,
      comment: event.comment ?? null,
      signalSeq: event.signalSeq ?? null,
    })
    .onConflictDoNothing();
}

/** The event a signal produced, if it was recorded already. */
export async function pushAllEventOfSignal(db: Db, requestId: number, signalSeq: number): Promise<PushAllEventRow | null> {
  const [row] = await db
    .select()
    .from(pushAllEvents)
    .where(and(eq(pushAllEvents.requestId, requestId), eq(pushAllEvents.signalSeq, signalSeq)));
  return row ?? null;
}

export async function pushAllEventsOf(db: Db, requestId: number): Promise<PushAllEventRow[]> {
  return db.select().from(pushAllEvents).where(eq(pushAllEvents.requestId, requestId)).orderBy(asc(pushAllEvents.id));
}

/** The integration's requests, newest first. */
export async function pushAllRequestsOf(db: Db, integrationId: string, limit = 20): Promise<PushAllRequestRow[]> {
  return db
    .select()
    .from(pushAllRequests)
    .where(eq(pushAllRequests.integrationId, integrationId))
    .orderBy(desc(pushAllRequests.id))
    .limit(limit);
}

/** The request a person most likely means: the open one, else the completed one, else the latest. */
export async function currentPushAllRequest(db: Db, integrationId: string): Promise<PushAllRequestRow | null> {
  const rows = await db
    .select()
    .from(pushAllRequests)
    .where(
      and(
        eq(pushAllRequests.integrationId, integrationId),
        or(inArray(pushAllRequests.status, OPEN_PUSH_ALL_STATUSES), eq(pushAllRequests.status, 'completed')),
      ),
    )
    .orderBy(desc(pushAllRequests.id));
  const open = rows.find((r) => OPEN_PUSH_ALL_STATUSES.includes(r.status));
  return open ?? rows[0] ?? (await pushAllRequestsOf(db, integrationId, 1))[0] ?? null;
}
