/**
 * The small dataset (small-dataset.ts) with BMS tickets, named so tests read like a story. Dates
 * are relative to now, for the history window (`tickets.historyDays`, 90 in TICKET_SETTINGS):
 *
 * - printer (Contoso, open): "Cannot print to the office printer", Peter, the printer asset;
 * - vpn (Contoso, completed 10 days ago): inside the window;
 * - toner (Contoso, completed 200 days ago): outside it, never synced by a first run;
 * - wifi (Northwind Traders, opened 400 days ago and still open): a stale open ticket a first run
 *   must still take; Maria, the laptop;
 * - inactive (Old Customer Inc, an account that does not sync): never synced.
 *
 * Lookups are the BMS simulator's defaults: statuses 1 New, 2 In Progress, 3 Waiting on Customer,
 * 4 Completed; priorities 1 Low … 4 Critical; queue 1 Help Desk; issue types 1 Hardware, 3 Network.
 */
import type { DatasetInput } from '../../simulators/datasets/format.js';
import { ACCOUNT, ASSET, CONTACT, LOCATION, SMALL_SYNC_ALL, smallDataset } from './small-dataset.js';

export const TICKET = { printer: 9001, vpn: 9002, toner: 9003, wifi: 9004, inactive: 9005 } as const;
export const STATUS = { new: 1, inProgress: 2, waiting: 3, completed: 4 } as const;

const DAY = 86_400_000;
/** BMS writes UTC times without an offset. */
export const bmsTime = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 19);

function ticket(id: number, fields: { title: string; accountId: number } & Record<string, unknown>) {
  const opened = (fields.openDate as string | undefined) ?? bmsTime(2 * DAY);
  return {
    id,
    ticketNumber: `T2024.${id}`,
    typeId: 2,
    sourceId: 4,
    queueId: 1,
    priorityId: 2,
    statusId: STATUS.new,
    assigneeId: 2,
    openDate: opened,
    createdOn: opened,
    modifiedOn: (fields.completedDate as string | undefined) ?? opened,
    lastActivityUpdate: (fields.completedDate as string | undefined) ?? opened,
    ...fields,
  };
}

export function ticketDataset(): DatasetInput {
  const dataset = smallDataset();
  dataset.bms!.tickets = [
    ticket(TICKET.printer, {
      title: 'Cannot print to the office printer',
      details: 'Peter reports the printer at Head Office shows offline.   Jobs stay in the queue.',
      accountId: ACCOUNT.contoso,
      locationId: LOCATION.contosoMain,
      contactId: CONTACT.peter,
      hardwareAssetId: ASSET.printer,
      issueTypeId: 1,
      subIssueTypeId: 1,
      priorityId: 3,
      dueDate: bmsTime(-3 * DAY),
    }),
    ticket(TICKET.vpn, {
      title: 'VPN drops every hour',
      details: 'Remote staff lose the VPN.',
      accountId: ACCOUNT.contoso,
      locationId: LOCATION.contosoMain,
      issueTypeId: 3,
      statusId: STATUS.completed,
      openDate: bmsTime(12 * DAY),
      completedDate: bmsTime(10 * DAY),
    }),
    ticket(TICKET.toner, {
      title: 'Toner low warning on CON-PR-001',
      details: 'Order toner.',
      accountId: ACCOUNT.contoso,
      locationId: LOCATION.contosoMain,
      hardwareAssetId: ASSET.printer,
      statusId: STATUS.completed,
      openDate: bmsTime(201 * DAY),
      completedDate: bmsTime(200 * DAY),
    }),
    ticket(TICKET.wifi, {
      title: 'Wi-Fi slow in the warehouse',
      details: 'Scanners lose the Wi-Fi near dock 4.',
      accountId: ACCOUNT.traders,
      locationId: LOCATION.tradersWarehouse,
      contactId: CONTACT.maria,
      hardwareAssetId: ASSET.laptop,
      statusId: STATUS.waiting,
      openDate: bmsTime(400 * DAY),
    }),
    ticket(TICKET.inactive, {
      title: 'Cannot print',
      details: 'An account that does not sync.',
      accountId: ACCOUNT.inactive,
      locationId: LOCATION.inactiveMain,
    }),
  ];
  return dataset;
}

/** Everything of the small dataset but the inactive account syncs, tickets included (90 days of history). */
export const TICKET_SETTINGS = {
  ...SMALL_SYNC_ALL,
  accountStatuses: ['active'] as ('active' | 'inactive')[],
  ticketsEnabled: true,
  tickets: { historyDays: 90, suggestDocuments: true },
};
