/**
 * The engine's own metrics (README "Metrics"). The worker builds one `EngineMetrics` on a
 * registry of its own and hands it to the activities (activities/deps.ts), which give it to the
 * HTTP layer (clients/http.ts `ApiMetrics`); nothing registers globally, so tests can build as
 * many as they like. Labels are bounded: integration ids, entities, actions, run kinds, services
 * and route templates — never record ids or values.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ApiErrorKind, ApiMetrics, ApiService } from '../clients/http.js';
import { isTimingCount } from '../domain/counts.js';

export interface EngineMetrics extends ApiMetrics {
  /** Records one sync step processed, per action (`create`, `update`, `unchanged`, `conflict`, …). */
  records(integrationId: string, entity: string, counts: Record<string, number>): void;
  /** A run ended (`kind`: full, incremental, push, preview, record, billing, push-all). */
  runFinished(integrationId: string, kind: string, status: string, seconds: number): void;
  /** Links per state, as the integration's run just left them (held and error records among them). */
  linkStates(integrationId: string, rows: readonly { entity: string; state: string; count: number }[]): void;
  /** Units put on BMS recurring-service lines by billing (absolute units set, or a line's delta). */
  billingPushed(integrationId: string, units: number): void;
}

export const noMetrics: EngineMetrics = {
  apiCall: () => {},
  apiRetry: () => {},
  budgetWait: () => {},
  records: () => {},
  runFinished: () => {},
  linkStates: () => {},
  billingPushed: () => {},
};


export const METRIC_PREFIX = 'sync_';

export class PrometheusMetrics implements EngineMetrics {
  readonly registry: Registry;
  readonly #records: Counter;
  readonly #conflicts: Counter;
  readonly #apiCalls: Counter;
  readonly #apiSeconds: Histogram;
  readonly #rateLimited: Counter;
  readonly #retries: Counter;
  readonly #budgetWait: Counter;
  readonly #runs: Counter;
  readonly #runSeconds: Histogram;
  readonly #links: Gauge;
  readonly #billingUnits: Counter;
  readonly #billingPushes: Counter;
  readonly #linkLabels = new Map<string, Map<string, { entity: string; state: string }>>();

  constructor(registry = new Registry()) {
    this.registry = registry;
    const registers = [registry];
    this.#records = new Counter({
      name: `${METRIC_PREFIX}records_total`,
      help: 'Records processed by sync steps, per integration, entity and action',
      labelNames: ['integration', 'entity', 'action'],
      registers,
    });
    this.#conflicts = new Counter({
      name: `${METRIC_PREFIX}conflicts_total`,
      help: 'Fields changed on both sides to different values (decided by the conflict policy)',
      labelNames: ['integration', 'entity'],
      registers,
    });
    this.#apiCalls = new Counter({
      name: `${METRIC_PREFIX}api_calls_total`,
      help: 'API requests, per service, route template and outcome (HTTP status, network or timeout)',
      labelNames: ['service', 'route', 'outcome'],
      registers,
    });
    this.#apiSeconds = new Histogram({
      name: `${METRIC_PREFIX}api_call_seconds`,
      help: 'API request durations',
      labelNames: ['service', 'route'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#rateLimited = new Counter({
      name: `${METRIC_PREFIX}api_rate_limited_total`,
      help: 'API requests the service answered 429 (Too Many Requests)',
      labelNames: ['service', 'route'],
      registers,
    });
    this.#retries = new Counter({
      name: `${METRIC_PREFIX}api_retries_total`,
      help: 'API requests sent again after a 429 or a transient failure',
      labelNames: ['service', 'route', 'kind'],
      registers,
    });
    this.#budgetWait = new Counter({
      name: `${METRIC_PREFIX}api_budget_wait_seconds_total`,
      help: "Time spent taking a token from the engine's API budget before requests (waiting for the next window included)",
      labelNames: ['service', 'route'],
      registers,
    });
    this.#runs = new Counter({
      name: `${METRIC_PREFIX}runs_total`,
      help: 'Runs ended, per integration, kind and outcome',
      labelNames: ['integration', 'kind', 'status'],
      registers,
    });
    this.#runSeconds = new Histogram({
      name: `${METRIC_PREFIX}run_duration_seconds`,
      help: 'Run durations, per kind and outcome',
      labelNames: ['kind', 'status'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600, 48 * 3600],
      registers,
    });
    this.#links = new Gauge({
      name: `${METRIC_PREFIX}links`,
      help: 'Linked records per state (enabled, held, error, orphaned, …) when the last run of the integration ended',
      labelNames: ['integration', 'entity', 'state'],
      registers,
    });
    this.#billingUnits = new Counter({
      name: `${METRIC_PREFIX}billing_units_pushed_total`,
      help: 'Units billing put on BMS recurring-service lines',
      labelNames: ['integration'],
      registers,
    });
    this.#billingPushes = new Counter({
      name: `${METRIC_PREFIX}billing_pushes_total`,
      help: 'Writes of billed units to BMS recurring-service lines',
      labelNames: ['integration'],
      registers,
    });
  }

  apiCall(service: ApiService, route: string, outcome: string, seconds: number): void {
    this.#apiCalls.inc({ service, route, outcome });
    this.#apiSeconds.observe({ service, route }, seconds);
    if (outcome === '429') this.#rateLimited.inc({ service, route });
  }

  apiRetry(service: ApiService, route: string, kind: ApiErrorKind): void {
    this.#retries.inc({ service, route, kind });
  }

  budgetWait(service: ApiService, route: string, seconds: number): void {
    this.#budgetWait.inc({ service, route }, seconds);
  }

  records(integrationId: string, entity: string, counts: Record<string, number>): void {
    for (const [action, n] of Object.entries(counts)) {
      if (n <= 0 || isTimingCount(action)) continue;
      this.#records.inc({ integration: integrationId, entity, action }, n);
      if (action === 'conflict') this.#conflicts.inc({ integration: integrationId, entity }, n);
    }
  }

  runFinished(integrationId: string, kind: string, status: string, seconds: number): void {
    this.#runs.inc({ integration: integrationId, kind, status });
    this.#runSeconds.observe({ kind, status }, seconds);
  }

  linkStates(integrationId: string, rows: readonly { entity: string; state: string; count: number }[]): void {
    // States that emptied since the last run go back to 0 rather than keeping their old value.
    const seen = this.#linkLabels.get(integrationId) ?? new Map<string, { entity: string; state: string }>();
    this.#linkLabels.set(integrationId, seen);
    for (const { entity, state } of seen.values()) this.#links.set({ integration: integrationId, entity, state }, 0);
    for (const { entity, state, count } of rows) {
      seen.set(`${entity}/${state}`, { entity, state });
      this.#links.set({ integration: integrationId, entity, state }, count);
    }
  }

  billingPushed(integrationId: string, units: number): void {
    this.#billingPushes.inc({ integration: integrationId });
    this.#billingUnits.inc({ integration: integrationId }, Math.abs(units));
  }

  /** The metrics in Prometheus' text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
