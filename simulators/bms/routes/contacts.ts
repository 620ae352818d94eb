/** CRM contacts (bms-api.md §3.3). */
import { z } from 'zod';
import type { Router, SimRequest } from '../../common/router.js';
import { contactCreatedDto, contactDetailDto, contactLookupDto, contactSearchDto, contactSummaryDto, emailDto, fullName, phoneDto } from '../dto.js';
import { applyJsonPatch } from '../patch.js';
import type { BmsStore, Contact, ContactEmail, ContactPhone } from '../store.js';
import { contains, idParam, ok, parseJsonBody } from '../wire.js';
import { assertValid, bareOrEnvelope, listFromQuery, nbool, nint, notFoundError, nstr, writeStamp, type RouteContext } from './context.js';

/** ContactInputDto (create). Note the input phone field is `phoneNumber`; output says `phone`. */
const contactCreateInput = z.object({
  firstName: nstr,
  lastName: nstr,
  accountId: z.number().int(),
  locationId: z.number().int(),
  phones: z.array(z.object({ phoneNumber: nstr, phoneTypeId: z.number().int(), isDefault: z.boolean().optional() })).nullable().optional(),
  emails: z.array(z.object({ emailAddress: nstr, emailTypeId: z.number().int(), isDefault: z.boolean().optional() })).nullable().optional(),
  customFieldsData: z.array(z.unknown()).nullable().optional(),
});

/** ContactPutInputDto */
const contactPutInput = z.object({
  accountId: z.number().int(),
  locationId: z.number().int(),
  firstName: nstr,
  middleName: nstr,
  lastName: nstr,
  jobTitle: nstr,
  poc: z.boolean().optional(),
  isActive: z.boolean().optional(),
  receiveInvoices: z.boolean().optional(),
  billByContact: z.boolean().optional(),
  effectiveDate: nstr,
});

const operation = z.union([z.literal(0), z.literal(1), z.literal(2)]);
const emailOperations = z.array(
  z.object({ operation, emailAddress: nstr, newEmailAddress: nstr, typeId: nint, isDefault: nbool }),
);
const phoneOperations = z.array(
  z.object({ operation, phoneNumber: nstr, newPhoneNumber: nstr, typeId: nint, isDefault: nbool }),
);

type ContactPut = z.infer<typeof contactPutInput>;

const blank = (v: string | null | undefined): boolean => !v || !v.trim();

function placementProblems(store: BmsStore, accountId: number, locationId: number): Array<string | false> {
  if (!store.accounts.has(accountId)) return [`accountId: account ${accountId} does not exist`];
  return [store.locationOwner.get(locationId) !== accountId && `locationId: location ${locationId} does not belong to account ${accountId}`];
}

/** At most one default: the first flagged one. ASSUMPTION: none flagged, none is the default (BMS does not choose one). */
function withOneDefault<T extends { isDefault: boolean }>(items: T[]): T[] {
  const index = items.findIndex((i) => i.isDefault);
  return items.map((item, i) => ({ ...item, isDefault: i === index }));
}

function contactOr404(store: BmsStore, id: number): Contact {
  const contact = store.contacts.get(id);
  if (!contact) throw notFoundError('Contact', id);
  return contact;
}

function putViewOf(c: Contact): Record<string, unknown> {
  return {
    accountId: c.accountId,
    locationId: c.locationId ?? null,
    firstName: c.firstName ?? null,
    middleName: c.middleName ?? null,
    lastName: c.lastName ?? null,
    jobTitle: c.jobTitle ?? null,
    poc: c.isPoc,
    isActive: c.isActive,
    receiveInvoices: c.canRecieveInvoices ?? false,
    billByContact: c.isBillable ?? false,
    effectiveDate: c.effectiveDate ?? null,
  };
}

function contactsOfAccounts(store: BmsStore, accountIds: number[] | undefined): Contact[] {
  return accountIds ? accountIds.flatMap((id) => store.contactsOf(id)) : [...store.contacts.values()];
}

const byId = (a: Contact, b: Contact) => a.id - b.id;

