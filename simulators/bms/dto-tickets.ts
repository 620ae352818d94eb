/**
 * Ticket DTOs (S2: TicketListDto, TicketOutputDto, TicketsListSearchSelectOutputDto,
 * TicketNoteOutputDto, TicketChecklistItemOutputDto), built from stored tickets with every
 * property S2 lists and the names of what they reference.
 */
import { TICKET_SOURCES } from './defaults.js';
import { audit, defaultOf, DOTNET_MIN_DATE, fullName, int0, num, str } from './dto.js';
import type { BmsStore, ChecklistItem, Ticket, TicketNote } from './store.js';
import { lastActivityOf } from './ticket-writes.js';

/** Names of everything a ticket references (shared by the list row and the single ticket). */
function ticketNames(store: BmsStore, t: Ticket) {
  const account = store.accounts.get(t.accountId);
  const contact = t.contactId ? store.contacts.get(t.contactId) : undefined;
  const status = store.lookupRow('TicketStatus', t.statusId);
  const priority = store.lookupRow('TicketPriority', t.priorityId);
  const location = store.location(t.locationId);
  return {
    account,
    contact,
    location,
    asset: t.hardwareAssetId ? store.assets.get(t.hardwareAssetId) : undefined,
    fields: {
      accountCode: account?.accountCode ?? null,
      accountName: account?.accountName ?? null,
      locationName: location?.locationName ?? null,
      contactName: contact ? fullName(contact) : null,
      queueName: store.lookupName('Queue', t.queueId),
      statusName: status?.name ?? null,
      statusColor: str(status?.color),
      statusForeColor: str(status?.fontColor),
      statusOrder: int0(status?.statusOrder),
      priorityName: priority?.name ?? null,
      priorityColor: str(priority?.color),
      typeName: store.lookupName('TicketType', t.typeId),
      issueTypeName: store.lookupName('IssueType', t.issueTypeId),
      subIssueTypeName: store.lookupName('IssueSubType', t.subIssueTypeId),
      assigneeName: t.assigneeId ? (store.employees.get(t.assigneeId)?.fullName ?? null) : null,
      createdByName: store.personName(t.createdBy),
    },
  };
}

/** TicketListDto */
export function ticketRowDto(store: BmsStore, t: Ticket) {
  const { fields: n, asset } = ticketNames(store, t);
  return {
    id: t.id,
    ...audit(t),
    tenantName: store.tenant,
    ticketNumber: t.ticketNumber ?? null,
    title: t.title,
    details: t.details ?? null,
    accountId: t.accountId,
    locationId: t.locationId ?? null,
    accountCode: n.accountCode,
    accountName: n.accountName,
    locationName: n.locationName,
    contactId: t.contactId ?? null,
    contactName: n.contactName,
    queueId: t.queueId ?? null,
    queueName: n.queueName,
    statusId: t.statusId,
    statusName: n.statusName,
    statusColor: n.statusColor,
    statusForeColor: n.statusForeColor,
    statusOrder: n.statusOrder,
    priorityId: t.priorityId,
    priorityName: n.priorityName,
    priorityColor: n.priorityColor,
    typeId: t.typeId ?? null,
    typeName: n.typeName,
    issueTypeId: t.issueTypeId ?? null,
    issueTypeName: n.issueTypeName,
    subIssueTypeId: t.subIssueTypeId ?? null,
    subIssueTypeName: n.subIssueTypeName,
    contractId: num(t.contractId),
    contractNumber: null,
    contractName: null,
    assigneeId: t.assigneeId ?? null,
    assigneeName: n.assigneeName,
    workTypeId: null,
    workTypeName: null,
    ticketRecurringMasterId: null,
    recurring: null,
    slaStatusEventId: null,
    sourceId: t.sourceId ?? null,
    slaId: null,
    slaObjectiveId: null,
    slaName: null,
    isScheduled: 0,
    hardwareAssetId: int0(t.hardwareAssetId),
    hasMetSLA: null,
    actualPauseMinutes: null,
    actualFirstResponseMinutes: null,
    actualResolutionMinutes: null,
    isSLAPaused: null,
    slaStatusEnum: null,
    openDate: t.openDate ?? null,
    dueDate: t.dueDate ?? null,
    completedDate: t.completedDate ?? null,
    reOpenedDate: null,
    lastActivityUpdate: lastActivityOf(t),
    resolutionTargetTime: null,
    resolutionActualTime: null,
    firstResponseTargetTime: null,
    firstResponseActualTime: null,
    slaLastPausedTime: null,
    slaLastResumedTime: null,
    lastStatusUpdate: t.lastStatusUpdate ?? null,
    lastPriorityUpdate: t.lastPriorityUpdate ?? null,
    lastQueueUpdate: t.lastQueueUpdate ?? null,
    createdByName: n.createdByName,
    customFields: null,
    hardwareAssetName: asset?.name ?? null,
  };
}

