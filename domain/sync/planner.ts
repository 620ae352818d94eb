/**
 * The planner: given a batch of records of one entity, their links, overrides, the other side's
 * records and the candidates matching may pick, it decides what happens to each record, with the
 * reason, as plain data (model.ts). No I/O: the pull, the push, the preview, Push All's pre-check
 * and record sync-now all call it, so they cannot disagree; activities/sync/apply.ts writes what it
 * decides.
 *
 * Pull (BMS → IT Glue, SPEC §5–7), per BMS record: an operator's exclude wins; then eligibility
 * (type and status selected, its account synced) — a linked record no longer eligible is orphaned;
 * a disabled link is skipped; a linked record is merged three ways with its snapshot (or skipped
 * when neither side changed since); an unlinked one is matched globally over the batch (or linked
 * as an operator said, or created), else created or listed as unmatched.
 *
 * Push (IT Glue → BMS, SPEC §8), per IT Glue record: a linked record is merged (or skipped when
 * not edited since); an unlinked one is pushed when eligible and edited after two-way was enabled
 * (Microsoft 365 contacts with auto-push even without an edit), held when BMS could not take it,
 * matched against BMS first, else created.
 *
 * Either way, a record the other direction is creating right now (a `creating` link of the same
 * organization and match key) waits until that create is resolved, so the two directions never
 * both create the same record.
 */
import type { LinkState } from '../entities.js';
import { canonicalFromBms, canonicalFromItGlue, fieldNames, type MappingContext } from '../mapping/fields.js';
import { createMatcher, type Contender, type MatchDecision } from '../matching.js';
import { fillInBase, threeWayMerge, type MergeResult } from '../merge.js';
import type { Decision, Direction, LinkMatch, LinkView, MatchInput, Plan, PlanInput, SourceRecord } from './model.js';

/** The key a pending create is known by: the organization (in the waiting record's id space) and the match key. */
export function pendingKey(organizationId: string | null, matchKey: string): string {
  return `${organizationId ?? ''}\u0000${matchKey}`;
}

const sameTime = (a: Date | null, b: Date | null) => a !== null && b !== null && a.getTime() === b.getTime();

/** Link states whose record is left alone by either direction until an operator acts. */
const LEFT_ALONE: ReadonlySet<LinkState> = new Set(['disabled', 'excluded', 'orphaned', 'disconnected']);

/**
 * Whether the planner will need the other side of a linked record (the loader reads only those):
 * false when the record is skipped as unchanged on this side's times alone.
 */
export function needsOtherSide(direction: Direction, record: SourceRecord, link: LinkView | undefined, force = false): boolean {
  if (!link || link.state === 'creating') return false;
  if (direction === 'pull') return !!link.itglueId && link.state !== 'disabled';
  if (!link.bmsId || (link.state !== 'enabled' && link.state !== 'error')) return false;
  return force || !link.itglueUpdatedAt || !record.updatedAt || record.updatedAt > link.itglueUpdatedAt;
}

interface Pending<C> {
  record: SourceRecord;
  link: LinkView | null;
  canonical: C;
  warnings: string[];
  organizationId: string | null;
}

export function plan<C extends object>(input: PlanInput<C>): Plan<C> {
  const decisions: Decision<C>[] = [];
  const pending: Pending<C>[] = [];
  for (const record of input.records) {
    const decision = input.direction === 'pull' ? decidePull(input, record) : decidePush(input, record);
    if ('kind' in decision) decisions.push(decision);
    else pending.push(decision);
  }
  const started = Date.now();
  decisions.push(...matchPending(input, pending));
  return { decisions, matchMicros: (Date.now() - started) * 1000 };
}

/** The canonical form of a record of either side, and what its mapping had to leave empty. */
export function canonicalOf<C extends object>(
  input: Pick<PlanInput<C>, 'rules' | 'context'>,
  side: 'bms' | 'itglue',
  record: SourceRecord,
): { canonical: C; warnings: string[] } {
  const warnings: string[] = [];
  const context: MappingContext = { ...input.context, warn: (_field, message) => warnings.push(message) };
  const canonical = side === 'bms' ? canonicalFromBms(input.rules.mapping, record.record, context) : canonicalFromItGlue(input.rules.mapping, record.record, context);
  return { canonical, warnings };
}

