/**
 * Process configuration from the environment, validated once with zod. Every variable is
 * documented in the README ("Configuration"). A bad value stops the process with a message that
 * names the variable; secret values are never echoed.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

export const envSchema = z.object({
  /** PostgreSQL URL. Unset: the main job starts a private PostgreSQL in DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Temporal frontend. Unset: the local stack's, 127.0.0.1:TEMPORAL_PORT (the CLI and the stack agree). */
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('bms-itglue-sync'),
  /** Base64 (or hex) of 32 random bytes; encrypts credentials at rest. */
  SYNC_ENCRYPTION_KEY: z.string().optional(),
  /** Older keys, comma-separated, still accepted for decryption after a key rotation. */
  SYNC_ENCRYPTION_OLD_KEYS: z.string().optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Worker log lines: `json` (one object per line) or `pretty`; unset: pretty on a terminal, JSON elsewhere. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** The worker's Prometheus endpoint (GET /metrics); unset: none (bin/start and the image set 9464). */
  METRICS_PORT: port.optional(),
  /** The address that endpoint listens on (containers: every interface; the local stack: loopback). */
  METRICS_HOST: z.string().min(1).default('0.0.0.0'),
  /** Worker tuning (see README "Running at scale"). */
  WORKER_MAX_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(20),
  WORKER_MAX_WORKFLOW_TASKS: z.coerce.number().int().min(1).max(1000).default(40),
  /** Client-side API budgets; defaults are the documented vendor limits. */
  BMS_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(1500),
  ITGLUE_RATE_LIMIT_PER_5MIN: z.coerce.number().int().min(1).default(3000),
  /** The windows those budgets are counted over (the vendors': an hour, 5 minutes; tests shorten them). */
  BMS_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
  ITGLUE_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(300),
  /** Main job (local stack) ports. */
  POSTGRES_PORT: port.default(54329),
  BMS_SIM_PORT: port.default(4010),
  ITGLUE_SIM_PORT: port.default(4020),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** Where delete-data disconnects write their backup before deleting. */
  BACKUP_DIR: z.string().min(1).optional(),
  /** A file the worker keeps touching while it runs, for container health checks (workers/health.ts). */
  WORKER_HEALTH_FILE: z.string().min(1).optional(),
});

export type Env = z.infer<typeof envSchema> & { TEMPORAL_ADDRESS: string };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return { ...result.data, TEMPORAL_ADDRESS: result.data.TEMPORAL_ADDRESS ?? `127.0.0.1:${result.data.TEMPORAL_PORT}` };
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}
