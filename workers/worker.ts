/**
 * Builds a Temporal worker for the engine: every workflow in workflows/index.ts and every
 * activity from activities/index.ts, on one task queue. Used by workers/main.ts (the process)
 * and by the integration tests (an in-process worker against the real dev server).
 */
import { fileURLToPath } from 'node:url';
import type { NativeConnection} from '@temporalio/worker';
import { bundleWorkflowCode, Worker, type BundleOptions, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { ActivityDeps } from '../activities/deps.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface EngineWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /** A prebuilt bundle (tests share one per file); otherwise the workflows are bundled here. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Sinks the bundle's code calls (the tests' coverage of workflow code). */
  sinks?: WorkerOptions['sinks'];
}

/**
 * Bundles the workflows once (quietly: webpack's report is noise in the worker's log). `adjust`
 * may change the bundle's options (the tests instrument workflow code for coverage).
 */
export function bundleWorkflows(adjust: (options: BundleOptions) => BundleOptions = (options) => options): ReturnType<typeof bundleWorkflowCode> {
  const quiet = () => {};
  return bundleWorkflowCode(
    adjust({
      workflowsPath: WORKFLOWS_PATH,
      logger: { trace: quiet, debug: quiet, info: quiet, warn: console.warn, error: console.error, log: quiet },
    }),
  );
}

export async function createEngineWorker(options: EngineWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
    activities: createActivities(options.deps),
    sinks: options.sinks,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
    maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions ?? 40,
    maxCachedWorkflows: 200,
    shutdownGraceTime: '30s',
  });
}
