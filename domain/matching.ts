/**
 * Matching (SPEC §5): find the record on the other side that an unlinked record should be linked
 * to, and say why in words an operator understands. Pure and I/O-free.
 *
 * Each `create…Matcher(candidates)` indexes the candidates once (by organization and name), so
 * `match(record, isTaken)` looks at only the few candidates that share that key: 50,000 records
 * against 50,000 candidates stays linear.
 *
 * Rules (all text compared with `matchKey`: trimmed, whitespace collapsed, case-insensitive):
 * - organization: same name;
 * - contact: same organization, same first name and last name;
 * - location: same organization, same name, address 1, address 2 and city, same state/province
 *   and country (through the pluggable `sameRegion` / `sameCountry`, so ISO codes can match names);
 * - configuration: same organization, same configuration type and name, then identifiers
 *   (serial via `normalizeSerial`, MAC via `normalizeMac`):
 *     a candidate is DISQUALIFIED when any identifier present on both sides differs — so equal
 *     serials with two different MACs is a different device (a wrong link is worse than a
 *     duplicate an operator can merge). The remaining candidates rank by tier:
 *       1 serial number and MAC address equal; 2 MAC address equal; 3 serial number equal;
 *       4 no identifier present on both sides (nothing to contradict the name).
 *
 * Candidates for which `isTaken(id)` is true are already linked (links are one-to-one) and never
 * chosen. Inside the best tier the earliest `createdAt` wins, then the lowest id (numerically
 * when both ids are digits); a missing or unreadable `createdAt` sorts after every known one.
 *
 * Direction-neutral: candidates are IT Glue records by default; pass `candidateSystem: 'bms'` to
 * match IT Glue records against BMS (Push All pre-check), which only changes the wording.
 */
import { ENTITY_NAMES, type Entity, type System } from './entities.js';
import { cleanText, matchKey, normalizeMac, normalizeSerial } from './normalize.js';

export type MatchRule = 'organization-name' | 'contact-name' | 'location-address' | 'configuration-identity';

export interface MatchedDecision {
  outcome: 'matched';
  candidateId: string;
  rule: MatchRule;
  /** Configuration identifier tier 1–4; null for rules without tiers. */
  tier: number | null;
  explanation: string;
  /** Other candidates in the winning tier that lost on created-at / id, in tie-break order. */
  tiedWith: string[];
}

export interface RejectedCandidate {
  candidateId: string;
  reason: string;
}

export interface NoMatchDecision {
  outcome: 'no-match';
  rule: MatchRule;
  explanation: string;
  /** The closest rejected candidates (fewest differences first), at most MAX_REJECTED. */
  rejected: RejectedCandidate[];
}

export type MatchDecision = MatchedDecision | NoMatchDecision;

/** True when the candidate is already linked to another record. */
export type IsTaken = (candidateId: string) => boolean;

export interface Matcher<R> {
  match(record: R, isTaken: IsTaken): MatchDecision;
}

export const MAX_REJECTED = 5;

interface CandidateBase {
  id: string;
  /** ISO date-time; null when unknown (sorts last). */
  createdAt: string | null;
}

export interface OrganizationMatchRecord {
  name: string | null;
}
export interface OrganizationCandidate extends CandidateBase, OrganizationMatchRecord {}

/**
 * `organizationId` is always in the candidates' id space: for a BMS record, the caller passes the
 * IT Glue organization its account is linked to; null when that account is not linked yet.
 */
export interface ContactMatchRecord {
  organizationId: string | null;
  firstName: string | null;
  lastName: string | null;
}
export interface ContactCandidate extends CandidateBase, ContactMatchRecord {
  organizationId: string;
}

export interface LocationMatchRecord {
  organizationId: string | null;
  name: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
}
export interface LocationCandidate extends CandidateBase, LocationMatchRecord {
  organizationId: string;
}

