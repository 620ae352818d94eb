/**
 * Heartbeats while a long page of work runs. The heartbeat timeout is how Temporal notices a
 * killed worker, so page activities keep it short (tens of seconds) and prove they are alive on
 * a timer, instead of waiting for the next record boundary (a rate-limited BMS call can take a
 * while). A stuck call is still caught by the activity's start-to-close timeout.
 */
import { Context } from '@temporalio/activity';

export async function withKeepalive<T>(work: () => Promise<T>, everyMs = 5_000): Promise<T> {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return work(); // outside an activity (CLI, tests)
  }
  const timer = setInterval(() => {
    try {
      context.heartbeat();
    } catch {
      // the activity has ended; the timer is cleared just below
    }
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
