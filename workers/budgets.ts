import type { ApiService } from '../clients/http.js';
import type { RateBudget } from '../clients/rate-gate.js';
import type { Env } from '../config/env.js';

/** The API budgets the engine keeps to (defaults: the vendors' documented limits). */
export function budgetsFromEnv(env: Pick<Env, 'BMS_RATE_LIMIT_PER_HOUR' | 'ITGLUE_RATE_LIMIT_PER_5MIN'>): Record<ApiService, RateBudget> {
  return {
    bms: { limit: env.BMS_RATE_LIMIT_PER_HOUR, windowMs: 3_600_000, per: 'route' },
    itglue: { limit: env.ITGLUE_RATE_LIMIT_PER_5MIN, windowMs: 300_000, per: 'service' },
  };
}
