import { describe, expect, it } from 'vitest';
import {
  compareIds,
  createMatcher,
  MAX_REJECTED,
  type Contender,
  type MatchDecision,
  type MatchedDecision,
  type Matcher,
  type MatcherOptions,
  type NoMatchDecision,
} from '../../../domain/matching.js';
import type { MatchInput } from '../../../domain/sync/model.js';
import { compareConfigurationIdentifiers, configuration, type CanonicalConfiguration } from '../../../entities/configuration.js';
import { contact, type CanonicalContact } from '../../../entities/contact.js';
import { location, type CanonicalLocation } from '../../../entities/location.js';
import { organization, type CanonicalOrganization } from '../../../entities/organization.js';

// The entity modules' rules take canonical records; these tests write records flat.
interface CandidateFields {
  id: string;
  createdAt: string | null;
  organizationId?: string | null;
}
/** A record written flat: canonical fields (nullable, as tests like them) plus its organization. */
type Loose<C> = { [K in keyof C]?: C[K] | null };
type Flat<C> = Loose<C> & { organizationId?: string | null };

function flatMatcher<C extends object>(
  rule: Parameters<typeof createMatcher<MatchInput<C>, MatchInput<C>>>[0],
  defaults: C,
  candidates: readonly (CandidateFields & Loose<C>)[],
  options?: MatcherOptions,
): Matcher<Flat<C>> & { assignFlat(records: (Flat<C> & { id: string; createdAt: string | null })[], isTaken: (id: string) => boolean): Map<string, MatchDecision> } {
  const toInput = (id: string, createdAt: string | null, fields: Flat<C>): MatchInput<C> => {
    const { organizationId, ...rest } = fields as Flat<C> & CandidateFields;
    const { id: _id, createdAt: _c, ...canonical } = rest as Record<string, unknown>;
    return { id, createdAt, organizationId: organizationId ?? null, canonical: { ...defaults, ...canonical } as C };
  };
  const matcher = createMatcher(rule, candidates.map((c) => toInput(c.id, c.createdAt, c as Flat<C>)), options);
  return {
    match: (record, isTaken) => matcher.match(toInput('', null, record), isTaken),
    assign: (records, isTaken) => matcher.assign(records as unknown as Contender<MatchInput<C>>[], isTaken),
    assignFlat: (records, isTaken) => matcher.assign(records.map((r) => ({ id: r.id, createdAt: r.createdAt, record: toInput(r.id, r.createdAt, r) })), isTaken),
  };
}

const ORG: CanonicalOrganization = { name: '', typeName: null, active: true, parent: null, shortName: null };
const CONTACT: CanonicalContact = { firstName: '', lastName: '', title: null, emails: [], phones: [], location: null, important: false };
const LOCATION: CanonicalLocation = { name: '', address1: null, address2: null, city: null, country: null, region: null, postalCode: null, phone: null, fax: null, primary: false };
const CONFIGURATION: CanonicalConfiguration = {
  name: '', assetTag: null, defaultGateway: null, contact: null, active: true, typeName: null, primaryIp: null, macAddress: null, location: null,
  manufacturerName: null, modelName: null, notes: null, operatingSystemName: null, position: null, platformName: null, purchasedAt: null,
  serialNumber: null, warrantyExpiresAt: null,
};

const createOrganizationMatcher = (c: (CandidateFields & Loose<CanonicalOrganization>)[], o?: MatcherOptions) => flatMatcher(organization.matchRule, ORG, c, o);
const createContactMatcher = (c: (CandidateFields & Loose<CanonicalContact>)[]) => flatMatcher(contact.matchRule, CONTACT, c);
const createLocationMatcher = (c: (CandidateFields & Loose<CanonicalLocation>)[]) => flatMatcher(location.matchRule, LOCATION, c);
const createConfigurationMatcher = (c: (CandidateFields & Loose<CanonicalConfiguration>)[]) => flatMatcher(configuration.matchRule, CONFIGURATION, c);

type ContactCandidate = CandidateFields & { organizationId: string; firstName: string | null; lastName: string | null };
type LocationCandidate = CandidateFields & Omit<CanonicalLocation, 'postalCode' | 'phone' | 'fax' | 'primary'> & { organizationId: string };
type LocationMatchRecord = Flat<CanonicalLocation>;
type ConfigurationCandidate = CandidateFields & Loose<CanonicalConfiguration> & { organizationId: string };
type ConfigurationMatchRecord = Flat<CanonicalConfiguration>;

