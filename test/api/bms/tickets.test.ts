/**
 * Tickets through the BMS client against the simulator: the documented list filters (account,
 * status, completion, last activity, issue types), paging, search, count and searchselect (which
 * must not be taken for a ticket id), the single ticket, admin edits that move the last-activity
 * time, and the lookups that name what a ticket references.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BMS_TICKET_SOURCES, type BmsClient } from '../../../clients/bms/index.js';
import { collect, failure, rawCall, rawLogin, startBms, type RunningBms } from './helpers.js';
import { ticketDataset } from './ticket-dataset.js';

let bms: RunningBms;
let client: BmsClient;

beforeAll(async () => {
  bms = await startBms({ dataset: ticketDataset() });
  client = bms.client();
});
afterAll(() => bms.close());
beforeEach(async () => {
  await bms.admin.load(ticketDataset());
  await bms.admin.clearFaults();
  await bms.admin.resetCounters();
});

const ids = (page: { items: { id: number }[] }) => page.items.map((t) => t.id);

describe('ticket list filters', () => {
  it('filters by account, status names, completion and issue types', async () => {
    expect(ids(await client.listTicketsPage({ filter: { accountIds: [2] } }))).toEqual([2, 5]);
    expect(ids(await client.listTicketsPage({ filter: { accountIds: [1, 2], statusNames: ['new', 'Waiting on Customer'] } }))).toEqual([1, 5]);
    expect(ids(await client.listTicketsPage({ filter: { excludeCompleted: true } }))).toEqual([1, 2, 5]);
    expect(ids(await client.listTicketsPage({ filter: { excludeCompleted: false } }))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(await client.listTicketsPage({ filter: { issueTypeNames: ['hardware'] } }))).toEqual([1, 2]);
    expect(ids(await client.listTicketsPage({ filter: { subIssueTypeNames: ['VPN', 'Printer'] } }))).toEqual([1, 4]);
    expect(ids(await client.listTicketsPage({ filter: { assigneeName: 'alex' } }))).toEqual([1]);
    expect(ids(await client.listTicketsPage({ filter: { accountIds: [99] } }))).toEqual([]);
  });

  it('filters by last activity and completion dates, both bounds inclusive', async () => {
    // Last activity: 1 → 05-01 10:00, 2 → 05-10, 3 → 05-05 11:00, 4 → 02-01, 5 → 05-20.
    expect(ids(await client.listTicketsPage({ filter: { lastActivityUpdateFrom: '2024-05-05T11:00:00' } }))).toEqual([2, 3, 5]);
    expect(ids(await client.listTicketsPage({ filter: { lastActivityUpdateFrom: '2024-05-01T10:00:00', lastActivityUpdateTo: '2024-05-10T09:00:00' } }))).toEqual([1, 2, 3]);
    expect(ids(await client.listTicketsPage({ filter: { lastActivityUpdateTo: new Date('2024-03-01T00:00:00Z') } }))).toEqual([4]);
    // A date-only upper bound covers that whole day.
    expect(ids(await client.listTicketsPage({ filter: { completedDateFrom: '2024-05-01', completedDateTo: '2024-05-05' } }))).toEqual([3]);
    // The first sync of the engine: open tickets, and those completed since a cut-off.
    const open = ids(await client.listTicketsPage({ filter: { excludeCompleted: true } }));
    const recent = ids(await client.listTicketsPage({ filter: { completedDateFrom: '2024-03-01' } }));
    expect([...open, ...recent].sort()).toEqual([1, 2, 3, 5]);
  });

  it('pages with totalRecords, and iterates every page; search takes the same filters in a body', async () => {
    const first = await client.listTicketsPage({ pageSize: 2 });
    expect(first).toMatchObject({ totalRecords: 5, hasMore: true });
    expect(ids(await client.listTicketsPage({ pageSize: 2, pageNumber: 3 }))).toEqual([5]);
    expect((await collect(client.iterateTickets({ accountIds: [1] }))).map((t) => t.id)).toEqual([1, 3, 4]);
    const searched = await client.searchTicketsPage({ pageSize: 2, filter: { lastActivityUpdateFrom: '2024-05-01T00:00:00', excludeCompleted: true } });
    expect(searched).toMatchObject({ totalRecords: 3, hasMore: true });
    expect((await collect(client.iterateTicketSearch({ accountIds: [2] }))).map((t) => t.id)).toEqual([2, 5]);
  });

  it('refuses the filters whose meaning is undocumented instead of ignoring them', async () => {
    const { accessToken } = await rawLogin(bms.url);
    const response = await rawCall(bms.url, accessToken, 'GET', '/v2/servicedesk/tickets?Filter.OwnerIds=1&Filter.FromDate=2024-01-01');
    expect(response.status).toBe(400);
    expect(response.body.error.subErrors).toEqual([
      "FromDate: this filter's meaning is undocumented; the simulator does not model it",
      "OwnerIds: this filter's meaning is undocumented; the simulator does not model it",
    ]);
  });
});

describe('count and searchselect', () => {
  it('counts with the list filters (no Filter. prefix)', async () => {
    expect(await client.countTickets()).toBe(5);
    expect(await client.countTickets({ excludeCompleted: true, accountIds: [1, 2] })).toBe(3);
    expect(await client.countTickets({ lastActivityUpdateFrom: '2024-05-05T11:00:00' })).toBe(3);
    expect(await client.countTickets({ statusNames: ['Completed'] })).toBe((await client.listTicketsPage({ filter: { statusNames: ['Completed'] } })).totalRecords);
  });

  it('serves the slim list with its own filters', async () => {
    const page = await client.listTicketSearchSelectPage({ filter: { accountId: 1, excludeCompleted: true } });
    expect(page.items).toEqual([
      { id: 1, ticketNumber: 'T20240501.0001', title: 'Printer offline', queueId: 1, queueName: 'Help Desk', assigneeId: 2, assigneeName: 'Alex Tech', openDate: '2024-05-01T09:00:00', statusId: 1, statusName: 'New' },
    ]);
    expect(page.totalRecords).toBeUndefined();
    expect(ids(await client.listTicketSearchSelectPage({ filter: { statusName: 'complet' } }))).toEqual([3, 4]);
    expect(ids(await client.listTicketSearchSelectPage({ filter: { accountId: 2, excludedId: 2 } }))).toEqual([5]);
    expect((await collect(client.iterateTicketSearchSelect({ openDateFrom: '2024-05-03' }))).map((t) => t.id)).toEqual([2, 3, 5]);
  });

  it('routes count and searchselect to themselves, not to GET /tickets/{ticketId}', async () => {
    await client.countTickets();
    await client.listTicketSearchSelectPage();
    const { routes } = await bms.admin.counters();
    expect(routes['GET /v2/servicedesk/tickets/count']).toBe(1);
    expect(routes['GET /v2/servicedesk/tickets/searchselect']).toBe(1);
    expect(routes['GET /v2/servicedesk/tickets/{ticketId}']).toBeUndefined();
  });
});

describe('a single ticket', () => {
  it('names everything it references', async () => {
    const ticket = await client.getTicket(1);
    expect(ticket).toMatchObject({
      accountName: 'Contoso Ltd',
      locationName: 'Head Office',
      contactName: 'Jane Doe',
      contactEmail: 'user1@customer1.example',
      statusName: 'New',
      priorityName: 'Medium',
      typeName: 'Service Request',
      issueTypeName: 'Hardware',
      subIssueTypeName: 'Printer',
      queueName: 'Help Desk',
      assigneeName: 'Alex Tech',
      hardwareAssetName: 'PC-0001',
      sourceName: BMS_TICKET_SOURCES[4],
      lastActivityUpdate: '2024-05-01T10:00:00',
    });
  });

  it('answers 404 for an unknown ticket and 400 for an id that is not a number', async () => {
    expect((await failure(client.getTicket(999))).kind).toBe('not-found');
    const { accessToken } = await rawLogin(bms.url);
    expect((await rawCall(bms.url, accessToken, 'GET', '/v2/servicedesk/tickets/abc')).status).toBe(400);
  });
});

describe('a technician works on a ticket (admin API)', () => {
  it('completing it moves the status, completion and last-activity times; reopening clears the completion', async () => {
    const before = await client.getTicket(2);
    const edited = await bms.admin.edit<Record<string, unknown>>('tickets', 2, { statusId: 4, assigneeId: 1 });
    expect(edited.completedDate).toEqual(edited.lastActivityUpdate);
    expect(edited.lastStatusUpdate).toEqual(edited.lastActivityUpdate);
    expect(edited.modifiedBy).toBe(1);
    const after = await client.getTicket(2);
    expect(after).toMatchObject({ statusName: 'Completed', assigneeName: 'System Administrator', modifiedBy: 1 });
    expect(after.lastActivityUpdate! > before.lastActivityUpdate!).toBe(true);
    // The engine's incremental read sees it.
    expect(ids(await client.listTicketsPage({ filter: { lastActivityUpdateFrom: before.modifiedOn!, accountIds: [2] } }))).toContain(2);
    expect(ids(await client.listTicketsPage({ filter: { excludeCompleted: true } }))).toEqual([1, 5]);

    await bms.admin.edit('tickets', 2, { statusId: 2, title: 'New laptop for Ken' });
    expect(await client.getTicket(2)).toMatchObject({ statusName: 'In Progress', completedDate: null, title: 'New laptop for Ken' });
  });

  it('moves the priority and queue times, and refuses bad edits naming the field', async () => {
    const edited = await bms.admin.edit<Record<string, string>>('tickets', 1, { priorityId: 4, queueId: 3, details: 'Printer on fire' });
    expect(edited.lastPriorityUpdate).toBe(edited.lastActivityUpdate);
    expect(edited.lastQueueUpdate).toBe(edited.lastActivityUpdate);
    await expect(bms.admin.edit('tickets', 1, { statusId: 99 })).rejects.toThrow(/statusId: status 99 does not exist/);
    await expect(bms.admin.edit('tickets', 1, { subIssueTypeId: 6 })).rejects.toThrow(/subIssueTypeId: sub-issue type 6 does not belong to issue type 1/);
    await expect(bms.admin.edit('tickets', 1, { colour: 'red' })).rejects.toThrow(/colour/);
    await expect(bms.admin.edit('tickets', 1, { contactId: 1003 })).rejects.toThrow(/contactId: contact 1003 does not belong to account 1/);
  });
});

describe('ticket lookups', () => {
  it('serves queues, issue types with their sub-issue types, assignees and statuses', async () => {
    expect((await client.listQueues()).map((q) => q.name)).toEqual(['Help Desk', 'Projects', 'Monitoring']);
    const issueTypes = await client.listIssueTypes();
    expect(issueTypes.map((t) => t.name)).toEqual(['Hardware', 'Software', 'Network', 'Email', 'User Account']);
    expect(await client.listIssueTypes({ name: 'net' })).toEqual([{ id: 3, name: 'Network', isActive: true }]);
    expect((await client.listIssueSubTypes(3)).map((s) => s.name)).toEqual(['VPN', 'Wi-Fi', 'Firewall']);
    expect((await failure(client.listIssueSubTypes(42))).kind).toBe('not-found');
    expect((await client.listAssigneesPage()).items).toEqual([
      { id: 1, name: 'System Administrator', emailAddress: 'admin@msp.example', jobTitle: null },
      { id: 2, name: 'Alex Tech', emailAddress: 'alex@msp.example', jobTitle: null },
    ]);
    expect((await collect(client.iterateAssignees({ name: 'alex', accountId: 1 }))).map((a) => a.id)).toEqual([2]);
    expect((await client.listAssigneesPage({ filter: { excludedIds: [1] } })).items.map((a) => a.id)).toEqual([2]);
    expect((await failure(client.listAssigneesPage({ filter: { accountId: 77 } }))).kind).toBe('not-found');
    expect((await client.listTicketStatuses()).find((s) => s.name === 'Completed')).toMatchObject({ typeId: 3 });
  });
});
