/**
 * One writer per integration at a time: the pull, the push poll and record syncs of an
 * integration take turns page by page (a PostgreSQL advisory lock held for one page), so a pull
 * never overwrites an edit a concurrent push has just made. Waiting heartbeats, so a stuck
 * worker is noticed and a cancellation is heard.
 */
import { heartbeat, sleep } from '@temporalio/activity';
import type { ActivityDeps } from './deps.js';

const POLL_MS = 250;

async function beat(): Promise<void> {
  try {
    heartbeat();
    await sleep(POLL_MS);
  } catch (err) {
    // Outside an activity (CLI, tests) there is no context: a plain wait.
    if (err instanceof Error && /activity context/i.test(err.message)) await new Promise((r) => setTimeout(r, POLL_MS));
    else throw err;
  }
}

export async function withIntegrationLock<T>(deps: ActivityDeps, integrationId: string, work: () => Promise<T>): Promise<T> {
  const connection = await deps.database.sql.reserve();
  const key = `integration-writer:${integrationId}`;
  try {
    for (;;) {
      const [row] = await connection`select pg_try_advisory_lock(hashtext(${key})) as locked`;
      if (row?.locked) break;
      await beat();
    }
    try {
      return await work();
    } finally {
      await connection`select pg_advisory_unlock(hashtext(${key}))`;
    }
  } finally {
    connection.release();
  }
}
