/**
 * Billing rules, the ledger and the nightly runs' own records (SPEC §9).
 *
 * The one write that decides money is `recordEvaluation`: under a row lock on the rule it checks
 * that the date is not billed yet, writes at most one ledger row and moves the rule's billed
 * units, in one transaction. Two runs racing on the same rule (a scheduled night and a manual
 * re-run, or a retried activity) therefore bill a change once.
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { prorate } from '../domain/proration.js';
import { sameUnits } from '../domain/billing-units.js';
import type { Region } from '../domain/settings.js';
import type { Db, Executor } from './client.js';
import { ALL_INTEGRATIONS, billingLedger, billingRules, billingRuns, integrations, links } from './schema.js';

export type BillingRuleRow = typeof billingRules.$inferSelect;
export type NewBillingRule = typeof billingRules.$inferInsert;
export type LedgerRow = typeof billingLedger.$inferSelect;
export type BillingRunRow = typeof billingRuns.$inferSelect;
/** The database or a transaction on it. */

// ---------------------------------------------------------------- rules

export async function insertBillingRule(db: Db, rule: NewBillingRule): Promise<BillingRuleRow> {
  const [row] = await db.insert(billingRules).values(rule).returning();
  return row!;
}

export async function listBillingRules(db: Db, integrationId: string): Promise<BillingRuleRow[]> {
  return db.select().from(billingRules).where(eq(billingRules.integrationId, integrationId)).orderBy(asc(billingRules.id));
}

/** A rule of the integration, by id or by name. */
export async function findBillingRule(db: Db, integrationId: string, idOrName: string): Promise<BillingRuleRow | null> {
  const byId = /^\d+$/.test(idOrName) ? eq(billingRules.id, Number(idOrName)) : eq(billingRules.name, idOrName);
  const [row] = await db.select().from(billingRules).where(and(eq(billingRules.integrationId, integrationId), byId));
  return row ?? null;
}

export async function getBillingRule(db: Db, ruleId: number): Promise<BillingRuleRow | null> {
  const [row] = await db.select().from(billingRules).where(eq(billingRules.id, ruleId));
  return row ?? null;
}

export async function setBillingRuleEnabled(db: Db, ruleId: number, enabled: boolean): Promise<BillingRuleRow> {
  const [row] = await db.update(billingRules).set({ enabled, updatedAt: new Date() }).where(eq(billingRules.id, ruleId)).returning();
  return row!;
}

export async function countLedgerRows(db: Db, ruleId: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(billingLedger).where(eq(billingLedger.ruleId, ruleId));
  return row?.n ?? 0;
}

/** Deletes the rule and, through the foreign key, its ledger rows (the caller asks first). */
export async function deleteBillingRule(db: Db, ruleId: number): Promise<void> {
  await db.delete(billingRules).where(eq(billingRules.id, ruleId));
}

/**
 * The next page of an integration's enabled rules, in id order (keyset: ids above `afterRuleId`);
 * with `onlyIds`, only those (an on-demand units update).
 */
export async function enabledRulesPage(db: Db, integrationId: string, afterRuleId: number, limit: number, onlyIds?: readonly number[]): Promise<BillingRuleRow[]> {
  const conditions = [eq(billingRules.integrationId, integrationId), eq(billingRules.enabled, true), gt(billingRules.id, afterRuleId)];
  if (onlyIds) conditions.push(inArray(billingRules.id, [...onlyIds, -1]));
  return db
    .select()
    .from(billingRules)
    .where(and(...conditions))
    .orderBy(asc(billingRules.id))
    .limit(limit);
}

/** The enabled rules of one BMS account. */
export async function enabledRulesOfAccount(db: Db, integrationId: string, bmsAccountId: string): Promise<BillingRuleRow[]> {
  return db
    .select()
    .from(billingRules)
    .where(and(eq(billingRules.integrationId, integrationId), eq(billingRules.enabled, true), eq(billingRules.bmsAccountId, bmsAccountId)))
    .orderBy(asc(billingRules.id));
}

