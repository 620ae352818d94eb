import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../clients/http.js';
import { totpCode } from '../../../simulators/bms/simulator.js';
import { API_USER, buildDataset, failure, MFA_USER, NO_ACCESS_USER, rawCall, rawLogin, READ_ONLY_USER, startBms, TENANT, type RunningBms } from './helpers.js';

let bms: RunningBms;

beforeAll(async () => {
  bms = await startBms();
});
afterAll(() => bms.close());
beforeEach(async () => {
  await bms.admin.configure({ accessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: 86_400 });
  await bms.admin.resetCounters();
});

async function authenticate(body: RequestInit['body'], contentType?: string) {
  const response = await fetch(`${bms.url}/v2/security/authenticate`, {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('BMS authentication on the wire', () => {
  it('accepts a url-encoded form with PascalCase keys and returns a JWT-shaped token envelope', async () => {
    const { status, body } = await authenticate(
      new URLSearchParams({ UserName: API_USER.userName, Password: API_USER.password, Tenant: TENANT, GrantType: 'password' }),
    );
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(body.error).toBeNull();
    expect(body.result.accessToken.split('.')).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(body.result.accessToken.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ unique_name: API_USER.userName, tenant: TENANT });
    expect(payload.exp * 1000).toBeGreaterThan(Date.now() + 3_500_000);
    expect(typeof body.result.refreshToken).toBe('string');
    expect(Date.parse(body.result.accessTokenExpireOn)).toBeGreaterThan(Date.now() + 3_500_000);
    expect(Date.parse(body.result.refreshTokenExpireOn)).toBeGreaterThan(Date.now() + 86_000_000);
  });

  it('accepts multipart/form-data with camelCase keys', async () => {
    const form = new FormData();
    form.set('userName', API_USER.userName);
    form.set('password', API_USER.password);
    form.set('tenant', TENANT.toUpperCase());
    form.set('grantType', 'password');
    const { status, body } = await authenticate(form);
    expect(status).toBe(200);
    expect(body.result.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('refuses a JSON body with 415 and a missing GrantType with 400', async () => {
    const json = await authenticate(JSON.stringify({ userName: API_USER.userName, password: API_USER.password }), 'application/json');
    expect(json.status).toBe(415);
    expect(json.body.success).toBe(false);
    const noGrant = await authenticate(new URLSearchParams({ UserName: API_USER.userName, Password: API_USER.password, Tenant: TENANT }));
    expect(noGrant.status).toBe(400);
    expect(noGrant.body.error.subErrors).toEqual(['grantType: The GrantType field is required.']);
  });

  it('refuses a wrong password or tenant with 401', async () => {
    const wrong = await authenticate(new URLSearchParams({ UserName: API_USER.userName, Password: 'nope', Tenant: TENANT, GrantType: 'password' }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe(401);
    const otherTenant = await authenticate(new URLSearchParams({ UserName: API_USER.userName, Password: API_USER.password, Tenant: 'Other', GrantType: 'password' }));
    expect(otherTenant.status).toBe(401);
  });

  it('answers 401 + Token-Expired for an expired token and 401 without it for a malformed one', async () => {
    await bms.admin.configure({ accessTokenTtlSeconds: 1 });
    const { accessToken } = await rawLogin(bms.url);
    const fresh = await rawCall(bms.url, accessToken, 'GET', '/v2/system/accounttypes/lookup');
    expect(fresh.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await rawCall(bms.url, accessToken, 'GET', '/v2/system/accounttypes/lookup');
    expect(expired.status).toBe(401);
    expect(expired.headers.get('token-expired')).toBe('true');

    const forged = `${accessToken.slice(0, -4)}AAAA`;
    const malformed = await rawCall(bms.url, forged, 'GET', '/v2/system/accounttypes/lookup');
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get('token-expired')).toBeNull();
    const missing = await fetch(`${bms.url}/v2/system/accounttypes/lookup`);
    expect(missing.status).toBe(401);
  });

  it('refreshes with an expired access token and rotates the refresh token', async () => {
    await bms.admin.configure({ accessTokenTtlSeconds: 1 });
    const first = await rawLogin(bms.url);
    await new Promise((r) => setTimeout(r, 1100));
    const refresh = (refreshToken: string) =>
      fetch(`${bms.url}/v2/security/refreshtoken`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ accessToken: first.accessToken, refreshToken }),
      });
    const response = await refresh(first.refreshToken);
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.result.refreshToken).not.toBe(first.refreshToken);
    expect((await rawCall(bms.url, body.result.accessToken, 'GET', '/v2/security/userinfo')).status).toBe(200);
    const reused = await refresh(first.refreshToken);
    expect(reused.status).toBe(401);
  });
});

describe('BmsClient authentication', () => {
  it('logs in once for concurrent calls and reads the user info', async () => {
    const client = bms.client();
    const [info, types, statuses] = await Promise.all([client.getUserInfo(), client.listAccountTypes(), client.listTicketStatuses()]);
    expect(info.fullName).toBe('Sync Service');
    expect(info.businessName).toBe(TENANT);
    expect(types.map((t) => t.name)).toContain('Customer');
    expect(statuses.map((s) => s.name)).toContain('New');
    const counters = await bms.admin.counters();
    expect(counters.routes['POST /v2/security/authenticate']).toBe(1);
  });

  it('refreshes shortly before accessTokenExpireOn instead of logging in again', async () => {
    await bms.admin.configure({ accessTokenTtlSeconds: 2 });
    const client = bms.client();
    await client.listAccountTypes();
    await new Promise((r) => setTimeout(r, 1900));
    await client.listAccountTypes();
    const counters = await bms.admin.counters();
    expect(counters.routes['POST /v2/security/authenticate']).toBe(1);
    expect(counters.routes['POST /v2/security/refreshtoken']).toBe(1);
    expect(counters.routes['GET /v2/system/accounttypes/lookup']).toBe(2);
  });

  it('on a 401 (Token-Expired) refreshes transparently and repeats the call', async () => {
    await bms.admin.configure({ accessTokenTtlSeconds: 1 });
    // Make the client believe its token lives for an hour, so the server's 401 is what it meets.
    const lyingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/v2/security/')) return response;
      const body = (await response.json()) as any;
      if (body?.result?.accessTokenExpireOn) body.result.accessTokenExpireOn = new Date(Date.now() + 3_600_000).toISOString();
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    const client = bms.client({ fetchImpl: lyingFetch });
    await client.listAccountTypes();
    await new Promise((r) => setTimeout(r, 1100));
    const types = await client.listAccountTypes();
    expect(types.length).toBeGreaterThan(0);
    const counters = await bms.admin.counters();
    expect(counters.routes['GET /v2/system/accounttypes/lookup']).toBe(3); // ok, 401, repeat
    expect(counters.routes['POST /v2/security/refreshtoken']).toBe(1);
    expect(counters.routes['POST /v2/security/authenticate']).toBe(1);
  });

  it('re-authenticates once, then fails with kind auth when the token is refused again', async () => {
    const strippingFetch: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      if (headers.has('authorization')) headers.set('authorization', 'Bearer not.a.token');
      return fetch(input, { ...init, headers });
    };
    const err = await failure(bms.client({ fetchImpl: strippingFetch }).listAccountTypes());
    expect(err).toBeInstanceOf(ApiError);
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/refused again after re-authenticating/);
    const counters = await bms.admin.counters();
    expect(counters.routes['GET /v2/system/accounttypes/lookup']).toBe(2);
  });

  it('fails a wrong password with kind auth and a message without secrets', async () => {
    const password = 'Wrong-Secret-Value-123';
    const err = await failure(bms.client({ password }).listAccountTypes());
    expect(err).toBeInstanceOf(ApiError);
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(401);
    expect(err.message).toContain(API_USER.userName);
    expect(err.message).toContain('Invalid user name, password or tenant');
    for (const text of [err.message, String(err.stack), JSON.stringify(err), err.details.join(' ')]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(API_USER.password);
    }
  });

  it('refuses a user without API access (403 → auth)', async () => {
    const err = await failure(bms.client(NO_ACCESS_USER).login());
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/API access/);
  });

  it('needs the MFA code of an employee with MFA, and takes a valid TOTP', async () => {
    const without = await failure(bms.client(MFA_USER).login());
    expect(without.kind).toBe('auth');
    expect(without.message).toMatch(/MFA code is required/);
    const wrongCode = totpCode(MFA_USER.mfaSecret) === '000000' ? '111111' : '000000';
    const wrong = await failure(bms.client({ ...MFA_USER, mfaCode: () => wrongCode }).login());
    expect(wrong.message).toMatch(/Invalid MFA code/);
    const client = bms.client({ ...MFA_USER, mfaCode: () => totpCode(MFA_USER.mfaSecret) });
    expect((await client.getUserInfo()).fullName).toBe('Alex Tech');
  });

  it('exempts API employees from MFA even when a secret is set', async () => {
    await bms.admin.edit('users', API_USER.userName, { mfaSecret: MFA_USER.mfaSecret });
    try {
      await expect(bms.client().getUserInfo()).resolves.toMatchObject({ fullName: 'Sync Service' });
    } finally {
      await bms.admin.load(buildDataset());
    }
  });

  it('gives a read-only role 403 (forbidden) on writes but lets it read', async () => {
    const client = bms.client(READ_ONLY_USER);
    expect((await client.listAccountsPage()).items.length).toBeGreaterThan(0);
    expect((await client.searchTicketsPage()).items.length).toBeGreaterThan(0);
    const err = await failure(client.patchAccount(1, [{ op: 'replace', path: 'website', value: 'x' }]));
    expect(err.kind).toBe('forbidden');
    expect(err.status).toBe(403);
  });

  it('requires https for a non-local base URL and rejects missing credentials', () => {
    expect(() => bms.client({ baseUrl: 'http://api.bms.kaseya.com' })).toThrowError(/must use https/);
    expect(() => bms.client({ baseUrl: 'https://api.bms.kaseya.com' })).not.toThrow();
    try {
      bms.client({ password: '' });
      expect.unreachable();
    } catch (err) {
      expect((err as ApiError).kind).toBe('config');
      expect((err as ApiError).message).toMatch(/missing password/);
    }
  });
});