const noneTaken = (): boolean => false;
const takenSet = (...ids: string[]) => (id: string): boolean => ids.includes(id);

function expectMatched(decision: MatchDecision): MatchedDecision {
  expect(decision.outcome).toBe('matched');
  return decision as MatchedDecision;
}

function expectNoMatch(decision: MatchDecision): NoMatchDecision {
  expect(decision.outcome).toBe('no-match');
  return decision as NoMatchDecision;
}

describe('compareIds', () => {
  it('compares digit ids numerically and others as strings', () => {
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('10', '9')).toBeGreaterThan(0);
    expect(compareIds('007', '7')).toBe(0);
    expect(compareIds('b', 'a')).toBeGreaterThan(0);
    expect(compareIds('10', 'a')).toBeLessThan(0);
    expect(compareIds('123456789012345678901', '123456789012345678902')).toBeLessThan(0);
  });
});

describe('organization matcher', () => {
  const org = (id: string, name: string | null, createdAt: string | null = '2024-01-01T00:00:00Z') => ({ id, name, createdAt });

  it('matches by name, ignoring case and whitespace', () => {
    const matcher = createOrganizationMatcher([org('1', 'Other'), org('2', 'Acme  Corp')]);
    const decision = expectMatched(matcher.match({ name: ' ACME corp ' }, noneTaken));
    expect(decision).toMatchObject({ candidateId: '2', rule: 'organization-name', tier: null, tiedWith: [] });
    expect(decision.explanation).toBe('Matched IT Glue organization 2 by name "ACME corp".');
  });

  it('does not match a different name', () => {
    const matcher = createOrganizationMatcher([org('1', 'Acme Corporation')]);
    const decision = expectNoMatch(matcher.match({ name: 'Acme Corp' }, noneTaken));
    expect(decision.rule).toBe('organization-name');
    expect(decision.rejected).toEqual([]);
    expect(decision.explanation).toBe('No IT Glue organization matches name "Acme Corp".');
  });

  it('never matches on an empty name', () => {
    const matcher = createOrganizationMatcher([org('1', ''), org('2', null)]);
    const decision = expectNoMatch(matcher.match({ name: '  ' }, noneTaken));
    expect(decision.explanation).toContain('has no name');
  });

  it('skips candidates already linked to another record and says so', () => {
    const matcher = createOrganizationMatcher([org('1', 'Acme'), org('2', 'Acme', '2024-02-01T00:00:00Z')]);
    const decision = expectMatched(matcher.match({ name: 'Acme' }, takenSet('1')));
    expect(decision.candidateId).toBe('2');
    expect(decision.explanation).toContain('skipped 1 candidate already linked to another record');

    const none = expectNoMatch(matcher.match({ name: 'Acme' }, takenSet('1', '2')));
    expect(none.rejected).toEqual([
      { candidateId: '1', reason: 'already linked to another record' },
      { candidateId: '2', reason: 'already linked to another record' },
    ]);
    expect(none.explanation).toBe(
      'No IT Glue organization matches name "Acme"; closest rejected: 1 (already linked to another record), 2 (already linked to another record).',
    );
  });

  it('breaks ties by earliest createdAt', () => {
    const matcher = createOrganizationMatcher([
      org('1', 'Acme', '2024-03-01T00:00:00Z'),
      org('2', 'Acme', '2024-01-01T00:00:00Z'),
      org('3', 'Acme', '2024-02-01T00:00:00Z'),
    ]);
    const decision = expectMatched(matcher.match({ name: 'Acme' }, noneTaken));
    expect(decision.candidateId).toBe('2');
    expect(decision.tiedWith).toEqual(['3', '1']);
    expect(decision.explanation).toBe('Matched IT Glue organization 2 by name "Acme"; chosen over 2 later-created candidates.');
  });

  it('compares createdAt as instants, not as text', () => {
    const matcher = createOrganizationMatcher([
      org('1', 'Acme', '2024-01-01T05:00:00+06:00'), // 2023-12-31T23:00Z: earlier
      org('2', 'Acme', '2024-01-01T00:00:00Z'),
    ]);
    expect(expectMatched(matcher.match({ name: 'Acme' }, noneTaken)).candidateId).toBe('1');
  });

  it('breaks equal createdAt by lowest id, numerically', () => {
    const matcher = createOrganizationMatcher([org('10', 'Acme'), org('9', 'Acme'), org('100', 'Acme')]);
    const decision = expectMatched(matcher.match({ name: 'Acme' }, noneTaken));
    expect(decision.candidateId).toBe('9');
    expect(decision.tiedWith).toEqual(['10', '100']);
    expect(decision.explanation).toContain('chosen over 2 candidates created at the same time with a higher id');
  });

  it('breaks ties of non-numeric ids as strings', () => {
    const matcher = createOrganizationMatcher([org('b', 'Acme'), org('a', 'Acme')]);
    expect(expectMatched(matcher.match({ name: 'Acme' }, noneTaken)).candidateId).toBe('a');
  });

  it('puts candidates with unknown createdAt after dated ones', () => {
    const matcher = createOrganizationMatcher([org('1', 'Acme', null), org('2', 'Acme', 'garbage'), org('3', 'Acme', '2024-05-01')]);
    const decision = expectMatched(matcher.match({ name: 'Acme' }, noneTaken));
    expect(decision.candidateId).toBe('3');
    expect(decision.tiedWith).toEqual(['1', '2']);
    expect(decision.explanation).toContain('chosen over 2 candidates with no creation time');
  });

  it('links duplicates one-to-one when the caller marks matches as taken', () => {
    const matcher = createOrganizationMatcher([org('1', 'Acme'), org('2', 'Acme', '2024-06-01T00:00:00Z')]);
    const taken = new Set<string>();
    const results = ['Acme', 'ACME', 'acme'].map((name) => {
      const decision = matcher.match({ name }, (id) => taken.has(id));
      if (decision.outcome === 'matched') taken.add(decision.candidateId);
      return decision.outcome === 'matched' ? decision.candidateId : null;
    });
    expect(results).toEqual(['1', '2', null]);
  });

  it('words explanations for BMS candidates when matching the other way', () => {
    const matcher = createOrganizationMatcher([org('77', 'Acme')], { candidateSystem: 'bms' });
    expect(expectMatched(matcher.match({ name: 'Acme' }, noneTaken)).explanation).toBe('Matched BMS account 77 by name "Acme".');
  });
});

