/**
 * Deliberate tricky matching cases (SPEC §5), each recorded so tests can assert the engine's
 * decision. Every case sits under a parent that matches (its account has an IT Glue copy whose
 * name matches), so the decision really is about the record itself. Decisions assume the engine
 * processes BMS records in id order, parents first, and that links are one-to-one.
 *
 * Two phases: `planOrganizationCases` runs before the IT Glue copies are made (it decides name
 * variants, decoys and duplicate BMS names); `applyRecordCases` (with the configuration cases
 * in cases-config.ts) runs after them and adjusts copies on either side.
 */
import { Rng } from '../random.js';
import type { OrgDirective } from './copies.js';
import type { ItGlueBuilder } from './itglue.js';
import type { AccountInfo, BmsContact, BmsWorld, LocationInfo } from './model.js';
import { nameKey, slug } from './util.js';
import { otherAddressLine2 } from './values.js';

export const CASE_KINDS = [
  'organization-name-variant',
  'duplicate-organization-earliest',
  'duplicate-account-name',
  'contact-name-variant',
  'contact-other-organization',
  'location-address2-differs',
  'location-state-iso',
  'same-name-different-serial',
  'same-serial-different-mac',
  'same-mac-different-serial',
  'mac-format-differs',
  'mac-equal-serial-missing',
  'serial-equal-mac-missing',
  'no-identifiers',
  'tie-earliest-created',
  'tie-lowest-id',
  'foreign-contact',
  'configuration-type-differs',
] as const;

export type CaseKind = (typeof CASE_KINDS)[number];

export interface TrickyCase {
  kind: CaseKind;
  entity: 'organization' | 'location' | 'contact' | 'configuration';
  /** The BMS record the engine decides about. */
  bmsId: string;
  /** The IT Glue records the case is about (candidates, decoys, the record in another organization). */
  itglueIds: string[];
  expected: { outcome: 'match' | 'no-match'; itglueId?: string; tier?: 1 | 2 | 3 | 4 };
  note: string;
}

/** How many cases of each kind: several when the dataset is big enough. */
export function casesPerKind(accounts: number): number {
  return Math.min(12, Math.max(2, Math.round(accounts / 8)));
}

interface PendingOrganizationCase {
  kind: 'organization-name-variant' | 'duplicate-organization-earliest' | 'duplicate-account-name';
  info: AccountInfo;
  /** The second, same-named BMS account (duplicate-account-name). */
  twin?: AccountInfo;
}

export interface OrganizationPlan {
  directives: Map<number, OrgDirective>;
  pending: PendingOrganizationCase[];
}

/** A spelling of `text` that differs only in case and whitespace. */
export function caseVariant(rng: Rng, text: string): string {
  const forms = [
    () => text.toUpperCase(),
    () => text.toLowerCase(),
    () => `${text.replace(/ /g, '  ')} `,
    () => ` ${text.charAt(0).toLowerCase()}${text.slice(1)}`,
    () => `  ${text}`,
  ];
  for (const form of rng.shuffle(forms)) {
    const variant = form();
    if (variant !== text) return variant;
  }
  return ` ${text} `;
}

export function planOrganizationCases(world: BmsWorld, overlap: AccountInfo[]): OrganizationPlan {
  const plan: OrganizationPlan = { directives: new Map(), pending: [] };
  if (!world.options.cases || overlap.length === 0) return plan;
  const rng = Rng.stream(world.options.seed, 'cases-organizations');
  const perKind = casesPerKind(world.accounts.length);
  const preferred = (a: AccountInfo) => (a.typeName === 'Customer' && a.account.isActive ? 0 : 1);
  const pool = rng.shuffle([...overlap]).sort((a, b) => preferred(a) - preferred(b));
  const inOverlap = new Set(overlap.map((a) => a.account.id));
  // Second accounts for duplicate names: not in IT Glue, created later (higher id).
  const spare = world.accounts.filter((a) => !inOverlap.has(a.account.id)).sort((a, b) => preferred(a) - preferred(b) || a.account.id - b.account.id);
  const usedSpare = new Set<number>();
  const share = Math.min(perKind, Math.max(1, Math.floor(pool.length / 3)));
  const counts = { 'organization-name-variant': 0, 'duplicate-organization-earliest': 0, 'duplicate-account-name': 0 };

  for (const info of pool) {
    const kind = (['organization-name-variant', 'duplicate-organization-earliest', 'duplicate-account-name'] as const).find((k) => counts[k] < share);
    if (!kind) break;
    if (kind === 'organization-name-variant') {
      plan.directives.set(info.account.id, { name: caseVariant(rng, info.account.accountName) });
    } else if (kind === 'duplicate-organization-earliest') {
      plan.directives.set(info.account.id, { decoy: true });
    } else {
      const twin = spare.find((a) => a.account.id > info.account.id && !usedSpare.has(a.account.id));
      if (!twin) {
        counts[kind] = share; // no later account left to rename: stop making this kind
        continue;
      }
      usedSpare.add(twin.account.id);
      // Two clients that really share a name (a franchise in another town): the second one's code says so.
      twin.account.accountName = info.account.accountName;
      twin.account.accountCode = info.account.accountCode ? `${info.account.accountCode}-2` : null;
      plan.pending.push({ kind, info, twin });
      counts[kind] += 1;
      continue;
    }
    plan.pending.push({ kind, info });
    counts[kind] += 1;
  }
  return plan;
}

