/**
 * What both simulators share: request counters per route, fault injection, rate limiting and
 * the admin API used by tests, benchmarks and the demo stack. Each simulator supplies its own
 * routes, its store and its API-specific response shapes.
 *
 * Admin API (no auth; the simulators bind to localhost), all JSON:
 *   GET    /_admin/health
 *   POST   /_admin/reset                      empty the store (lookups and users are kept)
 *   POST   /_admin/load                       body: a dataset (see simulators/datasets/format.ts)
 *   GET    /_admin/dump                       the whole state as a dataset
 *   GET    /_admin/records/{collection}       list one collection
 *   GET    /_admin/records/{collection}/{id}
 *   POST   /_admin/records/{collection}       create a record as a user would
 *   PATCH  /_admin/records/{collection}/{id}  edit a record as a user would (bumps its modified time)
 *   DELETE /_admin/records/{collection}/{id}  delete a record as a user would
 *   GET    /_admin/faults  POST /_admin/faults  DELETE /_admin/faults
 *   GET    /_admin/counters  DELETE /_admin/counters
 *   GET    /_admin/config  PATCH /_admin/config
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  listen,
  parseBody,
  readRawBody,
  routeKeyOf,
  sendResponse,
  type Router,
  type SimRequest,
  type SimResponse,
  type StartedServer,
} from './router.js';

/** Thrown by stores and handlers for a client mistake; becomes the API's own error shape. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export interface SimulatorStore {
  reset(): void;
  load(dataset: unknown): Record<string, number>;
  dump(): unknown;
  collections(): string[];
  list(collection: string): unknown[];
  get(collection: string, id: string): unknown;
  /** Create as a user would in the UI: server fields (ids, created/modified times) are set. */
  create(collection: string, data: Record<string, unknown>): unknown;
  /** Edit as a user would: the modified time is bumped. */
  edit(collection: string, id: string, patch: Record<string, unknown>): unknown;
  remove(collection: string, id: string): void;
}

export const faultRuleSchema = z
  .object({
    method: z.string().toUpperCase().optional(),
    /** A route template (`/v2/crm/accounts/{id}`) or any substring of the request path. */
    route: z.string().optional(),
    /** Only requests whose decoded query string contains this (e.g. `filter[name]`: look-ups, not lists). */
    query: z.string().optional(),
    kind: z.enum(['error', 'rate-limit', 'latency', 'lost-response']),
    /** For `error`: the HTTP status (default 500). */
    status: z.number().int().min(400).max(599).optional(),
    /**
     * For `error`: the error body repeats the request's credentials (its authorization and API
     * key headers and its body fields), as they are and inside a URL, as a careless server might.
     * Tests use it to check that no secret a client sends reaches an error or a log.
     */
    echoRequest: z.boolean().optional(),
    /** For `rate-limit`: the Retry-After value in seconds (default 1). */
    retryAfterSeconds: z.number().min(0).optional(),
    /** For `latency`: the added delay. */
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /** How many matching requests to affect; 0 = every one (default 1). */
    times: z.number().int().min(0).default(1),
    /** Let this many matching requests through untouched first (default 0). */
    skip: z.number().int().min(0).default(0),
    /** Affect a matching request with this probability (default 1). */
    probability: z.number().min(0).max(1).default(1),
  })
  .strict();
export type FaultRule = z.infer<typeof faultRuleSchema>;

export interface ActiveFault extends FaultRule {
  id: number;
  seen: number;
  applied: number;
  /** With `echoRequest`: every value it echoed, so a test knows which secrets to look for. */
  echoed: string[];
}

/** Request headers that carry credentials. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key'];

/** What an `echoRequest` fault repeats of a request: error details, and the values they contain. */
function echoOf(req: SimRequest): { details: string[]; values: string[] } {
  const headers = CREDENTIAL_HEADERS.flatMap((name) => {
    const value = req.headers[name];
    return typeof value === 'string' ? [[name, value] as [string, string]] : [];
  });
  const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  const fields = Object.entries(body).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : []));
  const url = `${req.url.origin}${req.path}?${new URLSearchParams([...headers, ...fields]).toString()}`;
  return {
    details: [
      `request headers: ${headers.map(([name, value]) => `${name}: ${value}`).join('; ')}`,
      `request fields: ${fields.map(([name, value]) => `${name}=${value}`).join('; ')}`,
      `request URL: ${url}`,
    ],
    values: [...headers, ...fields].map(([, value]) => value),
  };
}

export interface RateLimitDecision {
  key: string;
  limit: number;
  windowMs: number;
  /** `sliding`: a rolling window over the last `windowMs`; `fixed`: windows aligned to the epoch. */
  mode: 'sliding' | 'fixed';
}

