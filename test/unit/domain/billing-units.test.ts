import { describe, expect, it } from 'vitest';
import { matchesFilter, numericValue, sameUnits, UnitTally, wholeUnits } from '../../../domain/billing-units.js';

describe('numericValue', () => {
  it.each([
    [4, '4'],
    [2.5, '2.5'],
    ['12', '12'],
    [' 7 ', '7'],
    [0, '0'],
  ] as const)('%j counts as %s', (value, expected) => {
    const result = numericValue(value);
    expect(typeof result).not.toBe('string');
    expect(String(result)).toBe(expected);
  });

  it.each([
    [undefined, 'missing'],
    [null, 'missing'],
    ['  ', 'missing'],
    ['TBD', 'not-numeric'],
    ['25 users', 'not-numeric'],
    ['1,200', 'not-numeric'],
    [Number.NaN, 'not-numeric'],
    [true, 'not-numeric'],
    [-3, 'negative'],
  ] as const)('%j is %s', (value, problem) => {
    expect(numericValue(value)).toBe(problem);
  });
});

describe('matchesFilter', () => {
  const selector = (filterValues: string[]) => ({ billByField: 'licensed-users', filterField: 'license-type', filterValues });

  it('passes everything without a filter field', () => {
    expect(matchesFilter({}, { billByField: 'x', filterField: null, filterValues: [] })).toBe(true);
  });

  it('compares case- and spacing-insensitively against any of the values', () => {
    const traits = { 'license-type': 'Microsoft 365  E3' };
    expect(matchesFilter(traits, selector(['microsoft 365 e3']))).toBe(true);
    expect(matchesFilter(traits, selector(['Exchange Online (Plan 1)', 'Microsoft 365 E3']))).toBe(true);
    expect(matchesFilter(traits, selector(['Microsoft 365 E5']))).toBe(false);
    expect(matchesFilter({}, selector(['Microsoft 365 E3']))).toBe(false);
  });

  it('matches list values and tag objects by any entry', () => {
    expect(matchesFilter({ 'license-type': ['A', 'B'] }, selector(['b']))).toBe(true);
    expect(matchesFilter({ 'license-type': [{ id: 1, name: 'Head Office' }] }, selector(['head office']))).toBe(true);
    expect(matchesFilter({ 'license-type': 12 }, selector(['12']))).toBe(true);
  });
});

describe('UnitTally', () => {
  it('sums numeric values of matching, unarchived assets and reports the rest', () => {
    const tally = new UnitTally({ billByField: 'users', filterField: 'plan', filterValues: ['Premium'] });
    tally.add({ id: '1', archived: false, traits: { plan: 'Premium', users: 4 } });
    tally.add({ id: '2', archived: false, traits: { plan: 'premium', users: '3' } });
    tally.add({ id: '3', archived: false, traits: { plan: 'Premium', users: 'TBD' } });
    tally.add({ id: '4', archived: false, traits: { plan: 'Premium' } });
    tally.add({ id: '5', archived: true, traits: { plan: 'Premium', users: 50 } });
    tally.add({ id: '6', archived: false, traits: { plan: 'Basic', users: 9 } });
    expect(tally.total).toBe('7');
    expect({ counted: tally.counted, filteredOut: tally.filteredOut, archived: tally.archived }).toEqual({ counted: 2, filteredOut: 1, archived: 1 });
    expect(tally.ignored).toEqual([
      { assetId: '3', problem: 'not-numeric', value: 'TBD' },
      { assetId: '4', problem: 'missing' },
    ]);
  });

  it('adds fractional values exactly and keeps 4 decimal places', () => {
    const tally = new UnitTally({ billByField: 'tb', filterField: null, filterValues: [] });
    for (const tb of [0.1, 0.2, '0.00004', '0.00005']) tally.add({ id: String(tb), archived: false, traits: { tb } });
    expect(tally.total).toBe('0.3001');
    expect(new UnitTally({ billByField: 'tb', filterField: null, filterValues: [] }).total).toBe('0');
  });
});

describe('sameUnits', () => {
  it('compares decimal text by value', () => {
    expect(sameUnits('5', '5.0000')).toBe(true);
    expect(sameUnits('5', '5.0001')).toBe(false);
  });
});

describe('wholeUnits', () => {
  it('rounds a fractional total to whole units, halves up, and says it did', () => {
    expect(wholeUnits('7')).toEqual({ units: '7', fractional: false });
    expect(wholeUnits('0')).toEqual({ units: '0', fractional: false });
    expect(wholeUnits('6.5')).toEqual({ units: '7', fractional: true });
    expect(wholeUnits('6.4999')).toEqual({ units: '6', fractional: true });
    expect(wholeUnits('0.25')).toEqual({ units: '0', fractional: true });
  });
});
