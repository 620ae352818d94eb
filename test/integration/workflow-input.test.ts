/**
 * Workflow inputs typed into the Web UI (SPEC §1): bad input fails the workflow at once with a
 * message naming each bad field, and an unknown integration fails without retries and says so.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, type TemporalFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

/** Runs a workflow that must fail; returns its failure and the event types of its history. */
async function failure(workflowType: string, input: unknown): Promise<{ cause: TemporalFailure; events: string[]; attempts: number[] }> {
  const handle = await h.temporal.workflow.start(workflowType, { taskQueue: h.taskQueue, workflowId: `input-test:${randomUUID()}`, args: [input] });
  const error = await handle.result().then(
    () => expect.unreachable('the workflow should fail'),
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause as TemporalFailure;
  const history = await handle.fetchHistory();
  const events = (history.events ?? []).map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? 'EVENT_TYPE_UNSPECIFIED');
  const attempts = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt ?? 0] : []));
  return { cause, events, attempts };
}

const activityEvents = (events: string[]) => events.filter((e) => e.startsWith('EVENT_TYPE_ACTIVITY_TASK'));

describe('bad workflow input', () => {
  it('fails a full sync at once, naming each bad field', async () => {
    const { cause, events } = await failure('fullSyncWorkflow', { integrationId: 'BAD ID', mode: 'sometimes' });
    if (!(cause instanceof ApplicationFailure)) return expect.unreachable('an ApplicationFailure');
    expect(cause.type).toBe('InvalidInput');
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toMatch(/^Invalid full sync input: /);
    expect(cause.message).toMatch(/integrationId: must be 1-63 lower-case letters/);
    expect(cause.message).toMatch(/mode: .*"incremental".*"full"/);
    // Nothing ran: no activity was scheduled, the workflow failed in its first task.
    expect(activityEvents(events)).toEqual([]);
    expect(events.at(-1)).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_FAILED');
  });

  it('names unknown fields and missing ones', async () => {
    const unknown = await failure('fullSyncWorkflow', { integrationId: 'acme', mdoe: 'full' });
    expect(unknown.cause.message).toMatch(/unknown field\(s\) mdoe/);
    const missing = await failure('fullSyncWorkflow', {});
    expect(missing.cause.message).toMatch(/integrationId: /);
    const none = await failure('previewWorkflow', { integrationId: 'acme', entities: ['organization', 'tickets'] });
    expect(none.cause.message).toMatch(/^Invalid preview input: entities\.1: /);
    expect(activityEvents(none.events)).toEqual([]);
  });
});

describe('an unknown integration', () => {
  it('fails a full sync without retrying, with a clear message', async () => {
    const { cause, events, attempts } = await failure('fullSyncWorkflow', { integrationId: 'no-such-integration', mode: 'full' });
    // The activity that found no integration failed once and was not retried.
    expect(activityEvents(events)).toEqual(['EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', 'EVENT_TYPE_ACTIVITY_TASK_STARTED', 'EVENT_TYPE_ACTIVITY_TASK_FAILED']);
    expect(attempts).toEqual([1]);
    // The workflow's own failure names the problem; the activity's failure is its cause.
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.message).toBe('full sync failed: integration "no-such-integration" does not exist');
    expect(cause.cause).toBeInstanceOf(ActivityFailure);
    const root = cause.cause?.cause;
    if (!(root instanceof ApplicationFailure)) return expect.unreachable('an ApplicationFailure from the activity');
    expect(root.message).toBe('integration "no-such-integration" does not exist');
    expect(root.nonRetryable).toBe(true);
    expect(root.type).toBe('InputError');
  });
});
