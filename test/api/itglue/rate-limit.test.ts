import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejection, startItGlue, type RunningSimulator } from './helpers.js';

describe('IT Glue account rate limit', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startItGlue(undefined, { rateLimit: 5, rateLimitWindowSeconds: 300 });
  });
  afterAll(() => sim.close());

  it('answers 429 with Retry-After once the window budget is spent, for every key of the account', async () => {
    for (let i = 0; i < 5; i++) expect((await sim.raw('/organizations')).status).toBe(200);
    const limited = await sim.raw('/contacts');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(300);
    const body = (await limited.json()) as { errors: { status: number }[] };
    expect(body.errors[0]!.status).toBe(429);

    // A wait longer than the client will sit through comes back as a rate-limited error with the wait.
    const err = await expectRejection(sim.client().listOrganizationsPage());
    expect(err).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(Number(err.retryAfterMs)).toBeGreaterThan(0);
  });

  it('lets calls through again when the next fixed window opens, and the client waits for it', async () => {
    // Two-second windows aligned to the epoch (PATCH /_admin/config also empties the limiter).
    await sim.admin.configure({ rateLimit: 3, rateLimitWindowSeconds: 2 });
    const client = sim.client();
    const started = Date.now();
    for (let i = 0; i < 7; i++) await client.listOrganizationsPage({ page: { size: 1 } });
    // Seven calls at three per window span three windows: two 429s waited out, one whole window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const counters = await sim.admin.counters();
    // 6 calls from the first test, 7 successes and at least two refused attempts here.
    expect(counters.routes['GET /organizations']).toBeGreaterThanOrEqual(6 + 7 + 2);
  });
});
