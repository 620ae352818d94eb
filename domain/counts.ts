/** Counts that are timings kept for measurement (`match-us`), not records: summaries, metrics and details skip them. */
export const isTimingCount = (action: string): boolean => /-(us|ms)$/.test(action);
