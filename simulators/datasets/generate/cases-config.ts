/**
 * Configuration cases (SPEC §5): same organization, same type and name, then identifiers.
 * Each case sets both sides' serial number and MAC explicitly, so the tier (or the
 * disqualification) it records is exactly what the rules give.
 */
import type { MacRegistry } from './assets.js';
import type { CaseContext } from './cases.js';
import { take } from './cases.js';
import type { AccountInfo, AssetInfo, ItgConfiguration } from './model.js';
import { DAY, between, itgTime } from './util.js';
import { bmsMacStyle, formatMac, serialNumber, type MacStyle } from './values.js';

interface Candidate {
  info: AccountInfo;
  entry: AssetInfo;
  copy: ItgConfiguration;
}

const PERSONAL = new Set(['Workstation', 'Laptop']);

export function applyConfigurationCases(ctx: CaseContext, macs: MacRegistry): void {
  const { rng, itg, matched, perKind } = ctx;
  const all: Candidate[] = [];
  for (const info of matched) {
    for (const entry of info.assets) {
      const copy = itg.configurationCopy.get(entry.asset.id);
      if (copy) all.push({ info, entry, copy });
    }
  }
  rng.shuffle(all);
  const linked = all.filter((c) => itg.links.configuration.get(c.entry.asset.id) === c.copy.id);
  const otherType = all.filter((c) => !itg.links.configuration.has(c.entry.asset.id));

  const run = (n: number, pool: Candidate[], make: (c: Candidate, i: number) => void, accept?: (c: Candidate) => boolean) =>
    take(pool, n, accept).forEach((c, i) => make(c, i));

  run(perKind, linked, (c, i) => differentSerial(ctx, c, macs, i));
  run(perKind, linked, (c) => differentMac(ctx, c, macs));
  run(perKind, linked, (c) => differentSerialSameMac(ctx, c, macs));
  run(perKind, linked, (c) => macFormat(ctx, c, macs));
  run(perKind, linked, (c, i) => macOnly(ctx, c, macs, i));
  run(perKind, linked, (c, i) => serialOnly(ctx, c, macs, i));
  run(perKind, linked, (c, i) => noIdentifiers(ctx, c, macs, i));
  run(perKind, linked, (c) => tie(ctx, c, macs, 'earliest'));
  run(perKind, linked, (c) => tie(ctx, c, macs, 'lowest-id'));
  run(perKind, linked, (c) => foreignContact(ctx, c, macs), (c) => PERSONAL.has(c.entry.category.name));
  const typeCases = take(otherType, perKind);
  typeCases.push(...take(linked, perKind - typeCases.length));
  for (const c of typeCases) typeDiffers(ctx, c);
}

// ---------------------------------------------------------------- both sides' identifiers

function ensureSerial(ctx: CaseContext, { entry }: Candidate): string {
  entry.asset.serialNumber ??= serialNumber(ctx.rng, entry.model.manufacturer, entry.mac);
  return entry.asset.serialNumber;
}

function ensureMac(ctx: CaseContext, { entry }: Candidate, macs: MacRegistry): string {
  if (entry.mac === null) {
    entry.mac = macs.fresh(ctx.rng, entry.model.manufacturer);
    entry.asset.macAddress = formatMac(entry.mac, bmsMacStyle(ctx.rng));
  }
  return entry.mac;
}

function styleOf(mac: string): MacStyle {
  if (mac.includes('-')) return 'dash';
  if (mac.includes('.')) return 'dotted';
  if (mac.includes(':')) return mac === mac.toLowerCase() ? 'colon-lower' : 'colon';
  return 'bare';
}

/** The same MAC written in another of the formats the BMS value does not use. */
function otherFormat(ctx: CaseContext, hex: string, bmsText: string | null | undefined): string {
  const styles: MacStyle[] = ['colon', 'dash', 'dotted', 'colon-lower', 'bare'];
  const current = bmsText ? styleOf(bmsText) : null;
  return formatMac(hex, ctx.rng.pick(styles.filter((s) => s !== current)));
}

function setItgIdentifiers(ctx: CaseContext, copy: ItgConfiguration, serial: string | null, mac: string | null): void {
  copy['serial-number'] = serial;
  ctx.itg.setNetwork(copy, (copy['primary-ip'] as string | null | undefined) ?? null, mac);
}

/** Records the case and sets the expected link accordingly. */
function record(
  ctx: CaseContext,
  kind: CaseContext['cases'][number]['kind'],
  c: Candidate,
  expected: CaseContext['cases'][number]['expected'],
  note: string,
  ids?: string[],
): void {
  if (expected.outcome === 'match' && expected.itglueId) ctx.itg.link('configuration', c.entry.asset.id, expected.itglueId);
  else ctx.itg.unlink('configuration', c.entry.asset.id);
  ctx.cases.push({ kind, entity: 'configuration', bmsId: String(c.entry.asset.id), itglueIds: ids ?? [c.copy.id], expected, note });
}

