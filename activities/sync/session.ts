/**
 * Everything one sync activity works with: the integration, its API clients and lookups, the
 * run it belongs to, and the log entries and counts it collects.
 */
import { heartbeat } from '@temporalio/activity';
import type { BmsClient } from '../../clients/bms/index.js';
import type { ItGlueClient } from '../../clients/itglue/index.js';
import type { Database, Db } from '../../db/client.js';
import type { IntegrationRow } from '../../db/integrations.js';
import { writeLogs, type LogEntry } from '../../db/runs.js';
import type { IntegrationSettings } from '../../domain/settings.js';
import type { ActivityDeps } from '../deps.js';
import { Lookups } from './lookups.js';

const LOOKUP_TTL_MS = 5 * 60_000;
/** Per integration, for five minutes or until the integration changes (new settings or credentials). */
const lookupCache = new Map<string, { at: number; version: number; lookups: Promise<Lookups> }>();


/** The shortest time between two progress heartbeats of a session. */
const BEAT_MS = 1_000;

export class SyncSession {
  readonly logs: LogEntry[] = [];
  readonly counts: Record<string, number> = {};
  private lastBeat = 0;

  private constructor(
    readonly deps: ActivityDeps,
    readonly integration: IntegrationRow,
    readonly bms: BmsClient,
    readonly itglue: ItGlueClient,
    readonly lookups: Lookups,
    readonly runId: number | null,
  ) {}

  /** Drops the cached lookups of an integration (e.g. account types an operator just created in BMS). */
  static forgetLookups(integrationId: string): void {
    lookupCache.delete(integrationId);
  }

  static async open(deps: ActivityDeps, integrationId: string, runId: number | null): Promise<SyncSession> {
    const { integration, version, bms, itglue } = await deps.connectors.get(integrationId);
    let cached = lookupCache.get(integrationId);
    if (!cached || cached.version !== version || Date.now() - cached.at > LOOKUP_TTL_MS) {
      cached = { at: Date.now(), version, lookups: Lookups.load(bms, itglue) };
      lookupCache.set(integrationId, cached);
      cached.lookups.catch(() => lookupCache.delete(integrationId));
    }
    return new SyncSession(deps, integration, bms, itglue, await cached.lookups, runId);
  }

  /**
   * A session of the same integration and run whose settings differ for one operation (Push All
   * pushes through the two-way path without two-way sync being switched on).
   */
  withSettings(patch: Partial<IntegrationSettings>): SyncSession {
    const integration = { ...this.integration, settings: { ...this.integration.settings, ...patch } };
    return new SyncSession(this.deps, integration, this.bms, this.itglue, this.lookups, this.runId);
  }

  get db(): Db {
    return this.deps.db;
  }

  get database(): Database {
    return this.deps.database;
  }

  get settings(): IntegrationSettings {
    return this.integration.settings;
  }

  get integrationId(): string {
    return this.integration.id;
  }

  count(action: string, n = 1): void {
    this.counts[action] = (this.counts[action] ?? 0) + n;
  }

  log(entry: LogEntry): void {
    this.logs.push(entry);
    this.count(entry.action);
  }

  /**
   * Reports progress, at most every BEAT_MS: a heartbeat crosses into the Temporal core and costs
   * more than the record it reports (activities/sync.ts heartbeats the step's cursor on a timer too).
   */
  beat(details?: unknown): void {
    const now = Date.now();
    if (now - this.lastBeat < BEAT_MS) return;
    this.lastBeat = now;
    try {
      heartbeat(details);
    } catch {
      // outside an activity (tests, CLI): nothing to report to
    }
  }

  /** Writes the collected log rows (idempotent per run). */
  async flush(): Promise<void> {
    if (this.runId !== null && this.logs.length > 0) {
      await writeLogs(this.db, this.runId, this.integrationId, this.logs.splice(0));
    } else {
      this.logs.length = 0;
    }
  }
}