function merge<C extends object>(input: PlanInput<C>, bms: { canonical: C; record: SourceRecord }, itglue: { canonical: C; record: SourceRecord }, base: C | null): MergeResult<C> {
  return threeWayMerge({
    fields: fieldNames(input.rules.mapping),
    base: base as Partial<C> | null,
    bms: bms.canonical,
    itglue: itglue.canonical,
    // An entity pulled only (no push rules) is one-way whatever the setting: IT Glue edits are put back.
    twoWay: input.settings.twoWay && input.rules.push !== null,
    policy: input.settings.conflictPolicy,
    bmsModifiedAt: bms.record.updatedAt?.toISOString() ?? null,
    itglueUpdatedAt: itglue.record.updatedAt?.toISOString() ?? null,
  });
}

type Early<C extends object> = Decision<C> | Pending<C>;

function decidePull<C extends object>(input: PlanInput<C>, record: SourceRecord): Early<C> {
  const { rules, settings } = input;
  const link = input.links.get(record.id) ?? null;
  const override = input.overrides.get(record.id);
  let canonical: C;
  let warnings: string[];
  try {
    ({ canonical, warnings } = canonicalOf(input, 'bms', record));
  } catch (err) {
    return { kind: 'error', record, link, warnings: [], reason: messageOf(err) };
  }
  if (override?.action === 'exclude') {
    const reason = override.note ? `excluded by an operator: ${override.note}` : 'excluded by an operator';
    return { kind: 'exclude', record, link, warnings, reason, already: link?.state === 'excluded' };
  }
  const parentLink = rules.scoped && record.parentId ? input.parentLinks.get(record.parentId) : undefined;
  const unsyncedParent = rules.scoped && parentLink?.state !== 'enabled';
  const ineligible = rules.bms.ineligible(canonical, settings) ?? (unsyncedParent ? `its BMS account ${record.parentId ?? ''} is not synced` : null);
  if (ineligible) {
    if (link && (link.state === 'enabled' || link.state === 'error') && link.itglueId) {
      // The same words as the sweep's (activities/sync/sweep.ts), whichever finds it first.
      return { kind: 'orphan', record, link, warnings, reason: rules.bms.ineligible(canonical, settings) ?? 'its BMS account is no longer synced' };
    }
    return { kind: 'ineligible', record, link, warnings, reason: ineligible };
  }
  if (link?.state === 'disabled' || link?.state === 'disconnected') {
    return { kind: 'skip', record, link, warnings, reason: `its link is ${link.state}` };
  }
  const organizationId = parentLink?.itglueId ?? null;

  if (link?.itglueId && link.state !== 'creating') {
    const other = input.others.get(link.itglueId);
    if (other === undefined) throw new Error(`the loader did not load IT Glue ${rules.names.itglue} ${link.itglueId}`);
    if (other === null) {
      return {
        kind: 'create',
        record,
        link,
        warnings,
        canonical,
        reason: `the linked IT Glue ${rules.names.itglue} ${link.itglueId} no longer exists; creating it again`,
      };
    }
    if (!input.force && link.state === 'enabled' && link.snapshot !== null && sameTime(link.bmsModifiedAt, record.updatedAt) && sameTime(link.itglueUpdatedAt, other.updatedAt)) {
      return { kind: 'unchanged', record, link, warnings };
    }
    const itglue = canonicalOf(input, 'itglue', other);
    const result = merge(input, { canonical, record }, { canonical: itglue.canonical, record: other }, link.snapshot as C | null);
    return { kind: 'sync', record, link, warnings, canonical, other, merge: result, wasState: link.state, heldForBms: heldForBms(input, result, link) };
  }

  if (!link?.itglueId && input.pendingCreates.has(pendingKey(record.parentId, record.matchKey))) {
    return { kind: 'wait', record, link, warnings, reason: `an IT Glue ${rules.names.itglue} of the same name is being created in BMS; decided once that create is resolved` };
  }
  return { record, link, canonical, warnings, organizationId };
}

