/**
 * Builds a Temporal worker for the engine: every workflow in workflows/index.ts and every
 * activity from activities/index.ts, on one task queue. Used by workers/main.ts (the process)
 * and by the integration tests (an in-process worker against the real dev server).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleOptions, NativeConnection } from '@temporalio/worker';
import { bundleWorkflowCode, Worker, type ActivityInterceptorsFactory, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { ActivityDeps } from '../activities/deps.js';
import { PREBUILT_BUNDLE_FILE, PROJECT_ROOT, RUNNING_COMPILED } from '../config/paths.js';

export const WORKFLOWS_PATH = join(PROJECT_ROOT, 'workflows', 'index.ts');

export interface EngineWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /** A bundle built by the caller (tests share one per file); otherwise see defaultWorkflowBundle. */
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

/** Compiled: the prebuilt bundle (built with the same sources); from source: bundled now. */
async function defaultWorkflowBundle(): Promise<NonNullable<WorkerOptions['workflowBundle']>> {
  if (!RUNNING_COMPILED) return bundleWorkflows();
  if (!existsSync(PREBUILT_BUNDLE_FILE)) throw new Error(`${PREBUILT_BUNDLE_FILE} is missing: run \`npm run build\``);
  return { codePath: PREBUILT_BUNDLE_FILE };
}

/**
 * Every activity takes the integration it works for in its input (`integrationId`): its log
 * lines carry it, next to the workflow and run ids the SDK adds (telemetry/logger.ts).
 */
export const integrationLogAttributes: ActivityInterceptorsFactory = () => {
  let integrationId: unknown;
  return {
    inbound: {
      execute(input, next) {
        const first = input.args[0] as { integrationId?: unknown } | undefined;
        integrationId = typeof first?.integrationId === 'string' ? first.integrationId : undefined;
        return next(input);
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        return next(integrationId === undefined ? input : { ...input, integrationId });
      },
    },
  };
};

export async function createEngineWorker(options: EngineWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await defaultWorkflowBundle()),
    activities: createActivities(options.deps),
    sinks: options.sinks,
    interceptors: { activity: [integrationLogAttributes] },
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
    maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions ?? 40,
    maxCachedWorkflows: 200,
    shutdownGraceTime: '30s',
  });
}