describe('contact matcher', () => {
  const contact = (id: string, organizationId: string, firstName: string | null, lastName: string | null, createdAt = '2024-01-01T00:00:00Z'): ContactCandidate => ({
    id,
    organizationId,
    firstName,
    lastName,
    createdAt,
  });

  it('matches first and last name within the linked organization', () => {
    const matcher = createContactMatcher([contact('1', '55', 'Jane', 'Doe'), contact('2', '55', 'John', 'Doe')]);
    const decision = expectMatched(matcher.match({ organizationId: '55', firstName: ' jane ', lastName: 'DOE' }, noneTaken));
    expect(decision).toMatchObject({ candidateId: '1', rule: 'contact-name', tier: null });
    expect(decision.explanation).toBe('Matched IT Glue contact 1 in organization 55 by first name "jane" and last name "DOE".');
  });

  it('never matches a same-named contact in another organization', () => {
    const matcher = createContactMatcher([contact('1', '66', 'Jane', 'Doe')]);
    const decision = expectNoMatch(matcher.match({ organizationId: '55', firstName: 'Jane', lastName: 'Doe' }, noneTaken));
    expect(decision.explanation).toBe('No IT Glue contact in organization 55 matches first name "Jane" and last name "Doe".');
  });

  it('requires both names to be equal', () => {
    const matcher = createContactMatcher([contact('1', '55', 'Jane', 'Doe-Smith'), contact('2', '55', 'Janet', 'Doe')]);
    expectNoMatch(matcher.match({ organizationId: '55', firstName: 'Jane', lastName: 'Doe' }, noneTaken));
  });

  it('does not match when the organization is not linked yet', () => {
    const matcher = createContactMatcher([contact('1', '55', 'Jane', 'Doe')]);
    const decision = expectNoMatch(matcher.match({ organizationId: null, firstName: 'Jane', lastName: 'Doe' }, noneTaken));
    expect(decision.explanation).toContain('organization is not linked yet');
  });

  it('does not match nameless contacts', () => {
    const matcher = createContactMatcher([contact('1', '55', null, null)]);
    expectNoMatch(matcher.match({ organizationId: '55', firstName: '', lastName: ' ' }, noneTaken));
  });

  it('matches a contact with only a last name on both sides', () => {
    const matcher = createContactMatcher([contact('1', '55', null, 'Reception')]);
    expect(expectMatched(matcher.match({ organizationId: '55', firstName: '', lastName: 'reception' }, noneTaken)).candidateId).toBe('1');
  });

  it('skips taken candidates and breaks ties by createdAt then id', () => {
    const matcher = createContactMatcher([
      contact('3', '55', 'Jane', 'Doe', '2024-01-01T00:00:00Z'),
      contact('2', '55', 'Jane', 'Doe', '2024-01-01T00:00:00Z'),
      contact('1', '55', 'Jane', 'Doe', '2024-02-01T00:00:00Z'),
    ]);
    const record = { organizationId: '55', firstName: 'Jane', lastName: 'Doe' };
    const first = expectMatched(matcher.match(record, noneTaken));
    expect(first.candidateId).toBe('2');
    expect(first.tiedWith).toEqual(['3', '1']);
    expect(first.explanation).toContain('chosen over 1 later-created candidate and 1 candidate created at the same time with a higher id');
    expect(expectMatched(matcher.match(record, takenSet('2'))).candidateId).toBe('3');
    expect(expectMatched(matcher.match(record, takenSet('2', '3'))).candidateId).toBe('1');
  });
});

