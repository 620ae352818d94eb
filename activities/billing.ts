/**
 * Activities of the nightly billing run (SPEC §9): thin shells over db/billing.ts and the API
 * clients. A page activity bills a few rules and returns counts only; no asset data enters
 * workflow history. Every activity is safe to run twice: a ledger row already written for a rule
 * and date is never recomputed, and pushing the same units to BMS again changes nothing.
 */
import { heartbeat } from '@temporalio/activity';
import { and, eq, sql } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import type { Connection } from './connectors.js';
import { isApiError } from '../clients/http.js';
import { ConfigError } from '../config/env.js';
import {
  beginBillingNight,
  enabledRulesPage,
  finishBillingNight,
  lastCompletedNight,
  markLedgerPushed,
  nextIntegrationToBill,
  recordEvaluation,
  syncedOrganizationOf,
  unpushedLatestLedger,
  type BillingRuleRow,
  type Evaluation,
} from '../db/billing.js';
import { findIntegration } from '../db/integrations.js';
import { finishRun, startRun, writeLogs, type LogEntry } from '../db/runs.js';
import { ALL_INTEGRATIONS, billingLedger, type RunStatus } from '../db/schema.js';
import { nightsToBill } from '../domain/billing-calendar.js';
import { UnitTally, type CountableAsset } from '../domain/billing-units.js';
import type { Region } from '../domain/settings.js';
import type { ActivityDeps } from './deps.js';
import { InputError } from './errors.js';

/** Rules billed per page activity: each costs a few API calls, so a page stays well under a minute. */
export const RULES_PER_PAGE = 25;

export const BILLING_COUNT_KEYS = ['billed', 'unchanged', 'alreadyBilled', 'laterDateBilled', 'pushed', 'notSynced', 'ignoredValues', 'errors'] as const;
export type BillingCountKey = (typeof BILLING_COUNT_KEYS)[number];
export type BillingCounts = Partial<Record<BillingCountKey, number>>;

export interface PlanBillingInput {
  region: Region;
  billingDate: string;
  /** `*` (every integration of the region) or one integration id. */
  scope: string;
  catchUp: boolean;
}

export interface BillingNightInput {
  region: Region;
  billingDate: string;
  scope: string;
  workflowId: string;
}

export interface StartIntegrationBillingInput {
  integrationId: string;
  billingDate: string;
  trigger: 'schedule' | 'manual';
  workflowId: string;
  /** The first run id of the workflow chain (stable across continue-as-new). */
  workflowRunId: string;
}

export interface BillRulesPageInput {
  integrationId: string;
  runId: number;
  billingDate: string;
  /** Keyset cursor: bill the enabled rules with ids above this one. */
  afterRuleId: number;
  workflowId: string;
}

export interface BillRulesPageResult {
  nextAfterRuleId: number | null;
  counts: BillingCounts;
}

export interface FinishBillingNightInput extends BillingNightInput {
  status: 'completed' | 'failed';
  counts: BillingCounts;
  integrations: number;
  failedIntegrations: { integrationId: string; error: string }[];
}

export function createBillingActivities(deps: ActivityDeps) {
  const { db } = deps;

  return {
    /** The nights this run bills, oldest first: missed ones (with catch-up) and then the billing date. */
    async planBillingRun(input: PlanBillingInput): Promise<{ nights: string[]; lastCompleted: string | null }> {
      if (input.scope !== ALL_INTEGRATIONS) {
        // A run for one integration that would bill nothing is a mistake worth naming.
        const integration = await findIntegration(db, input.scope);
        if (!integration) throw new InputError(`integrationId: integration "${input.scope}" does not exist`);
        if (integration.region !== input.region) throw new InputError(`integrationId: integration "${input.scope}" is in region ${integration.region}, not ${input.region}`);
        if (integration.status !== 'active') throw new InputError(`integrationId: integration "${input.scope}" is ${integration.status}`);
      }
      if (!input.catchUp) return { nights: [input.billingDate], lastCompleted: null };
      const lastCompleted = await lastCompletedNight(db, input.region, input.billingDate, input.scope);
      return { nights: nightsToBill(input.billingDate, lastCompleted), lastCompleted };
    },

    async beginBillingNight(input: BillingNightInput): Promise<void> {
      await beginBillingNight(db, input);
    },

    /** The next integration to bill (keyset over ids), or null when the night is done. */
    async nextIntegrationToBill(input: { region: Region; scope: string; afterIntegrationId: string }): Promise<string | null> {
      return nextIntegrationToBill(db, input.region, input.afterIntegrationId, input.scope === ALL_INTEGRATIONS ? undefined : input.scope);
    },

    /** One sync-run row per integration and night, so `sync runs` and `sync logs` show billing too. */
    async startIntegrationBilling(input: StartIntegrationBillingInput): Promise<{ runId: number }> {
      const run = await startRun(db, {
        integrationId: input.integrationId,
        kind: 'billing',
        trigger: input.trigger,
        workflowId: input.workflowId,
        // One workflow bills several integrations and nights; each gets its own row.
        workflowRunId: `${input.workflowRunId}:${input.integrationId}:${input.billingDate}`,
      });
      return { runId: run.id };
    },

    async billRulesPage(input: BillRulesPageInput): Promise<BillRulesPageResult> {
      const rules = await enabledRulesPage(db, input.integrationId, input.afterRuleId, RULES_PER_PAGE);
      if (rules.length === 0) return { nextAfterRuleId: null, counts: {} };
      const connection = await deps.connectors.get(input.integrationId);
      const night = new BillingNight(deps, connection, input);
      for (const rule of rules) {
        await night.bill(rule);
        beat(rule.id);
      }
      return { nextAfterRuleId: rules.length < RULES_PER_PAGE ? null : rules.at(-1)!.id, counts: night.counts };
    },

    async finishIntegrationBilling(input: { runId: number; status: RunStatus; counts: BillingCounts; error?: string }): Promise<void> {
      await finishRun(db, { runId: input.runId, status: input.status, counts: { billing: input.counts as Record<string, number> }, error: input.error });
    },

    /** Records the night as done (or failed: the next run's catch-up bills it again). */
    async finishBillingNight(input: FinishBillingNightInput): Promise<void> {
      // Money is summed by PostgreSQL from the ledger, never in the workflow.
      const [totals] = await db
        .select({ rows: sql<number>`count(*)::int`, amount: sql<string>`coalesce(sum(${billingLedger.proratedAmount}), 0)::text` })
        .from(billingLedger)
        .where(and(eq(billingLedger.billingDate, input.billingDate), eq(billingLedger.workflowId, input.workflowId)));
      await finishBillingNight(db, {
        region: input.region,
        billingDate: input.billingDate,
        scope: input.scope,
        status: input.status,
        summary: {
          integrations: input.integrations,
          counts: input.counts,
          ledgerRows: totals?.rows ?? 0,
          proratedTotal: totals?.amount ?? '0',
          failedIntegrations: input.failedIntegrations,
        },
      });
    },
  };
}