export interface ConfigurationMatchRecord {
  organizationId: string | null;
  typeName: string | null;
  name: string | null;
  serialNumber: string | null;
  macAddress: string | null;
}
export interface ConfigurationCandidate extends CandidateBase, ConfigurationMatchRecord {
  organizationId: string;
}

export interface MatcherOptions {
  /** Which system the candidates come from; only changes the wording of explanations. */
  candidateSystem?: System;
}

export interface LocationMatcherOptions extends MatcherOptions {
  /** Country equality; plug in an ISO-code lookup so "US" equals "United States". */
  sameCountry?: (a: string | null, b: string | null) => boolean;
  /** State/province equality; `country` is the record's, for code lookups within the country. */
  sameRegion?: (a: string | null, b: string | null, country: string | null) => boolean;
}

const sameText = (a: string | null, b: string | null): boolean => matchKey(a) === matchKey(b);

// ---------------------------------------------------------------------------------------------
// Generic engine: one index, one evaluation per candidate, one decision with its explanation.

/** Outcome of comparing one record with one candidate: eligible in a tier, or the differences. */
export type CandidateEvaluation =
  | { eligible: true; tier: number }
  | { eligible: false; differences: string[] };

interface RuleDefinition<R, C extends CandidateBase> {
  entity: Entity;
  rule: MatchRule;
  /** Index key of a candidate. */
  candidateKey(candidate: C): string;
  /** Index key of a record, or the reason it cannot be matched at all. */
  recordKey(record: R): { key: string } | { unmatchable: string };
  /** Full comparison inside a key bucket; rules without further fields return tier 0. */
  evaluate(record: R, candidate: C): CandidateEvaluation;
  /** `by name "Acme"`: what the match was based on. */
  describe(record: R): string;
  /** ` in organization 55`, or '' for unscoped rules. */
  scope(record: R, organizationLabel: string): string;
  /** Tier number exposed on the decision (null when the rule has no tiers) and its wording. */
  tierOf?(tier: number): { tier: number; label: string };
}

interface IndexedCandidate<C> {
  candidate: C;
  createdAtMs: number;
}

interface EligibleCandidate<C> extends IndexedCandidate<C> {
  tier: number;
}

interface RejectedEntry<C> extends IndexedCandidate<C> {
  distance: number;
  reason: string;
}

