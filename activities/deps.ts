/**
 * What activities need, built once per worker process: the database, the key ring for
 * credentials, a Temporal client (for activities that start, cancel or schedule workflows), the
 * shared API budgets and the connectors that build API clients per integration.
 */
import type { Client } from '@temporalio/client';
import type { ApiService } from '../clients/http.js';
import type { MailConfig } from '../clients/mail.js';
import type { RateBudget } from '../clients/rate-gate.js';
import type { Database, Db } from '../db/client.js';
import type { KeyRing } from '../db/secrets.js';
import { noMetrics, type EngineMetrics } from '../telemetry/metrics.js';
import { Connectors } from './connectors.js';

export interface ActivityDeps {
  db: Db;
  database: Database;
  keyRing: KeyRing;
  temporal: Client;
  taskQueue: string;
  budgets: Record<ApiService, RateBudget>;
  connectors: Connectors;
  /** Where delete-data disconnects write their backups. */
  backupDir: string;
  /** The SMTP server of the completion e-mail (config/env.ts), or null. */
  mail: MailConfig | null;
  /** The worker's metrics (telemetry/metrics.ts); none by default. */
  metrics: EngineMetrics;
}

export function createDeps(
  input: Omit<ActivityDeps, 'db' | 'connectors' | 'mail' | 'metrics'> & { mail?: MailConfig | null; metrics?: EngineMetrics },
): ActivityDeps {
  const metrics = input.metrics ?? noMetrics;
  return {
    ...input,
    mail: input.mail ?? null,
    metrics,
    db: input.database.db,
    connectors: new Connectors(input.database, input.keyRing, input.budgets, metrics),
  };
}
