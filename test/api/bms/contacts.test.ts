import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BmsClient } from '../../../clients/bms/index.js';
import { buildDataset, collect, failure, rawCall, rawLogin, startBms, type RunningBms } from './helpers.js';

let bms: RunningBms;
let client: BmsClient;

beforeAll(async () => {
  bms = await startBms();
  client = bms.client();
});
afterAll(() => bms.close());
beforeEach(async () => {
  // 150 contacts: ids 1001..1150; 1001-1002 on account 1, the rest on account 2; every 4th inactive.
  await bms.admin.load(buildDataset({ contactCount: 150 }));
});

describe('contacts', () => {
  it('pages the summary list to the end with totalRecords', async () => {
    const page = await client.listContactsPage({ pageSize: 100 });
    expect(page).toMatchObject({ totalRecords: 150, hasMore: true });
    const all = await collect(client.iterateContacts());
    expect(all).toHaveLength(150);
    expect(new Set(all.map((c) => c.id)).size).toBe(150);
  });

  it('returns rows with e-mails, phones and computed names', async () => {
    const jane = await client.getContact(1001);
    expect(jane).toMatchObject({ accountName: 'Contoso Ltd', locationName: 'Head Office', firstName: 'Jane', jobTitle: 'IT Manager', isPoc: true });
    expect(jane.emails).toEqual([expect.objectContaining({ emailAddress: 'user1@customer1.example', emailType: 'Work', isDefault: true })]);
    expect(jane.phones).toEqual([expect.objectContaining({ phone: '555-101', phoneTypeId: 1, phoneType: 'Work', isDefault: true })]);
  });

  it('filters the summary list by account, names, e-mail, phone, activity and modified-on', async () => {
    expect((await client.listContactsPage({ filter: { accountId: 1 } })).items.map((c) => c.id)).toEqual([1001, 1002]);
    expect((await client.listContactsPage({ filter: { accountName: 'fabrikam' } })).totalRecords).toBe(148);
    expect((await client.listContactsPage({ filter: { firstName: 'JANE', lastName: 'doe' } })).totalRecords).toBe(38);
    expect((await client.listContactsPage({ filter: { email: 'USER17@' } })).items.map((c) => c.id)).toEqual([1017]);
    expect((await client.listContactsPage({ filter: { phone: '555-1010' } })).items.map((c) => c.id)).toEqual([1010, 1100, 1101, 1102, 1103, 1104, 1105, 1106, 1107, 1108, 1109]);
    expect((await client.listContactsPage({ filter: { isActive: false } })).totalRecords).toBe(37);
    // Contact i was modified on 2024-05-(2 + i) 09:00 (capped at the 28th).
    const modified = await client.listContactsPage({ filter: { accountId: 1, modifiedOnFrom: '2024-05-04T09:00:00' } });
    expect(modified.items.map((c) => c.id)).toEqual([1002]);
  });

  it('searches with id lists and account-id lists (slim rows, no total)', async () => {
    const byIds = await client.searchContactsPage({ filter: { ids: [1003, 1001, 99_999] } });
    expect(byIds.items.map((c) => c.id)).toEqual([1001, 1003]);
    expect(byIds.totalRecords).toBeUndefined();
    expect(byIds.items[0]).toMatchObject({ emailAddress: 'user1@customer1.example', isPoc: true, accountName: 'Contoso Ltd' });
    const byAccounts = await client.searchContactsPage({ filter: { accountIds: [1, 2], isPoc: true } });
    expect(byAccounts.items.map((c) => c.id)).toEqual([1001]);
    expect(await collect(client.iterateContactSearch({ accountIds: [2] }))).toHaveLength(148);
  });

  it('looks contacts up per account', async () => {
    const page = await client.lookupAccountContactsPage(1);
    expect(page.items).toEqual([
      { id: 1001, name: 'Jane Doe', locationId: 10, locationName: 'Head Office', phone: '555-101', emailAddress: 'user1@customer1.example' },
      { id: 1002, name: 'John Smith', locationId: 10, locationName: 'Head Office', phone: '555-102', emailAddress: 'user2@customer1.example' },
    ]);
    expect((await client.lookupAccountContactsPage(1, { filter: { name: 'smith' } })).items.map((c) => c.id)).toEqual([1002]);
    expect((await failure(client.lookupAccountContactsPage(424242))).kind).toBe('not-found');
  });

  it('creates a contact (no job title on create), then sets title and POC with PUT', async () => {
    const created = await client.createContact({
      firstName: 'Ada',
      lastName: 'Lovelace',
      accountId: 1,
      locationId: 11,
      emails: [{ emailAddress: 'ada@contoso.example', emailTypeId: 1, isDefault: true }],
      phones: [{ phoneNumber: '555-3000', phoneTypeId: 2 }],
    });
    expect(created).toMatchObject({ firstName: 'Ada', accountName: 'Contoso Ltd', locationId: 11, locationName: 'Warehouse', phoneNumber: '555-3000', emailAddress: 'ada@contoso.example' });
    const fresh = await client.getContact(created.id);
    expect(fresh.jobTitle).toBeNull();
    expect(fresh.isPoc).toBe(false);
    // Sent without isDefault: BMS is assumed not to choose a default (simulators/bms/ASSUMPTIONS.md).
    expect(fresh.phones[0]).toMatchObject({ phone: '555-3000', phoneType: 'Mobile', isDefault: false });
    expect(fresh.emails[0]).toMatchObject({ emailAddress: 'ada@contoso.example', isDefault: true });

    const updated = await client.updateContact(created.id, { accountId: 1, locationId: 11, firstName: 'Ada', lastName: 'King', jobTitle: 'CTO', poc: true, isActive: true });
    expect(updated).toMatchObject({ lastName: 'King', jobTitle: 'CTO', poc: true, isActive: true });
    expect(updated.emails).toHaveLength(1);
    const reread = await client.getContact(created.id);
    expect(reread).toMatchObject({ lastName: 'King', jobTitle: 'CTO', isPoc: true });
    expect(reread.modifiedOn! >= fresh.modifiedOn!).toBe(true);
  });

  it('names every missing field of an invalid create', async () => {
    const err = await failure(client.createContact({ firstName: '', lastName: 'X', accountId: 1, locationId: 20, emails: [], phones: [] }));
    expect(err.status).toBe(400);
    expect(err.details.slice(1)).toEqual([
      'firstName: The FirstName field is required.',
      'emails: at least one e-mail address is required.',
      'phones: at least one phone number is required.',
      'locationId: location 20 does not belong to account 1',
    ]);
  });

  it('patches a contact with case-insensitive JSON-Patch paths', async () => {
    const patched = await client.patchContact(1002, [
      { op: 'replace', path: '/JobTitle', value: 'Accountant' },
      { op: 'replace', path: 'poc', value: true },
    ]);
    expect(patched).toMatchObject({ jobTitle: 'Accountant', poc: true, firstName: 'John', isActive: true });
    expect((await client.getContact(1002)).isPoc).toBe(true);
  });

  it('adds, updates and deletes e-mails and phones (operation 0/1/2)', async () => {
    const emails = await client.patchContactEmails(1001, [
      { operation: 'add', emailAddress: 'jane.home@example.com', typeId: 2, isDefault: true },
      { operation: 'update', emailAddress: 'USER1@customer1.example', newEmailAddress: 'jane@contoso.example' },
    ]);
    expect(emails).toMatchObject({ added: 1, updated: 1, deleted: 0 });
    expect(emails.emails.map((e) => [e.emailAddress, e.emailType, e.isDefault])).toEqual([
      ['jane@contoso.example', 'Work', false],
      ['jane.home@example.com', 'Personal', true],
    ]);
    const removed = await client.patchContactEmails(1001, [{ operation: 'delete', emailAddress: 'jane@contoso.example' }]);
    expect(removed.deleted).toBe(1);
    expect((await client.getContact(1001)).emails.map((e) => e.emailAddress)).toEqual(['jane.home@example.com']);

    const phones = await client.patchContactPhones(1001, [
      { operation: 'add', phoneNumber: '555-9999', typeId: 2 },
      { operation: 'update', phoneNumber: '555-101', newPhoneNumber: '555-0101', isDefault: true },
    ]);
    expect(phones.phones.map((p) => [p.phone, p.phoneType, p.isDefault])).toEqual([
      ['555-0101', 'Work', true],
      ['555-9999', 'Mobile', false],
    ]);
    const missing = await failure(client.patchContactPhones(1001, [{ operation: 'delete', phoneNumber: '000' }]));
    expect(missing.details.slice(1)).toEqual(['[0].phoneNumber: 000 is not a phone of this contact']);
  });

  it('deletes a contact and unlinks it from assets', async () => {
    await client.deleteContact(1001);
    expect((await failure(client.getContact(1001))).kind).toBe('not-found');
    expect((await client.getHardwareAsset(2001)).contactId).toBeNull();
    expect((await failure(client.deleteContact(1001))).status).toBe(404);
  });

  it('emails the wire DTOs in camelCase with nulls, bare on summary/{id}', async () => {
    const { accessToken } = await rawLogin(bms.url);
    const response = await rawCall(bms.url, accessToken, 'GET', '/v2/crm/contacts/summary/1002');
    expect(Object.keys(response.body)).toEqual([
      'id', 'createdBy', 'createdOn', 'modifiedBy', 'modifiedOn', 'accountId', 'accountName', 'locationId', 'locationName',
      'firstName', 'lastName', 'jobTitle', 'isPoc', 'isActive', 'effectiveDate', 'isBillable', 'emails', 'phones', 'canRecieveInvoices',
    ]);
    expect(response.body.jobTitle).toBeNull();
  });
});
