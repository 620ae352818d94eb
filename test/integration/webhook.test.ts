/**
 * The end-of-run notification (README "Record states and the Manage-data report"): when
 * `webhookUrl` is set, a finished run POSTs its JSON summary there; a receiver that fails or is
 * gone is logged and never fails the run.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { logRows, runRow, runSync, setSettings } from '../support/sync.js';

interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A local receiver that records what it gets and answers with `status`. */
const receiver = {
  status: 204,
  received: [] as Received[],
  server: undefined as Server | undefined,
  url: '',
};

let h: Harness;

beforeAll(async () => {
  receiver.server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      receiver.received.push({ method: req.method ?? '', headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.server!.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hooks/sync`;
  h = await createHarness({ dataset: smallDataset(), settings: { ...SMALL_SYNC_ALL, webhookUrl: receiver.url } });
});
afterAll(async () => {
  await h?.close();
  await new Promise((resolve) => receiver.server?.close(resolve));
});

describe('the end-of-run webhook', () => {
  it('POSTs the run summary to the receiver once, when the run ends', async () => {
    const result = await runSync(h, 'full');
    // Once: the run continued as new on the way (the test server suggests it early), which is not an end.
    expect(receiver.received).toHaveLength(1);
    const [{ method, headers, body }] = receiver.received as [Received];
    expect(method).toBe('POST');
    expect(headers['content-type']).toBe('application/json');
    const run = (await runRow(h, result.runId))!;
    expect(body).toMatchObject({
      event: 'sync.run.finished',
      integrationId: h.integrationId,
      runId: result.runId,
      kind: 'full',
      status: 'completed',
      summary: run.summary,
      error: null,
    });
    expect(run.summary).toBeTruthy();
    // The counts the workflow returned: what the first sync created.
    expect(body.counts).toEqual(run.counts);
    expect((body.counts as Record<string, Record<string, number>>).organization!.create).toBe(result.counts.organization!.create);
    expect(Date.parse(String(body.finishedAt))).toBeGreaterThanOrEqual(Date.parse(String(body.startedAt)));
    expect(await logRows(h, { runId: result.runId, entity: 'run', action: 'info' })).toEqual([]);
  });

  it('a receiver that answers with an error does not fail the run; the log says the notification failed', async () => {
    receiver.status = 500;
    receiver.received = [];
    const result = await runSync(h, 'incremental');
    expect(receiver.received).toHaveLength(1);
    expect((await runRow(h, result.runId))!.status).toBe('completed');
    const [note] = await logRows(h, { runId: result.runId, entity: 'run', action: 'info' });
    expect(note?.message).toBe('webhook notification failed: HTTP 500');
  });

  it('a receiver that is gone does not fail the run either', async () => {
    // A port nothing listens on any more.
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(gone.address() as AddressInfo).port}/hooks/sync`;
    await new Promise((resolve) => gone.close(resolve));
    await setSettings(h, { webhookUrl: url });
    const result = await runSync(h, 'incremental');
    expect((await runRow(h, result.runId))!.status).toBe('completed');
    const [note] = await logRows(h, { runId: result.runId, entity: 'run', action: 'info' });
    expect(note?.message).toMatch(/^webhook notification failed: /);
  });
});