/** Counts calls in fixed or sliding windows; returns the seconds to wait when over the limit. */
export class WindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly fixed = new Map<string, { start: number; count: number }>();

  take(decision: RateLimitDecision, now = Date.now()): number | null {
    if (decision.mode === 'fixed') {
      const start = now - (now % decision.windowMs);
      const w = this.fixed.get(decision.key);
      if (!w || w.start !== start) {
        this.fixed.set(decision.key, { start, count: 1 });
        return null;
      }
      if (w.count >= decision.limit) return Math.ceil((start + decision.windowMs - now) / 1000);
      w.count++;
      return null;
    }
    const list = this.hits.get(decision.key) ?? [];
    const cutoff = now - decision.windowMs;
    while (list.length && list[0]! <= cutoff) list.shift();
    if (list.length >= decision.limit) {
      this.hits.set(decision.key, list);
      return Math.max(1, Math.ceil((list[0]! + decision.windowMs - now) / 1000));
    }
    list.push(now);
    this.hits.set(decision.key, list);
    return null;
  }

  clear(): void {
    this.hits.clear();
    this.fixed.clear();
  }
}

export interface SimulatorHooks {
  name: string;
  router: Router;
  store: SimulatorStore;
  /** Current simulator-specific config (rate limits, token lifetimes, …). */
  getConfig(): Record<string, unknown>;
  /** Validates and applies a partial config; throws SimError naming bad fields. */
  updateConfig(patch: unknown): Record<string, unknown>;
  /** Which rate-limit bucket a request falls in, or null for none. */
  rateLimitFor(req: SimRequest): RateLimitDecision | null;
  /** The API's own error body for a status and message. */
  errorResponse(status: number, message: string, details?: string[], headers?: Record<string, string>): SimResponse;
  /** Response for an unknown route. */
  notFound(req: SimRequest): SimResponse;
  /** Runs before every API handler (authentication); returning a response short-circuits. */
  before?(req: SimRequest): SimResponse | undefined;
  /** Optional dataset generator exposed as POST /_admin/generate. */
  generate?(options: unknown): Record<string, number>;
}

export interface SimulatorOptions {
  /**
   * The time rate-limit windows are counted by (default: the system clock). Tests shift it to
   * put a call at a chosen moment of a fixed window, so Retry-After does not depend on when the
   * test happens to start.
   */
  clock?: () => number;
}

export class Simulator {
  private readonly counters = new Map<string, number>();
  /** Calls the simulator's own rate limit refused (not injected 429s). */
  private rateLimited = 0;
  private faults: ActiveFault[] = [];
  private nextFaultId = 1;
  readonly limiter = new WindowLimiter();
  private readonly clock: () => number;

  constructor(
    readonly hooks: SimulatorHooks,
    options: SimulatorOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
  }

  counterSnapshot(): { total: number; routes: Record<string, number>; rateLimited: number } {
    const routes = Object.fromEntries([...this.counters.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const total = [...this.counters.values()].reduce((a, b) => a + b, 0);
    return { total, routes, rateLimited: this.rateLimited };
  }

  resetCounters(): void {
    this.counters.clear();
    this.rateLimited = 0;
  }

  addFault(input: unknown): ActiveFault {
    const parsed = faultRuleSchema.safeParse(input);
    if (!parsed.success) {
      throw new SimError(400, 'invalid fault rule', parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
    }
    const fault: ActiveFault = { ...parsed.data, id: this.nextFaultId++, seen: 0, applied: 0, echoed: [] };
    this.faults.push(fault);
    return fault;
  }

  clearFaults(): void {
    this.faults = [];
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<StartedServer> {
    return listen((req, res) => void this.handle(req, res), port, host);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const host = req.headers.host ?? '127.0.0.1';
      const url = new URL(req.url ?? '/', `http://${host}`);
      const rawBody = await readRawBody(req);
      const contentType = req.headers['content-type'] ?? '';
      const base = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody,
        body: parseBody(contentType, rawBody),
        contentType,
        url,
      };
      if (url.pathname.startsWith('/_admin')) {
        sendResponse(res, await this.handleAdmin({ ...base, routeKey: 'admin', params: {} }));
        return;
      }
      await this.handleApi(base, res);
    } catch (err) {
      const status = err instanceof SimError ? err.status : 500;
      const message = err instanceof Error ? err.message : 'internal error';
      sendResponse(res, this.hooks.errorResponse(status, message, err instanceof SimError ? err.details : []));
    }
  }

  private async handleApi(base: Omit<SimRequest, 'routeKey' | 'params'>, res: ServerResponse): Promise<void> {
    const resolved = this.hooks.router.resolve(base.method, base.path);
    if (!('route' in resolved)) {
      const req: SimRequest = { ...base, routeKey: `${base.method} (unknown)`, params: {} };
      this.count(req.routeKey);
      sendResponse(res, resolved.methodMismatch ? this.hooks.errorResponse(405, 'method not allowed') : this.hooks.notFound(req));
      return;
    }
    const req: SimRequest = { ...base, routeKey: routeKeyOf(base.method, resolved.route.template), params: resolved.params };
    this.count(req.routeKey);

    const fault = this.pickFault(req);
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.latencyMs ?? 1000));
    if (fault?.kind === 'error') {
      const echo = fault.echoRequest ? echoOf(req) : { details: [], values: [] };
      fault.echoed.push(...echo.values.filter((v) => !fault.echoed.includes(v)));
      sendResponse(res, this.hooks.errorResponse(fault.status ?? 500, fault.echoRequest ? `injected fault; ${echo.details[0]}` : 'injected fault', echo.details));
      return;
    }
    if (fault?.kind === 'rate-limit') {
      const retryAfter = String(fault.retryAfterSeconds ?? 1);
      sendResponse(res, this.hooks.errorResponse(429, 'Rate limit exceeded', [], { 'retry-after': retryAfter }));
      return;
    }

    const denied = this.hooks.before?.(req);
    if (denied) {
      sendResponse(res, denied);
      return;
    }
    const limit = this.hooks.rateLimitFor(req);
    if (limit) {
      const retryAfter = this.limiter.take(limit, this.clock());
      if (retryAfter !== null) {
        this.rateLimited++;
        sendResponse(res, this.hooks.errorResponse(429, 'Rate limit exceeded', [], { 'retry-after': String(retryAfter) }));
        return;
      }
    }

    let response: SimResponse;
    try {
      response = await resolved.route.handler(req);
    } catch (err) {
      if (!(err instanceof SimError)) throw err;
      response = this.hooks.errorResponse(err.status, err.message, err.details);
    }
    if (fault?.kind === 'lost-response') {
      // The write was applied; the client never hears about it (connection reset).
      res.socket?.destroy();
      return;
    }
    sendResponse(res, response);
  }

