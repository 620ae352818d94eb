/**
 * Process configuration from the environment, validated once with zod. Every variable is
 * documented in the README ("Configuration"). A bad value stops the process with a message that
 * names the variable; secret values are never echoed.
 */
import { z } from 'zod';
import type { MailConfig } from '../clients/mail.js';

const port = z.coerce.number().int().min(1).max(65535);
/** Optional text where an empty value (compose's `${VAR:-}`) means unset. */
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).optional());

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
  /** SMTP server for the completion e-mail (settings `notificationEmails`); unset: no e-mail is sent. */
  SMTP_HOST: optionalText,
  SMTP_PORT: port.default(587),
  /** `true`: implicit TLS (usually port 465); `false`: STARTTLS when the server offers it. */
  SMTP_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
  /** The sender, e.g. `BMS-IT Glue sync <sync@msp.example>`. Required with SMTP_HOST. */
  SMTP_FROM: optionalText,
}).superRefine((env, ctx) => {
  if (env.SMTP_HOST && !env.SMTP_FROM) ctx.addIssue({ code: 'custom', path: ['SMTP_FROM'], message: 'is required with SMTP_HOST (the sender of the completion e-mail)' });
  if (!env.SMTP_HOST) {
    for (const name of ['SMTP_USER', 'SMTP_PASSWORD', 'SMTP_FROM'] as const) {
      if (env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is set but SMTP_HOST is not' });
    }
  }
  if (!!env.SMTP_USER !== !!env.SMTP_PASSWORD) {
    ctx.addIssue({ code: 'custom', path: [env.SMTP_USER ? 'SMTP_PASSWORD' : 'SMTP_USER'], message: 'SMTP_USER and SMTP_PASSWORD go together' });
  }
});

export type Env = z.infer<typeof envSchema> & { TEMPORAL_ADDRESS: string };

/** The SMTP server of the completion e-mail, or null when none is configured. */
export function mailConfigOf(env: Env): MailConfig | null {
  if (!env.SMTP_HOST || !env.SMTP_FROM) return null;
  return {
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    auth: env.SMTP_USER && env.SMTP_PASSWORD ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD } : null,
    from: env.SMTP_FROM,
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return { ...result.data, TEMPORAL_ADDRESS: result.data.TEMPORAL_ADDRESS ?? `127.0.0.1:${result.data.TEMPORAL_PORT}` };
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}
