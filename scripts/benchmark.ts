/**
 * The benchmark (issue 11): how fast the engine syncs a large tenant, what it costs in CPU,
 * database transactions, memory and workflow history, how long an IT Glue edit takes to reach BMS
 * at the product's default push interval, how long a CLI command takes — each judged against its
 * target (scripts/bench/targets.ts) — and, with `--integrations N`, many integrations at once.
 *
 *   npm run bench -- [--scale 1,2] [--integrations 10] [--accounts 1000 …] [--help]
 *
 * Each size runs on a fresh private stack in a folder under .data/bench/ (scripts/bench/stack.ts):
 * PostgreSQL, a headless Temporal dev server, the simulators in this process and the compiled
 * worker(s) as child processes. Numbers are printed as they come; the Markdown report of every
 * size, and with several sizes the table of how each figure grows, is printed at the end and
 * written to .data/bench/last-run.md. Each size's figures are also appended to
 * .data/bench/results.json, where the many-integrations mode finds the single-integration figure
 * it is compared with.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/paths.js';
import { runMany, type SingleReference } from './bench/many.js';
import { HELP, parseOptions, UsageError, type DatasetSizes, type Options } from './bench/options.js';
import { formatProfileSummary, loadProfiles, summarizeProfiles } from './bench/profile.js';
import { scaleTable, type SizeResult } from './bench/scale.js';
import { runSingle } from './bench/single.js';
import { BenchStack, log } from './bench/stack.js';
import { formatJudgements, type Figures } from './bench/targets.js';

const BENCH_ROOT = join(PROJECT_ROOT, '.data', 'bench');
const RESULTS_FILE = join(BENCH_ROOT, 'results.json');

/** One size of one benchmark invocation, as kept in .data/bench/results.json. */
interface SavedResult {
  at: string;
  mode: 'single' | 'many';
  integrations: number;
  scale: number;
  base: DatasetSizes;
  seed: number;
  records: number;
  figures: Figures;
}

function loadResults(): SavedResult[] {
  if (!existsSync(RESULTS_FILE)) return [];
  try {
    return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as SavedResult[];
  } catch (err) {
    throw new Error(`${RESULTS_FILE} is not valid JSON (${err instanceof Error ? err.message : String(err)}); delete it to start a new record`);
  }
}

/** The latest single-integration result of the same dataset, for the many-integrations mode to beat. */
function singleReference(results: SavedResult[], opts: Options, scale: number): SingleReference | null {
  const same = results.filter(
    (r) => r.mode === 'single' && r.scale === scale && r.seed === opts.seed && JSON.stringify(r.base) === JSON.stringify(opts.base) && r.figures.initialRecordsPerSecond !== undefined,
  );
  const latest = same.at(-1);
  return latest ? { recordsPerSecond: latest.figures.initialRecordsPerSecond!, what: `measured ${latest.at} at ${latest.records.toLocaleString('en-US')} records` } : null;
}

/** --keep: the numbers are in and we wait for Ctrl-C, which then ends the run normally. */
let keepWaiting = false;