function decidePush<C extends object>(input: PlanInput<C>, record: SourceRecord): Early<C> {
  const { rules, settings } = input;
  const push = rules.push;
  const link = input.links.get(record.id) ?? null;
  let canonical: C;
  let warnings: string[];
  try {
    ({ canonical, warnings } = canonicalOf(input, 'itglue', record));
  } catch (err) {
    return { kind: 'error', record, link, warnings: [], reason: messageOf(err) };
  }
  if (!push) return { kind: 'ineligible', record, link, warnings, reason: `${rules.names.itglue}s are not pushed to BMS` };

  if (link?.bmsId && link.state !== 'creating') {
    if (link.state !== 'enabled' && link.state !== 'error') return { kind: 'skip', record, link, warnings, reason: `its link is ${link.state}` };
    if (input.queueOnly) return { kind: 'skip', record, link, warnings, reason: 'linked: merged by the next push' };
    if (!needsOtherSide('push', record, link, input.force)) return { kind: 'unchanged', record, link, warnings };
    const other = input.others.get(link.bmsId);
    if (other === undefined) throw new Error(`the loader did not load BMS ${rules.names.bms} ${link.bmsId}`);
    if (other === null) return { kind: 'orphan', record, link, warnings, reason: `the BMS ${rules.names.bms} was deleted` };
    const bms = canonicalOf(input, 'bms', other);
    const result = merge(input, { canonical: bms.canonical, record: other }, { canonical, record }, link.snapshot as C | null);
    return { kind: 'sync', record, link, warnings, canonical, other, merge: result, wasState: link.state, heldForBms: heldForBms(input, result, link) };
  }
  if (link && LEFT_ALONE.has(link.state)) return { kind: 'skip', record, link, warnings, reason: `its link is ${link.state}` };

  const parentLink = rules.scoped && record.parentId ? input.parentLinks.get(record.parentId) : undefined;
  const ineligible =
    rules.itglue.ineligible(canonical, settings) ??
    (rules.scoped && (parentLink?.state !== 'enabled' || !parentLink.bmsId) ? `its IT Glue organization ${record.parentId ?? ''} is not synced to BMS` : null);
  if (ineligible) return { kind: 'ineligible', record, link, warnings, reason: ineligible };

  const auto = push.autoPush(record.record, canonical, settings);
  const enabledAt = input.twoWayEnabledAt ?? new Date(0);
  const edited = (record.updatedAt ?? new Date(0)) > enabledAt || (record.createdAt ?? new Date(0)) > enabledAt;
  if (!input.force && !edited && !auto) {
    return { kind: 'not-yet-pushed', record, link, warnings, reason: 'existed before two-way sync was enabled and not edited since' };
  }
  const organizationId = parentLink?.bmsId ?? null;
  if (!link?.bmsId && input.pendingCreates.has(pendingKey(record.parentId, record.matchKey))) {
    return { kind: 'wait', record, link, warnings, reason: `a BMS ${rules.names.bms} of the same name is being created in IT Glue; pushed once that create is resolved` };
  }
  if (!input.settings.twoWay && !input.force) return { kind: 'skip', record, link, warnings, reason: 'two-way sync is off' };
  const toPush = auto?.canonical ?? canonical;
  const missing = push.missingForBms(toPush, !!auto);
  if (missing) {
    const reason = `held: BMS needs ${missing}`;
    const label = auto ? `${auto.label} ` : '';
    return { kind: 'hold', record, link, warnings, canonical: toPush, reason: `${label}${reason}`, already: link?.state === 'held' && link.reason === `${label}${reason}` };
  }
  if (input.queueOnly) {
    // A held record stays held until the push decides again (it says why); others wait for the push.
    if (link?.state === 'held') return { kind: 'skip', record, link, warnings, reason: 'held: decided again by the next push' };
    return { kind: 'wait', record, link, warnings, reason: 'edited in IT Glue; queued for the next push' };
  }
  return { record, link, canonical: toPush, warnings, organizationId };
}

/** Changes to BMS that BMS v2 cannot take without an undocumented route (a location's edits). */
function heldForBms<C extends object>(
  input: PlanInput<C>,
  result: MergeResult<C>,
  link: Pick<LinkView, 'bmsId' | 'bmsParentId'>,
): { fields: string[]; reason: string } | null {
  const fields = Object.keys(result.toBms);
  const undocumented = input.rules.push?.undocumentedWrites;
  if (fields.length === 0 || !undocumented || input.undocumentedBmsRoutes) return null;
  return { fields, reason: undocumented.update(result.snapshot, fields, { bmsId: link.bmsId ?? '', accountId: link.bmsParentId }) };
}

