/**
 * The Kaseya BMS REST API v2 simulator: the routes the sync engine uses, faithful to the BMS API
 * reference (ASSUMPTIONS.md lists what it leaves open) and the official OpenAPI document in
 * reference/bms-openapi-v2.json (camelCase on the wire), on top of the shared simulator core
 * (counters, faults, rate limits, admin API). Where the docs are silent the simulator takes the
 * documented assumption; see ASSUMPTIONS.md.
 */
import { Router, type SimRequest } from '../common/router.js';
import { SimError, Simulator, type SimulatorHooks } from '../common/simulator.js';
import { TokenService, userInfo, type AuthContext } from './auth.js';
import { DEFAULT_BMS_SIM_CONFIG, mergeConfig, type BmsSimConfig } from './config.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerAssetRoutes } from './routes/assets.js';
import { registerContactRoutes } from './routes/contacts.js';
import type { RouteContext } from './routes/context.js';
import { registerContractRoutes } from './routes/contracts.js';
import { registerLookupRoutes } from './routes/lookups.js';
import { registerTicketRoutes } from './routes/tickets.js';
import { BmsStore } from './store.js';
import { errorEnvelope, Params } from './wire.js';

export type { BmsSimConfig } from './config.js';
export { BmsStore } from './store.js';
export { totpCode } from './totp.js';

/** Routes reachable without a bearer token. */
const PUBLIC_ROUTES = new Set(['POST /v2/security/authenticate', 'POST /v2/security/refreshtoken']);
/**
 * Routes the engine can use that the official v2 document (reference/bms-openapi-v2.json) lacks:
 * served only with config `undocumentedRoutes`, otherwise 404 like any unknown route. See
 * ASSUMPTIONS.md.
 */
export const UNDOCUMENTED_ROUTES: ReadonlySet<string> = new Set([
  'POST /v2/crm/accounts/{accountId}/locations',
  'PUT /v2/crm/accounts/{accountId}/locations/{locationId}',
  'GET /v2/finance/contracts/recurringservices/{contractId}/services',
  'PUT /v2/finance/contracts/recurringservices/{contractId}/services/{serviceLineId}',
]);
/** POST routes that only read (allowed for read-only roles). */
const READ_ONLY_POSTS = new Set(['POST /v2/servicedesk/tickets/search']);

export interface BmsSimulatorOptions {
  /** A dataset (`{bms: …}` or its BMS half); reference data missing from it is seeded. */
  dataset?: unknown;
  config?: Partial<BmsSimConfig>;
}

export function createBmsSimulator(options: BmsSimulatorOptions = {}): Simulator {
  let config = mergeConfig(DEFAULT_BMS_SIM_CONFIG, options.config ?? {});
  const store = new BmsStore(options.dataset);
  const tokens = new TokenService(store, () => config);
  const callers = new WeakMap<SimRequest, AuthContext>();
  const router = new Router({ caseInsensitive: true });
  const ctx: RouteContext = {
    store,
    config: () => config,
    caller: (req) => {
      const caller = callers.get(req);
      if (!caller) throw new SimError(401, 'Authorization has been denied for this request.');
      return caller;
    },
  };

  router.post('/v2/security/authenticate', tokens.authenticate);
  router.post('/v2/security/refreshtoken', tokens.refresh);
  router.get('/v2/security/userinfo', (req) => userInfo(ctx.caller(req), store));
  registerAccountRoutes(router, ctx);
  registerContactRoutes(router, ctx);
  registerAssetRoutes(router, ctx);
  registerTicketRoutes(router, ctx);
  registerLookupRoutes(router, ctx);
  registerContractRoutes(router, ctx);

  const notFound = (req: SimRequest) => errorEnvelope(404, `No route matches ${req.method} ${req.path}.`);
  const hooks: SimulatorHooks = {
    name: 'bms',
    router,
    store,
    getConfig: () => ({ ...config }),
    updateConfig: (patch) => {
      config = mergeConfig(config, patch);
      return { ...config };
    },
    // ASSUMPTION (bms-api.md §4): one budget per (tenant, method, route template), rolling window.
    rateLimitFor: (req) => {
      const tenant = callers.get(req)?.tenant ?? (PUBLIC_ROUTES.has(req.routeKey) ? Params.fromObject(req.body).text('Tenant') : undefined);
      if (!tenant) return null;
      return {
        key: `${tenant.toLowerCase()} ${req.routeKey}`,
        limit: config.rateLimitPerHour,
        windowMs: config.rateLimitWindowSeconds * 1000,
        mode: 'sliding',
      };
    },
    errorResponse: (status, message, details, headers) => errorEnvelope(status, message, details, headers),
    notFound,
    before: (req) => {
      if (UNDOCUMENTED_ROUTES.has(req.routeKey) && !config.undocumentedRoutes) return notFound(req);
      if (PUBLIC_ROUTES.has(req.routeKey)) return undefined;
      const checked = tokens.check(req);
      if ('status' in checked) return checked;
      // ASSUMPTION (bms-api.md §2.3): a role without modify rights gets 403 on every write.
      if (checked.user.readOnly && req.method !== 'GET' && !READ_ONLY_POSTS.has(req.routeKey)) {
        return errorEnvelope(403, 'You do not have permission to perform this action.');
      }
      callers.set(req, checked);
      return undefined;
    },
  };
  return new Simulator(hooks);
}
