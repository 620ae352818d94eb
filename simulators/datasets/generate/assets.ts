/**
 * The BMS side, part two: hardware assets (named like CONTOSO-WS-014, each at one of its own
 * account's locations, usually assigned to one of its own account's contacts).
 */
import { ASSET_DESCRIPTIONS, LOCATION_INFOS } from '../names.js';
import { BMS_ASSET_STATUSES, CATEGORIES, type CategorySpec, type ModelSpec, type OsChoice } from '../hardware.js';
import { Rng, apportion } from '../random.js';
import { TYPE_SHARE, type BmsIdKind } from './bms.js';
import type { BmsLookups } from './lookups.js';
import type { AccountInfo, AssetInfo, BmsAsset, BmsWorld, LocationInfo } from './model.js';
import { DAY, YEAR, between, bmsDate, bmsTime, nameKey, pad, type IdSequence } from './util.js';
import { bmsMacStyle, formatMac, macHex, serialNumber } from './values.js';

const categoryPairs = CATEGORIES.map((c) => [c, c.weight] as const);
const statusPairs = BMS_ASSET_STATUSES.map((s) => [s, s.weight] as const);

/** Every MAC handed out so far (hex digits), so no two devices share one by accident. */
export class MacRegistry {
  private readonly used = new Set<string>();

  fresh(rng: Rng, manufacturer: string | null): string {
    for (;;) {
      const hex = macHex(rng, manufacturer);
      if (!this.used.has(hex)) {
        this.used.add(hex);
        return hex;
      }
    }
  }
}

export function generateAssets(world: BmsWorld, lookups: BmsLookups, ids: IdSequence<BmsIdKind>, macs: MacRegistry): BmsAsset[] {
  const { options } = world;
  const rng = Rng.stream(options.seed, 'assets');
  const counts = apportion(options.assets, world.accounts.map((a) => TYPE_SHARE[a.typeName] * a.locations.length ** 0.5 * rng.skewed(1)));
  const assets: BmsAsset[] = [];
  world.accounts.forEach((info, i) => {
    const sequence = new Map<string, number>();
    const activeContacts = info.contacts.filter((c) => c.isActive);
    for (let n = 0; n < counts[i]!; n += 1) {
      const entry = makeAsset(rng, world, lookups, ids, macs, info, sequence, activeContacts);
      info.assets.push(entry);
      assets.push(entry.asset);
    }
  });
  return assets;
}

function nextIp(location: LocationInfo): string {
  const host = location.nextHost;
  location.nextHost += 1;
  const [a, b, c] = location.subnet.split('.').map(Number) as [number, number, number];
  const third = (c + Math.floor((host - 10) / 240)) % 256;
  return `${a}.${b}.${third}.${10 + ((host - 10) % 240)}`;
}

function assetName(rng: Rng, info: AccountInfo, code: string, sequence: Map<string, number>, owner: string | null, model: ModelSpec): string {
  for (;;) {
    let name: string;
    if (owner && code === 'MOB' && rng.chance(0.5)) {
      name = `${owner}'s ${model.model}`;
    } else {
      const n = (sequence.get(code) ?? rng.int(0, 3)) + 1;
      sequence.set(code, n);
      name = `${info.token}-${code}-${pad(n, 3)}`;
    }
    const key = nameKey(name);
    if (!info.usedAssetNames.has(key)) {
      info.usedAssetNames.add(key);
      return name;
    }
  }
}

