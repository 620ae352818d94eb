/**
 * Service-desk tickets (bms-api.md §3.5): list, search, count, searchselect, get, create; the
 * notes and checklist items of a ticket are in ticket-notes.ts and ticket-checklist.ts.
 */
import { z } from 'zod';
import type { Router, SimRequest } from '../../common/router.js';
import { fullName } from '../dto.js';
import { ticketDto, ticketRowDto, ticketSearchSelectDto } from '../dto-tickets.js';
import type { BmsStore, Ticket } from '../store.js';
import { isCompleted, lastActivityOf, ticketProblems } from '../ticket-writes.js';
import { contains, idParam, ok, Params, parseJsonBody, timeOf, validationError } from '../wire.js';
import { assertValid, listFromBody, listFromQuery, notFoundError, requiredId, writeStamp, type ListSpec, type RouteContext } from './context.js';
import { registerTicketChecklistRoutes } from './ticket-checklist.js';
import { registerTicketNoteRoutes } from './ticket-notes.js';

const optionalId = z.number().int().min(1).nullable().optional();

/** TicketInputDto (S2 required: title, details, accountId, locationId, statusId, priorityId, typeId, sourceId, openDate). */
const ticketInput = z.object({
  title: z.string().trim().min(1),
  details: z.string().trim().min(1),
  accountId: requiredId,
  locationId: requiredId,
  contactId: optionalId,
  softwareAssetId: optionalId,
  hardwareAssetId: optionalId,
  queueId: optionalId,
  statusId: requiredId,
  priorityId: requiredId,
  typeId: requiredId,
  issueTypeId: optionalId,
  subIssueTypeId: optionalId,
  contractId: optionalId,
  assigneeId: optionalId,
  workTypeId: optionalId,
  sourceId: z.number().int(),
  slaId: optionalId,
  openDate: z.string().min(1),
  dueDate: z.string().nullable().optional(),
  useDefaultContract: z.boolean().optional(),
});

// ASSUMPTION (bms-api.md §3.5): TicketFilterDto's FromDate, ToDate, Value, ActionType and OwnerIds
// have no documented meaning; the simulator refuses them rather than guess, so nothing comes to
// depend on a guess.
const UNMODELLED_FILTERS = ['FromDate', 'ToDate', 'Value', 'ActionType', 'OwnerIds'];

/**
 * The ticket filter (TicketFilterDto) shared by the GET list (`Filter.` prefix), the POST search
 * (body `filter`) and the count (no prefix).
 */
