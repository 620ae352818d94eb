/**
 * A local stand-in for api.itglue.com, faithful to the IT Glue API reference (`itglue-api.md §x`
 * marks name its sections; ASSUMPTIONS.md lists what it leaves open): JSON:API envelopes,
 * kebab-case attributes, paging, filters, bulk writes, errors, auth and the account-wide rate limit. Behaviours the research could not confirm are marked `ASSUMPTION` in the code and
 * listed in ASSUMPTIONS.md.
 */
import type { SimRequest, SimResponse } from '../common/router.js';
import { Simulator, type SimulatorHooks, type SimulatorOptions } from '../common/simulator.js';
import { DEFAULT_ITGLUE_SIM_CONFIG, mergeConfig, type ItGlueSimConfig } from './config.js';
import { JSON_API, errorBody, titleFor } from './jsonapi.js';
import { buildItGlueRouter } from './routes.js';
import { ItGlueStore } from './store.js';

export interface ItGlueSimulatorOptions {
  /** A dataset (`{itglue: …}` or just the IT Glue half); lookups are seeded when it has none. */
  dataset?: unknown;
  config?: Partial<ItGlueSimConfig>;
  /** The time the account's fixed rate-limit windows are counted by (tests; default: now). */
  clock?: SimulatorOptions['clock'];
}

/** The page a real user got for an unknown path (PSW issue #140). */
const NOT_FOUND_PAGE = `<!DOCTYPE html>
<html>
<head><title>The page you were looking for doesn't exist (404)</title></head>
<body>
  <div class="dialog">
    <h1>The page you were looking for doesn't exist.</h1>
    <p>You may have mistyped the address or the page may have moved.</p>
  </div>
</body>
</html>
`;

export function createItGlueSimulator(options: ItGlueSimulatorOptions = {}): Simulator {
  let config = mergeConfig(DEFAULT_ITGLUE_SIM_CONFIG, options.config ?? {});
  const store = new ItGlueStore(() => config);
  if (options.dataset !== undefined) store.load(options.dataset);

  const errorResponse = (status: number, message: string, details: string[] = [], headers: Record<string, string> = {}): SimResponse => {
    const response = errorBody(status, [{ status, title: titleFor(status), detail: details.length ? `${message}: ${details.join('; ')}` : message }]);
    return { ...response, headers: { ...response.headers, ...headers } };
  };

  const hooks: SimulatorHooks = {
    name: 'itglue',
    router: buildItGlueRouter(store),
    store,
    getConfig: () => ({ ...config }),
    updateConfig: (patch) => {
      config = mergeConfig(config, patch);
      return { ...config };
    },
    // One budget for the whole account, in fixed windows. [C] 3000 / 5 min; window type [U].
    rateLimitFor: () => ({ key: 'account', limit: config.rateLimit, windowMs: config.rateLimitWindowSeconds * 1000, mode: 'fixed' }),
    errorResponse,
    notFound: () => ({ status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: NOT_FOUND_PAGE }),
    before: (req) => authenticate(req, store, config) ?? checkContentType(req),
  };
  return new Simulator(hooks, { clock: options.clock });
}

/** Missing or unknown `x-api-key` → 403. [C] status; body configurable ([P] `{"message":"Forbidden"}`). */
function authenticate(req: SimRequest, store: ItGlueStore, config: ItGlueSimConfig): SimResponse | undefined {
  const key = req.headers['x-api-key'];
  if (typeof key === 'string' && store.apiKeys.has(key)) return undefined;
  if (config.forbiddenBody === 'jsonapi') {
    return errorBody(403, [{ status: 403, title: 'Forbidden', detail: 'Invalid or missing API key' }]);
  }
  return { status: 403, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { message: 'Forbidden' } };
}

/** Writes must be `application/vnd.api+json` (parameters such as charset allowed). [C] 415 */
function checkContentType(req: SimRequest): SimResponse | undefined {
  const hasBody = req.rawBody.trim() !== '' || req.method === 'POST' || req.method === 'PATCH';
  if (req.method === 'GET' || !hasBody) return undefined;
  const mediaType = req.contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType === JSON_API) return undefined;
  return errorBody(415, [{ status: 415, title: titleFor(415), detail: `Content-Type must be ${JSON_API}` }]);
}
