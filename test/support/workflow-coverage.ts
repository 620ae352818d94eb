/**
 * Coverage of the code that runs inside the workflow sandbox. `npm run coverage` instruments our
 * own modules with Istanbul as vitest loads them, but workflow code runs from a webpack bundle in
 * the worker's sandbox, which vitest never sees. When coverage is on, the integration harness
 * builds its bundle with Temporal's instrumentation (@temporalio/nyc-test-coverage: a webpack
 * loader, and an interceptor that sends the sandbox's counters out through a sink after each
 * activation); this module adds those counters to vitest's own, which reports them with the rest.
 * Only workflows/ is instrumented in the bundle; vitest leaves workflows/ alone (vitest.config.ts)
 * so each file has one instrumentation.
 */
import { WorkflowCoverage } from '@temporalio/nyc-test-coverage';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';

/** Istanbul's counters of one file (the maps that go with them are the same for every copy). */
interface FileCoverage {
  s: Record<string, number>;
  f: Record<string, number>;
  b: Record<string, number[]>;
}
type CoverageData = Record<string, FileCoverage>;

/** Where vitest's Istanbul provider keeps the counters of this test file's process. */
const VITEST_COVERAGE = '__VITEST_COVERAGE__';
const globals = globalThis as unknown as Record<string, CoverageData | undefined>;

/** Whether this run measures coverage (vitest's instrumented modules have created their store). */
export const coverageEnabled = (): boolean => globals[VITEST_COVERAGE] !== undefined;

/** Adds `from`'s counters to `into` (same instrumentation: the same keys). */
function addCounters(into: CoverageData, from: CoverageData): void {
  for (const [file, counters] of Object.entries(from)) {
    const target = into[file];
    if (!target) {
      into[file] = counters;
      continue;
    }
    for (const key of Object.keys(counters.s)) target.s[key] = (target.s[key] ?? 0) + counters.s[key]!;
    for (const key of Object.keys(counters.f)) target.f[key] = (target.f[key] ?? 0) + counters.f[key]!;
    for (const key of Object.keys(counters.b)) target.b[key] = counters.b[key]!.map((n, i) => n + (target.b[key]?.[i] ?? 0));
  }
}

/** The bundle options with workflows/ instrumented (unchanged when coverage is off). */
export function instrumentWorkflowBundle(options: BundleOptions): BundleOptions {
  if (!coverageEnabled()) return options;
  // WorkflowCoverage only acts when the host has nyc's global.
  globals.__coverage__ ??= {};
  const augmented = new WorkflowCoverage().augmentBundleOptions(options);
  const hook = augmented.webpackConfigHook!;
  return {
    ...augmented,
    webpackConfigHook: (config) => {
      const result = hook(config);
      for (const rule of result.module?.rules ?? []) {
        const loader = rule && typeof rule === 'object' && rule.use && typeof rule.use === 'object' && 'loader' in rule.use ? String(rule.use.loader) : '';
        if (loader.includes('nyc-test-coverage')) (rule as { include?: RegExp }).include = /[\\/]workflows[\\/]/;
      }
      return result;
    },
  };
}

/** The sink the instrumented bundle reports to: its counters go to vitest's. */
export function workflowCoverageSinks(): WorkerOptions['sinks'] {
  if (!coverageEnabled()) return undefined;
  return {
    coverage: {
      merge: {
        fn: (_info: unknown, data: unknown) => addCounters(globals[VITEST_COVERAGE]!, data as CoverageData),
        callDuringReplay: false,
      },
    },
  };
}
