/** Polling for something a test waits on, with a time-out that fails the test and says what it waited for. */
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';

/**
 * Calls `check` every `intervalMs` until it returns a value other than `undefined`, `null` or
 * `false`, and resolves with that value; throws `timed out waiting for <what>` after `timeoutMs`.
 * An error thrown by `check` fails at once.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs ?? 60_000} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/** Waits until a workflow with this handle's id exists (a schedule or another workflow starts it). */
export async function waitForWorkflow<T extends WorkflowHandle>(handle: T, timeoutMs = 60_000): Promise<T> {
  return waitFor(
    `workflow ${handle.workflowId} to start`,
    async () => {
      try {
        await handle.describe();
        return handle;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    },
    { timeoutMs },
  );
}
