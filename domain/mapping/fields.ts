/**
 * Field kinds: how one mapped field is read from each system into its canonical value and
 * written back. The per-pair tables (organization.ts, location.ts, contact.ts, configuration.ts)
 * are lists of these, so every mapped field of a pair is visible in one place.
 *
 * Records are the wire shapes: BMS camelCase output DTOs, IT Glue kebab-case attributes.
 * Lookups (types, statuses, manufacturers…) are resolved by name through the context, which the
 * activities fill from the APIs' lookup lists; references to other synced records go through the
 * links (canonical form: the BMS id, or `itglue:<id>` when the IT Glue record has no link).
 */
import type { Entity } from '../entities.js';

/** A reference to another synced record: the BMS id, or `itglue:<id>` when not linked yet. */
export type RecordRef = string;
import { cleanText, toDateOnly } from '../normalize.js';
import type { BmsLookupTableName } from './bms-lookup-tables.js';

export type WireRecord = Record<string, unknown>;

/** Account types (their own route) and the generic lookup tables (bms-lookup-tables.ts). */
export type BmsLookupTable = 'accountTypes' | BmsLookupTableName;

export type ItgLookupTable =
  | 'organizationTypes'
  | 'organizationStatuses'
  | 'configurationTypes'
  | 'configurationStatuses'
  | 'manufacturers'
  | 'models'
  | 'operatingSystems'
  | 'platforms'
  | 'countries'
  | 'regions'
  | 'contactTypes';

export interface LookupTables<T extends string> {
  /** Name of the row with this id, or null. */
  nameOf(table: T, id: unknown): string | null;
  /** Id of the row with this name (case-insensitive; `scope` = manufacturer id for models, country id for regions). */
  idOf(table: T, name: string | null, scope?: number | null): number | null;
}

export interface MappingContext {
  bms: LookupTables<BmsLookupTable>;
  itglue: LookupTables<ItgLookupTable> & {
    /** Region (state/province) by name or ISO code within a country. */
    regionId(countryId: number | null, text: string | null): number | null;
    /** Country by name or ISO code. */
    countryId(text: string | null): number | null;
  };
  refs: {
    toBms(entity: Entity, itglueId: string): string | null;
    toItGlue(entity: Entity, bmsId: string): string | null;
  };
  /** The BMS account of a referenced BMS record (a configuration's contact must be of its own account). */
  bmsParentOf(entity: Entity, bmsId: string): string | null;
  /** A value that could not be mapped: the field stays empty and the reason is logged. */
  warn(field: string, message: string): void;
}

export interface FieldMapping<V> {
  /** BMS wire field(s), for documentation and reports. */
  bms: string;
  /** IT Glue attribute(s). */
  itglue: string;
  fromBms(record: WireRecord, ctx: MappingContext): V;
  fromItGlue(attributes: WireRecord, ctx: MappingContext): V;
  /** Sets the IT Glue attribute(s) for a canonical value; `record` is the whole desired canonical record. */
  toItGlue(value: V, out: WireRecord, ctx: MappingContext, record: WireRecord): void;
  /** Sets the BMS input field(s) for a canonical value. */
  toBms(value: V, out: WireRecord, ctx: MappingContext): void;
  /**
   * A reference to another synced record: a write that could not resolve it (the other record is
   * not linked yet) is tried again once the run has linked what it could (activities/sync/sweep.ts).
   */
  reference?: Entity;
}

export type FieldTable<C> = { [K in keyof C]: FieldMapping<C[K]> };

export const numberOrNull = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
};

// ------------------------------------------------------------------ kinds

/** Free text, trimmed with inner whitespace collapsed; empty is null. */
export function text(bms: string, itglue: string): FieldMapping<string | null> {
  return {
    bms,
    itglue,
    fromBms: (r) => cleanText(r[bms]),
    fromItGlue: (a) => cleanText(a[itglue]),
    toItGlue: (v, out) => void (out[itglue] = v),
    toBms: (v, out) => void (out[bms] = v),
  };
}

/** A required name (never null: an empty name is kept as ''). */
export function requiredText(bms: string, itglue: string): FieldMapping<string> {
  const base = text(bms, itglue);
  return {
    ...base,
    fromBms: (r, ctx) => base.fromBms(r, ctx) ?? '',
    fromItGlue: (a, ctx) => base.fromItGlue(a, ctx) ?? '',
  };
}

export function bool(bms: string, itglue: string): FieldMapping<boolean> {
  return {
    bms,
    itglue,
    fromBms: (r) => r[bms] === true,
    fromItGlue: (a) => a[itglue] === true,
    toItGlue: (v, out) => void (out[itglue] = v),
    toBms: (v, out) => void (out[bms] = v),
  };
}

/** A date without time: BMS sends date-times (`2023-01-10T00:00:00`), IT Glue `YYYY-MM-DD`. */
export function dateOnly(bms: string, itglue: string): FieldMapping<string | null> {
  return {
    bms,
    itglue,
    fromBms: (r) => toDateOnly(r[bms]),
    fromItGlue: (a) => toDateOnly(a[itglue]),
    toItGlue: (v, out) => void (out[itglue] = v),
    toBms: (v, out) => void (out[bms] = v ? `${v}T00:00:00` : null),
  };
}