export function registerContactRoutes(router: Router, ctx: RouteContext): void {
  const { store } = ctx;

  router.get('/v2/crm/contacts/summary', (req) =>
    listFromQuery(ctx, req, {
      withTotal: true,
      select: (f) => {
        const accountId = f.int('AccountId');
        const accountName = f.text('AccountName');
        const [first, last, phone, email] = [f.text('FirstName'), f.text('LastName'), f.text('Phone'), f.text('Email')];
        const isActive = f.bool('IsActive');
        const [createdFrom, createdTo] = [f.date('CreatedOnFrom'), f.date('CreatedOnTo', true)];
        const [modifiedFrom, modifiedTo] = [f.date('ModifiedOnFrom'), f.date('ModifiedOnTo', true)];
        return contactsOfAccounts(store, accountId === undefined ? undefined : [accountId])
          .filter(
            (c) =>
              (accountName === undefined || contains(store.accounts.get(c.accountId)?.accountName, accountName)) &&
              contains(c.firstName, first) &&
              contains(c.lastName, last) &&
              (phone === undefined || c.phones.some((p) => contains(p.phone, phone))) &&
              (email === undefined || c.emails.some((e) => contains(e.emailAddress, email))) &&
              (isActive === undefined || c.isActive === isActive) &&
              f.inRange(c.createdOn, createdFrom, createdTo) &&
              f.inRange(c.modifiedOn, modifiedFrom, modifiedTo),
          )
          .sort(byId);
      },
      toDto: (c) => contactSummaryDto(store, c),
    }),
  );

  router.get('/v2/crm/contacts/search', (req) =>
    listFromQuery(ctx, req, {
      withTotal: false,
      select: (f) => {
        const ids = f.intList('Ids');
        const [accountName, locationName, first, last, email, jobTitle] = ['AccountName', 'LocationName', 'FirstName', 'LastName', 'EmailAddress', 'JobTitle'].map((n) => f.text(n));
        const locationId = f.int('LocationId');
        const [isPoc, portal, isActive] = [f.bool('IsPoc'), f.bool('HasClientPortalAccess'), f.bool('IsActive')];
        const source = ids ? ids.map((id) => store.contacts.get(id)).filter((c): c is Contact => !!c) : contactsOfAccounts(store, f.intList('AccountIds'));
        return source
          .filter(
            (c) =>
              (accountName === undefined || contains(store.accounts.get(c.accountId)?.accountName, accountName)) &&
              (locationId === undefined || c.locationId === locationId) &&
              (locationName === undefined || contains(store.location(c.locationId)?.locationName, locationName)) &&
              contains(c.firstName, first) &&
              contains(c.lastName, last) &&
              (email === undefined || c.emails.some((e) => contains(e.emailAddress, email))) &&
              (jobTitle === undefined || contains(c.jobTitle, jobTitle)) &&
              (isPoc === undefined || c.isPoc === isPoc) &&
              (portal === undefined || (c.hasClientPortalAccess ?? false) === portal) &&
              (isActive === undefined || c.isActive === isActive),
          )
          .sort(byId);
      },
      toDto: (c) => contactSearchDto(store, c),
    }),
  );

  router.get('/v2/crm/contacts/summary/{id}', (req) => bareOrEnvelope(ctx, contactSummaryDto(store, contactOr404(store, idParam(req, 'id')))));

  router.get('/v2/crm/accounts/{accountId}/contacts/lookup', (req) => {
    const accountId = idParam(req, 'accountId');
    if (!store.accounts.has(accountId)) throw notFoundError('Account', accountId);
    return listFromQuery(ctx, req, {
      withTotal: false,
      select: (f) => {
        const name = f.text('Name');
        const locationId = f.int('LocationId');
        return store
          .contactsOf(accountId)
          .filter((c) => contains(fullName(c), name) && (locationId === undefined || c.locationId === locationId))
          .sort(byId);
      },
      toDto: (c) => contactLookupDto(store, c),
    });
  });

  router.post('/v2/crm/contacts/summary', (req) => {
    const input = parseJsonBody(req, contactCreateInput);
    const emails = input.emails ?? [];
    const phones = input.phones ?? [];
    // ASSUMPTION (SPEC §8, seeds): BMS needs a first name, last name, location, e-mail and phone
    // to create a contact; each missing one is named.
    assertValid([
      blank(input.firstName) && 'firstName: The FirstName field is required.',
      blank(input.lastName) && 'lastName: The LastName field is required.',
      emails.length === 0 && 'emails: at least one e-mail address is required.',
      phones.length === 0 && 'phones: at least one phone number is required.',
      ...placementProblems(store, input.accountId, input.locationId),
      ...emails.flatMap((e, i) => [
        (blank(e.emailAddress) || !e.emailAddress!.includes('@')) && `emails[${i}].emailAddress: '${e.emailAddress ?? ''}' is not a valid e-mail address.`,
        !store.lookupRow('EmailType', e.emailTypeId) && `emails[${i}].emailTypeId: e-mail type ${e.emailTypeId} does not exist`,
      ]),
      ...phones.flatMap((p, i) => [
        blank(p.phoneNumber) && `phones[${i}].phoneNumber: The PhoneNumber field is required.`,
        !store.lookupRow('PhoneType', p.phoneTypeId) && `phones[${i}].phoneTypeId: phone type ${p.phoneTypeId} does not exist`,
      ]),
    ]);
    const { now, userId } = writeStamp(ctx, req);
    const stamp = { createdOn: now, createdBy: userId, modifiedOn: now, modifiedBy: userId };
    const contact: Contact = {
      id: store.nextId('contact'),
      accountId: input.accountId,
      locationId: input.locationId,
      firstName: input.firstName!.trim(),
      lastName: input.lastName!.trim(),
      // No job title or point-of-contact flag on create (bms-api.md §3.3): set them with PUT.
      jobTitle: null,
      isPoc: false,
      isActive: true,
      emails: withOneDefault(emails.map((e) => ({ id: store.nextId('email'), emailAddress: e.emailAddress!.trim(), emailTypeId: e.emailTypeId, isDefault: e.isDefault ?? false, ...stamp }))),
      phones: withOneDefault(phones.map((p) => ({ id: store.nextId('phone'), phone: p.phoneNumber!.trim(), phoneTypeId: p.phoneTypeId, isDefault: p.isDefault ?? false, ...stamp }))),
      ...stamp,
    };
    store.saveContact(contact);
    return ok(contactCreatedDto(store, contact));
  });

  const update = (req: SimRequest, current: Contact, input: ContactPut) => {
    assertValid(placementProblems(store, input.accountId, input.locationId));
    const { now, userId } = writeStamp(ctx, req);
    // ASSUMPTION (bms-api.md §3.3): PUT replaces every DTO field; an omitted boolean is false
    // (.NET default), an omitted string null. E-mails and phones are untouched.
    const contact: Contact = {
      ...current,
      accountId: input.accountId,
      locationId: input.locationId,
      firstName: input.firstName ?? null,
      middleName: input.middleName ?? null,
      lastName: input.lastName ?? null,
      jobTitle: input.jobTitle ?? null,
      isPoc: input.poc ?? false,
      isActive: input.isActive ?? false,
      canRecieveInvoices: input.receiveInvoices ?? false,
      isBillable: input.billByContact ?? false,
      effectiveDate: input.effectiveDate ?? null,
      modifiedOn: now,
      modifiedBy: userId,
    };
    store.saveContact(contact);
    return ok(contactDetailDto(store, contact));
  };

  router.put('/v2/crm/contacts/{id}', (req) => {
    const current = contactOr404(store, idParam(req, 'id'));
    return update(req, current, parseJsonBody(req, contactPutInput));
  });

  router.patch('/v2/crm/contacts/{id}', (req) => {
    const current = contactOr404(store, idParam(req, 'id'));
    const patched = applyJsonPatch(putViewOf(current), req.body, Object.keys(contactPutInput.shape));
    return update(req, current, parseJsonBody({ ...req, body: patched, contentType: 'application/json' }, contactPutInput));
  });

  // ASSUMPTION (bms-api.md §3.3): operation 0 = add, 1 = update, 2 = delete; items are found by
  // their current address/number (case-insensitive); an unknown one is a 400.
  router.patch('/v2/crm/contacts/{contactId}/emails', (req) => {
    const current = contactOr404(store, idParam(req, 'contactId'));
    const operations = parseJsonBody(req, emailOperations);
    const { now, userId } = writeStamp(ctx, req);
    const emails: ContactEmail[] = current.emails.map((e) => ({ ...e }));
    const counts = { added: 0, updated: 0, deleted: 0 };
    const problems: string[] = [];
    const find = (address: string | null | undefined) => emails.findIndex((e) => e.emailAddress.toLowerCase() === (address ?? '').trim().toLowerCase());
    operations.forEach((op, i) => {
      const typeId = op.typeId ?? undefined;
      if (typeId !== undefined && !store.lookupRow('EmailType', typeId)) return void problems.push(`[${i}].typeId: e-mail type ${typeId} does not exist`);
      if (op.operation === 0) {
        if (blank(op.emailAddress) || !op.emailAddress!.includes('@')) return void problems.push(`[${i}].emailAddress: a valid e-mail address is required`);
        if (find(op.emailAddress) >= 0) return void problems.push(`[${i}].emailAddress: ${op.emailAddress} already exists on this contact`);
        if (typeId === undefined) return void problems.push(`[${i}].typeId: The TypeId field is required.`);
        if (op.isDefault) emails.forEach((e) => (e.isDefault = false));
        emails.push({ id: store.nextId('email'), emailAddress: op.emailAddress!.trim(), emailTypeId: typeId, isDefault: op.isDefault ?? emails.length === 0, createdOn: now, createdBy: userId, modifiedOn: now, modifiedBy: userId });
        counts.added++;
        return;
      }
      const index = find(op.emailAddress);
      if (index < 0) return void problems.push(`[${i}].emailAddress: ${op.emailAddress ?? '(none)'} is not an e-mail of this contact`);
      if (op.operation === 2) {
        emails.splice(index, 1);
        counts.deleted++;
        return;
      }
      const email = emails[index]!;
      if (!blank(op.newEmailAddress)) email.emailAddress = op.newEmailAddress!.trim();
      if (typeId !== undefined) email.emailTypeId = typeId;
      if (op.isDefault) emails.forEach((e) => (e.isDefault = e === email));
      else if (op.isDefault === false) email.isDefault = false;
      email.modifiedOn = now;
      email.modifiedBy = userId;
      counts.updated++;
    });
    assertValid(problems);
    const contact = { ...current, emails, modifiedOn: now, modifiedBy: userId };
    store.saveContact(contact);
    return ok({ ...counts, emails: contact.emails.map((e) => emailDto(store, e)) });
  });

  router.patch('/v2/crm/contacts/{contactId}/phones', (req) => {
    const current = contactOr404(store, idParam(req, 'contactId'));
    const operations = parseJsonBody(req, phoneOperations);
    const { now, userId } = writeStamp(ctx, req);
    const phones: ContactPhone[] = current.phones.map((p) => ({ ...p }));
    const counts = { added: 0, updated: 0, deleted: 0 };
    const problems: string[] = [];
    const find = (number: string | null | undefined) => phones.findIndex((p) => p.phone.trim() === (number ?? '').trim());
    operations.forEach((op, i) => {
      const typeId = op.typeId ?? undefined;
      if (typeId !== undefined && !store.lookupRow('PhoneType', typeId)) return void problems.push(`[${i}].typeId: phone type ${typeId} does not exist`);
      if (op.operation === 0) {
        if (blank(op.phoneNumber)) return void problems.push(`[${i}].phoneNumber: The PhoneNumber field is required.`);
        if (typeId === undefined) return void problems.push(`[${i}].typeId: The TypeId field is required.`);
        if (op.isDefault) phones.forEach((p) => (p.isDefault = false));
        phones.push({ id: store.nextId('phone'), phone: op.phoneNumber!.trim(), phoneTypeId: typeId, isDefault: op.isDefault ?? phones.length === 0, createdOn: now, createdBy: userId, modifiedOn: now, modifiedBy: userId });
        counts.added++;
        return;
      }
      const index = find(op.phoneNumber);
      if (index < 0) return void problems.push(`[${i}].phoneNumber: ${op.phoneNumber ?? '(none)'} is not a phone of this contact`);
      if (op.operation === 2) {
        phones.splice(index, 1);
        counts.deleted++;
        return;
      }
      const phone = phones[index]!;
      if (!blank(op.newPhoneNumber)) phone.phone = op.newPhoneNumber!.trim();
      if (typeId !== undefined) phone.phoneTypeId = typeId;
      if (op.isDefault) phones.forEach((p) => (p.isDefault = p === phone));
      else if (op.isDefault === false) phone.isDefault = false;
      phone.modifiedOn = now;
      phone.modifiedBy = userId;
      counts.updated++;
    });
    assertValid(problems);
    const contact = { ...current, phones, modifiedOn: now, modifiedBy: userId };
    store.saveContact(contact);
    return ok({ ...counts, phones: contact.phones.map((p) => phoneDto(store, p)) });
  });

  // ASSUMPTION (bms-api.md §2.2): DELETE answers the envelope with result null.
  router.delete('/v2/crm/contacts/{id}', (req) => {
    const contact = contactOr404(store, idParam(req, 'id'));
    store.deleteContact(contact.id);
    return ok(null);
  });
}
