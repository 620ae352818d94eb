import { describe, expect, it } from 'vitest';
import { parseScales, sizesAt, UsageError } from '../../../scripts/bench/options.js';
import { growth, scaleTable } from '../../../scripts/bench/scale.js';

const DEFAULT = { accounts: 1000, locations: 2000, contacts: 10_000, assets: 50_000, tickets: 6000 };

describe('--scale', () => {
  it('parses a list of positive multipliers and refuses anything else by name', () => {
    expect(parseScales('1,2')).toEqual([1, 2]);
    expect(parseScales('0.05, 0.1')).toEqual([0.05, 0.1]);
    for (const bad of ['', '1,', 'x', '0', '-1', '1,1']) expect(() => parseScales(bad)).toThrow(UsageError);
    expect(() => parseScales('1,,2')).toThrow(/--scale must be a comma-separated list/);
  });

  it('multiplies the dataset, accounts capped at the generator maximum: 2× the default is 125,000 records', () => {
    expect(sizesAt(DEFAULT, 1, 1)).toEqual(DEFAULT);
    expect(sizesAt(DEFAULT, 2, 1)).toEqual({ accounts: 1000, locations: 4000, contacts: 20_000, assets: 100_000, tickets: 12_000 });
    expect(() => sizesAt(DEFAULT, 3, 1)).toThrow(/150,000 assets per integration exceed the generator's maximum of 100,000/);
  });

  it('divides the dataset among integrations: ten of a tenth each', () => {
    expect(sizesAt(DEFAULT, 1, 10)).toEqual({ accounts: 100, locations: 200, contacts: 1000, assets: 5000, tickets: 600 });
    // Every account keeps its main location, and there is always an account.
    expect(sizesAt({ accounts: 5, locations: 5, contacts: 0, assets: 0, tickets: 0 }, 1, 10)).toEqual({ accounts: 1, locations: 1, contacts: 0, assets: 0, tickets: 0 });
  });
});

describe('the scale table', () => {
  it('shows each measured figure per size, marks misses, and the growth between consecutive sizes', () => {
    const table = scaleTable([
      { scale: 1, records: 63_000, figures: { initialRecordsPerSecond: 246, workerPeakRssMb: 729, noChangeIncrementalHistoryEvents: 3108 } },
      { scale: 2, records: 125_000, figures: { initialRecordsPerSecond: 289, workerPeakRssMb: 680, noChangeIncrementalHistoryEvents: 120 } },
    ]).split('\n');
    expect(table[0]).toBe('| figure | target | 1× | 2× | growth 1× → 2× |');
    expect(table[1]).toBe('| --- | ---: | ---: | ---: | ---: |');
    expect(table[2]).toBe('| BMS records |  | 63,000 | 125,000 | ×1.98 |');
    expect(table).toContain('| initial full sync | ≥ 2,000 records/s | 246 records/s (NOT met) | 289 records/s (NOT met) | ×1.17 |');
    expect(table).toContain('| worker RSS peak | ≤ 300 MB | 729 MB (NOT met) | 680 MB (NOT met) | ×0.93 |');
    expect(table).toContain('| no-change incremental sync history | ≤ 300 events | 3,108 events (NOT met) | 120 events | ×0.04 |');
    // Figures no size measured are left out.
    expect(table.some((row) => row.startsWith('| CLI command'))).toBe(false);
  });

  it('says "not measured" where a size lacks a figure, and judges against that size\'s override', () => {
    const table = scaleTable([
      { scale: 0.5, records: 31_500, figures: { aggregateRecordsPerSecond: 900 }, overrides: { aggregateRecordsPerSecond: { value: 800, note: 'single' } } },
      { scale: 1, records: 63_000, figures: {} },
    ]);
    expect(table).toContain('| all integrations together | ≥ 2,000 records/s | 900 records/s | not measured | – |');
  });

  it('growth is a ratio, or "–" when it cannot be one', () => {
    expect(growth(2, 3)).toBe('×1.50');
    expect(growth(0, 3)).toBe('–');
    expect(growth(undefined, 3)).toBe('–');
    expect(growth(2, Number.POSITIVE_INFINITY)).toBe('–');
  });
});
