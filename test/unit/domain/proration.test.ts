import { describe, expect, it } from 'vitest';
import { billingPeriod, prorate, type ProrationInput } from '../../../domain/proration.js';

const monthly = (billingDate: string, overrides: Partial<ProrationInput> = {}) =>
  prorate({ previousUnits: 0, newUnits: 1, unitPrice: '31.00', cycle: 'monthly', billingDate, ...overrides });

describe('billingPeriod', () => {
  it.each([
    ['2024-01-15', '2024-01-01', '2024-01-31', 31],
    ['2023-02-10', '2023-02-01', '2023-02-28', 28],
    ['2024-02-10', '2024-02-01', '2024-02-29', 29],
    ['2028-02-01', '2028-02-01', '2028-02-29', 29],
    ['2100-02-01', '2100-02-01', '2100-02-28', 28],
    ['2024-04-30', '2024-04-01', '2024-04-30', 30],
    ['2024-12-31', '2024-12-01', '2024-12-31', 31],
  ])('monthly %s → %s..%s (%i days)', (date, start, end, days) => {
    expect(billingPeriod('monthly', date)).toEqual({ start, end, days });
  });

  it.each([
    ['2023-01-01', '2023-01-01', '2023-03-31', 90],
    ['2024-03-31', '2024-01-01', '2024-03-31', 91],
    ['2024-04-01', '2024-04-01', '2024-06-30', 91],
    ['2024-05-15', '2024-04-01', '2024-06-30', 91],
    ['2024-09-30', '2024-07-01', '2024-09-30', 92],
    ['2024-10-01', '2024-10-01', '2024-12-31', 92],
    ['2024-12-31', '2024-10-01', '2024-12-31', 92],
  ])('quarterly %s → %s..%s (%i days)', (date, start, end, days) => {
    expect(billingPeriod('quarterly', date)).toEqual({ start, end, days });
  });

  it.each([
    ['2023-06-15', '2023-01-01', '2023-12-31', 365],
    ['2028-06-15', '2028-01-01', '2028-12-31', 366],
    ['2000-01-01', '2000-01-01', '2000-12-31', 366],
    ['2100-12-31', '2100-01-01', '2100-12-31', 365],
  ])('yearly %s → %s..%s (%i days)', (date, start, end, days) => {
    expect(billingPeriod('yearly', date)).toEqual({ start, end, days });
  });

  it('rejects bad input, naming the field', () => {
    expect(() => billingPeriod('weekly' as never, '2024-01-01')).toThrow(/^cycle: /);
    expect(() => billingPeriod('monthly', '2024-02-30')).toThrow(/^date: /);
  });
});

