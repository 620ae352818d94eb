/**
 * `ticket …`: ticket settings (suggested documentation), checklist rules, checklists on demand and
 * what the engine suggested for a ticket (SPEC §13). Conditions and actions are given as JSON
 * (`--file`) or as text: `--when 'title contains print & priority is High | queue is Help Desk'`
 * (`&` AND, `|` OR; see domain/tickets/conditions.ts).
 *
 *   ticket setting create <integrationId> --name "Printers" --when 'title contains print' \
 *     --then 'password-category is Printers & password-organization is [organization_name]'
 *   ticket setting list|show|edit|activate|deactivate|delete|preview …
 *   ticket checklist-rule create <integrationId> --name "New starters" --when 'title contains new starter' --template "New starter"
 *   ticket checklist apply <integrationId> --ticket 70001 --template "New starter" [--wait]
 *   ticket suggestions <integrationId> --ticket 70001
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { getIntegration } from '../../db/integrations.js';
import { deleteRule, findRule, insertRule, listRules, suggestionRows, updateRule, type TicketRule } from '../../db/tickets.js';
import type { TicketRuleKind } from '../../db/schema.js';
import { DefinitionError, formatConditions, parseConditionText } from '../../domain/tickets/conditions.js';
import type { Suggestion } from '../../domain/tickets/suggestions.js';
import { ticketChecklistInputSchema } from '../../contract/inputs.js';
import type { CliContext } from '../context.js';
import { positiveInt, UsageError } from '../errors.js';
import { output, printJson, printTable } from '../output.js';
import { uiLink } from './sync.js';

const WORDS: Record<TicketRuleKind, { what: string; command: string }> = {
  suggestion: { what: 'ticket setting', command: 'setting' },
  checklist: { what: 'checklist rule', command: 'checklist-rule' },
};

/** A definition error is the user's: printed as such (exit code 2). */
async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DefinitionError) throw new UsageError(err.message);
    throw err;
  }
}

async function ruleArg<K extends TicketRuleKind>(ctx: CliContext, integrationId: string, kind: K, name: string): Promise<TicketRule<K>> {
  const rule = await findRule(ctx.database.db, integrationId, kind, name);
  if (!rule) throw new UsageError(`integration ${integrationId} has no ${WORDS[kind].what} "${name}" (see: ticket ${WORDS[kind].command} list ${integrationId})`);
  return rule;
}