function selectTickets(store: BmsStore, f: Params): Ticket[] {
  const unmodelled = UNMODELLED_FILTERS.filter((name) => f.text(name) !== undefined);
  if (unmodelled.length) throw validationError(unmodelled.map((name) => `${name}: this filter's meaning is undocumented; the simulator does not model it`));
  const [title, account, accountCode, locationName, assignee, number, details, contactName, createdByName, assetName] = [
    'Title', 'Account', 'AccountCode', 'LocationName', 'AssigneeName', 'TicketNumber', 'Details', 'ContactName', 'CreatedByName', 'HardwareAssetName',
  ].map((name) => f.text(name));
  const names = (name: string) => f.textList(name)?.map((n) => n.toLowerCase());
  const [statusNames, queueNames, priorityNames, typeNames, issueTypeNames, subIssueTypeNames, slaNames] = [
    'StatusNames', 'QueueNames', 'PriorityNames', 'TicketTypeNames', 'IssueTypeNames', 'SubIssueTypeNames', 'ServiceLevelAgreementNames',
  ].map(names);
  const sourceIds = f.intList('SourceIds');
  const accountIds = f.intList('AccountIds');
  const slaEventStatusIds = f.intList('SLAEventStatusIds');
  const excludeCompleted = f.int('ExcludeCompleted') === 1;
  const [isScheduled, isRecurring] = [f.int('IsScheduled'), f.int('IsRecurringTickets')];
  const [contactId, assetId, locationId] = [f.int('ContactId'), f.int('HardwareAssetId'), f.int('AccountLocationId')];
  const range = (name: string) => [f.date(`${name}From`), f.date(`${name}To`, true)] as const;
  const ranges: Array<[readonly [number | undefined, number | undefined], (t: Ticket) => unknown]> = [
    [range('OpenDate'), (t) => t.openDate],
    [range('CompletedDate'), (t) => t.completedDate],
    [range('CreatedOn'), (t) => t.createdOn],
    [range('LastActivityUpdate'), (t) => lastActivityOf(t)],
    [range('LastStatusUpdate'), (t) => t.lastStatusUpdate],
    [range('LastPriorityUpdate'), (t) => t.lastPriorityUpdate],
    [range('LastQueueUpdate'), (t) => t.lastQueueUpdate],
    [range('DueDate'), (t) => t.dueDate],
    // No SLAs are modelled: tickets have no resolution target.
    [range('ResolutionTargetTime'), () => null],
  ];
  const inList = (list: string[] | undefined, value: string | null | undefined) => list === undefined || (!!value && list.includes(value.toLowerCase()));
  const accounts = accountIds ? new Set(accountIds) : undefined;

  return [...store.tickets.values()]
    .filter((t) => {
      if (accounts && !accounts.has(t.accountId)) return false;
      const acc = store.accounts.get(t.accountId);
      const asset = t.hardwareAssetId ? store.assets.get(t.hardwareAssetId) : undefined;
      return (
        contains(t.title, title) &&
        (account === undefined || contains(acc?.accountName, account)) &&
        (accountCode === undefined || contains(acc?.accountCode, accountCode)) &&
        (locationName === undefined || contains(store.location(t.locationId)?.locationName, locationName)) &&
        (assignee === undefined || contains(t.assigneeId ? store.employees.get(t.assigneeId)?.fullName : undefined, assignee)) &&
        (number === undefined || contains(t.ticketNumber, number)) &&
        (details === undefined || contains(t.details, details)) &&
        (contactName === undefined || contains(t.contactId ? fullName(store.contacts.get(t.contactId) ?? {}) : undefined, contactName)) &&
        (createdByName === undefined || contains(store.personName(t.createdBy), createdByName)) &&
        (assetName === undefined || contains(asset?.name, assetName)) &&
        inList(statusNames, store.lookupName('TicketStatus', t.statusId)) &&
        inList(queueNames, store.lookupName('Queue', t.queueId)) &&
        inList(priorityNames, store.lookupName('TicketPriority', t.priorityId)) &&
        inList(typeNames, store.lookupName('TicketType', t.typeId)) &&
        inList(issueTypeNames, store.lookupName('IssueType', t.issueTypeId)) &&
        inList(subIssueTypeNames, store.lookupName('IssueSubType', t.subIssueTypeId)) &&
        inList(slaNames, null) &&
        slaEventStatusIds === undefined &&
        (sourceIds === undefined || (t.sourceId !== null && t.sourceId !== undefined && sourceIds.includes(t.sourceId))) &&
        (!excludeCompleted || !isCompleted(store, t)) &&
        // Scheduled and recurring tickets are not modelled: every ticket is neither.
        (isScheduled === undefined || isScheduled === 0) &&
        (isRecurring === undefined || isRecurring === 0) &&
        (contactId === undefined || t.contactId === contactId) &&
        (assetId === undefined || t.hardwareAssetId === assetId) &&
        (locationId === undefined || t.locationId === locationId) &&
        ranges.every(([[from, to], value]) => f.inRange(value(t), from, to))
      );
    })
    .sort((a, b) => a.id - b.id);
}

/** The slim list's own filter (TicketsListSearchSelectFilterDto). */
function selectForSearchSelect(store: BmsStore, f: Params): Ticket[] {
  const [title, number, assignee, queue, status] = ['Title', 'TicketNumber', 'AssigneeName', 'QueueName', 'StatusName'].map((n) => f.text(n));
  const [accountId, excludedId] = [f.int('AccountId'), f.int('ExcludedId')];
  const excludeCompleted = f.bool('ExcludeCompleted') === true;
  // ASSUMPTION (bms-api.md §3.5): SupportsQueueAccess narrows to queues the user may see; the API
  // user sees every queue, so it changes nothing (its value is still checked).
  f.bool('SupportsQueueAccess');
  const [openFrom, openTo] = [f.date('OpenDateFrom'), f.date('OpenDateTo', true)];
  return [...store.tickets.values()]
    .filter(
      (t) =>
        (accountId === undefined || t.accountId === accountId) &&
        (excludedId === undefined || t.id !== excludedId) &&
        contains(t.title, title) &&
        (number === undefined || contains(t.ticketNumber, number)) &&
        (assignee === undefined || contains(t.assigneeId ? store.employees.get(t.assigneeId)?.fullName : undefined, assignee)) &&
        (queue === undefined || contains(store.lookupName('Queue', t.queueId), queue)) &&
        (status === undefined || contains(store.lookupName('TicketStatus', t.statusId), status)) &&
        (!excludeCompleted || !isCompleted(store, t)) &&
        f.inRange(t.openDate, openFrom, openTo),
    )
    .sort((a, b) => a.id - b.id);
}

