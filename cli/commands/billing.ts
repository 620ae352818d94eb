/**
 * `billing …`: flexible-asset billing rules, the ledger, and billing runs (SPEC §9).
 *
 *   billing rule add <integrationId> --account 1001 --contract 7701 --service 305 --billed-units 10 \
 *     --asset-type "Microsoft 365 Licenses" --bill-by "Licensed Users" \
 *     --filter-field "License Type" --filter-value "Microsoft 365 Business Premium" --unit-price 26.40
 *   billing rule list|remove|disable|enable …
 *   billing ledger <integrationId> [--rule <id|name>]
 *   billing ledger resolve <integrationId> <ledgerId> --pushed [--line <id>] | --not-pushed
 *   billing run --region US [--date 2026-11-21] [--integration <id>] [--wait]
 *   billing units <integrationId> --rule <id|name> | --account <id> | --organization <id>   (Update Units)
 *   billing runs [--region US]
 */
import type { Command } from 'commander';
import { addBillingRule, BillingRuleError } from '../../control/billing-rules.js';
import {
  countLedgerRows,
  deleteBillingRule,
  findBillingRule,
  latestBillingRuns,
  ledgerRows,
  LedgerResolveError,
  listBillingRules,
  resolveLedgerPush,
  setBillingRuleEnabled,
  type BillingRuleRow,
} from '../../db/billing.js';
import { getIntegration } from '../../db/integrations.js';
import { calendarDateInZone } from '../../domain/billing-calendar.js';
import { BILLING_CYCLES } from '../../domain/proration.js';
import { REGION_TIME_ZONES, REGIONS, type Region } from '../../domain/settings.js';
import { budgetsFromEnv } from '../../workers/budgets.js';
import { billingInputSchema, updateUnitsInputSchema } from '../../contract/inputs.js';
import type { UpdateUnitsResult } from '../../workflows/update-units.js';
import type { CliContext } from '../context.js';
import { positiveInt, UsageError } from '../errors.js';
import { output, printJson, printTable } from '../output.js';
import { uiLink } from './sync.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function regionArg(value: string): Region {
  const upper = value.toUpperCase();
  if (!(REGIONS as readonly string[]).includes(upper)) throw new UsageError(`--region must be one of ${REGIONS.join(', ')}, got "${value}"`);
  return upper as Region;
}

async function ruleArg(ctx: CliContext, integrationId: string, rule: string): Promise<BillingRuleRow> {
  const row = await findBillingRule(ctx.database.db, integrationId, rule);
  if (!row) throw new UsageError(`integration ${integrationId} has no billing rule "${rule}" (see: billing rule list ${integrationId})`);
  return row;
}

function ruleView(r: BillingRuleRow) {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    account: r.bmsAccountId,
    contract: r.bmsContractId,
    service: r.bmsServiceId,
    line: r.bmsServiceLineId ?? '(adds lines)',
    assetType: r.flexibleAssetTypeId,
    billBy: r.billByField,
    filter: r.filterField ? `${r.filterField} ∈ {${r.filterValues.join(', ')}}` : '',
    unitPrice: r.unitPrice,
    cycle: r.cycle,
    units: r.currentUnits,
    lastBilled: r.lastBilledDate,
  };
}

