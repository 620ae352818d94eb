/**
 * Runs the BMS simulator on its own:
 *   npx tsx simulators/bms/main.ts --port 4010 [--dataset file.json] [--host 127.0.0.1]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createBmsSimulator } from './simulator.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    dataset: { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}

let dataset: unknown;
if (values.dataset) {
  try {
    dataset = JSON.parse(readFileSync(values.dataset, 'utf8'));
  } catch (err) {
    console.error(`cannot read dataset ${values.dataset}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
}

try {
  const simulator = createBmsSimulator({ dataset });
  const server = await simulator.listen(port, values.host);
  console.log(`BMS simulator listening on ${server.url} (admin API at ${server.url}/_admin)`);
  if (!values.dataset) console.log('No --dataset given: default reference data and the API user "api-user" / "api-password" (tenant DemoMSP).');
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  const details = (err as { details?: string[] }).details ?? [];
  console.error(`BMS simulator failed to start: ${err instanceof Error ? err.message : String(err)}`);
  for (const line of details) console.error(`  ${line}`);
  process.exit(1);
}
