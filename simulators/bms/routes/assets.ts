/** Service-desk hardware assets (bms-api.md §3.4). */
import { z } from 'zod';
import type { Router, SimRequest } from '../../common/router.js';
import { assetDto, assetRowDto, fullName } from '../dto.js';
import type { Asset, BmsStore } from '../store.js';
import { contains, idParam, ok, parseJsonBody } from '../wire.js';
import { assertValid, listFromQuery, nbool, nint, nnum, notFoundError, nstr, requiredId, writeStamp, type RouteContext } from './context.js';

const TEXT_FIELDS = [
  'serialNumber', 'locationInfo', 'description', 'barCode', 'assetTag', 'modelNumber', 'machineGroupId', 'ipAddress', 'subnetMask',
  'defaultGateway', 'dnsServers', 'dhcpServer', 'secondaryWinsServer', 'connectionGatewayIp', 'osType', 'osInfo', 'majorVersion',
  'minorVersion', 'macAddress', 'loginName', 'lastLoginname', 'currentUser', 'productName', 'machineVersion', 'motherboardProductCode',
  'motherboardSerialNumber', 'motherboardVersion', 'chassisAssetTag', 'chassisSerialNumber', 'chassisType', 'chassisVersion', 'busSpeed',
  'maxMemorySize', 'maxMemorySlots', 'primaryWinsServer', 'computerName', 'warrantyExpirationDate', 'expirationDate', 'acquisitionDate',
  'firstCheckIn', 'lastCheckIn', 'lastReboot',
] as const;
const ID_FIELDS = ['contactId', 'brandId', 'businessImpactId', 'stateId', 'vendorId', 'motherboardManufacturerId', 'chassisManufacturerId', 'manufacturerId'] as const;
const FLAG_FIELDS = ['isActive', 'dhcpEnabled', 'winsEnabled'] as const;

/** HardwareAssetInputDto (S2: name non-empty; accountId, accountLocationId, categoryId ≥ 1). */
const assetInput = z.object({
  name: z.string().trim().min(1),
  accountId: requiredId,
  accountLocationId: requiredId,
  categoryId: requiredId,
  purchaseCost: nnum,
  ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, nstr])),
  ...Object.fromEntries(ID_FIELDS.map((f) => [f, nint])),
  ...Object.fromEntries(FLAG_FIELDS.map((f) => [f, nbool])),
}) as z.ZodType<AssetInput>;

type AssetInput = { name: string; accountId: number; accountLocationId: number; categoryId: number; purchaseCost?: number | null } & {
  [K in (typeof TEXT_FIELDS)[number]]?: string | null;
} & { [K in (typeof ID_FIELDS)[number]]?: number | null } & { [K in (typeof FLAG_FIELDS)[number]]?: boolean | null };

function assetProblems(store: BmsStore, input: AssetInput): Array<string | false> {
  const lookup = (table: string, field: keyof AssetInput, what: string) => {
    const id = input[field] as number | null | undefined;
    return !!id && !store.lookupRow(table, id) && `${String(field)}: ${what} ${id} does not exist`;
  };
  const accountExists = store.accounts.has(input.accountId);
  return [
    !accountExists && `accountId: account ${input.accountId} does not exist`,
    accountExists && store.locationOwner.get(input.accountLocationId) !== input.accountId &&
      `accountLocationId: location ${input.accountLocationId} does not belong to account ${input.accountId}`,
    !store.lookupRow('AssetCategory', input.categoryId) && `categoryId: asset category ${input.categoryId} does not exist`,
    !!input.contactId && !store.contacts.has(input.contactId) && `contactId: contact ${input.contactId} does not exist`,
    lookup('Manufacturer', 'manufacturerId', 'manufacturer'),
    lookup('AssetStatus', 'stateId', 'asset status'),
  ];
}

