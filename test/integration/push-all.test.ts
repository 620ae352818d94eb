/**
 * Push All against the real stack: the pre-check report, approval by an allowed approver (and
 * refusal of others and of unknown signals), rejection, expiry, a pre-check blocked by a missing BMS account type, the
 * push's end state in BMS (created, linked instead of duplicated, parent accounts set), and the
 * once-only rule kept in PostgreSQL.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { links, pushAllRequests } from '../../db/schema.js';
import type { temporal } from '@temporalio/proto';
import { approveSignal, HANDLER_DESCRIPTIONS, pushAllStatusQuery, rejectSignal } from '../../contract/messages.js';
import type { PushAllResult } from '../../workflows/push-all.js';
import { createHarness, type Harness } from '../support/harness.js';
import { APPROVER, BMS_CONTOSO, ORG, PUSH_ALL_SETTINGS, pushAllDataset } from '../support/push-all-dataset.js';
import { bmsAccounts, bmsAssets, bmsContacts, duplicates, pushAllRows, requestPushAll, waitForStatus } from '../support/push-all.js';

describe('approved', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ dataset: pushAllDataset(), settings: PUSH_ALL_SETTINGS });
  });
  afterAll(async () => h?.close());

  it('reports the pre-check, waits for an approver, then pushes once: creates, links what exists, sets parent accounts', async () => {
    const handle = await requestPushAll(h);
    const waiting = await waitForStatus(handle, (v) => v.status === 'awaiting-approval');
    const p = waiting.precheck!;
    expect(p.blockers).toEqual([]);
    expect(p.eligible).toEqual({ organization: 4, location: 5, contact: 3, configuration: 2 });
    expect(p.ineligible.organization).toBe(2); // inactive "Old Client", Vendor "Our MSP"
    expect(p.ineligible.configuration).toBe(1); // a Printer
    expect(p.existingInBmsCount).toEqual({ organization: 1, location: 1, contact: 1, configuration: 0 });
    expect(p.existingInBms).toContainEqual(expect.objectContaining({ entity: 'organization', itglueId: String(ORG.contoso), bmsId: String(BMS_CONTOSO) }));
    expect(p.incomplete).toEqual({ contact: { 'a phone number': 1 } });
    expect(waiting.expiresAt).not.toBeNull();

    // Asking again while it waits returns the waiting request.
    const again = await requestPushAll(h);
    expect(again.firstExecutionRunId).toBe(handle.firstExecutionRunId);

    await handle.signal(approveSignal, { approver: APPROVER, comment: 'reviewed with the customer' });
    await handle.signal(approveSignal, { approver: APPROVER, comment: 'sent twice' });
    const result = (await handle.result()) as PushAllResult;
    expect(result.status).toBe('completed');
    expect(result.report?.organization).toMatchObject({ created: 3, 'linked-existing': 1, 'parent-set': 1 });
    // Acme Warehouse is a second location of a new account: BMS v2 has no route to add it, so it
    // is held with what to do in BMS (test/integration/location-holds.test.ts).
    // Contoso HQ exists in BMS and is linked, but its IT Glue phone cannot be written there (no route
    // edits a location): that write is held too.
    expect(result.report?.location).toMatchObject({ 'linked-existing': 1, hold: 2 });
    expect(result.report?.location?.created).toBeUndefined();
    expect(result.report?.contact).toMatchObject({ created: 1, 'linked-existing': 1, error: 1 });
    expect(result.report?.configuration).toMatchObject({ created: 2 });

    // BMS: one account per eligible organization, Contoso not duplicated, the parent set.
    const accounts = await bmsAccounts(h);
    expect(accounts.map((a) => a.accountName).sort()).toEqual(['Acme Corporation', 'Acme West', 'Contoso Ltd', 'Globex']);
    expect(accounts.find((a) => a.accountName === 'Contoso Ltd')!.id).toBe(BMS_CONTOSO);
    const acme = accounts.find((a) => a.accountName === 'Acme Corporation')!;
    expect(accounts.find((a) => a.accountName === 'Acme West')!.parentId).toBe(acme.id);
    expect(acme.locations.map((l) => l.locationName).sort()).toEqual(['Acme HQ']);
    const [warehouse] = await h.database.db
      .select()
      .from(links)
      .where(and(eq(links.integrationId, h.integrationId), eq(links.entity, 'location'), eq(links.state, 'held'), isNull(links.bmsId)));
    expect(warehouse!.reason).toContain(`add location "Acme Warehouse" (2 Dock Rd`);
    expect(warehouse!.reason).toContain(`to BMS account ${acme.id}`);
    const contoso = accounts.find((a) => a.accountName === 'Contoso Ltd')!;
    expect(contoso.locations.map((l) => l.locationName)).toEqual(['Contoso HQ']);

    const contacts = await bmsContacts(h);
    expect(contacts.map((c) => `${c.firstName} ${c.lastName}`).sort()).toEqual(['Ann Lee', 'John Smith']);
    expect(contacts.find((c) => c.firstName === 'John')!.jobTitle).toBe('CTO');
    expect((await bmsAssets(h)).map((a) => a.name).sort()).toEqual(['ACME-WS-01', 'GLX-SRV-01']);

    // Linked records exchange what the other side lacks: BMS's location of the existing contact
    // comes to IT Glue; IT Glue's phone of the existing location would go to BMS, but BMS v2 cannot
    // edit a location, so that write is held (the link says what to do) and IT Glue keeps it.
    const bmsContosoHq = (await h.bms.admin.list<{ id: number; addresses: { phone: string | null }[] }>('locations')).find((l) => l.id === 9011)!;
    expect(bmsContosoHq.addresses[0]!.phone ?? null).toBeNull();
    const itgLocations = await h.itglue.admin.list<{ id: string; name: string; phone: string | null }>('locations');
    const itgContosoHq = itgLocations.find((l) => l.name === 'Contoso HQ')!;
    expect(itgContosoHq.phone).toBe('15550100'); // IT Glue keeps digits only
    const [contosoHqLink] = await h.database.db
      .select()
      .from(links)
      .where(and(eq(links.integrationId, h.integrationId), eq(links.entity, 'location'), eq(links.itglueId, itgContosoHq.id)));
    expect(contosoHqLink).toMatchObject({ state: 'enabled', bmsId: '9011' });
    expect(contosoHqLink!.reason).toContain('BMS v2 cannot edit a location: change phone of location "Contoso HQ"');
    const ann = (await h.itglue.admin.list<{ 'first-name': string; 'location-id': number | null }>('contacts')).find((c) => c['first-name'] === 'Ann')!;
    expect(String(ann['location-id'])).toBe(itgContosoHq.id);

    // The existing BMS account is linked to the IT Glue organization.
    const [contosoLink] = await h.database.db
      .select()
      .from(links)
      .where(and(eq(links.integrationId, h.integrationId), eq(links.entity, 'organization'), eq(links.itglueId, String(ORG.contoso))));
    expect(contosoLink).toMatchObject({ bmsId: String(BMS_CONTOSO), state: 'enabled' });

    const { requests, events } = await pushAllRows(h);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ status: 'completed', decidedBy: APPROVER, decisionComment: 'reviewed with the customer' });
    // The second approval came after the decision: refused and recorded, changing nothing.
    expect(events.map((e) => e.kind)).toEqual(['approved', 'refused']);
    expect(events[1]!.reason).toMatch(/already approved by manager@msp\.example/);
    // The test server suggests continue-as-new early: the request went on in new runs, and
    // the status (decision, refused attempts) came along.
    const runs: string[] = [];
    for await (const e of h.temporal.workflow.list({ query: `WorkflowId = "${handle.workflowId}"` })) runs.push(e.runId);
    expect(runs.length).toBeGreaterThan(1);
    const final = await handle.query(pushAllStatusQuery);
    expect(final.status).toBe('completed');
    expect(final.refusedApprovals).toEqual([expect.objectContaining({ approver: APPROVER, reason: expect.stringMatching(/already approved/) })]);
  });

  it('refuses a second Push All once one has completed, at start and in PostgreSQL', async () => {
    const handle = await requestPushAll(h);
    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(String((failure as WorkflowFailedError).cause?.message)).toMatch(/already completed.*can never run again/);

    // The partial unique index refuses a second completed request whatever the code does.
    const { requests } = await pushAllRows(h);
    const attempt = h.database.db
      .insert(pushAllRequests)
      .values({ integrationId: h.integrationId, workflowId: 'manual', workflowRunId: 'manual', status: 'completed', requestedBy: 'someone' });
    const refused = (await attempt.then(() => null, (err: unknown) => err)) as { cause?: { code?: string; constraint_name?: string } } | null;
    expect(refused?.cause).toMatchObject({ code: '23505', constraint_name: 'push_all_once' });
    expect((await pushAllRows(h)).requests).toHaveLength(requests.length);
    expect((await bmsAccounts(h)).length).toBe(4);
  });
});

describe('not approved', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ dataset: pushAllDataset(), settings: PUSH_ALL_SETTINGS });
  });
  afterAll(async () => h?.close());

  it('refuses an identity that is not an approver, records it and shows it; a rejection ends the request', async () => {
    const handle = await requestPushAll(h);
    await waitForStatus(handle, (v) => v.status === 'awaiting-approval');
    await handle.signal(approveSignal, { approver: 'intruder@evil.example' });
    const refused = await waitForStatus(handle, (v) => v.refusedApprovals.length === 1);
    expect(refused.status).toBe('awaiting-approval');
    expect(refused.refusedApprovals[0]).toMatchObject({ approver: 'intruder@evil.example' });
    expect(refused.refusedApprovals[0]!.reason).toMatch(/not an approver/);

    // A signal of another name (a typo in the Web UI) is refused and recorded, not dropped.
    await handle.signal('aprove', { approver: APPROVER });
    const unknown = await waitForStatus(handle, (v) => v.refusedApprovals.length === 2);
    expect(unknown.status).toBe('awaiting-approval');
    expect(unknown.refusedApprovals[1]).toMatchObject({ approver: APPROVER, reason: 'unknown signal "aprove": only approve and reject are accepted' });
    // The Web UI shows what each signal and query does.
    const metadata = await handle.query<temporal.api.sdk.v1.IWorkflowMetadata>('__temporal_workflow_metadata');
    const described = (list: { name?: string | null; description?: string | null }[] | null | undefined) => Object.fromEntries((list ?? []).map((d) => [d.name, d.description]));
    expect(described(metadata.definition?.signalDefinitions)).toEqual({ approve: HANDLER_DESCRIPTIONS.approve, reject: HANDLER_DESCRIPTIONS.reject });
    expect(described(metadata.definition?.queryDefinitions).status).toBe(HANDLER_DESCRIPTIONS.pushAllStatus);

    await handle.signal(rejectSignal, { approver: APPROVER.toUpperCase(), comment: 'BMS is not ready' });
    const result = (await handle.result()) as PushAllResult;
    expect(result.status).toBe('rejected');
    expect(result.message).toMatch(/BMS is not ready/);

    const { requests, events } = await pushAllRows(h);
    expect(requests.at(-1)).toMatchObject({ status: 'rejected', decidedBy: APPROVER.toUpperCase() });
    expect(events.map((e) => [e.kind, e.actor])).toEqual([
      ['refused', 'intruder@evil.example'],
      ['refused', APPROVER],
      ['rejected', APPROVER.toUpperCase()],
    ]);
    expect((await bmsAccounts(h)).map((a) => a.id)).toEqual([BMS_CONTOSO]); // nothing pushed
  });

  it('expires when nobody decides in time', async () => {
    const handle = await requestPushAll(h, { approvalTimeout: '5s' });
    const waiting = await waitForStatus(handle, (v) => v.status === 'awaiting-approval');
    expect(Date.parse(waiting.expiresAt!) - Date.now()).toBeLessThanOrEqual(5_000);
    const result = (await handle.result()) as PushAllResult;
    expect(result.status).toBe('expired');
    expect(result.message).toMatch(/no approval within 5s/);
    const { requests, events } = await pushAllRows(h);
    expect(requests.at(-1)).toMatchObject({ status: 'expired' });
    expect(events.at(-1)).toMatchObject({ kind: 'expired' });
    expect((await bmsAccounts(h)).map((a) => a.id)).toEqual([BMS_CONTOSO]);
  });
});

describe('bad input', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ dataset: pushAllDataset(), settings: PUSH_ALL_SETTINGS });
  });
  afterAll(async () => h?.close());

  it('fails at once, naming each bad field, before any request exists', async () => {
    const handle = await h.temporal.workflow.start('pushAllWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: `push-all-bad-input:${h.integrationId}`,
      args: [{ integrationId: h.integrationId, approvalTimeout: 'a week', extra: true }],
    });
    const failure = (await handle.result().catch((err: unknown) => err)) as WorkflowFailedError;
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const message = String(failure.cause?.message);
    expect(message).toMatch(/requestedBy/);
    expect(message).toMatch(/approvalTimeout: must be a duration/);
    expect(message).toMatch(/unknown field\(s\) extra/);
    expect((await pushAllRows(h)).requests).toEqual([]);
  });
});

describe('blocked', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      dataset: pushAllDataset({ managedClient: true }),
      settings: { ...PUSH_ALL_SETTINGS, accountTypes: [...PUSH_ALL_SETTINGS.accountTypes, 'Managed Client'] },
    });
  });
  afterAll(async () => h?.close());

  it('blocks on an account type BMS does not have, without waiting for approval or pushing', async () => {
    const handle = await requestPushAll(h);
    const result = (await handle.result()) as PushAllResult;
    expect(result.status).toBe('blocked');
    expect(result.precheck!.missingInBms.map((m) => [m.kind, m.name])).toEqual([['account type', 'Managed Client']]);
    expect(result.precheck!.blockers).toEqual([expect.stringMatching(/BMS has no account type "Managed Client" \(used by 1 eligible organization\)/)]);
    expect(result.precheck!.eligible.organization).toBe(5);
    const { requests } = await pushAllRows(h);
    expect(requests.at(-1)).toMatchObject({ status: 'blocked' });
    expect((await bmsAccounts(h)).map((a) => a.id)).toEqual([BMS_CONTOSO]);
  });
});
