import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BmsClient } from '../../../clients/bms/index.js';
import { ApiError } from '../../../clients/http.js';
import { API_USER, buildDataset, failure, rawLogin, startBms, TENANT, type RunningBms } from './helpers.js';

let bms: RunningBms;

beforeAll(async () => {
  bms = await startBms();
});
afterAll(() => bms.close());
beforeEach(async () => {
  await bms.admin.load(buildDataset());
  await bms.admin.clearFaults();
  await bms.admin.configure({ rateLimitPerHour: 1500, rateLimitWindowSeconds: 3600 });
  await bms.admin.resetCounters();
});

describe('transient errors and retries', () => {
  it('retries a GET after a 5xx and succeeds', async () => {
    await bms.admin.addFault({ kind: 'error', status: 503, method: 'GET', route: '/v2/crm/accounts/summary' });
    const page = await bms.client().listAccountsPage();
    expect(page.items.length).toBe(5);
    expect((await bms.admin.counters()).routes['GET /v2/crm/accounts/summary']).toBe(2);
  });

  it('does not retry a POST after a 5xx (kind transient, status kept)', async () => {
    await bms.admin.addFault({ kind: 'error', status: 500, method: 'POST', route: '/v2/servicedesk/tickets' });
    const err = await failure(
      bms.client().createTicket({ title: 't', details: 'd', accountId: 1, locationId: 10, statusId: 1, priorityId: 2, typeId: 1, sourceId: 4, openDate: '2024-06-01T00:00:00' }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.kind).toBe('transient');
    expect(err.status).toBe(500);
    expect(err.details).toEqual(['injected fault']);
    expect((await bms.admin.counters()).routes['POST /v2/servicedesk/tickets']).toBe(1);
  });

  it('honours Retry-After on a 429 (even for a POST, which was not processed)', async () => {
    await bms.admin.addFault({ kind: 'rate-limit', retryAfterSeconds: 1, method: 'POST', route: '/v2/finance/contracts/recurringservices' });
    const started = Date.now();
    const contract = await bms.client().createRecurringServicesContract({ accountId: 1, billingCycleId: 1, startDate: '2024-01-01', endDate: '2024-12-31' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(contract.id).toBeGreaterThan(700);
    expect((await bms.admin.counters()).routes['POST /v2/finance/contracts/recurringservices']).toBe(2);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After and the error envelope once the per-route budget is spent', async () => {
    await bms.admin.configure({ rateLimitPerHour: 3, rateLimitWindowSeconds: 60 });
    const { accessToken } = await rawLogin(bms.url);
    const call = (path: string) => fetch(`${bms.url}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    for (let i = 0; i < 3; i++) expect((await call('/v2/system/accounttypes/lookup')).status).toBe(200);
    const limited = await call('/v2/system/accounttypes/lookup');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toEqual({
      success: false,
      error: { code: 429, message: 'Rate limit exceeded', details: null, stackStrace: null, subErrors: null },
      result: null,
    });
    // Another route template has its own budget.
    expect((await call('/v2/system/priorities/lookup')).status).toBe(200);
  });

  it('surfaces a long Retry-After to the caller as rate-limited with retryAfterMs', async () => {
    await bms.admin.configure({ rateLimitPerHour: 2, rateLimitWindowSeconds: 120 });
    const client = bms.client({ maxInlineRetryAfterMs: 5_000 });
    await client.listAccountTypes();
    await client.listAccountTypes();
    const err = await failure(client.listAccountTypes());
    expect(err.kind).toBe('rate-limited');
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBeGreaterThan(100_000);
    expect((await bms.admin.counters()).routes['GET /v2/system/accounttypes/lookup']).toBe(3);
  });
});

describe('simulator admin', () => {
  it('rejects unknown or invalid config keys, naming them', async () => {
    await expect(bms.admin.configure({ rateLimitPerHour: 10, bogusKey: 1, other: true })).rejects.toThrow(/unknown config key\(s\): bogusKey, other/);
    await expect(bms.admin.configure({ accessTokenTtlSeconds: -5 })).rejects.toThrow(/accessTokenTtlSeconds/);
    expect((await bms.admin.config<{ rateLimitPerHour: number }>()).rateLimitPerHour).toBe(1500);
  });

  it('rejects a bad dataset with a 400 naming each bad field', async () => {
    const dataset = buildDataset();
    dataset.bms.contacts!.push({ id: 1001, accountId: 77, firstName: 'Dup', emails: [], phones: [] });
    dataset.bms.hardwareAssets!.push({ id: 2999, name: '', accountId: 1, accountLocationId: 20, categoryId: 1 });
    await expect(bms.admin.load(dataset)).rejects.toThrow(/hardwareAssets\[6\]\.name/);
    dataset.bms.hardwareAssets!.pop();
    const error = await bms.admin.load(dataset).then(
      () => '',
      (err: Error) => err.message,
    );
    expect(error).toContain('contacts[4].id: duplicate contact id 1001');
    expect(error).toContain('contacts[4].accountId: account 77 does not exist');
  });

  it('edits a record as a user would: fields merged and modifiedOn bumped', async () => {
    const client = bms.client();
    const before = await client.getAccount(2);
    const edited = await bms.admin.edit<{ modifiedOn: string }>('accounts', 2, { accountName: 'Fabrikam Holdings' });
    expect(edited.modifiedOn > before.modifiedOn!).toBe(true);
    const after = await client.getAccount(2);
    expect(after.accountName).toBe('Fabrikam Holdings');
    expect(after.locations).toHaveLength(1);
    const location = await bms.admin.edit<{ accountId: number }>('locations', 20, { locationName: 'HQ' });
    expect(location.accountId).toBe(2);
    expect((await client.getLocation(2, 20)).locationName).toBe('HQ');
    const dump = await bms.admin.dump<{ accounts: Array<{ id: number; accountName: string }> }>();
    expect(dump.accounts.find((a) => a.id === 2)!.accountName).toBe('Fabrikam Holdings');
  });
});

describe('malformed responses', () => {
  let fake: Server;
  let fakeUrl = '';
  let accountsBody: unknown;

  beforeAll(async () => {
    fake = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/v2/security/authenticate')) {
        res.end(JSON.stringify({ success: true, error: null, result: { accessToken: 'a.b.c', refreshToken: 'r', accessTokenExpireOn: new Date(Date.now() + 3_600_000).toISOString(), refreshTokenExpireOn: null } }));
        return;
      }
      res.end(JSON.stringify(accountsBody));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

  const client = () => new BmsClient({ baseUrl: fakeUrl, tenant: TENANT, ...API_USER });

  it('names the offending field of a malformed row', async () => {
    accountsBody = { success: true, error: null, totalRecords: 1, result: [{ id: 1, accountName: 42, isActive: true, locations: [] }] };
    const err = await failure(client().listAccountsPage());
    expect(err).toBeInstanceOf(ApiError);
    expect(err.kind).toBe('malformed-response');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('result[0].accountName');
  });

  it('reports a missing totalRecords on a paged endpoint', async () => {
    accountsBody = { success: true, error: null, result: [] };
    const err = await failure(client().listAccountsPage());
    expect(err.kind).toBe('malformed-response');
    expect(err.message).toContain('totalRecords');
  });

  it('treats a 200 with success=false as a failure classified by its code', async () => {
    accountsBody = { success: false, error: { code: 404, message: 'Account was not found.', details: null, subErrors: null }, result: null };
    const err = await failure(client().getAccount(5));
    expect(err.kind).toBe('not-found');
    expect(err.message).toContain('Account was not found.');
  });
});

describe('secrets', () => {
  it('never puts the password or tokens into errors or logs', async () => {
    const logs: string[] = [];
    const logger = { debug: (m: string, meta?: object) => logs.push(m + JSON.stringify(meta ?? {})), warn: (m: string, meta?: object) => logs.push(m + JSON.stringify(meta ?? {})) };
    const tokens: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).includes('/v2/security/')) {
        const body = (await response.clone().json()) as { result?: { accessToken?: string; refreshToken?: string } };
        if (body.result?.accessToken) tokens.push(body.result.accessToken, body.result.refreshToken!);
      }
      return response;
    };
    const client = bms.client({ logger, fetchImpl: recordingFetch });
    await client.listAccountTypes();
    await bms.admin.addFault({ kind: 'error', status: 500, method: 'GET', route: '/v2/crm/accounts/summary', times: 0 });
    const errors = [
      await failure(client.listAccountsPage()),
      await failure(client.createAccount({ accountName: '', accountTypeId: 1, businessTypeId: 1, accountManagerId: 1, locations: [] })),
      await failure(bms.client({ logger, password: 'another-Secret-99' }).login()),
    ];
    expect(tokens.length).toBeGreaterThan(0);
    const text = [...errors.map((e) => `${e.message} ${e.stack} ${JSON.stringify(e)} ${e.details.join(' ')}`), ...logs].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [API_USER.password, 'another-Secret-99', ...tokens]) expect(text).not.toContain(secret);
  });
});
