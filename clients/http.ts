/**
 * The HTTP layer shared by the BMS and IT Glue clients: one place that sends requests, applies
 * the cross-worker rate gate, classifies failures, and validates responses with zod.
 *
 * Secrets never appear in anything this module throws or logs: errors name the service, the
 * operation (method and route template) and the HTTP status, never headers, bodies or query
 * strings; the service's own error messages, which a careless server may fill with what it was
 * sent, pass through `redact` first.
 */
import type { z } from 'zod';
import { fetchTransport, nodeTransport, TransportTimeout, type Transport, type TransportResponse } from './transport.js';

export type ApiService = 'bms' | 'itglue';

export const SERVICE_LABEL: Record<ApiService, string> = { bms: 'Kaseya BMS', itglue: 'IT Glue' };

/**
 * How a failure should be handled:
 * - `rate-limited`: 429; retry after `retryAfterMs`.
 * - `transient`: 5xx, timeout, connection reset; retry with backoff. For a non-idempotent write the
 *   change may or may not have been applied, so the caller must look for it before retrying.
 * - `auth`: credentials rejected even after re-authenticating; an operator must fix them.
 * - `forbidden`: the user lacks permission for this operation.
 * - `not-found`: the record or route does not exist.
 * - `validation`: the service refused the data (400, 409, 415, 422): the record, not the run, fails.
 * - `malformed-response`: the response did not have the documented shape.
 * - `config`: the engine is configured wrongly (bad base URL, missing credentials).
 */
export type ApiErrorKind =
  | 'rate-limited'
  | 'transient'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'validation'
  | 'malformed-response'
  | 'config';

const RETRYABLE_KINDS: ReadonlySet<ApiErrorKind> = new Set(['rate-limited', 'transient']);

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly service: ApiService;
  readonly kind: ApiErrorKind;
  readonly operation: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** Safe, human-readable details from the service (validation messages), never secrets. */
  readonly details: string[];

  constructor(init: {
    service: ApiService;
    kind: ApiErrorKind;
    operation: string;
    message: string;
    status?: number;
    retryAfterMs?: number;
    details?: string[];
  }) {
    super(`${SERVICE_LABEL[init.service]} ${init.operation}: ${init.message}`);
    this.service = init.service;
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.details = init.details ?? [];
  }

  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** Limits calls per route across every worker (implementations: in-memory, PostgreSQL). */
export interface RateGate {
  /** Resolves when one more call to `routeKey` of `service` fits in the budget. */
  acquire(service: ApiService, routeKey: string, signal?: AbortSignal): Promise<void>;
}

export const noRateGate: RateGate = { acquire: async () => {} };

/**
 * What the HTTP layer reports for monitoring (telemetry/metrics.ts implements it for the worker's
 * Prometheus endpoint). Labels are the service and the route template, never ids or values.
 */
export interface ApiMetrics {
  /** One request answered (`outcome`: the HTTP status) or not (`network`, `timeout`). */
  apiCall(service: ApiService, route: string, outcome: string, seconds: number): void;
  /** A request sent again by this layer after a 429 or a transient failure. */
  apiRetry(service: ApiService, route: string, kind: ApiErrorKind): void;
  /** Time spent taking a token from the API budget before a request (waiting included). */
  budgetWait(service: ApiService, route: string, seconds: number): void;
}

export const noApiMetrics: ApiMetrics = { apiCall: () => {}, apiRetry: () => {}, budgetWait: () => {} };

