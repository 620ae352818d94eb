/**
 * Runs the BMS simulator on its own:
 *   npx tsx simulators/bms/main.ts --port 4010 [--host 127.0.0.1] [--undocumented-routes] [--dataset file.json | --accounts 25 [--assets N] [--tickets N] [--seed 1]]
 *
 * `--undocumented-routes` serves the routes the official v2 document lacks (otherwise 404).
 */
import { parseArgs } from 'node:util';
import { DATASET_OPTIONS, datasetFromArgs, enableGenerate } from '../datasets/standalone.js';
import { createBmsSimulator } from './simulator.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    'undocumented-routes': { type: 'boolean', default: false },
    ...DATASET_OPTIONS,
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}

let dataset: unknown;
try {
  dataset = datasetFromArgs(values);
} catch (err) {
  console.error(`cannot load the dataset: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}

try {
  const simulator = enableGenerate(createBmsSimulator({ dataset, config: { undocumentedRoutes: values['undocumented-routes'] } }));
  const server = await simulator.listen(port, values.host);
  console.log(`BMS simulator listening on ${server.url} (admin API at ${server.url}/_admin)`);
  if (dataset === undefined) console.log('No dataset given: default reference data and the API user "api-user" / "api-password" (tenant DemoMSP).');
  else if (!values.dataset) console.log('Generated dataset: API user "api.sync" / "demo-password" (tenant DemoMSP).');
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  const details = (err as { details?: string[] }).details ?? [];
  console.error(`BMS simulator failed to start: ${err instanceof Error ? err.message : String(err)}`);
  for (const line of details) console.error(`  ${line}`);
  process.exit(1);
}
