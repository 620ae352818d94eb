/** The benchmark's numbers, and their text and Markdown forms. */
import { API_GROUPS, type ApiCallSummary } from './api-calls.js';
import { duration, int, mb, quantile, table } from './format.js';
import type { CliTiming } from './cli-time.js';
import { formatRoutes, type LatencyReport } from './latency.js';

export type Counts = Record<string, Record<string, number>>;

export interface RunReport {
  label: string;
  mode: 'full' | 'incremental';
  wallMs: number;
  /** BMS records in scope (accounts + locations + contacts + assets). */
  records: number;
  api: ApiCallSummary;
  /** Peak RSS per worker process, kB. */
  workerPeakRssKb: number[];
  /** CPU seconds per component during the run. */
  cpu: { worker: number; simulators: number; postgres: number; temporal: number };
  /** Every event of the run's executions: its continue-as-new chain and the child workflows it started. */
  historyEvents: number;
  executions: number;
  continuedAsNew: number;
  childWorkflows: number;
  /** Microseconds spent matching (matcher construction + match calls), from the run counts. */
  matchUs: number;
  /** PostgreSQL transactions during the run (pg_stat_database), approximately the engine's DB round trips. */
  dbXacts: number;
  counts: Counts;
  status: string;
  logActions: Record<string, number>;
}

export interface BenchContext {
  startedAt: string;
  /** The multiplier of the default dataset (`--scale`). */
  scale: number;
  sizes: {
    accounts: number;
    locations: number;
    contacts: number;
    assets: number;
    /** BMS tickets in the dataset, and those the first sync took (open, or completed within the history window, of synced accounts). */
    tickets: number;
    ticketsSynced: number;
    seed: number;
  };
  datasetSummary: Record<string, number>;
  workers: number;
  maxActivities: number;
  settings: Record<string, unknown>;
  machine: string;
  generateMs: number;
  /** Paging through every BMS list row (accounts, contacts, assets) on the simulator with the client. */
  simulatorPaging: { records: number; ms: number };
  /** Worker RSS when idle right after start-up, kB. */
  idleRssKb: number[];
}

const perRecord = (n: number, records: number) => (records ? (n / records).toFixed(2) : '–');

export function totalCalls(r: RunReport): number {
  return r.api.total.bms + r.api.total.itglue;
}

export function totalWrites(r: RunReport): number {
  return r.api.writes.bms + r.api.writes.itglue;
}

/** The plain-text report of one run, printed right after it. */
export function formatRun(r: RunReport): string {
  const lines = [
    `${r.label}: ${r.status} in ${duration(r.wallMs)} — ${(r.records / (r.wallMs / 1000)).toFixed(1)} records/s (${int(r.records)} BMS records in scope)`,
    `  API calls: ${int(totalCalls(r))} (BMS ${int(r.api.total.bms)}, IT Glue ${int(r.api.total.itglue)}), ${perRecord(totalCalls(r), r.records)} per record; writes ${int(totalWrites(r))} (BMS ${int(r.api.writes.bms)}, IT Glue ${int(r.api.writes.itglue)})`,
    `  per entity (BMS / IT Glue): ${API_GROUPS.filter((g) => r.api.calls[g].bms + r.api.calls[g].itglue > 0)
      .map((g) => `${g} ${int(r.api.calls[g].bms)} / ${int(r.api.calls[g].itglue)}`)
      .join(', ')}`,
    `  peak worker RSS: ${r.workerPeakRssKb.map(mb).join(', ')}`,
    `  workflow history: ${int(r.historyEvents)} events in ${r.executions} execution(s) (${r.continuedAsNew} continue-as-new, ${r.childWorkflows} child workflow runs)`,
    `  database: ≈${int(r.dbXacts)} PostgreSQL transactions (${perRecord(r.dbXacts, r.records)} per record)`,
    `  matching: ${duration(r.matchUs / 1000)}; CPU: worker ${r.cpu.worker.toFixed(1)} s, simulators ${r.cpu.simulators.toFixed(1)} s, PostgreSQL ${r.cpu.postgres.toFixed(1)} s, Temporal ${r.cpu.temporal.toFixed(1)} s`,
    `  outcome: ${Object.entries(r.logActions).map(([a, n]) => `${int(n)} ${a}`).join(', ') || 'nothing logged'}`,
  ];
  if (totalWrites(r) > 0 && r.label.includes('no-change')) {
    lines.push(`  WRITES ON A NO-CHANGE RUN: ${r.api.writeRoutes.map((w) => `${w.system} ${w.route} ×${w.count}`).join(', ')}`);
  }
  return lines.join('\n');
}