function ticketNumber(id: number, openDate: string): string {
  const day = (timeOf(openDate) !== undefined ? new Date(timeOf(openDate)!) : new Date()).toISOString().slice(0, 10).replaceAll('-', '');
  return `T${day}.${String(id).padStart(4, '0')}`;
}

/** The ticket named by a route's `{ticketId}`, or 404. */
export type TicketOf = (req: SimRequest) => Ticket;

export function registerTicketRoutes(router: Router, ctx: RouteContext): void {
  const { store } = ctx;
  const ticketOf: TicketOf = (req) => {
    const id = idParam(req, 'ticketId');
    const ticket = store.tickets.get(id);
    if (!ticket) throw notFoundError('Ticket', id);
    return ticket;
  };
  const spec: ListSpec<Ticket> = { withTotal: true, select: (f) => selectTickets(store, f), toDto: (t) => ticketRowDto(store, t) };

  router.get('/v2/servicedesk/tickets', (req) => listFromQuery(ctx, req, spec));
  router.post('/v2/servicedesk/tickets/search', (req) => listFromBody(ctx, req, spec));

  // Registered before /{ticketId}, which would otherwise take "count" and "searchselect" for an id.
  router.get('/v2/servicedesk/tickets/count', (req) => {
    const count = store.cached(`count ${JSON.stringify([...req.query.entries()].map(([k, v]) => [k.toLowerCase(), v]).sort())}`, () =>
      selectTickets(store, Params.fromQuery(req.query)).length,
    );
    return ok({ count });
  });
  router.get('/v2/servicedesk/tickets/searchselect', (req) =>
    listFromQuery(ctx, req, { withTotal: false, select: (f) => selectForSearchSelect(store, f), toDto: (t) => ticketSearchSelectDto(store, t) }),
  );

  router.get('/v2/servicedesk/tickets/{ticketId}', (req) => ok(ticketDto(store, ticketOf(req))));

  router.post('/v2/servicedesk/tickets', (req) => {
    const input = parseJsonBody(req, ticketInput);
    assertValid([...ticketProblems(store, input), timeOf(input.openDate) === undefined && `openDate: '${input.openDate}' is not a valid date`]);
    const { now, userId } = writeStamp(ctx, req);
    const id = store.nextId('ticket');
    const ticket: Ticket = {
      id,
      ticketNumber: ticketNumber(id, input.openDate),
      title: input.title,
      details: input.details,
      accountId: input.accountId,
      locationId: input.locationId,
      contactId: input.contactId ?? null,
      statusId: input.statusId,
      priorityId: input.priorityId,
      typeId: input.typeId,
      issueTypeId: input.issueTypeId ?? null,
      subIssueTypeId: input.subIssueTypeId ?? null,
      sourceId: input.sourceId,
      queueId: input.queueId ?? null,
      assigneeId: input.assigneeId ?? null,
      hardwareAssetId: input.hardwareAssetId ?? null,
      contractId: input.contractId ?? null,
      dueDate: input.dueDate ?? null,
      openDate: input.openDate,
      completedDate: null,
      lastActivityUpdate: now,
      lastStatusUpdate: now,
      lastPriorityUpdate: null,
      lastQueueUpdate: null,
      createdOn: now,
      createdBy: userId,
      modifiedOn: now,
      modifiedBy: userId,
      notes: [],
      checklistItems: [],
    };
    store.saveTicket(ticket);
    return ok(ticketDto(store, ticket));
  });

  registerTicketNoteRoutes(router, ctx, ticketOf);
  registerTicketChecklistRoutes(router, ctx, ticketOf);
}