async function jsonFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`${path} is not a JSON object: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The definition the options describe, over `base` (an edit keeps what it does not name). */
async function definitionFrom(kind: TicketRuleKind, opts: Record<string, unknown>, base: Record<string, unknown>): Promise<Record<string, unknown>> {
  const definition: Record<string, unknown> = { ...base, ...(typeof opts.file === 'string' ? await jsonFile(opts.file) : {}) };
  if (typeof opts.name === 'string') definition.name = opts.name;
  if (typeof opts.description === 'string') definition.description = opts.description;
  if (typeof opts.when === 'string') definition.conditions = parseConditionText(opts.when, 'conditions');
  if (kind === 'suggestion' && typeof opts.then === 'string') definition.actions = parseConditionText(opts.then, 'actions');
  if (kind === 'checklist' && typeof opts.template === 'string') definition.template = opts.template;
  if (opts.inactive === true) definition.active = false;
  return definition;
}

function ruleView(rule: TicketRule<TicketRuleKind>) {
  return {
    id: rule.id,
    name: rule.name,
    active: rule.active,
    when: formatConditions(rule.conditions),
    ...('actions' in rule ? { then: formatConditions(rule.actions) } : { template: rule.template }),
    description: rule.description ?? '',
  };
}

function definitionOf(rule: TicketRule<TicketRuleKind>): Record<string, unknown> {
  const { id: _id, kind: _kind, createdAt: _c, updatedAt: _u, ...definition } = rule;
  return definition;
}

function registerRuleCommands(ticket: Command, kind: TicketRuleKind, context: () => CliContext): void {
  const { what, command } = WORDS[kind];
  const group = ticket.command(command).description(kind === 'suggestion' ? 'ticket settings: which IT Glue documentation to suggest on which BMS tickets' : 'checklist rules: which checklist template to add to which BMS tickets, once each');
  const describeOptions = (c: Command) => {
    c.option('--file <path>', `the ${what} as JSON (name, description, active, conditions${kind === 'suggestion' ? ', actions' : ', template'})`)
      .option('--name <name>', 'its name (unique in the integration)')
      .option('--description <text>', 'what it is for')
      .option('--when <conditions>', "ticket conditions, e.g. 'title contains print & priority is High | queue is Help Desk'");
    if (kind === 'suggestion') c.option('--then <actions>', "documentation to surface, e.g. 'password-category is Printers & password-organization is [organization_name]'");
    else c.option('--template <name>', 'the name of a "Checklist Template" flexible asset in IT Glue');
    return c;
  };

  describeOptions(group.command('create <integrationId>').description(`add a ${what} (active unless --inactive)`))
    .option('--inactive', 'create it switched off (a draft)')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      await getIntegration(ctx.database.db, integrationId);
      const rule = await asUsage(async () => insertRule(ctx.database.db, integrationId, kind, await definitionFrom(kind, opts, {})));
      if (opts.json) return printJson(rule);
      console.log(`${what} ${rule.id} "${rule.name}" created${rule.active ? '' : ' (inactive)'}`);
      printTable([ruleView(rule)]);
    });

  group
    .command('list <integrationId>')
    .description(`the integration's ${what}s`)
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      await getIntegration(ctx.database.db, integrationId);
      const rules = await listRules(ctx.database.db, integrationId, kind);
      output(opts.json, rules, rules.map(ruleView));
    });

  group
    .command('show <integrationId> <rule>')
    .description(`one ${what} (by id or name), with its full definition`)
    .option('--json', 'print JSON')
    .action(async (integrationId: string, name: string, opts) => {
      const rule = await ruleArg(context(), integrationId, kind, name);
      if (opts.json) return printJson(rule);
      const view = ruleView(rule);
      for (const [key, value] of Object.entries(view)) console.log(`${key.padEnd(12)} ${String(value)}`);
      console.log(`\nas JSON (for --file):\n${JSON.stringify(definitionOf(rule), null, 2)}`);
    });

  describeOptions(group.command('edit <integrationId> <rule>').description(`change a ${what}: what the options name is replaced, the rest kept`))
    .option('--json', 'print JSON')
    .action(async (integrationId: string, name: string, opts) => {
      const ctx = context();
      const rule = await ruleArg(ctx, integrationId, kind, name);
      const updated = await asUsage(async () => updateRule(ctx.database.db, rule, integrationId, await definitionFrom(kind, opts, definitionOf(rule))));
      if (opts.json) return printJson(updated);
      console.log(`${what} ${updated.id} "${updated.name}" updated`);
      printTable([ruleView(updated)]);
    });

  for (const [verb, active] of [['activate', true], ['deactivate', false]] as const) {
    group
      .command(`${verb} <integrationId> <rule>`)
      .description(active ? `switch a ${what} on` : `switch a ${what} off (kept, for later)`)
      .option('--json', 'print JSON')
      .action(async (integrationId: string, name: string, opts) => {
        const ctx = context();
        const rule = await ruleArg(ctx, integrationId, kind, name);
        const updated = await asUsage(() => updateRule(ctx.database.db, rule, integrationId, { ...definitionOf(rule), active }));
        if (opts.json) return printJson(updated);
        console.log(`${what} ${updated.id} "${updated.name}" ${active ? 'activated' : 'deactivated'}`);
      });
  }

  group
    .command('delete <integrationId> <rule>')
    .description(`delete a ${what} (notes and checklists it already wrote stay in BMS)`)
    .option('--json', 'print JSON')
    .action(async (integrationId: string, name: string, opts) => {
      const ctx = context();
      const rule = await ruleArg(ctx, integrationId, kind, name);
      await deleteRule(ctx.database.db, rule.id);
      if (opts.json) return printJson({ deleted: rule.id, name: rule.name });
      console.log(`${what} ${rule.id} "${rule.name}" deleted`);
    });

  if (kind === 'suggestion') {
    group
      .command('preview <integrationId>')
      .description('for recent tickets, what each setting (active or not) would surface, [organization_name] bound per ticket; writes nothing to BMS')
      .option('--setting <setting>', 'one setting (id or name)')
      .option('--tickets <n>', 'how many recent tickets', '20')
      .option('--ticket <id>', 'one BMS ticket (its id) instead')
      .option('--json', 'print JSON')
      .action(async (integrationId: string, opts) => {
        const ctx = context();
        const { integration, bms, itglue } = await connect(ctx, integrationId);
        const { previewTicketSettings } = await import('../../activities/tickets/preview.js');
        const warnings: string[] = [];
        const preview = await previewTicketSettings(
          {
            db: ctx.database.db,
            integrationId,
            itglue,
            bms,
            settings: integration.settings,
            runId: null,
            count: () => undefined,
            beat: () => undefined,
            log: (entry) => void warnings.push(entry.message),
          },
          { setting: opts.setting, tickets: positiveInt(opts.tickets, '--tickets'), ticketId: opts.ticket },
        );
        if (opts.json) return printJson({ ...preview, warnings });
        for (const warning of warnings) console.log(`warning: ${warning}`);
        console.log(`${preview.tickets.length} ticket(s), ${preview.settings.length} setting(s); ${preview.rows.length} ticket(s) meet a setting's conditions\n`);
        printTable(
          preview.rows.map((r) => ({
            ticket: `${r.ticketId} ${r.ticketNumber ?? ''}`,
            title: r.title,
            organization: r.organizationName ?? '(not linked)',
            setting: `${r.setting}${r.active ? '' : ' (inactive)'}`,
            surfaces: r.suggestions.length ? r.suggestions.map((s) => `${s.kind} "${s.name}"`).join(', ') : '(nothing)',
          })),
        );
      });
  }
}