const show = (v: unknown): string => JSON.stringify(v ?? null);

// ---------------------------------------------------------------- the cases

function differentSerial(ctx: CaseContext, c: Candidate, macs: MacRegistry, i: number): void {
  const serial = ensureSerial(ctx, c);
  ensureMac(ctx, c, macs);
  let other = serialNumber(ctx.rng, c.entry.model.manufacturer, null);
  while (other.toUpperCase() === serial.toUpperCase()) other = `${other}X`;
  // A different device (SPEC §5): half differ in both identifiers, half in the only one IT Glue has.
  const otherMac = i % 2 === 0 ? formatMac(macs.fresh(ctx.rng, c.entry.model.manufacturer), 'colon') : null;
  setItgIdentifiers(ctx, c.copy, other, otherMac);
  record(ctx, 'same-name-different-serial', c, { outcome: 'no-match' }, `same type and name; serial ${show(serial)} vs ${show(other)}${otherMac ? ` and MAC ${show(c.entry.asset.macAddress)} vs ${show(otherMac)}` : ' (no MAC in IT Glue)'}`);
}

function differentMac(ctx: CaseContext, c: Candidate, macs: MacRegistry): void {
  const serial = ensureSerial(ctx, c);
  ensureMac(ctx, c, macs);
  const other = formatMac(macs.fresh(ctx.rng, c.entry.model.manufacturer), 'colon');
  setItgIdentifiers(ctx, c.copy, serial, other);
  record(ctx, 'same-serial-different-mac', c, { outcome: 'match', itglueId: c.copy.id, tier: 3 }, `same type, name and serial ${show(serial)}; MAC ${show(c.entry.asset.macAddress)} vs ${show(other)}: serial equal is tier 3`);
}

function differentSerialSameMac(ctx: CaseContext, c: Candidate, macs: MacRegistry): void {
  const serial = ensureSerial(ctx, c);
  const mac = ensureMac(ctx, c, macs);
  let other = serialNumber(ctx.rng, c.entry.model.manufacturer, null);
  while (other.toUpperCase() === serial.toUpperCase()) other = `${other}X`;
  setItgIdentifiers(ctx, c.copy, other, otherFormat(ctx, mac, c.entry.asset.macAddress));
  record(ctx, 'same-mac-different-serial', c, { outcome: 'match', itglueId: c.copy.id, tier: 2 }, `same type, name and MAC; serial ${show(serial)} vs ${show(other)}: MAC equal is tier 2`);
}

function macFormat(ctx: CaseContext, c: Candidate, macs: MacRegistry): void {
  const serial = ensureSerial(ctx, c);
  const mac = ensureMac(ctx, c, macs);
  const written = otherFormat(ctx, mac, c.entry.asset.macAddress);
  setItgIdentifiers(ctx, c.copy, serial, written);
  record(ctx, 'mac-format-differs', c, { outcome: 'match', itglueId: c.copy.id, tier: 1 }, `serial equal; MAC ${show(c.entry.asset.macAddress)} vs ${show(written)}: equal without separators`);
}

function macOnly(ctx: CaseContext, c: Candidate, macs: MacRegistry, i: number): void {
  ensureSerial(ctx, c);
  const mac = ensureMac(ctx, c, macs);
  const written = i % 2 === 0 ? otherFormat(ctx, mac, c.entry.asset.macAddress) : formatMac(mac, 'colon');
  setItgIdentifiers(ctx, c.copy, null, written);
  record(ctx, 'mac-equal-serial-missing', c, { outcome: 'match', itglueId: c.copy.id, tier: 2 }, `MAC equal (${show(c.entry.asset.macAddress)} vs ${show(written)}); no serial in IT Glue`);
}

function serialOnly(ctx: CaseContext, c: Candidate, macs: MacRegistry, i: number): void {
  const serial = ensureSerial(ctx, c);
  const written = i % 3 === 1 ? ` ${serial.toLowerCase()} ` : serial;
  if (i % 2 === 0) {
    ensureMac(ctx, c, macs);
    setItgIdentifiers(ctx, c.copy, written, null);
    record(ctx, 'serial-equal-mac-missing', c, { outcome: 'match', itglueId: c.copy.id, tier: 3 }, `serial equal (${show(serial)} vs ${show(written)}); no MAC in IT Glue`);
  } else {
    c.entry.mac = null;
    c.entry.asset.macAddress = null;
    setItgIdentifiers(ctx, c.copy, written, formatMac(macs.fresh(ctx.rng, c.entry.model.manufacturer), 'colon'));
    record(ctx, 'serial-equal-mac-missing', c, { outcome: 'match', itglueId: c.copy.id, tier: 3 }, `serial equal (${show(serial)} vs ${show(written)}); no MAC in BMS`);
  }
}

