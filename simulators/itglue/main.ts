/**
 * Runs the IT Glue simulator on its own:
 *   npx tsx simulators/itglue/main.ts --port 4020 [--host 127.0.0.1] [--dataset file.json | --accounts 25 [--assets N] [--tickets N] [--seed 1]]
 */
import { parseArgs } from 'node:util';
import { DATASET_OPTIONS, datasetFromArgs, enableGenerate } from '../datasets/standalone.js';
import { DEFAULT_API_KEY } from './seed.js';
import { createItGlueSimulator } from './simulator.js';
import type { ItGlueStore } from './store.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4020' },
    host: { type: 'string', default: '127.0.0.1' },
    ...DATASET_OPTIONS,
  },
});

let dataset: unknown;
try {
  dataset = datasetFromArgs(values);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}
const simulator = enableGenerate(createItGlueSimulator({ dataset }));
const started = await simulator.listen(Number(values.port), values.host);
const { apiKeys } = simulator.hooks.store as ItGlueStore;
console.log(`IT Glue simulator listening on ${started.url}`);
console.log(
  apiKeys.has(DEFAULT_API_KEY)
    ? `  x-api-key: ${DEFAULT_API_KEY} (the dataset lists no keys)`
    : `  x-api-key: any of the dataset's ${apiKeys.size} apiKeys`,
);
console.log(`  admin API: ${started.url}/_admin/health`);

const stop = (): void => {
  void started.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
