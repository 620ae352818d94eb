/** Runtime settings of the IT Glue simulator, changed by tests through `PATCH /_admin/config`. */
import { z } from 'zod';
import { SimError } from '../common/simulator.js';

export const itGlueSimConfigSchema = z
  .object({
    /** Requests per window for the whole account (documented: 3000 per 5 minutes). */
    rateLimit: z.number().int().positive(),
    rateLimitWindowSeconds: z.number().positive(),
    /** Body of the 403 for a missing or unknown key: `{"message":"Forbidden"}` or a JSON:API error. */
    forbiddenBody: z.enum(['message', 'jsonapi']),
    defaultPageSize: z.number().int().positive(),
    maxPageSize: z.number().int().positive(),
    /** What a `page[size]` above the maximum does. */
    oversizedPage: z.enum(['clamp', 'error']),
    /** Whether exact-match filters compare case-sensitively (undocumented; default no). */
    filterCaseSensitive: z.boolean(),
    /** Subdomain used in `resource-url` values (`https://<sub>.itglue.com/...`). */
    accountSubdomain: z.string().regex(/^[a-z0-9-]+$/),
  })
  .strict();

export type ItGlueSimConfig = z.infer<typeof itGlueSimConfigSchema>;

export const DEFAULT_ITGLUE_SIM_CONFIG: ItGlueSimConfig = {
  rateLimit: 3000,
  rateLimitWindowSeconds: 300,
  forbiddenBody: 'message',
  defaultPageSize: 50,
  maxPageSize: 1000,
  // ASSUMPTION (itglue-api.md §2.1): page[size] above 1000 is clamped to 1000, not refused.
  oversizedPage: 'clamp',
  // ASSUMPTION (itglue-api.md §2.3): filters match exactly but ignore case (MySQL-style collation).
  filterCaseSensitive: false,
  accountSubdomain: 'simulated-msp',
};

/** Merges a partial config over `base`, naming every bad field. */
export function mergeConfig(base: ItGlueSimConfig, patch: unknown): ItGlueSimConfig {
  const parsed = itGlueSimConfigSchema.partial().safeParse(patch ?? {});
  if (!parsed.success) {
    throw new SimError(
      400,
      'invalid IT Glue simulator config',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const merged = { ...base, ...parsed.data };
  if (merged.defaultPageSize > merged.maxPageSize) {
    throw new SimError(400, 'invalid IT Glue simulator config', ['defaultPageSize: must not exceed maxPageSize']);
  }
  return merged;
}
