/** How close the engine's rate gate came to each budget (the many-integrations mode's budget check). */
import { subWindow, type RateBudget } from '../../clients/rate-gate.js';

export interface GateUse {
  service: 'bms' | 'itglue';
  /** The busiest sub-window of any key of the service. */
  peak: number;
  peakKey: string;
  /** The engine's share per sub-window (clients/rate-gate.ts `subWindow`). */
  limit: number;
  /** Sub-windows that reached the limit (the budget was binding there). */
  atLimit: number;
  /** Sub-windows above it (must be none). */
  overLimit: number;
}

/** Per service: the busiest sub-window of the PostgreSQL gate's counters, against its limit. */
export function gateUse(rows: { key: string; count: number }[], budgets: Record<'bms' | 'itglue', RateBudget>): GateUse[] {
  return (['bms', 'itglue'] as const).map((service) => {
    const limit = subWindow(budgets[service]).limit;
    // Keys are `<integration>:<service>:<route or *>` (db/rate-gate.ts).
    const mine = rows.filter((r) => r.key.split(':')[1] === service);
    const busiest = mine.reduce<{ key: string; count: number } | null>((max, r) => (!max || r.count > max.count ? r : max), null);
    return {
      service,
      peak: busiest?.count ?? 0,
      peakKey: busiest?.key ?? '–',
      limit,
      atLimit: mine.filter((r) => r.count === limit).length,
      overLimit: mine.filter((r) => r.count > limit).length,
    };
  });
}
