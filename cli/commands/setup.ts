/** `setup temporal`: what a real Temporal cluster needs once (search attributes, billing schedules). */
import type { Connection } from '@temporalio/client';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerSetupCommands(program: Command, context: () => CliContext): void {
  const setup = program.command('setup').description('one-time set-up of external services');
  setup
    .command('temporal')
    .description('register the search attributes and create the nightly billing schedules')
    .action(async () => {
      const ctx = context();
      const [{ applyBillingSchedules }, { ensureSearchAttributes }] = await Promise.all([import('../../control/schedules.js'), import('../../stack/temporal.js')]);
      const client = await ctx.temporal();
      const added = await ensureSearchAttributes(client.connection as Connection, ctx.env.TEMPORAL_NAMESPACE);
      console.log(added.length ? `search attributes added: ${added.join(', ')}` : 'search attributes already registered');
      console.log(await applyBillingSchedules(client, ctx.taskQueue));
    });
}