/** The stored asset for an input: every DTO field is replaced (omitted ones become null). */
function applyInput(base: Asset, input: AssetInput): Asset {
  const asset = { ...base, name: input.name.trim(), accountId: input.accountId, accountLocationId: input.accountLocationId, categoryId: input.categoryId } as Asset;
  const target = asset as Record<string, unknown>;
  for (const field of [...TEXT_FIELDS, ...ID_FIELDS, 'purchaseCost'] as const) target[field] = input[field] ?? null;
  target.dhcpEnabled = input.dhcpEnabled ?? false;
  target.winsEnabled = input.winsEnabled ?? false;
  // ASSUMPTION (bms-api.md §3.4): a null/omitted isActive keeps the current value (true on create).
  if (input.isActive !== null && input.isActive !== undefined) asset.isActive = input.isActive;
  return asset;
}

function assetOr404(store: BmsStore, id: number): Asset {
  const asset = store.assets.get(id);
  if (!asset) throw notFoundError('Hardware asset', id);
  return asset;
}

export function registerAssetRoutes(router: Router, ctx: RouteContext): void {
  const { store } = ctx;

  // Registered before `{assetId}` so the router does not read "searchselect" as an id.
  router.get('/v2/servicedesk/hardwareasset/searchselect', (req) =>
    listFromQuery(ctx, req, {
      // No totalRecords on this endpoint (S2: …IEnumerableResponse); callers stop on a short page.
      withTotal: false,
      select: (f) => {
        const accountId = f.int('AccountId');
        const categoryIds = f.intList('CategoryIds');
        const [name, machineGroup, locationName, serial, description, ip, contactName] = ['AssetName', 'MachineGroupId', 'LocationName', 'SerialNumber', 'Description', 'IPAddress', 'ContactName'].map((n) => f.text(n));
        const contactId = f.int('ContactId');
        const excludedId = f.int('ExcludedId');
        const isActive = f.bool('IsActive');
        const source = accountId === undefined ? [...store.assets.values()] : store.assetsOf(accountId);
        return source
          .filter(
            (a) =>
              (categoryIds === undefined || categoryIds.includes(a.categoryId)) &&
              contains(a.name, name) &&
              (machineGroup === undefined || a.machineGroupId === machineGroup) &&
              (locationName === undefined || contains(store.location(a.accountLocationId)?.locationName, locationName)) &&
              (serial === undefined || contains(a.serialNumber, serial)) &&
              (description === undefined || contains(a.description, description)) &&
              (ip === undefined || contains(a.ipAddress, ip)) &&
              (contactId === undefined || a.contactId === contactId) &&
              (contactName === undefined || contains(a.contactId ? fullName(store.contacts.get(a.contactId) ?? {}) : '', contactName)) &&
              (excludedId === undefined || a.id !== excludedId) &&
              (isActive === undefined || a.isActive === isActive),
          )
          .sort((a, b) => a.id - b.id);
      },
      toDto: (a) => assetRowDto(store, a),
    }),
  );

  router.get('/v2/servicedesk/hardwareasset/{assetId}', (req) => ok(assetDto(store, assetOr404(store, idParam(req, 'assetId')))));

  router.post('/v2/servicedesk/hardwareasset', (req) => {
    const input = parseJsonBody(req, assetInput);
    assertValid(assetProblems(store, input));
    const { now, userId } = writeStamp(ctx, req);
    const base = { id: store.nextId('asset'), isActive: true, createdOn: now, createdById: userId } as Asset;
    const asset = { ...applyInput(base, input), modifiedOn: now, modifiedById: userId };
    store.saveAsset(asset);
    return ok(assetDto(store, asset));
  });

  router.put('/v2/servicedesk/hardwareasset/{assetId}', (req: SimRequest) => {
    const current = assetOr404(store, idParam(req, 'assetId'));
    const input = parseJsonBody(req, assetInput);
    assertValid(assetProblems(store, input));
    const { now, userId } = writeStamp(ctx, req);
    const asset = { ...applyInput(current, input), modifiedOn: now, modifiedById: userId };
    store.saveAsset(asset);
    return ok(assetDto(store, asset));
  });

  // ASSUMPTION (bms-api.md §2.2): DELETE answers the envelope with result null.
  router.delete('/v2/servicedesk/hardwareasset/{id}', (req) => {
    const asset = assetOr404(store, idParam(req, 'id'));
    store.deleteAsset(asset.id);
    return ok(null);
  });
}
