/**
 * Ticket notes through the BMS client against the simulator: create, read, update, delete; who
 * wrote and who last edited a note (so an edit by a technician is visible); the ticket's
 * last-activity time moving with every note write; validation, 404s, and a lost answer to a
 * note create (written once, not repeated).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BmsClient, BmsTicketNote } from '../../../clients/bms/index.js';
import { ApiError } from '../../../clients/http.js';
import { collect, failure, rawCall, rawLogin, startBms, type RunningBms } from './helpers.js';
import { ticketDataset } from './ticket-dataset.js';

let bms: RunningBms;
let client: BmsClient;
let apiUserId: number;

beforeAll(async () => {
  bms = await startBms({ dataset: ticketDataset() });
  client = bms.client();
  apiUserId = (await client.getUserInfo()).userId;
});
afterAll(() => bms.close());
beforeEach(async () => {
  await bms.admin.load(ticketDataset());
  await bms.admin.clearFaults();
  await bms.admin.resetCounters();
});

/** What an engine keeps about a note it wrote, to tell later whether someone else changed it. */
const editedBySomeoneElse = (note: BmsTicketNote, written: BmsTicketNote) => note.modifiedBy !== apiUserId || note.modifiedOn !== written.modifiedOn;

describe('notes', () => {
  it('lists a ticket’s notes with their author', async () => {
    const notes = await collect(client.iterateTicketNotes(1));
    expect(notes).toEqual([
      expect.objectContaining({ id: 100, details: 'Power-cycled the printer; test page OK.', isInternal: true, typeId: 1, typeName: 'General', createdBy: 2, createdByName: 'Alex Tech', createdByEmail: 'alex@msp.example', modifiedByName: 'Alex Tech' }),
    ]);
    expect((await client.listTicketNotesPage(2)).items).toEqual([]);
  });

  it('creates an internal note as the API user and moves the ticket’s last activity (not its modified time)', async () => {
    const before = await client.getTicket(1);
    const note = await client.createTicketNote(1, { details: 'Suggested documentation:\n- Printer Setup Guide', isInternal: true });
    expect(note).toMatchObject({ isInternal: true, typeId: null, typeName: null, createdBy: apiUserId, createdByName: 'Sync Service', modifiedBy: apiUserId });
    expect(note.createdOn).toBe(note.modifiedOn);
    expect(await client.getTicketNote(1, note.id)).toEqual(note);

    const after = await client.getTicket(1);
    expect(after.lastActivityUpdate).toBe(note.createdOn);
    expect(after.lastActivityUpdate! > before.lastActivityUpdate!).toBe(true);
    expect(after.modifiedOn).toBe(before.modifiedOn);
    expect((await client.listTicketsPage({ filter: { lastActivityUpdateFrom: note.createdOn! } })).items.map((t) => t.id)).toEqual([1]);
    expect((await collect(client.iterateTicketNotes(1))).map((n) => n.id)).toEqual([100, note.id]);
  });

  it('updates a note in place (PUT) and deletes it; both move the last activity', async () => {
    const note = await client.createTicketNote(1, { details: 'v1', isInternal: true, typeId: 1 });
    const updated = await client.updateTicketNote(1, note.id, { details: 'v2', isInternal: false, typeId: 0 });
    expect(updated).toMatchObject({ id: note.id, details: 'v2', isInternal: false, typeId: null, createdOn: note.createdOn, modifiedBy: apiUserId });
    expect(updated.modifiedOn! >= note.modifiedOn!).toBe(true);
    expect((await client.getTicket(1)).lastActivityUpdate).toBe(updated.modifiedOn);
    expect(editedBySomeoneElse(updated, updated)).toBe(false);

    await client.deleteTicketNote(1, note.id);
    expect((await failure(client.getTicketNote(1, note.id))).kind).toBe('not-found');
    expect((await collect(client.iterateTicketNotes(1))).map((n) => n.id)).toEqual([100]);
    expect((await client.getTicket(1)).lastActivityUpdate! >= updated.modifiedOn!).toBe(true);
  });

  it('shows when a technician edited the note the API user wrote, and a technician’s own notes', async () => {
    const written = await client.createTicketNote(1, { details: 'Suggested documentation: VPN Setup', isInternal: true });
    const ticketBefore = await client.getTicket(1);
    const edited = await bms.admin.edit<Record<string, unknown>>('ticketNotes', written.id, { details: 'Suggested documentation: VPN Setup (thanks!)', modifiedBy: 2 });
    expect(edited).toMatchObject({ ticketId: 1, createdBy: apiUserId, modifiedBy: 2 });

    const read = await client.getTicketNote(1, written.id);
    expect(read).toMatchObject({ details: 'Suggested documentation: VPN Setup (thanks!)', createdBy: apiUserId, createdByName: 'Sync Service', modifiedBy: 2, modifiedByName: 'Alex Tech' });
    expect(editedBySomeoneElse(read, written)).toBe(true);
    expect((await client.getTicket(1)).lastActivityUpdate! > ticketBefore.lastActivityUpdate!).toBe(true);

    // A technician's note (default author: the first employee); it can change the status too.
    const added = await bms.admin.create<Record<string, unknown>>('ticketNotes', { ticketId: 1, details: 'Replaced the fuser.', isInternal: false, statusId: 4 });
    expect(added).toMatchObject({ ticketId: 1, createdBy: 1, modifiedBy: 1 });
    expect(await client.getTicketNote(1, added.id as number)).toMatchObject({ createdByName: 'System Administrator', isInternal: false });
    expect(await client.getTicket(1)).toMatchObject({ statusName: 'Completed', completedDate: added.createdOn });
    await expect(bms.admin.create('ticketNotes', { ticketId: 1, details: 'x', createdBy: 404 })).rejects.toThrow(/createdBy: no user or employee 404/);
    await bms.admin.remove('ticketNotes', added.id as number);
    expect((await failure(client.getTicketNote(1, added.id as number))).kind).toBe('not-found');
  });

  it('changes the ticket’s status along with a note', async () => {
    const note = await client.createTicketNote(2, { details: 'Resolved: laptop delivered.', isInternal: false, statusId: 4 });
    expect(await client.getTicket(2)).toMatchObject({ statusName: 'Completed', completedDate: note.createdOn, lastStatusUpdate: note.createdOn });
  });

  it('answers 404 for an unknown ticket or a note of another ticket', async () => {
    expect((await failure(client.listTicketNotesPage(999))).kind).toBe('not-found');
    expect((await failure(client.createTicketNote(999, { details: 'x', isInternal: true }))).kind).toBe('not-found');
    expect((await failure(client.getTicketNote(2, 100))).kind).toBe('not-found');
    expect((await failure(client.updateTicketNote(2, 100, { details: 'x', isInternal: true }))).kind).toBe('not-found');
    expect((await failure(client.deleteTicketNote(2, 100))).kind).toBe('not-found');
    expect((await client.getTicketNote(1, 100)).details).toBe('Power-cycled the printer; test page OK.');
  });

  it('refuses bad notes naming each problem', async () => {
    const bad = await failure(client.createTicketNote(1, { details: ' ', isInternal: true, typeId: 9, statusId: 77, noteDate: 'yesterday' }));
    expect(bad.kind).toBe('validation');
    expect(bad.details.slice(1)).toEqual(['details: The Details field is required.']);
    const refs = await failure(client.createTicketNote(1, { details: 'ok', isInternal: true, typeId: 9, statusId: 77, noteDate: 'yesterday' }));
    expect(refs.details.slice(1)).toEqual(["typeId: note type 9 does not exist", 'statusId: status 77 does not exist', "noteDate: 'yesterday' is not a valid date"]);
    const { accessToken } = await rawLogin(bms.url);
    const missing = await rawCall(bms.url, accessToken, 'POST', '/v2/servicedesk/tickets/1/notes', { details: 'no flag' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.subErrors).toEqual(['isInternal: The IsInternal field is required.', 'typeId: The TypeId field is required.', 'noteDate: The NoteDate field is required.']);
    const attached = await rawCall(bms.url, accessToken, 'POST', '/v2/servicedesk/tickets/1/notes', {
      details: 'with a file',
      isInternal: true,
      typeId: 0,
      noteDate: '2024-06-01T00:00:00Z',
      attachments: [{ name: 'a.txt', base64Data: 'eA==', type: 'text/plain' }],
    });
    expect(attached.body.error.subErrors).toEqual(['attachments: not modelled by the simulator']);
    expect((await collect(client.iterateTicketNotes(1))).map((n) => n.id)).toEqual([100]);
  });
});

describe('a lost answer', () => {
  it('to a note create: the note was written once, the client reports a retryable failure and does not repeat the POST', async () => {
    await bms.admin.addFault({ kind: 'lost-response', method: 'POST', route: '/v2/servicedesk/tickets/{ticketId}/notes' });
    const err = await failure(client.createTicketNote(1, { details: 'Suggested documentation: Printer Setup Guide', isInternal: true }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.retryable).toBe(true);
    expect((await bms.admin.counters()).routes['POST /v2/servicedesk/tickets/{ticketId}/notes']).toBe(1);
    const notes = await collect(client.iterateTicketNotes(1));
    expect(notes.filter((n) => n.details === 'Suggested documentation: Printer Setup Guide')).toHaveLength(1);
  });

  it('to a note update: the PUT is idempotent and repeated', async () => {
    await bms.admin.addFault({ kind: 'lost-response', method: 'PUT', route: '/v2/servicedesk/tickets/{ticketId}/notes/{noteId}' });
    const updated = await client.updateTicketNote(1, 100, { details: 'Power-cycled the printer twice.', isInternal: true, typeId: 1 });
    expect(updated.details).toBe('Power-cycled the printer twice.');
    expect((await bms.admin.counters()).routes['PUT /v2/servicedesk/tickets/{ticketId}/notes/{noteId}']).toBe(2);
  });
});
