import type { ApiService } from '../clients/http.js';
import type { RateBudget } from '../clients/rate-gate.js';
import type { Env } from '../config/env.js';

/** The API budgets the engine keeps to (defaults: the vendors' documented limits). */
export function budgetsFromEnv(
  env: Pick<Env, 'BMS_RATE_LIMIT_PER_HOUR' | 'ITGLUE_RATE_LIMIT_PER_5MIN'> & Partial<Pick<Env, 'BMS_RATE_WINDOW_SECONDS' | 'ITGLUE_RATE_WINDOW_SECONDS'>>,
): Record<ApiService, RateBudget> {
  return {
    bms: { limit: env.BMS_RATE_LIMIT_PER_HOUR, windowMs: (env.BMS_RATE_WINDOW_SECONDS ?? 3600) * 1000, per: 'route' },
    itglue: { limit: env.ITGLUE_RATE_LIMIT_PER_5MIN, windowMs: (env.ITGLUE_RATE_WINDOW_SECONDS ?? 300) * 1000, per: 'service' },
  };
}
