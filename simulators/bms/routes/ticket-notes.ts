/**
 * Notes of a ticket (S2: TicketNotePostInputDto, TicketNotePutInputDto, TicketNoteOutputDto).
 * Each note says who wrote it and who last edited it, so a client can tell its own note from one
 * a technician changed since.
 */
import { z } from 'zod';
import type { Router } from '../../common/router.js';
import { ticketNoteDto } from '../dto-tickets.js';
import type { Ticket, TicketNote } from '../store.js';
import { addNote, deleteNote, findNote, noteProblems, updateNote, type NoteInput } from '../ticket-writes.js';
import { idParam, ok, parseJsonBody } from '../wire.js';
import { assertValid, listFromQuery, notFoundError, writeStamp, type RouteContext } from './context.js';
import type { TicketOf } from './tickets.js';

/** What both note inputs share (S2 required: details, isInternal, typeId, noteDate). */
const noteFields = {
  id: z.number().int().optional(),
  details: z.string().trim().min(1),
  isInternal: z.boolean(),
  typeId: z.number().int().min(0),
  statusId: z.number().int().nullable().optional(),
  noteDate: z.string().min(1),
  emailNotification: z.unknown().optional(),
  attachmentIds: z.array(z.unknown()).nullable().optional(),
};
const notePostInput = z.object({
  ...noteFields,
  attachments: z.array(z.unknown()).nullable().optional(),
  tempAttachments: z.array(z.unknown()).nullable().optional(),
});
const notePutInput = z.object(noteFields);

type NoteBody = z.infer<typeof notePostInput>;

function hasContent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value).some(hasContent);
  return value !== '';
}

/** Checks a note body and returns what the store needs. */
function noteInput(ctx: RouteContext, body: NoteBody): NoteInput {
  const input: NoteInput = { details: body.details, isInternal: body.isInternal, typeId: body.typeId, noteDate: body.noteDate, statusId: body.statusId };
  // ASSUMPTION (bms-api.md §3.5): attachments and e-mail notifications are not modelled; a note
  // carrying them is refused, so nothing comes to rely on a silent drop.
  const unmodelled = (['attachments', 'tempAttachments', 'attachmentIds', 'emailNotification'] as const).filter((k) => hasContent(body[k]));
  assertValid([...noteProblems(ctx.store, input), ...unmodelled.map((k) => `${k}: not modelled by the simulator`)]);
  return input;
}

function noteOr404(ticket: Ticket, noteId: number): TicketNote {
  const note = findNote(ticket, noteId);
  if (!note) throw notFoundError('Note', noteId);
  return note;
}

export function registerTicketNoteRoutes(router: Router, ctx: RouteContext, ticketOf: TicketOf): void {
  const { store } = ctx;
  const base = '/v2/servicedesk/tickets/{ticketId}/notes';

  // ASSUMPTION (bms-api.md §2.4): an `…IEnumerableResponse` list: paged, no totalRecords, oldest note first.
  router.get(base, (req) => {
    const ticket = ticketOf(req);
    return listFromQuery(ctx, req, { withTotal: false, select: () => [...ticket.notes].sort((a, b) => a.id - b.id), toDto: (n) => ticketNoteDto(store, n) });
  });

  router.post(base, (req) => {
    const ticket = ticketOf(req);
    const input = noteInput(ctx, parseJsonBody(req, notePostInput));
    const { now, userId } = writeStamp(ctx, req);
    return ok(ticketNoteDto(store, addNote(store, ticket, input, userId, now)));
  });

  router.get(`${base}/{noteId}`, (req) => ok(ticketNoteDto(store, noteOr404(ticketOf(req), idParam(req, 'noteId')))));

  router.put(`${base}/{noteId}`, (req) => {
    const ticket = ticketOf(req);
    const noteId = noteOr404(ticket, idParam(req, 'noteId')).id;
    const input = noteInput(ctx, parseJsonBody(req, notePutInput));
    const { now, userId } = writeStamp(ctx, req);
    return ok(ticketNoteDto(store, updateNote(store, ticket, noteId, input, userId, now)));
  });

  // ASSUMPTION (bms-api.md §2.2): DELETE answers the envelope with result null.
  router.delete(`${base}/{noteId}`, (req) => {
    const ticket = ticketOf(req);
    const noteId = noteOr404(ticket, idParam(req, 'noteId')).id;
    deleteNote(store, ticket, noteId, writeStamp(ctx, req).now);
    return ok(null);
  });
}
