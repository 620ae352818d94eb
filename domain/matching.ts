/**
 * Matching (SPEC §5): find the record on the other side that an unlinked record should be linked
 * to, and say why in words an operator understands. Pure and I/O-free.
 *
 * This is the generic engine; each entity module (entities/*.ts) defines its rule: how a record
 * and a candidate are keyed, compared, tiered and described. A matcher indexes the candidates once
 * (by the rule's key), so matching 50,000 records against 50,000 candidates stays linear.
 *
 * - All text is compared with `matchKey` (trimmed, whitespace collapsed, case-insensitive).
 * - Candidates for which `isTaken(id)` is true are already linked (links are one-to-one).
 * - Inside a tier the candidate created first wins (earliest `createdAt`, then lowest id,
 *   numerically when both are digits); a missing or unreadable `createdAt` sorts last.
 * - `assign` is global over a batch of records: every eligible (record, candidate) pair is ranked
 *   by tier, then by the record's creation (earliest first), then by the candidate's, and pairs are
 *   taken best first while both sides are free. So when several records compete for one
 *   candidate the better pair wins whatever order the records came in, and the loser goes on to
 *   its next candidate.
 *
 * Direction-neutral: candidates are IT Glue records by default; `candidateSystem: 'bms'` matches IT
 * Glue records against BMS (the push), which only changes the wording.
 */
import type { System } from './entities.js';
import { cleanText, matchKey } from './normalize.js';

export interface MatchedDecision {
  outcome: 'matched';
  candidateId: string;
  rule: string;
  /** Identifier tier (configurations: 1–4); null for rules without tiers. */
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
  rule: string;
  explanation: string;
  /** The closest rejected candidates (fewest differences first), at most MAX_REJECTED. */
  rejected: RejectedCandidate[];
}

export type MatchDecision = MatchedDecision | NoMatchDecision;

/** True when the candidate is already linked to another record. */
export type IsTaken = (candidateId: string) => boolean;

/** A record to match, with what ranks it against other records competing for a candidate. */
export interface Contender<R> {
  id: string;
  /** ISO date-time; null when unknown (ranks last). */
  createdAt: string | null;
  record: R;
}

export interface Matcher<R> {
  /** One record on its own. */
  match(record: R, isTaken: IsTaken): MatchDecision;
  /** A batch of records at once, globally (see above): a decision per record id. */
  assign(records: readonly Contender<R>[], isTaken: IsTaken): Map<string, MatchDecision>;
}

export const MAX_REJECTED = 5;

export interface CandidateBase {
  id: string;
  /** ISO date-time; null when unknown (sorts last). */
  createdAt: string | null;
}

export interface MatcherOptions {
  /** Which system the candidates come from; only changes the wording of explanations. */
  candidateSystem?: System;
}

/** Outcome of comparing one record with one candidate: eligible in a tier, or the differences. */
export type CandidateEvaluation = { eligible: true; tier: number } | { eligible: false; differences: string[] };

/** One entity's matching rule, as the engine needs it. */
export interface MatchRule<R, C extends CandidateBase> {
  /** What the record is called on each side, for explanations. */
  names: { bms: string; itglue: string };
  rule: string;
  /** Index key of a candidate. */
  candidateKey(candidate: C): string;
  /** Index key of a record, or the reason it cannot be matched at all. */
  recordKey(record: R): { key: string } | { unmatchable: string };
  /** Full comparison inside a key bucket; rules without further fields return tier 0. */
  evaluate(record: R, candidate: C): CandidateEvaluation;
  /** `name "Acme"`: what the match was based on. */
  describe(record: R): string;
  /** ` in organization 55`, or '' for unscoped rules; `organizationLabel` names the candidates' side. */
  scope(record: R, organizationLabel: string): string;
  /** Tier number exposed on the decision (null when the rule has no tiers) and its wording. */
  tierOf?(tier: number): { tier: number; label: string };
}

interface Ranked<C> {
  candidate: C;
  createdAtMs: number;
}

interface Pair<C> extends Ranked<C> {
  tier: number;
  recordIndex: number;
}

interface Rejected<C> extends Ranked<C> {
  distance: number;
  reason: string;
}

/** What comparing one record with its key bucket found. */
interface Evaluated<C> {
  eligible: Pair<C>[];
  rejected: Rejected<C>[];
  taken: number;
}

