/**
 * How an API request travels. The default is Node's own http/https with kept-alive connections:
 * for the many small calls of a sync (one per hardware asset) it costs several times less CPU than
 * `fetch` (the benchmark's profile, README "Benchmark"). Tests may still hand in a `fetch` to
 * observe or tamper with calls (`fetchTransport`).
 */
import http from 'node:http';
import https from 'node:https';

export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** The caller's cancellation. */
  signal?: AbortSignal;
  /** The whole exchange must end within this long. */
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Rejects with a `TransportTimeout` after `timeoutMs`, with the caller's abort reason when it aborts, else with the network error. */
export type Transport = (url: URL, request: TransportRequest) => Promise<TransportResponse>;

export class TransportTimeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'TransportTimeout';
  }
}

/**
 * An idle connection is closed after 4 s, before a server's own idle limit (Node's default is
 * 5 s) can close it under a request being sent.
 */
const IDLE_MS = 4_000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, timeout: IDLE_MS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, timeout: IDLE_MS }),
};

function headersOf(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

function once(url: URL, request: TransportRequest): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    const req = lib.request(url, { method: request.method, headers, agent: agents[url.protocol as 'http:' | 'https:'] });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (err: unknown) => finish(() => reject(err));
    const timer = setTimeout(() => {
      const err = new TransportTimeout(request.timeoutMs);
      req.destroy(err);
      fail(err);
    }, request.timeoutMs);
    const onAbort = () => {
      req.destroy();
      finish(() => reject(request.signal!.reason));
    };
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.on('response', (res) => {
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', fail);
      res.on('aborted', () => fail(Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' })));
      res.on('end', () => finish(() => resolve({ status: res.statusCode ?? 0, headers: headersOf(res.headers), text })));
    });
    req.end(request.body);
  });
}

/**
 * Node's http/https with kept-alive connections. Never sent twice here: a reset can come after
 * the server applied a write (the callers decide what may be repeated, clients/http.ts).
 */
export const nodeTransport: Transport = once;

/** A `fetch` as a transport (tests that observe or tamper with calls). */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async (url, request) => {
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      const response = await fetchImpl(url, { method: request.method, headers: request.headers, body: request.body, signal });
      return { status: response.status, headers: response.headers, text: await response.text().catch(() => '') };
    } catch (err) {
      if (request.signal?.aborted) throw request.signal.reason ?? err;
      if (timeout.aborted) throw new TransportTimeout(request.timeoutMs);
      throw err;
    }
  };
}
