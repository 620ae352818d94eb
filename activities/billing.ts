/**
 * Activities of the nightly billing run (SPEC §9): thin shells over db/billing.ts and the API
 * clients. A page activity bills a few rules and returns counts only; no asset data enters
 * workflow history. Every activity is safe to run twice: a ledger row already written for a rule
 * and date is never recomputed, and a change reaches BMS at most once (docs/billing.md):
 * - by default each change is added to the contract as a service line of its own (the documented
 *   POST …/recurringservices/{contractId}/services, whole units, effective on the billing date),
 *   marked as sent before it is sent, so a lost answer is never sent twice;
 * - a rule tied to a service line (`bmsServiceLineId`, undocumented routes) PUTs the absolute
 *   units on it, which repeating changes nothing.
 */
import { heartbeat } from '@temporalio/activity';
import { and, eq, sql } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import type { Connection } from './connectors.js';
import { isApiError } from '../clients/http.js';
import { ConfigError } from '../config/env.js';
import {
  beginBillingNight,
  enabledRulesOfAccount,
  enabledRulesPage,
  getBillingRule,
  ledgerRowsOn,
  syncedAccountOf,
  finishBillingNight,
  lastCompletedNight,
  claimLedgerPush,
  markLedgerPushed,
  nextIntegrationToBill,
  recordEvaluation,
  releaseLedgerPush,
  syncedOrganizationOf,
  unpushedLatestLedger,
  unpushedLedgerRows,
  type BillingRuleRow,
  type Evaluation,
  type LedgerRow,
} from '../db/billing.js';
import { findIntegration, type IntegrationRow } from '../db/integrations.js';
import { finishRun, startRun, writeLogs, type LogEntry } from '../db/runs.js';
import { ALL_INTEGRATIONS, billingLedger, type RunStatus } from '../db/schema.js';
import { calendarDateInZone, nightsToBill } from '../domain/billing-calendar.js';
import { UnitTally, wholeUnits, type CountableAsset } from '../domain/billing-units.js';
import { REGION_TIME_ZONES, type Region } from '../domain/settings.js';
import type { ActivityDeps } from './deps.js';
import { recordRunMetrics } from './sync.js';
import { InputError } from './errors.js';
import type { BillingCountKey, BillingCounts } from '../contract/billing-messages.js';


/** Rules billed per page activity: each costs a few API calls, so a page stays well under a minute. */
export const RULES_PER_PAGE = 25;


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
  /** Only these rules (an on-demand units update); default every enabled rule. */
  ruleIds?: number[];
}

/** What an on-demand units update bills: one rule, or the rules of one client (`UpdateUnitsInput`). */
export interface BeginUnitsUpdateInput {
  integrationId: string;
  ruleId?: number;
  bmsAccountId?: string;
  itglueOrganizationId?: string;
  workflowId: string;
  workflowRunId: string;
}

export interface UnitsUpdatePlan {
  runId: number;
  /** Today in the integration's region: the date the change is billed on. */
  billingDate: string;
  ruleIds: number[];
}

/** One rule after an on-demand update: its units now and what the update did. */
export interface UnitsUpdateLine {
  ruleId: number;
  name: string;
  units: string | null;
  /** The ledger row of the date, when there is one (this update's, or an earlier run's that day). */
  ledger: { id: number; previousUnits: string; newUnits: string; proratedAmount: string; pushed: boolean } | null;
}

/**
 * Why billing refuses to run for an integration, or null. The vendor's flexible-asset billing
 * needs two-way sync ("The Enable two-way sync check box must be selected").
 */
