/**
 * What happens to a ticket when someone works on it, through the API or the admin API ("as a
 * user"): field edits, notes and checklist items, and the times they move (last activity, last
 * status/priority/queue update, completion). The routes and the admin API share these, so a
 * technician's edit and an API write leave the same traces.
 */
import { z } from 'zod';
import { SimError } from '../common/simulator.js';
import { TICKET_SOURCES } from './defaults.js';
import type { BmsStore, ChecklistItem, Ticket, TicketNote } from './store.js';
import { formatPath, timeOf } from './wire.js';

// ASSUMPTION (bms-api.md §3.9): a status whose `typeId` is 3 is a completed status (the
// statuses lookup's type: 1 new, 2 open, 3 completed), as the default "Completed" status.
const COMPLETED_STATUS_TYPE = 3;

export function isCompletedStatus(store: BmsStore, statusId: number | null | undefined): boolean {
  return store.lookupRow('TicketStatus', statusId)?.typeId === COMPLETED_STATUS_TYPE;
}

/** Completed: a completed status, or a completion date. */
export function isCompleted(store: BmsStore, ticket: Ticket): boolean {
  return !!ticket.completedDate || isCompletedStatus(store, ticket.statusId);
}

/** When the ticket last saw activity (the list's `lastActivityUpdate`). */
export function lastActivityOf(ticket: Ticket): string | null {
  return ticket.lastActivityUpdate ?? ticket.modifiedOn ?? null;
}

/** The references a ticket holds (TicketInputDto's ids). */
export interface TicketReferences {
  accountId: number;
  locationId?: number | null;
  contactId?: number | null;
  hardwareAssetId?: number | null;
  statusId: number;
  priorityId: number;
  typeId?: number | null;
  issueTypeId?: number | null;
  subIssueTypeId?: number | null;
  queueId?: number | null;
  assigneeId?: number | null;
  sourceId?: number | null;
}

/** Every broken reference of a ticket, each naming its field. */
export function ticketProblems(store: BmsStore, t: TicketReferences): string[] {
  const problems: Array<string | false> = [];
  const lookup = (field: string, table: string, what: string, value: number | null | undefined) =>
    value !== null && value !== undefined && !store.lookupRow(table, value) && `${field}: ${what} ${value} does not exist`;
  if (!store.accounts.has(t.accountId)) {
    problems.push(`accountId: account ${t.accountId} does not exist`);
  } else {
    // ASSUMPTION (bms-api.md §3.5): the location, contact and hardware asset belong to the ticket's account.
    problems.push(!!t.locationId && store.locationOwner.get(t.locationId) !== t.accountId && `locationId: location ${t.locationId} does not belong to account ${t.accountId}`);
    problems.push(!!t.contactId && store.contacts.get(t.contactId)?.accountId !== t.accountId && `contactId: contact ${t.contactId} does not belong to account ${t.accountId}`);
    problems.push(
      !!t.hardwareAssetId && store.assets.get(t.hardwareAssetId)?.accountId !== t.accountId && `hardwareAssetId: hardware asset ${t.hardwareAssetId} does not belong to account ${t.accountId}`,
    );
  }
  problems.push(
    lookup('statusId', 'TicketStatus', 'status', t.statusId),
    lookup('priorityId', 'TicketPriority', 'priority', t.priorityId),
    lookup('typeId', 'TicketType', 'ticket type', t.typeId),
    lookup('queueId', 'Queue', 'queue', t.queueId),
    lookup('issueTypeId', 'IssueType', 'issue type', t.issueTypeId),
    lookup('subIssueTypeId', 'IssueSubType', 'sub-issue type', t.subIssueTypeId),
  );
  const subIssueType = store.lookupRow('IssueSubType', t.subIssueTypeId);
  if (subIssueType && subIssueType.issueTypeId !== t.issueTypeId) {
    problems.push(`subIssueTypeId: sub-issue type ${t.subIssueTypeId} does not belong to issue type ${t.issueTypeId ?? '(none)'}`);
  }
  problems.push(!!t.assigneeId && !store.employees.has(t.assigneeId) && `assigneeId: employee ${t.assigneeId} does not exist`);
  problems.push(t.sourceId !== null && t.sourceId !== undefined && !(t.sourceId in TICKET_SOURCES) && `sourceId: source ${t.sourceId} does not exist`);
  return problems.filter((p): p is string => typeof p === 'string');
}

/** Saves a changed ticket as activity at `now`: its last-activity time moves. */
function saveWithActivity(store: BmsStore, ticket: Ticket, now: string): Ticket {
  // ASSUMPTION (bms-api.md §2.6): every change to a ticket, its notes or its checklist items is
  // ticket activity (the "last activity" the list filters on); notes and checklist items are the
  // ticket's children, so the ticket's own modifiedOn stays.
  const saved = { ...ticket, lastActivityUpdate: now };
  store.saveTicket(saved);
  return saved;
}

