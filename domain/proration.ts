/**
 * Proration of a unit change for the nightly billing run (SPEC §9). Money is decimal.js, never
 * floats. Pure and I/O-free: the billing date comes in as an argument.
 *
 * Billing periods are calendar periods: the month; the quarter (Jan–Mar, Apr–Jun, Jul–Sep,
 * Oct–Dec); the calendar year. The remaining days count from the billing date to the period end,
 * both inclusive, so a change on the period's first day bills the whole period and one on its
 * last day bills one day.
 *
 *   amount = (newUnits − previousUnits) × unitPrice × remainingDays ÷ daysInPeriod
 *
 * computed with one division at the end (40 significant digits), then `exactAmount` is that value
 * at up to 12 decimal places without trailing zeros, and `amount` is it rounded to cents with
 * ROUND_HALF_UP (half away from zero, so credits round like charges) and always two decimals.
 *
 * Worked example: 10 → 7 units at 19.99 (monthly) on 2024-02-10. February 2024 has 29 days; from
 * the 10th to the 29th inclusive is 20 days. −3 × 19.99 × 20 ÷ 29 = −1199.4 ÷ 29
 *   exactAmount "-41.358620689655", amount "-41.36".
 */
import { Decimal } from 'decimal.js';
import { daysInMonth, formatCalendarDate, parseCalendarDate, type CalendarDate } from './normalize.js';

export const BILLING_CYCLES = ['monthly', 'quarterly', 'yearly'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];

/** Decimal places kept in `exactAmount`. */
export const EXACT_DECIMAL_PLACES = 12;

// A private Decimal class so global decimal.js settings elsewhere cannot change billing results.
const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export interface BillingPeriod {
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day (inclusive), YYYY-MM-DD. */
  end: string;
  days: number;
}

export interface ProrationInput {
  previousUnits: number | string;
  newUnits: number | string;
  /** Decimal string, e.g. "19.99". */
  unitPrice: string;
  cycle: BillingCycle;
  /** The day the change takes effect, YYYY-MM-DD. */
  billingDate: string;
}

export interface Proration {
  /** newUnits − previousUnits as an exact decimal string (units may be fractional). */
  delta: string;
  periodStart: string;
  periodEnd: string;
  daysInPeriod: number;
  remainingDays: number;
  /** Rounded to cents, two decimals, e.g. "-12.50". */
  amount: string;
  /** Full precision (up to EXACT_DECIMAL_PLACES), no trailing zeros, e.g. "12.5". */
  exactAmount: string;
}

/** The calendar billing period (inclusive) that contains `date`. */
export function billingPeriod(cycle: BillingCycle, date: string): BillingPeriod {
  const { start, end } = periodBounds(parseCycle(cycle, 'cycle'), parseBillingDate(date, 'date'));
  return { start: formatCalendarDate(start), end: formatCalendarDate(end), days: daysBetweenInclusive(start, end) };
}

export function prorate(input: ProrationInput): Proration {
  const cycle = parseCycle(input.cycle, 'cycle');
  const billingDate = parseBillingDate(input.billingDate, 'billingDate');
  const previousUnits = parseDecimal(input.previousUnits, 'previousUnits');
  const newUnits = parseDecimal(input.newUnits, 'newUnits');
  const unitPrice = parseDecimal(input.unitPrice, 'unitPrice');

  const { start, end } = periodBounds(cycle, billingDate);
  const daysInPeriod = daysBetweenInclusive(start, end);
  const remainingDays = daysBetweenInclusive(billingDate, end);
  const delta = newUnits.minus(previousUnits);
  // One division, last, so the only inexact step is the final one.
  const exact = delta.times(unitPrice).times(remainingDays).dividedBy(daysInPeriod);

  return {
    delta: plain(delta),
    periodStart: formatCalendarDate(start),
    periodEnd: formatCalendarDate(end),
    daysInPeriod,
    remainingDays,
    amount: exact.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    exactAmount: plain(exact.toDecimalPlaces(EXACT_DECIMAL_PLACES, Decimal.ROUND_HALF_UP)),
  };
}

function periodBounds(cycle: BillingCycle, { year, month }: CalendarDate): { start: CalendarDate; end: CalendarDate } {
  const [firstMonth, lastMonth] =
    cycle === 'monthly' ? [month, month] : cycle === 'quarterly' ? quarterMonths(month) : [1, 12];
  return {
    start: { year, month: firstMonth, day: 1 },
    end: { year, month: lastMonth, day: daysInMonth(year, lastMonth) },
  };
}

function quarterMonths(month: number): [number, number] {
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return [first, first + 2];
}

/** Date.UTC is used as pure calendar arithmetic here (no clock, no time zone). */
function daysBetweenInclusive(from: CalendarDate, to: CalendarDate): number {
  const dayNumber = ({ year, month, day }: CalendarDate): number => Date.UTC(year, month - 1, day) / 86_400_000;
  return dayNumber(to) - dayNumber(from) + 1;
}

function parseCycle(cycle: unknown, field: string): BillingCycle {
  if (typeof cycle === 'string' && (BILLING_CYCLES as readonly string[]).includes(cycle)) return cycle as BillingCycle;
  throw new Error(`${field}: unknown billing cycle ${JSON.stringify(cycle)} (expected ${BILLING_CYCLES.join(', ')})`);
}

function parseBillingDate(date: unknown, field: string): CalendarDate {
  // Strictly a date: a date-time here would hide which day the caller meant in which zone.
  const parsed = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? parseCalendarDate(date) : null;
  if (parsed) return parsed;
  throw new Error(`${field}: expected a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseDecimal(value: unknown, field: string): Decimal {
  if (typeof value === 'number' && Number.isFinite(value)) return new Money(value);
  if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) return new Money(value.trim());
  throw new Error(`${field}: expected a decimal number, got ${JSON.stringify(value)}`);
}

/** Normal notation, no exponent, no trailing zeros, and never "-0". */
function plain(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}
