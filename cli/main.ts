/**
 * The command-line interface: everything an operator can do, for scripting.
 *   npm run cli -- <command> [options]      (or: npx tsx cli/main.ts …)
 * Every command validates its input and names the problem; `--json` prints machine-readable
 * output. Secrets are read from environment variables named on the command line, never from
 * arguments (they would end up in shell history).
 */
import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { describeIssues } from '../clients/http.js';
import { registerBillingCommands } from './commands/billing.js';
import { registerDisconnectCommands } from './commands/disconnect.js';
import { registerIntegrationCommands } from './commands/integration.js';
import { registerOverrideCommands } from './commands/overrides.js';
import { registerPushAllCommands } from './commands/push-all.js';
import { registerReportCommands } from './commands/report.js';
import { registerSetupCommands } from './commands/setup.js';
import { registerSyncCommands } from './commands/sync.js';
import { registerTicketCommands } from './commands/tickets.js';
import { CliContext } from './context.js';
import { databaseProblem, errorChain, UsageError } from './errors.js';

export function buildProgram(context: () => CliContext): Command {
  const program = new Command('sync-cli')
    .description('Operate the BMS ↔ IT Glue sync engine')
    .showHelpAfterError()
    .exitOverride();
  registerIntegrationCommands(program, context);
  registerSyncCommands(program, context);
  registerOverrideCommands(program, context);
  registerReportCommands(program, context);
  registerSetupCommands(program, context);
  registerBillingCommands(program, context);
  registerPushAllCommands(program, context);
  registerDisconnectCommands(program, context);
  registerTicketCommands(program, context);
  return program;
}

export function describeCliError(err: unknown): string {
  if (err instanceof ZodError) return `invalid input: ${describeIssues(err, 10)}`;
  const database = databaseProblem(err);
  if (database) return database;
  if (err instanceof Error && err.name === 'WorkflowFailedError') {
    // "Workflow execution failed" says nothing: the causes say what went wrong.
    const causes = errorChain(err.cause).map((e) => e.message ?? '').filter((m) => m && !/^(Activity task failed|Workflow execution failed)$/.test(m));
    const distinct = causes.filter((m, i) => !causes.slice(0, i).some((earlier) => earlier.includes(m)));
    return `the workflow failed: ${distinct.join(': ') || err.message}`;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

async function main(): Promise<void> {
  let ctx: CliContext | undefined;
  const program = buildProgram(() => (ctx ??= new CliContext()));
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
    } else {
      console.error(`error: ${describeCliError(err)}`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    }
  } finally {
    await ctx?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
