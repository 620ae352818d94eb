/**
 * Liveness for container health checks (Dockerfile HEALTHCHECK, docker-compose.yml). A worker
 * started with WORKER_HEALTH_FILE touches that file every few seconds while its Temporal worker
 * runs (workers/main.ts); `node dist/workers/health.js` fails when the file is missing or stale,
 * that is when the process is gone, its event loop is stuck, or its worker stopped polling.
 */
import { rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const HEALTH_TOUCH_EVERY_MS = 5_000;
export const HEALTH_STALE_AFTER_MS = 30_000;

/** Touches `file` while `isRunning()`; the returned function stops and removes the file. */
export function keepHealthFile(file: string, isRunning: () => boolean): () => void {
  const touch = () => {
    if (!isRunning()) return;
    const now = new Date();
    try {
      utimesSync(file, now, now);
    } catch {
      writeFileSync(file, `${process.pid}\n`);
    }
  };
  const timer = setInterval(touch, HEALTH_TOUCH_EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    rmSync(file, { force: true });
  };
}

/** Why the worker is not healthy, or null when it is. */
export function healthProblem(file: string, now = Date.now()): string | null {
  let modified: number;
  try {
    modified = statSync(file).mtimeMs;
  } catch {
    return `${file} does not exist: the worker is not running (or has not started polling yet)`;
  }
  const age = now - modified;
  return age > HEALTH_STALE_AFTER_MS ? `${file} was last touched ${Math.round(age / 1000)} s ago: the worker is stuck or stopped` : null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.env.WORKER_HEALTH_FILE;
  const problem = file ? healthProblem(file) : 'WORKER_HEALTH_FILE is not set: nothing to check';
  if (problem) {
    console.error(`unhealthy: ${problem}`);
    process.exit(1);
  }
  console.log('healthy');
}