/** The ticket with a new status; completion follows the status type. */
function withStatus(store: BmsStore, ticket: Ticket, statusId: number, now: string): Ticket {
  if (statusId === ticket.statusId) return ticket;
  const completing = isCompletedStatus(store, statusId);
  // ASSUMPTION (bms-api.md §3.5): moving to a completed status completes the ticket now; moving
  // out of one reopens it (no completion date).
  const completedDate = completing ? (ticket.completedDate ?? now) : null;
  return { ...ticket, statusId, lastStatusUpdate: now, completedDate };
}

/** A person (user or employee) the simulator knows, for edits attributed to someone. */
function assertPerson(store: BmsStore, field: string, id: number): void {
  if (store.personName(id) === null) throw new SimError(400, 'invalid edit', [`${field}: no user or employee ${id}`]);
}

// ---------------------------------------------------------------- ticket edits (admin, "as a user")

/** What a technician can change on a ticket in the BMS UI. */
export const ticketEditSchema = z
  .object({
    title: z.string().trim().min(1),
    details: z.string().nullable(),
    statusId: z.number().int().positive(),
    priorityId: z.number().int().positive(),
    typeId: z.number().int().positive().nullable(),
    issueTypeId: z.number().int().positive().nullable(),
    subIssueTypeId: z.number().int().positive().nullable(),
    queueId: z.number().int().positive().nullable(),
    assigneeId: z.number().int().positive().nullable(),
    contactId: z.number().int().positive().nullable(),
    locationId: z.number().int().positive().nullable(),
    hardwareAssetId: z.number().int().positive().nullable(),
    sourceId: z.number().int().nullable(),
    dueDate: z.string().nullable(),
    /** An explicit completion date (otherwise it follows the status). */
    completedDate: z.string().nullable(),
    /** Who edits (a user or employee id); default: the first employee. */
    modifiedBy: z.number().int().positive(),
  })
  .partial()
  .strict();

