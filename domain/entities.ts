/**
 * The synced entities, the two systems, link states and conflict policies: the vocabulary every
 * layer shares. Each entity's canonical form and rules live in its module (entities/*.ts).
 *
 * A canonical record is the comparable shape of a record taken from either system: lookups are
 * carried by name, references to other synced records by the BMS id of the referenced record
 * (an IT Glue reference that has no link yet is written `itglue:<id>`), dates as YYYY-MM-DD,
 * and every string already trimmed. Snapshots (the last-synced value of every mapped field) use
 * the same shape, which is what makes the three-way merge a plain field-by-field comparison.
 */

/** Processing order: parents before children. */
export const ENTITIES = ['organization', 'location', 'contact', 'configuration', 'ticket'] as const;
export type Entity = (typeof ENTITIES)[number];

export type System = 'bms' | 'itglue';

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
