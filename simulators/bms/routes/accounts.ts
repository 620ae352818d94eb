/** CRM accounts and their locations (bms-api.md §3.1, §3.2). */
import { z } from 'zod';
import type { Router, SimRequest } from '../../common/router.js';
import { accountDto, accountLookupDto, locationDto, locationLookupDto } from '../dto.js';
import { applyJsonPatch } from '../patch.js';
import type { Account, Address, BmsStore, Location } from '../store.js';
import { contains, idParam, ok, parseJsonBody } from '../wire.js';
import { assertValid, bareOrEnvelope, listFromQuery, nbool, nint, nnum, notFoundError, nstr, writeStamp, type RouteContext } from './context.js';

const addressInput = z.object({
  address1: nstr,
  address2: nstr,
  city: nstr,
  state: nstr,
  zipCode: nstr,
  countryId: nint,
  country: nstr,
  phone: nstr,
  fax: nstr,
  latitude: nnum,
  longitude: nnum,
  emailAddress: nstr,
  isMain: z.boolean().optional(),
  isBilling: z.boolean().optional(),
  addressTypeId: nint,
  addressType: nstr,
});

/** AccountLocationInputDto; also the body of the assumed location POST/PUT. */
const locationInput = z.object({
  locationName: z.string().trim().min(1),
  isMain: z.boolean().optional(),
  isActive: z.boolean().optional(),
  addresses: z.array(addressInput),
});

/** AccountPutInputDto */
const accountPutInput = z.object({
  parentId: nint,
  accountCode: nstr,
  accountTypeId: z.number().int(),
  accountName: z.string().trim().min(1),
  description: nstr,
  website: nstr,
  businessTypeId: z.number().int(),
  serviceTypeId: nint,
  currencyId: nint,
  salesTaxItemId: nint,
  classId: nint,
  accountManagerId: z.number().int(),
  isActive: nbool,
  acquiredDate: nstr,
  creditLimit: nnum,
  netDays: nnum,
  routeInvoiceToParent: z.boolean().optional(),
});

/** AccountPostInputDto: the PUT fields plus at least one location. */
const accountPostInput = accountPutInput.extend({ locations: z.array(locationInput).min(1) });

type AccountPut = z.infer<typeof accountPutInput>;
type LocationInput = z.infer<typeof locationInput>;

function accountProblems(store: BmsStore, input: AccountPut, selfId?: number): Array<string | false> {
  return [
    !store.accountTypes.has(input.accountTypeId) && `accountTypeId: account type ${input.accountTypeId} does not exist`,
    !store.lookupRow('BusinessType', input.businessTypeId) && `businessTypeId: business type ${input.businessTypeId} does not exist`,
    !store.employees.has(input.accountManagerId) && !store.userById(input.accountManagerId) && `accountManagerId: employee ${input.accountManagerId} does not exist`,
    !!input.parentId && !store.accounts.has(input.parentId) && `parentId: account ${input.parentId} does not exist`,
    !!input.parentId && input.parentId === selfId && 'parentId: an account cannot be its own parent',
  ];
}

function locationProblems(store: BmsStore, location: LocationInput, where: string): Array<string | false> {
  return location.addresses.map(
    (a, j) => !!a.countryId && !store.lookupRow('Country', a.countryId) && `${where}.addresses[${j}].countryId: country ${a.countryId} does not exist`,
  );
}

/** Stored addresses for an input list; existing ids are kept by position so edits do not churn them. */
function buildAddresses(store: BmsStore, existing: Address[], input: LocationInput['addresses'], now: string, userId: number): Address[] {
  const anyMain = input.some((a) => a.isMain);
  return input.map((a, i) => {
    const previous = existing[i];
    // ASSUMPTION (bms-api.md §3.2): free-text country is matched to the Country table by name.
    const countryId = a.countryId ?? store.lookupByName('Country', a.country)?.id ?? null;
    return {
      ...a,
      id: previous?.id ?? store.nextId('address'),
      countryId,
      country: store.lookupName('Country', countryId) ?? a.country ?? null,
      isMain: anyMain ? a.isMain === true && input.findIndex((x) => x.isMain) === i : i === 0,
      isBilling: a.isBilling ?? false,
      createdOn: previous?.createdOn ?? now,
      createdBy: previous?.createdBy ?? userId,
      modifiedOn: now,
      modifiedBy: userId,
    } as Address;
  });
}

