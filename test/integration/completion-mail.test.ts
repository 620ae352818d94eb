/**
 * The completion e-mail (README "Record states and the Manage-data report"): when a sync run ends,
 * its summary goes to the integration's notification addresses through the SMTP server of the
 * environment, here an in-process SMTP server (smtp-server) whose messages the test parses. A mail
 * that cannot be sent is logged on the run, without the SMTP password, and never fails the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailConfig } from '../../clients/mail.js';
import { isTiming } from '../../db/runs.js';
import { createHarness, type Harness } from '../support/harness.js';
import { SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { logRows, runRow, runSync, setSettings } from '../support/sync.js';

const SMTP_PASSWORD = 'smtp-Secret-4821';
let smtp: TestSmtpServer;
let h: Harness;
let mail: MailConfig;

beforeAll(async () => {
  smtp = await startSmtpServer({ user: 'sync-engine', pass: SMTP_PASSWORD });
  mail = { host: '127.0.0.1', port: smtp.port, secure: false, auth: { user: 'sync-engine', pass: SMTP_PASSWORD }, from: 'BMS-IT Glue sync <sync@msp.example>' };
  h = await createHarness({ dataset: smallDataset(), settings: { ...SMALL_SYNC_ALL, notificationEmails: ['ops@msp.example', 'noc@msp.example'] }, mail });
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

const runNotes = async (runId: number) => (await logRows(h, { runId, entity: 'run', action: 'info' })).map((r) => r.message);

describe('the completion e-mail', () => {
  it('goes once to every notification address when a sync ends, with the run, its status and counts', async () => {
    const result = await runSync(h, 'full');
    // Once: the run continued as new on the way (the test server suggests it early), which is not an end.
    expect(smtp.received).toHaveLength(1);
    const [{ envelope, mail: message }] = smtp.received as [TestSmtpServer['received'][number]];
    expect(envelope).toEqual({ from: 'sync@msp.example', to: ['ops@msp.example', 'noc@msp.example'] });
    expect(message.from?.text).toBe('"BMS-IT Glue sync" <sync@msp.example>');
    const run = (await runRow(h, result.runId))!;
    expect(message.subject).toBe(`BMS-IT Glue sync Test ${h.integrationId}: full sync completed`);
    const text = message.text ?? '';
    expect(text).toContain(`Run: ${result.runId}, full sync, started by an operator`);
    expect(text).toContain('Status: completed');
    expect(text).toContain(`Summary: ${run.summary}`);
    // Timings (`match-us`) are measurements, not actions: left out, as in the summary.
    const actions = Object.entries(run.counts.organization!).filter(([action, n]) => n > 0 && !isTiming(action));
    expect(text).toContain(`  organization: ${actions.map(([a, n]) => `${a} ${n}`).join(', ')}`);
    expect(text).not.toMatch(/match-us/);
    expect(text).toContain(`sync logs ${h.integrationId} --run ${result.runId}`);
    expect(await runNotes(result.runId)).toEqual([]);
  });

  it('is sent only for the kinds of run chosen', async () => {
    smtp.received.length = 0;
    await setSettings(h, { notificationEmailRuns: ['full'] });
    await runSync(h, 'incremental');
    expect(smtp.received).toHaveLength(0);
    await setSettings(h, { notificationEmailRuns: ['full', 'incremental'] });
    await runSync(h, 'incremental');
    expect(smtp.received.map((r) => r.mail.subject)).toEqual([`BMS-IT Glue sync Test ${h.integrationId}: incremental sync completed`]);
  });

  it('that the server refuses is logged on the run, which completes', async () => {
    smtp.refuseWith = 'mailbox unavailable';
    try {
      const result = await runSync(h, 'incremental');
      expect((await runRow(h, result.runId))!.status).toBe('completed');
      expect(await runNotes(result.runId)).toEqual([expect.stringMatching(new RegExp(`^completion e-mail failed: SMTP 127\\.0\\.0\\.1:${smtp.port}: .*mailbox unavailable`))]);
    } finally {
      smtp.refuseWith = null;
    }
  });

  it('with credentials the server refuses is logged without the password', async () => {
    h.deps.mail = { ...mail, auth: { user: 'sync-engine', pass: 'wrong-Password-77' } };
    try {
      const result = await runSync(h, 'incremental');
      expect((await runRow(h, result.runId))!.status).toBe('completed');
      const [note] = await runNotes(result.runId);
      expect(note).toMatch(/^completion e-mail failed: SMTP .*Invalid login/);
      expect(note).not.toContain('wrong-Password-77');
      expect(note).not.toContain(SMTP_PASSWORD);
    } finally {
      h.deps.mail = mail;
    }
  });

  it('without an SMTP server configured says so on the run', async () => {
    h.deps.mail = null;
    try {
      const result = await runSync(h, 'incremental');
      expect(await runNotes(result.runId)).toEqual(['completion e-mail not sent: no SMTP server is configured (SMTP_HOST)']);
    } finally {
      h.deps.mail = mail;
    }
  });
});
