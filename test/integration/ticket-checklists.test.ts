/**
 * Checklists from IT Glue templates into BMS tickets (SPEC §13): templates are "Checklist
 * Template" flexible assets (the CLI creates the type), applied through BMS's documented checklist
 * item routes with the ticket's values filled in, by a checklist rule (open tickets meeting its
 * conditions, once each) or on demand for one ticket (the workflow, started from the CLI); once
 * per ticket and template despite a retried request and a lost answer; the template of the
 * ticket's own organization first; bad rules and requests refused with messages naming the field.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BmsChecklistItem, BmsClient } from '../../clients/bms/index.js';
import { cli, cliError, useTestStackForCli } from '../support/cli.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ACCOUNT, CONTACT, LOCATION } from '../support/small-dataset.js';
import { STATUS, TICKET, TICKET_SETTINGS, bmsTime, ticketDataset } from '../support/ticket-dataset.js';
import { linksByBms, logRows, runSync, writeCalls } from '../support/sync.js';

let h: Harness;
let bms: BmsClient;

const ITEM_POST = 'POST /v2/servicedesk/tickets/{ticketId}/checklistitems';

async function items(ticketId: number): Promise<string[]> {
  const list: BmsChecklistItem[] = await bms.listTicketChecklistItems(ticketId);
  return list.map((i) => i.name ?? '');
}

async function itemPosts(): Promise<number> {
  return (await writeCalls(h.bms))[ITEM_POST] ?? 0;
}

async function newTicket(title: string, accountId: number = ACCOUNT.contoso): Promise<number> {
  const { id } = await h.bms.admin.create<{ id: number }>('tickets', {
    ticketNumber: `T2024.N${Date.now() % 100000}`,
    title,
    details: 'Paper jam in tray 2.',
    accountId,
    locationId: accountId === ACCOUNT.contoso ? LOCATION.contosoMain : LOCATION.tradersMain,
    contactId: accountId === ACCOUNT.contoso ? CONTACT.peter : CONTACT.maria,
    statusId: STATUS.new,
    priorityId: 2,
    typeId: 2,
    sourceId: 1,
    openDate: bmsTime(0),
  });
  return id;
}

beforeAll(async () => {
  h = await createHarness({ dataset: ticketDataset(), settings: TICKET_SETTINGS });
  useTestStackForCli(h);
  bms = (await h.deps.connectors.get(h.integrationId)).bms;
  await runSync(h, 'full');
  const setup = await cli('ticket', 'checklist', 'setup', h.integrationId, '--json');
  const typeId = (JSON.parse(setup) as { flexibleAssetTypeId: string }).flexibleAssetTypeId;
  const orgs = await linksByBms(h, 'organization');
  const template = (account: number, tasks: string) =>
    h.itglue.admin.create('flexibleAssets', {
      'organization-id': Number(orgs.get(String(account))!.itglueId),
      'flexible-asset-type-id': Number(typeId),
      traits: { 'template-name': 'Printer triage', tasks },
    });
  await template(ACCOUNT.contoso, 'Check [configuration_name] is online\nCall [contact_name] about [ticket_number]\n\n- Print a test page');
  await template(ACCOUNT.traders, 'Check the warehouse printer\nTell [contact_name] at [organization_name]');
});
afterAll(async () => h?.close());

describe('a checklist rule', () => {
  let runId: number;
  beforeAll(async () => {
    await cli('ticket', 'checklist-rule', 'create', h.integrationId, '--name', 'Printer tickets', '--when', 'title contains print', '--template', 'Printer triage');
    await h.bms.admin.resetCounters();
    ({ runId } = await runSync(h, 'full'));
  });

  it('adds the template of the ticket organization to an open ticket meeting it, values filled in', async () => {
    expect(await items(TICKET.printer)).toEqual(['Check CON-PR-001 is online', `Call Peter Franken about T2024.${TICKET.printer}`, 'Print a test page']);
    expect(await itemPosts()).toBe(3);
    const logged = await logRows(h, { runId, entity: 'ticket', action: 'checklist' });
    expect(logged.map((l) => [l.bmsId, l.message])).toEqual([[String(TICKET.printer), expect.stringMatching(/^applied checklist template "Printer triage" \(IT Glue \d+\): 3 item\(s\), by rule "Printer tickets"$/)]]);
  });

  it('leaves completed tickets and tickets that do not meet it alone', async () => {
    expect(await items(TICKET.vpn)).toEqual([]);
    expect(await items(TICKET.wifi)).toEqual([]);
  });

  it('applies once: later runs add nothing', async () => {
    await h.bms.admin.resetCounters();
    await runSync(h, 'full');
    expect(await itemPosts()).toBe(0);
    expect(await items(TICKET.printer)).toHaveLength(3);
  });

  it('applies once despite a refused request and a lost answer', async () => {
    const id = await newTicket('Cannot print: paper jam');
    // The first item's request fails before BMS takes it; the second's answer is lost after BMS took it.
    await h.bms.admin.addFault({ kind: 'error', status: 503, method: 'POST', route: '/v2/servicedesk/tickets/{ticketId}/checklistitems', times: 1 });
    await h.bms.admin.addFault({ kind: 'lost-response', method: 'POST', route: '/v2/servicedesk/tickets/{ticketId}/checklistitems', times: 1, skip: 1 });
    await h.bms.admin.resetCounters();
    await runSync(h, 'incremental');
    const applied = (await h.bms.admin.faults()).map((f) => f.applied);
    await h.bms.admin.clearFaults();
    expect(applied).toEqual([1, 1]);
    const ticketNumber = (await bms.getTicket(id)).ticketNumber;
    expect(await items(id)).toEqual(['Check is online', `Call Peter Franken about ${ticketNumber}`, 'Print a test page']);
    // Three items, four requests: the refused one, and three that BMS took (one of them unanswered).
    expect(await itemPosts()).toBe(4);
  });
});

describe('on demand', () => {
  it('applies a template to one ticket from the CLI, the ticket organization’s own, once, despite a lost answer', async () => {
    await h.bms.admin.addFault({ kind: 'lost-response', method: 'POST', route: '/v2/servicedesk/tickets/{ticketId}/checklistitems', times: 1 });
    const out = await cli('ticket', 'checklist', 'apply', h.integrationId, '--ticket', String(TICKET.wifi), '--template', 'printer  TRIAGE', '--by', 'jane@msp.example', '--wait');
    await h.bms.admin.clearFaults();
    expect(out).toMatch(/applied checklist template "Printer triage" \(IT Glue \d+\): 2 item\(s\) \(1 found already there after an earlier attempt\), by jane@msp.example on demand/);
    expect(await items(TICKET.wifi)).toEqual(['Check the warehouse printer', 'Tell Maria Anders at Northwind Traders']);
  });

  it('answers "already applied" the second time and sends nothing', async () => {
    await h.bms.admin.resetCounters();
    const out = await cli('ticket', 'checklist', 'apply', h.integrationId, '--ticket', String(TICKET.wifi), '--template', 'Printer triage', '--wait', '--json');
    expect(JSON.parse(out)).toMatchObject({ outcome: 'already-applied', items: ['Check the warehouse printer', 'Tell Maria Anders at Northwind Traders'] });
    expect(await itemPosts()).toBe(0);
  });

  it('fails clearly for a template IT Glue does not have, or a bad ticket id', async () => {
    expect(await cliError('ticket', 'checklist', 'apply', h.integrationId, '--ticket', String(TICKET.vpn), '--template', 'Onboarding', '--wait')).toMatch(
      /ticket checklist failed: IT Glue has no Checklist Template named "Onboarding"/,
    );
    expect(await cliError('ticket', 'checklist', 'apply', h.integrationId, '--ticket', 'T2024.9001', '--template', 'Printer triage')).toBe('--ticket: must be a numeric BMS ticket id');
  });
});

describe('the workflow started from the Web UI with bad input', () => {
  it('fails at once, naming each bad field', async () => {
    const failure = await h.temporal.workflow
      .execute('ticketChecklistWorkflow', {
        taskQueue: h.taskQueue,
        workflowId: `ticket-checklist:${h.integrationId}:bad`,
        args: [{ integrationId: h.integrationId, ticketId: 'T2024.9001', template: ' ', extra: 1 } as never],
      })
      .catch((err: unknown) => err as Error & { cause?: Error });
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(failure.cause?.message).toBe(
      'Invalid ticket checklist input: ticketId: must be a numeric BMS ticket id; template: must name a checklist template; (input): unknown field(s) extra',
    );
  });
});

describe('bad rules', () => {
  it('are refused with a message naming the field', async () => {
    expect(await cliError('ticket', 'checklist-rule', 'create', h.integrationId, '--name', 'x', '--when', 'titel contains print', '--template', 'Printer triage')).toMatch(
      /^invalid checklist rule: conditions, group 1, condition 1, attribute: "titel" is not a ticket attribute/,
    );
    expect(await cliError('ticket', 'checklist-rule', 'create', h.integrationId, '--name', 'x', '--when', 'title contains print')).toMatch(/^invalid checklist rule: template: /);
    expect(await cliError('ticket', 'checklist-rule', 'create', h.integrationId, '--name', 'Printer tickets', '--when', 'title is x', '--template', 'y')).toMatch(
      /name: integration .* already has a checklist rule named "Printer tickets"/,
    );
  });
});
