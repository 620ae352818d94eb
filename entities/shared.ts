/** Small helpers the entity modules share: identities of wire records, eligibility wording, JSON-Patch bodies. */
import type { JsonPatchOperation } from '../clients/bms/index.js';
import type { WireRecord } from '../domain/mapping/fields.js';
import { matchKey } from '../domain/normalize.js';
import type { RecordIdentity } from '../domain/sync/model.js';

export const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

export const idList = (...values: unknown[]): string[] => values.map(str).filter((v): v is string => v !== null);

/** BMS writes times without an offset; they are UTC. */
export function parseTime(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? null : new Date(t);
}

export function bmsIdentity(record: WireRecord, key: string, parent: string | null): RecordIdentity {
  return { id: String(record.id), parentId: parent, matchKey: key, createdAt: parseTime(record.createdOn), updatedAt: parseTime(record.modifiedOn) };
}

/** IT Glue attributes carry no id: the caller's resource id is merged in by `itglueRecord`. */
export function itglueIdentity(attributes: WireRecord, key: string, parent: string | null): RecordIdentity {
  return {
    id: String(attributes.id),
    parentId: parent,
    matchKey: key,
    createdAt: parseTime(attributes['created-at']),
    updatedAt: parseTime(attributes['updated-at']),
  };
}

const inNames = (value: string | null, names: string[]) => value !== null && names.some((n) => matchKey(n) === matchKey(value));

/** A record syncs only when both its type and its status are selected (SPEC §4): why not, or null. */
export function typeAndStatusReason(
  record: { typeName: string | null; active: boolean },
  selected: { types: string[]; statuses: ('active' | 'inactive')[] },
  words: { type: string; records: string },
): string | null {
  if (!inNames(record.typeName, selected.types)) return `${words.type} "${record.typeName ?? 'none'}" is not selected for sync`;
  if (!selected.statuses.includes(record.active ? 'active' : 'inactive')) return `${record.active ? 'active' : 'inactive'} ${words.records} are not selected for sync`;
  return null;
}

/** Which of the two settings `typeAndStatusReason` found excluding the record (`sync explain` names it), or null. */
export function typeAndStatusSetting<K extends string>(
  record: { typeName: string | null; active: boolean },
  selected: { types: string[]; statuses: ('active' | 'inactive')[] },
  settings: { types: K; statuses: K },
): K | null {
  if (!inNames(record.typeName, selected.types)) return settings.types;
  if (!selected.statuses.includes(record.active ? 'active' : 'inactive')) return settings.statuses;
  return null;
}

/**
 * Why nothing of an entity can be pushed when one of its type or status selections is empty, or
 * null: `no asset categories are selected in the sync settings (assetCategories): no configuration can be pushed`.
 */
export function emptySelectionReason(selections: { setting: string; words: string; selected: readonly unknown[] }[], consequence: string): string | null {
  const empty = selections.find((s) => s.selected.length === 0);
  return empty ? `no ${empty.words} are selected in the sync settings (${empty.setting}): ${consequence}` : null;
}

/** A JSON-Patch body replacing exactly these top-level properties (BMS PATCH routes). */
export function jsonPatch(values: WireRecord): JsonPatchOperation[] {
  return Object.entries(values).map(([path, value]) => ({ op: 'replace', path: `/${path}`, value }));
}

export const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);