/** One page of one integration's night: bills rules, collects counts and log rows. */
class BillingNight {
  readonly counts: BillingCounts = {};
  readonly #logs: LogEntry[] = [];
  /** Assets of one type in one organization, shared by the rules of a page that read the same ones. */
  readonly #assets = new Map<string, Promise<CountableAsset[]>>();

  constructor(
    private readonly deps: ActivityDeps,
    private readonly connection: Connection,
    private readonly input: BillRulesPageInput,
  ) {}

  count(key: BillingCountKey, n = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + n;
  }

  async bill(rule: BillingRuleRow): Promise<void> {
    try {
      await this.#bill(rule);
    } catch (err) {
      // A permanent problem with one rule (a deleted service line, a type removed in IT Glue)
      // must not stop the others; transient ones are retried with the whole page.
      if (!isPermanent(err)) throw err;
      this.count('errors');
      this.#log(rule, { action: 'error', message: `billing rule "${rule.name}": ${err instanceof Error ? err.message : String(err)}`, key: 'error' });
    } finally {
      // Written per rule: a retried page finds the rule billed and would not log it again.
      await this.flush();
    }
  }

  async #bill(rule: BillingRuleRow): Promise<void> {
    const { db } = this.deps;
    const { billingDate } = this.input;
    // Cheap checks first: a billed or superseded date costs no API call (the transaction re-checks).
    const [existing] = await db
      .select({ id: billingLedger.id })
      .from(billingLedger)
      .where(and(eq(billingLedger.ruleId, rule.id), eq(billingLedger.billingDate, billingDate)));
    let evaluation: Evaluation;
    if (existing) {
      evaluation = { outcome: 'already-billed', ledgerId: existing.id };
    } else if (rule.lastBilledDate !== null && rule.lastBilledDate > billingDate) {
      evaluation = { outcome: 'later-date-billed', lastBilledDate: rule.lastBilledDate };
    } else {
      const units = await this.#countUnits(rule);
      const baselineUnits = rule.currentUnits === null ? await this.#bmsUnits(rule) : null;
      evaluation = await recordEvaluation(db, { ruleId: rule.id, billingDate, units, baselineUnits, workflowId: this.input.workflowId });
    }

