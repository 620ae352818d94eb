/** Where the checkout is (from source or compiled into dist/) and how its entry points start. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(): string {
  // The nearest folder with package.json: the checkout from config/ and from dist/config/ alike
  // (dist/ has none of its own), and /app in the container image.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot();

/** Written by scripts/build.ts; the compiled worker loads it instead of running webpack at start. */
export const PREBUILT_BUNDLE_FILE = join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');

/** True when this process runs the compiled engine (dist/*.js) rather than the sources through tsx. */
export const RUNNING_COMPILED = import.meta.url.endsWith('.js');

/**
 * The node arguments that start one of the engine's entry points (e.g. `workers/main`) as a
 * child process the way this process runs: the compiled file in dist/, or the source through tsx.
 */
export function entryPointArgs(entry: string): string[] {
  return RUNNING_COMPILED ? [join(PROJECT_ROOT, 'dist', `${entry}.js`)] : ['--import', 'tsx', join(PROJECT_ROOT, `${entry}.ts`)];
}

/**
 * Environment for a worker process, set before it starts (the Dockerfile and `npm run worker` set
 * the same): glibc gives each thread of the SDK's native core its own malloc arena, which an idle
 * worker keeps resident (about 40 MB measured); two arenas are plenty for it.
 */
export const WORKER_PROCESS_ENV = { MALLOC_ARENA_MAX: '2' } as const;
