/**
 * `disconnect <id>` (keep-data or delete-data) and `integration reconnect <id>`.
 * delete-data also needs the administrator's hard-delete flag (`integration hard-delete`); the
 * workflow checks both and refuses before anything changes.
 */
import type { Command } from 'commander';
import { getIntegration } from '../../db/integrations.js';
import { disconnectInputSchema } from '../../contract/inputs.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { output, printJson } from '../output.js';
import { uiLink } from './sync.js';

export function registerDisconnectCommands(program: Command, context: () => CliContext): void {
  program
    .command('disconnect <integrationId>')
    .description('disconnect an integration: keep-data (links marked disconnected, nothing deleted) or delete-data (backup, then delete the synced organizations in IT Glue)')
    .requiredOption('--mode <mode>', 'keep-data or delete-data')
    .option('--confirm-name <name>', "delete-data: repeat the integration's name exactly")
    .requiredOption('--by <identity>', 'who asks for it (recorded)')
    .option('--wait', 'wait for the disconnect to end and print its counts (and the backup file)')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      const integration = await getIntegration(ctx.database.db, integrationId);
      const input = disconnectInputSchema.parse({ integrationId, mode: opts.mode, confirmName: opts.confirmName, requestedBy: opts.by });
      if (input.mode === 'delete-data' && !integration.hardDeleteEnabled) {
        throw new UsageError(
          `hard delete is not enabled for integration ${integrationId}: an administrator must first run integration hard-delete ${integrationId} --enable --confirm-name "<name>"`,
        );
      }
      if (input.mode === 'delete-data' && input.confirmName !== integration.name) {
        throw new UsageError("--confirm-name must repeat the integration's name exactly");
      }
      const { startDisconnect } = await ctx.starts();
      const handle = await startDisconnect(await ctx.temporal(), ctx.taskQueue, input);
      if (!opts.json) console.log(`disconnect ${handle.workflowId} (run ${handle.firstExecutionRunId})\n  ${uiLink(ctx, handle.workflowId)}`);
      if (opts.wait) output(opts.json, await handle.result());
      else if (opts.json) printJson({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
    });

  // `reconnect` belongs with the other integration commands (registered before this).
  const integration =
    program.commands.find((c) => c.name() === 'integration') ?? program.command('integration').description('create and configure integrations');
  integration
    .command('reconnect <integrationId>')
    .description('reconnect after a keep-data disconnect: active again, disconnected links dropped (the next sync matches again), schedules back')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      const { reconnectIntegration, ReconnectRefusedError } = await import('../../control/reconnect.js');
      try {
        const result = await reconnectIntegration(ctx.database.db, await ctx.temporal(), ctx.taskQueue, integrationId);
        if (opts.json) return printJson(result);
        console.log(`integration ${integrationId} reconnected: ${result.linksDropped} disconnected links dropped; the next sync runs the matching rules again`);
        console.log(`schedules: ${Object.entries(result.schedules).map(([id, s]) => `${id} ${s}`).join(', ')}`);
      } catch (err) {
        if (err instanceof ReconnectRefusedError) throw new UsageError(err.message);
        throw err;
      }
    });
}
