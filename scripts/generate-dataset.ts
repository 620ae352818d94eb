/**
 * Writes a generated dataset (and optionally its tricky cases) to JSON files.
 *
 *   npx tsx scripts/generate-dataset.ts --accounts 1000 --assets 50000 --seed 7 --out data.json [--cases cases.json] [--links links.json]
 *
 * Load the file into the simulators through their admin API or their `--dataset` option. Run
 * with --help for every flag.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_NOW, generateDatasetDetailed, type GenerateOptions } from '../simulators/datasets/generate.js';

const FLAGS = {
  seed: { type: 'string', option: 'seed', help: 'random seed (default 1)' },
  accounts: { type: 'string', option: 'accounts', help: 'BMS accounts, 1–1000 (default 25)' },
  locations: { type: 'string', option: 'locations', help: 'BMS locations in total (default 2 × accounts)' },
  contacts: { type: 'string', option: 'contacts', help: 'BMS contacts (default 10 × accounts)' },
  assets: { type: 'string', option: 'assets', help: 'BMS hardware assets, up to 100000 (default 50 × accounts)' },
  tickets: { type: 'string', option: 'tickets', help: 'BMS tickets (default 6 × accounts)' },
  overlap: { type: 'string', option: 'itglueOverlap', help: 'share of accounts already in IT Glue, 0–1 (default 0.3)' },
  'itglue-only': { type: 'string', option: 'itglueOnlyOrganizations', help: 'IT Glue-only organizations (default 8 % of accounts)' },
  now: { type: 'string', option: 'now', help: `the dataset's "now", ISO date-time (default ${DEFAULT_NOW})` },
  'api-key': { type: 'string', option: 'apiKey', help: 'accepted IT Glue x-api-key (default ITG.demo-key)' },
  'bms-tenant': { type: 'string', option: 'bms.tenant', help: 'BMS tenant (default DemoMSP)' },
  'bms-user': { type: 'string', option: 'bms.userName', help: 'BMS user name (default api.sync)' },
  'bms-password': { type: 'string', option: 'bms.password', help: 'BMS password (default demo-password)' },
  'bms-user-type': { type: 'string', option: 'bms.userType', help: 'Employee or ApiEmployee (default ApiEmployee)' },
  'no-cases': { type: 'boolean', option: 'cases', help: 'leave out the tricky matching cases' },
  out: { type: 'string', option: null, help: 'where to write the dataset JSON (required)' },
  cases: { type: 'string', option: null, help: 'where to write the tricky cases JSON (an array)' },
  links: { type: 'string', option: null, help: 'where to write the expected links of a first sync (BMS id → IT Glue id per entity)' },
  pretty: { type: 'boolean', option: null, help: 'indent the JSON' },
  help: { type: 'boolean', option: null, help: 'show this help' },
} as const;

type Flag = keyof typeof FLAGS;
const NUMERIC = new Set<Flag>(['seed', 'accounts', 'locations', 'contacts', 'assets', 'tickets', 'overlap', 'itglue-only']);
const INTEGER = new Set<Flag>(['seed', 'accounts', 'locations', 'contacts', 'assets', 'tickets', 'itglue-only']);

function usage(): string {
  const lines = Object.entries(FLAGS).map(([name, f]) => `  --${name.padEnd(14)} ${f.help}`);
  return ['Usage: npx tsx scripts/generate-dataset.ts --out data.json [options]', '', ...lines].join('\n');
}

function fail(message: string): never {
  process.stderr.write(`generate-dataset: ${message}\n\n${usage()}\n`);
  process.exit(2);
}

interface Cli {
  options: GenerateOptions;
  out: string;
  casesOut: string | null;
  linksOut: string | null;
  pretty: boolean;
}

function parse(argv: string[]): Cli {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof FLAGS; strict: true; allowPositionals: false }>>;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  } catch (error) {
    fail((error as Error).message);
  }
  const values = parsed.values as Partial<Record<Flag, string | boolean>>;
  if (values.help) {
    process.stdout.write(`${usage()}\n`);
    process.exit(0);
  }
  const options: Record<string, unknown> = {};
  const bms: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(values) as [Flag, string | boolean][]) {
    const target = FLAGS[name].option;
    if (target === null || raw === undefined) continue;
    let value: unknown = raw;
    if (name === 'no-cases') value = !raw;
    else if (NUMERIC.has(name)) {
      const text = String(raw).trim();
      const number = Number(text);
      if (text === '' || !Number.isFinite(number)) fail(`--${name} must be a number, got "${String(raw)}"`);
      if (INTEGER.has(name) && !Number.isInteger(number)) fail(`--${name} must be a whole number, got "${String(raw)}"`);
      value = number;
    }
    if (target.startsWith('bms.')) bms[target.slice(4)] = value;
    else options[target] = value;
  }
  if (Object.keys(bms).length > 0) options.bms = bms;
  const out = values.out;
  if (typeof out !== 'string' || out.trim() === '') fail('--out is required');
  const path = (v: string | boolean | undefined) => (typeof v === 'string' && v.trim() !== '' ? v : null);
  return { options: options as GenerateOptions, out, casesOut: path(values.cases), linksOut: path(values.links), pretty: values.pretty === true };
}

/** Maps an option name in a validation message back to its flag. */
function asFlags(message: string): string {
  let text = message;
  for (const [name, f] of Object.entries(FLAGS)) {
    if (f.option) text = text.replace(new RegExp(`(^|[ ;:])${f.option.replace('.', '\\.')}:`, 'g'), `$1--${name}:`);
  }
  return text;
}

function main(): void {
  const { options, out, casesOut, linksOut, pretty } = parse(process.argv.slice(2));
  const started = performance.now();
  let result: ReturnType<typeof generateDatasetDetailed>;
  try {
    result = generateDatasetDetailed(options);
  } catch (error) {
    fail(asFlags((error as Error).message));
  }
  const generatedMs = performance.now() - started;
  const json = (value: unknown) => `${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`;
  const outPath = resolve(out);
  writeFileSync(outPath, json(result.dataset));
  const written = [`Wrote dataset to ${outPath}`];
  if (casesOut) {
    writeFileSync(resolve(casesOut), json(result.cases));
    written.push(`Wrote ${result.cases.length} tricky cases to ${resolve(casesOut)}`);
  }
  if (linksOut) {
    writeFileSync(resolve(linksOut), json(result.expectedLinks));
    written.push(`Wrote the expected links to ${resolve(linksOut)}`);
  }

  const width = Math.max(...Object.keys(result.summary).map((k) => k.length));
  const rows = Object.entries(result.summary).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  process.stdout.write(
    [
      `Generated in ${Math.round(generatedMs)} ms:`,
      ...rows,
      ...written,
    ].join('\n') + '\n',
  );
}

main();
