/** `sync …`: start syncs, watch them, preview, read runs and logs, explain a record. */
import type { Command } from 'commander';
import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { getIntegration } from '../../db/integrations.js';
import { latestRuns, runLogs } from '../../db/runs.js';
import { LOG_ACTIONS, links, syncLog, syncRuns } from '../../db/schema.js';
import { recordLinker } from '../../db/web-links.js';
import { ENTITIES, type Entity } from '../../domain/entities.js';
import { workflowIds } from '../../contract/ids.js';
import type { CliContext } from '../context.js';
import { oneOf, positiveInt, UsageError } from '../errors.js';
import { output, printJson, printTable } from '../output.js';
import { terminalOutput, waitWithProgress } from '../progress.js';

export function entityArg(value: string, option = 'entity'): Entity {
  return oneOf(value, ENTITIES, option);
}

/** Log rows of every run but dry runs (previews log what a run would do). */
const notPreview = sql`not exists (select 1 from ${syncRuns} where ${syncRuns.id} = ${syncLog.runId} and ${syncRuns.kind} = 'preview')`;

const collectEntity = (value: string, previous: Entity[] = []) => [...previous, entityArg(value)];

export function uiLink(ctx: CliContext, workflowId: string): string {
  const ui = process.env.TEMPORAL_UI_URL ?? `http://127.0.0.1:${ctx.env.TEMPORAL_UI_PORT}`;
  return `${ui}/namespaces/${ctx.env.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`;
}

