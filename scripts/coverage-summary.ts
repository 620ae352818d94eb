/**
 * Prints the coverage of the last `npm run coverage` per top-level folder: the engine's folders
 * (workflows/ measured inside the workflow sandbox), the engine as a whole, and the simulators
 * apart. Reads coverage/coverage-summary.json (vitest's json-summary reporter).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

type Metric = 'lines' | 'branches' | 'functions' | 'statements';
const METRICS: Metric[] = ['lines', 'branches', 'functions', 'statements'];
type Totals = Record<Metric, { covered: number; total: number }>;

const root = fileURLToPath(new URL('..', import.meta.url));
const file = join(root, 'coverage', 'coverage-summary.json');
if (!existsSync(file)) {
  console.error(`${relative(process.cwd(), file)} is missing: run \`npm run coverage\` first`);
  process.exit(1);
}
const summary = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<Metric, { covered: number; total: number }>>;

const empty = (): Totals => Object.fromEntries(METRICS.map((m) => [m, { covered: 0, total: 0 }])) as Totals;
const add = (into: Totals, from: Record<Metric, { covered: number; total: number }>) => {
  for (const m of METRICS) {
    into[m].covered += from[m].covered;
    into[m].total += from[m].total;
  }
};

const byFolder = new Map<string, Totals>();
for (const [path, metrics] of Object.entries(summary)) {
  if (path === 'total') continue;
  const folder = relative(root, path).split(sep)[0]!;
  if (!byFolder.has(folder)) byFolder.set(folder, empty());
  add(byFolder.get(folder)!, metrics);
}

const percent = (t: { covered: number; total: number }) => (t.total === 0 ? '–' : `${((100 * t.covered) / t.total).toFixed(1)} %`);
const row = (name: string, t: Totals) => [name, ...METRICS.map((m) => `${percent(t[m])} (${t[m].covered}/${t[m].total})`)];
const NOTES: Record<string, string> = { workflows: 'workflows (in the sandbox)' };

const engineFolders = [...byFolder.keys()].filter((f) => f !== 'simulators').sort();
const engine = empty();
for (const f of engineFolders) add(engine, Object.fromEntries(METRICS.map((m) => [m, byFolder.get(f)![m]])) as Totals);
const rows = [
  ...engineFolders.map((f) => row(NOTES[f] ?? f, byFolder.get(f)!)),
  row('engine (all of the above)', engine),
  ...(byFolder.has('simulators') ? [row('simulators', byFolder.get('simulators')!)] : []),
];
const header = ['folder', ...METRICS];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(`\nper file: coverage/index.html`);
