/**
 * Suggested documentation delivered into BMS (SPEC §13): a ticket setting made with the CLI
 * (`[organization_name]`, whole-word `contains`) surfaces IT Glue documents and passwords on
 * matching open tickets as one internal note of names and links (never a password value):
 * created once (also when the answer to the create is lost), left as it is when nothing changed,
 * updated in place, removed when the list becomes empty, and never overwritten once a technician
 * edited it. The suggestions are readable from the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BmsClient, BmsTicketNote } from '../../clients/bms/index.js';
import { suggestionRows } from '../../db/tickets.js';
import { isSuggestionNote } from '../../domain/tickets/suggestions.js';
import { cli, useTestStackForCli } from '../support/cli.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ACCOUNT, CONTACT, LOCATION } from '../support/small-dataset.js';
import { STATUS, TICKET, TICKET_SETTINGS, bmsTime, ticketDataset } from '../support/ticket-dataset.js';
import { linksByBms, logRows, runSync, writeCalls } from '../support/sync.js';

let h: Harness;
let bms: BmsClient;
const org: Record<'contoso' | 'traders', number> = { contoso: 0, traders: 0 };
let printers = 0;
const SECRET = 'S3cret-printer-password!';

const NOTE_ROUTES = /^(POST|PUT|DELETE) \/v2\/servicedesk\/tickets\/\{ticketId\}\/notes/;

async function notes(ticketId: number): Promise<BmsTicketNote[]> {
  const all: BmsTicketNote[] = [];
  for await (const note of bms.iterateTicketNotes(ticketId)) all.push(note);
  return all;
}

async function engineNotes(ticketId: number): Promise<BmsTicketNote[]> {
  return (await notes(ticketId)).filter((n) => isSuggestionNote(n.details));
}

async function noteWrites(): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await writeCalls(h.bms)).filter(([route]) => NOTE_ROUTES.test(route)));
}

async function password(organization: number, name: string): Promise<string> {
  const row = await h.itglue.admin.create<{ id: string }>('passwords', { 'organization-id': organization, name, password: SECRET, 'password-category-id': printers });
  return row.id;
}

async function document(organization: number, name: string): Promise<string> {
  return (await h.itglue.admin.create<{ id: string }>('documents', { 'organization-id': organization, name })).id;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness({ dataset: ticketDataset(), settings: TICKET_SETTINGS });
  useTestStackForCli(h);
  bms = (await h.deps.connectors.get(h.integrationId)).bms;
  await runSync(h, 'full');
  const orgs = await linksByBms(h, 'organization');
  org.contoso = Number(orgs.get(String(ACCOUNT.contoso))!.itglueId);
  org.traders = Number(orgs.get(String(ACCOUNT.traders))!.itglueId);
  printers = Number((await h.itglue.admin.create<{ id: string }>('passwordCategories', { name: 'Printers' })).id);
  ids.contosoPassword = await password(org.contoso, 'Printer admin panel');
  ids.tradersPassword = await password(org.traders, 'Printer admin panel');
  ids.printServer = await document(org.contoso, 'Print Server maintenance');
  ids.nearMiss1 = await document(org.contoso, 'Printers and Scanners');
  ids.nearMiss2 = await document(org.contoso, 'Printer Setup Guide');
  ids.tradersPrintServer = await document(org.traders, 'Print Server maintenance');
  await cli(
    'ticket', 'setting', 'create', h.integrationId,
    '--name', 'Printing',
    '--description', 'Print documentation and printer passwords of the ticket organization',
    '--when', 'title contains print',
    '--then', 'document-name contains print & document-organization is [organization_name] | password-category is Printers & password-organization is [organization_name]',
  );
});
afterAll(async () => h?.close());

describe('a ticket meeting an active setting', () => {
  let runId: number;
  beforeAll(async () => {
    await h.bms.admin.resetCounters();
    ({ runId } = await runSync(h, 'full'));
  });

  it('gets one internal note listing what the setting surfaces in its own organization, with links', async () => {
    const [note, ...more] = await engineNotes(TICKET.printer);
    expect(more).toEqual([]);
    expect(note).toMatchObject({ isInternal: true });
    const details = note!.details!;
    expect(details).toContain(`- Print Server maintenance (Contoso Ltd): `);
    expect(details).toMatch(new RegExp(`/docs/${ids.printServer}\\b`));
    expect(details).toContain(`- Printer admin panel (Printers, Contoso Ltd): `);
    expect(details).toMatch(new RegExp(`/passwords/${ids.contosoPassword}\\b`));
    // Whole words only, this organization only, never a password value.
    expect(details).not.toContain('Printers and Scanners');
    expect(details).not.toContain('Printer Setup Guide');
    expect(details).not.toContain('Northwind');
    expect(details).not.toContain(SECRET);
    expect(await noteWrites()).toEqual({ 'POST /v2/servicedesk/tickets/{ticketId}/notes': 1 });
    expect((await logRows(h, { runId, entity: 'ticket', action: 'note' })).map((l) => [l.bmsId, l.message])).toEqual([
      [String(TICKET.printer), expect.stringMatching(/^wrote the suggestion note \d+: 1 document\(s\), 1 password\(s\)$/)],
    ]);
  });

  it('is not touched by tickets that do not meet it, nor by completed ones', async () => {
    expect(await engineNotes(TICKET.wifi)).toEqual([]);
    expect(await engineNotes(TICKET.vpn)).toEqual([]);
  });

  it('is readable from the CLI', async () => {
    const out = await cli('ticket', 'suggestions', h.integrationId, '--ticket', String(TICKET.printer));
    expect(out).toMatch(/ticket 9001: 2 suggestion\(s\).*note: written/);
    expect(out).toContain('Print Server maintenance');
    expect(out).toContain('Printer admin panel');
  });
});

describe('the note', () => {
  it('is left as it is when nothing changed (no call), and its own write is not a change in IT Glue either', async () => {
    // The note moved the ticket's last activity; the run that wrote it pulled the ticket again.
    await h.bms.admin.resetCounters();
    await h.itglue.admin.resetCounters();
    await runSync(h, 'full');
    expect(await noteWrites()).toEqual({});
    expect(await writeCalls(h.itglue)).toEqual({});
  });

  it('is updated in place when the suggestions change', async () => {
    const [before] = await engineNotes(TICKET.printer);
    ids.queuePassword = await password(org.contoso, 'Print queue service');
    await h.bms.admin.resetCounters();
    await runSync(h, 'full');
    const [after, ...more] = await engineNotes(TICKET.printer);
    expect(more).toEqual([]);
    expect(after!.id).toBe(before!.id);
    expect(after!.details).toContain('- Print queue service (Printers, Contoso Ltd)');
    expect(await noteWrites()).toEqual({ 'PUT /v2/servicedesk/tickets/{ticketId}/notes/{noteId}': 1 });
  });

  it('is removed when nothing is suggested any more', async () => {
    await cli('ticket', 'setting', 'deactivate', h.integrationId, 'Printing');
    await h.bms.admin.resetCounters();
    const { runId } = await runSync(h, 'full');
    expect(await engineNotes(TICKET.printer)).toEqual([]);
    expect(await noteWrites()).toEqual({ 'DELETE /v2/servicedesk/tickets/{ticketId}/notes/{noteId}': 1 });
    expect((await logRows(h, { runId, entity: 'ticket', action: 'note' }))[0]?.message).toMatch(/^removed the suggestion note \d+: no ticket setting suggests anything/);
    // The technician's own notes are not the engine's to remove.
    expect((await notes(TICKET.printer)).length).toBe(0);
  });

  it('is left alone once a technician edited it', async () => {
    await cli('ticket', 'setting', 'activate', h.integrationId, 'Printing');
    await runSync(h, 'full');
    const [note] = await engineNotes(TICKET.printer);
    await h.bms.admin.edit('ticketNotes', note!.id, { details: `${note!.details}\nChecked the print server: fine. — Alex`, modifiedBy: 2 });
    await password(org.contoso, 'Printer web console');
    await h.bms.admin.resetCounters();
    const { runId } = await runSync(h, 'full');
    const [kept, ...more] = await notes(TICKET.printer);
    expect(more).toEqual([]);
    expect(kept!.details).toContain('Checked the print server: fine. — Alex');
    expect(kept!.details).not.toContain('Printer web console');
    expect(await noteWrites()).toEqual({});
    const warnings = (await logRows(h, { runId, entity: 'ticket', action: 'warning' })).map((l) => l.message);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^the suggestion note ${note!.id} was edited in BMS by Alex Tech after the engine wrote it; it is left alone`))]);
    const row = (await suggestionRows(h.database.db, h.integrationId, [String(TICKET.printer)])).get(String(TICKET.printer));
    expect(row).toMatchObject({ noteState: 'left-alone' });
    // For good: the next run neither writes nor says it again.
    const next = await runSync(h, 'full');
    expect(await noteWrites()).toEqual({});
    expect(await logRows(h, { runId: next.runId, entity: 'ticket', action: 'warning' })).toEqual([]);
  });

  it('is created once when the answer to its create is lost', async () => {
    const { id } = await h.bms.admin.create<{ id: number }>('tickets', {
      ticketNumber: 'T2024.9010',
      title: 'Print jobs stuck in the queue',
      details: 'Nothing prints.',
      accountId: ACCOUNT.contoso,
      locationId: LOCATION.contosoMain,
      contactId: CONTACT.peter,
      statusId: STATUS.new,
      priorityId: 2,
      typeId: 2,
      sourceId: 1,
      openDate: bmsTime(0),
    });
    await h.bms.admin.addFault({ kind: 'lost-response', method: 'POST', route: '/v2/servicedesk/tickets/{ticketId}/notes', times: 1 });
    await runSync(h, 'incremental');
    const applied = (await h.bms.admin.faults()).map((f) => f.applied);
    await h.bms.admin.clearFaults();
    expect(applied).toEqual([1]);
    const created = await engineNotes(id);
    expect(created).toHaveLength(1);
    expect(created[0]!.details).toContain('- Printer admin panel (Printers, Contoso Ltd)');
    const row = (await suggestionRows(h.database.db, h.integrationId, [String(id)])).get(String(id));
    expect(row).toMatchObject({ noteState: 'written', noteId: String(created[0]!.id) });
  });
});

describe('the preview', () => {
  it('shows for recent tickets what each setting would surface, [organization_name] bound per ticket, drafts included', async () => {
    await cli(
      'ticket', 'setting', 'create', h.integrationId, '--inactive',
      '--name', 'Wireless (draft)',
      '--when', 'title contains wi-fi',
      '--then', 'document-name contains print & document-organization is [organization_name]',
    );
    await h.bms.admin.resetCounters();
    const preview = JSON.parse(await cli('ticket', 'setting', 'preview', h.integrationId, '--json')) as {
      rows: { ticketId: string; organizationName: string; setting: string; active: boolean; suggestions: { kind: string; id: string }[] }[];
    };
    const rows = preview.rows.map((r) => ({ ...r, suggestions: r.suggestions.map((s) => `${s.kind}:${s.id}`).sort() }));
    expect(rows.find((r) => r.ticketId === String(TICKET.printer) && r.setting === 'Printing')).toMatchObject({
      organizationName: 'Contoso Ltd',
      active: true,
      suggestions: expect.arrayContaining([`document:${ids.printServer}`, `password:${ids.contosoPassword}`]),
    });
    // The same variable, another ticket: its own organization's documentation.
    expect(rows.find((r) => r.ticketId === String(TICKET.wifi))).toMatchObject({
      setting: 'Wireless (draft)',
      active: false,
      organizationName: 'Northwind Traders',
      suggestions: [`document:${ids.tradersPrintServer}`],
    });
    // A preview writes nothing to BMS.
    expect(await writeCalls(h.bms)).toEqual({});
  });
});
