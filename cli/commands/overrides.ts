/** `override …`: operator decisions for a BMS record, respected by every later run (SPEC §5). */
import type { Command } from 'commander';
import { getIntegration } from '../../db/integrations.js';
import { listOverrides, removeOverride, setOverride } from '../../db/overrides.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { output } from '../output.js';
import { entityArg } from './sync.js';

const numericId = (value: string, what: string) => {
  if (!/^\d+$/.test(value)) throw new UsageError(`${what} must be a numeric id, got "${value}"`);
  return value;
};

export function registerOverrideCommands(program: Command, context: () => CliContext): void {
  const override = program.command('override').description('link, exclude or force-create a BMS record; kept for every later run');
  const by = (opts: { by?: string }) => opts.by ?? process.env.USER ?? 'cli';

  override
    .command('link <integrationId> <entity> <bmsId> <itglueId>')
    .description('link a BMS record to the IT Glue record you choose')
    .option('--note <text>')
    .option('--by <identity>', 'who decided (default: $USER)')
    .action(async (integrationId: string, entity: string, bmsId: string, itglueId: string, opts) => {
      const { db } = context().database;
      await getIntegration(db, integrationId);
      await setOverride(db, { integrationId, entity: entityArg(entity), bmsId: numericId(bmsId, 'bmsId'), action: 'link', itglueId: numericId(itglueId, 'itglueId'), note: opts.note, createdBy: by(opts) });
      console.log(`BMS ${entity} ${bmsId} will be linked to IT Glue ${itglueId} at the next sync`);
    });

  for (const action of ['exclude', 'create'] as const) {
    override
      .command(`${action} <integrationId> <entity> <bmsId>`)
      .description(action === 'exclude' ? 'never sync this BMS record' : 'create this BMS record in IT Glue instead of matching it')
      .option('--note <text>')
      .option('--by <identity>', 'who decided (default: $USER)')
      .action(async (integrationId: string, entity: string, bmsId: string, opts) => {
        const { db } = context().database;
        await getIntegration(db, integrationId);
        await setOverride(db, { integrationId, entity: entityArg(entity), bmsId: numericId(bmsId, 'bmsId'), action, note: opts.note, createdBy: by(opts) });
        console.log(`BMS ${entity} ${bmsId}: ${action === 'exclude' ? 'excluded from sync' : 'will be created in IT Glue'} from the next sync`);
      });
  }

  override
    .command('create-unmatched <integrationId> <entity>')
    .description("Create Unmatched: match or create now every BMS record of the entity listed unmatched (auto-create off); excluded ones stay excluded")
    .option('--by <identity>', 'who asks (default: $USER)')
    .option('--no-wait', 'start it and return')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, entity: string, opts) => {
      const ctx = context();
      await getIntegration(ctx.database.db, integrationId);
      const { startCreateUnmatched } = await import('../../control/start.js');
      const handle = await startCreateUnmatched(await ctx.temporal(), ctx.taskQueue, { integrationId, entity: entityArg(entity), requestedBy: by(opts) });
      if (!opts.wait) return output(opts.json, { workflowId: handle.workflowId });
      const result = (await handle.result()) as { runId: number; counts: Record<string, Record<string, number>>; skipped?: string };
      if (opts.json) return output(true, result);
      if (result.skipped) return console.log(`nothing done: ${result.skipped}`);
      const counts = result.counts[entity] ?? {};
      console.log(
        `Create Unmatched ${entity}: ${counts.create ?? 0} created, ${counts.match ?? 0} matched to an IT Glue record found meanwhile` +
          `${counts.error ? `, ${counts.error} errors` : ''} (sync logs ${integrationId} --run ${result.runId})`,
      );
    });

  override
    .command('remove <integrationId> <entity> <bmsId>')
    .description('forget the override; the matching rules apply again')
    .action(async (integrationId: string, entity: string, bmsId: string) => {
      const removed = await removeOverride(context().database.db, integrationId, entityArg(entity), numericId(bmsId, 'bmsId'));
      if (!removed) throw new UsageError(`no override for BMS ${entity} ${bmsId}`);
      console.log('override removed');
    });

  override
    .command('list <integrationId>')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const rows = await listOverrides(context().database.db, integrationId);
      output(opts.json, rows, rows.map(({ entity, bmsId, action, itglueId, note, createdBy, createdAt }) => ({ entity, bmsId, action, itglueId, note, createdBy, createdAt })));
    });
}