/** The ledger rows of these rules on one date. */
export async function ledgerRowsOn(db: Db, ruleIds: readonly number[], billingDate: string): Promise<LedgerRow[]> {
  if (ruleIds.length === 0) return [];
  return db
    .select()
    .from(billingLedger)
    .where(and(inArray(billingLedger.ruleId, [...ruleIds]), eq(billingLedger.billingDate, billingDate)));
}

/** The BMS account an IT Glue organization syncs with (enabled or error link), or null. */
export async function syncedAccountOf(db: Db, integrationId: string, itglueOrganizationId: string): Promise<string | null> {
  const [row] = await db
    .select({ bmsId: links.bmsId })
    .from(links)
    .where(
      and(
        eq(links.integrationId, integrationId),
        eq(links.entity, 'organization'),
        eq(links.itglueId, itglueOrganizationId),
        inArray(links.state, ['enabled', 'error']),
        isNotNull(links.bmsId),
      ),
    );
  return row?.bmsId ?? null;
}

/**
 * The next integration to bill after `afterId`, in id order: active, in the region, with at least
 * one enabled rule (an integration without rules costs no API call). With `onlyId`, that one.
 */
export async function nextIntegrationToBill(db: Db, region: Region, afterId: string, onlyId?: string): Promise<string | null> {
  const hasRules = sql`exists (select 1 from ${billingRules} where ${billingRules.integrationId} = ${integrations.id} and ${billingRules.enabled})`;
  const conditions = [eq(integrations.region, region), eq(integrations.status, 'active'), gt(integrations.id, afterId), hasRules];
  if (onlyId) conditions.push(eq(integrations.id, onlyId));
  const [row] = await db.select({ id: integrations.id }).from(integrations).where(and(...conditions)).orderBy(asc(integrations.id)).limit(1);
  return row?.id ?? null;
}

/**
 * The IT Glue organization a BMS account syncs with, or null when it is not synced (no link, or a
 * link that is orphaned, disabled or disconnected): its units are then 0. A link in `error` still
 * counts as synced: one failed write must not credit a client's whole bill for a night.
 */
export async function syncedOrganizationOf(db: Db, integrationId: string, bmsAccountId: string): Promise<string | null> {
  const [row] = await db
    .select({ itglueId: links.itglueId })
    .from(links)
    .where(
      and(
        eq(links.integrationId, integrationId),
        eq(links.entity, 'organization'),
        eq(links.bmsId, bmsAccountId),
        inArray(links.state, ['enabled', 'error']),
        isNotNull(links.itglueId),
      ),
    );
  return row?.itglueId ?? null;
}

// ---------------------------------------------------------------- ledger

export type Evaluation =
  | { outcome: 'billed'; ledger: LedgerRow }
  | { outcome: 'unchanged'; units: string }
  /** A ledger row for this rule and date exists: it is never recomputed. */
  | { outcome: 'already-billed'; ledgerId: number }
  /** A later date was already evaluated: billing an earlier one now would rewrite history. */
  | { outcome: 'later-date-billed'; lastBilledDate: string };

export interface EvaluationInput {
  ruleId: number;
  billingDate: string;
  /** Units counted now. */
  units: string;
  /** The previous units on a rule's first evaluation when it has none (what BMS bills today). */
  baselineUnits: string | null;
  workflowId: string;
}

/**
 * Records one night's evaluation of a rule, once: at most one ledger row per rule and date, the
 * rule's billed units moved in the same transaction.
 */
