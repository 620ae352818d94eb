/**
 * Credentials and tokens never reach an error or a log line, even when a server echoes them: the
 * simulators' `echoRequest` fault answers with the request's authorization header, API key and
 * form fields (the BMS password, the refresh token), as they are and inside a URL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redactSecrets, type ApiError, type HttpLogger } from '../../../clients/http.js';
import { buildDataset, failure, startBms, TENANT, type RunningBms } from '../bms/helpers.js';
import { API_KEY, startItGlue, type RunningSimulator } from '../itglue/helpers.js';
import { leakedSecrets } from '../../support/secrets.js';

/** A password with characters that URL and form encoding change. */
const ECHO_USER = { userName: 'echo@msp.example', password: 'S3cret p@ss/w0rd+&=?' };

/** Everything a client logged. */
function capturingLogger(): HttpLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (message: string, meta?: Record<string, unknown>) => void lines.push(`${message} ${JSON.stringify(meta ?? {})}`);
  return { lines, debug: log, warn: log };
}

/** Every way an error can be shown: message, details, stack, JSON, and its causes. */
function everythingIn(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    parts.push(e.message, String(e.stack), JSON.stringify(e), ((e as ApiError).details ?? []).join('\n'));
  }
  return parts.join('\n');
}

describe('the BMS client', () => {
  let bms: RunningBms;
  /** The tokens the server issued, as the client received them. */
  let issued: { accessToken: string; refreshToken: string }[];
  const observingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input).includes('/v2/security/') && response.ok) {
      const body = (await response.clone().json()) as { result?: { accessToken: string; refreshToken: string } };
      if (body.result) issued.push(body.result);
    }
    return response;
  };
  const client = (logger: HttpLogger) => bms.client({ ...ECHO_USER, fetchImpl: observingFetch, logger });
  const secrets = (): Record<string, string> => ({
    password: ECHO_USER.password,
    ...Object.fromEntries(issued.flatMap((t, i) => [[`access token ${i + 1}`, t.accessToken], [`refresh token ${i + 1}`, t.refreshToken]])),
  });

  beforeAll(async () => {
    const dataset = buildDataset();
    dataset.bms.users!.push({ ...ECHO_USER, userType: 'ApiEmployee', hasApiAccess: true });
    bms = await startBms({ dataset });
  });
  afterAll(() => bms.close());
  beforeEach(async () => {
    issued = [];
    await bms.admin.clearFaults();
    await bms.admin.configure({ accessTokenTtlSeconds: 3600 });
  });

  it('keeps the password out of a login error that echoes the form', async () => {
    await bms.admin.addFault({ kind: 'error', route: '/v2/security/authenticate', status: 400, echoRequest: true, times: 0 });
    const logger = capturingLogger();
    const err = await failure(client(logger).login());
    expect(err).toMatchObject({ kind: 'auth', status: 400 });
    const [fault] = await bms.admin.faults();
    // The server did echo it: as sent, and URL-encoded in a URL; the client shows neither.
    expect(fault!.echoed).toContain(ECHO_USER.password);
    expect(err.details.join('\n')).toContain('[redacted]');
    expect(err.details.join('\n')).toContain(`UserName=${encodeURIComponent(ECHO_USER.userName)}`);
    expect(leakedSecrets(everythingIn(err), secrets())).toEqual([]);
    expect(leakedSecrets(logger.lines.join('\n'), secrets())).toEqual([]);
    expect(err.message).toContain(`login refused for user "${ECHO_USER.userName}" at tenant "${TENANT}"`);
  });

  it('keeps the access token out of errors and retry log lines when a call echoes its Authorization header', async () => {
    const logger = capturingLogger();
    const api = client(logger);
    await api.login();
    // A transient echo (retried, and logged) and then a refusal.
    await bms.admin.addFault({ kind: 'error', method: 'GET', route: '/v2/crm/accounts', status: 503, echoRequest: true, times: 1 });
    await bms.admin.addFault({ kind: 'error', method: 'GET', route: '/v2/crm/accounts', status: 400, echoRequest: true, times: 0 });
    const err = await failure(api.listAccountsPage());
    expect(err).toMatchObject({ kind: 'validation', status: 400 });
    const echoed = (await bms.admin.faults()).flatMap((f) => f.echoed);
    expect(echoed).toContain(`Bearer ${issued[0]!.accessToken}`);
    expect(logger.lines.some((l) => l.startsWith('retrying GET /v2/crm/accounts/summary after transient'))).toBe(true);
    expect(err.details.join('\n')).toMatch(/authorization: Bearer \[redacted\]|\[token\]/);
    expect(leakedSecrets(everythingIn(err), secrets())).toEqual([]);
    expect(leakedSecrets(logger.lines.join('\n'), secrets())).toEqual([]);
  });

  it('keeps the refresh token out of an error when the refresh call echoes it', async () => {
    await bms.admin.configure({ accessTokenTtlSeconds: 2 });
    const logger = capturingLogger();
    const api = client(logger);
    await api.login();
    await new Promise((r) => setTimeout(r, 2_100));
    await bms.admin.addFault({ kind: 'error', route: '/v2/security/refreshtoken', status: 500, echoRequest: true, times: 1 });
    const err = await failure(api.listAccountTypes());
    expect(err).toMatchObject({ kind: 'transient', operation: 'POST /v2/security/refreshtoken' });
    const [fault] = await bms.admin.faults();
    expect(fault!.echoed).toEqual(expect.arrayContaining([issued[0]!.refreshToken, issued[0]!.accessToken]));
    expect(leakedSecrets(everythingIn(err), secrets())).toEqual([]);
    // The next call refreshes with the same token and goes through.
    expect((await api.listAccountTypes()).length).toBeGreaterThan(0);
    expect(issued).toHaveLength(2);
    expect(leakedSecrets(logger.lines.join('\n'), secrets())).toEqual([]);
  });
});