export function billingRefusal(integration: IntegrationRow): string | null {
  if (integration.settings.twoWay) return null;
  return `integration "${integration.id}" has two-way sync off: billing IT Glue flexible assets in BMS needs two-way sync (integration configure ${integration.id} --set twoWay=true)`;
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
        const refusal = billingRefusal(integration);
        if (refusal) throw new InputError(`integrationId: ${refusal}`);
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
      const rules = await enabledRulesPage(db, input.integrationId, input.afterRuleId, RULES_PER_PAGE, input.ruleIds);
      if (rules.length === 0) return { nextAfterRuleId: null, counts: {} };
      const connection = await deps.connectors.get(input.integrationId);
      // Refused, not skipped: the night records the integration as failed with this message.
      const refusal = billingRefusal(connection.integration);
      if (refusal) throw new InputError(`billing refused: ${refusal}`);
      const night = new BillingNight(deps, connection, input);
      for (const rule of rules) {
        await night.bill(rule);
        beat(rule.id);
      }
      return { nextAfterRuleId: rules.length < RULES_PER_PAGE ? null : rules.at(-1)!.id, counts: night.counts };
    },

    /**
     * Update Units (the vendor's button on a contract's service): checks the integration may be
     * billed, finds the rules (one by id or name, or a client's, by BMS account or by its synced
     * IT Glue organization), takes today's date in the integration's region and opens the run.
     */
    async beginUnitsUpdate(input: BeginUnitsUpdateInput): Promise<UnitsUpdatePlan> {
      const integration = await findIntegration(db, input.integrationId);
      if (!integration) throw new InputError(`integrationId: integration "${input.integrationId}" does not exist`);
      if (integration.status !== 'active') throw new InputError(`integrationId: integration "${input.integrationId}" is ${integration.status}`);
      const refusal = billingRefusal(integration);
      if (refusal) throw new InputError(refusal);
      let rules: BillingRuleRow[];
      if (input.ruleId !== undefined) {
        const rule = await getBillingRule(db, input.ruleId);
        if (!rule || rule.integrationId !== integration.id) throw new InputError(`ruleId: integration ${integration.id} has no billing rule ${input.ruleId}`);
        if (!rule.enabled) throw new InputError(`rule: billing rule "${rule.name}" is disabled (billing rule enable ${integration.id} ${rule.id})`);
        rules = [rule];
      } else {
        let account = input.bmsAccountId ?? null;
        if (input.itglueOrganizationId !== undefined) {
          account = await syncedAccountOf(db, integration.id, input.itglueOrganizationId);
          if (!account) throw new InputError(`itglueOrganizationId: IT Glue organization ${input.itglueOrganizationId} is not synced with a BMS account`);
        }
        rules = await enabledRulesOfAccount(db, integration.id, account!);
        if (rules.length === 0) throw new InputError(`BMS account ${account} has no enabled billing rule in integration ${integration.id}`);
      }
      const billingDate = calendarDateInZone(new Date(), REGION_TIME_ZONES[integration.region]);
      const run = await startRun(db, { integrationId: integration.id, kind: 'billing', trigger: 'manual', workflowId: input.workflowId, workflowRunId: input.workflowRunId });
      return { runId: run.id, billingDate, ruleIds: rules.map((r) => r.id) };
    },

    /** The rules of an on-demand update as they are now, with the ledger row of the date. */
    async unitsUpdateResult(input: { ruleIds: number[]; billingDate: string }): Promise<UnitsUpdateLine[]> {
      const ledger = new Map((await ledgerRowsOn(db, input.ruleIds, input.billingDate)).map((l) => [l.ruleId, l]));
      const lines: UnitsUpdateLine[] = [];
      for (const id of input.ruleIds) {
        const rule = await getBillingRule(db, id);
        if (!rule) continue;
        const row = ledger.get(id);
        lines.push({
          ruleId: id,
          name: rule.name,
          units: rule.currentUnits === null ? null : plain(rule.currentUnits),
          ledger: row
            ? { id: row.id, previousUnits: plain(row.previousUnits), newUnits: plain(row.newUnits), proratedAmount: row.proratedAmount, pushed: row.pushedAt !== null }
            : null,
        });
      }
      return lines;
    },

    async finishIntegrationBilling(input: { runId: number; status: RunStatus; counts: BillingCounts; error?: string }): Promise<void> {
      const run = await finishRun(db, { runId: input.runId, status: input.status, counts: { billing: input.counts as Record<string, number> }, error: input.error });
      recordRunMetrics(deps, run);
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
      // A rule that adds lines starts from what it was given when added (0 if it was not).
      const baselineUnits = rule.currentUnits !== null ? null : rule.bmsServiceLineId !== null ? await this.#bmsUnits(rule) : '0';
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
    if (rule.bmsServiceLineId !== null) await this.#setLineUnits(rule);
    else await this.#addLines(rule);
  }

  /**
   * Adds each unconfirmed change to the contract as a service line of its own: the delta (whole
   * units), at the rule's price, effective on the billing date. A row is marked as sent before
   * it is sent; a mark left unconfirmed (the answer was lost) is never sent again, and is
   * reported until an operator says whether BMS has the line (`billing ledger resolve`).
   */
  async #addLines(rule: BillingRuleRow): Promise<void> {
    const { db } = this.deps;
    for (const row of await unpushedLedgerRows(db, rule.id)) {
      if (row.pushStartedAt) {
        this.#reportInDoubt(rule, row);
        continue;
      }
      if (!(await claimLedgerPush(db, row.id))) continue; // another run is sending it
      let lineId: number;
      try {
        const line = await this.connection.bms.addServiceLines(Number(rule.bmsContractId), [
          {
            serviceId: Number(rule.bmsServiceId),
            units: Number(row.delta),
            unitPrice: Number(row.unitPrice),
            effectiveDate: `${row.billingDate}T00:00:00`,
            serviceDescription: `IT Glue billing rule "${rule.name}": ${plain(row.previousUnits)} → ${plain(row.newUnits)} on ${row.billingDate} (ledger ${row.id})`,
          },
        ]);
        lineId = line.id;
      } catch (err) {
        // Refused, or never sent: BMS does not have it, so it may be sent again. Otherwise the
        // answer is unknown and the mark stays.
        if (certainlyNotApplied(err)) await releaseLedgerPush(db, row.id);
        throw err;
      }
      await markLedgerPushed(db, row.id, String(lineId));
      this.count('pushed');
      this.deps.metrics.billingPushed(this.input.integrationId, Number(row.delta));
      this.#log(rule, {
        action: 'push',
        message: `billing rule "${rule.name}": added service line ${lineId} to BMS contract ${rule.bmsContractId}: ${signed(row.delta)} units of service ${rule.bmsServiceId} from ${row.billingDate}`,
        details: { ruleId: rule.id, ledgerId: row.id, bmsLineId: lineId },
        key: `push:${row.id}`,
      });
    }
  }

  #reportInDoubt(rule: BillingRuleRow, row: LedgerRow): void {
    this.count('pushInDoubt');
    this.count('errors');
    this.#log(rule, {
      action: 'error',
      message:
        `billing rule "${rule.name}": the service line for ledger row ${row.id} (${signed(row.delta)} units of service ${rule.bmsServiceId} from ${row.billingDate}) ` +
        `was sent to BMS contract ${rule.bmsContractId} at ${row.pushStartedAt!.toISOString()} and no answer came: BMS may or may not have it, and BMS v2 cannot list a contract's lines. ` +
        `Look at the contract in BMS, then run "billing ledger resolve ${this.input.integrationId} ${row.id} --pushed" if the line is there, or "--not-pushed" to have the next run add it`,
      details: { ruleId: rule.id, ledgerId: row.id },
      key: `in-doubt:${row.id}`,
    });
  }

  /** Puts the rule's latest billed units on its BMS service line (undocumented routes), unless BMS already has them. */
  async #setLineUnits(rule: BillingRuleRow): Promise<void> {
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
    this.deps.metrics.billingPushed(this.input.integrationId, Number(pushed.newUnits));
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
    const whole = wholeUnits(tally.total);
    if (whole.fractional) {
      this.count('fractionalUnits');
      this.#log(rule, {
        action: 'warning',
        message: `billing rule "${rule.name}": the assets add up to ${tally.total} units; BMS bills whole units, so ${whole.units} are billed`,
        details: { ruleId: rule.id, counted: tally.total, billed: whole.units },
        key: 'fractional',
      });
    }
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
    return whole.units;
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
    return wholeUnits(new Decimal(String(line.units)).toFixed()).units;
  }

  #log(rule: BillingRuleRow, entry: Omit<LogEntry, 'entity'>): void {
    this.#logs.push({ entity: 'run', bmsId: rule.bmsAccountId, ...entry, key: `rule:${rule.id}:${entry.key ?? ''}` });
  }

  async flush(): Promise<void> {
    await writeLogs(this.deps.db, this.input.runId, this.input.integrationId, this.#logs.splice(0));
  }
}

/** The request certainly changed nothing in BMS: refused (4xx, 429) or never sent (the client refused it). */
function certainlyNotApplied(err: unknown): boolean {
  return isApiError(err) && ['rate-limited', 'auth', 'forbidden', 'not-found', 'validation', 'config'].includes(err.kind);
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
