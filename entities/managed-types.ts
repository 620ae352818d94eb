/**
 * IT Glue flexible asset types the engine manages itself ("BMS Ticket", "Checklist Template"):
 * each is declared once, with its fields, by the module that uses it; activities/sync/managed-types.ts
 * creates a missing one (or adds a missing field) under a lock, and everything else finds it by
 * name here. A found type id is kept per API client, so it is looked up once, not per call.
 *
 * Flexible assets carry their values in `traits`, keyed by each field's `name-key`. The engine
 * reads them as a flat wire record (the attributes with every trait beside them, a Tag trait as
 * its first record id), so the field mappings of domain/mapping/fields.ts read and write traits
 * like any attribute. IT Glue's PATCH replaces `traits` wholesale (itglue-api.md §3.7): a write
 * therefore sends every trait, keeping those of fields the engine does not declare as they were.
 */
import type { ItGlueClient, ItgPage, ItgResource } from '../clients/itglue/index.js';
import type { WireRecord } from '../domain/mapping/fields.js';
import { matchKey } from '../domain/normalize.js';

export type ManagedFieldKind = 'Text' | 'Textbox' | 'Date' | 'Tag';

export interface ManagedField {
  name: string;
  /** The trait key IT Glue derives from the name (lower case, dashes). Never a flexible asset attribute's name. */
  nameKey: string;
  kind: ManagedFieldKind;
  /** Tag fields: the kind of record they point at. */
  tagType?: 'Contacts' | 'Configurations';
  useForTitle?: boolean;
  required?: boolean;
  showInList?: boolean;
  hint?: string;
}

export interface ManagedAssetType {
  name: string;
  description: string;
  icon: string;
  fields: readonly ManagedField[];
}

const knownIds = new WeakMap<ItGlueClient, Map<string, string>>();

export function rememberManagedType(itglue: ItGlueClient, type: ManagedAssetType, id: string): void {
  const ids = knownIds.get(itglue) ?? new Map<string, string>();
  ids.set(type.name, id);
  knownIds.set(itglue, ids);
}

/** IT Glue's types of this name (compared like matching compares names), lowest id first. */
export async function typesNamed(itglue: ItGlueClient, type: ManagedAssetType): Promise<ItgResource<{ name: string }>[]> {
  const page = await itglue.listFlexibleAssetTypesPage({ filter: { name: type.name }, page: { size: 100 } });
  return page.items.filter((t) => matchKey(t.attributes.name) === matchKey(type.name)).sort((a, b) => Number(a.id) - Number(b.id));
}

/** The id of a managed type (looked up once per client); null while IT Glue has none (nothing created yet). */
export async function managedTypeId(itglue: ItGlueClient, type: ManagedAssetType): Promise<string | null> {
  const cached = knownIds.get(itglue)?.get(type.name);
  if (cached) return cached;
  const found = (await typesNamed(itglue, type))[0];
  if (!found) return null;
  rememberManagedType(itglue, type, found.id);
  return found.id;
}

/** The id of a managed type that must exist by now (activities/sync/managed-types.ts created it). */
export async function requiredTypeId(itglue: ItGlueClient, type: ManagedAssetType): Promise<string> {
  const id = await managedTypeId(itglue, type);
  if (id === null) throw new Error(`IT Glue has no flexible asset type "${type.name}" (it is created before the first write)`);
  return id;
}

/** An empty list page (a managed type IT Glue does not have yet has no assets). */
export function emptyPage<T>(): ItgPage<T> {
  return { items: [], hasMore: false, included: [], meta: { 'current-page': 1, 'next-page': null, 'prev-page': null, 'total-pages': 1, 'total-count': 0, filters: {} } };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The record ids of a Tag trait as IT Glue shows it (`{type, values: [{id, …}]}`) or writes it (an id or ids). */
function tagIds(value: unknown): number[] {
  const list = isRecord(value) && Array.isArray(value.values) ? value.values : Array.isArray(value) ? value : [value];
  return list.map((v) => Number(isRecord(v) ? v.id : v)).filter((n) => Number.isInteger(n) && n > 0);
}

const isTagShape = (value: unknown): boolean => isRecord(value) && Array.isArray(value.values);

/** A flexible asset as a flat wire record: its attributes and id, and each trait under its name-key (a Tag as its first id). */
export function flatFlexibleAsset(resource: ItgResource<unknown>): WireRecord {
  const attributes = resource.attributes as WireRecord;
  const traits = isRecord(attributes.traits) ? attributes.traits : {};
  const flat: WireRecord = { ...attributes, id: resource.id };
  for (const [key, value] of Object.entries(traits)) flat[key] = isTagShape(value) ? (tagIds(value)[0] ?? null) : value;
  return flat;
}

/**
 * The traits of a write: the declared fields' values from `values` (flat, as the mapping wrote
 * them) over the asset's `current` traits, so the traits of fields the engine does not declare
 * stay as they are. An empty value is left out (IT Glue clears it).
 */
export function traitsFor(type: ManagedAssetType, values: WireRecord, current: WireRecord | null): Record<string, unknown> {
  const traits: Record<string, unknown> = {};
  const currentTraits = current && isRecord(current.traits) ? current.traits : {};
  for (const [key, value] of Object.entries(currentTraits)) traits[key] = isTagShape(value) ? tagIds(value) : value;
  for (const field of type.fields) {
    const value = Object.prototype.hasOwnProperty.call(values, field.nameKey) ? values[field.nameKey] : current?.[field.nameKey];
    if (value === undefined) continue;
    traits[field.nameKey] = field.kind === 'Tag' && value !== null ? tagIds(value) : value;
  }
  for (const [key, value] of Object.entries(traits)) {
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) delete traits[key];
  }
  return traits;
}