function buildLocation(store: BmsStore, previous: Location | undefined, input: LocationInput, now: string, userId: number): Location {
  return {
    ...(previous ?? {}),
    id: previous?.id ?? store.nextId('location'),
    locationName: input.locationName,
    isMain: input.isMain ?? previous?.isMain ?? false,
    isActive: input.isActive ?? previous?.isActive ?? true,
    addresses: buildAddresses(store, previous?.addresses ?? [], input.addresses, now, userId),
    createdOn: previous?.createdOn ?? now,
    createdBy: previous?.createdBy ?? userId,
    modifiedOn: now,
    modifiedBy: userId,
  } as Location;
}

/** The PUT DTO of a stored account: the starting point of a JSON-Patch. */
function putViewOf(a: Account): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(accountPutInput.shape)) {
    const value = (a as Record<string, unknown>)[key];
    if (value !== undefined) view[key] = value;
  }
  return view;
}

function applyPut(account: Account, input: AccountPut, now: string, userId: number): Account {
  const { isActive, routeInvoiceToParent, ...fields } = input;
  const updated: Account = { ...account, modifiedOn: now, modifiedBy: userId };
  // PUT replaces every field of the DTO; omitted ones take their .NET defaults (null, false).
  for (const key of Object.keys(accountPutInput.shape)) {
    if (key !== 'isActive' && key !== 'routeInvoiceToParent') (updated as Record<string, unknown>)[key] = (fields as Record<string, unknown>)[key] ?? null;
  }
  updated.routeInvoiceToParent = routeInvoiceToParent ?? false;
  // ASSUMPTION (bms-api.md §3.1): a null/omitted isActive leaves the status unchanged.
  if (isActive !== null && isActive !== undefined) updated.isActive = isActive;
  return updated;
}

function accountOr404(store: BmsStore, id: number): Account {
  const account = store.accounts.get(id);
  if (!account) throw notFoundError('Account', id);
  return account;
}

function textOfType(store: BmsStore, a: Account): string | undefined {
  return store.accountTypes.get(a.accountTypeId)?.name;
}