  private count(routeKey: string): void {
    this.counters.set(routeKey, (this.counters.get(routeKey) ?? 0) + 1);
  }

  private pickFault(req: SimRequest): ActiveFault | undefined {
    for (const fault of this.faults) {
      if (fault.method && fault.method !== req.method) continue;
      if (fault.route && !req.routeKey.endsWith(` ${fault.route}`) && !req.path.includes(fault.route)) continue;
      if (fault.query && !decodeURIComponent(req.query.toString()).includes(fault.query)) continue;
      if (fault.times !== 0 && fault.applied >= fault.times) continue;
      fault.seen++;
      if (fault.seen <= fault.skip) continue;
      if (fault.probability < 1 && Math.random() >= fault.probability) continue;
      fault.applied++;
      return fault;
    }
    return undefined;
  }

  private async handleAdmin(req: SimRequest): Promise<SimResponse> {
    const parts = req.path.split('/').filter(Boolean).slice(1); // drop "_admin"
    const [section, collection, id] = parts;
    const { store } = this.hooks;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ok = (payload: unknown, status = 200): SimResponse => ({ status, body: payload });
    switch (`${req.method} ${section ?? ''}`) {
      case 'GET health':
        return ok({ ok: true, simulator: this.hooks.name });
      case 'POST reset':
        store.reset();
        this.limiter.clear();
        return ok({ reset: true });
      case 'POST load':
        return ok({ loaded: store.load(req.body) });
      case 'GET dump':
        return ok(store.dump());
      case 'POST generate':
        if (!this.hooks.generate) throw new SimError(404, 'this simulator has no generator');
        return ok({ loaded: this.hooks.generate(req.body ?? {}) });
      case 'GET records':
        if (!collection) return ok({ collections: store.collections() });
        return ok(id ? store.get(collection, id) : store.list(collection));
      case 'POST records':
        if (!collection) throw new SimError(400, 'collection is required');
        return ok(store.create(collection, body), 201);
      case 'PATCH records':
        if (!collection || !id) throw new SimError(400, 'collection and id are required');
        return ok(store.edit(collection, id, body));
      case 'DELETE records':
        if (!collection || !id) throw new SimError(400, 'collection and id are required');
        store.remove(collection, id);
        return ok({ deleted: true });
      case 'GET faults':
        return ok(this.faults);
      case 'POST faults':
        return ok(this.addFault(req.body), 201);
      case 'DELETE faults':
        this.clearFaults();
        return ok({ cleared: true });
      case 'GET counters':
        return ok(this.counterSnapshot());
      case 'DELETE counters':
        this.resetCounters();
        return ok({ cleared: true });
      case 'GET config':
        return ok(this.hooks.getConfig());
      case 'PATCH config':
        this.limiter.clear();
        return ok(this.hooks.updateConfig(req.body));
      default:
        throw new SimError(404, `unknown admin route ${req.method} ${req.path}`);
    }
  }
}
