/**
 * inParallel (activities/sync/load.ts) runs a step's API work a few at a time. When one item
 * fails, the step must not fail while others are still in flight: a retried activity would then
 * run beside writes of the failed attempt.
 */
import { describe, expect, it } from 'vitest';
import { inParallel } from '../../../activities/sync/load.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inParallel', () => {
  it('keeps at most `limit` items in flight and returns results in order', async () => {
    let running = 0;
    let most = 0;
    const results = await inParallel([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++running);
      await pause(5 * (8 - n));
      running--;
      return n * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });

  it('after a failure starts nothing new, and fails only once the items in flight have ended', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const outcome = inParallel([1, 2, 3, 4, 5, 6], 3, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('item 1 failed');
      await pause(50);
      finished.push(n);
      return n;
    });
    await expect(outcome).rejects.toThrow('item 1 failed');
    // Items 2 and 3 were in flight when item 1 failed: they ended before the failure came out.
    expect(finished.sort()).toEqual([2, 3]);
    // At most the one item that took item 1's place started after the failure.
    expect(started.length).toBeLessThanOrEqual(3);
  });
});
