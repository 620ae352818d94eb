/** `report …` (the Manage-data view, SPEC §10) and `record …` (per-record operations, SPEC §9). */
import type { Command } from 'commander';
import { getIntegration } from '../../db/integrations.js';
import { manageDataReport, recordsOfState } from '../../control/report.js';
import { REPORT_STATES } from '../../db/report.js';
import { RECORD_ACTIONS, recordSyncInputSchema } from '../../contract/inputs.js';
import type { CliContext } from '../context.js';
import { oneOf, positiveInt } from '../errors.js';
import { output, printJson, printTable } from '../output.js';
import { entityArg, uiLink } from './sync.js';

export function registerReportCommands(program: Command, context: () => CliContext): void {
  program
    .command('report <integrationId>')
    .description('Manage data: records per entity and state, last sync, latest runs; --state lists the records of a state with their reason')
    .option('--state <state>', `list records in this state (${REPORT_STATES.join(', ')})`)
    .option('--entity <entity>', 'limit the report (or the list) to an entity')
    .option('--limit <n>', 'how many records to list', '50')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      // Every value is checked before anything is read: an unknown one is an error, never an empty report.
      const state = opts.state === undefined ? undefined : oneOf(opts.state, REPORT_STATES, '--state');
      const entity = opts.entity === undefined ? undefined : entityArg(opts.entity, '--entity');
      const limit = positiveInt(opts.limit, '--limit');
      const { db } = context().database;
      if (state) {
        await getIntegration(db, integrationId);
        const rows = await recordsOfState(db, integrationId, state, { entity, limit });
        return output(opts.json, rows, rows as unknown as Record<string, unknown>[], ['entity', 'bmsId', 'itglueId', 'reason', 'updatedAt', 'bmsUrl', 'itglueUrl']);
      }
      const full = await manageDataReport(db, integrationId);
      const report = entity ? { ...full, entities: full.entities.filter((e) => e.entity === entity) } : full;
      if (opts.json) return printJson(report);
      console.log(`${report.name} (${report.integrationId}) — ${report.status}, two-way ${report.twoWay ? 'on' : 'off'}\n`);
      printTable(
        report.entities.map((e) => ({ entity: e.entity, sync: e.syncEnabled ? 'on' : 'off', lastSynced: e.lastSyncedAt ?? 'never', ...e.counts })),
        ['entity', 'sync', 'lastSynced', ...REPORT_STATES],
      );
      console.log('\nlatest runs:');
      printTable(report.latestRuns.map((r) => ({ run: r.runId, kind: r.kind, status: r.status, started: r.startedAt, summary: r.summary, error: r.error })));
    });

  program
    .command('record <integrationId> <entity> <action>')
    .description(`one record now: ${RECORD_ACTIONS.join(', ')} (sync pulls from BMS, or pushes an IT Glue record in two-way mode)`)
    .option('--bms-id <id>', 'address the record by its BMS id')
    .option('--itglue-id <id>', 'address the record by its IT Glue id')
    .option('--by <identity>', 'who asks (default: $USER)')
    .option('--no-wait', 'start it and return')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, entity: string, action: string, opts) => {
      const ctx = context();
      await getIntegration(ctx.database.db, integrationId);
      const input = recordSyncInputSchema.parse({
        integrationId,
        entity: entityArg(entity),
        action,
        bmsId: opts.bmsId,
        itglueId: opts.itglueId,
        requestedBy: opts.by ?? process.env.USER ?? 'cli',
      });
      const { startRecordSync } = await ctx.starts();
      const handle = await startRecordSync(await ctx.temporal(), ctx.taskQueue, input);
      if (!opts.wait) return output(opts.json, { workflowId: handle.workflowId, ui: uiLink(ctx, handle.workflowId) });
      output(opts.json, await handle.result());
    });
}
