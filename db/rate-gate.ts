/**
 * The API budgets shared by every worker process: one counter row per budget key and fixed
 * sub-window in PostgreSQL, taken with a single conditional upsert (no lock held while waiting).
 * Keys are prefixed with the integration id: each BMS tenant and IT Glue account has its own limit.
 */
import type postgres from 'postgres';
import { sleep, type ApiService, type RateGate } from '../clients/http.js';
import { budgetKey, msUntilNextWindow, subWindow, type RateBudget } from '../clients/rate-gate.js';


export class PostgresRateGate implements RateGate {
  constructor(
    private readonly sql: postgres.Sql,
    private readonly budgets: Record<ApiService, RateBudget>,
    private readonly keyPrefix: string,
    /** Called while waiting for budget (activities heartbeat, so a long wait is not a dead worker). */
    private readonly onWait: () => void = () => {},
  ) {}

  async acquire(service: ApiService, route: string, signal?: AbortSignal): Promise<void> {
    const budget = this.budgets[service];
    const key = `${this.keyPrefix}:${budgetKey(service, route, budget)}`;
    const { windowMs, limit } = subWindow(budget);
    for (;;) {
      const now = Date.now();
      // ISO text: drizzle replaces the driver's Date serializer on this connection.
      const windowStart = new Date(now - (now % windowMs)).toISOString();
      const rows = await this.sql`
        insert into rate_limit_windows (key, window_start, count) values (${key}, ${windowStart}, 1)
        on conflict (key, window_start) do update set count = rate_limit_windows.count + 1
          where rate_limit_windows.count < ${limit}
        returning count`;
      if (rows.length > 0) return;
      // Wait for the next sub-window in short steps, reporting that we are alive.
      const until = now + msUntilNextWindow(now, windowMs) + Math.floor(Math.random() * 50);
      while (Date.now() < until) {
        this.onWait();
        await sleep(Math.min(5_000, until - Date.now()), signal);
      }
    }
  }

  /** Drops counters of windows that ended long ago (called from housekeeping). */
  static async prune(sql: postgres.Sql, olderThanMs = 86_400_000): Promise<void> {
    await sql`delete from rate_limit_windows where window_start < ${new Date(Date.now() - olderThanMs).toISOString()}`;
  }
}