export function formatCounts(counts: Counts): string {
  return Object.entries(counts)
    .map(([entity, actions]) => `    ${entity}: ${Object.entries(actions).map(([a, n]) => `${a} ${int(n)}`).join(', ')}`)
    .join('\n');
}

/**
 * The Markdown report of a single-integration run: the judged figures first (`judged`, from
 * targets.ts), then the details behind them.
 */
export function markdownSummary(ctx: BenchContext, judged: string, runs: RunReport[], latency: LatencyReport | null, cli: CliTiming | null, notes: string[]): string {
  const s = ctx.sizes;
  const records = s.accounts + s.locations + s.contacts + s.assets;
  const d = ctx.datasetSummary;
  const out: string[] = [];
  out.push(`## Benchmark, one integration, ${ctx.scale}× the default dataset (${ctx.startedAt})`);
  out.push('');
  out.push(
    `Dataset: seed ${s.seed}; BMS ${int(s.accounts)} accounts, ${int(s.locations)} locations, ${int(s.contacts)} contacts, ${int(s.assets)} hardware assets = **${int(records)} records**, ` +
      `and ${int(s.tickets)} tickets (${int(s.ticketsSynced)} in the ticket sync's scope); ` +
      `IT Glue already has ${int(d['itglue.organizations'] ?? 0)} organizations, ${int(d['itglue.locations'] ?? 0)} locations, ${int(d['itglue.contacts'] ?? 0)} contacts, ${int(d['itglue.configurations'] ?? 0)} configurations.`,
  );
  out.push(
    `Setup: ${ctx.machine}; ${ctx.workers} worker process(es) (RSS when idle after start-up: ${ctx.idleRssKb.map(mb).join(', ')}), WORKER_MAX_ACTIVITIES=${ctx.maxActivities}; both API simulators in the benchmark process with rate limits raised so they never throttle (and the engine's client-side budgets raised to match); private PostgreSQL and Temporal dev server (SQLite) on the same machine.`,
  );
  out.push(`Settings: \`${JSON.stringify(ctx.settings)}\``);
  out.push(`BMS simulator paging (client, every account, contact and asset list row): ${int(ctx.simulatorPaging.records)} records in ${duration(ctx.simulatorPaging.ms)}.`);
  out.push('');
  out.push('Judged figures:');
  out.push('');
  out.push(judged);
  out.push('');
  out.push(
    table(
      ['Run', 'Wall time', 'Records/s', 'API calls (BMS + IT Glue)', 'Calls/record', 'Writes', 'DB transactions/record', 'Peak worker RSS', 'History events (executions)', 'Continue-as-new', 'Child workflow runs', 'Matching time'],
      runs.map((r) => [
        r.label,
        duration(r.wallMs),
        (r.records / (r.wallMs / 1000)).toFixed(1),
        `${int(totalCalls(r))} (${int(r.api.total.bms)} + ${int(r.api.total.itglue)})`,
        perRecord(totalCalls(r), r.records),
        int(totalWrites(r)),
        perRecord(r.dbXacts, r.records),
        r.workerPeakRssKb.map(mb).join(', '),
        `${int(r.historyEvents)} (${r.executions})`,
        String(r.continuedAsNew),
        String(r.childWorkflows),
        duration(r.matchUs / 1000),
      ]),
    ),
  );
  out.push('');
  out.push('API calls per entity, BMS / IT Glue (per record of that entity in parentheses):');
  out.push('');
  const entityRecords: Record<string, number> = { organization: s.accounts, location: s.locations, contact: s.contacts, configuration: s.assets, ticket: s.ticketsSynced };
  const groups = API_GROUPS.filter((g) => runs.some((r) => r.api.calls[g].bms + r.api.calls[g].itglue > 0));
  out.push(
    table(
      ['Run', ...groups],
      runs.map((r) => [
        r.label,
        ...groups.map((g) => {
          const c = r.api.calls[g];
          const n = entityRecords[g];
          return `${int(c.bms)} / ${int(c.itglue)}${n ? ` (${perRecord(c.bms + c.itglue, n)})` : ''}`;
        }),
      ]),
    ),
  );
  out.push('');
  out.push('CPU time by process during each run (the machine has 2 cores):');
  out.push('');
  out.push(
    table(
      ['Run', 'Wall time', 'Worker', 'Simulators', 'PostgreSQL', 'Temporal server'],
      runs.map((r) => [r.label, duration(r.wallMs), `${r.cpu.worker.toFixed(1)} s`, `${r.cpu.simulators.toFixed(1)} s`, `${r.cpu.postgres.toFixed(1)} s`, `${r.cpu.temporal.toFixed(1)} s`]),
    ),
  );
  if (latency) {
    out.push('');
    out.push(
      `Two-way latency (IT Glue edit → visible in BMS), ${latency.edits} edits of linked records, push schedule every ${latency.pushEvery} (the product default):`,
    );
    out.push('');
    const l = latency.latenciesMs;
    // An edit that never arrived is infinitely late.
    const late = (ms: number) => (ms === Number.POSITIVE_INFINITY ? 'never' : duration(ms));
    out.push(
      table(
        ['Edits arrived', 'p50', 'p95', 'max', 'Push runs', 'Push run p50', 'Push run p95', 'Writes (BMS / IT Glue)', 'BMS calls per edit'],
        [
          [
            `${latency.arrived} / ${latency.edits}`,
            late(quantile(l, 0.5)),
            late(quantile(l, 0.95)),
            late(l.length ? Math.max(...l) : Number.NaN),
            String(latency.pushRuns),
            duration(quantile(latency.pushRunMs, 0.5)),
            duration(quantile(latency.pushRunMs, 0.95)),
            `${int(latency.bmsWrites)} / ${int(latency.itglueWrites)}`,
            (Object.values(latency.bmsRoutes).reduce((a, b) => a + b, 0) / latency.edits).toFixed(1),
          ],
        ],
      ),
    );
    out.push('');
    out.push(`BMS calls during the edits: ${formatRoutes(latency.bmsRoutes) || 'none'}.`);
    if (latency.failures.length) {
      out.push('');
      out.push('Edits that did not arrive:');
      out.push('');
      for (const f of latency.failures) out.push(`- ${f.entity} IT Glue ${f.itglueId} → BMS ${f.bmsId}: ${f.reason}`);
    }
  }
  if (latency) {
    const p = latency.idlePoll;
    const a = latency.afterSync;
    out.push('');
    out.push(
      `An idle push poll (mean of ${p.polls} scheduled polls, simulator counters${latency.reachedIdle ? '' : '; NO poll got free of BMS calls, these are the last ones'}) costs ${p.itglueCalls.toFixed(1)} IT Glue calls ` +
        `(${formatRoutes(p.itglueRoutes)}) and ${p.bmsCalls.toFixed(1)} BMS calls${p.bmsCalls ? ` (${formatRoutes(p.bmsRoutes)})` : ''}; ` +
        `polling every ${latency.pushEvery} takes ${(latency.idleBudgetShare * 100).toFixed(1)} % of IT Glue's 3,000 calls per 5 minutes. ` +
        `Apart from the polls, a worker reloads the lookup tables every few minutes: ${int(latency.lookups.calls)} IT Glue calls in the ${duration(latency.lookups.ms)} of polls and edits.` +
        (a.polls
          ? ` Before that, the first ${a.polls} poll(s) after the syncs cost ${a.itglueCalls.toFixed(1)} IT Glue and ${a.bmsCalls.toFixed(1)} BMS calls each (${formatRoutes(a.bmsRoutes)}): ` +
            'each poll looks again at the IT Glue records the syncs changed shortly before, reading their BMS side.'
          : ''),
    );
  }
  if (cli) {
    out.push('');
    out.push(`CLI \`${cli.command}\` (compiled, a new process each time): ${cli.runsMs.map((ms) => duration(ms)).join(', ')}; median ${duration(cli.medianMs)}.`);
  }
  if (notes.length) {
    out.push('');
    for (const n of notes) out.push(`- ${n}`);
  }
  out.push('');
  return out.join('\n');
}