export function registerAccountRoutes(router: Router, ctx: RouteContext): void {
  const { store } = ctx;

  router.get('/v2/crm/accounts/summary', (req) =>
    listFromQuery(ctx, req, {
      withTotal: true,
      select: (f) => {
        const name = f.text('AccountName');
        const code = f.text('AccountCode');
        const typeId = f.int('AccountTypeId');
        const typeName = f.text('AccountTypeName');
        const isActive = f.bool('IsActive');
        const [createdFrom, createdTo] = [f.date('CreatedOnFrom'), f.date('CreatedOnTo', true)];
        const [modifiedFrom, modifiedTo] = [f.date('ModifiedOnFrom'), f.date('ModifiedOnTo', true)];
        return [...store.accounts.values()].filter(
          (a) =>
            contains(a.accountName, name) &&
            (code === undefined || contains(a.accountCode, code)) &&
            (typeId === undefined || a.accountTypeId === typeId) &&
            (typeName === undefined || contains(textOfType(store, a), typeName)) &&
            (isActive === undefined || a.isActive === isActive) &&
            f.inRange(a.createdOn, createdFrom, createdTo) &&
            f.inRange(a.modifiedOn, modifiedFrom, modifiedTo),
        ).sort((a, b) => a.id - b.id);
      },
      toDto: (a) => accountDto(store, a),
    }),
  );

  router.get('/v2/crm/accounts/summary/{id}', (req) => bareOrEnvelope(ctx, accountDto(store, accountOr404(store, idParam(req, 'id')))));

  router.get('/v2/crm/accounts/lookup', (req) =>
    listFromQuery(ctx, req, {
      withTotal: false,
      select: (f) => {
        const ids = f.intList('Ids');
        const name = f.text('Name');
        // ASSUMPTION (bms-api.md §3.1): inactive accounts are left out unless WithInactiveAccounts=true.
        const withInactive = f.bool('WithInactiveAccounts') ?? false;
        const source = ids ? ids.map((id) => store.accounts.get(id)).filter((a): a is Account => !!a) : [...store.accounts.values()];
        return source.filter((a) => contains(a.accountName, name) && (withInactive || a.isActive)).sort((a, b) => a.id - b.id);
      },
      toDto: (a) => accountLookupDto(store, a),
    }),
  );

  router.post('/v2/crm/accounts', (req) => {
    const input = parseJsonBody(req, accountPostInput);
    assertValid([...accountProblems(store, input), ...input.locations.flatMap((l, i) => locationProblems(store, l, `locations[${i}]`))]);
    const { now, userId } = writeStamp(ctx, req);
    const { locations: locationInputs, ...header } = input;
    const locations = locationInputs.map((l) => buildLocation(store, undefined, l, now, userId));
    // ASSUMPTION (bms-api.md §3.2): exactly one main location; the first flagged one (or the first).
    const mainIndex = Math.max(0, locations.findIndex((l) => l.isMain));
    locations.forEach((l, i) => (l.isMain = i === mainIndex));
    const account = applyPut(
      { id: store.nextId('account'), accountName: input.accountName, accountTypeId: input.accountTypeId, isActive: true, locations, createdOn: now, createdBy: userId } as Account,
      header,
      now,
      userId,
    );
    store.saveAccount(account);
    return ok(accountDto(store, account));
  });

  const update = (req: SimRequest, input: AccountPut) => {
    const current = accountOr404(store, idParam(req, 'id'));
    assertValid(accountProblems(store, input, current.id));
    const { now, userId } = writeStamp(ctx, req);
    const account = applyPut(current, input, now, userId);
    store.saveAccount(account);
    return ok(accountDto(store, account));
  };

  router.put('/v2/crm/accounts/{id}', (req) => {
    accountOr404(store, idParam(req, 'id'));
    return update(req, parseJsonBody(req, accountPutInput));
  });

  router.patch('/v2/crm/accounts/{id}', (req) => {
    const current = accountOr404(store, idParam(req, 'id'));
    const patched = applyJsonPatch(putViewOf(current), req.body, Object.keys(accountPutInput.shape));
    return update(req, parseJsonBody({ ...req, body: patched, contentType: 'application/json' }, accountPutInput));
  });

  // ---------------------------------------------------------------- locations

  router.get('/v2/crm/accounts/{accountId}/locations/lookup', (req) => {
    const account = accountOr404(store, idParam(req, 'accountId'));
    return ok(account.locations.map((l) => locationLookupDto(account.id, l)));
  });

  const locationOr404 = (req: SimRequest): { account: Account; location: Location } => {
    const account = accountOr404(store, idParam(req, 'accountId'));
    const locationId = idParam(req, 'locationId');
    const location = account.locations.find((l) => l.id === locationId);
    if (!location) throw notFoundError('Location', locationId);
    return { account, location };
  };

  router.get('/v2/crm/accounts/{accountId}/locations/{locationId}', (req) => ok(locationDto(store, locationOr404(req).location)));

  // ASSUMPTION (task brief; bms-api.md §3.2 has no V2 endpoint): add a location to an existing
  // account in BMS style. The change bumps the account's modifiedOn.
  router.post('/v2/crm/accounts/{accountId}/locations', (req) => {
    const account = accountOr404(store, idParam(req, 'accountId'));
    const input = parseJsonBody(req, locationInput);
    assertValid(locationProblems(store, input, '(body)'));
    const { now, userId } = writeStamp(ctx, req);
    const location = buildLocation(store, undefined, input, now, userId);
    const updated = { ...store.withLocation(account, location, now), modifiedBy: userId };
    store.saveAccount(updated);
    return ok(locationDto(store, location));
  });

  // ASSUMPTION (task brief): replace a location's name, flags and addresses (addresses keep their
  // ids by position). The change bumps the account's modifiedOn.
  router.put('/v2/crm/accounts/{accountId}/locations/{locationId}', (req) => {
    const { account, location: previous } = locationOr404(req);
    const input = parseJsonBody(req, locationInput);
    assertValid(locationProblems(store, input, '(body)'));
    const { now, userId } = writeStamp(ctx, req);
    const location = buildLocation(store, previous, input, now, userId);
    const updated = { ...store.withLocation(account, location, now), modifiedBy: userId };
    store.saveAccount(updated);
    return ok(locationDto(store, location));
  });
}