export interface HttpLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path relative to the base URL, with ids already filled in. */
  path: string;
  /** Route template used for rate limits, counters and error messages, e.g. `GET /v2/crm/accounts/{id}`. */
  route: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  contentType?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface HttpClientOptions {
  service: ApiService;
  baseUrl: string;
  rateGate?: RateGate;
  timeoutMs?: number;
  /** Automatic retries of idempotent requests on transient errors and 429s (default 2). */
  maxRetries?: number;
  /** Longest `Retry-After` honoured inside one call; a longer wait is left to the caller (default 30 s). */
  maxInlineRetryAfterMs?: number;
  logger?: HttpLogger;
  metrics?: ApiMetrics;
  /** Tests: send through this `fetch` instead of the default transport (clients/transport.ts). */
  fetchImpl?: typeof fetch;
  /** The credentials and tokens in use, read at each failure: never repeated in an error or a log. */
  secrets?: () => readonly (string | null | undefined)[];
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Real endpoints must use https; plain http is allowed only on the local machine. */
export function assertSafeBaseUrl(service: ApiService, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError({ service, kind: 'config', operation: 'configuration', message: `base URL is not a valid URL` });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) {
    throw new ApiError({
      service,
      kind: 'config',
      operation: 'configuration',
      message: `base URL must use https (plain http is only allowed for localhost), got ${url.protocol}//${url.host}`,
    });
  }
  if (url.username || url.password) {
    throw new ApiError({ service, kind: 'config', operation: 'configuration', message: 'base URL must not contain credentials' });
  }
  return url;
}

export function parseRetryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  return undefined;
}

export function kindForStatus(status: number): ApiErrorKind {
  if (status === 429) return 'rate-limited';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 408 || status >= 500) return 'transient';
  return 'validation';
}

const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