/** MAC addresses in one spelling (upper case, colon-separated) so format-only differences are not edits. */
export function canonicalMac(v: unknown): string | null {
  const cleaned = cleanText(v);
  if (!cleaned) return null;
  const hex = cleaned.replace(/[\s:.-]/g, '').toUpperCase();
  return /^[0-9A-F]{12}$/.test(hex) ? hex.match(/../g)!.join(':') : cleaned;
}

export function mac(bms: string, itglue: string): FieldMapping<string | null> {
  return {
    bms,
    itglue,
    fromBms: (r) => canonicalMac(r[bms]),
    fromItGlue: (a) => canonicalMac(a[itglue]),
    toItGlue: (v, out) => void (out[itglue] = v),
    toBms: (v, out) => void (out[bms] = v),
  };
}

/** Phone numbers compare by digits: IT Glue strips separators on save. */
export function phone(bms: string, itglue: string): FieldMapping<string | null> {
  const digits = (v: unknown) => {
    const d = cleanText(v)?.replace(/\D/g, '') ?? '';
    return d === '' ? null : d;
  };
  return {
    bms,
    itglue,
    fromBms: (r) => digits(r[bms]),
    fromItGlue: (a) => digits(a[itglue]),
    toItGlue: (v, out) => void (out[itglue] = v),
    toBms: (v, out) => void (out[bms] = v),
  };
}

/**
 * A lookup carried by name. BMS output has the name companion (e.g. `accountType`) next to the id;
 * IT Glue has `<x>-name` next to `<x>-id`. Writes resolve the name to an id; a name the target
 * does not have leaves the field unchanged and is logged (the activities create IT Glue lookups
 * that may be created before mapping, so a miss here is a real gap).
 */
export function lookup(spec: {
  bmsId: string;
  bmsName?: string;
  bmsTable: BmsLookupTable;
  itglueId: string;
  itglueName?: string;
  itglueTable: ItgLookupTable;
  label: string;
}): FieldMapping<string | null> {
  return {
    bms: spec.bmsId,
    itglue: spec.itglueId,
    fromBms: (r, ctx) => cleanText(spec.bmsName ? r[spec.bmsName] : null) ?? ctx.bms.nameOf(spec.bmsTable, r[spec.bmsId]),
    fromItGlue: (a, ctx) =>
      cleanText(spec.itglueName ? a[spec.itglueName] : null) ?? ctx.itglue.nameOf(spec.itglueTable, a[spec.itglueId]),
    toItGlue: (v, out, ctx) => {
      if (v === null) return void (out[spec.itglueId] = null);
      const id = ctx.itglue.idOf(spec.itglueTable, v);
      if (id === null) ctx.warn(spec.label, `IT Glue has no ${spec.label} named "${v}"`);
      else out[spec.itglueId] = id;
    },
    toBms: (v, out, ctx) => {
      if (v === null) return void (out[spec.bmsId] = null);
      const id = ctx.bms.idOf(spec.bmsTable, v);
      if (id === null) ctx.warn(spec.label, `BMS has no ${spec.label} named "${v}"`);
      else out[spec.bmsId] = id;
    },
  };
}

/**
 * BMS free text ↔ an IT Glue lookup (models, operating systems, platforms). `create: false` lists
 * are read-only in IT Glue: an unknown name leaves the field empty and is logged.
 */
export function textToItGlueLookup(spec: {
  bms: string;
  itglueId: string;
  itglueName: string;
  itglueTable: ItgLookupTable;
  label: string;
  /** For models: the canonical field holding the manufacturer name that scopes the model name. */
  scopeField?: string;
  scopeTable?: ItgLookupTable;
}): FieldMapping<string | null> {
  return {
    bms: spec.bms,
    itglue: spec.itglueId,
    fromBms: (r) => cleanText(r[spec.bms]),
    fromItGlue: (a, ctx) => cleanText(a[spec.itglueName]) ?? ctx.itglue.nameOf(spec.itglueTable, a[spec.itglueId]),
    toItGlue: (v, out, ctx, record) => {
      if (v === null) return void (out[spec.itglueId] = null);
      const scope =
        spec.scopeField && spec.scopeTable ? ctx.itglue.idOf(spec.scopeTable, cleanText(record[spec.scopeField])) : null;
      const id = ctx.itglue.idOf(spec.itglueTable, v, scope);
      if (id === null) {
        ctx.warn(spec.label, `IT Glue has no ${spec.label} named "${v}"; left empty`);
        out[spec.itglueId] = null;
      } else out[spec.itglueId] = id;
    },
    toBms: (v, out) => void (out[spec.bms] = v),
  };
}