function matchPending<C extends object>(input: PlanInput<C>, pending: Pending<C>[]): Decision<C>[] {
  if (pending.length === 0) return [];
  const { rules, direction } = input;
  const decisions: Decision<C>[] = [];
  const candidateSide = direction === 'pull' ? 'itglue' : 'bms';
  const candidateById = new Map(input.candidates.map((c) => [c.id, c]));
  const candidateCanonical = new Map<string, C>();
  const canonicalOfCandidate = (c: SourceRecord): C => {
    let canonical = candidateCanonical.get(c.id);
    if (!canonical) {
      canonical = canonicalOf(input, candidateSide, c).canonical;
      candidateCanonical.set(c.id, canonical);
    }
    return canonical;
  };
  const matchInputs: MatchInput<C>[] = [];
  for (const c of input.candidates) {
    try {
      matchInputs.push({ id: c.id, createdAt: c.createdAt?.toISOString() ?? null, organizationId: c.parentId, canonical: canonicalOfCandidate(c) });
    } catch {
      // A candidate that cannot be read is no candidate.
    }
  }
  const matcher = createMatcher(rules.matchRule, matchInputs, { candidateSystem: candidateSide });
  const claimed = new Set<string>();
  const toAssign: Pending<C>[] = [];

  for (const p of pending) {
    const override = direction === 'pull' ? input.overrides.get(p.record.id) : undefined;
    if (override?.action === 'link' && override.itglueId) {
      const target = candidateById.get(override.itglueId);
      if (!target) {
        decisions.push({ ...base(p), kind: 'error', reason: `IT Glue ${rules.names.itglue} ${override.itglueId} chosen by an operator does not exist` });
        continue;
      }
      claimed.add(target.id);
      const explanation = `linked by an operator to IT Glue ${rules.names.itglue} ${target.id}`;
      decisions.push(linkDecision(input, p, target, canonicalOfCandidate(target), { rule: 'override', tier: null, explanation, tiedWith: [] }));
      continue;
    }
    if (override?.action === 'create') {
      decisions.push(createOrUnmatched(input, p, 'an operator forced a create', true));
      continue;
    }
    toAssign.push(p);
  }

  const contenders: Contender<MatchInput<C>>[] = toAssign.map((p) => ({
    id: p.record.id,
    createdAt: p.record.createdAt?.toISOString() ?? null,
    record: { id: p.record.id, createdAt: p.record.createdAt?.toISOString() ?? null, organizationId: p.organizationId, canonical: p.canonical },
  }));
  const assigned: Map<string, MatchDecision> = matcher.assign(contenders, (id) => input.taken.has(id) || claimed.has(id));
  for (const p of toAssign) {
    const decision = assigned.get(p.record.id)!;
    if (decision.outcome === 'matched') {
      const target = candidateById.get(decision.candidateId)!;
      decisions.push(
        linkDecision(input, p, target, canonicalOfCandidate(target), {
          rule: decision.rule,
          tier: decision.tier,
          explanation: decision.explanation,
          tiedWith: decision.tiedWith,
        }),
      );
    } else {
      decisions.push(createOrUnmatched(input, p, decision.explanation, false));
    }
  }
  return decisions;
}

function base<C extends object>(p: Pending<C>): { record: SourceRecord; link: LinkView | null; warnings: string[] } {
  return { record: p.record, link: p.link, warnings: p.warnings };
}

function linkDecision<C extends object>(input: PlanInput<C>, p: Pending<C>, target: SourceRecord, targetCanonical: C, match: LinkMatch): Decision<C> {
  const recovered = p.link?.state === 'creating';
  const pull = input.direction === 'pull';
  const bms = pull ? { canonical: p.canonical, record: p.record } : { canonical: targetCanonical, record: target };
  const itglue = pull ? { canonical: targetCanonical, record: target } : { canonical: p.canonical, record: p.record };
  // A record found again after a push's lost create answer holds what that create wrote (a
  // contact's job title comes in a follow-up call that may not have happened): BMS is the base and
  // IT Glue's values win where they differ. Otherwise there is no base: the policy decides.
  const mergeBase = recovered && !pull ? bms.canonical : input.fillInWhenLinking ? (fillInBase(bms.canonical, itglue.canonical) as C) : null;
  const result = merge(input, bms, itglue, mergeBase);
  const ids = { bmsId: pull ? p.record.id : target.id, bmsParentId: pull ? p.record.parentId : target.parentId };
  return { ...base(p), kind: 'link', canonical: p.canonical, other: target, match, merge: result, recovered, heldForBms: heldForBms(input, result, ids) };
}

function createOrUnmatched<C extends object>(input: PlanInput<C>, p: Pending<C>, explanation: string, forced: boolean): Decision<C> {
  const { rules, settings } = input;
  if (input.direction === 'push') {
    const undocumented = rules.push?.undocumentedWrites;
    if (undocumented && !input.undocumentedBmsRoutes) {
      const reason = undocumented.create(p.canonical, p.organizationId);
      return { ...base(p), kind: 'hold', canonical: p.canonical, reason, already: p.link?.state === 'held' && p.link.reason === reason };
    }
    return { ...base(p), kind: 'create', canonical: p.canonical, reason: explanation };
  }
  const autoCreate = forced || rules.autoCreate === null || settings.autoCreate[rules.autoCreate];
  if (autoCreate) return { ...base(p), kind: 'create', canonical: p.canonical, reason: explanation };
  return { ...base(p), kind: 'unmatched', reason: `no match and auto-create is off: ${explanation}`, already: p.link?.state === 'unmatched' };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
