/**
 * The completion e-mail (the vendor's "you will receive an email notification" when a sync
 * finishes): when a run of the kinds in `notificationEmailRuns` ends, its summary goes to the
 * integration's `notificationEmails` through the SMTP server of the environment. Like the webhook,
 * a mail that cannot be sent is logged on the run and never fails it.
 */
import { MailError, sendMail, type MailMessage } from '../clients/mail.js';
import type { IntegrationRow } from '../db/integrations.js';
import { isTiming, writeLogs, type RunRow } from '../db/runs.js';
import type { ActivityDeps } from './deps.js';

/** The message for a finished run: what ran, how it ended, its counts, and where to read more. */
export function completionMessage(integration: IntegrationRow, run: RunRow): Omit<MailMessage, 'to'> {
  const lines = [
    `Integration: ${integration.name} (${integration.id})`,
    `Run: ${run.id}, ${run.kind} sync, started by ${run.trigger === 'schedule' ? 'its schedule' : 'an operator'}`,
    `Status: ${run.status}`,
    `Started: ${run.startedAt.toISOString()}`,
    `Finished: ${run.finishedAt?.toISOString() ?? '-'}`,
    `Summary: ${run.summary ?? 'nothing to do'}`,
  ];
  if (run.error) lines.push(`Error: ${run.error}`);
  const counts = Object.entries(run.counts)
    .map(([entity, actions]) => [entity, Object.entries(actions).filter(([action, n]) => n > 0 && !isTiming(action))] as const)
    .filter(([, actions]) => actions.length > 0);
  if (counts.length) {
    lines.push('', 'Counts:');
    for (const [entity, actions] of counts) lines.push(`  ${entity}: ${actions.map(([action, n]) => `${action} ${n}`).join(', ')}`);
  }
  lines.push('', `Every record action of this run: sync logs ${integration.id} --run ${run.id}`, `The Manage-data view: report ${integration.id}`);
  return { subject: `BMS-IT Glue sync ${integration.name}: ${run.kind} sync ${run.status}`, text: `${lines.join('\n')}\n` };
}

export async function sendCompletionMail(deps: ActivityDeps, integration: IntegrationRow, run: RunRow): Promise<void> {
  const { notificationEmails: to, notificationEmailRuns: kinds } = integration.settings;
  if (to.length === 0 || !(kinds as readonly string[]).includes(run.kind)) return;
  const note = (message: string) => writeLogs(deps.db, run.id, run.integrationId, [{ entity: 'run', action: 'info', message }]);
  if (!deps.mail) return note('completion e-mail not sent: no SMTP server is configured (SMTP_HOST)');
  try {
    await sendMail(deps.mail, { to, ...completionMessage(integration, run) });
  } catch (err) {
    if (!(err instanceof MailError)) throw err;
    await note(`completion e-mail failed: ${err.message}`);
  }
}
