/**
 * Calendar arithmetic of the nightly billing run: which date a scheduled run bills, and which
 * missed nights it catches up. Pure and deterministic (no clock), so the billing workflow can use
 * it: the instant comes from the schedule's `TemporalScheduledStartTime`, never from `Date.now()`.
 */
import { formatCalendarDate, parseCalendarDate } from './normalize.js';

/** The scope of a region-wide billing run (otherwise a run's scope is the one integration it bills). */
export const ALL_INTEGRATIONS = '*';

/** At most this many missed nights before the billing date are caught up by one run. */
export const MAX_CATCH_UP_NIGHTS = 7;

const DAY_MS = 86_400_000;

/**
 * The calendar date (YYYY-MM-DD) of `instant` in `timeZone`. A run scheduled at 00:30 in
 * Australia/Sydney is 13:30 UTC the day before; the date billed is the Sydney one.
 */
export function calendarDateInZone(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) throw new Error('calendarDateInZone: invalid instant');
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return formatCalendarDate({ year: part('year'), month: part('month'), day: part('day') });
}

/** `date` plus `days` (negative to go back), as pure calendar arithmetic. */
export function addDays(date: string, days: number): string {
  const parsed = parseStrictDate(date);
  // Date.UTC is used as a day counter here, not as a clock.
  const shifted = new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day) + days * DAY_MS);
  return formatCalendarDate({ year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() });
}

/**
 * The nights to bill, oldest first, ending with `billingDate`. With catch-up, the nights after
 * the last completed run and before `billingDate` come first, but never more than
 * `maxNights` (older ones are given up: a week-long outage needs an operator's look). Without
 * a completed run there is no gap to fill: the first run ever bills only its own date.
 */
export function nightsToBill(billingDate: string, lastCompleted: string | null, maxNights = MAX_CATCH_UP_NIGHTS): string[] {
  parseStrictDate(billingDate);
  if (lastCompleted === null || lastCompleted >= billingDate) return [billingDate];
  const earliest = addDays(billingDate, -maxNights);
  let night = addDays(lastCompleted, 1) > earliest ? addDays(lastCompleted, 1) : earliest;
  const nights: string[] = [];
  while (night < billingDate) {
    nights.push(night);
    night = addDays(night, 1);
  }
  return [...nights, billingDate];
}

function parseStrictDate(date: string) {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(date) ? parseCalendarDate(date) : null;
  if (!parsed) throw new Error(`expected a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return parsed;
}
