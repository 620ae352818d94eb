import { describe, expect, it } from 'vitest';
import type { ConflictPolicy } from '../../../domain/entities.js';
import type { CanonicalContact } from '../../../entities/contact.js';
import { canonicalEqual, decideByPolicy, threeWayMerge, type MergeInput } from '../../../domain/merge.js';

interface Sample {
  name: string;
  city: string | null;
  notes: string | null;
}
const FIELDS = ['name', 'city', 'notes'] as const;
const base: Sample = { name: 'Acme', city: 'Springfield', notes: null };

function merge(overrides: Partial<MergeInput<Sample>>) {
  return threeWayMerge<Sample>({
    fields: FIELDS,
    base,
    bms: base,
    itglue: base,
    twoWay: true,
    policy: 'bms-wins',
    bmsModifiedAt: '2024-05-01T10:00:00Z',
    itglueUpdatedAt: '2024-05-01T09:00:00Z',
    ...overrides,
  });
}

describe('canonicalEqual', () => {
  it('compares strings exactly (a case change is an edit)', () => {
    expect(canonicalEqual('Acme', 'Acme')).toBe(true);
    expect(canonicalEqual('Acme', 'ACME')).toBe(false);
  });

  it('treats null and undefined as equal, but not as empty string, false or 0', () => {
    expect(canonicalEqual(null, undefined)).toBe(true);
    expect(canonicalEqual(null, '')).toBe(false);
    expect(canonicalEqual(undefined, false)).toBe(false);
    expect(canonicalEqual(null, 0)).toBe(false);
  });

  it('compares objects by key, a missing key equal to null', () => {
    expect(canonicalEqual({ a: 1, b: null }, { a: 1 })).toBe(true);
    expect(canonicalEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(canonicalEqual({ a: 1 }, [1])).toBe(false);
  });

  it('compares arrays order-insensitively, respecting duplicates', () => {
    const work = { address: 'a@x.com', typeName: 'Work', primary: true };
    const home = { address: 'b@x.com', typeName: 'Home', primary: false };
    expect(canonicalEqual([work, home], [home, work])).toBe(true);
    expect(canonicalEqual([work, home], [work])).toBe(false);
    expect(canonicalEqual([work, work, home], [work, home, home])).toBe(false);
    expect(canonicalEqual([work], [{ ...work, primary: false }])).toBe(false);
    expect(canonicalEqual([], [])).toBe(true);
    expect(canonicalEqual([], null)).toBe(false);
  });
});

describe('threeWayMerge', () => {
  it('is a no-op when everything is equal', () => {
    const result = merge({});
    expect(result).toEqual({ toItGlue: {}, toBms: {}, snapshot: base, conflicts: [], reverted: [] });
  });

  it('is a no-op when both sides made the same edit', () => {
    const edited = { ...base, city: 'Shelbyville' };
    const result = merge({ bms: edited, itglue: edited });
    expect(result.toItGlue).toEqual({});
    expect(result.toBms).toEqual({});
    expect(result.conflicts).toEqual([]);
    expect(result.snapshot.city).toBe('Shelbyville');
  });

  it('treats null and undefined as the same value', () => {
    const result = merge({ itglue: { ...base, notes: undefined as unknown as null } });
    expect(result.toItGlue).toEqual({});
    expect(result.toBms).toEqual({});
  });

  describe('one-way', () => {
    it('writes BMS changes to IT Glue', () => {
      const result = merge({ twoWay: false, bms: { ...base, city: 'Shelbyville' } });
      expect(result.toItGlue).toEqual({ city: 'Shelbyville' });
      expect(result.toBms).toEqual({});
      expect(result.snapshot).toEqual({ ...base, city: 'Shelbyville' });
    });

    it('never pushes IT Glue-only edits: puts them back to the BMS value and says so (SPEC §7)', () => {
      const result = merge({ twoWay: false, itglue: { ...base, notes: 'edited in IT Glue' } });
      expect(result.toItGlue).toEqual({ notes: null });
      expect(result.toBms).toEqual({});
      expect(result.conflicts).toEqual([]);
      expect(result.reverted).toEqual(['notes']);
      expect(result.snapshot.notes).toBeNull();
    });

    it('overwrites IT Glue when both changed, without recording a conflict', () => {
      const result = merge({ twoWay: false, policy: 'itglue-wins', bms: { ...base, name: 'Acme Inc' }, itglue: { ...base, name: 'Acme LLC' } });
      expect(result.toItGlue).toEqual({ name: 'Acme Inc' });
      expect(result.toBms).toEqual({});
      expect(result.conflicts).toEqual([]);
      expect(result.reverted).toEqual([]);
      expect(result.snapshot.name).toBe('Acme Inc');
    });

    it('with no base writes every differing BMS value', () => {
      const result = merge({ twoWay: false, base: null, bms: { ...base, city: 'Shelbyville' }, itglue: { ...base, notes: 'x' } });
      expect(result.toItGlue).toEqual({ city: 'Shelbyville', notes: null });
      expect(result.snapshot).toEqual({ ...base, city: 'Shelbyville' });
    });
  });

  describe('two-way', () => {
    it('sends a BMS-only change to IT Glue', () => {
      const result = merge({ bms: { ...base, city: 'Shelbyville' } });
      expect(result.toItGlue).toEqual({ city: 'Shelbyville' });
      expect(result.toBms).toEqual({});
      expect(result.conflicts).toEqual([]);
    });

    it('sends an IT Glue-only change to BMS, whatever the policy', () => {
      for (const policy of ['bms-wins', 'itglue-wins', 'newest-wins'] as ConflictPolicy[]) {
        const result = merge({ policy, itglue: { ...base, notes: 'rack 4' } });
        expect(result.toBms).toEqual({ notes: 'rack 4' });
        expect(result.toItGlue).toEqual({});
        expect(result.snapshot.notes).toBe('rack 4');
        expect(result.conflicts).toEqual([]);
      }
    });

    it('merges independent edits of different fields', () => {
      const result = merge({ bms: { ...base, city: 'Shelbyville' }, itglue: { ...base, notes: 'rack 4' } });
      expect(result.toItGlue).toEqual({ city: 'Shelbyville' });
      expect(result.toBms).toEqual({ notes: 'rack 4' });
      expect(result.snapshot).toEqual({ name: 'Acme', city: 'Shelbyville', notes: 'rack 4' });
    });

    it('treats a case change as an edit', () => {
      const result = merge({ itglue: { ...base, name: 'ACME' } });
      expect(result.toBms).toEqual({ name: 'ACME' });
    });

    const both = { bms: { ...base, name: 'Acme Inc' }, itglue: { ...base, name: 'Acme LLC' } };

    it('bms-wins: a field changed on both sides keeps the BMS value and is logged', () => {
      const result = merge({ ...both, policy: 'bms-wins' });
      expect(result.toItGlue).toEqual({ name: 'Acme Inc' });
      expect(result.toBms).toEqual({});
      expect(result.snapshot.name).toBe('Acme Inc');
      expect(result.conflicts).toEqual([
        { field: 'name', base: 'Acme', bms: 'Acme Inc', itglue: 'Acme LLC', winner: 'bms', reason: expect.stringContaining('bms-wins') },
      ]);
    });

    it('itglue-wins: keeps the IT Glue value', () => {
      const result = merge({ ...both, policy: 'itglue-wins' });
      expect(result.toBms).toEqual({ name: 'Acme LLC' });
      expect(result.toItGlue).toEqual({});
      expect(result.snapshot.name).toBe('Acme LLC');
      expect(result.conflicts).toHaveLength(1);
      expect(result.conflicts[0]).toMatchObject({ winner: 'itglue', reason: expect.stringContaining('itglue-wins') });
    });

    it('newest-wins: the later modification time wins', () => {
      const itglueNewer = merge({ ...both, policy: 'newest-wins', bmsModifiedAt: '2024-05-01T10:00:00Z', itglueUpdatedAt: '2024-05-01T11:00:00Z' });
      expect(itglueNewer.toBms).toEqual({ name: 'Acme LLC' });
      expect(itglueNewer.conflicts[0]).toMatchObject({ winner: 'itglue', reason: expect.stringContaining('IT Glue value') });

      const bmsNewer = merge({ ...both, policy: 'newest-wins', bmsModifiedAt: '2024-05-01T12:00:00Z', itglueUpdatedAt: '2024-05-01T11:00:00Z' });
      expect(bmsNewer.toItGlue).toEqual({ name: 'Acme Inc' });
      expect(bmsNewer.conflicts[0]).toMatchObject({ winner: 'bms', reason: expect.stringContaining('BMS value') });
    });

    it('newest-wins compares instants, not text', () => {
      const result = merge({ ...both, policy: 'newest-wins', bmsModifiedAt: '2024-05-01T12:00:00+05:00', itglueUpdatedAt: '2024-05-01T08:00:00Z' });
      expect(result.conflicts[0]!.winner).toBe('itglue');
    });

    it('newest-wins: BMS wins equal or unknown times, and the reason says so', () => {
      const equal = merge({ ...both, policy: 'newest-wins', bmsModifiedAt: '2024-05-01T10:00:00Z', itglueUpdatedAt: '2024-05-01T10:00:00.000Z' });
      expect(equal.conflicts[0]).toMatchObject({ winner: 'bms', reason: expect.stringContaining('same time') });

      const missing = merge({ ...both, policy: 'newest-wins', itglueUpdatedAt: null });
      expect(missing.toItGlue).toEqual({ name: 'Acme Inc' });
      expect(missing.conflicts[0]).toMatchObject({ winner: 'bms', reason: expect.stringContaining('IT Glue updated time unknown') });

      const invalid = merge({ ...both, policy: 'newest-wins', bmsModifiedAt: 'yesterday' });
      expect(invalid.conflicts[0]).toMatchObject({ winner: 'bms', reason: expect.stringContaining('BMS modified time unknown') });
    });

    it('logs one conflict per field', () => {
      const result = merge({
        bms: { name: 'A1', city: 'C1', notes: null },
        itglue: { name: 'A2', city: 'C2', notes: null },
      });
      expect(result.conflicts.map((c) => c.field)).toEqual(['name', 'city']);
    });

    it('with no base follows the policy for every differing field without logging conflicts', () => {
      const bms = { name: 'Acme Inc', city: 'Springfield', notes: null };
      const itglue = { name: 'Acme LLC', city: 'Springfield', notes: 'rack 4' };
      const bmsWins = merge({ base: null, bms, itglue, policy: 'bms-wins' });
      expect(bmsWins.toItGlue).toEqual({ name: 'Acme Inc', notes: null });
      expect(bmsWins.toBms).toEqual({});
      expect(bmsWins.conflicts).toEqual([]);
      expect(bmsWins.snapshot).toEqual(bms);

      const itglueWins = merge({ base: null, bms, itglue, policy: 'itglue-wins' });
      expect(itglueWins.toBms).toEqual({ name: 'Acme LLC', notes: 'rack 4' });
      expect(itglueWins.toItGlue).toEqual({});
      expect(itglueWins.snapshot).toEqual(itglue);

      const newest = merge({ base: null, bms, itglue, policy: 'newest-wins', itglueUpdatedAt: '2030-01-01T00:00:00Z' });
      expect(newest.toBms).toEqual({ name: 'Acme LLC', notes: 'rack 4' });
      expect(newest.conflicts).toEqual([]);
    });

    it('treats a field missing from the base like a first sync of that field', () => {
      const result = merge({
        base: { name: 'Acme', city: 'Springfield' },
        bms: { ...base, notes: 'from BMS' },
        itglue: { ...base, notes: 'from IT Glue' },
        policy: 'itglue-wins',
      });
      expect(result.toBms).toEqual({ notes: 'from IT Glue' });
      expect(result.conflicts).toEqual([]);
    });
  });

  it('only touches the listed fields; the snapshot copies the rest from BMS', () => {
    const result = threeWayMerge<Sample>({
      fields: ['name'],
      base: { name: 'Acme' },
      bms: { name: 'Acme', city: 'B', notes: null },
      itglue: { name: 'Acme LLC', city: 'I', notes: 'x' },
      twoWay: true,
      policy: 'bms-wins',
      bmsModifiedAt: null,
      itglueUpdatedAt: null,
    });
    expect(result.toBms).toEqual({ name: 'Acme LLC' });
    expect(result.toItGlue).toEqual({});
    expect(result.snapshot).toEqual({ name: 'Acme LLC', city: 'B', notes: null });
  });

  describe('contact lists', () => {
    const contact: CanonicalContact = {
      firstName: 'Jane',
      lastName: 'Doe',
      title: null,
      emails: [
        { address: 'jane@acme.com', typeName: 'Work', primary: true },
        { address: 'jane@home.com', typeName: 'Home', primary: false },
      ],
      phones: [
        { number: '5551234567', extension: null, typeName: 'Work', primary: true },
        { number: '5559876543', extension: '12', typeName: 'Mobile', primary: false },
      ],
      location: null,
      important: false,
    };
    const fields = ['firstName', 'lastName', 'title', 'emails', 'phones', 'location', 'important'] as const;
    const reversed = { ...contact, emails: [...contact.emails].reverse(), phones: [...contact.phones].reverse() };

    it('ignores the order of e-mails and phones', () => {
      const result = threeWayMerge<CanonicalContact>({
        fields,
        base: contact,
        bms: contact,
        itglue: reversed,
        twoWay: true,
        policy: 'itglue-wins',
        bmsModifiedAt: null,
        itglueUpdatedAt: null,
      });
      expect(result.toBms).toEqual({});
      expect(result.toItGlue).toEqual({});
      expect(result.conflicts).toEqual([]);
    });

    it('pushes a changed list as a whole', () => {
      const itglue = { ...reversed, emails: [...reversed.emails, { address: 'jd@acme.com', typeName: 'Work', primary: false }] };
      const result = threeWayMerge<CanonicalContact>({
        fields,
        base: contact,
        bms: contact,
        itglue,
        twoWay: true,
        policy: 'bms-wins',
        bmsModifiedAt: null,
        itglueUpdatedAt: null,
      });
      expect(result.toBms).toEqual({ emails: itglue.emails });
      expect(result.snapshot.emails).toEqual(itglue.emails);
    });
  });
});

describe('decideByPolicy', () => {
  it('names the policy in its reason', () => {
    expect(decideByPolicy({ policy: 'bms-wins', bmsModifiedAt: null, itglueUpdatedAt: null })).toEqual({
      winner: 'bms',
      reason: 'changed on both sides; policy bms-wins keeps the BMS value',
    });
    expect(decideByPolicy({ policy: 'newest-wins', bmsModifiedAt: null, itglueUpdatedAt: null }).reason).toContain(
      'BMS modified time and IT Glue updated time unknown',
    );
  });
});
