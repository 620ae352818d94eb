/**
 * Value normalisation shared by matching, mapping and billing. Pure functions, no I/O.
 *
 * Two families:
 * - canonical values (`cleanText`, `toDateOnly`, `phoneDigits`): what we store and write, case kept;
 * - comparison keys (`matchKey`, `normalizeMac`, `normalizeSerial`): only ever compared, never
 *   written back, so they may drop case and separators.
 */

/** Strings as they are; finite numbers and bigints as their decimal text (serials can arrive as numbers). */
function asText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'bigint') return String(v);
  return null;
}

/** Trim and collapse inner whitespace runs to one space, keeping case. Empty → null. */
export function cleanText(v: unknown): string | null {
  const text = asText(v);
  if (text === null) return null;
  const cleaned = text.replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

/** Case-insensitive comparison key: cleanText, lower-cased. Missing → ''. */
export function matchKey(v: unknown): string {
  return cleanText(v)?.toLowerCase() ?? '';
}

/** MAC address comparison key: separators (`:`, `-`, `.`, whitespace) removed, upper case. Missing → ''. */
export function normalizeMac(v: unknown): string {
  return (asText(v) ?? '').replace(/[\s:.-]/g, '').toUpperCase();
}

/** Serial number comparison key: trimmed, inner whitespace collapsed, upper case. Missing → ''. */
export function normalizeSerial(v: unknown): string {
  return cleanText(v)?.toUpperCase() ?? '';
}

/** Digits only: IT Glue strips separators from phone numbers, so this is the comparable form. Empty → null. */
export function phoneDigits(v: unknown): string | null {
  const digits = (asText(v) ?? '').replace(/\D/g, '');
  return digits === '' ? null : digits;
}

export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (month 1–12) of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// A date, optionally followed by a time and a zone. The zone is accepted and ignored on purpose:
// the calendar date is taken as written, because shifting it would move a purchase or warranty
// date by a day depending on where the engine runs.
const DATE_OR_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Parses `YYYY-MM-DD` or an ISO date-time into its calendar date as written; null when invalid. */
export function parseCalendarDate(v: unknown): CalendarDate | null {
  const text = typeof v === 'string' ? v.trim() : '';
  const parts = DATE_OR_DATE_TIME.exec(text);
  if (!parts) return null;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function formatCalendarDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * ISO date or date-time → `YYYY-MM-DD`, taking the calendar date as written (no time-zone shift):
 * `2023-01-10T23:30:00-05:00` stays `2023-01-10`. Invalid or empty → null.
 */
export function toDateOnly(v: unknown): string | null {
  const date = parseCalendarDate(v);
  return date ? formatCalendarDate(date) : null;
}
