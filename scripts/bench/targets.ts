/**
 * The figures the benchmark is judged by, each with its target, defined once (issue 11): the
 * benchmark measures them, prints each as "figure — target — met/NOT met", and the scale table
 * (scale.ts) shows how each grows with the dataset.
 */
import { duration, int } from './format.js';

export type FigureKey =
  | 'initialRecordsPerSecond'
  | 'workerCpuMsPerRecord'
  | 'dbTransactionsPerRecord'
  | 'noChangeIncrementalShare'
  | 'noChangeIncrementalHistoryEvents'
  | 'noChangeFullShare'
  | 'workerIdleRssMb'
  | 'workerPeakRssMb'
  | 'twoWayP95Ms'
  | 'pushPollBudgetShare'
  | 'cliCommandMs'
  | 'aggregateRecordsPerSecond'
  | 'finishRatio'
  | 'budgetViolations';

/** What one benchmark run measured; a figure the run did not measure is absent. */
export type Figures = Partial<Record<FigureKey, number>>;

/** The benchmark's two modes: one integration, or several at once (`--integrations N`). */
export type BenchMode = 'single' | 'many';

export interface Target {
  key: FigureKey;
  label: string;
  /** `min`: the figure must be at least `value`; `max`: at most `value`. */
  bound: 'min' | 'max';
  value: number;
  format(value: number): string;
  mode: BenchMode;
}

const recordsPerSecond = (v: number) => `${int(v)} records/s`;
const percent = (v: number) => `${(v * 100).toFixed(1)} %`;
const megabytes = (v: number) => `${Math.round(v)} MB`;

export const TARGETS: readonly Target[] = [
  { key: 'initialRecordsPerSecond', label: 'initial full sync', bound: 'min', value: 2_000, format: recordsPerSecond, mode: 'single' },
  {
    key: 'workerCpuMsPerRecord',
    label: 'worker CPU, initial sync',
    bound: 'max',
    value: 0.5,
    format: (v) => `${v.toFixed(2)} ms per record`,
    mode: 'single',
  },
  {
    key: 'dbTransactionsPerRecord',
    label: 'PostgreSQL transactions, initial sync',
    bound: 'max',
    value: 0.2,
    format: (v) => `${v.toFixed(2)} per record`,
    mode: 'single',
  },
  {
    key: 'noChangeIncrementalShare',
    label: 'no-change incremental sync time',
    bound: 'max',
    value: 0.05,
    format: (v) => `${percent(v)} of the initial`,
    mode: 'single',
  },
  {
    key: 'noChangeIncrementalHistoryEvents',
    label: 'no-change incremental sync history',
    bound: 'max',
    value: 300,
    format: (v) => `${int(v)} events`,
    mode: 'single',
  },
  { key: 'noChangeFullShare', label: 'no-change full sync time', bound: 'max', value: 0.1, format: (v) => `${percent(v)} of the initial`, mode: 'single' },
  { key: 'workerIdleRssMb', label: 'worker RSS idle after start', bound: 'max', value: 150, format: megabytes, mode: 'single' },
  { key: 'workerPeakRssMb', label: 'worker RSS peak', bound: 'max', value: 300, format: megabytes, mode: 'single' },
  {
    key: 'twoWayP95Ms',
    label: 'two-way latency p95 (default push interval)',
    bound: 'max',
    value: 15_000,
    // More than 5 % of the edits never arrived: the p95 is infinite.
    format: (v) => (v === Number.POSITIVE_INFINITY ? 'edits did not arrive' : duration(v)),
    mode: 'single',
  },
  {
    // Our own guard for the push poll default (domain/settings.ts): idle polls must leave nearly
    // all of IT Glue's 3,000 calls per 5 minutes to the syncs.
    key: 'pushPollBudgetShare',
    label: 'idle push polls, share of the IT Glue budget',
    bound: 'max',
    value: 0.05,
    format: percent,
    mode: 'single',
  },
  { key: 'cliCommandMs', label: 'CLI command (`sync runs <id>`, compiled)', bound: 'max', value: 500, format: (v) => `${(v / 1000).toFixed(2)} s`, mode: 'single' },
  {
    // Compared with the single-integration figure when one was measured (see judge's overrides).
    key: 'aggregateRecordsPerSecond',
    label: 'all integrations together',
    bound: 'min',
    value: 2_000,
    format: recordsPerSecond,
    mode: 'many',
  },
  { key: 'finishRatio', label: 'slowest / fastest integration finish', bound: 'max', value: 2, format: (v) => `${v.toFixed(2)}×`, mode: 'many' },
  {
    key: 'budgetViolations',
    label: 'API budget violations (429s + over-budget windows)',
    bound: 'max',
    value: 0,
    format: (v) => int(v),
    mode: 'many',
  },
];

export function targetOf(key: FigureKey): Target {
  const target = TARGETS.find((t) => t.key === key);
  if (!target) throw new Error(`no target for figure "${key}"`);
  return target;
}

export function isMet(target: Pick<Target, 'bound'>, targetValue: number, figure: number): boolean {
  return target.bound === 'min' ? figure >= targetValue : figure <= targetValue;
}

/** A target's value replaced for this run, with why (the many mode's single-integration figure). */
export type TargetOverrides = Partial<Record<FigureKey, { value: number; note: string }>>;

export interface Judgement {
  target: Target;
  /** The target value applied (the table's, or an override). */
  value: number;
  note: string | null;
  /** Absent (or NaN) when the run did not measure it. */
  figure: number | undefined;
  /** null: not measured. */
  met: boolean | null;
}

export function judge(figures: Figures, mode: BenchMode, overrides: TargetOverrides = {}): Judgement[] {
  return TARGETS.filter((t) => t.mode === mode).map((target) => {
    const override = overrides[target.key];
    const value = override?.value ?? target.value;
    const figure = figures[target.key];
    const measured = figure !== undefined && !Number.isNaN(figure);
    return { target, value, note: override?.note ?? null, figure, met: measured ? isMet(target, value, figure) : null };
  });
}

/** `initial full sync: 246 records/s — target ≥ 2,000 records/s — NOT met` */
export function formatJudgement(j: Judgement): string {
  const bound = `${j.target.bound === 'min' ? '≥' : '≤'} ${j.target.format(j.value)}${j.note ? ` (${j.note})` : ''}`;
  const figure = j.met === null ? 'not measured' : j.target.format(j.figure!);
  const verdict = j.met === null ? 'not judged' : j.met ? 'met' : 'NOT met';
  return `${j.target.label}: ${figure} — target ${bound} — ${verdict}`;
}

export function formatJudgements(judgements: Judgement[]): string {
  return judgements.map((j) => `- ${formatJudgement(j)}`).join('\n');
}
