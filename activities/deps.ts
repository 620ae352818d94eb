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
}

export function createDeps(input: Omit<ActivityDeps, 'db' | 'connectors' | 'mail'> & { mail?: MailConfig | null }): ActivityDeps {
  return {
    ...input,
    mail: input.mail ?? null,
    db: input.database.db,
    connectors: new Connectors(input.database, input.keyRing, input.budgets),
  };
}