/** TicketOutputDto */
export function ticketDto(store: BmsStore, t: Ticket) {
  const { fields: n, contact, location, asset } = ticketNames(store, t);
  return {
    id: t.id,
    ...audit(t),
    ticketNumber: t.ticketNumber ?? null,
    title: t.title,
    details: t.details ?? null,
    accountId: t.accountId,
    accountCode: n.accountCode,
    accountName: n.accountName,
    locationId: t.locationId ?? null,
    locationName: n.locationName,
    locationPhone: location?.addresses.find((a) => a.isMain)?.phone ?? location?.addresses[0]?.phone ?? null,
    contactId: t.contactId ?? null,
    contactName: n.contactName,
    contactPhone: contact ? (defaultOf(contact.phones)?.phone ?? null) : null,
    contactEmail: contact ? (defaultOf(contact.emails)?.emailAddress ?? null) : null,
    softwareAssetId: null,
    softwareAssetName: null,
    hardwareAssetId: t.hardwareAssetId ?? null,
    hardwareAssetName: asset?.name ?? null,
    vsaAssetId: null,
    hasVsaAgent: null,
    statusId: t.statusId,
    statusName: n.statusName,
    statusColor: n.statusColor,
    statusForeColor: n.statusForeColor,
    statusOrder: n.statusOrder,
    priorityId: t.priorityId,
    priorityName: n.priorityName,
    priorityColor: n.priorityColor,
    typeId: t.typeId ?? null,
    typeName: n.typeName,
    issueTypeId: t.issueTypeId ?? null,
    issueTypeName: n.issueTypeName,
    subIssueTypeId: t.subIssueTypeId ?? null,
    subIssueTypeName: n.subIssueTypeName,
    contractId: num(t.contractId),
    contractNumber: null,
    contractName: null,
    workTypeId: null,
    workTypeName: null,
    slaStatusEventId: null,
    sourceId: t.sourceId ?? null,
    sourceName: t.sourceId === null || t.sourceId === undefined ? null : (TICKET_SOURCES[t.sourceId] ?? null),
    openDate: t.openDate ?? null,
    dueDate: t.dueDate ?? null,
    completedDate: t.completedDate ?? null,
    lastActivityUpdate: lastActivityOf(t),
    lastStatusUpdate: t.lastStatusUpdate ?? null,
    lastPriorityUpdate: t.lastPriorityUpdate ?? null,
    occurrenceCount: null,
    lastOccurrenceDate: null,
    cCs: [],
    rmmTicketReference: null,
    slaName: null,
    hasMetSLA: null,
    firstResponseTargetTime: null,
    firstResponseActualTime: null,
    resolutionActualTime: null,
    resolutionTargetTime: null,
    slaStatusEnum: null,
    tenantId: 1,
    queueId: t.queueId ?? null,
    queueName: n.queueName,
    assigneeId: t.assigneeId ?? null,
    assigneeName: n.assigneeName,
    ticketRecurringMasterId: null,
    recurring: null,
    slaId: null,
    slaObjectiveId: null,
    isScheduled: 0,
    actualPauseMinutes: null,
    actualFirstResponseMinutes: null,
    actualResolutionMinutes: null,
    isSLAPaused: null,
    reOpenedDate: null,
    slaLastPausedTime: null,
    slaLastResumedTime: null,
    lastQueueUpdate: t.lastQueueUpdate ?? null,
    hasPostedEntries: false,
    secondaryAssignees: [],
    createdByName: n.createdByName,
    totalExpenses: null,
    totalTimeSpent: null,
    isReadOnly: false,
    openDateLocked: false,
    integrationTypeId: null,
  };
}

/** TicketsListSearchSelectOutputDto (S2: openDate is not nullable). */
export function ticketSearchSelectDto(store: BmsStore, t: Ticket) {
  const status = store.lookupRow('TicketStatus', t.statusId);
  return {
    id: t.id,
    ticketNumber: t.ticketNumber ?? null,
    title: t.title,
    queueId: t.queueId ?? null,
    queueName: store.lookupName('Queue', t.queueId),
    assigneeId: t.assigneeId ?? null,
    assigneeName: t.assigneeId ? (store.employees.get(t.assigneeId)?.fullName ?? null) : null,
    openDate: t.openDate ?? t.createdOn ?? DOTNET_MIN_DATE,
    statusName: status?.name ?? null,
    statusId: t.statusId,
    statusColor: str(status?.color),
  };
}

/** TicketNoteOutputDto: who wrote the note and who edited it last (a technician's edit shows here). */
export function ticketNoteDto(store: BmsStore, n: TicketNote) {
  return {
    id: n.id,
    ...audit(n),
    details: n.details,
    isInternal: n.isInternal,
    typeId: n.typeId ?? null,
    typeName: store.lookupName('NoteType', n.typeId),
    createdByName: store.personName(n.createdBy),
    createdByEmail: store.personEmail(n.createdBy),
    modifiedByName: store.personName(n.modifiedBy),
    // ASSUMPTION (bms-api.md §3.5): attachments are not modelled; notes have none.
    attachments: [],
  };
}

/** TicketChecklistItemOutputDto */
export function checklistItemDto(store: BmsStore, i: ChecklistItem) {
  return {
    id: i.id,
    ...audit(i),
    name: i.name,
    description: i.description ?? null,
    order: i.order,
    isCompleted: i.isCompleted,
    completedBy: i.completedBy ?? null,
    completedByName: store.personName(i.completedBy),
    completedOn: i.completedOn ?? null,
  };
}
