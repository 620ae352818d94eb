/**
 * How long a CLI command takes as an operator runs it: the compiled CLI (`node dist/cli/main.js`,
 * what `npm run cli` runs after its up-to-date check) started as a new process, until it exits.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../../config/paths.js';
import { quantile } from './format.js';

export interface CliTiming {
  command: string;
  /** Every run's wall time, ms. */
  runsMs: number[];
  medianMs: number;
}

function runOnce(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(PROJECT_ROOT, 'dist', 'cli', 'main.js'), ...args], { env, cwd: PROJECT_ROOT }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`CLI ${args.join(' ')} failed: ${stderr.trim() || err.message}`));
      else resolve(performance.now() - started);
    });
  });
}

/** Runs the command `repeats` times, one after the other; judged by the median (the machine is shared). */
export async function timeCliCommand(args: string[], env: NodeJS.ProcessEnv, repeats = 5): Promise<CliTiming> {
  const runsMs: number[] = [];
  for (let i = 0; i < repeats; i++) runsMs.push(await runOnce(args, env));
  return { command: args.join(' '), runsMs, medianMs: quantile(runsMs, 0.5) };
}
