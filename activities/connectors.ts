/**
 * Builds the BMS and IT Glue clients of an integration from its row and its encrypted secrets.
 * Clients are cached per process so tokens are reused across activities; every `get` reads the
 * integration's version (one primary-key read) and rebuilds them when the row or its credentials
 * changed since, so a change reaches the very next activity.
 */
import { heartbeat, log } from '@temporalio/activity';
import { BmsClient } from '../clients/bms/index.js';
import type { ApiMetrics, ApiService, HttpLogger } from '../clients/http.js';
import { ItGlueClient } from '../clients/itglue/index.js';
import type { RateBudget } from '../clients/rate-gate.js';
import type { Database } from '../db/client.js';
import { getIntegration, integrationVersion, type IntegrationRow } from '../db/integrations.js';
import { PostgresRateGate } from '../db/rate-gate.js';
import { readSecret, type KeyRing } from '../db/secrets.js';
import { InputError } from './errors.js';
import { IntegrationNotFoundError } from '../db/integrations.js';
import { integrations } from '../db/schema.js';
import { eq } from 'drizzle-orm';

export interface Connection {
  integration: IntegrationRow;
  /** The integration's version these clients were built from (db/integrations.ts integrationVersion). */
  version: number;
  bms: BmsClient;
  itglue: ItGlueClient;
}

/** The HTTP layer's retries and warnings, in the activity's log (with its workflow and run); silent elsewhere. */
const activityHttpLogger: HttpLogger = {
  debug: (message, meta) => inActivity(() => log.debug(message, meta)),
  warn: (message, meta) => inActivity(() => log.warn(message, meta)),
};

function inActivity(write: () => void): void {
  try {
    write();
  } catch {
    // not in an activity
  }
}

/** Heartbeats when called inside an activity; a no-op elsewhere (CLI, tests). */
function heartbeatIfInActivity(): void {
  try {
    heartbeat({ waiting: 'api budget' });
  } catch {
    // not in an activity
  }
}

export class Connectors {
  private readonly cache = new Map<string, { version: number; connection: Promise<Connection> }>();

  constructor(
    private readonly database: Database,
    private readonly keyRing: KeyRing,
    private readonly budgets: Record<ApiService, RateBudget>,
    private readonly metrics?: ApiMetrics,
    private readonly logger: HttpLogger = activityHttpLogger,
  ) {}

  /** The integration and its clients, as of its current version. An unknown integration is a non-retryable input error. */
  async get(integrationId: string): Promise<Connection> {
    const version = await integrationVersion(this.database.db, integrationId);
    if (version === null) throw new InputError(new IntegrationNotFoundError(integrationId).message);
    const cached = this.cache.get(integrationId);
    if (cached && cached.version === version) return cached.connection;
    const connection = this.build(integrationId, version);
    this.cache.set(integrationId, { version, connection });
    connection.catch(() => this.cache.delete(integrationId));
    return connection;
  }

  invalidate(integrationId: string): void {
    this.cache.delete(integrationId);
  }

  private async build(integrationId: string, version: number): Promise<Connection> {
    let integration: IntegrationRow;
    try {
      integration = await getIntegration(this.database.db, integrationId);
    } catch (err) {
      if (err instanceof IntegrationNotFoundError) throw new InputError(err.message);
      throw err;
    }
    const { db, sql } = this.database;
    const rateGate = new PostgresRateGate(sql, this.budgets, integrationId, heartbeatIfInActivity);
    const bms = new BmsClient({
      baseUrl: integration.bmsBaseUrl,
      tenant: integration.bmsTenant,
      userName: integration.bmsUserName,
      password: await readSecret(db, this.keyRing, integrationId, 'bms-password'),
      rateGate,
      logger: this.logger,
      metrics: this.metrics,
      undocumentedRoutes: integration.settings.undocumentedBmsRoutes,
    });
    const itglue = new ItGlueClient({
      baseUrl: integration.itglueBaseUrl,
      apiKey: await readSecret(db, this.keyRing, integrationId, 'itglue-api-key'),
      rateGate,
      logger: this.logger,
      metrics: this.metrics,
    });
    return { integration, version, bms, itglue };
  }
}
