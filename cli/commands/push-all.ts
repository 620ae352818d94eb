/**
 * `push-all …`: request the one-time Push All, approve or reject it, and inspect its pre-check
 * and state. The approver identity is sent with the signal; the workflow checks it against the
 * integration's approvers and records refused attempts.
 */
import type { Command } from 'commander';
import type { Client } from '@temporalio/client';
import { getIntegration } from '../../db/integrations.js';
import { completedPushAll, currentPushAllRequest, OPEN_PUSH_ALL_STATUSES, pushAllEventsOf } from '../../db/push-all.js';
import { ENTITIES } from '../../domain/entities.js';
import { workflowIds } from '../../contract/ids.js';
import { approvalSchema, pushAllInputSchema } from '../../contract/inputs.js';
import type { PushAllStatusView } from '../../contract/messages.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { output, printJson, printTable } from '../output.js';
import { uiLink } from './sync.js';

/** The workflow's view, or null when the workflow is gone (retention) or no worker answers. */
async function queryStatus(client: Client, integrationId: string): Promise<PushAllStatusView | null> {
  // Loaded here, like the client itself (cli/context.ts).
  const [{ WorkflowNotFoundError }, { pushAllStatusQuery }] = await Promise.all([import('@temporalio/client'), import('../../contract/messages.js')]);
  try {
    return await client.workflow.getHandle(workflowIds.pushAll(integrationId)).query(pushAllStatusQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    if (err instanceof Error && /no poller|not found|timeout|deadline/i.test(err.message)) return null;
    throw err;
  }
}

/** What PostgreSQL knows, shaped like the workflow's view (for closed or forgotten workflows). */
async function statusFromDatabase(ctx: CliContext, integrationId: string): Promise<(PushAllStatusView & { source: 'database' }) | null> {
  const { db } = ctx.database;
  const row = await currentPushAllRequest(db, integrationId);
  if (!row) return null;
  const events = await pushAllEventsOf(db, row.id);
  const decision = events.find((e) => e.kind === 'approved' || e.kind === 'rejected');
  return {
    source: 'database',
    integrationId,
    requestId: row.id,
    runId: row.syncRunId,
    status: row.status,
    requestedBy: row.requestedBy,
    requestedAt: row.createdAt.toISOString(),
    approvalTimeout: '',
    expiresAt: row.expiresAt?.toISOString() ?? null,
    precheck: (row.precheck as PushAllStatusView['precheck']) ?? null,
    refusedApprovals: events.filter((e) => e.kind === 'refused').map((e) => ({ approver: e.actor, at: e.createdAt.toISOString(), reason: e.reason ?? '' })),
    decision: decision
      ? { by: decision.actor, at: decision.createdAt.toISOString(), approved: decision.kind === 'approved', ...(decision.comment ? { comment: decision.comment } : {}) }
      : null,
    progress: { stage: null, entity: null, page: 0, counts: {} },
    report: ((row.report as { counts?: PushAllStatusView['report'] } | null)?.counts ?? null) as PushAllStatusView['report'],
    message: row.message,
  };
}

function printStatus(view: PushAllStatusView): void {
  console.log(`Push All for ${view.integrationId}: ${view.status}${view.requestId ? ` (request ${view.requestId})` : ''}`);
  console.log(`requested by ${view.requestedBy} at ${view.requestedAt}${view.expiresAt ? `; approval window closes ${view.expiresAt}` : ''}`);
  if (view.message) console.log(`message: ${view.message}`);
  const p = view.precheck;
  if (p) {
    console.log(`\npre-check (${p.checkedAt}):`);
    printTable(
      // Entities Push All does not push (tickets) have no pre-check counts.
      ENTITIES.filter((e) => e in p.eligible).map((e) => ({ entity: e, eligible: p.eligible[e], 'already in BMS (linked)': p.existingInBmsCount[e], 'already linked': p.alreadyLinked[e], ineligible: p.ineligible[e] })),
    );
    for (const b of p.blockers) console.log(`BLOCKER: ${b}`);
    for (const w of p.warnings) console.log(`warning: ${w}`);
    if (p.existingInBms.length) {
      const total = ENTITIES.reduce((n, e) => n + (p.existingInBmsCount[e] ?? 0), 0);
      console.log(`\nrecords that already exist in BMS (will be linked, not duplicated)${total > p.existingInBms.length ? `, first ${p.existingInBms.length} of ${total}` : ''}:`);
      printTable(p.existingInBms.map((x) => ({ entity: x.entity, itglue: x.itglueId, bms: x.bmsId, why: x.explanation })));
    }
  }
  if (view.refusedApprovals.length) {
    console.log('\nrefused:');
    printTable(view.refusedApprovals);
  }
  if (view.decision) console.log(`\n${view.decision.approved ? 'approved' : 'rejected'} by ${view.decision.by} at ${view.decision.at}${view.decision.comment ? `: ${view.decision.comment}` : ''}`);
  if (view.status === 'pushing' && view.progress.stage) console.log(`\nprogress: ${view.progress.stage} ${view.progress.entity ?? ''}, page ${view.progress.page}`);
  const counts = view.report ?? (view.status === 'pushing' ? view.progress.counts : null);
  if (counts && Object.keys(counts).length) {
    console.log(view.report ? '\nresult:' : '\nso far:');
    const first = ['created', 'linked-existing', 'already-linked', 'parent-set', 'error', 'held', 'ineligible'];
    const seen = [...new Set(Object.values(counts).flatMap((c) => Object.keys(c)))];
    const columns = ['entity', ...first.filter((k) => seen.includes(k)), ...seen.filter((k) => !first.includes(k)).sort()];
    printTable(Object.entries(counts).map(([entity, c]) => ({ entity, ...c })), columns);
  }
}

export function registerPushAllCommands(program: Command, context: () => CliContext): void {
  const pushAll = program.command('push-all').description('the one-time push of IT Glue data to BMS, approved by an account manager');

  pushAll
    .command('request <integrationId>')
    .description('start a Push All: pre-check, then wait for an approver (a second request returns the waiting one)')
    .requiredOption('--by <identity>', 'who asks for it (recorded)')
    .option('--timeout <duration>', 'how long the approval may take: 45s, 30m, 12h, 7d', '7d')
    .option('--wait', 'wait for the request to end and print its result')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      const { db } = ctx.database;
      const integration = await getIntegration(db, integrationId);
      const input = pushAllInputSchema.parse({ integrationId, requestedBy: opts.by, approvalTimeout: opts.timeout });
      const completed = await completedPushAll(db, integrationId);
      if (completed) {
        throw new UsageError(`Push All already completed for integration ${integrationId} (request ${completed.id}, ${completed.completedAt?.toISOString() ?? ''}); it can run only once`);
      }
      if (integration.settings.approvers.length === 0) {
        throw new UsageError(`integration ${integrationId} has no Push All approvers: integration configure ${integrationId} --set 'approvers=["manager@example.com"]'`);
      }
      const open = await currentPushAllRequest(db, integrationId);
      const { startPushAll } = await ctx.starts();
      const handle = await startPushAll(await ctx.temporal(), ctx.taskQueue, input);
      if (!opts.json) {
        if (open && OPEN_PUSH_ALL_STATUSES.includes(open.status)) console.log(`a request is already open (request ${open.id}, ${open.status}): showing that one`);
        console.log(`Push All ${handle.workflowId} (run ${handle.firstExecutionRunId})\n  ${uiLink(ctx, handle.workflowId)}`);
        console.log(`  inspect: push-all status ${integrationId}    approve: push-all approve ${integrationId} --by <approver>`);
      }
      if (opts.wait) output(opts.json, await handle.result());
      else if (opts.json) printJson({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
    });

  for (const [name, approve] of [['approve', true], ['reject', false]] as const) {
    pushAll
      .command(`${name} <integrationId>`)
      .description(approve ? 'approve the waiting Push All (only listed approvers are accepted)' : 'reject the waiting Push All')
      .requiredOption('--by <identity>', 'the approver')
      .option('--comment <text>', 'why (recorded)')
      .option('--json', 'print JSON')
      .action(async (integrationId: string, opts) => {
        const ctx = context();
        const client = await ctx.temporal();
        const approval = approvalSchema.parse({ approver: opts.by, ...(opts.comment ? { comment: opts.comment } : {}) });
        const handle = client.workflow.getHandle(workflowIds.pushAll(integrationId));
        const before = await queryStatus(client, integrationId);
        if (!before) throw new UsageError(`no Push All is running for integration ${integrationId}`);
        const { approveSignal, rejectSignal } = await import('../../contract/messages.js');
        await handle.signal(approve ? approveSignal : rejectSignal, approval);
        // The workflow decides; wait a moment for its answer so the caller sees it.
        let after = before;
        for (let i = 0; i < 40; i++) {
          await new Promise((r) => setTimeout(r, 250));
          after = (await queryStatus(client, integrationId)) ?? after;
          if (after.refusedApprovals.length > before.refusedApprovals.length || after.decision || after.status !== before.status) break;
        }
        const refused = after.refusedApprovals.slice(before.refusedApprovals.length).find((r) => r.approver === approval.approver);
        const outcome = refused
          ? { accepted: false, reason: refused.reason, status: after.status }
          : after.decision
            ? { accepted: true, status: after.status }
            : { accepted: null, status: after.status, note: 'sent; the workflow has not answered yet (see push-all status)' };
        if (opts.json) return printJson(outcome);
        if (outcome.accepted === false) {
          console.log(`refused: ${outcome.reason}`);
          process.exitCode = 1;
        } else if (outcome.accepted) console.log(`${approve ? 'approved' : 'rejected'}; the request is now ${outcome.status}`);
        else console.log(outcome.note);
      });
  }

  pushAll
    .command('status <integrationId>')
    .description('the pre-check and state of the integration\'s Push All (from the workflow, or from the database once it is gone)')
    .option('--json', 'print JSON')
    .action(async (integrationId: string, opts) => {
      const ctx = context();
      await getIntegration(ctx.database.db, integrationId);
      const view = (await queryStatus(await ctx.temporal(), integrationId)) ?? (await statusFromDatabase(ctx, integrationId));
      if (!view) throw new UsageError(`integration ${integrationId} has no Push All request`);
      if (opts.json) printJson(view);
      else printStatus(view);
    });
}
