/**
 * Three-way merge of one linked pair, field by field (SPEC §7–8). Pure and I/O-free.
 *
 * Inputs are canonical records (see entities.ts) from both systems plus the base: the snapshot
 * of every mapped field as last synced. For a field with base b0, BMS value b, IT Glue value i:
 *
 * - b == i: nothing to write.
 * - one-way (twoWay false): BMS is the source, as in the vendor's product where synced fields are
 *   read-only in IT Glue: wherever IT Glue differs, b is written to IT Glue. When BMS did not change
 *   the field since the last sync (b == b0) the difference is an IT Glue edit being put back, listed
 *   in `reverted` so it is logged. Snapshot = b, so switching two-way on later pushes only what is
 *   edited after that moment.
 * - two-way: the side that changed since the base wins; when both changed to different values,
 *   the conflict policy decides and the conflict is reported with all three values.
 * - no base (a newly linked pair, or a field first mapped after the last sync — a key missing from
 *   `base`): the policy decides every differing field, and it is NOT reported as a conflict,
 *   because nobody edited against a previous sync; the first alignment is simply policy-driven.
 *
 * `newest-wins` compares the record-level times `bmsModifiedAt` and `itglueUpdatedAt` (neither
 * system has per-field times). When either is missing or they are equal, BMS wins, and the reason
 * says so.
 *
 * Equality is structural on canonical values: strings exactly (a case change is a real edit),
 * null equals undefined, objects by key, and arrays as multisets — the only lists in canonical
 * records are e-mail and phone lists, whose order means nothing.
 *
 * The snapshot is what both sides hold after the writes; fields not in `fields` are copied from
 * the BMS record.
 */
import type { ConflictPolicy, System } from './entities.js';

export interface MergeInput<T extends object> {
  fields: readonly (keyof T)[];
  /** Last-synced values; null when the pair has never been synced. */
  base: Partial<T> | null;
  bms: T;
  itglue: T;
  twoWay: boolean;
  policy: ConflictPolicy;
  bmsModifiedAt: string | null;
  itglueUpdatedAt: string | null;
}

export interface FieldConflict<T extends object> {
  field: keyof T;
  base: T[keyof T] | undefined;
  bms: T[keyof T];
  itglue: T[keyof T];
  winner: System;
  reason: string;
}

export interface MergeResult<T extends object> {
  toItGlue: Partial<T>;
  toBms: Partial<T>;
  snapshot: T;
  conflicts: FieldConflict<T>[];
  /** One-way: fields edited in IT Glue only, put back to the BMS value. */
  reverted: (keyof T)[];
}

export function threeWayMerge<T extends object>(input: MergeInput<T>): MergeResult<T> {
  const { fields, base, bms, itglue, twoWay } = input;
  const toItGlue: Partial<T> = {};
  const toBms: Partial<T> = {};
  const snapshot: T = { ...bms };
  const conflicts: FieldConflict<T>[] = [];
  const reverted: (keyof T)[] = [];

  for (const field of fields) {
    const b = bms[field];
    const i = itglue[field];
    const hasBase = base !== null && Object.prototype.hasOwnProperty.call(base, field);
    const b0 = hasBase ? base[field] : undefined;

    if (canonicalEqual(b, i)) {
      snapshot[field] = b;
      continue;
    }

    if (!twoWay) {
      toItGlue[field] = b;
      if (hasBase && canonicalEqual(b, b0)) reverted.push(field);
      snapshot[field] = b;
      continue;
    }

    const bmsChanged = !hasBase || !canonicalEqual(b, b0);
    const itglueChanged = !hasBase || !canonicalEqual(i, b0);
    let winner: System;
    if (bmsChanged && !itglueChanged) {
      winner = 'bms';
    } else if (itglueChanged && !bmsChanged) {
      winner = 'itglue';
    } else {
      // Both sides differ from the base (or there is none): the policy decides.
      const decision = decideByPolicy(input);
      winner = decision.winner;
      if (hasBase) conflicts.push({ field, base: b0, bms: b, itglue: i, winner, reason: decision.reason });
    }

    if (winner === 'bms') {
      toItGlue[field] = b;
      snapshot[field] = b;
    } else {
      toBms[field] = i;
      snapshot[field] = i;
    }
  }

  return { toItGlue, toBms, snapshot, conflicts, reverted };
}

/** Which side a policy picks when both changed, and why, in words for the conflict log. */
export function decideByPolicy(
  input: Pick<MergeInput<object>, 'policy' | 'bmsModifiedAt' | 'itglueUpdatedAt'>,
): { winner: System; reason: string } {
  switch (input.policy) {
    case 'bms-wins':
      return { winner: 'bms', reason: 'changed on both sides; policy bms-wins keeps the BMS value' };
    case 'itglue-wins':
      return { winner: 'itglue', reason: 'changed on both sides; policy itglue-wins keeps the IT Glue value' };
    case 'newest-wins': {
      const bmsTime = parseTime(input.bmsModifiedAt);
      const itglueTime = parseTime(input.itglueUpdatedAt);
      if (bmsTime === null || itglueTime === null) {
        const missing = [bmsTime === null ? 'BMS modified time' : null, itglueTime === null ? 'IT Glue updated time' : null]
          .filter((m) => m !== null)
          .join(' and ');
        return { winner: 'bms', reason: `changed on both sides; policy newest-wins cannot compare (${missing} unknown), so BMS wins` };
      }
      if (bmsTime === itglueTime) {
        return { winner: 'bms', reason: `changed on both sides at the same time (${input.bmsModifiedAt}); policy newest-wins breaks the tie for BMS` };
      }
      return itglueTime > bmsTime
        ? { winner: 'itglue', reason: `changed on both sides; policy newest-wins keeps the IT Glue value (updated ${input.itglueUpdatedAt}, BMS modified ${input.bmsModifiedAt})` }
        : { winner: 'bms', reason: `changed on both sides; policy newest-wins keeps the BMS value (modified ${input.bmsModifiedAt}, IT Glue updated ${input.itglueUpdatedAt})` };
    }
  }
}

function parseTime(value: string | null): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Structural equality of canonical values: null == undefined, strings exact, objects by key
 * (a missing key equals null), arrays order-insensitive (as multisets).
 */
export function canonicalEqual(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // Equality is an equivalence relation, so pairing each element with the first unused equal
    // one is enough to decide multiset equality.
    const used = new Array<boolean>(b.length).fill(false);
    return a.every((item) => {
      const at = b.findIndex((other, index) => !used[index] && canonicalEqual(item, other));
      if (at === -1) return false;
      used[at] = true;
      return true;
    });
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    for (const key of keys) if (!canonicalEqual(left[key], right[key])) return false;
    return true;
  }
  return a === b;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The merge base for a record Push All links to an existing BMS record: a field empty in IT Glue
 * takes BMS's value (BMS fills the gap), every other field takes IT Glue's (this is a push).
 * Written as the base of a two-way merge: the side whose value differs from the base wins.
 */
export function fillInBase<T extends object>(bms: T, itglue: T): T {
  const b = bms as Record<string, unknown>;
  const i = itglue as Record<string, unknown>;
  const base: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(i)])) base[key] = isEmpty(i[key]) ? i[key] : b[key];
  return base as T;
}