function noIdentifiers(ctx: CaseContext, c: Candidate, macs: MacRegistry, i: number): void {
  if (i % 2 === 0) {
    ensureSerial(ctx, c);
    ensureMac(ctx, c, macs);
    setItgIdentifiers(ctx, c.copy, null, null);
    record(ctx, 'no-identifiers', c, { outcome: 'match', itglueId: c.copy.id, tier: 4 }, 'same type and name; IT Glue has neither serial nor MAC: nothing contradicts the name');
  } else {
    c.entry.asset.serialNumber = null;
    c.entry.asset.macAddress = null;
    c.entry.mac = null;
    const serial = serialNumber(ctx.rng, c.entry.model.manufacturer, null);
    setItgIdentifiers(ctx, c.copy, serial, formatMac(macs.fresh(ctx.rng, c.entry.model.manufacturer), 'colon'));
    record(ctx, 'no-identifiers', c, { outcome: 'match', itglueId: c.copy.id, tier: 4 }, 'same type and name; BMS has neither serial nor MAC: nothing contradicts the name');
  }
}

/** Two identical IT Glue candidates: the twin gets the higher id; "earliest" makes it older too. */
function tie(ctx: CaseContext, c: Candidate, macs: MacRegistry, mode: 'earliest' | 'lowest-id'): void {
  const serial = ensureSerial(ctx, c);
  const mac = ensureMac(ctx, c, macs);
  setItgIdentifiers(ctx, c.copy, serial, formatMac(mac, 'colon'));
  const orgCreated = ctx.itg.orgMeta(c.copy['organization-id']).createdMs;
  const copyMs = between(ctx.rng, orgCreated + 2 * DAY, ctx.itg.nowMs);
  c.copy['created-at'] = itgTime(copyMs);
  c.copy['updated-at'] = itgTime(copyMs);
  const twinMs = mode === 'earliest' ? between(ctx.rng, orgCreated, copyMs - DAY) : copyMs;
  const twin = ctx.itg.cloneConfiguration(c.copy, twinMs);
  if (mode === 'earliest') {
    record(ctx, 'tie-earliest-created', c, { outcome: 'match', itglueId: twin.id, tier: 1 }, `two identical IT Glue configurations (tier 1): ${twin.id} created ${twin['created-at']} wins over ${c.copy.id} created ${c.copy['created-at']} although its id is higher`, [c.copy.id, twin.id]);
  } else {
    record(ctx, 'tie-lowest-id', c, { outcome: 'match', itglueId: c.copy.id, tier: 1 }, `two identical IT Glue configurations (tier 1) created at the same time (${c.copy['created-at']}): the lower id ${c.copy.id} wins over ${twin.id}`, [c.copy.id, twin.id]);
  }
}

function foreignContact(ctx: CaseContext, c: Candidate, macs: MacRegistry): void {
  const others = ctx.world.accounts.filter((a) => a !== c.info && a.contacts.length > 0);
  if (others.length === 0) return;
  const stranger = ctx.rng.pick(ctx.rng.pick(others).contacts);
  c.entry.asset.contactId = stranger.id;
  const serial = ensureSerial(ctx, c);
  const mac = ensureMac(ctx, c, macs);
  setItgIdentifiers(ctx, c.copy, serial, formatMac(mac, 'colon'));
  c.copy['contact-id'] = null;
  record(
    ctx,
    'foreign-contact',
    c,
    { outcome: 'match', itglueId: c.copy.id, tier: 1 },
    `BMS contact ${stranger.id} belongs to account ${stranger.accountId}, not ${c.info.account.id}: the mapped configuration must leave its contact empty (and log why)`,
  );
}

function typeDiffers(ctx: CaseContext, c: Candidate): void {
  const { itg } = ctx;
  const category = c.entry.category.name;
  if (itg.lookups.id('configurationTypes', category) === Number(c.copy['configuration-type-id'])) {
    c.copy['configuration-type-id'] = itg.lookups.id('configurationTypes', category === 'Server' ? 'Managed Device' : 'Other')!;
  }
  const typeName = itg.lookups.data.configurationTypes.find((t) => Number(t.id) === c.copy['configuration-type-id'])?.name;
  record(ctx, 'configuration-type-differs', c, { outcome: 'no-match' }, `same name; BMS category ${show(category)} vs IT Glue configuration type ${show(typeName)}`);
}