export function registerSyncCommands(program: Command, context: () => CliContext): void {
  const sync = program.command('sync').description('run and inspect syncs');

  sync
    .command('run <integrationId>')
    .description('start a manual sync (or show the one already running)')
    .option('--full', 'full reconcile: re-read everything and catch deletions')
    .option('--all-assets', 'with --full: read every BMS hardware asset in full (slow under the BMS hourly limit)')
    .option('--wait', 'wait for the run to finish and print its counts')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      await getIntegration(ctx.database.db, integrationId);
      const { startFullSync } = await ctx.starts();
      const handle = await startFullSync(await ctx.temporal(), ctx.taskQueue, {
        integrationId,
        mode: opts.full ? 'full' : 'incremental',
        trigger: 'manual',
        rereadAllAssets: Boolean(opts.full && opts.allAssets),
      });
      if (!opts.json) console.log(`full sync ${handle.workflowId} (run ${handle.firstExecutionRunId})\n  ${uiLink(ctx, handle.workflowId)}`);
      if (opts.wait) {
        // A progress bar on a terminal (stderr, so stdout stays the result); a failure says its cause (cli/main.ts).
        const bar = !opts.json && process.stderr.isTTY ? terminalOutput(process.stderr) : null;
        const { progressQuery } = await import('../../contract/messages.js');
        output(opts.json, await waitWithProgress(handle, (h) => h.query(progressQuery), bar));
      } else if (opts.json) printJson({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
    });

  sync
    .command('progress <integrationId>')
    .description("the running (or last) full sync's progress")
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      const handle = (await ctx.temporal()).workflow.getHandle(workflowIds.fullSync(integrationId));
      const { progressQuery } = await import('../../contract/messages.js');
      output(opts.json, await handle.query(progressQuery));
    });

  sync
    .command('preview <integrationId>')
    .description('dry run: what the next sync would match, create, exclude and leave unmatched (writes nothing to BMS, IT Glue or links)')
    .option('--entity <entity>', 'limit to an entity (repeatable)', collectEntity)
    .option('--limit <n>', 'rows to list per action', '50')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      await getIntegration(ctx.database.db, integrationId);
      const { startPreview } = await ctx.starts();
      const handle = await startPreview(await ctx.temporal(), ctx.taskQueue, { integrationId, entities: opts.entity });
      const result = (await handle.result()) as { runId: number; counts: Record<string, Record<string, number>> };
      const rows = await runLogs(ctx.database.db, result.runId, { limit: 100_000 });
      const limit = positiveInt(opts.limit, '--limit');
      if (opts.json) return printJson({ ...result, items: rows.map(({ entity, action, bmsId, itglueId, message }) => ({ entity, action, bmsId, itglueId, message })) });
      printTable(
        Object.entries(result.counts).map(([entity, c]) => ({ entity, ...c })),
        ['entity', 'match', 'create', 'exclude', 'unmatched', 'linked', 'ineligible'],
      );
      for (const action of ['match', 'create', 'exclude', 'unmatched'] as const) {
        const list = rows.filter((r) => r.action === action);
        if (list.length === 0) continue;
        console.log(`\n${action} (${list.length}${list.length > limit ? `, first ${limit}` : ''}):`);
        printTable(list.slice(0, limit).map(({ entity, bmsId, itglueId, message }) => ({ entity, bmsId, itglueId, message })));
      }
    });

  sync
    .command('runs <integrationId>')
    .description('the latest runs with their counts')
    .option('--limit <n>', 'how many', '10')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const runs = await latestRuns(context().database.db, integrationId, positiveInt(opts.limit, '--limit'));
      output(
        opts.json,
        runs,
        runs.map((r) => ({ run: r.id, kind: r.kind, trigger: r.trigger, status: r.status, started: r.startedAt, finished: r.finishedAt, summary: r.summary, error: r.error })),
      );
    });

  sync
    .command('logs <integrationId>')
    .description('per-record log rows: of a run, of a record, or the latest')
    .option('--run <id>', 'one run')
    .option('--action <action>', `one of ${LOG_ACTIONS.join(', ')}`)
    .option('--entity <entity>', 'organization, location, contact or configuration')
    .option('--bms-id <id>', 'one BMS record')
    .option('--itglue-id <id>', 'one IT Glue record')
    .option('--previews', "include dry runs' decisions (what a run would have done); always included with --run")
    .option('--limit <n>', 'how many', '100')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const action = opts.action === undefined ? undefined : oneOf(opts.action, LOG_ACTIONS, '--action');
      const entity = opts.entity === undefined ? undefined : entityArg(opts.entity, '--entity');
      const limit = positiveInt(opts.limit, '--limit');
      const { db } = context().database;
      await getIntegration(db, integrationId);
      const conditions: SQL[] = [eq(syncLog.integrationId, integrationId)];
      if (opts.run) conditions.push(eq(syncLog.runId, positiveInt(opts.run, '--run')));
      // A preview's "would match" is not a match: dry runs stay out unless asked for.
      else if (!opts.previews) conditions.push(notPreview);
      if (action) conditions.push(eq(syncLog.action, action));
      if (entity) conditions.push(eq(syncLog.entity, entity));
      if (opts.bmsId) conditions.push(eq(syncLog.bmsId, String(opts.bmsId)));
      if (opts.itglueId) conditions.push(eq(syncLog.itglueId, String(opts.itglueId)));
      const rows = await db.select().from(syncLog).where(and(...conditions)).orderBy(desc(syncLog.id)).limit(limit);
      output(
        opts.json,
        rows,
        rows.map((r) => ({ at: r.createdAt, run: r.runId, entity: r.entity, action: r.action, bms: r.bmsId, itglue: r.itglueId, message: r.message })),
      );
    });

  sync
    .command('explain <integrationId> <entity>')
    .description('why a record is linked (or not): its link, match rule and tier, and its recent log')
    .option('--bms-id <id>', 'the BMS record')
    .option('--itglue-id <id>', 'the IT Glue record')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, entityText: string, opts) => {
      const entity = entityArg(entityText);
      if (!opts.bmsId === !opts.itglueId) throw new UsageError('give exactly one of --bms-id or --itglue-id');
      const { db } = context().database;
      const integration = await getIntegration(db, integrationId);
      const byRecord = opts.bmsId ? eq(links.bmsId, String(opts.bmsId)) : eq(links.itglueId, String(opts.itglueId));
      const [link] = await db.select().from(links).where(and(eq(links.integrationId, integrationId), eq(links.entity, entity), byRecord));
      const logCondition = opts.bmsId ? eq(syncLog.bmsId, String(opts.bmsId)) : eq(syncLog.itglueId, String(opts.itglueId));
      const history = await db
        .select()
        .from(syncLog)
        .where(
          and(
            eq(syncLog.integrationId, integrationId),
            eq(syncLog.entity, entity),
            link?.bmsId && link.itglueId ? or(eq(syncLog.bmsId, link.bmsId), eq(syncLog.itglueId, link.itglueId)) : logCondition,
            notPreview,
          ),
        )
        .orderBy(desc(syncLog.id))
        .limit(20);
      // Both records' web addresses; without a link, the one asked about (its parent unknown).
      const urls = (await recordLinker(db, integration))(
        entity,
        link ?? { bmsId: opts.bmsId ? String(opts.bmsId) : null, bmsParentId: null, itglueId: opts.itglueId ? String(opts.itglueId) : null, itglueParentId: null },
      );
      // A BMS record that is not synced (or no longer): the setting that keeps it out.
      const bmsId = link?.bmsId ?? (opts.bmsId ? String(opts.bmsId) : null);
      const notSynced = !link || link.state === 'orphaned';
      // Loaded on use: the entity modules are not needed by the other commands (CLI start-up time).
      const [{ bmsIneligibility }, { namesOf }] = await Promise.all([import('../../db/explain.js'), import('../../entities/registry.js')]);
      const eligibility = bmsId && notSynced ? await bmsIneligibility(db, integrationId, integration.settings, entity, bmsId) : null;
      const view = {
        link: link
          ? { state: link.state, reason: link.reason, bmsId: link.bmsId, itglueId: link.itglueId, rule: link.matchRule, tier: link.matchTier, explanation: link.matchExplanation, lastSyncedAt: link.lastSyncedAt }
          : null,
        ...urls,
        ineligible: eligibility === 'unknown' ? null : eligibility,
        history: history.map((h) => ({ at: h.createdAt, action: h.action, message: h.message })),
      };
      if (opts.json) return printJson(view);
      if (!view.link) {
        if (eligibility === 'unknown') console.log(`no link for this record, and no sync has read BMS ${namesOf(entity).bms} ${bmsId ?? ''} (it may not exist, or no sync ran since it was created).`);
        else if (!eligibility) console.log('no link for this record yet (it has not been matched or created).');
      } else {
        console.log(`state: ${view.link.state}${view.link.reason ? ` — ${view.link.reason}` : ''}`);
        console.log(`BMS ${view.link.bmsId ?? '-'} ↔ IT Glue ${view.link.itglueId ?? '-'}`);
        if (view.link.explanation) console.log(`why: ${view.link.explanation} [rule ${view.link.rule}${view.link.tier ? `, tier ${view.link.tier}` : ''}]`);
      }
      const itglueId = link ? link.itglueId : opts.itglueId;
      console.log(`BMS:     ${view.bmsUrl ?? '-'}`);
      console.log(`IT Glue: ${view.itglueUrl ?? (itglueId ? "unknown: set webUrls.itglue to the account's https://<subdomain>.itglue.com" : '-')}`);
      if (view.ineligible) {
        const { reason, setting } = view.ineligible;
        console.log(`not eligible: ${reason}`);
        if (setting) console.log(`excluded by the setting ${setting.name} = ${JSON.stringify(setting.value)} (change it with: integration configure ${integrationId} --set ${setting.name}=…)`);
      }
      console.log('\nrecent log:');
      printTable(view.history);
    });
}