/** Waits `ms`, or rejects when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

function appendQuery(url: URL, query: Record<string, QueryValue> | undefined): void {
  if (!query) return;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
}

/** A JWT (an access token), with its `Bearer` prefix when there is one. */
const JWT = /(bearer\s+)?[A-Za-z0-9\-_]{20,}\.[A-Za-z0-9\-_]{10,}\.[A-Za-z0-9\-_]+/gi;
/** Whatever follows `Bearer` (a token of any shape). */
const BEARER = /\bbearer\s+(?!\[)[^\s;,&"']+/gi;

/**
 * Removes secrets from text a service sent back: every known secret as it was sent, URL-encoded
 * or form-encoded (a server may echo it inside a URL or a form), and anything token-shaped.
 */
export function redactSecrets(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of known) {
    const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
    for (const form of forms) out = out.split(form).join('[redacted]');
  }
  return out.replace(JWT, '[token]').replace(BEARER, 'Bearer [redacted]');
}

/**
 * Extracts the readable messages from an error body of either service. `describe` is given the
 * parsed JSON (or text) and returns safe strings.
 */
export type ErrorBodyReader = (body: unknown) => string[];

export class HttpClient {
  readonly service: ApiService;
  readonly baseUrl: URL;
  private readonly rateGate: RateGate;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxInlineRetryAfterMs: number;
  private readonly logger: HttpLogger | undefined;
  private readonly transport: Transport;
  private readonly metrics: ApiMetrics;
  private readonly readErrorBody: ErrorBodyReader;
  private readonly secrets: () => readonly (string | null | undefined)[];

  constructor(options: HttpClientOptions, readErrorBody: ErrorBodyReader) {
    this.service = options.service;
    this.baseUrl = assertSafeBaseUrl(options.service, options.baseUrl);
    this.rateGate = options.rateGate ?? noRateGate;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.maxInlineRetryAfterMs = options.maxInlineRetryAfterMs ?? 30_000;
    this.logger = options.logger;
    this.transport = options.fetchImpl ? fetchTransport(options.fetchImpl) : nodeTransport;
    this.metrics = options.metrics ?? noApiMetrics;
    this.readErrorBody = readErrorBody;
    this.secrets = options.secrets ?? (() => []);
  }

  /** `text` without this client's secrets (see redactSecrets). */
  redact(text: string): string {
    return redactSecrets(text, this.secrets());
  }

  /** Sends a request; resolves with any 2xx response and throws a classified ApiError otherwise. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const retryable = IDEMPOTENT.has(request.method);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sendOnce(request);
      } catch (err) {
        if (!isApiError(err) || !err.retryable || attempt >= this.maxRetries) throw err;
        // A 429 means the request was not processed, so even a POST may be repeated. Any other
        // transient failure of a non-idempotent write is left to the caller, which must check
        // whether the write was applied before trying again.
        if (!retryable && err.kind !== 'rate-limited') throw err;
        const wait = err.retryAfterMs ?? Math.min(8_000, 250 * 2 ** attempt);
        if (wait > this.maxInlineRetryAfterMs) throw err;
        this.logger?.warn(`retrying ${request.route} after ${err.kind}`, { waitMs: wait, attempt: attempt + 1 });
        this.metrics.apiRetry(this.service, request.route, err.kind);
        await sleep(wait, request.signal);
      }
    }
  }

  private async sendOnce(request: HttpRequest): Promise<HttpResponse> {
    const operation = request.route;
    const budgetFrom = performance.now();
    await this.rateGate.acquire(this.service, request.route, request.signal);
    this.metrics.budgetWait(this.service, request.route, (performance.now() - budgetFrom) / 1000);
    const url = new URL(request.path.replace(/^\//, ''), this.baseUrl.href.endsWith('/') ? this.baseUrl : `${this.baseUrl.href}/`);
    appendQuery(url, request.query);
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    let body: string | undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers['content-type'] = request.contentType ?? 'application/json';
    } else if (request.form) {
      body = new URLSearchParams(request.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }

    const started = Date.now();
    let response: TransportResponse;
    try {
      response = await this.transport(url, { method: request.method, headers, body, signal: request.signal, timeoutMs: this.timeoutMs });
    } catch (err) {
      if (request.signal?.aborted) throw request.signal.reason ?? err;
      this.metrics.apiCall(this.service, request.route, err instanceof TransportTimeout ? 'timeout' : 'network', (Date.now() - started) / 1000);
      throw new ApiError({
        service: this.service,
        kind: 'transient',
        operation,
        message: err instanceof TransportTimeout ? err.message : `connection failed (${networkCause(err)})`,
      });
    }
    const text = response.text;
    this.metrics.apiCall(this.service, request.route, String(response.status), (Date.now() - started) / 1000);
    this.logger?.debug(`${operation} → ${response.status}`, { ms: Date.now() - started });
    const parsed = parseBody(text);

    if (response.status >= 200 && response.status < 300) return { status: response.status, headers: response.headers, body: parsed };

    const kind = kindForStatus(response.status);
    const details = this.safeDetails(this.readErrorBody(parsed));
    throw new ApiError({
      service: this.service,
      kind,
      operation,
      status: response.status,
      retryAfterMs: kind === 'rate-limited' ? parseRetryAfterMs(response.headers.get('retry-after')) ?? 60_000 : undefined,
      details,
      message: `HTTP ${response.status}${details.length ? `: ${details.join('; ')}` : ''}`,
    });
  }

  /** Error details end up in errors, logs and workflow history: a few, short, without secrets. */
  safeDetails(details: string[]): string[] {
    return details
      .filter((d) => typeof d === 'string' && d.trim() !== '')
      .slice(0, 5)
      .map((d) => this.redact(d).slice(0, 300));
  }
}

function networkCause(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string; message?: string } } | undefined;
  return e?.code ?? e?.cause?.code ?? e?.cause?.message ?? (err instanceof Error ? err.message : 'unknown error');
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}


/**
 * Validates a response body against a zod schema. A mismatch becomes a non-retryable
 * `malformed-response` error that names the offending fields, never a crash deep inside.
 */
export function parseResponse<S extends z.ZodType>(
  service: ApiService,
  operation: string,
  schema: S,
  body: unknown,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ApiError({
    service,
    kind: 'malformed-response',
    operation,
    message: `malformed response: ${describeIssues(result.error)}`,
  });
}

/** `result[3].id: expected number, received string; meta.total-count: required` */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.length ? formatPath(issue.path) : '(root)';
    return `${path}: ${issue.message}`;
  });
  if (error.issues.length > limit) parts.push(`and ${error.issues.length - limit} more`);
  return parts.join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}
