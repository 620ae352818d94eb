/**
 * `--scale 1,2`: the benchmark at several dataset sizes, and a table of how each judged figure
 * grows from one size to the next (a time-like figure that grows as the records do is linear; a
 * figure meant to be flat, such as worker memory, should stay near ×1.00).
 */
import { int, table } from './format.js';
import { isMet, TARGETS, type Figures, type TargetOverrides } from './targets.js';

export interface SizeResult {
  /** The multiplier of the default dataset. */
  scale: number;
  /** BMS records in scope at this size (every integration together). */
  records: number;
  figures: Figures;
  /** Target values this size was judged against instead of the table's (see targets.ts). */
  overrides?: TargetOverrides;
}

/** `×2.04`; '–' when either side is missing or the first is zero. */
export function growth(from: number | undefined, to: number | undefined): string {
  if (from === undefined || to === undefined || !Number.isFinite(from) || !Number.isFinite(to) || from === 0) return '–';
  return `×${(to / from).toFixed(2)}`;
}

export const scaleLabel = (scale: number) => `${scale}×`;

/** One row per figure any size measured, one column per size, then the growth between consecutive sizes. */
export function scaleTable(results: SizeResult[]): string {
  const pairs = results.slice(1).map((r, i) => [results[i]!, r] as const);
  const header = [
    'figure',
    'target',
    ...results.map((r) => scaleLabel(r.scale)),
    ...pairs.map(([a, b]) => `growth ${scaleLabel(a.scale)} → ${scaleLabel(b.scale)}`),
  ];
  const rows: string[][] = [['BMS records', '', ...results.map((r) => int(r.records)), ...pairs.map(([a, b]) => growth(a.records, b.records))]];
  for (const target of TARGETS) {
    if (!results.some((r) => r.figures[target.key] !== undefined)) continue;
    const cells = results.map((r) => {
      const figure = r.figures[target.key];
      if (figure === undefined || Number.isNaN(figure)) return 'not measured';
      const value = r.overrides?.[target.key]?.value ?? target.value;
      return `${target.format(figure)}${isMet(target, value, figure) ? '' : ' (NOT met)'}`;
    });
    rows.push([
      target.label,
      `${target.bound === 'min' ? '≥' : '≤'} ${target.format(target.value)}`,
      ...cells,
      ...pairs.map(([a, b]) => growth(a.figures[target.key], b.figures[target.key])),
    ]);
  }
  return table(header, rows);
}
