/**
 * Helpers for the Push All and disconnect tests: start the workflows as the CLI does, wait for a
 * state through the workflow's own query, read the request rows and the simulators' records.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { asc, eq } from 'drizzle-orm';
import { startDisconnect, startPushAll } from '../../control/start.js';
import { pushAllEvents, pushAllRequests } from '../../db/schema.js';
import type { DisconnectInput, PushAllInput } from '../../contract/inputs.js';
import { pushAllStatusQuery, type PushAllStatusView } from '../../contract/messages.js';
import type { Harness } from './harness.js';

export async function requestPushAll(h: Harness, input: Partial<PushAllInput> = {}) {
  return startPushAll(h.temporal, h.taskQueue, { integrationId: h.integrationId, requestedBy: 'ops@msp.example', ...input });
}

export async function requestDisconnect(h: Harness, input: Omit<DisconnectInput, 'integrationId' | 'requestedBy'> & { requestedBy?: string }) {
  return startDisconnect(h.temporal, h.taskQueue, { integrationId: h.integrationId, requestedBy: 'admin@msp.example', ...input });
}

/** Polls the `status` query until `done` holds (or fails after `timeoutMs` with the last view). */
export async function waitForStatus(
  handle: WorkflowHandle,
  done: (view: PushAllStatusView) => boolean,
  timeoutMs = 90_000,
): Promise<PushAllStatusView> {
  const deadline = Date.now() + timeoutMs;
  let last: PushAllStatusView | undefined;
  for (;;) {
    try {
      last = await handle.query(pushAllStatusQuery);
      if (done(last)) return last;
    } catch (err) {
      // not started on a worker yet: ask again
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the Push All status; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function pushAllRows(h: Harness) {
  const { db } = h.database;
  const requests = await db.select().from(pushAllRequests).where(eq(pushAllRequests.integrationId, h.integrationId)).orderBy(asc(pushAllRequests.id));
  const events = [];
  for (const r of requests) events.push(...(await db.select().from(pushAllEvents).where(eq(pushAllEvents.requestId, r.id)).orderBy(asc(pushAllEvents.id))));
  return { requests, events };
}

export interface BmsAccountRecord {
  id: number;
  accountName: string;
  parentId: number | null;
  accountTypeId: number;
  locations: { id: number; locationName: string }[];
}

export const bmsAccounts = (h: Harness) => h.bms.admin.list<BmsAccountRecord>('accounts');
export const bmsContacts = (h: Harness) => h.bms.admin.list<{ id: number; accountId: number; firstName: string; lastName: string; jobTitle: string | null }>('contacts');
export const bmsAssets = (h: Harness) => h.bms.admin.list<{ id: number; accountId: number; name: string; serialNumber: string | null }>('hardwareAssets');

/** Values that appear more than once. */
export function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}
