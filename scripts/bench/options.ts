/** The benchmark's command line, and the dataset sizes it implies. */
import { parseArgs } from 'node:util';
import { MAX_ACCOUNTS, MAX_ASSETS, MAX_CONTACTS, MAX_LOCATIONS, MAX_TICKETS } from '../../simulators/datasets/generate/options.js';

export const HELP = `Usage: npm run bench -- [options]

Dataset (BMS side; the IT Glue side overlaps it as the generator decides):
  --accounts N        BMS accounts, 1–1000 (default 1000)
  --locations N       locations in total (default 2 × accounts = 2000)
  --contacts N        contacts (default 10 × accounts = 10000)
  --assets N          hardware assets (default 50 × accounts = 50000)
  --tickets N         BMS tickets (default 6 × accounts = 6000); the ticket sync takes the open
                      ones and those completed in the last 90 days
  --seed N            dataset seed (default 1)
  --scale LIST        multipliers of that dataset, e.g. 1,2: the whole benchmark at each size (a fresh
                      stack each), then a table of how each figure grows (default 1). Accounts stay
                      at most 1,000 (the generator's maximum), so 2× the default is 125,000 records.
Many integrations:
  --integrations N    N integrations, each with a 1/N share of the dataset and its own BMS and IT
                      Glue simulator, synced at the same time (default 1: the single-integration
                      benchmark). Judged on aggregate records/s, slowest/fastest finish and budgets.
  --budget-speedup F  many mode: the vendors' per-integration limits (BMS 1,500 calls per endpoint per
                      hour, IT Glue 3,000 per 5 minutes) enforced by the engine and by every
                      simulator, with their windows shortened F× (whole seconds: F divides 3600, and
                      IT Glue's window is rounded up to at least 1 s) so a run fits in minutes
                      (default 600: BMS 1,500 per 6 s, IT Glue 3,000 per 1 s)
Engine:
  --workers N         worker processes (default 1; 2 with --integrations above 1)
  --max-activities N  WORKER_MAX_ACTIVITIES of each worker (default 20)
  --cpu-prof          profile the worker(s) with node --cpu-prof; summary printed at the end,
                      profiles kept in .data/bench/profiles-<time>/
Two-way latency (single mode), at the product's default push interval:
  --no-two-way        skip the two-way latency measurement
  --edits N           IT Glue edits to time (default 20)
Other:
  --run-timeout MIN   fail a sync run that takes longer (default 180)
  --keep              leave everything running (and the folder) until Ctrl-C (one size only)
  --help`;

export class UsageError extends Error {}

export interface DatasetSizes {
  accounts: number;
  locations: number;
  contacts: number;
  assets: number;
  tickets: number;
}

export interface Options {
  base: DatasetSizes;
  seed: number;
  scales: number[];
  integrations: number;
  budgetSpeedup: number;
  workers: number;
  maxActivities: number;
  cpuProf: boolean;
  twoWay: boolean;
  edits: number;
  runTimeoutMs: number;
  keep: boolean;
}

/** `1,2` → [1, 2]: positive multipliers, each given once. */
export function parseScales(raw: string): number[] {
  const scales = raw.split(',').map((part) => {
    const value = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`--scale must be a comma-separated list of positive numbers such as 1,2 (got "${raw}")`);
    return value;
  });
  if (new Set(scales).size !== scales.length) throw new UsageError(`--scale lists a size twice ("${raw}")`);
  return scales;
}

/**
 * The dataset of ONE integration at a scale: the base sizes times `scale`, divided among
 * `integrations`. Accounts stay within the generator's maximum; a size the generator cannot make
 * is a usage error naming it.
 */
export function sizesAt(base: DatasetSizes, scale: number, integrations: number): DatasetSizes {
  const share = (n: number) => Math.round((n * scale) / integrations);
  const accounts = Math.min(MAX_ACCOUNTS, Math.max(1, share(base.accounts)));
  const sizes = { accounts, locations: Math.max(accounts, share(base.locations)), contacts: share(base.contacts), assets: share(base.assets), tickets: share(base.tickets) };
  const limits: [keyof DatasetSizes, number][] = [
    ['locations', MAX_LOCATIONS],
    ['contacts', MAX_CONTACTS],
    ['assets', MAX_ASSETS],
    ['tickets', MAX_TICKETS],
  ];
  for (const [name, max] of limits) {
    if (sizes[name] > max) {
      throw new UsageError(`--scale ${scale}: ${sizes[name].toLocaleString('en-US')} ${name} per integration exceed the generator's maximum of ${max.toLocaleString('en-US')}`);
    }
  }
  return sizes;
}

/** The records records/s counts: tickets are measured apart (per ticket in the ticket sync's scope). */
export const recordsOf = (s: DatasetSizes) => s.accounts + s.locations + s.contacts + s.assets;

/**
 * The budgets of the many-integrations mode: the documented limits, their windows shortened
 * `speedup` times to whole seconds (the engine's *_RATE_WINDOW_SECONDS are whole seconds).
 */
export function compressedWindows(speedup: number): { bmsSeconds: number; itglueSeconds: number } {
  if (!Number.isInteger(speedup) || speedup < 1 || 3600 % speedup !== 0) throw new UsageError(`--budget-speedup must be a whole number dividing 3600 (BMS's hour in seconds; got ${speedup})`);
  return { bmsSeconds: 3600 / speedup, itglueSeconds: Math.max(1, Math.ceil(300 / speedup)) };
}

export function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      accounts: { type: 'string' },
      locations: { type: 'string' },
      contacts: { type: 'string' },
      assets: { type: 'string' },
      tickets: { type: 'string' },
      seed: { type: 'string' },
      scale: { type: 'string' },
      integrations: { type: 'string' },
      'budget-speedup': { type: 'string' },
      workers: { type: 'string' },
      'max-activities': { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      'no-two-way': { type: 'boolean' },
      edits: { type: 'string' },
      'run-timeout': { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const num = (name: keyof typeof values, fallback: number, min: number, max: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${String(raw)}")`);
    return n;
  };
  const accounts = num('accounts', 1000, 1, MAX_ACCOUNTS);
  const base: DatasetSizes = {
    accounts,
    locations: num('locations', 2 * accounts, accounts, MAX_LOCATIONS),
    contacts: num('contacts', 10 * accounts, 0, MAX_CONTACTS),
    assets: num('assets', 50 * accounts, 0, MAX_ASSETS),
    tickets: num('tickets', 6 * accounts, 0, MAX_TICKETS),
  };
  const scales = values.scale === undefined ? [1] : parseScales(values.scale);
  const integrations = num('integrations', 1, 1, 100);
  // Every size must be one the generator can make: fail now, not after the first size's run.
  for (const scale of scales) sizesAt(base, scale, integrations);
  const budgetSpeedup = num('budget-speedup', 600, 1, 3600);
  compressedWindows(budgetSpeedup);
  const keep = values.keep ?? false;
  if (keep && scales.length > 1) throw new UsageError('--keep needs a single size (one --scale value)');
  return {
    base,
    seed: num('seed', 1, 0, 0xffff_ffff),
    scales,
    integrations,
    budgetSpeedup,
    workers: num('workers', integrations > 1 ? 2 : 1, 1, 16),
    maxActivities: num('max-activities', 20, 1, 1000),
    cpuProf: values['cpu-prof'] ?? false,
    twoWay: !values['no-two-way'],
    edits: num('edits', 20, 1, 1000),
    runTimeoutMs: num('run-timeout', 180, 1, 24 * 60) * 60_000,
    keep,
  };
}