function createMatcher<R, C extends CandidateBase>(
  definition: RuleDefinition<R, C>,
  candidates: readonly C[],
  options: MatcherOptions,
): Matcher<R> {
  const candidateSystem = options.candidateSystem ?? 'itglue';
  const systemName = candidateSystem === 'bms' ? 'BMS' : 'IT Glue';
  const candidateLabel = `${systemName} ${ENTITY_NAMES[definition.entity][candidateSystem]}`;
  const organizationLabel = ENTITY_NAMES.organization[candidateSystem];

  // Buckets keep tie-break order (created-at, then id), so the first eligible candidate of the
  // best tier is the winner.
  const index = new Map<string, IndexedCandidate<C>[]>();
  const sorted = candidates
    .map((candidate) => ({ candidate, createdAtMs: createdAtMs(candidate.createdAt) }))
    .sort(compareTieBreak);
  for (const entry of sorted) {
    const key = definition.candidateKey(entry.candidate);
    const bucket = index.get(key);
    if (bucket) bucket.push(entry);
    else index.set(key, [entry]);
  }

  return {
    match(record, isTaken) {
      const { rule } = definition;
      const scope = definition.scope(record, organizationLabel);
      const described = definition.describe(record);
      const recordKey = definition.recordKey(record);
      if ('unmatchable' in recordKey) {
        return { outcome: 'no-match', rule, explanation: `No ${candidateLabel} can match: ${recordKey.unmatchable}.`, rejected: [] };
      }

      const eligible: EligibleCandidate<C>[] = [];
      const rejected: RejectedEntry<C>[] = [];
      let takenCount = 0;
      for (const entry of index.get(recordKey.key) ?? []) {
        const evaluation = definition.evaluate(record, entry.candidate);
        if (!evaluation.eligible) {
          rejected.push({ ...entry, distance: evaluation.differences.length, reason: evaluation.differences.join('; ') });
        } else if (isTaken(entry.candidate.id)) {
          takenCount += 1;
          rejected.push({ ...entry, distance: 0, reason: 'already linked to another record' });
        } else {
          eligible.push({ ...entry, tier: evaluation.tier });
        }
      }

      if (eligible.length === 0) {
        const closest = rejected
          .sort((a, b) => a.distance - b.distance || compareTieBreak(a, b))
          .slice(0, MAX_REJECTED)
          .map((entry) => ({ candidateId: entry.candidate.id, reason: entry.reason }));
        const more = rejected.length - closest.length;
        const explanation =
          closest.length === 0
            ? `No ${candidateLabel}${scope} matches ${described}.`
            : `No ${candidateLabel}${scope} matches ${described}; closest rejected: ` +
              closest.map((r) => `${r.candidateId} (${r.reason})`).join(', ') +
              (more > 0 ? ` and ${more} more` : '') +
              '.';
        return { outcome: 'no-match', rule, explanation, rejected: closest };
      }

      // Buckets are in tie-break order and filtering keeps it, so the winner is the first of the best tier.
      const bestTier = eligible.reduce((best, e) => Math.min(best, e.tier), Number.POSITIVE_INFINITY);
      const inBestTier = eligible.filter((e) => e.tier === bestTier);
      const winner = inBestTier[0]!;
      const tied = inBestTier.slice(1);
      const lowerTierCount = eligible.length - inBestTier.length;
      const conflictingCount = rejected.length - takenCount;
      const tier = definition.tierOf?.(bestTier);

      const clauses = [
        `Matched ${candidateLabel} ${winner.candidate.id}${scope} by ${described}` +
          (tier ? `, tier ${tier.tier} (${tier.label})` : ''),
      ];
      if (tied.length > 0) clauses.push(`chosen over ${describeTies(winner, tied)}`);
      if (lowerTierCount > 0) clauses.push(`preferred to ${count(lowerTierCount, 'candidate')} in a lower tier`);
      if (takenCount > 0) clauses.push(`skipped ${count(takenCount, 'candidate')} already linked to another record`);
      if (conflictingCount > 0) {
        clauses.push(`rejected ${count(conflictingCount, 'candidate')} that differ${conflictingCount === 1 ? 's' : ''}`);
      }

      return {
        outcome: 'matched',
        candidateId: winner.candidate.id,
        rule,
        tier: tier?.tier ?? null,
        explanation: `${clauses.join('; ')}.`,
        tiedWith: tied.map((e) => e.candidate.id),
      };
    },
  };
}

