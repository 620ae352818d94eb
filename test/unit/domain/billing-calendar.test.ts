import { describe, expect, it } from 'vitest';
import { addDays, calendarDateInZone, MAX_CATCH_UP_NIGHTS, nightsToBill } from '../../../domain/billing-calendar.js';
import { REGION_TIME_ZONES } from '../../../domain/settings.js';

describe('calendarDateInZone', () => {
  it.each([
    // 00:30 local, the schedule's time, in each region: the local date is the billing date.
    ['2024-03-10T05:30:00Z', 'US', '2024-03-10'], // EST (DST starts at 02:00 that night)
    ['2024-07-01T04:30:00Z', 'US', '2024-07-01'], // EDT
    ['2024-01-15T00:30:00Z', 'EMEA', '2024-01-15'], // GMT
    ['2024-06-30T23:30:00Z', 'EMEA', '2024-07-01'], // BST: still June 30 in UTC
    ['2024-06-30T14:30:00Z', 'APAC', '2024-07-01'], // AEST: the day before in UTC
    ['2024-12-31T13:30:00Z', 'APAC', '2025-01-01'], // AEDT, across a year end
  ] as const)('%s in %s is %s', (instant, region, date) => {
    expect(calendarDateInZone(new Date(instant), REGION_TIME_ZONES[region])).toBe(date);
  });

  it('rejects an invalid instant', () => {
    expect(() => calendarDateInZone(new Date('nope'), 'UTC')).toThrow(/invalid instant/);
  });
});

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-01-01', -1, '2023-12-31'],
    ['2024-03-31', -31, '2024-02-29'],
  ] as const)('%s %+i → %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('nightsToBill', () => {
  it('bills only the date on the first run ever, or when nothing was missed', () => {
    expect(nightsToBill('2024-05-18', null)).toEqual(['2024-05-18']);
    expect(nightsToBill('2024-05-18', '2024-05-17')).toEqual(['2024-05-18']);
    expect(nightsToBill('2024-05-18', '2024-05-18')).toEqual(['2024-05-18']);
  });

  it('catches up missed nights oldest first, across a month end', () => {
    expect(nightsToBill('2024-03-02', '2024-02-27')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02']);
  });

  it(`catches up at most ${MAX_CATCH_UP_NIGHTS} nights`, () => {
    const nights = nightsToBill('2024-05-25', '2024-05-01');
    expect(nights).toEqual(['2024-05-18', '2024-05-19', '2024-05-20', '2024-05-21', '2024-05-22', '2024-05-23', '2024-05-24', '2024-05-25']);
    expect(nights).toHaveLength(MAX_CATCH_UP_NIGHTS + 1);
  });

  it('rejects a date that is not a calendar date', () => {
    expect(() => nightsToBill('2024-02-30', null)).toThrow(/calendar date/);
  });
});