    switch (evaluation.outcome) {
      case 'billed': {
        const l = evaluation.ledger;
        this.count('billed');
        this.#log(rule, {
          action: 'update',
          message:
            `billing rule "${rule.name}": units ${plain(l.previousUnits)} → ${plain(l.newUnits)} (${signed(l.delta)}) on ${billingDate}: ` +
            `prorated ${l.proratedAmount} for ${l.remainingDays} of ${l.daysInPeriod} days at ${plain(l.unitPrice)} (${l.cycle})`,
          details: { ruleId: rule.id, ledgerId: l.id },
          key: 'billed',
        });
        break;
      }
      case 'unchanged':
        this.count('unchanged');
        break;
      case 'already-billed':
        this.count('alreadyBilled');
        break;
      case 'later-date-billed':
        this.count('laterDateBilled');
        this.#log(rule, {
          action: 'skip',
          message: `billing rule "${rule.name}": already billed through ${evaluation.lastBilledDate}; ${billingDate} is not billed again`,
          key: 'later-date',
        });
        break;
    }
    await this.#pushPending(rule);
  }

  /** Puts the rule's latest billed units on the BMS service line, unless BMS already has them. */
  async #pushPending(rule: BillingRuleRow): Promise<void> {
    if (!(await unpushedLatestLedger(this.deps.db, rule.id))) return;
    const pushed = await this.deps.db.transaction(async (tx) => {
      // Pushes of one rule take turns (two runs of different nights may overlap): the latest
      // row is read under the lock, so a slower run never puts older units back on the line.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`billing-push:${rule.id}`}))`);
      const pending = await unpushedLatestLedger(tx, rule.id);
      if (!pending) return null;
      // A PUT of the absolute units: repeating it after a lost response changes nothing.
      await this.connection.bms.updateServiceLine(Number(rule.bmsContractId), Number(rule.bmsServiceLineId), { units: Number(pending.newUnits) });
      await markLedgerPushed(tx, pending.id);
      return pending;
    });
    if (!pushed) return;
    this.count('pushed');
    this.#log(rule, {
      action: 'push',
      message: `billing rule "${rule.name}": ${plain(pushed.newUnits)} units set on BMS contract ${rule.bmsContractId} service line ${rule.bmsServiceLineId}`,
      details: { ruleId: rule.id, ledgerId: pushed.id },
      key: `push:${pushed.id}`,
    });
  }

  async #countUnits(rule: BillingRuleRow): Promise<string> {
    const organizationId = await syncedOrganizationOf(this.deps.db, this.input.integrationId, rule.bmsAccountId);
    if (!organizationId) {
      this.count('notSynced');
      this.#log(rule, {
        action: 'warning',
        message: `billing rule "${rule.name}": BMS account ${rule.bmsAccountId} has no synced IT Glue organization; units are 0`,
        key: 'not-synced',
      });
      return '0';
    }
    const tally = new UnitTally({ billByField: rule.billByField, filterField: rule.filterField, filterValues: rule.filterValues });
    for (const asset of await this.#assetsOf(rule.flexibleAssetTypeId, organizationId)) tally.add(asset);
    for (const ignored of tally.ignored) {
      this.count('ignoredValues');
      const what =
        ignored.problem === 'missing'
          ? `has no "${rule.billByField}" value`
          : `has a ${ignored.problem === 'negative' ? 'negative' : 'non-numeric'} "${rule.billByField}" value ${JSON.stringify(ignored.value)}`;
      this.#log(rule, {
        action: 'warning',
        itglueId: ignored.assetId,
        message: `billing rule "${rule.name}": flexible asset ${ignored.assetId} ${what}; it counts 0`,
        details: { ruleId: rule.id, problem: ignored.problem },
        key: `value:${ignored.assetId}`,
      });
    }
    return tally.total;
  }

  #assetsOf(typeId: string, organizationId: string): Promise<CountableAsset[]> {
    const key = `${typeId}:${organizationId}`;
    let assets = this.#assets.get(key);
    if (!assets) {
      assets = (async () => {
        const list: CountableAsset[] = [];
        for await (const a of this.connection.itglue.iterateFlexibleAssets(typeId, { filter: { 'organization-id': organizationId } })) {
          // Never another client's assets, even if the API ignored the filter.
          if (String(a.attributes['organization-id']) !== organizationId) continue;
          list.push({ id: a.id, archived: a.attributes.archived === true, traits: a.attributes.traits });
        }
        return list;
      })();
      this.#assets.set(key, assets);
    }
    return assets;
  }

  /** What the service line bills today: the starting point of a rule that was never evaluated. */
  async #bmsUnits(rule: BillingRuleRow): Promise<string> {
    const lines = await this.connection.bms.listServiceLines(Number(rule.bmsContractId));
    const line = lines.find((l) => String(l.id) === rule.bmsServiceLineId);
    if (!line) throw new InputError(`BMS contract ${rule.bmsContractId} has no service line ${rule.bmsServiceLineId} any more`);
    return new Decimal(String(line.units)).toFixed();
  }

  #log(rule: BillingRuleRow, entry: Omit<LogEntry, 'entity'>): void {
    this.#logs.push({ entity: 'run', bmsId: rule.bmsAccountId, ...entry, key: `rule:${rule.id}:${entry.key ?? ''}` });
  }

  async flush(): Promise<void> {
    await writeLogs(this.deps.db, this.input.runId, this.input.integrationId, this.#logs.splice(0));
  }
}

function isPermanent(err: unknown): boolean {
  if (isApiError(err)) return !err.retryable;
  return err instanceof InputError || err instanceof ConfigError;
}

function beat(details: unknown): void {
  try {
    heartbeat(details);
  } catch {
    // outside an activity (a direct call in a test): nothing to report to
  }
}

/** Numeric text from PostgreSQL without trailing zeros ("7.0000" → "7"). */
function plain(value: string): string {
  return new Decimal(value).toFixed();
}

function signed(value: string): string {
  const d = new Decimal(value);
  return d.isPositive() && !d.isZero() ? `+${d.toFixed()}` : d.toFixed();
}
