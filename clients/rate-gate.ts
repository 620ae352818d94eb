/**
 * Client-side rate budgets. The documented limits are:
 * - Kaseya BMS: 1500 calls per hour per endpoint (we key by route template);
 * - IT Glue: 3000 calls per 5 minutes per account.
 * The engine keeps below them so the services never have to answer 429. Across several worker
 * processes the PostgreSQL gate (db/rate-gate.ts) shares one budget; this in-memory gate serves a
 * single process (CLI, tests, standalone use).
 */
import { sleep, type ApiService, type RateGate } from './http.js';

export interface RateBudget {
  limit: number;
  windowMs: number;
  /** `route`: one budget per route template; `service`: one budget for every call to the service. */
  per: 'route' | 'service';
}

export const DOCUMENTED_BUDGETS: Record<ApiService, RateBudget> = {
  bms: { limit: 1500, windowMs: 3_600_000, per: 'route' },
  itglue: { limit: 3000, windowMs: 300_000, per: 'service' },
};

export function budgetKey(service: ApiService, route: string, budget: RateBudget): string {
  return budget.per === 'route' ? `${service}:${route}` : `${service}:*`;
}

/** Time to wait before the next window opens, for fixed windows aligned to the epoch. */
export function msUntilNextWindow(now: number, windowMs: number): number {
  return windowMs - (now % windowMs);
}

/**
 * The vendors may count in rolling windows, so we count in fixed sub-windows of a sixth of the
 * vendor window with a seventh of the limit each: any rolling window then overlaps at most seven
 * sub-windows and never sees more than `limit` calls.
 */
export function subWindow(budget: RateBudget): { windowMs: number; limit: number } {
  return { windowMs: Math.max(1, Math.floor(budget.windowMs / 6)), limit: Math.max(1, Math.floor(budget.limit / 7)) };
}


export class InMemoryRateGate implements RateGate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly budgets: Record<ApiService, RateBudget> = DOCUMENTED_BUDGETS) {}

  async acquire(service: ApiService, route: string, signal?: AbortSignal): Promise<void> {
    const budget = this.budgets[service];
    const key = budgetKey(service, route, budget);
    const { windowMs, limit } = subWindow(budget);
    for (;;) {
      const now = Date.now();
      const windowStart = now - (now % windowMs);
      const current = this.windows.get(key);
      if (!current || current.start !== windowStart) {
        this.windows.set(key, { start: windowStart, count: 1 });
        return;
      }
      if (current.count < limit) {
        current.count++;
        return;
      }
      await sleep(msUntilNextWindow(now, windowMs), signal);
    }
  }
}
