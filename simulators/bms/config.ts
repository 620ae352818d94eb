/** Run-time settings of the BMS simulator, changed through `PATCH /_admin/config`. */
import { z } from 'zod';
import { SimError } from '../common/simulator.js';

export const bmsSimConfigSchema = z
  .object({
    // ASSUMPTION (bms-api.md §1.2): access tokens live 60 minutes, refresh tokens 24 hours.
    accessTokenTtlSeconds: z.number().positive().max(31_536_000),
    refreshTokenTtlSeconds: z.number().positive().max(31_536_000),
    // ASSUMPTION (bms-api.md §4): 1500 calls per rolling window of an hour, per (tenant, method, route template).
    /** Calls allowed per (tenant, method, route template) in one window. */
    rateLimitPerHour: z.number().int().positive(),
    rateLimitWindowSeconds: z.number().positive(),
    // ASSUMPTION (bms-api.md §2.2): the two summary-by-id endpoints return a bare DTO as S2 says.
    bareSummaryDto: z.boolean(),
    // ASSUMPTION (bms-api.md §2.4): page size defaults to 100 and is clamped to 100.
    defaultPageSize: z.number().int().positive(),
    maxPageSize: z.number().int().positive(),
    /**
     * Serve the routes the official v2 document lacks (UNDOCUMENTED_ROUTES in simulator.ts). Off
     * (the default), they answer 404 like any unknown route, as the real BMS would.
     */
    undocumentedRoutes: z.boolean(),
  })
  .strict();

export type BmsSimConfig = z.infer<typeof bmsSimConfigSchema>;

export const DEFAULT_BMS_SIM_CONFIG: BmsSimConfig = {
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 86_400,
  rateLimitPerHour: 1500,
  rateLimitWindowSeconds: 3600,
  bareSummaryDto: true,
  defaultPageSize: 100,
  maxPageSize: 100,
  undocumentedRoutes: false,
};

/** Validates a partial config; unknown keys and bad values fail with a message naming each. */
export function mergeConfig(current: BmsSimConfig, patch: unknown): BmsSimConfig {
  const parsed = bmsSimConfigSchema.partial().safeParse(patch ?? {});
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown config key(s): ${issue.keys.join(', ')}`
        : `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new SimError(400, `invalid BMS simulator config: ${details.join('; ')}`, details);
  }
  return { ...current, ...parsed.data };
}
