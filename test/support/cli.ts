/** Runs CLI commands in the test process, against the real database and Temporal server. */
import { inject, vi } from 'vitest';
import { CliContext } from '../../cli/context.js';
import { buildProgram, describeCliError } from '../../cli/main.js';
import { TEST_ENCRYPTION_KEY, type Harness } from './harness.js';

/** Points the CLI's environment at the test stack and the harness's task queue. */
export function useTestStackForCli(h: Harness, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    SYNC_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ...extra,
  });
}

/** Runs one CLI command; returns what it printed, or throws its error. */
export async function cli(...args: string[]): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.map(String).join(' ')));
  const ctx = new CliContext();
  try {
    await buildProgram(() => ctx).parseAsync(['node', 'cli', ...args]);
    return lines.join('\n');
  } finally {
    spy.mockRestore();
    await ctx.close();
  }
}

/** Runs a command that must fail; returns the message the CLI would print. */
export async function cliError(...args: string[]): Promise<string> {
  try {
    await cli(...args);
  } catch (err) {
    return describeCliError(err);
  }
  throw new Error(`expected "${args.join(' ')}" to fail`);
}
