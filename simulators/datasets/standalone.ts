/**
 * What both simulators' command lines share: where the dataset comes from (a file, or the
 * generator) and the admin API's `POST /_admin/generate`.
 */
import { readFileSync } from 'node:fs';
import type { Simulator } from '../common/simulator.js';
import { SimError } from '../common/simulator.js';
import { generateDataset } from './generate.js';

export const DATASET_OPTIONS = {
  dataset: { type: 'string' },
  accounts: { type: 'string' },
  assets: { type: 'string' },
  tickets: { type: 'string' },
  seed: { type: 'string' },
} as const;

const whole = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} must be a whole number, got "${value}"`);
  return n;
};

/** `--dataset file.json`, or a generated dataset with `--accounts N [--assets N] [--tickets N] [--seed N]`, or none. */
export function datasetFromArgs(values: { dataset?: string; accounts?: string; assets?: string; tickets?: string; seed?: string }): unknown {
  if (values.dataset) {
    if (values.accounts || values.assets || values.tickets) throw new Error('give either --dataset or --accounts/--assets/--tickets, not both');
    return JSON.parse(readFileSync(values.dataset, 'utf8')) as unknown;
  }
  if (values.accounts === undefined && values.assets === undefined && values.tickets === undefined && values.seed === undefined) return undefined;
  return generateDataset({
    accounts: whole(values.accounts, 'accounts'),
    assets: whole(values.assets, 'assets'),
    tickets: whole(values.tickets, 'tickets'),
    seed: whole(values.seed, 'seed'),
  }).dataset;
}

/** Lets `POST /_admin/generate {accounts, assets, seed, …}` replace the simulator's data with a generated dataset. */
export function enableGenerate(simulator: Simulator): Simulator {
  simulator.hooks.generate = (options) => {
    let dataset: unknown;
    try {
      dataset = generateDataset((options ?? {}) as Parameters<typeof generateDataset>[0]).dataset;
    } catch (err) {
      throw new SimError(400, err instanceof Error ? err.message : String(err));
    }
    return simulator.hooks.store.load(dataset);
  };
  return simulator;
}
