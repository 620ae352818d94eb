/**
 * The shared API budget in PostgreSQL (db/rate-gate.ts): a busy process leases calls in blocks
 * instead of one database round trip per call, and processes sharing a budget never get more than
 * its limit between them. Only the clock is faked (to start at a sub-window's beginning); the
 * database is the real one.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { ApiService } from '../../clients/http.js';
import { subWindow, type RateBudget } from '../../clients/rate-gate.js';
import { largestLease, PostgresRateGate } from '../../db/rate-gate.js';

let sql: postgres.Sql;
let statements = 0;

beforeAll(() => {
  sql = postgres(inject('databaseUrl'), { max: 10, onnotice: () => {}, debug: () => void statements++ });
});
afterAll(async () => {
  await sql?.end({ timeout: 5 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A budget whose sub-window (a sixth of the window, a seventh of the limit) lasts long and allows `perSubWindow`. */
function budget(perSubWindow: number): Record<ApiService, RateBudget> {
  const b: RateBudget = { limit: perSubWindow * 7, windowMs: 6 * 3_600_000, per: 'service' };
  return { bms: b, itglue: b };
}

/** Starts the (faked) clock at the beginning of a sub-window, so a test never straddles two. */
function atSubWindowStart(b: RateBudget): void {
  const { windowMs } = subWindow(b);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Math.ceil(Date.now() / windowMs) * windowMs + windowMs);
}

describe('PostgreSQL rate gate', () => {
  it('leases calls in blocks: a thousand calls of one process take a few dozen statements', async () => {
    const budgets = budget(100_000);
    atSubWindowStart(budgets.itglue);
    const gate = new PostgresRateGate(sql, budgets, `test-${randomUUID()}`);
    statements = 0;
    for (let i = 0; i < 1000; i++) await gate.acquire('itglue', 'GET /configurations');
    // Blocks of 1, 2, 4, 8, 16, 32, then 50: 26 statements for 1,000 calls.
    expect(statements).toBeLessThan(40);
  });

  it('gives concurrent callers of one process one lease between them', async () => {
    const budgets = budget(100_000);
    atSubWindowStart(budgets.itglue);
    const gate = new PostgresRateGate(sql, budgets, `test-${randomUUID()}`);
    statements = 0;
    await Promise.all(Array.from({ length: 500 }, () => gate.acquire('itglue', 'GET /configurations')));
    expect(statements).toBeLessThan(40);
  });

  it('never grants two processes more than the limit between them, and wastes little of it', async () => {
    const perSubWindow = 200;
    const budgets = budget(perSubWindow);
    atSubWindowStart(budgets.itglue);
    const prefix = `test-${randomUUID()}`;
    const gates = [new PostgresRateGate(sql, budgets, prefix), new PostgresRateGate(sql, budgets, prefix)];
    const abort = new AbortController();
    let granted = 0;
    const callers = gates.flatMap((gate) =>
      Array.from({ length: 8 }, async () => {
        for (;;) {
          try {
            await gate.acquire('itglue', 'GET /configurations', abort.signal);
          } catch {
            return;
          }
          granted++;
        }
      }),
    );
    // Spent within moments; the callers then wait for the next sub-window, which never comes.
    await vi.waitFor(async () => {
      const [row] = await sql<{ count: number }[]>`select count from rate_limit_windows where key = ${`${prefix}:itglue:*`}`;
      expect(row?.count).toBe(perSubWindow);
    });
    await new Promise((r) => setTimeout(r, 300));
    abort.abort();
    await Promise.all(callers);
    expect(granted).toBeLessThanOrEqual(perSubWindow);
    // A lease that filled the counter to the limit counts one call: at most a block per process is lost.
    expect(granted).toBeGreaterThanOrEqual(perSubWindow - 2 * largestLease(perSubWindow));
  });
});