function createdAtMs(createdAt: string | null): number {
  const ms = createdAt ? Date.parse(createdAt) : Number.NaN;
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/** Ids compare numerically when both are digit strings (so "9" < "10"), else as plain strings. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTieBreak<C extends CandidateBase>(a: IndexedCandidate<C>, b: IndexedCandidate<C>): number {
  if (a.createdAtMs !== b.createdAtMs) return a.createdAtMs < b.createdAtMs ? -1 : 1;
  return compareIds(a.candidate.id, b.candidate.id);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function describeTies<C>(winner: IndexedCandidate<C>, tied: IndexedCandidate<C>[]): string {
  const unknown = tied.filter((e) => e.createdAtMs === Number.POSITIVE_INFINITY && winner.createdAtMs !== e.createdAtMs).length;
  const sameTime = tied.filter((e) => e.createdAtMs === winner.createdAtMs).length;
  const later = tied.length - unknown - sameTime;
  const parts: string[] = [];
  if (later > 0) parts.push(`${count(later, 'later-created candidate')}`);
  if (sameTime > 0) {
    parts.push(
      winner.createdAtMs === Number.POSITIVE_INFINITY
        ? `${count(sameTime, 'candidate')} with no creation time and a higher id`
        : `${count(sameTime, 'candidate')} created at the same time with a higher id`,
    );
  }
  if (unknown > 0) parts.push(`${count(unknown, 'candidate')} with no creation time`);
  return parts.join(' and ');
}

function quote(v: string | null): string {
  return `"${cleanText(v) ?? ''}"`;
}

function scopeOf(organizationId: string | null, organizationLabel: string): string {
  return organizationId === null ? '' : ` in ${organizationLabel} ${organizationId}`;
}

function key(...parts: (string | null)[]): string {
  return JSON.stringify(parts);
}

function differs(label: string, recordValue: string | null, candidateValue: string | null): string {
  return `${label} differs: ${cleanText(recordValue) ?? '(empty)'} vs ${cleanText(candidateValue) ?? '(empty)'}`;
}

// ---------------------------------------------------------------------------------------------
// The four rules.

export function createOrganizationMatcher(
  candidates: readonly OrganizationCandidate[],
  options: MatcherOptions = {},
): Matcher<OrganizationMatchRecord> {
  return createMatcher<OrganizationMatchRecord, OrganizationCandidate>(
    {
      entity: 'organization',
      rule: 'organization-name',
      candidateKey: (c) => matchKey(c.name),
      recordKey: (r) => (matchKey(r.name) === '' ? { unmatchable: 'the record has no name' } : { key: matchKey(r.name) }),
      evaluate: () => ({ eligible: true, tier: 0 }),
      describe: (r) => `name ${quote(r.name)}`,
      scope: () => '',
    },
    candidates,
    options,
  );
}

export function createContactMatcher(
  candidates: readonly ContactCandidate[],
  options: MatcherOptions = {},
): Matcher<ContactMatchRecord> {
  const contactKey = (c: ContactMatchRecord): string => key(c.organizationId, matchKey(c.firstName), matchKey(c.lastName));
  return createMatcher<ContactMatchRecord, ContactCandidate>(
    {
      entity: 'contact',
      rule: 'contact-name',
      candidateKey: contactKey,
      recordKey: (r) => {
        if (r.organizationId === null) return { unmatchable: 'its organization is not linked yet' };
        if (matchKey(r.firstName) === '' && matchKey(r.lastName) === '') return { unmatchable: 'the record has no name' };
        return { key: contactKey(r) };
      },
      evaluate: () => ({ eligible: true, tier: 0 }),
      describe: (r) => `first name ${quote(r.firstName)} and last name ${quote(r.lastName)}`,
      scope: (r, label) => scopeOf(r.organizationId, label),
    },
    candidates,
    options,
  );
}

export function createLocationMatcher(
  candidates: readonly LocationCandidate[],
  options: LocationMatcherOptions = {},
): Matcher<LocationMatchRecord> {
  const sameCountry = options.sameCountry ?? sameText;
  const sameRegion = options.sameRegion ?? sameText;
  // Indexed by organization and name only, so a near miss (same name, other city) can be
  // explained field by field instead of silently not found.
  const locationKey = (l: LocationMatchRecord): string => key(l.organizationId, matchKey(l.name));
  return createMatcher<LocationMatchRecord, LocationCandidate>(
    {
      entity: 'location',
      rule: 'location-address',
      candidateKey: locationKey,
      recordKey: (r) => {
        if (r.organizationId === null) return { unmatchable: 'its organization is not linked yet' };
        if (matchKey(r.name) === '') return { unmatchable: 'the record has no name' };
        return { key: locationKey(r) };
      },
      evaluate: (r, c) => {
        const differences: string[] = [];
        if (!sameText(r.address1, c.address1)) differences.push(differs('address 1', r.address1, c.address1));
        if (!sameText(r.address2, c.address2)) differences.push(differs('address 2', r.address2, c.address2));
        if (!sameText(r.city, c.city)) differences.push(differs('city', r.city, c.city));
        if (!sameRegion(r.region, c.region, r.country)) differences.push(differs('state/province', r.region, c.region));
        if (!sameCountry(r.country, c.country)) differences.push(differs('country', r.country, c.country));
        return differences.length === 0 ? { eligible: true, tier: 0 } : { eligible: false, differences };
      },
      describe: (r) => {
        const address = [r.address1, r.address2, r.city, r.region, r.country]
          .map((part) => cleanText(part))
          .filter((part) => part !== null)
          .join(', ');
        return `name ${quote(r.name)} and address "${address}"`;
      },
      scope: (r, label) => scopeOf(r.organizationId, label),
    },
    candidates,
    options,
  );
}

const CONFIGURATION_TIERS: Record<number, string> = {
  1: 'serial number and MAC address equal',
  2: 'MAC address equal',
  3: 'serial number equal',
  4: 'no identifier conflict',
};

/** Identifier comparison of SPEC §5, exported so previews and tests can show the same reasoning. */
export function compareConfigurationIdentifiers(
  record: Pick<ConfigurationMatchRecord, 'serialNumber' | 'macAddress'>,
  candidate: Pick<ConfigurationMatchRecord, 'serialNumber' | 'macAddress'>,
): CandidateEvaluation {
  const compare = (a: string, b: string): 'equal' | 'differ' | 'missing' =>
    a === '' || b === '' ? 'missing' : a === b ? 'equal' : 'differ';
  const serial = compare(normalizeSerial(record.serialNumber), normalizeSerial(candidate.serialNumber));
  const mac = compare(normalizeMac(record.macAddress), normalizeMac(candidate.macAddress));

  const differences: string[] = [];
  if (serial === 'differ') differences.push(differs('serial number', record.serialNumber, candidate.serialNumber));
  if (mac === 'differ') differences.push(differs('MAC address', record.macAddress, candidate.macAddress));
  if (differences.length > 0) return { eligible: false, differences };

  if (serial === 'equal' && mac === 'equal') return { eligible: true, tier: 1 };
  if (mac === 'equal') return { eligible: true, tier: 2 };
  if (serial === 'equal') return { eligible: true, tier: 3 };
  return { eligible: true, tier: 4 };
}

export function createConfigurationMatcher(
  candidates: readonly ConfigurationCandidate[],
  options: MatcherOptions = {},
): Matcher<ConfigurationMatchRecord> {
  // Indexed by organization and name; the type is checked per candidate so that a same-named
  // configuration of another type shows up as a near miss.
  const configurationKey = (c: ConfigurationMatchRecord): string => key(c.organizationId, matchKey(c.name));
  return createMatcher<ConfigurationMatchRecord, ConfigurationCandidate>(
    {
      entity: 'configuration',
      rule: 'configuration-identity',
      candidateKey: configurationKey,
      recordKey: (r) => {
        if (r.organizationId === null) return { unmatchable: 'its organization is not linked yet' };
        if (matchKey(r.name) === '') return { unmatchable: 'the record has no name' };
        return { key: configurationKey(r) };
      },
      evaluate: (r, c) => {
        const identifiers = compareConfigurationIdentifiers(r, c);
        if (sameText(r.typeName, c.typeName)) return identifiers;
        const typeDiffers = differs('configuration type', r.typeName, c.typeName);
        return { eligible: false, differences: [typeDiffers, ...(identifiers.eligible ? [] : identifiers.differences)] };
      },
      describe: (r) => `configuration type ${quote(r.typeName)} and name ${quote(r.name)}`,
      scope: (r, label) => scopeOf(r.organizationId, label),
      tierOf: (tier) => ({ tier, label: CONFIGURATION_TIERS[tier] ?? 'unknown' }),
    },
    candidates,
    options,
  );
}
