/**
 * Builds the BMS and IT Glue clients of an integration from its row and its encrypted secrets.
 * Clients are cached per process for a minute so token refresh and lookups are reused across
 * activities; a settings change (the row's `updated_at`) is picked up by the next activity, a
 * credential change at the next build.
 */
import { heartbeat } from '@temporalio/activity';
import { BmsClient } from '../clients/bms/index.js';
import type { ApiService, HttpLogger } from '../clients/http.js';
import { ItGlueClient } from '../clients/itglue/index.js';
import type { RateBudget } from '../clients/rate-gate.js';
import type { Database } from '../db/client.js';
import { getIntegration, type IntegrationRow } from '../db/integrations.js';
import { PostgresRateGate } from '../db/rate-gate.js';
import { readSecret, type KeyRing } from '../db/secrets.js';
import { InputError } from './errors.js';
import { IntegrationNotFoundError } from '../db/integrations.js';
import { integrations } from '../db/schema.js';
import { eq } from 'drizzle-orm';

export interface Connection {
  integration: IntegrationRow;
  bms: BmsClient;
  itglue: ItGlueClient;
}

const TTL_MS = 60_000;

/** Heartbeats when called inside an activity; a no-op elsewhere (CLI, tests). */
function heartbeatIfInActivity(): void {
  try {
    heartbeat({ waiting: 'api budget' });
  } catch {
    // not in an activity
  }
}

export class Connectors {
  private readonly cache = new Map<string, { at: number; connection: Promise<Connection> }>();

  constructor(
    private readonly database: Database,
    private readonly keyRing: KeyRing,
    private readonly budgets: Record<ApiService, RateBudget>,
    private readonly logger?: HttpLogger,
  ) {}

  /** The integration and its clients. An unknown integration is a non-retryable input error. */
  async get(integrationId: string): Promise<Connection> {
    const cached = this.cache.get(integrationId);
    if (cached && Date.now() - cached.at < TTL_MS && (await this.current(integrationId, cached.connection))) return cached.connection;
    const connection = this.build(integrationId);
    this.cache.set(integrationId, { at: Date.now(), connection });
    connection.catch(() => this.cache.delete(integrationId));
    return connection;
  }

  /**
   * Whether cached clients were built from the integration's row as it is now: saved settings
   * reach the next activity on every worker (a sync started by saving them must use them).
   */
  private async current(integrationId: string, connection: Promise<Connection>): Promise<boolean> {
    const built = await connection.catch(() => null);
    if (!built) return false;
    const [row] = await this.database.db.select({ updatedAt: integrations.updatedAt }).from(integrations).where(eq(integrations.id, integrationId));
    return row !== undefined && row.updatedAt.getTime() === built.integration.updatedAt.getTime();
  }

  invalidate(integrationId: string): void {
    this.cache.delete(integrationId);
  }

  private async build(integrationId: string): Promise<Connection> {
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
      undocumentedRoutes: integration.settings.undocumentedBmsRoutes,
    });
    const itglue = new ItGlueClient({
      baseUrl: integration.itglueBaseUrl,
      apiKey: await readSecret(db, this.keyRing, integrationId, 'itglue-api-key'),
      rateGate,
      logger: this.logger,
    });
    return { integration, bms, itglue };
  }
}