export function registerBillingCommands(program: Command, context: () => CliContext): void {
  const billing = program.command('billing').description('flexible-asset billing: rules, ledger and nightly runs');
  const rule = billing.command('rule').description('billing rules: a service of a BMS recurring-services contract billed by an IT Glue flexible-asset field');

  rule
    .command('add <integrationId>')
    .description('add a rule, checked against the live BMS and IT Glue APIs')
    .requiredOption('--account <id>', 'BMS account whose synced IT Glue organization is counted')
    .requiredOption('--contract <id>', 'BMS recurring-services contract of that account')
    .option('--service <id>', 'the BMS service the contract bills: each change of units is added as a service line of it')
    .option('--billed-units <n>', 'with --service: the units the contract bills for the service today (default 0)')
    .option('--service-line <id>', 'instead of --service: the line whose units are set (needs the setting undocumentedBmsRoutes)')
    .requiredOption('--asset-type <id|name>', 'IT Glue flexible asset type')
    .requiredOption('--bill-by <field>', 'numeric field summed into units (name-key or name, e.g. "Licensed Users")')
    .option('--filter-field <field>', 'count only assets whose field has one of the --filter-value values')
    .option('--filter-value <value>', 'accepted value of the filter field (repeatable)', collect)
    .option('--unit-price <decimal>', "price per unit (default: the service's, or the line's, unit price)")
    .option('--cycle <cycle>', `billing period: ${BILLING_CYCLES.join(', ')}`, 'monthly')
    .option('--name <name>', 'a name unique in the integration (default: service and account names)')
    .option('--disabled', 'create it disabled')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      await getIntegration(ctx.database.db, integrationId);
      // Loaded here: the API clients are not needed by the other commands (cli/context.ts).
      const [{ Connectors }, { budgetsFromEnv }] = await Promise.all([import('../../activities/connectors.js'), import('../../workers/budgets.js')]);
      const connection = await new Connectors(ctx.database, ctx.keyRing, budgetsFromEnv(ctx.env)).get(integrationId);
      try {
        const { rule: row, warnings } = await addBillingRule(ctx.database.db, connection, {
          integrationId,
          name: opts.name,
          bmsAccountId: String(opts.account),
          bmsContractId: String(opts.contract),
          bmsServiceId: opts.service === undefined ? undefined : String(opts.service),
          bmsServiceLineId: opts.serviceLine === undefined ? undefined : String(opts.serviceLine),
          billedUnits: opts.billedUnits === undefined ? undefined : String(opts.billedUnits),
          assetType: String(opts.assetType),
          billBy: String(opts.billBy),
          filterField: opts.filterField,
          filterValues: opts.filterValue ?? [],
          unitPrice: opts.unitPrice,
          cycle: opts.cycle,
          enabled: !opts.disabled,
        });
        if (opts.json) return printJson({ rule: row, warnings });
        console.log(`billing rule ${row.id} "${row.name}" added`);
        printTable([ruleView(row)]);
        for (const warning of warnings) console.log(`warning: ${warning}`);
      } catch (err) {
        if (err instanceof BillingRuleError) throw new UsageError(err.message);
        throw err;
      }
    });

  rule
    .command('list <integrationId>')
    .description("the integration's billing rules")
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const rows = await listBillingRules(context().database.db, integrationId);
      output(opts.json, rows, rows.map(ruleView));
    });

  rule
    .command('disable <integrationId> <rule>')
    .description('stop billing a rule (its ledger is kept); <rule> is an id or a name')
    .action(async (integrationId: string, name: string) => {
      const ctx = context();
      const row = await setBillingRuleEnabled(ctx.database.db, (await ruleArg(ctx, integrationId, name)).id, false);
      console.log(`billing rule ${row.id} "${row.name}" disabled`);
    });

  rule
    .command('enable <integrationId> <rule>')
    .description('bill a disabled rule again from the next run')
    .action(async (integrationId: string, name: string) => {
      const ctx = context();
      const row = await setBillingRuleEnabled(ctx.database.db, (await ruleArg(ctx, integrationId, name)).id, true);
      console.log(`billing rule ${row.id} "${row.name}" enabled`);
    });

  rule
    .command('remove <integrationId> <rule>')
    .description('delete a rule; one with ledger history needs --force (which deletes that history too)')
    .option('--force', 'also delete its ledger rows')
    .action(async (integrationId: string, name: string, opts) => {
      const ctx = context();
      const row = await ruleArg(ctx, integrationId, name);
      const history = await countLedgerRows(ctx.database.db, row.id);
      if (history > 0 && !opts.force) {
        throw new UsageError(
          `billing rule ${row.id} "${row.name}" has ${history} ledger row(s): disable it to keep its history (billing rule disable ${integrationId} ${row.id}), or remove it with --force`,
        );
      }
      await deleteBillingRule(ctx.database.db, row.id);
      console.log(`billing rule ${row.id} "${row.name}" removed${history ? ` with ${history} ledger row(s)` : ''}`);
    });

  const ledger = billing
    .command('ledger')
    .argument('<integrationId>')
    .description('billed changes, newest first: units before and after, proration and whether BMS has the units')
    .option('--rule <rule>', 'one rule (id or name)')
    .option('--limit <n>', 'how many rows', '100')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      const ruleId = opts.rule ? (await ruleArg(ctx, integrationId, opts.rule)).id : undefined;
      const rows = await ledgerRows(ctx.database.db, integrationId, { ruleId, limit: positiveInt(opts.limit, '--limit') });
      output(
        opts.json,
        rows,
        rows.map((r) => ({
          date: r.billingDate,
          rule: `${r.ruleId} ${r.ruleName}`,
          previous: r.previousUnits,
          new: r.newUnits,
          delta: r.delta,
          unitPrice: r.unitPrice,
          period: `${r.periodStart}..${r.periodEnd}`,
          days: `${r.remainingDays}/${r.daysInPeriod}`,
          amount: r.proratedAmount,
          pushed: r.pushedAt ? 'yes' : r.pushStartedAt ? 'IN DOUBT' : 'no',
          line: r.bmsLineId ?? '',
        })),
      );
    });

  ledger
    .command('resolve <integrationId> <ledgerId>')
    .description('say whether BMS has the service line of a change whose answer was lost (the run logs which, and what to look for)')
    .option('--pushed', 'BMS has the line: the change is done')
    .option('--line <id>', 'with --pushed: the id of that line in BMS')
    .option('--not-pushed', 'BMS has no such line: the next run adds it')
    .action(async (integrationId: string, ledgerId: string, opts) => {
      if (!!opts.pushed === !!opts.notPushed) throw new UsageError('give --pushed or --not-pushed');
      if (opts.line !== undefined && !opts.pushed) throw new UsageError('--line goes with --pushed');
      try {
        const row = await resolveLedgerPush(
          context().database.db,
          integrationId,
          positiveInt(ledgerId, '<ledgerId>'),
          opts.pushed ? { pushed: true, bmsLineId: opts.line === undefined ? undefined : String(opts.line) } : { pushed: false },
        );
        console.log(`ledger row ${row.id}: ${row.pushedAt ? 'marked as pushed' : 'will be added by the next run'}`);
      } catch (err) {
        if (err instanceof LedgerResolveError) throw new UsageError(err.message);
        throw err;
      }
    });

  billing
    .command('run')
    .description("bill a region's integrations for a date now (the schedule does this every night)")
    .requiredOption('--region <region>', `${REGIONS.join(', ')}`, regionArg)
    .option('--date <YYYY-MM-DD>', "billing date (default: today in the region's time zone)")
    .option('--integration <id>', 'bill only this integration')
    .option('--catch-up', 'also bill the nights missed since the last completed run (default without --date)')
    .option('--no-catch-up', 'bill only the date (default with --date)')
    .option('--wait', 'wait for the run and print its counts')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const ctx = context();
      const region = opts.region as Region;
      const billingDate = (opts.date as string | undefined) ?? calendarDateInZone(new Date(), REGION_TIME_ZONES[region]);
      const parsed = billingInputSchema.safeParse({
        region,
        billingDate,
        integrationId: opts.integration,
        catchUp: opts.catchUp ?? opts.date === undefined,
      });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      if (opts.integration) {
        const integration = await getIntegration(ctx.database.db, opts.integration);
        if (integration.region !== region) throw new UsageError(`integration ${integration.id} is in region ${integration.region}, not ${region}`);
      }
      const { startBilling } = await ctx.starts();
      const handle = await startBilling(await ctx.temporal(), ctx.taskQueue, { ...parsed.data, billingDate });
      if (!opts.json) console.log(`billing ${handle.workflowId} (run ${handle.firstExecutionRunId})\n  ${uiLink(ctx, handle.workflowId)}`);
      if (!opts.wait) {
        if (opts.json) printJson({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
        return;
      }
      try {
        output(opts.json, await handle.result());
      } catch (err) {
        const { WorkflowFailedError } = await import('@temporalio/client');
        if (err instanceof WorkflowFailedError && err.cause) throw new Error(`billing run failed: ${err.cause.message}`);
        throw err;
      }
    });

  billing
    .command('units <integrationId>')
    .description('Update Units: bill one rule, or a client\'s rules, now (today in the region) instead of waiting for the night')
    .option('--rule <id|name>', 'one rule')
    .option('--account <id>', "every enabled rule of this BMS account")
    .option('--organization <id>', 'every enabled rule of the BMS account synced with this IT Glue organization')
    .option('--by <identity>', 'who asks (default: $USER)')
    .option('--no-wait', 'start it and return')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      const given = [opts.rule, opts.account, opts.organization].filter((v) => v !== undefined);
      if (given.length !== 1) throw new UsageError('give exactly one of --rule, --account or --organization');
      await getIntegration(ctx.database.db, integrationId);
      const parsed = updateUnitsInputSchema.safeParse({
        integrationId,
        ruleId: opts.rule !== undefined ? (await ruleArg(ctx, integrationId, opts.rule as string)).id : undefined,
        bmsAccountId: opts.account,
        itglueOrganizationId: opts.organization,
        requestedBy: opts.by ?? process.env.USER ?? 'cli',
      });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const { startUpdateUnits } = await ctx.starts();
      const handle = await startUpdateUnits(await ctx.temporal(), ctx.taskQueue, parsed.data);
      if (!opts.wait) return output(opts.json, { workflowId: handle.workflowId, ui: uiLink(ctx, handle.workflowId) });
      let result: UpdateUnitsResult;
      try {
        result = (await handle.result()) as UpdateUnitsResult;
      } catch (err) {
        const { WorkflowFailedError } = await import('@temporalio/client');
        if (err instanceof WorkflowFailedError && err.cause) throw new UsageError(err.cause.message);
        throw err;
      }
      if (opts.json) return printJson(result);
      console.log(`units updated on ${result.billingDate} (sync run ${result.runId}: sync logs ${integrationId} --run ${result.runId})`);
      printTable(
        result.rules.map((r) => ({
          rule: r.ruleId,
          name: r.name,
          units: r.units,
          change: r.ledger ? `${r.ledger.previousUnits} → ${r.ledger.newUnits}` : 'unchanged',
          prorated: r.ledger?.proratedAmount ?? '',
          inBms: r.ledger ? (r.ledger.pushed ? 'yes' : 'NOT YET') : '',
        })),
      );
    });

  billing
    .command('runs')
    .description('the latest billing nights per region and scope')
    .option('--region <region>', `${REGIONS.join(', ')}`, regionArg)
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const rows = await latestBillingRuns(context().database.db, opts.region as Region | undefined, positiveInt(opts.limit, '--limit'));
      output(
        opts.json,
        rows,
        rows.map((r) => ({
          region: r.region,
          date: r.billingDate,
          scope: r.scope,
          status: r.status,
          ledgerRows: r.summary?.ledgerRows,
          total: r.summary?.proratedTotal,
          started: r.startedAt,
          finished: r.finishedAt,
          workflow: r.workflowId,
        })),
      );
    });
}