export async function recordEvaluation(db: Db, input: EvaluationInput): Promise<Evaluation> {
  return db.transaction(async (tx) => {
    // The lock serialises every evaluation of this rule (any date, any run).
    const [rule] = await tx.select().from(billingRules).where(eq(billingRules.id, input.ruleId)).for('update');
    if (!rule) throw new Error(`billing rule ${input.ruleId} does not exist`);

    const [existing] = await tx
      .select()
      .from(billingLedger)
      .where(and(eq(billingLedger.ruleId, rule.id), eq(billingLedger.billingDate, input.billingDate)));
    if (existing) return { outcome: 'already-billed', ledgerId: existing.id };
    if (rule.lastBilledDate !== null && rule.lastBilledDate > input.billingDate) {
      return { outcome: 'later-date-billed', lastBilledDate: rule.lastBilledDate };
    }

    const previous = rule.currentUnits ?? input.baselineUnits;
    if (previous === null) throw new Error(`billing rule ${rule.id}: no billed units and no baseline from BMS`);
    if (sameUnits(previous, input.units)) {
      await tx
        .update(billingRules)
        .set({ currentUnits: previous, lastBilledDate: input.billingDate, updatedAt: new Date() })
        .where(eq(billingRules.id, rule.id));
      return { outcome: 'unchanged', units: input.units };
    }

    const proration = prorate({
      previousUnits: previous,
      newUnits: input.units,
      unitPrice: rule.unitPrice,
      cycle: rule.cycle,
      billingDate: input.billingDate,
    });
    const [ledger] = await tx
      .insert(billingLedger)
      .values({
        ruleId: rule.id,
        integrationId: rule.integrationId,
        billingDate: input.billingDate,
        previousUnits: previous,
        newUnits: input.units,
        delta: proration.delta,
        unitPrice: rule.unitPrice,
        cycle: rule.cycle,
        periodStart: proration.periodStart,
        periodEnd: proration.periodEnd,
        daysInPeriod: proration.daysInPeriod,
        remainingDays: proration.remainingDays,
        proratedAmount: proration.amount,
        exactAmount: proration.exactAmount,
        workflowId: input.workflowId,
      })
      .returning();
    await tx
      .update(billingRules)
      .set({ currentUnits: input.units, lastBilledDate: input.billingDate, updatedAt: new Date() })
      .where(eq(billingRules.id, rule.id));
    return { outcome: 'billed', ledger: ledger! };
  });
}

/**
 * The rule's latest ledger row when BMS has not confirmed it yet. Only the latest may be pushed:
 * pushing an older row would put superseded units back on the contract.
 */
export async function unpushedLatestLedger(db: Executor, ruleId: number): Promise<LedgerRow | null> {
  const [latest] = await db.select().from(billingLedger).where(eq(billingLedger.ruleId, ruleId)).orderBy(desc(billingLedger.billingDate)).limit(1);
  return latest && latest.pushedAt === null ? latest : null;
}

export async function markLedgerPushed(db: Executor, ledgerId: number, bmsLineId?: string): Promise<void> {
  await db
    .update(billingLedger)
    .set({ pushedAt: new Date(), ...(bmsLineId === undefined ? {} : { bmsLineId }) })
    .where(and(eq(billingLedger.id, ledgerId), isNull(billingLedger.pushedAt)));
}

/** A rule's ledger rows BMS has not confirmed, oldest first (rules that add a line per change). */
export async function unpushedLedgerRows(db: Executor, ruleId: number): Promise<LedgerRow[]> {
  return db
    .select()
    .from(billingLedger)
    .where(and(eq(billingLedger.ruleId, ruleId), isNull(billingLedger.pushedAt)))
    .orderBy(asc(billingLedger.billingDate));
}

/**
 * Marks a row as being sent, committed before the request: whoever marks it sends it, once. A
 * mark that is never confirmed (the answer was lost, the worker died) leaves the row in doubt.
 */
export async function claimLedgerPush(db: Executor, ledgerId: number): Promise<LedgerRow | null> {
  const [row] = await db
    .update(billingLedger)
    .set({ pushStartedAt: new Date() })
    .where(and(eq(billingLedger.id, ledgerId), isNull(billingLedger.pushedAt), isNull(billingLedger.pushStartedAt)))
    .returning();
  return row ?? null;
}

/** Undoes a mark when BMS certainly did not apply the request (it refused it, or it was never sent). */
export async function releaseLedgerPush(db: Executor, ledgerId: number): Promise<void> {
  await db.update(billingLedger).set({ pushStartedAt: null }).where(and(eq(billingLedger.id, ledgerId), isNull(billingLedger.pushedAt)));
}

export class LedgerResolveError extends Error {
  override readonly name = 'LedgerResolveError';
}

/**
 * An operator's answer for a row in doubt: BMS has its line (`pushed`, with the line's id when
 * known) or not (sent again by the next run).
 */
