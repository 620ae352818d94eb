/**
 * The API test dataset (helpers.ts) with tickets worth filtering: open and completed, last
 * activity spread over months, issue types, notes by a technician and checklist items. Lookups
 * are the simulator's defaults (issue type 1 Hardware with sub-issue type 1 Printer, 3 Network
 * with 6 VPN; note type 1 General; employee 1 System Administrator, 2 Alex Tech).
 */
import { buildDataset } from './helpers.js';

const at = (month: number, day: number, hour = 9) => `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00`;

/** A technician's note (employee 2, Alex Tech). */
const note = (id: number, details: string, time: string, isInternal = true) => ({
  id,
  details,
  isInternal,
  typeId: 1,
  noteDate: time,
  createdBy: 2,
  createdOn: time,
  modifiedBy: 2,
  modifiedOn: time,
});

const item = (id: number, name: string, order: number, time: string, completedOn: string | null = null) => ({
  id,
  name,
  description: null,
  order,
  isCompleted: completedOn !== null,
  completedBy: completedOn === null ? null : 2,
  completedOn,
  createdBy: 2,
  createdOn: time,
  modifiedBy: 2,
  modifiedOn: completedOn ?? time,
});

/**
 * Tickets (account 1 Contoso Ltd, account 2 Fabrikam Inc):
 * 1 Printer offline (acct 1, New, Hardware/Printer, last activity 05-01 10:00, one note 100)
 * 2 New laptop (acct 2, In Progress, Hardware, last activity 05-10)
 * 3 Password reset (acct 1, Completed 05-05 11:00)
 * 4 VPN drops every hour (acct 1, Completed 02-01, Network/VPN)
 * 5 Backup job failed (acct 2, Waiting on Customer, last activity 05-20; checklist items 500, 501)
 */
export function ticketDataset() {
  const dataset = buildDataset();
  const common = { typeId: 1, sourceId: 4, queueId: 1, priorityId: 2 };
  dataset.bms.tickets = [
    {
      ...common,
      id: 1,
      ticketNumber: 'T20240501.0001',
      title: 'Printer offline',
      details: 'Reception printer shows offline',
      accountId: 1,
      locationId: 10,
      contactId: 1001,
      hardwareAssetId: 2001,
      statusId: 1,
      issueTypeId: 1,
      subIssueTypeId: 1,
      assigneeId: 2,
      openDate: at(5, 1),
      createdOn: at(5, 1),
      modifiedOn: at(5, 1),
      lastActivityUpdate: at(5, 1, 10),
      notes: [note(100, 'Power-cycled the printer; test page OK.', at(5, 1, 10))],
    },
    {
      ...common,
      id: 2,
      ticketNumber: 'T20240503.0002',
      title: 'New laptop',
      details: 'Order a laptop',
      accountId: 2,
      locationId: 20,
      statusId: 2,
      issueTypeId: 1,
      queueId: 2,
      openDate: at(5, 3),
      createdOn: at(5, 3),
      modifiedOn: at(5, 3),
      lastActivityUpdate: at(5, 10),
    },
    {
      ...common,
      id: 3,
      ticketNumber: 'T20240505.0003',
      title: 'Password reset',
      details: 'Locked out',
      accountId: 1,
      locationId: 10,
      statusId: 4,
      openDate: at(5, 5),
      completedDate: at(5, 5, 11),
      createdOn: at(5, 5),
      modifiedOn: at(5, 5, 11),
      lastActivityUpdate: at(5, 5, 11),
    },
    {
      ...common,
      id: 4,
      ticketNumber: 'T20240130.0001',
      title: 'VPN drops every hour',
      details: 'Remote staff lose the VPN',
      accountId: 1,
      locationId: 11,
      statusId: 4,
      issueTypeId: 3,
      subIssueTypeId: 6,
      assigneeId: 1,
      openDate: at(1, 30),
      completedDate: at(2, 1),
      createdOn: at(1, 30),
      modifiedOn: at(2, 1),
      lastActivityUpdate: at(2, 1),
    },
    {
      ...common,
      id: 5,
      ticketNumber: 'T20240518.0001',
      title: 'Backup job failed',
      details: 'Nightly backup of PC-0002 failed',
      accountId: 2,
      locationId: 20,
      hardwareAssetId: 2002,
      statusId: 3,
      priorityId: 3,
      openDate: at(5, 18),
      createdOn: at(5, 18),
      modifiedOn: at(5, 18),
      lastActivityUpdate: at(5, 20),
      checklistItems: [item(500, 'Check the backup log', 1, at(5, 18, 10), at(5, 19)), item(501, 'Re-run the job', 2, at(5, 18, 10))],
    },
  ];
  return dataset;
}