async function main(): Promise<void> {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(HELP);
    return;
  }
  const opts = parsed;
  const mode = opts.integrations > 1 ? 'many' : 'single';
  mkdirSync(BENCH_ROOT, { recursive: true });
  // The worker and the CLI run compiled, as deployed: bring dist/ up to date (a no-op when nothing changed).
  execFileSync('bash', [join(PROJECT_ROOT, 'scripts', 'build.sh')], { stdio: 'inherit' });

  const sizes: SizeResult[] = [];
  const reports: string[] = [];
  let dirty: string[] = [];
  for (const scale of opts.scales) {
    log(`==== ${mode === 'many' ? `${opts.integrations} integrations` : 'one integration'}, ${scale}× the default dataset`);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const profileDir = opts.cpuProf ? join(BENCH_ROOT, `profiles-${stamp}`) : null;
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const results = loadResults();
    const stack = await BenchStack.start(BENCH_ROOT);
    let size: SizeResult;
    if (mode === 'single') {
      const outcome = await runSingle(stack, opts, scale, profileDir);
      dirty = [...dirty, ...outcome.dirtyNoChange];
      reports.push(outcome.markdown);
      size = { scale, records: outcome.records, figures: outcome.figures };
      console.log(`\n${formatJudgements(outcome.judgements)}\n`);
    } else {
      const outcome = await runMany(stack, opts, scale, singleReference(results, opts, scale), profileDir);
      reports.push(outcome.markdown);
      size = { scale, records: outcome.records, figures: outcome.figures, overrides: outcome.overrides };
      console.log(`\n${formatJudgements(outcome.judgements)}\n`);
    }
    sizes.push(size);
    const saved: SavedResult = { at: new Date().toISOString(), mode, integrations: opts.integrations, scale, base: opts.base, seed: opts.seed, records: size.records, figures: size.figures };
    writeFileSync(RESULTS_FILE, `${JSON.stringify([...results, saved], null, 2)}\n`);

    if (opts.keep) {
      log(`--keep: everything stays up until Ctrl-C — Temporal ${stack.temporal.address}, PostgreSQL ${stack.pg.url}, task queue "bench", folder ${stack.dir}`);
      keepWaiting = true;
      await new Promise<void>(() => {});
    }
    stack.phase = 'stopping';
    await stack.stop(false);
    if (profileDir) {
      const summaryText = formatProfileSummary(summarizeProfiles(loadProfiles(profileDir)), 30);
      writeFileSync(join(profileDir, 'summary.txt'), summaryText);
      console.log(`\n${summaryText}\n(profiles and summary.txt in ${profileDir})`);
    }
    log('stopped everything and removed the working folder');
  }

  const parts = [...reports];
  if (sizes.length > 1) {
    parts.push(
      `## How each figure grows with the dataset (${mode === 'many' ? `${opts.integrations} integrations` : 'one integration'}, sizes ${opts.scales.map((s) => `${s}×`).join(', ')})\n\n${scaleTable(sizes)}\n`,
    );
  }
  const markdown = parts.join('\n');
  console.log(`\n${markdown}`);
  writeFileSync(join(BENCH_ROOT, 'last-run.md'), markdown);
  log(`report written to ${join(BENCH_ROOT, 'last-run.md')}; figures appended to ${RESULTS_FILE}`);
  if (dirty.length) {
    console.error(`[bench] CHECK FAILED: ${dirty.join(', ')} made write calls (see above)`);
    process.exitCode = 3;
  }
}

async function shutdown(reason: string, code: number, keepFolder: boolean): Promise<never> {
  const stack = BenchStack.current;
  console.error(`[bench] ${reason}; stopping everything…`);
  if (stack) await stack.stop(keepFolder);
  process.exit(code);
}

let signalled = false;
function onSignal(reason: string, code: number): void {
  // A second Ctrl-C while stopping exits at once.
  if (signalled) process.exit(code);
  signalled = true;
  void (keepWaiting ? shutdown('Ctrl-C', 0, true) : shutdown(reason, code, process.argv.includes('--keep')));
}
process.on('SIGINT', () => onSignal('interrupted (Ctrl-C)', 130));
process.on('SIGTERM', () => onSignal('terminated', 143));
// Detached workers are killed on any exit.
process.on('exit', () => BenchStack.current?.killWorkers());

main().catch(async (err: unknown) => {
  if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`[bench] ${err.message}\n\n${HELP}`);
    process.exit(2);
  }
  console.error(`[bench] FAILED during "${BenchStack.current?.phase ?? 'start-up'}": ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && err.stack && !err.message.includes('last lines')) console.error(err.stack.split('\n').slice(1, 6).join('\n'));
  signalled = true;
  await shutdown('benchmark failed', 1, true);
});
