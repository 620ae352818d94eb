/**
 * The account-wide rate limit in fixed windows. The simulator's clock is shifted so each test
 * starts at a chosen moment of its window: the Retry-After it answers, and so whether the client
 * waits or refuses, never depends on when the test run happens to start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectRejection, startItGlue, type RunningSimulator } from './helpers.js';

/**
 * A clock that runs with real time but is shifted so that, at the moment of the call, `elapsedMs`
 * of a `windowMs` window aligned to the epoch have passed.
 */
function clockAt(elapsedMs: number, windowMs: number): () => number {
  const now = Date.now();
  const offset = elapsedMs - (now % windowMs);
  return () => Date.now() + offset;
}

describe('IT Glue account rate limit', () => {
  let sim: RunningSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('answers 429 with Retry-After once the window budget is spent, for every key of the account; the client refuses a long wait', async () => {
    // One second into a five-minute window: the next window opens in 299 s.
    sim = await startItGlue(undefined, { rateLimit: 5, rateLimitWindowSeconds: 300 }, { clock: clockAt(1_000, 300_000) });
    for (let i = 0; i < 5; i++) expect((await sim.raw('/organizations')).status).toBe(200);
    const limited = await sim.raw('/contacts');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    // 299 s, less the few seconds a slow machine may take to get here.
    expect(retryAfter).toBeGreaterThan(280);
    expect(retryAfter).toBeLessThanOrEqual(299);
    const body = (await limited.json()) as { errors: { status: number }[] };
    expect(body.errors[0]!.status).toBe(429);

    // A wait longer than the client will sit through (30 s) comes back as a rate-limited error with the wait.
    const err = await expectRejection(sim.client().listOrganizationsPage());
    expect(err).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(Number(err.retryAfterMs)).toBeGreaterThan(280_000);
  });

  it('near the end of a window the short Retry-After is waited out by the client', async () => {
    // Two seconds before the next five-minute window opens.
    sim = await startItGlue(undefined, { rateLimit: 2, rateLimitWindowSeconds: 300 }, { clock: clockAt(298_000, 300_000) });
    const client = sim.client();
    const started = Date.now();
    for (let i = 0; i < 3; i++) await client.listOrganizationsPage({ page: { size: 1 } });
    // The third call was refused once and repeated after the Retry-After (2 s, or 3 s if the
    // calls straddled a second).
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect((await sim.admin.counters()).routes['GET /organizations']).toBe(4);
  });

  it('lets calls through again when the next fixed window opens, and the client waits for it', async () => {
    // Two-second windows, the first call just after one opened.
    sim = await startItGlue(undefined, { rateLimit: 3, rateLimitWindowSeconds: 2 }, { clock: clockAt(50, 2_000) });
    const client = sim.client();
    const started = Date.now();
    for (let i = 0; i < 7; i++) await client.listOrganizationsPage({ page: { size: 1 } });
    // Seven calls at three per window span three windows: two 429s waited out, one whole window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    const counters = await sim.admin.counters();
    // Seven successes and at least two refused attempts.
    expect(counters.routes['GET /organizations']).toBeGreaterThanOrEqual(7 + 2);
  });
});