describe('location matcher', () => {
  const base: Omit<LocationCandidate, 'id'> = {
    organizationId: '55',
    createdAt: '2024-01-01T00:00:00Z',
    name: 'HQ',
    address1: '1 Main Street',
    address2: 'Suite 200',
    city: 'Springfield',
    region: 'IL',
    country: 'United States',
  };
  const location = (id: string, overrides: Partial<LocationCandidate> = {}): LocationCandidate => ({ ...base, id, ...overrides });
  const record = (overrides: Partial<LocationMatchRecord> = {}): LocationMatchRecord => {
    const { id: _id, createdAt: _createdAt, ...fields } = location('x');
    return { ...fields, ...overrides };
  };

  it('matches name and full address, case- and whitespace-insensitively', () => {
    const matcher = createLocationMatcher([location('9')]);
    const decision = expectMatched(
      matcher.match(record({ name: 'hq', address1: '1  MAIN street', address2: ' suite 200', city: 'SPRINGFIELD', region: 'il', country: 'united states' }), noneTaken),
    );
    expect(decision).toMatchObject({ candidateId: '9', rule: 'location-address', tier: null });
    expect(decision.explanation).toBe(
      'Matched IT Glue location 9 in organization 55 by name "hq" and address "1 MAIN street, suite 200, SPRINGFIELD, il, united states".',
    );
  });

  it('treats missing address parts on both sides as equal', () => {
    const matcher = createLocationMatcher([location('9', { address2: null })]);
    expectMatched(matcher.match(record({ address2: '' }), noneTaken));
  });

  it.each([
    ['address1', 'address 1 differs: 2 Main Street vs 1 Main Street', { address1: '2 Main Street' }],
    ['address2', 'address 2 differs: (empty) vs Suite 200', { address2: null }],
    ['city', 'city differs: Shelbyville vs Springfield', { city: 'Shelbyville' }],
    ['region', 'state/province differs: WI vs IL', { region: 'WI' }],
    ['country', 'country differs: Canada vs United States', { country: 'Canada' }],
  ] as const)('rejects a location whose %s differs, naming the field', (_field, reason, overrides) => {
    const matcher = createLocationMatcher([location('9')]);
    const decision = expectNoMatch(matcher.match(record(overrides), noneTaken));
    expect(decision.rejected).toEqual([{ candidateId: '9', reason }]);
    expect(decision.explanation).toContain(`closest rejected: 9 (${reason})`);
  });

  it('does not match a different name or another organization', () => {
    const matcher = createLocationMatcher([location('9'), location('10', { organizationId: '66', name: 'Branch' })]);
    expectNoMatch(matcher.match(record({ name: 'Branch' }), noneTaken));
    expectNoMatch(matcher.match(record({ organizationId: '66' }), noneTaken));
    expectNoMatch(matcher.match(record({ organizationId: null }), noneTaken));
  });

  it('orders rejected candidates by fewest differences and keeps at most five', () => {
    const candidates = [
      location('1', { city: 'X', region: 'Y', country: 'Z' }),
      location('2', { city: 'X' }),
      ...['3', '4', '5', '6', '7'].map((id) => location(id, { city: 'X', region: 'Y' })),
    ];
    const decision = expectNoMatch(createLocationMatcher(candidates).match(record(), noneTaken));
    expect(decision.rejected).toHaveLength(MAX_REJECTED);
    expect(decision.rejected.map((r) => r.candidateId)).toEqual(['2', '3', '4', '5', '6']);
    expect(decision.rejected[1]!.reason).toBe('city differs: Springfield vs X; state/province differs: IL vs Y');
    expect(decision.explanation).toMatch(/and 2 more\.$/);
  });

  it('reports a taken exact twin as already linked', () => {
    const decision = expectNoMatch(createLocationMatcher([location('9')]).match(record(), takenSet('9')));
    expect(decision.rejected).toEqual([{ candidateId: '9', reason: 'already linked to another record' }]);
  });
});

