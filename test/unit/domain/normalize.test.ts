import { describe, expect, it } from 'vitest';
import {
  cleanText,
  daysInMonth,
  formatCalendarDate,
  isLeapYear,
  matchKey,
  normalizeMac,
  normalizeSerial,
  parseCalendarDate,
  phoneDigits,
  toDateOnly,
} from '../../../domain/normalize.js';

describe('cleanText', () => {
  it('trims and collapses inner whitespace, keeping case', () => {
    expect(cleanText('  Acme   Corp \t Ltd\n')).toBe('Acme Corp Ltd');
    expect(cleanText('ACME corp')).toBe('ACME corp');
  });

  it('returns null for empty, blank and non-text values', () => {
    expect(cleanText('')).toBeNull();
    expect(cleanText('   \t\n ')).toBeNull();
    expect(cleanText(null)).toBeNull();
    expect(cleanText(undefined)).toBeNull();
    expect(cleanText({})).toBeNull();
    expect(cleanText(true)).toBeNull();
    expect(cleanText(Number.NaN)).toBeNull();
  });

  it('turns numbers into their text (serials and codes can arrive as numbers)', () => {
    expect(cleanText(12345)).toBe('12345');
    expect(cleanText(0)).toBe('0');
    expect(cleanText(10n)).toBe('10');
  });
});

describe('matchKey', () => {
  it('is case- and whitespace-insensitive', () => {
    expect(matchKey('  Acme   CORP ')).toBe('acme corp');
    expect(matchKey('acme corp')).toBe(matchKey('ACME\tCorp'));
  });

  it('is empty for missing values', () => {
    expect(matchKey(null)).toBe('');
    expect(matchKey(undefined)).toBe('');
    expect(matchKey('  ')).toBe('');
  });
});

describe('normalizeMac', () => {
  it('gives one key for every common MAC format', () => {
    expect(normalizeMac('00-11-22-33-44-55')).toBe('001122334455');
    expect(normalizeMac('00:11:22:33:44:55')).toBe('001122334455');
    expect(normalizeMac('001122334455')).toBe('001122334455');
    expect(normalizeMac('0011.2233.4455')).toBe('001122334455');
    expect(normalizeMac(' aa:bb:cc:dd:ee:ff ')).toBe('AABBCCDDEEFF');
    expect(normalizeMac('aa bb cc dd ee ff')).toBe('AABBCCDDEEFF');
  });

  it('is empty for missing values', () => {
    expect(normalizeMac(null)).toBe('');
    expect(normalizeMac('')).toBe('');
    expect(normalizeMac(' : - ')).toBe('');
  });
});

describe('normalizeSerial', () => {
  it('trims, collapses whitespace and upper-cases', () => {
    expect(normalizeSerial(' 5cd1234xyz ')).toBe('5CD1234XYZ');
    expect(normalizeSerial('ab  12')).toBe('AB 12');
    expect(normalizeSerial(98765)).toBe('98765');
  });

  it('keeps separators that are part of the serial', () => {
    expect(normalizeSerial('sn-001')).toBe('SN-001');
  });

  it('is empty for missing values', () => {
    expect(normalizeSerial(null)).toBe('');
    expect(normalizeSerial('   ')).toBe('');
  });
});

describe('phoneDigits', () => {
  it('keeps digits only', () => {
    expect(phoneDigits('+1 (555) 123-4567')).toBe('15551234567');
    expect(phoneDigits('555.123.4567')).toBe('5551234567');
    expect(phoneDigits(5551234567)).toBe('5551234567');
  });

  it('is null when there are no digits', () => {
    expect(phoneDigits('')).toBeNull();
    expect(phoneDigits('n/a')).toBeNull();
    expect(phoneDigits(null)).toBeNull();
  });
});

describe('toDateOnly', () => {
  it('takes the calendar date of dates and date-times as written', () => {
    expect(toDateOnly('2023-01-10')).toBe('2023-01-10');
    expect(toDateOnly('2023-01-10T00:00:00')).toBe('2023-01-10');
    expect(toDateOnly('2023-01-10T00:00:00Z')).toBe('2023-01-10');
    expect(toDateOnly('2023-01-10T00:00:00.000Z')).toBe('2023-01-10');
    expect(toDateOnly('2023-01-10 08:30')).toBe('2023-01-10');
    expect(toDateOnly(' 2023-01-10 ')).toBe('2023-01-10');
  });

  it('never shifts the date across time zones', () => {
    expect(toDateOnly('2023-01-10T23:30:00-05:00')).toBe('2023-01-10');
    expect(toDateOnly('2023-01-10T00:30:00+10:00')).toBe('2023-01-10');
    expect(toDateOnly('2023-01-10T00:30:00+1000')).toBe('2023-01-10');
  });

  it('rejects invalid and empty values', () => {
    expect(toDateOnly('')).toBeNull();
    expect(toDateOnly(null)).toBeNull();
    expect(toDateOnly('not a date')).toBeNull();
    expect(toDateOnly('2023-02-30')).toBeNull();
    expect(toDateOnly('2023-13-01')).toBeNull();
    expect(toDateOnly('2023-00-10')).toBeNull();
    expect(toDateOnly('2023-1-10')).toBeNull();
    expect(toDateOnly('10/01/2023')).toBeNull();
    expect(toDateOnly('2023-01-10Tgarbage')).toBeNull();
    expect(toDateOnly(20230110)).toBeNull();
  });

  it('knows leap days', () => {
    expect(toDateOnly('2024-02-29')).toBe('2024-02-29');
    expect(toDateOnly('2023-02-29')).toBeNull();
    expect(toDateOnly('2000-02-29')).toBe('2000-02-29');
    expect(toDateOnly('1900-02-29')).toBeNull();
  });
});

describe('calendar helpers', () => {
  it('isLeapYear follows the Gregorian rules', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2028)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
  });

  it('daysInMonth', () => {
    expect(daysInMonth(2023, 1)).toBe(31);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2023, 4)).toBe(30);
    expect(daysInMonth(2023, 12)).toBe(31);
  });

  it('parseCalendarDate and formatCalendarDate round-trip', () => {
    const date = parseCalendarDate('2024-03-05T10:00:00Z');
    expect(date).toEqual({ year: 2024, month: 3, day: 5 });
    expect(formatCalendarDate(date!)).toBe('2024-03-05');
  });
});
