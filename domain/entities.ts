/**
 * The four synced entity pairs and their canonical form.
 *
 * A canonical record is the comparable shape of a record taken from either system: lookups are
 * carried by name, references to other synced records by the BMS id of the referenced record
 * (an IT Glue reference that has no link yet is written `itglue:<id>`), dates as YYYY-MM-DD,
 * and every string already trimmed. Snapshots (the last-synced value of every mapped field) use
 * the same shape, which is what makes the three-way merge a plain field-by-field comparison.
 */

/** Processing order: parents before children. */
export const ENTITIES = ['organization', 'location', 'contact', 'configuration'] as const;
export type Entity = (typeof ENTITIES)[number];

/** What the entity is called on each side, for logs and reports. */
export const ENTITY_NAMES: Record<Entity, { bms: string; itglue: string }> = {
  organization: { bms: 'account', itglue: 'organization' },
  location: { bms: 'account location', itglue: 'location' },
  contact: { bms: 'contact', itglue: 'contact' },
  configuration: { bms: 'hardware asset', itglue: 'configuration' },
};

export type System = 'bms' | 'itglue';

/** A reference to another synced record: the BMS id, or `itglue:<id>` when not linked yet. */
export type RecordRef = string;

export interface CanonicalOrganization {
  name: string;
  typeName: string | null;
  /** BMS `isActive` ↔ the IT Glue organization status named Active (anything else is inactive). */
  active: boolean;
  parent: RecordRef | null;
  shortName: string | null;
}

export interface CanonicalLocation {
  name: string;
  address1: string | null;
  address2: string | null;
  city: string | null;
  country: string | null;
  region: string | null;
  postalCode: string | null;
  phone: string | null;
  fax: string | null;
  primary: boolean;
}

export interface CanonicalEmail {
  address: string;
  typeName: string | null;
  primary: boolean;
}

export interface CanonicalPhone {
  number: string;
  extension: string | null;
  typeName: string | null;
  primary: boolean;
}

export interface CanonicalContact {
  firstName: string;
  lastName: string;
  title: string | null;
  emails: CanonicalEmail[];
  phones: CanonicalPhone[];
  location: RecordRef | null;
  important: boolean;
}

export interface CanonicalConfiguration {
  name: string;
  assetTag: string | null;
  defaultGateway: string | null;
  contact: RecordRef | null;
  /** BMS `isActive` ↔ the IT Glue configuration status named Active (anything else is inactive). */
  active: boolean;
  typeName: string | null;
  primaryIp: string | null;
  macAddress: string | null;
  location: RecordRef | null;
  manufacturerName: string | null;
  modelName: string | null;
  notes: string | null;
  operatingSystemName: string | null;
  position: string | null;
  platformName: string | null;
  purchasedAt: string | null;
  serialNumber: string | null;
  warrantyExpiresAt: string | null;
}

export interface CanonicalByEntity {
  organization: CanonicalOrganization;
  location: CanonicalLocation;
  contact: CanonicalContact;
  configuration: CanonicalConfiguration;
}

export type CanonicalRecord = CanonicalByEntity[Entity];

/** Link states of SPEC §6, plus `unmatched` for a BMS record left alone because auto-create is off. */
export const LINK_STATES = [
  'enabled',
  'orphaned',
  'disabled',
  'error',
  'not-yet-pushed',
  'queued-for-push',
  'unmatched',
  'excluded',
  'held',
  /** A create was sent and its answer not yet recorded: look for the record before creating again. */
  'creating',
  /** The whole integration was disconnected (keep-data); reconnecting runs matching again. */
  'disconnected',
] as const;
export type LinkState = (typeof LINK_STATES)[number];

export const CONFLICT_POLICIES = ['bms-wins', 'itglue-wins', 'newest-wins'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];
