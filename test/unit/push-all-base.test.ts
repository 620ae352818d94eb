/**
 * The merge base Push All gives a record it links to an existing BMS record: the two-way merge
 * from that base fills gaps on both sides, never erases a value, and pushes IT Glue's value where
 * both hold a different one.
 */
import { describe, expect, it } from 'vitest';
import { isApprover } from '../../activities/push-all.js';
import { fillInBase as pushAllBase, threeWayMerge } from '../../domain/merge.js';
import type { CanonicalLocation } from '../../entities/location.js';

const location = (fields: Partial<CanonicalLocation>): CanonicalLocation => ({
  name: 'HQ',
  address1: null,
  address2: null,
  city: null,
  country: null,
  region: null,
  postalCode: null,
  phone: null,
  fax: null,
  primary: true,
  ...fields,
});

describe('pushAllBase', () => {
  it('fills gaps both ways and lets IT Glue win a real difference', () => {
    const bms = location({ city: 'Springfield', phone: null, postalCode: '11111', fax: '555' });
    const itglue = location({ city: null, phone: '15550100', postalCode: '22222', fax: '555' });
    const merge = threeWayMerge({
      fields: Object.keys(bms) as (keyof CanonicalLocation)[],
      base: pushAllBase(bms, itglue) as CanonicalLocation,
      bms,
      itglue,
      twoWay: true,
      policy: 'bms-wins',
      bmsModifiedAt: null,
      itglueUpdatedAt: null,
    });
    expect(merge.toBms).toEqual({ phone: '15550100', postalCode: '22222' });
    expect(merge.toItGlue).toEqual({ city: 'Springfield' });
    expect(merge.conflicts).toEqual([]);
    expect(merge.snapshot).toMatchObject({ city: 'Springfield', phone: '15550100', postalCode: '22222', fax: '555' });
  });
});

describe('isApprover', () => {
  it('compares identities trimmed and case-insensitively', () => {
    expect(isApprover(['Manager@MSP.example'], ' manager@msp.example ')).toBe(true);
    expect(isApprover(['manager@msp.example'], 'intruder@evil.example')).toBe(false);
    expect(isApprover([], 'manager@msp.example')).toBe(false);
  });
});
