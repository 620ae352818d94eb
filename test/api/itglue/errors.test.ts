import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../clients/http.js';
import { ItGlueClient } from '../../../clients/itglue/client.js';
import { API_KEY, expectRejection, startItGlue, testDataset, type RunningSimulator } from './helpers.js';

describe('IT Glue errors, retries and faults', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startItGlue();
  });
  beforeEach(async () => {
    await sim.admin.load(testDataset());
  });
  afterEach(async () => {
    await sim.admin.clearFaults();
    await sim.admin.resetCounters();
  });
  afterAll(() => sim.close());

  it('answers 403 {"message":"Forbidden"} for a missing or unknown key, and a JSON:API body when configured', async () => {
    const missing = await fetch(`${sim.url}/organizations`);
    expect(missing.status).toBe(403);
    expect(await missing.json()).toEqual({ message: 'Forbidden' });

    const err = await expectRejection(sim.client({ apiKey: 'ITG.wrong-key-000000' }).listOrganizationsPage());
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'forbidden', status: 403, details: ['Forbidden'] });

    await sim.admin.configure({ forbiddenBody: 'jsonapi' });
    try {
      const res = await fetch(`${sim.url}/organizations`, { headers: { 'x-api-key': 'nope' } });
      const body = (await res.json()) as { errors: { status: number; title: string }[] };
      expect(body.errors[0]).toMatchObject({ status: 403, title: 'Forbidden' });
    } finally {
      await sim.admin.configure({ forbiddenBody: 'message' });
    }
  });

  it('answers an unknown route with an HTML 404 page, which the client reads as not-found', async () => {
    const res = await sim.raw('/v1/organizations');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain("doesn't exist");

    const client = new ItGlueClient({ baseUrl: `${sim.url}/api`, apiKey: API_KEY });
    const err = await expectRejection(client.listOrganizationsPage());
    expect(err).toMatchObject({ kind: 'not-found', status: 404 });
    expect(err.message).toContain("The page you were looking for doesn't exist (404)");
  });

  it('refuses a write with another content type with 415', async () => {
    const res = await sim.raw('/organizations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { type: 'organizations', attributes: { name: 'Nope' } } }),
    });
    expect(res.status).toBe(415);
    const body = (await res.json()) as { errors: { status: number }[] };
    expect(body.errors[0]!.status).toBe(415);
    const withCharset = await sim.raw('/organizations', {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.api+json; charset=utf-8' },
      body: JSON.stringify({ data: { type: 'organizations', attributes: { name: 'Fine' } } }),
    });
    expect(withCharset.status).toBe(201);
  });

  it('reports 422 errors with an integer status and a pointer', async () => {
    const res = await sim.raw('/organizations', { method: 'POST', json: { data: { type: 'organizations', attributes: { name: '' } } } });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      errors: [{ status: 422, title: 'Unprocessable Entity', detail: "can't be blank", source: { pointer: '/data/attributes/name' } }],
    });
    const err = await expectRejection(sim.client().createOrganization({ name: 'X', 'organization-type-id': 999 }));
    expect(err).toMatchObject({ kind: 'validation', status: 422, details: ['/data/attributes/organization-type-id: must exist'] });
  });

  it('honours Retry-After on a 429, for reads and writes', async () => {
    await sim.admin.addFault({ kind: 'rate-limit', method: 'GET', route: '/organizations', retryAfterSeconds: 1 });
    const started = Date.now();
    const page = await sim.client().listOrganizationsPage();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(page.meta['total-count']).toBe(5);
    expect((await sim.admin.counters()).routes['GET /organizations']).toBe(2);

    await sim.admin.addFault({ kind: 'rate-limit', method: 'DELETE', route: '/documents', retryAfterSeconds: 1 });
    const deleted = await sim.client().bulkDeleteDocuments([60]);
    expect(deleted.map((d) => d.id)).toEqual(['60']);
    expect((await sim.admin.counters()).routes['DELETE /documents']).toBe(2);
  });

  it('retries a GET after a 5xx but never a POST or a DELETE', async () => {
    await sim.admin.addFault({ kind: 'error', status: 503, method: 'GET', route: '/organizations/{id}' });
    const org = await sim.client().getOrganization(1);
    expect(org.attributes.name).toBe('Acme Dental');
    expect((await sim.admin.counters()).routes['GET /organizations/{id}']).toBe(2);

    await sim.admin.addFault({ kind: 'error', status: 500, method: 'POST', route: '/organizations' });
    const err = await expectRejection(sim.client().createOrganization({ name: 'Once Only' }));
    expect(err).toMatchObject({ kind: 'transient', status: 500 });
    expect((await sim.admin.counters()).routes['POST /organizations']).toBe(1);

    await sim.admin.addFault({ kind: 'error', status: 502, method: 'DELETE', route: '/configurations' });
    const deleteErr = await expectRejection(sim.client().bulkDeleteConfigurations([32]));
    expect(deleteErr).toMatchObject({ kind: 'transient', status: 502 });
    expect((await sim.admin.counters()).routes['DELETE /configurations']).toBe(1);
  });

  it('a lost response: the POST is applied, the client sees a transient error, the record exists afterwards', async () => {
    await sim.admin.addFault({ kind: 'lost-response', method: 'POST', route: '/organizations' });
    const err = await expectRejection(sim.client().createOrganization({ name: 'Lost Response Ltd' }));
    expect(err).toMatchObject({ kind: 'transient' });
    expect((err as unknown as ApiError).retryable).toBe(true);
    expect((await sim.admin.counters()).routes['POST /organizations']).toBe(1);
    const found = await sim.client().listOrganizationsPage({ filter: { name: 'Lost Response Ltd' } });
    expect(found.items).toHaveLength(1);
  });

  it('requires https for anything but localhost', () => {
    expect(() => new ItGlueClient({ baseUrl: 'http://api.itglue.com', apiKey: API_KEY })).toThrow(/must use https/);
    expect(() => new ItGlueClient({ baseUrl: 'https://api.eu.itglue.com', apiKey: API_KEY })).not.toThrow();
    expect(() => new ItGlueClient({ baseUrl: 'http://127.0.0.1:9', apiKey: API_KEY })).not.toThrow();
    expect(() => new ItGlueClient({ baseUrl: 'https://api.itglue.com', apiKey: '' })).toThrow(/API key is required/);
  });
});

