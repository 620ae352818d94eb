/** Service-desk tickets (bms-api.md §3.5): list, search, get, create. */
import { z } from 'zod';
import type { Router } from '../../common/router.js';
import { TICKET_SOURCES } from '../defaults.js';
import { fullName, ticketDto, ticketRowDto } from '../dto.js';
import type { BmsStore, Ticket } from '../store.js';
import { contains, idParam, ok, parseJsonBody, timeOf, type Params } from '../wire.js';
import { assertValid, listFromBody, listFromQuery, notFoundError, requiredId, writeStamp, type ListSpec, type RouteContext } from './context.js';

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

/** The ticket filter (TicketFilterDto) shared by the GET list and the POST search. */
function selectTickets(store: BmsStore, f: Params): Ticket[] {
  const text = (name: string) => f.text(name);
  const [title, account, accountCode, locationName, assignee, number, details, contactName] = [
    'Title', 'Account', 'AccountCode', 'LocationName', 'AssigneeName', 'TicketNumber', 'Details', 'ContactName',
  ].map(text);
  const names = (name: string) => f.textList(name)?.map((n) => n.toLowerCase());
  const [statusNames, queueNames, priorityNames, typeNames] = ['StatusNames', 'QueueNames', 'PriorityNames', 'TicketTypeNames'].map(names);
  const sourceIds = f.intList('SourceIds');
  const accountIds = f.intList('AccountIds');
  const excludeCompleted = f.int('ExcludeCompleted') === 1 || f.bool('ExcludeCompleted') === true;
  const [contactId, assetId, locationId] = [f.int('ContactId'), f.int('HardwareAssetId'), f.int('AccountLocationId')];
  const range = (name: string) => [f.date(`${name}From`), f.date(`${name}To`, true)] as const;
  const [openFrom, openTo] = range('OpenDate');
  const [completedFrom, completedTo] = range('CompletedDate');
  const [createdFrom, createdTo] = range('CreatedOn');
  const [activityFrom, activityTo] = range('LastActivityUpdate');
  const [dueFrom, dueTo] = range('DueDate');
  const inList = (list: string[] | undefined, value: string | null | undefined) => list === undefined || (!!value && list.includes(value.toLowerCase()));

  return [...store.tickets.values()]
    .filter((t) => {
      const acc = store.accounts.get(t.accountId);
      const status = store.lookupName('TicketStatus', t.statusId);
      return (
        contains(t.title, title) &&
        (account === undefined || contains(acc?.accountName, account)) &&
        (accountCode === undefined || contains(acc?.accountCode, accountCode)) &&
        (locationName === undefined || contains(store.location(t.locationId)?.locationName, locationName)) &&
        (assignee === undefined || contains(t.assigneeId ? store.employees.get(t.assigneeId)?.fullName : undefined, assignee)) &&
        (number === undefined || contains(t.ticketNumber, number)) &&
        (details === undefined || contains(t.details, details)) &&
        (contactName === undefined || contains(t.contactId ? fullName(store.contacts.get(t.contactId) ?? {}) : undefined, contactName)) &&
        inList(statusNames, status) &&
        inList(queueNames, store.lookupName('Queue', t.queueId)) &&
        inList(priorityNames, store.lookupName('TicketPriority', t.priorityId)) &&
        inList(typeNames, store.lookupName('TicketType', t.typeId)) &&
        (sourceIds === undefined || (t.sourceId !== null && t.sourceId !== undefined && sourceIds.includes(t.sourceId))) &&
        (accountIds === undefined || accountIds.includes(t.accountId)) &&
        (!excludeCompleted || (!t.completedDate && status !== 'Completed')) &&
        (contactId === undefined || t.contactId === contactId) &&
        (assetId === undefined || t.hardwareAssetId === assetId) &&
        (locationId === undefined || t.locationId === locationId) &&
        f.inRange(t.openDate, openFrom, openTo) &&
        f.inRange(t.completedDate, completedFrom, completedTo) &&
        f.inRange(t.createdOn, createdFrom, createdTo) &&
        f.inRange(t.lastActivityUpdate ?? t.modifiedOn, activityFrom, activityTo) &&
        f.inRange(t.dueDate, dueFrom, dueTo)
      );
    })
    .sort((a, b) => a.id - b.id);
}

function ticketNumber(id: number, openDate: string): string {
  const day = (timeOf(openDate) !== undefined ? new Date(timeOf(openDate)!) : new Date()).toISOString().slice(0, 10).replaceAll('-', '');
  return `T${day}.${String(id).padStart(4, '0')}`;
}

export function registerTicketRoutes(router: Router, ctx: RouteContext): void {
  const { store } = ctx;
  const spec: ListSpec<Ticket> = { withTotal: true, select: (f) => selectTickets(store, f), toDto: (t) => ticketRowDto(store, t) };

  router.get('/v2/servicedesk/tickets', (req) => listFromQuery(ctx, req, spec));
  router.post('/v2/servicedesk/tickets/search', (req) => listFromBody(ctx, req, spec));

  router.get('/v2/servicedesk/tickets/{id}', (req) => {
    const id = idParam(req, 'id');
    const ticket = store.tickets.get(id);
    if (!ticket) throw notFoundError('Ticket', id);
    return ok(ticketDto(store, ticket));
  });

  router.post('/v2/servicedesk/tickets', (req) => {
    const input = parseJsonBody(req, ticketInput);
    const accountExists = store.accounts.has(input.accountId);
    assertValid([
      !accountExists && `accountId: account ${input.accountId} does not exist`,
      accountExists && store.locationOwner.get(input.locationId) !== input.accountId && `locationId: location ${input.locationId} does not belong to account ${input.accountId}`,
      !store.lookupRow('TicketStatus', input.statusId) && `statusId: status ${input.statusId} does not exist`,
      !store.lookupRow('TicketPriority', input.priorityId) && `priorityId: priority ${input.priorityId} does not exist`,
      !store.lookupRow('TicketType', input.typeId) && `typeId: ticket type ${input.typeId} does not exist`,
      !(input.sourceId in TICKET_SOURCES) && `sourceId: source ${input.sourceId} does not exist`,
      !!input.queueId && !store.lookupRow('Queue', input.queueId) && `queueId: queue ${input.queueId} does not exist`,
      !!input.contactId && store.contacts.get(input.contactId)?.accountId !== input.accountId && `contactId: contact ${input.contactId} does not belong to account ${input.accountId}`,
      !!input.hardwareAssetId && !store.assets.has(input.hardwareAssetId) && `hardwareAssetId: hardware asset ${input.hardwareAssetId} does not exist`,
      !!input.assigneeId && !store.employees.has(input.assigneeId) && `assigneeId: employee ${input.assigneeId} does not exist`,
      timeOf(input.openDate) === undefined && `openDate: '${input.openDate}' is not a valid date`,
    ]);
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
      sourceId: input.sourceId,
      queueId: input.queueId ?? null,
      assigneeId: input.assigneeId ?? null,
      hardwareAssetId: input.hardwareAssetId ?? null,
      contractId: input.contractId ?? null,
      dueDate: input.dueDate ?? null,
      openDate: input.openDate,
      completedDate: null,
      lastActivityUpdate: now,
      createdOn: now,
      createdBy: userId,
      modifiedOn: now,
      modifiedBy: userId,
    };
    store.saveTicket(ticket);
    return ok(ticketDto(store, ticket));
  });
}