/** BMS `isActive` ↔ an IT Glue status list (Active / Inactive by name). */
export function activeStatus(spec: { itglueId: string; itglueName: string; itglueTable: ItgLookupTable }): FieldMapping<boolean> {
  return {
    bms: 'isActive',
    itglue: spec.itglueId,
    fromBms: (r) => r.isActive !== false,
    fromItGlue: (a, ctx) => {
      const name = cleanText(a[spec.itglueName]) ?? ctx.itglue.nameOf(spec.itglueTable, a[spec.itglueId]);
      return name?.toLowerCase() === 'active';
    },
    toItGlue: (v, out, ctx) => {
      const name = v ? 'Active' : 'Inactive';
      const id = ctx.itglue.idOf(spec.itglueTable, name);
      if (id === null) ctx.warn('status', `IT Glue has no status named "${name}"`);
      else out[spec.itglueId] = id;
    },
    toBms: (v, out) => void (out.isActive = v),
  };
}

/** A reference to another synced record, through the links. */
export function ref(spec: { bms: string; itglue: string; entity: Entity; label: string }): FieldMapping<RecordRef | null> {
  return {
    bms: spec.bms,
    itglue: spec.itglue,
    reference: spec.entity,
    fromBms: (r) => {
      const id = numberOrNull(r[spec.bms]);
      return id === null ? null : String(id);
    },
    fromItGlue: (a, ctx) => {
      const id = numberOrNull(a[spec.itglue]);
      if (id === null) return null;
      return ctx.refs.toBms(spec.entity, String(id)) ?? `itglue:${id}`;
    },
    toItGlue: (v, out, ctx) => {
      if (v === null) return void (out[spec.itglue] = null);
      const id = v.startsWith('itglue:') ? v.slice(7) : ctx.refs.toItGlue(spec.entity, v);
      if (id === null) ctx.warn(spec.label, `the ${spec.label} (BMS ${v}) is not synced to IT Glue yet; left unchanged`);
      else out[spec.itglue] = Number(id);
    },
    toBms: (v, out, ctx) => {
      if (v === null) return void (out[spec.bms] = null);
      if (v.startsWith('itglue:')) {
        ctx.warn(spec.label, `the ${spec.label} (IT Glue ${v.slice(7)}) is not synced to BMS; left unchanged`);
        return;
      }
      out[spec.bms] = Number(v);
    },
  };
}

// ------------------------------------------------------------------ tables

export interface EntityMapping<C extends object> {
  fields: FieldTable<C>;
}

/** Whether any of these fields is a reference to another synced record. */
export function hasReference<C extends object>(mapping: EntityMapping<C>, fields: readonly (keyof C)[]): boolean {
  return fields.some((f) => mapping.fields[f].reference !== undefined);
}

export function fieldNames<C extends object>(mapping: EntityMapping<C>): (keyof C)[] {
  return Object.keys(mapping.fields) as (keyof C)[];
}

export function canonicalFromBms<C extends object>(mapping: EntityMapping<C>, record: WireRecord, ctx: MappingContext): C {
  const out = {} as C;
  for (const key of fieldNames(mapping)) out[key] = mapping.fields[key].fromBms(record, ctx);
  return out;
}

export function canonicalFromItGlue<C extends object>(mapping: EntityMapping<C>, attributes: WireRecord, ctx: MappingContext): C {
  const out = {} as C;
  for (const key of fieldNames(mapping)) out[key] = mapping.fields[key].fromItGlue(attributes, ctx);
  return out;
}

export interface MappedWrite<C> {
  /** The attributes (IT Glue) or input fields (BMS) to send. */
  values: WireRecord;
  /** Fields that could not be written (their warning says why); they stay out of the snapshot. */
  failed: (keyof C)[];
  warnings: string[];
}

function mapWrite<C extends object>(
  mapping: EntityMapping<C>,
  changes: Partial<C>,
  ctx: MappingContext,
  write: (field: FieldMapping<C[keyof C]>, value: C[keyof C], out: WireRecord, fieldCtx: MappingContext) => void,
  out: WireRecord,
): MappedWrite<C> {
  const failed: (keyof C)[] = [];
  const warnings: string[] = [];
  for (const key of fieldNames(mapping)) {
    if (!Object.prototype.hasOwnProperty.call(changes, key)) continue;
    let warned = false;
    const fieldCtx: MappingContext = {
      ...ctx,
      warn: (field, message) => {
        warned = true;
        warnings.push(message);
        ctx.warn(field, message);
      },
    };
    write(mapping.fields[key], changes[key] as C[keyof C], out, fieldCtx);
    if (warned) failed.push(key);
  }
  return { values: out, failed, warnings };
}

/** IT Glue attributes for the changed canonical fields; `record` is the whole desired record. */
export function itglueAttributes<C extends object>(
  mapping: EntityMapping<C>,
  changes: Partial<C>,
  ctx: MappingContext,
  record: C,
): MappedWrite<C> {
  return mapWrite(mapping, changes, ctx, (field, value, out, fieldCtx) => field.toItGlue(value, out, fieldCtx, record as WireRecord), {});
}

/** Applies changed canonical fields to a BMS input body (mutated and returned in `values`). */
export function applyToBms<C extends object>(
  mapping: EntityMapping<C>,
  changes: Partial<C>,
  body: WireRecord,
  ctx: MappingContext,
): MappedWrite<C> {
  return mapWrite(mapping, changes, ctx, (field, value, out, fieldCtx) => field.toBms(value, out, fieldCtx), body);
}
