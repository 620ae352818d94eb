/**
 * The default transport (clients/transport.ts) under the API clients' HTTP layer: kept-alive
 * connections, and every way a request can fail turned into the error the engine expects.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, HttpClient } from '../../../clients/http.js';

let server: http.Server;
let base: string;
let connections = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/slow') return void setTimeout(() => res.end('{}'), 2_000);
    if (url.pathname === '/cut') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      return void setTimeout(() => res.socket?.destroy(), 20);
    }
    if (url.pathname === '/echo') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'], length: req.headers['content-length'] }));
      });
      return;
    }
    res.writeHead(Number(url.searchParams.get('status') ?? 200), { 'content-type': 'application/json', 'retry-after': '7' });
    res.end(JSON.stringify({ ok: true, path: url.pathname }));
  });
  server.on('connection', () => connections++);
  // A server that drops idle connections after 2 s (it says so in its Keep-Alive header, which
  // Node's agent honours with a second to spare).
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const client = (timeoutMs = 30_000) => new HttpClient({ service: 'bms', baseUrl: base, timeoutMs, maxRetries: 0 }, () => []);
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (err: unknown) => err as ApiError);

describe('the default HTTP transport', () => {
  it('keeps connections alive: many calls, few connections', async () => {
    const before = connections;
    const c = client();
    for (let i = 0; i < 50; i++) expect((await c.send({ method: 'GET', path: `/r/${i}`, route: 'GET /r/{id}' })).body).toEqual({ ok: true, path: `/r/${i}` });
    expect(connections - before).toBeLessThanOrEqual(2);
  });

  it('sends a JSON body with its length, and a second call after the server dropped the idle connection works', async () => {
    const c = client();
    const first = await c.send({ method: 'POST', path: '/echo', route: 'POST /echo', json: { name: 'Zoë' } });
    expect(first.body).toEqual({ method: 'POST', body: '{"name":"Zoë"}', type: 'application/json', length: String(Buffer.byteLength('{"name":"Zoë"}')) });
    await new Promise((r) => setTimeout(r, 2_300));
    const second = await c.send({ method: 'PATCH', path: '/echo', route: 'PATCH /echo', json: [1] });
    expect(second.body).toMatchObject({ method: 'PATCH', body: '[1]' });
  });

  it('classifies an answer by its status and reads its headers', async () => {
    const err = await failure(client().send({ method: 'GET', path: '/x', route: 'GET /x', query: { status: 429 } }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.kind).toBe('rate-limited');
    expect(err.retryAfterMs).toBe(7_000);
  });

  it('a call that takes too long fails as transient, naming the time', async () => {
    const err = await failure(client(200).send({ method: 'GET', path: '/slow', route: 'GET /slow' }));
    expect(err.kind).toBe('transient');
    expect(err.message).toMatch(/timed out after 200 ms/);
  });

  it('a response cut off half way fails as transient', async () => {
    const err = await failure(client().send({ method: 'GET', path: '/cut', route: 'GET /cut' }));
    expect(err.kind).toBe('transient');
    expect(err.message).toMatch(/connection failed/);
  });

  it('a refused connection fails as transient, naming the cause', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await failure(new HttpClient({ service: 'itglue', baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 }, () => []).send({ method: 'GET', path: '/x', route: 'GET /x' }));
    expect(err.kind).toBe('transient');
    expect(err.message).toMatch(/connection failed \(ECONNREFUSED\)/);
  });

  it("the caller's cancellation ends a call with the caller's reason", async () => {
    const abort = new AbortController();
    const pending = client().send({ method: 'GET', path: '/slow', route: 'GET /slow', signal: abort.signal });
    setTimeout(() => abort.abort(new Error('activity cancelled')), 50);
    await expect(pending).rejects.toThrow('activity cancelled');
  });
});