describe('configuration identifiers', () => {
  const ids = (serialNumber: string | null, macAddress: string | null) => ({ serialNumber, macAddress });

  it.each([
    ['serial and MAC equal', 1, ids('5CD1', 'AA:BB:CC:DD:EE:FF'), ids('5cd1', 'aabbccddeeff')],
    ['MAC equal, serial missing on the candidate', 2, ids('5CD1', 'AA:BB:CC:DD:EE:FF'), ids(null, 'AA-BB-CC-DD-EE-FF')],
    ['MAC equal, serial missing on the record', 2, ids('', 'AA:BB:CC:DD:EE:FF'), ids('5CD1', 'AABB.CCDD.EEFF')],
    ['serial equal, MAC missing on one side', 3, ids(' 5cd1 ', null), ids('5CD1', 'AA:BB:CC:DD:EE:FF')],
    ['nothing present on both sides', 4, ids('5CD1', null), ids(null, 'AA:BB:CC:DD:EE:FF')],
    ['nothing present at all', 4, ids(null, null), ids(null, null)],
  ] as const)('%s → tier %i', (_label, tier, record, candidate) => {
    expect(compareConfigurationIdentifiers(record, candidate)).toEqual({ eligible: true, tier });
  });

  it.each([
    ['serial equal but MAC differs', ids('5CD1', '00:11:22:33:44:55'), ids('5CD1', '00:11:22:33:44:66'), 3],
    ['MAC equal but serial differs', ids('5CD1', '00:11:22:33:44:55'), ids('5CD2', '001122334455'), 2],
  ] as const)('%s → tier %i, not a different device (SPEC §5)', (_label, record, candidate, tier) => {
    expect(compareConfigurationIdentifiers(record, candidate)).toEqual({ eligible: true, tier });
  });

  it.each([
    ['serial and MAC both differ', ids('5CD1', '00:11:22:33:44:55'), ids('5CD2', '00:11:22:33:44:66'), ['serial number differs: 5CD1 vs 5CD2', 'MAC address differs: 00:11:22:33:44:55 vs 00:11:22:33:44:66']],
    ['the only shared identifier (serial) differs', ids('5CD1', null), ids('5CD2', '00:11:22:33:44:55'), ['serial number differs: 5CD1 vs 5CD2']],
    ['the only shared identifier (MAC) differs', ids(null, '00:11:22:33:44:55'), ids('5CD2', '00:11:22:33:44:66'), ['MAC address differs: 00:11:22:33:44:55 vs 00:11:22:33:44:66']],
  ] as const)('%s → different device', (_label, record, candidate, differences) => {
    expect(compareConfigurationIdentifiers(record, candidate)).toEqual({ eligible: false, differences });
  });
});

