/**
 * Runs the IT Glue simulator on its own:
 *   npx tsx simulators/itglue/main.ts --port 4020 [--host 127.0.0.1] [--dataset file.json]
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_API_KEY } from './seed.js';
import { createItGlueSimulator } from './simulator.js';
import type { ItGlueStore } from './store.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4020' },
    host: { type: 'string', default: '127.0.0.1' },
    dataset: { type: 'string' },
  },
});

const dataset = values.dataset ? (JSON.parse(await readFile(values.dataset, 'utf8')) as unknown) : undefined;
const simulator = createItGlueSimulator({ dataset });
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