function organizationCase(itg: ItGlueBuilder, pending: PendingOrganizationCase): TrickyCase | null {
  const { info } = pending;
  const copy = itg.orgOfAccount.get(info.account.id);
  if (!copy) return null;
  switch (pending.kind) {
    case 'organization-name-variant':
      return {
        kind: pending.kind,
        entity: 'organization',
        bmsId: String(info.account.id),
        itglueIds: [copy.id],
        expected: { outcome: 'match', itglueId: copy.id },
        note: `IT Glue writes the name ${JSON.stringify(copy.name)}, BMS ${JSON.stringify(info.account.accountName)}: same after trimming, collapsing whitespace and ignoring case`,
      };
    case 'duplicate-organization-earliest': {
      const decoy = itg.decoyOfAccount.get(info.account.id);
      if (!decoy) return null;
      return {
        kind: pending.kind,
        entity: 'organization',
        bmsId: String(info.account.id),
        itglueIds: [decoy.id, copy.id],
        expected: { outcome: 'match', itglueId: copy.id },
        note: `two IT Glue organizations named ${JSON.stringify(copy.name)}: ${copy.id} was created first (${copy['created-at']}) and wins over ${decoy.id} (${decoy['created-at']}) although its id is higher`,
      };
    }
    case 'duplicate-account-name':
      return {
        kind: pending.kind,
        entity: 'organization',
        bmsId: String(pending.twin!.account.id),
        itglueIds: [copy.id],
        expected: { outcome: 'no-match' },
        note: `BMS account ${pending.twin!.account.id} has the same name as account ${info.account.id} (lower id), which links IT Glue organization ${copy.id} first: links are one-to-one, so this one gets none`,
      };
  }
}

export interface CaseContext {
  rng: Rng;
  world: BmsWorld;
  itg: ItGlueBuilder;
  /** Accounts whose organization matches (every overlap account). */
  matched: AccountInfo[];
  perKind: number;
  cases: TrickyCase[];
}

/** Contact and location cases; the organization cases planned earlier are recorded here too. */
export function applyContactAndLocationCases(ctx: CaseContext, plan: OrganizationPlan): void {
  for (const pending of plan.pending) {
    const recorded = organizationCase(ctx.itg, pending);
    if (recorded) ctx.cases.push(recorded);
  }
  const { rng, itg, matched, perKind } = ctx;

  const contacts = rng.shuffle(matched.flatMap((info) => info.contacts.filter((c) => itg.contactCopy.has(c.id)).map((contact) => ({ info, contact }))));
  for (const { contact } of take(contacts, perKind)) contactNameVariant(ctx, contact);
  for (const { info, contact } of take(contacts, perKind)) contactOtherOrganization(ctx, info, contact);

  const locations = rng.shuffle(matched.flatMap((info) => info.locations.filter((l) => itg.locationCopy.has(l.location.id)).map((entry) => ({ info, entry }))));
  for (const { info, entry } of take(locations, perKind)) locationAddress2(ctx, info, entry);
  const regional = locations.filter(({ info, entry }) => ['US', 'CA', 'AU'].includes(info.country.iso) && entry.city.region !== null);
  for (const { info, entry } of take(regional, perKind)) locationStateIso(ctx, info, entry);
}

/** Removes and returns up to `n` items from the front of `list` (so no record serves two cases). */
export function take<T>(list: T[], n: number, accept: (item: T) => boolean = () => true): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length && out.length < n; ) {
    if (accept(list[i]!)) out.push(...list.splice(i, 1));
    else i += 1;
  }
  return out;
}

function contactNameVariant(ctx: CaseContext, contact: BmsContact): void {
  const copy = ctx.itg.contactCopy.get(contact.id)!;
  const first = contact.firstName ?? '';
  const last = contact.lastName ?? '';
  const variant = ctx.rng.chance(0.5) ? { first: caseVariant(ctx.rng, first), last } : { first, last: caseVariant(ctx.rng, last) };
  copy['first-name'] = variant.first;
  copy['last-name'] = variant.last;
  ctx.cases.push({
    kind: 'contact-name-variant',
    entity: 'contact',
    bmsId: String(contact.id),
    itglueIds: [copy.id],
    expected: { outcome: 'match', itglueId: copy.id },
    note: `IT Glue writes ${JSON.stringify(`${variant.first}|${variant.last}`)}, BMS ${JSON.stringify(`${first}|${last}`)} (first|last): same after trimming, collapsing whitespace and ignoring case`,
  });
}