describe('configuration matcher', () => {
  const config = (id: string, overrides: Partial<ConfigurationCandidate> = {}): ConfigurationCandidate => ({
    id,
    organizationId: '55',
    createdAt: '2024-01-01T00:00:00Z',
    typeName: 'Workstation',
    name: 'ACME-WS-014',
    serialNumber: null,
    macAddress: null,
    ...overrides,
  });
  const record = (overrides: Partial<ConfigurationMatchRecord> = {}): ConfigurationMatchRecord => ({
    organizationId: '55',
    typeName: 'Workstation',
    name: 'ACME-WS-014',
    serialNumber: '5CD1',
    macAddress: '00:11:22:33:44:55',
    ...overrides,
  });

  it('explains a tier 1 match chosen over later-created duplicates', () => {
    const matcher = createConfigurationMatcher([
      config('456', { serialNumber: '5cd1', macAddress: '001122334455', createdAt: '2024-02-01T00:00:00Z' }),
      config('455', { serialNumber: '5CD1', macAddress: '00-11-22-33-44-55' }),
      config('457', { serialNumber: ' 5CD1', macAddress: '00:11:22:33:44:55', createdAt: '2024-03-01T00:00:00Z' }),
    ]);
    const decision = expectMatched(matcher.match(record(), noneTaken));
    expect(decision).toMatchObject({ candidateId: '455', rule: 'configuration-identity', tier: 1, tiedWith: ['456', '457'] });
    expect(decision.explanation).toBe(
      'Matched IT Glue configuration 455 in organization 55 by configuration type "Workstation" and name "ACME-WS-014", ' +
        'tier 1 (serial number and MAC address equal); chosen over 2 later-created candidates.',
    );
  });

  it('prefers the best tier over an earlier-created candidate in a lower tier', () => {
    const matcher = createConfigurationMatcher([
      config('1', { createdAt: '2020-01-01T00:00:00Z' }), // tier 4
      config('2', { serialNumber: '5CD1', createdAt: '2021-01-01T00:00:00Z' }), // tier 3
      config('3', { macAddress: '001122334455', createdAt: '2022-01-01T00:00:00Z' }), // tier 2
    ]);
    const decision = expectMatched(matcher.match(record(), noneTaken));
    expect(decision.candidateId).toBe('3');
    expect(decision.tier).toBe(2);
    expect(decision.explanation).toContain('tier 2 (MAC address equal)');
    expect(decision.explanation).toContain('preferred to 2 candidates in a lower tier');
  });

  it('falls to tier 3 and tier 4 when better candidates are taken', () => {
    const matcher = createConfigurationMatcher([
      config('1'),
      config('2', { serialNumber: '5CD1' }),
      config('3', { macAddress: '001122334455' }),
    ]);
    const tier3 = expectMatched(matcher.match(record(), takenSet('3')));
    expect([tier3.candidateId, tier3.tier]).toEqual(['2', 3]);
    expect(tier3.explanation).toContain('tier 3 (serial number equal)');
    const tier4 = expectMatched(matcher.match(record(), takenSet('2', '3')));
    expect([tier4.candidateId, tier4.tier]).toEqual(['1', 4]);
    expect(tier4.explanation).toContain('tier 4 (no identifier to compare)');
    expect(tier4.explanation).toContain('skipped 2 candidates already linked to another record');
  });

  it('matches on name and type alone when the record has no identifiers', () => {
    const matcher = createConfigurationMatcher([config('1', { serialNumber: 'X', macAddress: 'AA:AA:AA:AA:AA:AA' })]);
    expect(expectMatched(matcher.match(record({ serialNumber: null, macAddress: '' }), noneTaken)).tier).toBe(4);
  });

  it('never matches a different device, and says why', () => {
    const matcher = createConfigurationMatcher([config('455', { serialNumber: '5CD2', macAddress: '00:11:22:33:44:56' })]);
    const decision = expectNoMatch(matcher.match(record(), noneTaken));
    expect(decision.rejected).toEqual([{ candidateId: '455', reason: 'serial number differs: 5CD1 vs 5CD2; MAC address differs: 00:11:22:33:44:55 vs 00:11:22:33:44:56' }]);
    expect(decision.explanation).toBe(
      'No IT Glue configuration in organization 55 matches configuration type "Workstation" and name "ACME-WS-014"; ' +
        'closest rejected: 455 (serial number differs: 5CD1 vs 5CD2; MAC address differs: 00:11:22:33:44:55 vs 00:11:22:33:44:56).',
    );
  });

  it('takes equal serials with different MACs as tier 3', () => {
    const matcher = createConfigurationMatcher([config('1', { serialNumber: '5CD1', macAddress: '00:11:22:33:44:99' })]);
    expect(expectMatched(matcher.match(record(), noneTaken)).tier).toBe(3);
  });

  it('counts rejected conflicting candidates in a match explanation', () => {
    const matcher = createConfigurationMatcher([config('1', { serialNumber: '5CD9', macAddress: '00:11:22:33:44:99' }), config('2')]);
    const decision = expectMatched(matcher.match(record(), noneTaken));
    expect(decision.candidateId).toBe('2');
    expect(decision.explanation).toContain('rejected 1 candidate that differs');
  });

  it('requires the same configuration type', () => {
    const matcher = createConfigurationMatcher([config('1', { typeName: 'Server', serialNumber: '5CD1' })]);
    const decision = expectNoMatch(matcher.match(record(), noneTaken));
    expect(decision.rejected[0]!.reason).toBe('configuration type differs: Workstation vs Server');
    expectMatched(createConfigurationMatcher([config('1', { typeName: ' workstation ' })]).match(record(), noneTaken));
  });

  it('compares names case- and whitespace-insensitively', () => {
    const matcher = createConfigurationMatcher([config('1', { name: 'acme-ws-014 ' })]);
    expectMatched(matcher.match(record({ name: ' ACME-WS-014' }), noneTaken));
    expectNoMatch(matcher.match(record({ name: 'ACME-WS-015' }), noneTaken));
  });

  it('stays inside the organization', () => {
    const matcher = createConfigurationMatcher([config('1', { organizationId: '66', serialNumber: '5CD1', macAddress: '00:11:22:33:44:55' })]);
    expectNoMatch(matcher.match(record(), noneTaken));
    expectNoMatch(matcher.match(record({ organizationId: null }), noneTaken));
  });

  it('does not match nameless records', () => {
    const matcher = createConfigurationMatcher([config('1', { name: '' })]);
    expect(expectNoMatch(matcher.match(record({ name: ' ' }), noneTaken)).explanation).toContain('has no name');
  });

  it('matches 50,000 records against 50,000 candidates quickly', () => {
    const count = 50_000;
    const candidates = Array.from({ length: count }, (_, n) =>
      config(String(n + 1), {
        organizationId: String(n % 500),
        name: `WS-${n}`,
        serialNumber: `SN${n}`,
        macAddress: (n * 7919).toString(16).padStart(12, '0'),
      }),
    );
    const started = performance.now();
    const matcher = createConfigurationMatcher(candidates);
    const taken = new Set<string>();
    let matched = 0;
    for (let n = 0; n < count; n += 1) {
      const decision = matcher.match(
        { organizationId: String(n % 500), typeName: 'WORKSTATION', name: `ws-${n}`, serialNumber: `sn${n}`, macAddress: null },
        (id) => taken.has(id),
      );
      if (decision.outcome === 'matched') {
        taken.add(decision.candidateId);
        matched += 1;
      }
    }
    expect(matched).toBe(count);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('global assignment (SPEC §5)', () => {
  const asset = (id: string, fields: Loose<CanonicalConfiguration> & { createdAt?: string }) => ({
    id,
    createdAt: fields.createdAt ?? '2024-01-01T00:00:00Z',
    organizationId: '55',
    typeName: 'Workstation',
    name: 'WS-06',
    ...fields,
  });

  it('gives the IT Glue record to the better pair whatever order the BMS records come in', () => {
    // The lower BMS id has no serial (tier 4); the higher one has S6A (tier 3).
    const matcher = createConfigurationMatcher([asset('900', { serialNumber: 'S6A' })]);
    for (const order of [['101', '102'], ['102', '101']]) {
      const records = { '101': asset('101', {}), '102': asset('102', { serialNumber: 'S6A' }) } as const;
      const decisions = matcher.assignFlat(order.map((id) => records[id as '101' | '102']), noneTaken);
      expect(expectMatched(decisions.get('102')!).candidateId).toBe('900');
      const loser = expectNoMatch(decisions.get('101')!);
      expect(loser.explanation).toContain('900 (matched BMS hardware asset 102 instead (a better or earlier pair))');
    }
  });

  it('lets the earlier-created record win a tie of tiers, then the loser takes its next candidate', () => {
    const matcher = createOrganizationMatcher([
      { id: '1', createdAt: '2024-01-01T00:00:00Z', name: 'Acme' },
      { id: '2', createdAt: '2024-02-01T00:00:00Z', name: 'Acme' },
    ]);
    const decisions = matcher.assignFlat(
      [
        { id: 'late', createdAt: '2024-06-01T00:00:00Z', name: 'Acme' },
        { id: 'early', createdAt: '2023-06-01T00:00:00Z', name: 'Acme' },
      ],
      noneTaken,
    );
    expect(expectMatched(decisions.get('early')!).candidateId).toBe('1');
    const late = expectMatched(decisions.get('late')!);
    expect(late.candidateId).toBe('2');
    expect(late.explanation).toContain('1 went to BMS account early (a better or earlier pair)');
  });
});