/** The integration's API clients (loaded here: the other commands do without them, cli/context.ts). */
async function connect(ctx: CliContext, integrationId: string) {
  await getIntegration(ctx.database.db, integrationId);
  const [{ Connectors }, { budgetsFromEnv }] = await Promise.all([import('../../activities/connectors.js'), import('../../workers/budgets.js')]);
  return new Connectors(ctx.database, ctx.keyRing, budgetsFromEnv(ctx.env)).get(integrationId);
}

export function registerTicketCommands(program: Command, context: () => CliContext): void {
  const ticket = program.command('ticket').description('tickets: suggested documentation, checklist rules and checklists');
  registerRuleCommands(ticket, 'suggestion', context);
  registerRuleCommands(ticket, 'checklist', context);

  const checklist = ticket.command('checklist').description('checklist templates (IT Glue) and checklists on demand');

  checklist
    .command('setup <integrationId>')
    .description('create the "Checklist Template" flexible asset type in IT Glue when it is missing (templates are written there, one task per line)')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      const { itglue } = await connect(ctx, integrationId);
      const [{ ensureManagedType }, { CHECKLIST_TEMPLATE_TYPE }] = await Promise.all([import('../../activities/sync/managed-types.js'), import('../../entities/checklist-template.js')]);
      const id = await ensureManagedType({ database: ctx.database, itglue, integrationId }, CHECKLIST_TEMPLATE_TYPE);
      if (opts.json) return printJson({ flexibleAssetTypeId: id, name: CHECKLIST_TEMPLATE_TYPE.name });
      console.log(`IT Glue flexible asset type "${CHECKLIST_TEMPLATE_TYPE.name}" is ${id}: add templates there (Template Name, Tasks one per line, Description)`);
    });

  checklist
    .command('templates <integrationId>')
    .description('the checklist templates IT Glue holds')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      const { itglue } = await connect(ctx, integrationId);
      const [{ listChecklistTemplates }, { templateTasks }] = await Promise.all([import('../../entities/checklist-template.js'), import('../../domain/tickets/checklists.js')]);
      const templates = await listChecklistTemplates(itglue);
      output(opts.json, templates, templates.map((t) => ({ id: t.id, name: t.name, organization: t.organizationId, tasks: templateTasks(t.tasks).length })));
    });

  checklist
    .command('apply <integrationId>')
    .description('add a checklist template to one BMS ticket (once per ticket and template)')
    .requiredOption('--ticket <id>', 'the BMS ticket id')
    .requiredOption('--template <name>', 'the name of a "Checklist Template" flexible asset in IT Glue')
    .option('--by <who>', 'who asks (recorded with the checklist)')
    .option('--wait', 'wait for it and print the outcome')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      await getIntegration(ctx.database.db, integrationId);
      const parsed = ticketChecklistInputSchema.safeParse({ integrationId, ticketId: opts.ticket, template: opts.template, requestedBy: opts.by });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0] === 'ticketId' ? 'ticket' : i.path[0])}: ${i.message}`).join('; '));
      const { startTicketChecklist } = await ctx.starts();
      const handle = await startTicketChecklist(await ctx.temporal(), ctx.taskQueue, parsed.data);
      if (!opts.json) console.log(`ticket checklist ${handle.workflowId} (run ${handle.firstExecutionRunId})\n  ${uiLink(ctx, handle.workflowId)}`);
      if (opts.wait) {
        const { WorkflowFailedError } = await import('@temporalio/client');
        const result = (await handle.result().catch((err: unknown) => {
          // The workflow's own failure says what went wrong (workflows/run.ts withClearFailure).
          throw err instanceof WorkflowFailedError && err.cause ? new Error(err.cause.message) : err;
        })) as { message: string };
        if (opts.json) printJson(result);
        else console.log(result.message);
      } else if (opts.json) printJson({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
    });

  ticket
    .command('suggestions <integrationId>')
    .description("what the engine suggests for a ticket (as of the ticket's last sync) and the state of its note in BMS")
    .requiredOption('--ticket <id>', 'the BMS ticket id')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      await getIntegration(ctx.database.db, integrationId);
      const row = (await suggestionRows(ctx.database.db, integrationId, [String(opts.ticket)])).get(String(opts.ticket));
      if (!row) throw new UsageError(`nothing is known of BMS ticket ${opts.ticket} in ${integrationId}: it has not been synced with an active ticket setting`);
      const suggestions = row.suggestions as Suggestion[];
      if (opts.json) return printJson(row);
      console.log(`ticket ${row.bmsTicketId}: ${suggestions.length} suggestion(s), computed ${row.computedAt.toISOString()}; note: ${row.noteState}${row.noteId ? ` (${row.noteId})` : ''}${row.reason ? ` — ${row.reason}` : ''}`);
      printTable(suggestions.map((s) => ({ kind: s.kind, name: s.name, organization: s.organizationName, category: s.category ?? '', link: s.url ?? '', settings: s.settings.join(', ') })));
    });
}