export function createMatcher<R, C extends CandidateBase>(rule: MatchRule<R, C>, candidates: readonly C[], options: MatcherOptions = {}): Matcher<R> {
  const candidateSystem = options.candidateSystem ?? 'itglue';
  const systemName = candidateSystem === 'bms' ? 'BMS' : 'IT Glue';
  const candidateLabel = `${systemName} ${rule.names[candidateSystem]}`;
  const recordSystemName = candidateSystem === 'bms' ? 'IT Glue' : 'BMS';
  const recordLabel = `${recordSystemName} ${rule.names[candidateSystem === 'bms' ? 'itglue' : 'bms']}`;
  const organizationLabel = candidateSystem === 'bms' ? 'account' : 'organization';

  // Buckets keep tie-break order (created-at, then id).
  const index = new Map<string, Ranked<C>[]>();
  const sorted = candidates.map((candidate) => ({ candidate, createdAtMs: createdAtMs(candidate.createdAt) })).sort(compareRanked);
  for (const entry of sorted) {
    const key = rule.candidateKey(entry.candidate);
    const bucket = index.get(key);
    if (bucket) bucket.push(entry);
    else index.set(key, [entry]);
  }

  function evaluate(record: R, recordIndex: number, isTaken: IsTaken): Evaluated<C> | { unmatchable: string } {
    const recordKey = rule.recordKey(record);
    if ('unmatchable' in recordKey) return recordKey;
    const result: Evaluated<C> = { eligible: [], rejected: [], taken: 0 };
    for (const entry of index.get(recordKey.key) ?? []) {
      const evaluation = rule.evaluate(record, entry.candidate);
      if (!evaluation.eligible) {
        result.rejected.push({ ...entry, distance: evaluation.differences.length, reason: evaluation.differences.join('; ') });
      } else if (isTaken(entry.candidate.id)) {
        result.taken += 1;
        result.rejected.push({ ...entry, distance: 0, reason: 'already linked to another record' });
      } else {
        result.eligible.push({ ...entry, tier: evaluation.tier, recordIndex });
      }
    }
    return result;
  }

  function noMatch(record: R, evaluated: Evaluated<C>, lostTo: Map<string, string>): NoMatchDecision {
    const scope = rule.scope(record, organizationLabel);
    const described = rule.describe(record);
    const rejected: Rejected<C>[] = [
      ...evaluated.eligible.map((e) => ({ ...e, distance: 0, reason: `matched ${recordLabel} ${lostTo.get(e.candidate.id) ?? '?'} instead (a better or earlier pair)` })),
      ...evaluated.rejected,
    ];
    const closest = rejected
      .sort((a, b) => a.distance - b.distance || compareRanked(a, b))
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
    return { outcome: 'no-match', rule: rule.rule, explanation, rejected: closest };
  }

  function matched(record: R, evaluated: Evaluated<C>, winner: Pair<C>, lostTo: Map<string, string>): MatchedDecision {
    const scope = rule.scope(record, organizationLabel);
    const described = rule.describe(record);
    const sameTier = evaluated.eligible.filter((e) => e.tier === winner.tier && e.candidate.id !== winner.candidate.id);
    const tied = sameTier.filter((e) => compareRanked(e, winner) > 0 && !lostTo.has(e.candidate.id));
    const better = evaluated.eligible.filter((e) => e.tier < winner.tier || (e.tier === winner.tier && compareRanked(e, winner) < 0));
    const lowerTierCount = evaluated.eligible.filter((e) => e.tier > winner.tier).length;
    const conflictingCount = evaluated.rejected.length - evaluated.taken;
    const tier = rule.tierOf?.(winner.tier);
    const clauses = [`Matched ${candidateLabel} ${winner.candidate.id}${scope} by ${described}` + (tier ? `, tier ${tier.tier} (${tier.label})` : '')];
    if (tied.length > 0) clauses.push(`chosen over ${describeTies(winner, tied)}`);
    if (better.length > 0) {
      clauses.push(
        `${better.map((e) => `${e.candidate.id}`).join(', ')} went to ${better.map((e) => `${recordLabel} ${lostTo.get(e.candidate.id) ?? '?'}`).join(', ')} (a better or earlier pair)`,
      );
    }
    if (lowerTierCount > 0) clauses.push(`preferred to ${count(lowerTierCount, 'candidate')} in a lower tier`);
    if (evaluated.taken > 0) clauses.push(`skipped ${count(evaluated.taken, 'candidate')} already linked to another record`);
    if (conflictingCount > 0) clauses.push(`rejected ${count(conflictingCount, 'candidate')} that differ${conflictingCount === 1 ? 's' : ''}`);
    return {
      outcome: 'matched',
      candidateId: winner.candidate.id,
      rule: rule.rule,
      tier: tier?.tier ?? null,
      explanation: `${clauses.join('; ')}.`,
      tiedWith: tied.map((e) => e.candidate.id),
    };
  }

  function assign(records: readonly Contender<R>[], isTaken: IsTaken): Map<string, MatchDecision> {
    const decisions = new Map<string, MatchDecision>();
    const evaluations: (Evaluated<C> | null)[] = [];
    const pairs: Pair<C>[] = [];
    records.forEach((contender, i) => {
      const evaluated = evaluate(contender.record, i, isTaken);
      if ('unmatchable' in evaluated) {
        decisions.set(contender.id, {
          outcome: 'no-match',
          rule: rule.rule,
          explanation: `No ${candidateLabel} can match: ${evaluated.unmatchable}.`,
          rejected: [],
        });
        evaluations.push(null);
        return;
      }
      evaluations.push(evaluated);
      pairs.push(...evaluated.eligible);
    });

    const recordRank = records.map((r) => ({ createdAtMs: createdAtMs(r.createdAt), id: r.id }));
    pairs.sort(
      (a, b) =>
        a.tier - b.tier ||
        compareRank(recordRank[a.recordIndex]!, recordRank[b.recordIndex]!) ||
        compareRanked(a, b),
    );
    const winners = new Map<number, Pair<C>>();
    /** candidate id → the id of the record it went to */
    const lostTo = new Map<string, string>();
    for (const pair of pairs) {
      if (winners.has(pair.recordIndex) || lostTo.has(pair.candidate.id)) continue;
      winners.set(pair.recordIndex, pair);
      lostTo.set(pair.candidate.id, records[pair.recordIndex]!.id);
    }

    records.forEach((contender, i) => {
      const evaluated = evaluations[i];
      if (!evaluated) return;
      const winner = winners.get(i);
      const others = new Map([...lostTo].filter(([candidateId]) => candidateId !== winner?.candidate.id));
      decisions.set(contender.id, winner ? matched(contender.record, evaluated, winner, others) : noMatch(contender.record, evaluated, others));
    });
    return decisions;
  }

  return {
    match: (record, isTaken) => assign([{ id: '', createdAt: null, record }], isTaken).get('')!,
    assign,
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

function compareRank(a: { createdAtMs: number; id: string }, b: { createdAtMs: number; id: string }): number {
  if (a.createdAtMs !== b.createdAtMs) return a.createdAtMs < b.createdAtMs ? -1 : 1;
  return compareIds(a.id, b.id);
}

function compareRanked<C extends CandidateBase>(a: Ranked<C>, b: Ranked<C>): number {
  return compareRank({ createdAtMs: a.createdAtMs, id: a.candidate.id }, { createdAtMs: b.createdAtMs, id: b.candidate.id });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function describeTies<C>(winner: Ranked<C>, tied: Ranked<C>[]): string {
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

// ------------------------------------------------------------------ helpers for rules

export function quote(v: string | null): string {
  return `"${cleanText(v) ?? ''}"`;
}

export function scopeOf(organizationId: string | null, organizationLabel: string): string {
  return organizationId === null ? '' : ` in ${organizationLabel} ${organizationId}`;
}

/** A compound index key. */
export function key(...parts: (string | null)[]): string {
  return JSON.stringify(parts);
}

type NamedInOrganization = { organizationId: string | null; canonical: { name: string | null } };

/** Index keys by organization and name, for rules of records that live in an organization (locations, configurations). */
export const byOrganizationAndName = {
  candidateKey: (c: NamedInOrganization): string => key(c.organizationId, matchKey(c.canonical.name)),
  recordKey: (r: NamedInOrganization): { key: string } | { unmatchable: string } => {
    if (r.organizationId === null) return { unmatchable: 'its organization is not linked yet' };
    if (matchKey(r.canonical.name) === '') return { unmatchable: 'the record has no name' };
    return { key: key(r.organizationId, matchKey(r.canonical.name)) };
  },
};

export function differs(label: string, recordValue: string | null, candidateValue: string | null): string {
  return `${label} differs: ${cleanText(recordValue) ?? '(empty)'} vs ${cleanText(candidateValue) ?? '(empty)'}`;
}
