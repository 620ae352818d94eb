/**
 * The API budgets shared by every worker process: one counter row per budget key and fixed
 * sub-window in PostgreSQL, taken with a single conditional upsert (no lock held while waiting).
 * Keys are prefixed with the integration id: each BMS tenant and IT Glue account has its own limit.
 *
 * A busy process leases calls in small blocks (up to a twentieth of the sub-window's limit, at most
 * 50) instead of one database round trip per call: the block doubles while calls keep coming and
 * starts again at one in every new sub-window, so a quiet caller takes one at a time. Calls left
 * in a block when its sub-window ends are dropped, never carried over: the counter only ever
 * over-counts, and the services never see more than the budget.
 */
import type postgres from 'postgres';
import { sleep, type ApiService, type RateGate } from '../clients/http.js';
import { budgetKey, subWindow, type RateBudget } from '../clients/rate-gate.js';

/** The largest block a process leases of one sub-window's limit. */
export function largestLease(limit: number): number {
  return Math.max(1, Math.min(50, Math.floor(limit / 20)));
}

interface Lease {
  windowStart: number;
  /** Calls leased and not used yet. */
  left: number;
  /** The size of the next block asked for. */
  next: number;
  /** The lease being taken, awaited by concurrent callers instead of taking their own. */
  taking: Promise<void> | null;
}

export class PostgresRateGate implements RateGate {
  private readonly leases = new Map<string, Lease>();

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
      signal?.throwIfAborted();
      const now = Date.now();
      const windowStart = now - (now % windowMs);
      let lease = this.leases.get(key);
      if (!lease || lease.windowStart !== windowStart) {
        lease = { windowStart, left: 0, next: 1, taking: null };
        this.leases.set(key, lease);
      }
      if (lease.left > 0) {
        lease.left--;
        return;
      }
      if (lease.taking) {
        await lease.taking;
        continue;
      }
      const taken = this.take(key, lease, limit);
      lease.taking = taken.then(() => undefined, () => undefined);
      let granted: number;
      try {
        granted = await taken;
      } finally {
        lease.taking = null;
      }
      if (granted > 0) {
        lease.left += granted;
        lease.next = Math.min(largestLease(limit), lease.next * 2);
        continue;
      }
      // The sub-window is spent: wait for the next in short steps, reporting that we are alive.
      const until = windowStart + windowMs + Math.floor(Math.random() * 50);
      while (Date.now() < until) {
        this.onWait();
        await sleep(Math.min(5_000, until - Date.now()), signal);
      }
    }
  }

  /**
   * Takes up to `lease.next` calls of the lease's sub-window; returns how many were granted. When
   * the block would pass the limit, the counter is filled to the limit and the lease counts one
   * call only (the statement cannot tell how many it added): the error is on the safe side.
   */
  private async take(key: string, lease: Lease, limit: number): Promise<number> {
    const want = Math.min(lease.next, limit);
    // ISO text: drizzle replaces the driver's Date serializer on this connection.
    const windowStart = new Date(lease.windowStart).toISOString();
    const rows = await this.sql<{ count: number }[]>`
      insert into rate_limit_windows (key, window_start, count) values (${key}, ${windowStart}, ${want})
      on conflict (key, window_start) do update set count = least(${limit}::int, rate_limit_windows.count + ${want}::int)
        where rate_limit_windows.count < ${limit}
      returning count`;
    const count = rows[0]?.count;
    if (count === undefined) return 0;
    return count < limit || want === 1 ? want : 1;
  }

  /** Drops counters of windows that ended long ago (called from housekeeping). */
  static async prune(sql: postgres.Sql, olderThanMs = 86_400_000): Promise<void> {
    await sql`delete from rate_limit_windows where window_start < ${new Date(Date.now() - olderThanMs).toISOString()}`;
  }
}