function makeAsset(
  rng: Rng,
  world: BmsWorld,
  lookups: BmsLookups,
  ids: IdSequence<BmsIdKind>,
  macs: MacRegistry,
  info: AccountInfo,
  sequence: Map<string, number>,
  activeContacts: AccountInfo['contacts'],
): AssetInfo {
  const { nowMs } = world.options;
  const category: CategorySpec = rng.choose(categoryPairs);
  const model: ModelSpec = rng.choose(category.models.map((m) => [m, m.weight] as const));
  const os: OsChoice = rng.choose((model.os ?? category.os).map((o) => [o, o.weight] as const));
  const manufacturer = model.manufacturer;
  const location = rng.chance(0.6) ? info.locations[0]! : rng.pick(info.locations);

  const personal = category.name === 'Workstation' || category.name === 'Laptop' || category.name === 'Mobile Device';
  const nearby = activeContacts.filter((c) => c.locationId === location.location.id);
  const contact =
    activeContacts.length > 0 && rng.chance(personal ? 0.65 : 0.05)
      ? nearby.length > 0 && rng.chance(0.8)
        ? rng.pick(nearby)
        : rng.pick(activeContacts)
      : null;
  const owner = contact ? `${contact.firstName ?? ''} ${contact.lastName ?? ''}`.trim() : null;
  const code = model.code ?? category.code;
  const name = assetName(rng, info, code, sequence, owner, model);

  const mac = rng.chance(category.noMac) ? null : macs.fresh(rng, manufacturer);
  const serial = rng.chance(0.92) ? serialNumber(rng, manufacturer, mac) : null;
  const networked = category.networked || (mac !== null && rng.chance(0.3));
  const ip = networked && mac !== null && rng.chance(0.9) ? nextIp(location) : networked && rng.chance(0.3) ? nextIp(location) : null;

  let status = rng.choose(statusPairs);
  if (!info.account.isActive && rng.chance(0.5)) status = rng.chance(0.5) ? BMS_ASSET_STATUSES[1]! : BMS_ASSET_STATUSES[2]!;

  const acquiredMs = rng.chance(0.85) ? between(rng, Math.max(info.createdMs - YEAR, nowMs - 6 * YEAR), nowMs - 7 * DAY) : null;
  const warrantyMs = acquiredMs !== null && rng.chance(0.75) ? acquiredMs + rng.pick([1, 3, 3, 3, 5]) * YEAR : null;
  const createdMs = between(rng, Math.max(info.createdMs, acquiredMs ?? 0), nowMs);
  const [a, b, c] = location.subnet.split('.');

  const asset: BmsAsset = {
    id: ids.take('asset'),
    name,
    accountId: info.account.id,
    accountLocationId: location.location.id,
    categoryId: lookups.id('AssetCategory', category.name),
    contactId: contact?.id ?? null,
    assetTag: rng.chance(0.35) ? (rng.chance(0.6) ? `A-${pad(rng.int(1, 9999), 4)}` : `${info.token}-${pad(rng.int(1, 999), 4)}`) : null,
    serialNumber: serial,
    manufacturerId: lookups.id('Manufacturer', manufacturer),
    modelNumber: model.model,
    ipAddress: ip,
    macAddress: mac === null ? null : formatMac(mac, bmsMacStyle(rng)),
    defaultGateway: ip === null ? null : rng.chance(0.9) ? `${a}.${b}.${c}.1` : `${a}.${b}.${c}.254`,
    osType: os.type,
    osInfo: os.info === '' ? null : os.info,
    locationInfo: LOCATION_INFOS[category.name] && rng.chance(category.name === 'Server' || category.name === 'Firewall' ? 0.7 : 0.25) ? rng.pick(LOCATION_INFOS[category.name]!) : null,
    acquisitionDate: acquiredMs === null ? null : bmsDate(acquiredMs),
    warrantyExpirationDate: warrantyMs === null ? null : bmsDate(warrantyMs),
    description: ASSET_DESCRIPTIONS[category.name] && rng.chance(0.3) ? rng.pick(ASSET_DESCRIPTIONS[category.name]!) : null,
    isActive: status.active,
    stateId: lookups.id('AssetStatus', status.name),
    createdOn: bmsTime(createdMs),
    modifiedOn: bmsTime(between(rng, createdMs, nowMs)),
  };
  return { asset, category, model, mac };
}