describe('prorate', () => {
  it('worked example from the module comment: 10 → 7 units at 19.99 on 2024-02-10', () => {
    expect(prorate({ previousUnits: 10, newUnits: 7, unitPrice: '19.99', cycle: 'monthly', billingDate: '2024-02-10' })).toEqual({
      delta: '-3',
      periodStart: '2024-02-01',
      periodEnd: '2024-02-29',
      daysInPeriod: 29,
      remainingDays: 20,
      amount: '-41.36',
      exactAmount: '-41.358620689655',
    });
  });

  it('counts remaining days inclusively: Nov 21 in a 30-day November is 10 days', () => {
    const result = prorate({ previousUnits: 5, newUnits: 8, unitPrice: '12.50', cycle: 'monthly', billingDate: '2024-11-21' });
    expect(result).toMatchObject({ delta: '3', daysInPeriod: 30, remainingDays: 10, amount: '12.50', exactAmount: '12.5' });
  });

  it('credits a decrease with a negative amount', () => {
    const result = prorate({ previousUnits: 8, newUnits: 3, unitPrice: '7.50', cycle: 'monthly', billingDate: '2024-11-21' });
    expect(result).toMatchObject({ delta: '-5', amount: '-12.50', exactAmount: '-12.5' });
  });

  it('bills nothing for a zero delta', () => {
    const result = prorate({ previousUnits: 4, newUnits: 4, unitPrice: '99.99', cycle: 'quarterly', billingDate: '2024-05-15' });
    expect(result).toMatchObject({ delta: '0', amount: '0.00', exactAmount: '0' });
  });

  it('bills the whole period on its first day and one day on its last', () => {
    expect(monthly('2024-03-01')).toMatchObject({ remainingDays: 31, amount: '31.00' });
    expect(monthly('2024-03-31')).toMatchObject({ remainingDays: 1, amount: '1.00' });
  });

  it.each([
    ['2024-01-31', 31, 1],
    ['2023-02-28', 28, 1],
    ['2024-02-28', 29, 2],
    ['2024-02-29', 29, 1],
    ['2024-04-30', 30, 1],
    ['2024-04-29', 30, 2],
  ])('month end %s: %i days in period, %i remaining', (date, daysInPeriod, remainingDays) => {
    expect(monthly(date)).toMatchObject({ daysInPeriod, remainingDays });
  });

  it('prorates over a quarter', () => {
    // 2024-05-15 → 2024-06-30: 17 days of May + 30 of June = 47 of Q2's 91.
    const result = prorate({ previousUnits: 2, newUnits: 4, unitPrice: '91.00', cycle: 'quarterly', billingDate: '2024-05-15' });
    expect(result).toMatchObject({ periodStart: '2024-04-01', periodEnd: '2024-06-30', daysInPeriod: 91, remainingDays: 47, amount: '94.00', exactAmount: '94' });
  });

  it('prorates over a leap year and a common year', () => {
    // 2028-03-01 → 2028-12-31: 366 − 31 − 29 = 306 days.
    const leap = prorate({ previousUnits: 0, newUnits: 1, unitPrice: '366', cycle: 'yearly', billingDate: '2028-03-01' });
    expect(leap).toMatchObject({ periodStart: '2028-01-01', periodEnd: '2028-12-31', daysInPeriod: 366, remainingDays: 306, amount: '306.00' });
    const common = prorate({ previousUnits: 0, newUnits: 1, unitPrice: '365', cycle: 'yearly', billingDate: '2027-03-01' });
    expect(common).toMatchObject({ daysInPeriod: 365, remainingDays: 306, amount: '306.00' });
    expect(prorate({ previousUnits: 0, newUnits: 1, unitPrice: '366', cycle: 'yearly', billingDate: '2028-12-31' }).remainingDays).toBe(1);
  });

  it('keeps full precision in exactAmount and rounds amount to cents', () => {
    // 10.00 × 11 ÷ 31 = 3.548387096774193548…
    const result = monthly('2023-01-21', { unitPrice: '10.00' });
    expect(result).toMatchObject({ remainingDays: 11, amount: '3.55', exactAmount: '3.548387096774' });
    // 1 × 10 ÷ 30 = 0.333…: at least 10 decimal places.
    expect(prorate({ previousUnits: 0, newUnits: 1, unitPrice: '1', cycle: 'monthly', billingDate: '2024-11-21' }).exactAmount).toBe('0.333333333333');
  });

  it('rounds half up (away from zero) for charges and credits', () => {
    expect(monthly('2024-03-01', { unitPrice: '0.125' })).toMatchObject({ amount: '0.13', exactAmount: '0.125' });
    expect(monthly('2024-03-01', { unitPrice: '0.125', previousUnits: 1, newUnits: 0 })).toMatchObject({ amount: '-0.13', exactAmount: '-0.125' });
    expect(monthly('2024-03-01', { unitPrice: '0.124' })).toMatchObject({ amount: '0.12' });
  });

  it('never prints negative zero', () => {
    // −1 × 0.001 × 1 ÷ 31 rounds to zero cents.
    expect(monthly('2024-03-31', { unitPrice: '0.001', previousUnits: 1, newUnits: 0 }).amount).toBe('0.00');
  });

  it('handles fractional units without float noise', () => {
    const result = monthly('2024-03-01', { previousUnits: 0.1, newUnits: 0.3, unitPrice: '100' });
    expect(result).toMatchObject({ delta: '0.2', amount: '20.00', exactAmount: '20' });
    expect(monthly('2024-03-01', { previousUnits: 1.5, newUnits: 2.25, unitPrice: '10' })).toMatchObject({ delta: '0.75', amount: '7.50' });
    expect(monthly('2024-03-01', { previousUnits: '1.5', newUnits: '2.25', unitPrice: '10' }).delta).toBe('0.75');
  });

  it('keeps large prices exact', () => {
    const result = monthly('2024-03-01', { unitPrice: '123456789012.345678', newUnits: 1000 });
    expect(result.exactAmount).toBe('123456789012345.678');
    expect(result.amount).toBe('123456789012345.68');
  });

  it.each([
    [{ unitPrice: 'abc' }, /^unitPrice: /],
    [{ unitPrice: '' }, /^unitPrice: /],
    [{ unitPrice: 'Infinity' }, /^unitPrice: /],
    [{ unitPrice: '0x10' }, /^unitPrice: /],
    [{ previousUnits: Number.NaN }, /^previousUnits: /],
    [{ newUnits: Number.POSITIVE_INFINITY }, /^newUnits: /],
    [{ cycle: 'weekly' as never }, /^cycle: /],
    [{ billingDate: '2024-02-30' }, /^billingDate: /],
    [{ billingDate: '2024-2-3' }, /^billingDate: /],
    [{ billingDate: '2024-02-03T00:00:00Z' }, /^billingDate: /],
  ])('rejects invalid input %o, naming the field', (overrides, message) => {
    expect(() => monthly('2024-03-01', overrides as Partial<ProrationInput>)).toThrow(message);
  });
});