describe('the IT Glue client', () => {
  let itglue: RunningSimulator;
  beforeAll(async () => {
    itglue = await startItGlue();
  });
  afterAll(() => itglue.close());

  it('keeps the API key out of errors and log lines when the server echoes it', async () => {
    await itglue.admin.addFault({ kind: 'error', method: 'GET', route: '/organizations', status: 502, echoRequest: true, times: 1 });
    await itglue.admin.addFault({ kind: 'error', method: 'GET', route: '/organizations', status: 422, echoRequest: true, times: 0 });
    const logger = capturingLogger();
    const err = await failure(itglue.client({ logger }).listOrganizationsPage());
    expect(err).toMatchObject({ kind: 'validation', status: 422 });
    expect((await itglue.admin.faults()).flatMap((f) => f.echoed)).toContain(API_KEY);
    expect(err.message).toContain('x-api-key: [redacted]');
    expect(leakedSecrets(everythingIn(err), { 'API key': API_KEY })).toEqual([]);
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(leakedSecrets(logger.lines.join('\n'), { 'API key': API_KEY })).toEqual([]);
  });
});

describe('redactSecrets', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwidW5pcXVlX25hbWUiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  it('removes known secrets as sent, URL-encoded and form-encoded', () => {
    const secret = 'p@ss word/+';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${new URLSearchParams({ p: secret }).toString()}`;
    expect(redactSecrets(text, [secret])).toBe('a [redacted] b [redacted] c p=[redacted]');
  });
  it('removes tokens it was not told about: JWTs and whatever follows Bearer', () => {
    expect(redactSecrets(`token ${jwt} here`)).toBe('token [token] here');
    expect(redactSecrets('authorization: Bearer opaque-token-123; next')).toBe('authorization: Bearer [redacted]; next');
  });
  it('leaves other text alone', () => {
    expect(redactSecrets('Account name is required', ['p@ss word/+'])).toBe('Account name is required');
  });
});
