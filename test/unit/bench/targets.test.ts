import { describe, expect, it } from 'vitest';
import { formatJudgement, judge, targetOf, TARGETS, type FigureKey } from '../../../scripts/bench/targets.js';

describe('the benchmark targets', () => {
  it('define every judged figure once, with the values of issue 11', () => {
    const keys = TARGETS.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    const values = Object.fromEntries(TARGETS.map((t) => [t.key, `${t.bound} ${t.value}`]));
    expect(values).toMatchObject({
      initialRecordsPerSecond: 'min 2000',
      workerCpuMsPerRecord: 'max 0.5',
      dbTransactionsPerRecord: 'max 0.2',
      noChangeIncrementalShare: 'max 0.05',
      noChangeIncrementalHistoryEvents: 'max 300',
      noChangeFullShare: 'max 0.1',
      workerIdleRssMb: 'max 150',
      workerPeakRssMb: 'max 300',
      twoWayP95Ms: 'max 15000',
      pushPollBudgetShare: 'max 0.05',
      cliCommandMs: 'max 500',
      aggregateRecordsPerSecond: 'min 2000',
      finishRatio: 'max 2',
      budgetViolations: 'max 0',
    } satisfies Partial<Record<FigureKey, string>>);
  });

  it('print each figure as "figure — target — met/NOT met"', () => {
    const lines = judge({ initialRecordsPerSecond: 246.4, workerCpuMsPerRecord: 0.5, noChangeIncrementalShare: 0.1971, twoWayP95Ms: 9_480 }, 'single').map(formatJudgement);
    expect(lines).toContain('initial full sync: 246 records/s — target ≥ 2,000 records/s — NOT met');
    // On the bound is met.
    expect(lines).toContain('worker CPU, initial sync: 0.50 ms per record — target ≤ 0.50 ms per record — met');
    expect(lines).toContain('no-change incremental sync time: 19.7 % of the initial — target ≤ 5.0 % of the initial — NOT met');
    expect(lines).toContain('two-way latency p95 (default push interval): 9.5 s — target ≤ 15.0 s — met');
    expect(lines).toContain('PostgreSQL transactions, initial sync: not measured — target ≤ 0.20 per record — not judged');
  });

  it('judge only the figures of the mode, and an edit that never arrived as not met', () => {
    const single = judge({ twoWayP95Ms: Number.POSITIVE_INFINITY }, 'single');
    expect(single.every((j) => j.target.mode === 'single')).toBe(true);
    const p95 = single.find((j) => j.target.key === 'twoWayP95Ms')!;
    expect(p95.met).toBe(false);
    expect(formatJudgement(p95)).toBe('two-way latency p95 (default push interval): edits did not arrive — target ≤ 15.0 s — NOT met');
    expect(judge({}, 'many').map((j) => j.target.key)).toEqual(['aggregateRecordsPerSecond', 'finishRatio', 'budgetViolations']);
  });

  it('judge the aggregate of many integrations against the single-integration figure when one is given', () => {
    const [aggregate] = judge({ aggregateRecordsPerSecond: 1_500 }, 'many', {
      aggregateRecordsPerSecond: { value: 1_400, note: 'the single-integration figure' },
    });
    expect(aggregate!.met).toBe(true);
    expect(formatJudgement(aggregate!)).toBe('all integrations together: 1,500 records/s — target ≥ 1,400 records/s (the single-integration figure) — met');
    expect(targetOf('aggregateRecordsPerSecond').value).toBe(2_000);
  });
});