export function editTicket(store: BmsStore, current: Ticket, patch: unknown, now: string): Ticket {
  const parsed = ticketEditSchema.safeParse(patch);
  if (!parsed.success) throw new SimError(400, 'invalid ticket edit', parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  const { modifiedBy, statusId, completedDate, ...fields } = parsed.data;
  const by = modifiedBy ?? store.uiUserId;
  if (by !== null) assertPerson(store, 'modifiedBy', by);
  const dates = (['dueDate', 'completedDate'] as const).filter((k) => parsed.data[k] && timeOf(parsed.data[k]) === undefined);
  if (dates.length) throw new SimError(400, 'invalid ticket edit', dates.map((k) => `${k}: '${parsed.data[k]}' is not a valid date`));

  let ticket: Ticket = { ...current, ...fields, modifiedOn: now, modifiedBy: by };
  if (statusId !== undefined) ticket = withStatus(store, ticket, statusId, now);
  if (completedDate !== undefined) ticket.completedDate = completedDate;
  if (ticket.priorityId !== current.priorityId) ticket.lastPriorityUpdate = now;
  if ((ticket.queueId ?? null) !== (current.queueId ?? null)) ticket.lastQueueUpdate = now;
  const problems = ticketProblems(store, ticket);
  if (problems.length) throw new SimError(400, 'invalid ticket edit', problems);
  return saveWithActivity(store, ticket, now);
}

// ---------------------------------------------------------------- notes

export interface NoteInput {
  details: string;
  isInternal: boolean;
  /** NoteType row; 0 means none. */
  typeId: number;
  noteDate: string;
  /** Changes the ticket's status along with the note. */
  statusId?: number | null;
}

export function noteProblems(store: BmsStore, input: NoteInput): string[] {
  return [
    // ASSUMPTION (bms-api.md §3.9): note types have no documented lookup; the NoteType table
    // stands in, and TypeId 0 (S2's minimum) means no type.
    input.typeId !== 0 && !store.lookupRow('NoteType', input.typeId) && `typeId: note type ${input.typeId} does not exist`,
    !!input.statusId && !store.lookupRow('TicketStatus', input.statusId) && `statusId: status ${input.statusId} does not exist`,
    timeOf(input.noteDate) === undefined && `noteDate: '${input.noteDate}' is not a valid date`,
  ].filter((p): p is string => typeof p === 'string');
}

export function findNote(ticket: Ticket, noteId: number): TicketNote | undefined {
  return ticket.notes.find((n) => n.id === noteId);
}

export function addNote(store: BmsStore, ticket: Ticket, input: NoteInput, by: number | null, now: string): TicketNote {
  const note: TicketNote = {
    id: store.nextId('note'),
    details: input.details,
    isInternal: input.isInternal,
    typeId: input.typeId || null,
    noteDate: input.noteDate,
    createdBy: by,
    createdOn: now,
    modifiedBy: by,
    modifiedOn: now,
  };
  const changed = input.statusId ? withStatus(store, ticket, input.statusId, now) : ticket;
  saveWithActivity(store, { ...changed, notes: [...ticket.notes, note] }, now);
  return note;
}

export function updateNote(store: BmsStore, ticket: Ticket, noteId: number, input: NoteInput, by: number | null, now: string): TicketNote {
  const current = findNote(ticket, noteId);
  if (!current) throw new SimError(404, `Note ${noteId} of ticket ${ticket.id} was not found.`);
  const note: TicketNote = { ...current, details: input.details, isInternal: input.isInternal, typeId: input.typeId || null, noteDate: input.noteDate, modifiedBy: by, modifiedOn: now };
  const changed = input.statusId ? withStatus(store, ticket, input.statusId, now) : ticket;
  saveWithActivity(store, { ...changed, notes: ticket.notes.map((n) => (n.id === noteId ? note : n)) }, now);
  return note;
}

export function deleteNote(store: BmsStore, ticket: Ticket, noteId: number, now: string): void {
  if (!findNote(ticket, noteId)) throw new SimError(404, `Note ${noteId} of ticket ${ticket.id} was not found.`);
  saveWithActivity(store, { ...ticket, notes: ticket.notes.filter((n) => n.id !== noteId) }, now);
}

// ---------------------------------------------------------------- checklist items

export interface ChecklistItemInput {
  name: string;
  description?: string | null;
  order?: number;
  isCompleted?: boolean;
}

export function findChecklistItem(ticket: Ticket, itemId: number): ChecklistItem | undefined {
  return ticket.checklistItems.find((i) => i.id === itemId);
}

/** Items in checklist order (then creation order). */
export function checklistOf(ticket: Ticket): ChecklistItem[] {
  return [...ticket.checklistItems].sort((a, b) => a.order - b.order || a.id - b.id);
}

/** Completion stamps: who ticked the item and when (the UI appends them); cleared when unticked. */
function completion(current: ChecklistItem | undefined, isCompleted: boolean, by: number | null, now: string) {
  if (!isCompleted) return { isCompleted, completedBy: null, completedOn: null };
  if (current?.isCompleted) return { isCompleted, completedBy: current.completedBy ?? null, completedOn: current.completedOn ?? null };
  return { isCompleted, completedBy: by, completedOn: now };
}

export function addChecklistItem(store: BmsStore, ticket: Ticket, input: ChecklistItemInput, by: number | null, now: string): ChecklistItem {
  // ASSUMPTION (bms-api.md §3.5): an item without an order (S2 defaults it to 0) goes to the end.
  const last = Math.max(0, ...ticket.checklistItems.map((i) => i.order));
  const item: ChecklistItem = {
    id: store.nextId('checklistItem'),
    name: input.name,
    description: input.description ?? null,
    order: input.order && input.order > 0 ? input.order : last + 1,
    ...completion(undefined, input.isCompleted ?? false, by, now),
    createdBy: by,
    createdOn: now,
    modifiedBy: by,
    modifiedOn: now,
  };
  saveWithActivity(store, { ...ticket, checklistItems: [...ticket.checklistItems, item] }, now);
  return item;
}

/** PUT semantics: name, description, order and completion are replaced. */
export function updateChecklistItem(store: BmsStore, ticket: Ticket, itemId: number, input: ChecklistItemInput, by: number | null, now: string): ChecklistItem {
  const current = findChecklistItem(ticket, itemId);
  if (!current) throw new SimError(404, `Checklist item ${itemId} of ticket ${ticket.id} was not found.`);
  const item: ChecklistItem = {
    ...current,
    name: input.name,
    description: input.description ?? null,
    // ASSUMPTION (bms-api.md §3.5): an order of 0 (S2's default) keeps the item where it is.
    order: input.order && input.order > 0 ? input.order : current.order,
    ...completion(current, input.isCompleted ?? false, by, now),
    modifiedBy: by,
    modifiedOn: now,
  };
  saveWithActivity(store, { ...ticket, checklistItems: ticket.checklistItems.map((i) => (i.id === itemId ? item : i)) }, now);
  return item;
}

export function deleteChecklistItem(store: BmsStore, ticket: Ticket, itemId: number, now: string): void {
  if (!findChecklistItem(ticket, itemId)) throw new SimError(404, `Checklist item ${itemId} of ticket ${ticket.id} was not found.`);
  saveWithActivity(store, { ...ticket, checklistItems: ticket.checklistItems.filter((i) => i.id !== itemId) }, now);
}

/** `DELETE …/checklistitems`: every item of the ticket. */
export function clearChecklist(store: BmsStore, ticket: Ticket, now: string): void {
  saveWithActivity(store, { ...ticket, checklistItems: [] }, now);
}

// ---------------------------------------------------------------- admin: a technician's notes and checklist items

const adminNoteCreate = z
  .object({
    ticketId: z.number().int().positive(),
    details: z.string().trim().min(1),
    isInternal: z.boolean().default(true),
    typeId: z.number().int().min(0).default(0),
    statusId: z.number().int().positive().optional(),
    createdBy: z.number().int().positive().optional(),
  })
  .strict();
const adminNoteEdit = z
  .object({
    details: z.string().trim().min(1),
    isInternal: z.boolean(),
    typeId: z.number().int().min(0),
    modifiedBy: z.number().int().positive(),
  })
  .partial()
  .strict();
const adminItemCreate = z
  .object({
    ticketId: z.number().int().positive(),
    name: z.string().trim().min(1),
    description: z.string().nullable().optional(),
    order: z.number().int().optional(),
    isCompleted: z.boolean().optional(),
    createdBy: z.number().int().positive().optional(),
  })
  .strict();
const adminItemEdit = z
  .object({
    name: z.string().trim().min(1),
    description: z.string().nullable(),
    order: z.number().int(),
    isCompleted: z.boolean(),
    modifiedBy: z.number().int().positive(),
  })
  .partial()
  .strict();

function parseAdmin<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new SimError(400, `invalid ${what}`, parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  return parsed.data;
}

function ticketOr400(store: BmsStore, ticketId: number): Ticket {
  const ticket = store.tickets.get(ticketId);
  if (!ticket) throw new SimError(400, 'invalid input', [`ticketId: ticket ${ticketId} does not exist`]);
  return ticket;
}

function personOrDefault(store: BmsStore, field: string, id: number | undefined): number | null {
  const by = id ?? store.uiUserId;
  if (by !== null) assertPerson(store, field, by);
  return by;
}

/** Where a note or checklist item lives, found by its id alone (admin routes carry no ticket id). */
export function ticketHolding(store: BmsStore, kind: 'note' | 'checklistItem', id: number): Ticket | undefined {
  for (const ticket of store.tickets.values()) {
    if ((kind === 'note' ? findNote(ticket, id) : findChecklistItem(ticket, id)) !== undefined) return ticket;
  }
  return undefined;
}

export function adminAddNote(store: BmsStore, data: unknown, now: string): TicketNote & { ticketId: number } {
  const input = parseAdmin(adminNoteCreate, data, 'note');
  const ticket = ticketOr400(store, input.ticketId);
  const by = personOrDefault(store, 'createdBy', input.createdBy);
  const note = { details: input.details, isInternal: input.isInternal, typeId: input.typeId, noteDate: now, statusId: input.statusId };
  const problems = noteProblems(store, note);
  if (problems.length) throw new SimError(400, 'invalid note', problems);
  return { ...addNote(store, ticket, note, by, now), ticketId: ticket.id };
}

export function adminEditNote(store: BmsStore, ticket: Ticket, noteId: number, patch: unknown, now: string): TicketNote & { ticketId: number } {
  const input = parseAdmin(adminNoteEdit, patch, 'note edit');
  const current = findNote(ticket, noteId)!;
  const by = personOrDefault(store, 'modifiedBy', input.modifiedBy);
  const note = {
    details: input.details ?? current.details,
    isInternal: input.isInternal ?? current.isInternal,
    typeId: input.typeId ?? current.typeId ?? 0,
    noteDate: current.noteDate ?? now,
  };
  const problems = noteProblems(store, note);
  if (problems.length) throw new SimError(400, 'invalid note edit', problems);
  return { ...updateNote(store, ticket, noteId, note, by, now), ticketId: ticket.id };
}

export function adminAddChecklistItem(store: BmsStore, data: unknown, now: string): ChecklistItem & { ticketId: number } {
  const input = parseAdmin(adminItemCreate, data, 'checklist item');
  const ticket = ticketOr400(store, input.ticketId);
  const by = personOrDefault(store, 'createdBy', input.createdBy);
  return { ...addChecklistItem(store, ticket, input, by, now), ticketId: ticket.id };
}

export function adminEditChecklistItem(store: BmsStore, ticket: Ticket, itemId: number, patch: unknown, now: string): ChecklistItem & { ticketId: number } {
  const input = parseAdmin(adminItemEdit, patch, 'checklist item edit');
  const current = findChecklistItem(ticket, itemId)!;
  const by = personOrDefault(store, 'modifiedBy', input.modifiedBy);
  const item = {
    name: input.name ?? current.name,
    description: input.description === undefined ? current.description : input.description,
    order: input.order ?? current.order,
    isCompleted: input.isCompleted ?? current.isCompleted,
  };
  return { ...updateChecklistItem(store, ticket, itemId, item, by, now), ticketId: ticket.id };
}