describe('IT Glue client against a misbehaving server', () => {
  let server: Server;
  let baseUrl: string;
  let respond: (path: string, headers: Record<string, string | string[] | undefined>) => { status: number; body: string };
  const SECRET = 'ITG.super-secret-key-9f8e7d6c5b4a';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const { status, body } = respond(req.url ?? '/', req.headers);
      res.writeHead(status, { 'content-type': 'application/vnd.api+json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const meta = { 'current-page': 1, 'next-page': null, 'prev-page': null, 'total-pages': 1, 'total-count': 1, filters: {} };
  const org = {
    id: '1',
    type: 'organizations',
    attributes: { name: 'Acme', 'organization-type-id': 1, 'organization-status-id': null, 'short-name': null, 'created-at': 'x', 'updated-at': 'x' },
  };

  it('names the malformed field', async () => {
    respond = () => ({ status: 200, body: JSON.stringify({ data: [{ ...org, attributes: { ...org.attributes, 'organization-type-id': 'Customer' } }], meta }) });
    const err = await expectRejection(new ItGlueClient({ baseUrl, apiKey: SECRET }).listOrganizationsPage());
    expect(err).toMatchObject({ kind: 'malformed-response' });
    expect(err.message).toContain("data[0].attributes.organization-type-id");
  });

  it('names a missing meta key', async () => {
    const { 'total-count': _dropped, ...partialMeta } = meta;
    respond = () => ({ status: 200, body: JSON.stringify({ data: [org], meta: partialMeta }) });
    const err = await expectRejection(new ItGlueClient({ baseUrl, apiKey: SECRET }).listOrganizationsPage());
    expect(err).toMatchObject({ kind: 'malformed-response' });
    expect(err.message).toContain('meta.total-count');
  });

  it('sends the key only in x-api-key and never puts it in an error', async () => {
    let seenKey: unknown;
    respond = (_path, headers) => {
      seenKey = headers['x-api-key'];
      return { status: 422, body: JSON.stringify({ errors: [{ status: 422, title: `Key ${SECRET} cannot do this`, source: { pointer: 'data' } }] }) };
    };
    const err = await expectRejection(new ItGlueClient({ baseUrl, apiKey: SECRET }).createOrganization({ name: 'A' }));
    expect(seenKey).toBe(SECRET);
    expect(err).toMatchObject({ kind: 'validation', status: 422 });
    expect(err.message).toContain('[redacted]');
    expect(JSON.stringify({ ...err, text: err.message })).not.toContain(SECRET);
    expect(String(err.stack)).not.toContain(SECRET);
  });
});
