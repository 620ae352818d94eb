/**
 * Units of a billing rule (SPEC §9): the sum of a numeric flexible-asset field over the assets of
 * one organization that match the rule's filter. Pure; the billing activity feeds it API pages.
 *
 * Real documentation has gaps: a field left empty, or typed as text ("25 users", "TBD"). Such a
 * value counts 0 and is reported back, so the operator can fix the asset instead of the bill
 * silently drifting. Archived assets are not in use and never count.
 */
import { Decimal } from 'decimal.js';
import { matchKey } from './normalize.js';

// A private Decimal class so global decimal.js settings elsewhere cannot change a sum.
const Units = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** Units are kept to 4 decimal places, like the ledger's columns, so a stored value compares equal to a fresh sum. */
export const UNIT_DECIMALS = 4;

/** What a rule counts by: trait name-keys and the accepted filter values. */
export interface UnitSelector {
  billByField: string;
  filterField: string | null;
  filterValues: readonly string[];
}

export interface CountableAsset {
  id: string;
  archived: boolean;
  traits: Record<string, unknown>;
}

export type ValueProblem = 'missing' | 'not-numeric' | 'negative';

export interface IgnoredValue {
  assetId: string;
  problem: ValueProblem;
  /** The raw value as text (absent when missing), for the log. */
  value?: string;
}

/** Plain decimal text: numbers as written in the field ("12", "2.5"); thousands separators are not guessed at. */
const NUMERIC_TEXT = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;

/** The field's value as an exact decimal, or why it cannot be billed. */
export function numericValue(value: unknown): Decimal | ValueProblem {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return 'missing';
  let parsed: Decimal;
  if (typeof value === 'number' && Number.isFinite(value)) parsed = new Units(value);
  else if (typeof value === 'string' && NUMERIC_TEXT.test(value.trim())) parsed = new Units(value.trim());
  else return 'not-numeric';
  return parsed.isNegative() && !parsed.isZero() ? 'negative' : parsed;
}

/**
 * Whether an asset passes the filter: its filter field equals one of the values (trimmed, case
 * and inner whitespace ignored). List values (tags, multi-selects) pass when any entry matches.
 */
export function matchesFilter(traits: Record<string, unknown>, selector: UnitSelector): boolean {
  if (!selector.filterField) return true;
  const wanted = new Set(selector.filterValues.map(matchKey));
  return valueKeys(traits[selector.filterField]).some((key) => wanted.has(key));
}

function valueKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(valueKeys);
  if (typeof value === 'boolean') return [String(value)];
  if (value && typeof value === 'object') {
    // Tag traits come expanded as objects; their name is what a person filters by.
    const named = (value as { name?: unknown }).name;
    return named === undefined ? [] : valueKeys(named);
  }
  const key = matchKey(value);
  return key === '' ? [] : [key];
}

/** Accumulates one rule's units over pages of assets. */
export class UnitTally {
  #total = new Units(0);
  counted = 0;
  filteredOut = 0;
  archived = 0;
  readonly ignored: IgnoredValue[] = [];

  constructor(private readonly selector: UnitSelector) {}

  add(asset: CountableAsset): void {
    if (asset.archived) {
      this.archived++;
      return;
    }
    if (!matchesFilter(asset.traits, this.selector)) {
      this.filteredOut++;
      return;
    }
    const raw = asset.traits[this.selector.billByField];
    const value = numericValue(raw);
    if (typeof value === 'string') {
      this.ignored.push({ assetId: asset.id, problem: value, ...(value === 'missing' ? {} : { value: describe(raw) }) });
      return;
    }
    this.counted++;
    this.#total = this.#total.plus(value);
  }

  /** The sum as plain decimal text ("0", "12", "2.5"), at most UNIT_DECIMALS places (what the ledger stores). */
  get total(): string {
    const rounded = this.#total.toDecimalPlaces(UNIT_DECIMALS, Decimal.ROUND_HALF_UP);
    return rounded.isZero() ? '0' : rounded.toFixed();
  }
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Equal as decimals ("5" equals "5.0000", the database's numeric text). */
export function sameUnits(a: string, b: string): boolean {
  return new Units(a).equals(new Units(b));
}

/**
 * BMS bills whole units: the OpenAPI document types a recurring service line's `Units` as an
 * int32. A fractional total (a field holding "2.5") is rounded to the nearest whole unit, halves
 * up, and reported so the documentation can be fixed; the ledger records the whole units.
 */
export function wholeUnits(total: string): { units: string; fractional: boolean } {
  const value = new Units(total);
  const whole = value.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return { units: whole.isZero() ? '0' : whole.toFixed(), fractional: !whole.equals(value) };
}