function contactOtherOrganization(ctx: CaseContext, info: AccountInfo, contact: BmsContact): void {
  const { itg, rng } = ctx;
  const key = nameKey(contact.firstName, contact.lastName);
  // Prefer another synced organization (a global name lookup would wrongly find the person there).
  const others = [...itg.meta.values()].filter((m) => m.account !== info && !m.contactNames.has(key) && !(m.account?.usedContactNames.has(key) ?? false));
  const target = others.find((m) => m.account !== null && itg.orgOfAccount.get(m.account.account.id) === m.organization) ?? others.find((m) => m.account === null);
  if (!target) return;

  // The person's IT Glue copy in its own organization becomes somebody else (a new hire documented only there).
  const copy = itg.contactCopy.get(contact.id)!;
  const stranger = uniqueStranger(rng, info);
  copy['first-name'] = stranger.first;
  copy['last-name'] = stranger.last;
  copy['contact-emails'] = [{ value: `${slug(stranger.first)}.${slug(stranger.last)}@${info.company.domain}`, primary: true, 'label-name': 'Work' }];
  itg.orgMeta(copy['organization-id']).contactNames.add(nameKey(stranger.first, stranger.last));
  itg.contactCopy.delete(contact.id);
  itg.unlink('contact', contact.id);

  const elsewhere = itg.addContact({
    'organization-id': Number(target.organization.id),
    'first-name': contact.firstName ?? null,
    'last-name': contact.lastName ?? null,
    title: contact.jobTitle ?? null,
    'contact-type-id': itg.lookups.id('contactTypes', 'Vendor Contact'),
    'location-id': null,
    important: false,
    notes: null,
    'contact-emails': [{ value: `${slug(contact.firstName ?? 'x')}.${slug(contact.lastName ?? 'y')}@${target.domain}`, primary: true, 'label-name': 'Work' }],
    'contact-phones': [],
    'created-at': copy['created-at'],
    'updated-at': copy['updated-at'],
  });
  ctx.cases.push({
    kind: 'contact-other-organization',
    entity: 'contact',
    bmsId: String(contact.id),
    itglueIds: [elsewhere.id],
    expected: { outcome: 'no-match' },
    note: `${contact.firstName} ${contact.lastName} exists in IT Glue only in organization ${target.organization.id} (${target.organization.name}), not in the organization of account ${info.account.id}`,
  });
}

function uniqueStranger(rng: Rng, info: AccountInfo): { first: string; last: string } {
  // Same pool of names as everyone else; reserved in the account so nothing else takes it.
  for (;;) {
    const first = rng.pick(['Avery', 'Rowan', 'Skyler', 'Emerson', 'Harper', 'Reese', 'Finley', 'Sage']);
    const last = rng.pick(['Whitaker', 'Castellano', 'Okonkwo', 'Lindgren', 'Abernathy', 'Vasquez-Lee', 'Thorne', 'Galloway']);
    const key = nameKey(first, last);
    if (!info.usedContactNames.has(key)) {
      info.usedContactNames.add(key);
      return { first, last };
    }
  }
}

function locationAddress2(ctx: CaseContext, info: AccountInfo, entry: LocationInfo): void {
  const copy = ctx.itg.locationCopy.get(entry.location.id)!;
  const bms = entry.address.address2 ?? null;
  copy['address-2'] = otherAddressLine2(ctx.rng, info.country, bms);
  ctx.itg.unlink('location', entry.location.id);
  ctx.cases.push({
    kind: 'location-address2-differs',
    entity: 'location',
    bmsId: String(entry.location.id),
    itglueIds: [copy.id],
    expected: { outcome: 'no-match' },
    note: `same name and address except address 2: BMS ${JSON.stringify(bms)}, IT Glue ${JSON.stringify(copy['address-2'])}`,
  });
}

function locationStateIso(ctx: CaseContext, info: AccountInfo, entry: LocationInfo): void {
  const copy = ctx.itg.locationCopy.get(entry.location.id)!;
  const iso = entry.city.region!;
  for (const address of entry.location.addresses) if (address.state) address.state = iso;
  entry.address.state = iso;
  copy['region-id'] = ctx.itg.lookups.regionId(info.country.iso, iso);
  const region = ctx.itg.lookups.data.regions.find((r) => Number(r.id) === copy['region-id']);
  ctx.cases.push({
    kind: 'location-state-iso',
    entity: 'location',
    bmsId: String(entry.location.id),
    itglueIds: [copy.id],
    expected: { outcome: 'match', itglueId: copy.id },
    note: `BMS state ${JSON.stringify(iso)} is the ISO code of IT Glue region ${JSON.stringify(region?.name)} (${info.country.name})`,
  });
}
