/**
 * Reference data seeded when a dataset leaves it out, so a bare simulator is usable: lookup
 * tables, account types, employees, services, and one API user.
 *
 * ASSUMPTION (bms-api.md §3.9): S2 has no V2 endpoint for asset categories, manufacturers, asset
 * states, e-mail/phone types, countries, business types or billing cycles; the simulator serves
 * them as tables of `GET /v2/system/lookup/{tableName}` under these names. Issue types, sub-issue
 * types and queues have documented lookups of their own; note types have none (the NoteType table
 * is an assumption).
 */
import type { BmsDataset } from '../datasets/format.js';

type LookupRow = BmsDataset['lookups'][string][number];

function rows(names: string[], defaultName?: string): LookupRow[] {
  return names.map((name, i) => ({ id: i + 1, name, isActive: true, isDefault: name === defaultName }));
}

export const DEFAULT_LOOKUPS: Record<string, LookupRow[]> = {
  AssetCategory: rows(['Workstation', 'Laptop', 'Server', 'Firewall', 'Switch', 'Printer', 'Router', 'Mobile Device', 'Other'], 'Workstation'),
  Manufacturer: rows(['Dell', 'HP', 'Lenovo', 'Cisco', 'Apple', 'Microsoft', 'Fortinet', 'Ubiquiti']),
  AssetStatus: rows(['Active', 'Inactive', 'In Repair', 'Retired'], 'Active'),
  EmailType: rows(['Work', 'Personal', 'Other'], 'Work'),
  PhoneType: rows(['Work', 'Mobile', 'Home', 'Fax', 'Other'], 'Work'),
  Country: rows(['United States', 'Canada', 'United Kingdom', 'Australia', 'Germany', 'France', 'Netherlands', 'New Zealand', 'Ireland']),
  BusinessType: rows(['Small Business', 'Mid-Market', 'Enterprise', 'Non-Profit', 'Government'], 'Small Business'),
  BillingCycle: rows(['Monthly', 'Quarterly', 'Yearly'], 'Monthly'),
  TicketStatus: [
    { id: 1, name: 'New', isActive: true, isDefault: true, color: '#2E86DE', fontColor: '#FFFFFF', statusOrder: 1, typeId: 1, isSystemStatus: 1 },
    { id: 2, name: 'In Progress', isActive: true, isDefault: false, color: '#F6B93B', fontColor: '#000000', statusOrder: 2, typeId: 2, isSystemStatus: 0 },
    { id: 3, name: 'Waiting on Customer', isActive: true, isDefault: false, color: '#A4B0BE', fontColor: '#000000', statusOrder: 3, typeId: 2, isSystemStatus: 0 },
    { id: 4, name: 'Completed', isActive: true, isDefault: false, color: '#20BF6B', fontColor: '#FFFFFF', statusOrder: 4, typeId: 3, isSystemStatus: 1 },
  ],
  TicketPriority: [
    { id: 1, name: 'Low', isActive: true, isDefault: false, color: '#7BED9F' },
    { id: 2, name: 'Medium', isActive: true, isDefault: true, color: '#ECCC68' },
    { id: 3, name: 'High', isActive: true, isDefault: false, color: '#FF7F50' },
    { id: 4, name: 'Critical', isActive: true, isDefault: false, color: '#FF4757' },
  ],
  TicketType: rows(['Service Request', 'Incident', 'Problem', 'Change'], 'Service Request'),
  Queue: rows(['Help Desk', 'Projects', 'Monitoring'], 'Help Desk'),
  IssueType: rows(['Hardware', 'Software', 'Network', 'Email', 'User Account']),
  IssueSubType: subTypes({
    1: ['Printer', 'Laptop', 'Desktop'],
    2: ['Application', 'Updates'],
    3: ['VPN', 'Wi-Fi', 'Firewall'],
    4: ['Mailbox', 'Spam'],
    5: ['Password Reset', 'New User'],
  }),
  NoteType: rows(['General', 'Customer Update', 'Resolution'], 'General'),
};

/** IssueSubType rows: each carries the id of its issue type (served per issue type). */
function subTypes(byIssueType: Record<number, string[]>): LookupRow[] {
  return Object.entries(byIssueType)
    .flatMap(([issueTypeId, names]) => names.map((name) => ({ name, issueTypeId: Number(issueTypeId) })))
    .map((row, i) => ({ id: i + 1, ...row, isActive: true, isDefault: false }));
}

/** Ticket sources are a fixed list in BMS (bms-api.md §3.5, from the V1 constants). */
export const TICKET_SOURCES: Record<number, string> = {
  0: 'Client Portal',
  1: 'Phone',
  2: 'In Person',
  3: 'On Site',
  4: 'E-mail',
  5: 'Monitoring',
  6: 'Voice Mail',
  7: 'Verbal',
  8: 'Other',
  9: 'Recurring',
};

export const DEFAULT_ACCOUNT_TYPES: BmsDataset['accountTypes'] = [
  { id: 1, name: 'Customer', isActive: true, isClient: true, isVendor: false },
  { id: 2, name: 'Prospect', isActive: true, isClient: true, isVendor: false },
  { id: 3, name: 'Vendor', isActive: true, isClient: false, isVendor: true },
  { id: 4, name: 'Partner', isActive: true, isClient: false, isVendor: false },
];

export const DEFAULT_EMPLOYEES: BmsDataset['employees'] = [
  { id: 1, fullName: 'System Administrator', emailAddress: 'admin@msp.example' },
  { id: 2, fullName: 'Alex Tech', emailAddress: 'alex@msp.example' },
];

export const DEFAULT_SERVICES: BmsDataset['services'] = [
  { id: 1, name: 'Managed Workstation', description: 'Per workstation per month', unitCost: 10, unitPrice: 35, isActive: true },
  { id: 2, name: 'Managed Server', description: 'Per server per month', unitCost: 40, unitPrice: 120, isActive: true },
  { id: 3, name: 'Microsoft 365 Business Premium', description: 'Per user per month', unitCost: 18, unitPrice: 22, isActive: true },
  { id: 4, name: 'Cloud Backup', description: 'Per TB per month', unitCost: 8, unitPrice: 25, isActive: true },
];

/** Only used when a dataset has no users at all: lets a bare simulator be logged into. */
export const DEFAULT_USERS: BmsDataset['users'] = [
  { userName: 'api-user', password: 'api-password', userType: 'ApiEmployee', hasApiAccess: true, fullName: 'API Integration' },
];