export async function resolveLedgerPush(
  db: Db,
  integrationId: string,
  ledgerId: number,
  answer: { pushed: true; bmsLineId?: string } | { pushed: false },
): Promise<LedgerRow> {
  const [row] = await db.select().from(billingLedger).where(and(eq(billingLedger.id, ledgerId), eq(billingLedger.integrationId, integrationId)));
  if (!row) throw new LedgerResolveError(`integration ${integrationId} has no ledger row ${ledgerId}`);
  if (row.pushedAt) throw new LedgerResolveError(`ledger row ${ledgerId} is not in doubt: BMS confirmed it at ${row.pushedAt.toISOString()}`);
  if (!row.pushStartedAt) throw new LedgerResolveError(`ledger row ${ledgerId} is not in doubt: it was never sent (the next run sends it)`);
  const [updated] = await db
    .update(billingLedger)
    .set(answer.pushed ? { pushedAt: new Date(), bmsLineId: answer.bmsLineId ?? null } : { pushStartedAt: null })
    .where(and(eq(billingLedger.id, ledgerId), isNull(billingLedger.pushedAt)))
    .returning();
  if (!updated) throw new LedgerResolveError(`ledger row ${ledgerId} changed meanwhile; look again`);
  return updated;
}

export interface LedgerView extends LedgerRow {
  ruleName: string;
}

export async function ledgerRows(db: Db, integrationId: string, options: { ruleId?: number; limit?: number } = {}): Promise<LedgerView[]> {
  const conditions = [eq(billingLedger.integrationId, integrationId)];
  if (options.ruleId !== undefined) conditions.push(eq(billingLedger.ruleId, options.ruleId));
  const rows = await db
    .select({ ledger: billingLedger, ruleName: billingRules.name })
    .from(billingLedger)
    .innerJoin(billingRules, eq(billingRules.id, billingLedger.ruleId))
    .where(and(...conditions))
    .orderBy(desc(billingLedger.billingDate), desc(billingLedger.id))
    .limit(options.limit ?? 1000);
  return rows.map((r) => ({ ...r.ledger, ruleName: r.ruleName }));
}

// ---------------------------------------------------------------- runs

/** The latest completed night before `before` for this scope; a region-wide night also covers each integration. */
export async function lastCompletedNight(db: Db, region: Region, before: string, scope: string): Promise<string | null> {
  const scopes = scope === ALL_INTEGRATIONS ? [ALL_INTEGRATIONS] : [ALL_INTEGRATIONS, scope];
  const [row] = await db
    .select({ date: billingRuns.billingDate })
    .from(billingRuns)
    .where(and(eq(billingRuns.region, region), inArray(billingRuns.scope, scopes), eq(billingRuns.status, 'completed'), lt(billingRuns.billingDate, before)))
    .orderBy(desc(billingRuns.billingDate))
    .limit(1);
  return row?.date ?? null;
}

export async function beginBillingNight(db: Db, input: { region: Region; billingDate: string; scope: string; workflowId: string }): Promise<void> {
  await db
    .insert(billingRuns)
    .values({ ...input, status: 'running' })
    .onConflictDoUpdate({
      target: [billingRuns.region, billingRuns.billingDate, billingRuns.scope],
      set: { workflowId: input.workflowId, status: 'running', startedAt: new Date(), finishedAt: null },
    });
}

export async function finishBillingNight(
  db: Db,
  input: { region: Region; billingDate: string; scope: string; status: 'completed' | 'failed'; summary: Record<string, unknown> },
): Promise<void> {
  await db
    .update(billingRuns)
    .set({ status: input.status, summary: input.summary, finishedAt: new Date() })
    .where(and(eq(billingRuns.region, input.region), eq(billingRuns.billingDate, input.billingDate), eq(billingRuns.scope, input.scope)));
}

export async function latestBillingRuns(db: Db, region: Region | undefined, limit: number): Promise<BillingRunRow[]> {
  return db
    .select()
    .from(billingRuns)
    .where(region ? eq(billingRuns.region, region) : undefined)
    .orderBy(desc(billingRuns.billingDate), desc(billingRuns.startedAt))
    .limit(limit);
}
