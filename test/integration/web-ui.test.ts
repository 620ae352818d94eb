/**
 * The Temporal Web UI tells the story of a run: a dev server of this test's own with its Web UI
 * (the shared one runs headless), a full sync started the way the CLI starts it, then
 * - what the server keeps: the static summary and details (integration, kind, trigger), the
 *   current details the workflow keeps up to date (phase, step, counts), each activity's summary,
 *   and the descriptions of the queries;
 * - what a person sees: the workflow's page in headless Chromium (Debian's `chromium`, which
 *   scripts/setup.sh installs), with the summary and the details on it, as a screenshot.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { temporal } from '@temporalio/proto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullSync } from '../../control/start.js';
import { PROJECT_ROOT, startDevServer, type DevServer } from '../../stack/temporal.js';
import { createHarness, type Harness } from '../support/harness.js';
import { freePort } from '../support/ports.js';
import { SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';

/** Where the screenshots go (docs/web-ui-full-sync.png is one of them, kept by hand). */
export const SCREENSHOT_DIR = join(PROJECT_ROOT, '.data', 'test', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The text of the page and of every frame in it, once it shows all of `wanted` (or the time is up). */
async function waitForText(page: Page, wanted: (string | RegExp)[], timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const texts = await Promise.all(page.frames().map((frame) => frame.locator('body').innerText().catch(() => '')));
    const text = texts.join('\n');
    const missing = wanted.filter((w) => (typeof w === 'string' ? !text.includes(w) : !w.test(text)));
    if (missing.length === 0) return text;
    if (Date.now() > deadline) throw new Error(`the page does not show ${missing.map(String).join(', ')}:\n${text}`);
    await page.waitForTimeout(500);
  }
}

let dir: string;
let server: DevServer;
let h: Harness;
let browser: Browser;
let workflowId: string;
let runId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'web-ui-'));
  server = await startDevServer({ port: await freePort(), uiPort: await freePort(), dbFile: join(dir, 'temporal.sqlite'), logFile: join(dir, 'temporal.log') });
  h = await createHarness({ dataset: smallDataset(), settings: SMALL_SYNC_ALL, temporalAddress: server.address });
  const handle = await startFullSync(h.temporal, h.taskQueue, { integrationId: h.integrationId, mode: 'full', trigger: 'manual' });
  workflowId = handle.workflowId;
  await handle.result();
  // The run continued as new (early, in tests); its last execution is the one the UI opens.
  runId = (await h.temporal.workflow.getHandle(workflowId).describe()).runId;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a full sync in the Temporal Web UI', () => {
  it('starts with a static summary and details: integration, kind, trigger', async () => {
    const description = await h.temporal.workflow.getHandle(workflowId).describe();
    expect(await description.staticSummary()).toBe(`Full sync of ${h.integrationId} · manual`);
    const details = await description.staticDetails();
    expect(details).toContain(`| integration | ${h.integrationId} |`);
    expect(details).toContain('| kind | Full sync |');
    expect(details).toContain('| trigger | manual (an operator) |');
  });

  it('keeps its current details up to date and describes its queries', async () => {
    const metadata = await h.temporal.workflow.getHandle(workflowId).query<temporal.api.sdk.v1.IWorkflowMetadata>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain(`**Full sync of ${h.integrationId} (manual)**: completed`);
    expect(metadata.currentDetails).toMatch(/\| configuration \| .*\d+ create/);
    const queries = Object.fromEntries((metadata.definition?.queryDefinitions ?? []).map((q) => [q.name, q.description]));
    expect(queries.progress).toMatch(/^Where the sync stands/);
    expect(queries.report).toMatch(/^The Manage-data report/);
  });

  it('names every activity by its step', async () => {
    const history = await h.temporal.workflow.getHandle(workflowId).fetchHistory();
    const summaries = await Promise.all(
      (history.events ?? [])
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'syncStep')
        .map(async (e) => {
          const payload = e.userMetadata?.summary;
          return payload ? ((await h.temporal.options.loadedDataConverter.payloadConverter.fromPayload(payload)) as string) : null;
        }),
    );
    expect(summaries.length).toBeGreaterThan(0);
    for (const summary of summaries) expect(summary).toMatch(/^(itglue-mirror|read|apply|sweep|refresh|changes) (organization|location|contact|configuration)$/);
  });

  it("shows the summary and the current details on the workflow's page", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
    try {
      // The run's "User Metadata" tab: the summary, the static details and the current details.
      await page.goto(`${server.uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}/${runId}/user-metadata`, {
        waitUntil: 'domcontentloaded',
        timeout: 60_000,
      });
      // The UI renders summaries and details (Markdown) in frames of their own.
      const text = await waitForText(page, [`Full sync of ${h.integrationId} · manual`, 'manual (an operator)', /completed \(sync run \d+\)/]);
      expect(text).toMatch(/configuration\s+(?:\d+ [\w-]+, )*\d+ bms-read, \d+ create/);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'web-ui-full-sync.png'), fullPage: false });
    } finally {
      await page.close();
    }
  }, 120_000);
});
