/**
 * The applier: writes what the planner decided (domain/sync/planner.ts), to BMS, IT Glue and
 * PostgreSQL. The one place that writes links, and it moves their states only through
 * domain/sync/link-states.ts.
 *
 * - IT Glue writes go in bulk where the API allows (nested bulk creates per organization, bulk
 *   PATCH of up to 100); a refused bulk write is retried record by record so one bad record fails
 *   alone. BMS has no bulk writes: one record at a time.
 * - A create is protected against a lost answer: its link is written in state `creating` before
 *   the call, and a record found in that state is looked for before anything is created again
 *   (activities/sync/load.ts).
 * - The link rows, mirror rows and log rows of each write are committed in one transaction right
 *   after the API answered, and whatever was written before a failure is committed before the
 *   failure leaves: every action that changed either system is logged exactly once, whatever is
 *   retried (a retry finds those records done and does not log them again).
 */
import { isApiError, type ApiError } from '../../clients/http.js';
import type { ItgResource } from '../../clients/itglue/index.js';
import { deleteLinks, HALF_LINK_STATES, linksByBmsId, linksByItGlueId, writeLinks, type LinkRow, type LinkWrite } from '../../db/links.js';
import { getMirrors, mirrorInputOf, mirrorsByParent, sourceOf, upsertMirrors, type MirrorInput } from '../../db/mirrors.js';
import type { LogEntry } from '../../db/runs.js';
import { writeLogs } from '../../db/runs.js';
import type { Entity, LinkState, System } from '../../domain/entities.js';
import { RecordError } from '../../domain/errors.js';
import { fieldNames, hasReference, itglueAttributes, type MappingContext, type WireRecord } from '../../domain/mapping/fields.js';
import { canonicalEqual, type MergeResult } from '../../domain/merge.js';
import { transition } from '../../domain/sync/link-states.js';
import type { Decision, LinkView, Plan, PlanInput, SourceRecord } from '../../domain/sync/model.js';
import type { BmsAccountDefaults, BmsCreateHelpers, EntityModule } from '../../entities/module.js';
import { moduleOf } from '../../entities/registry.js';
import { InputError } from '../errors.js';
import { inParallel, mappingContext, sourceFromBms, sourceFromItGlue } from './load.js';
import { ensureManagedType } from './managed-types.js';
import type { SyncSession } from './session.js';

type AnyModule = EntityModule<object>;
type AnyDecision = Decision<object>;

/** A failure that belongs to one record (bad data, a 4xx): the record fails, the run goes on. */
export function isRecordFailure(err: unknown): err is Error {
  if (err instanceof RecordError || err instanceof InputError) return true;
  return isApiError(err) && ['validation', 'not-found', 'forbidden', 'malformed-response'].includes((err as ApiError).kind);
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const IT_GLUE_BULK = 100;
const CREATE_BATCH = 50;
/** Bulk creates (one organization's records each) in flight at once. */
const CREATES_AT_ONCE = 4;

/** Account defaults BMS requires on create that IT Glue cannot supply. */
export function accountDefaults(session: SyncSession): BmsAccountDefaults {
  const { settings, lookups } = session;
  const businessTypeId =
    lookups.bms.idOf('BusinessType', settings.bmsDefaults.businessTypeName) ?? lookups.bms.idOf('BusinessType', 'Customer') ?? 1;
  // An account needs an existing employee as its manager: the configured one, else the first.
  const accountManagerId = settings.bmsDefaults.accountManagerId ?? lookups.bmsEmployeeIds[0];
  if (accountManagerId === undefined) throw new RecordError('BMS has no employee to be the account manager: set bmsDefaults.accountManagerId');
  return { businessTypeId, accountManagerId };
}

/** What the applier needs of the planner's input. */
export type ApplyInput = Pick<PlanInput<object>, 'rules' | 'direction' | 'parentLinks' | 'reason'>;

/** One IT Glue write of a linked record waiting to be sent in bulk. */
interface ItGlueUpdate {
  decision: AnyDecision & { kind: 'sync' | 'link' };
  link: LinkView;
  itglueId: string;
  attributes: WireRecord;
  /** The IT Glue record as last read (flexible assets are written whole). */
  current: WireRecord;
  snapshot: object;
  fields: string[];
  /** Fields the mapping could not write (kept out of the snapshot). */
  failed: string[];
  /** Why the link keeps a reason (a write held for BMS), or null. */
  linkReason: string | null;
  bms: SourceRecord;
  message: string;
}

export class Applier {
  private readonly module: AnyModule;
  private readonly entity: Entity;
  private readonly names: { bms: string; itglue: string };
  private links: LinkWrite[] = [];
  private deletes: number[] = [];
  private linkCallbacks: ((row: LinkRow | null) => void)[] = [];
  private mirrors: { system: System; entity: Entity; row: MirrorInput }[] = [];
  private logs: LogEntry[] = [];
  private committing: Promise<void> = Promise.resolve();

  constructor(
    private readonly session: SyncSession,
    private readonly input: ApplyInput,
  ) {
    this.module = input.rules as AnyModule;
    this.entity = this.module.entity;
    this.names = this.module.names;
  }

  /** Applies a plan; whatever reached BMS or IT Glue is recorded even when a later write fails. */
  async apply(plan: Pick<Plan<object>, 'decisions'>): Promise<void> {
    try {
      await this.run(plan.decisions);
    } finally {
      await this.commit();
    }
  }

  // ------------------------------------------------------------------ effects

  private log(entry: Omit<LogEntry, 'entity'> & { entity?: Entity }): void {
    const full: LogEntry = { entity: this.entity, ...entry };
    this.logs.push(full);
    this.session.count(full.action);
  }

  private writeLink(current: LinkView | null, next: Partial<LinkWrite> & { state: LinkState }, why: string, then?: (row: LinkRow | null) => void): void {
    transition(current?.state ?? null, next.state, why);
    const base: LinkWrite = current
      ? {
          id: current.id,
          entity: this.entity,
          state: current.state,
          reason: current.reason,
          bmsId: current.bmsId,
          itglueId: current.itglueId,
          bmsParentId: current.bmsParentId,
          itglueParentId: current.itglueParentId,
          matchRule: current.matchRule,
          matchTier: (current as Partial<LinkRow>).matchTier ?? null,
          matchExplanation: (current as Partial<LinkRow>).matchExplanation ?? null,
          snapshot: (current.snapshot as object | null) ?? null,
          bmsModifiedAt: current.bmsModifiedAt,
          itglueUpdatedAt: current.itglueUpdatedAt,
          lastSyncedAt: (current as Partial<LinkRow>).lastSyncedAt ?? null,
          lastRunId: (current as Partial<LinkRow>).lastRunId ?? null,
        }
      : {
          id: null,
          entity: this.entity,
          state: next.state,
          reason: null,
          bmsId: null,
          itglueId: null,
          bmsParentId: null,
          itglueParentId: null,
          matchRule: null,
          matchTier: null,
          matchExplanation: null,
          snapshot: null,
          bmsModifiedAt: null,
          itglueUpdatedAt: null,
          lastSyncedAt: null,
          lastRunId: null,
        };
    this.links.push({ ...base, ...next });
    this.linkCallbacks.push(then ?? (() => undefined));
  }

  /** `accounted`: the link written in the same commit records this answer (db/mirrors.ts MirrorInput). */
  private mirror(system: System, source: SourceRecord, options: { accounted?: boolean } = {}): void {
    this.mirrors.push({ system, entity: this.entity, row: { ...mirrorInputOf(source), accounted: options.accounted ?? false } });
  }

  /**
   * Writes the collected link, mirror and log rows in one transaction. Commits run one after the
   * other: a commit returns once everything collected before it was called is written, even when
   * an earlier commit (of concurrent creates) took those rows.
   */
  commit(): Promise<void> {
    const run = this.committing.then(() => this.commitCollected());
    this.committing = run.catch(() => undefined);
    return run;
  }

  private async commitCollected(): Promise<void> {
    if (this.links.length === 0 && this.mirrors.length === 0 && this.logs.length === 0 && this.deletes.length === 0) return;
    const deletes = this.deletes.splice(0);
    const links = this.links.splice(0);
    const callbacks = this.linkCallbacks.splice(0);
    const mirrors = this.mirrors.splice(0);
    const logs = this.logs.splice(0);
    const { session } = this;
    const written = await session.db.transaction(async (tx) => {
      await deleteLinks(tx, deletes);
      const rows = await writeLinks(tx, session.integrationId, links);
      const groups = new Map<string, { system: System; entity: Entity; rows: MirrorInput[] }>();
      for (const m of mirrors) {
        const k = `${m.system}:${m.entity}`;
        const group = groups.get(k) ?? groups.set(k, { system: m.system, entity: m.entity, rows: [] }).get(k)!;
        group.rows.push(m.row);
      }
      for (const g of groups.values()) {
        await upsertMirrors(tx, { integrationId: session.integrationId, system: g.system, entity: g.entity, runId: null }, g.rows);
      }
      if (session.runId !== null) await writeLogs(tx, session.runId, session.integrationId, logs);
      return rows;
    });
    written.forEach((row, i) => callbacks[i]!(row));
  }

  // ------------------------------------------------------------------ decisions

  private async run(decisions: AnyDecision[]): Promise<void> {
    const merges: (AnyDecision & { kind: 'sync' | 'link' })[] = [];
    const creates: (AnyDecision & { kind: 'create' })[] = [];
    for (const d of decisions) {
      switch (d.kind) {
        case 'error':
          this.recordError(d.record, d.link, d.reason);
          break;
        case 'exclude':
          if (d.already) this.session.count('excluded');
          else {
            this.writeLink(d.link, { state: 'excluded', reason: d.reason, ...this.ids(d.record) }, 'excluded by an operator');
            this.log({ action: 'exclude', ...this.logIds(d), message: d.reason });
          }
          break;
        case 'ineligible':
          this.session.count('ineligible');
          break;
        case 'orphan':
          this.writeLink(d.link, { state: 'orphaned', reason: d.reason }, d.reason);
          this.log({
            action: 'orphan',
            ...this.logIds(d),
            message: `orphaned: ${d.reason}; the IT Glue ${this.names.itglue} is kept`,
          });
          break;
        case 'skip':
          this.session.count('skip');
          break;
        case 'wait':
          this.session.count('waiting');
          if (this.input.direction === 'push' && d.link?.state !== 'queued-for-push') {
            this.writeLink(d.link, { state: 'queued-for-push', reason: d.reason, ...this.ids(d.record) }, 'waiting for a create');
          }
          break;
        case 'not-yet-pushed':
          this.session.count('not-yet-pushed');
          break;
        case 'unchanged':
          this.countUnchanged();
          break;
        case 'unmatched':
          if (d.already) this.session.count('still-unmatched');
          else {
            this.writeLink(d.link, { state: 'unmatched', reason: d.reason, ...this.ids(d.record) }, 'auto-create is off');
            this.log({ action: 'unmatched', ...this.logIds(d), message: d.reason });
          }
          break;
        case 'hold':
          if (d.already) this.session.count('held');
          else {
            this.writeLink(d.link, { state: 'held', reason: d.reason, ...this.ids(d.record) }, d.reason);
            this.log({ action: 'hold', ...this.logIds(d), message: d.reason });
          }
          break;
        case 'create':
          creates.push(d);
          break;
        case 'sync':
          merges.push(d);
          break;
        case 'link':
          merges.push(d);
          break;
      }
    }
    await this.commit();
    const linked = await this.claimLinks(merges.filter((m): m is AnyDecision & { kind: 'link' } => m.kind === 'link'));
    const ready = merges.filter((m) => m.kind === 'sync' || linked.has(m.record.id));
    if (this.input.direction === 'pull') {
      await this.createInItGlue(creates);
    } else {
      for (const c of creates) await this.createInBms(c);
    }
    await this.writeMerges(ready, linked);
  }

  /** A pull's unchanged records and a push's are different tallies of one run. */
  private countUnchanged(): void {
    this.session.count(this.input.direction === 'pull' ? 'unchanged' : 'itglue-unchanged');
  }

  /** BMS id and IT Glue id of the record a decision is about, for a new link. */
  private ids(record: SourceRecord): Partial<LinkWrite> {
    const parentLink = record.parentId ? this.input.parentLinks.get(record.parentId) : undefined;
    return this.input.direction === 'pull'
      ? { bmsId: record.id, bmsParentId: record.parentId, itglueParentId: parentLink?.itglueId ?? null }
      : { itglueId: record.id, itglueParentId: record.parentId, bmsParentId: parentLink?.bmsId ?? null };
  }

  private logIds(d: { record: SourceRecord; link: LinkView | null }): { bmsId: string | null; itglueId: string | null } {
    return this.input.direction === 'pull'
      ? { bmsId: d.record.id, itglueId: d.link?.itglueId ?? null }
      : { bmsId: d.link?.bmsId ?? null, itglueId: d.record.id };
  }

  private recordError(record: SourceRecord, link: LinkView | null, message: string): void {
    this.writeLink(link, { state: 'error', reason: message, ...(link ? {} : this.ids(record)) }, message);
    this.log({ action: 'error', ...this.logIds({ record, link }), message });
  }

  private logWarnings(d: { warnings: string[] }, ids: { bmsId: string | null; itglueId: string | null }, extra: string[] = []): void {
    for (const message of [...d.warnings, ...extra]) this.log({ action: 'warning', ...ids, key: message, message });
  }

  // ------------------------------------------------------------------ links

  /** Writes the links of matched records; returns them by record id (a link lost to a race is skipped). */
  private async claimLinks(decisions: (AnyDecision & { kind: 'link' })[]): Promise<Map<string, LinkView>> {
    const claimed = new Map<string, LinkView>();
    const pull = this.input.direction === 'pull';
    // The chosen record may have a link of its own with its side only (held, unmatched, …): the
    // pair takes that row over (or, when the record being decided has a row too, replaces it).
    const otherIds = decisions.map((d) => d.other.id);
    const { db, integrationId } = this.session;
    const halves = pull ? await linksByItGlueId(db, integrationId, this.entity, otherIds) : await linksByBmsId(db, integrationId, this.entity, otherIds);
    for (const d of decisions) {
      const half = halves.get(d.other.id);
      let current = d.link;
      if (half && HALF_LINK_STATES.includes(half.state) && !(pull ? half.bmsId : half.itglueId)) {
        if (current) this.deletes.push(half.id);
        else current = half;
      }
      const created = d.recovered;
      const match = created
        ? {
            matchRule: 'created',
            matchTier: null,
            matchExplanation: `no matching ${pull ? 'IT Glue' : 'BMS'} ${pull ? this.names.itglue : this.names.bms}; created (the answer was lost; found again: ${d.match.explanation})`,
          }
        : { matchRule: d.match.rule, matchTier: d.match.tier, matchExplanation: d.match.explanation };
      const pair = pull
        ? { bmsId: d.record.id, itglueId: d.other.id, bmsParentId: d.record.parentId, itglueParentId: d.other.parentId }
        : { itglueId: d.record.id, bmsId: d.other.id, itglueParentId: d.record.parentId, bmsParentId: d.other.parentId };
      this.writeLink(current, { state: 'enabled', reason: null, ...pair, ...match, snapshot: null }, 'matched', (row) => {
        if (row) claimed.set(d.record.id, row);
        else this.log({ action: 'skip', ...pairIds(pair), message: `${pull ? 'IT Glue' : 'BMS'} ${pull ? this.names.itglue : this.names.bms} ${d.other.id} was linked to another record meanwhile; tried again next time` });
      });
      if (created) {
        this.log({
          action: pull ? 'create' : 'push',
          ...pairIds(pair),
          message: pull
            ? `created IT Glue ${this.names.itglue} ${d.other.id} from BMS ${this.names.bms} ${d.record.id} (the answer to the create was lost; found it again)`
            : `created BMS ${this.names.bms} ${d.other.id} from IT Glue ${this.names.itglue} ${d.record.id} (the answer to the create was lost; found it again)`,
          details: { rule: 'created', recovered: true },
        });
      } else {
        this.log({
          action: 'match',
          ...pairIds(pair),
          message: d.match.explanation,
          details: { rule: d.match.rule, tier: d.match.tier, tiedWith: d.match.tiedWith, direction: this.input.direction },
        });
      }
    }
    await this.commit();
    return claimed;
  }

  // ------------------------------------------------------------------ merges

  private async writeMerges(decisions: (AnyDecision & { kind: 'sync' | 'link' })[], linked: Map<string, LinkView>): Promise<void> {
    const updates: ItGlueUpdate[] = [];
    const pull = this.input.direction === 'pull';
    // One mapping context for the whole batch: a context per record costs database round trips per record.
    const sides = decisions.map((d) => (pull ? { bms: d.record, itglue: d.other } : { bms: d.other, itglue: d.record }));
    const batchContext = await this.context(sides.map((x) => x.bms), sides.map((x) => x.itglue));
    for (const d of decisions) {
      const link = d.kind === 'sync' ? d.link : linked.get(d.record.id)!;
      const bms = pull ? d.record : d.other;
      const itglue = pull ? d.other : d.record;
      const ids = { bmsId: bms.id, itglueId: itglue.id };
      const merge = d.merge as MergeResult<Record<string, unknown>>;
      const snapshot: Record<string, unknown> = { ...merge.snapshot };
      const failed: string[] = [];
      const reason = this.reasonOf(d);
      try {
        this.logWarnings(d, ids);
        for (const conflict of merge.conflicts) {
          this.log({
            action: 'conflict',
            ...ids,
            key: String(conflict.field),
            message: `${String(conflict.field)} changed on both sides: BMS ${JSON.stringify(conflict.bms)}, IT Glue ${JSON.stringify(conflict.itglue)}; ${conflict.winner === 'bms' ? 'BMS' : 'IT Glue'} wins (${conflict.reason})`,
            details: { field: conflict.field, base: conflict.base, bms: conflict.bms, itglue: conflict.itglue, winner: conflict.winner },
          });
        }
        let bmsNow = bms;
        const held = d.heldForBms;
        const toBms = Object.fromEntries(Object.entries(merge.toBms).filter(([field]) => !held?.fields.includes(field)));
        if (held) {
          // The held fields keep BMS's value in the snapshot: IT Glue's edit stays in IT Glue and is
          // offered again until BMS has it (then the hold clears itself); said once per reason.
          const bmsCanonical = this.canonical('bms', bms, batchContext);
          for (const field of held.fields) snapshot[field] = bmsCanonical[field] ?? null;
          if (link.reason !== held.reason) this.log({ action: 'hold', ...ids, key: `fields:${held.fields.join(',')}`, message: held.reason, details: { fields: held.fields } });
        }
        const reasonNow = held?.reason ?? null;
        if (Object.keys(toBms).length > 0) {
          const ctx = batchContext;
          const result = await this.module.bmsApi.update(this.session.bms, bms.record, toBms, ctx, this.createHelpers(itglue, link.bmsParentId));
          const bmsCanonical = this.canonical('bms', bms, ctx);
          for (const field of result.write.failed) snapshot[field as string] = bmsCanonical[field as string];
          failed.push(...result.write.failed.map(String));
          bmsNow = sourceFromBms(this.module, result.record);
          this.mirror('bms', bmsNow);
          const written = Object.keys(toBms).filter((f) => !result.write.failed.includes(f as never));
          if (written.length) {
            this.log({
              action: 'push',
              ...ids,
              key: `fields:${written.join(',')}`,
              message: `pushed ${written.join(', ')} to BMS${reason ? ` (${reason})` : ''}`,
              details: { fields: written, values: Object.fromEntries(written.map((f) => [f, toBms[f]])) },
            });
          }
          for (const warning of result.write.warnings) this.log({ action: 'warning', ...ids, key: `bms:${warning}`, message: warning });
          // BMS has no bulk writes: what reached it is recorded before the next record is tried.
          if (toItGlue(merge).length === 0) this.recordSynced(d, link, snapshot, bmsNow, itglue, true, failed, reasonNow);
          await this.commit();
          if (toItGlue(merge).length === 0) continue;
        }

        const itglueFields = toItGlue(merge);
        if (merge.reverted.length) {
          this.log({
            action: 'revert',
            ...ids,
            key: `fields:${merge.reverted.map(String).join(',')}`,
            message: `put back ${merge.reverted.map(String).join(', ')} in IT Glue to the BMS value: with two-way sync off, BMS is the source of mapped fields`,
            details: { fields: merge.reverted },
          });
        }
        if (itglueFields.length === 0) {
          this.recordSynced(d, link, snapshot, bmsNow, itglue, false, failed, reasonNow);
          continue;
        }
        // A BMS write may have brought references the batch's context has not seen.
        const ctx = bmsNow === bms ? batchContext : await this.context([bmsNow], [itglue]);
        await this.ensureLookups([merge.snapshot]);
        const itglueCanonical = this.canonical('itglue', itglue, ctx);
        const write = itglueAttributes(this.module.mapping, merge.toItGlue as object, this.collecting(ctx), merge.snapshot as object);
        for (const field of write.failed) snapshot[field as string] = itglueCanonical[field as string];
        failed.push(...write.failed.map(String));
        for (const warning of write.warnings) this.log({ action: 'warning', ...ids, key: `itglue:${warning}`, message: warning });
        const fields = itglueFields.filter((f) => !write.failed.includes(f as never));
        if (fields.length === 0) {
          this.recordSynced(d, link, snapshot, bmsNow, itglue, true, failed, reasonNow);
          continue;
        }
        updates.push({
          decision: d,
          link,
          itglueId: itglue.id,
          attributes: write.values,
          current: itglue.record,
          snapshot,
          fields,
          failed,
          linkReason: reasonNow,
          bms: bmsNow,
          message: `updated ${fields.join(', ')} in IT Glue${reason ? ` (${reason})` : ''}`,
        });
      } catch (err) {
        if (!isRecordFailure(err)) throw err;
        this.recordError(d.record, link, describeError(err));
        await this.commit();
      }
    }
    await this.sendItGlueUpdates(updates);
  }

  private reasonOf(d: AnyDecision & { kind: 'sync' | 'link' }): string | undefined {
    if (this.input.reason) return this.input.reason;
    if (d.kind === 'link') return 'first sync after match';
    if (d.wasState === 'orphaned') return 'eligible again';
    if (d.wasState === 'error') return 'retry after error';
    return undefined;
  }

  /** Records a pair as synced without an IT Glue write (nothing to write, or BMS only). */
  private recordSynced(
    d: AnyDecision & { kind: 'sync' | 'link' },
    link: LinkView,
    snapshot: object,
    bms: SourceRecord,
    itglue: SourceRecord,
    wrote: boolean,
    failed: string[] = [],
    reason: string | null = null,
  ): void {
    const unchanged = !wrote && failed.length === 0 && link.state === 'enabled' && link.reason === reason && canonicalEqual(link.snapshot, snapshot) && sameTime(link.bmsModifiedAt, bms.updatedAt) && sameTime(link.itglueUpdatedAt, itglue.updatedAt);
    if (unchanged) {
      this.countUnchanged();
      return;
    }
    if (!wrote && d.kind === 'sync' && d.wasState !== 'enabled' && d.wasState !== 'creating') {
      this.log({
        action: 'update',
        bmsId: bms.id,
        itglueId: itglue.id,
        message: `sync enabled again (${d.wasState === 'orphaned' ? 'eligible again' : 'the error is resolved'})`,
      });
    } else if (!wrote) this.countUnchanged();
    this.writeLink(link, { ...this.syncedFields(snapshot, bms, itglue, failed), reason }, 'synced');
  }

  /**
   * A link after a sync. `failed` are fields the write could not take: when one is a reference to a
   * record not linked yet, the link forgets the source side's time, so the sync merges it again
   * (activities/sync/sweep.ts does so once the run has linked what it could).
   */
  private syncedFields(snapshot: object, bms: SourceRecord, itglue: SourceRecord, failed: readonly string[] = []): Partial<LinkWrite> & { state: 'enabled' } {
    const retry = hasReference(this.module.mapping, failed as never[]);
    const pull = this.input.direction === 'pull';
    return {
      state: 'enabled',
      reason: null,
      snapshot,
      bmsModifiedAt: retry && pull ? null : bms.updatedAt,
      itglueUpdatedAt: retry && !pull ? null : itglue.updatedAt,
      lastSyncedAt: new Date(),
      lastRunId: this.session.runId,
    };
  }

  /** Sends the collected IT Glue updates (bulk, falling back to one by one) and records them. */
  private async sendItGlueUpdates(updates: ItGlueUpdate[]): Promise<void> {
    const { itglueApi } = this.module;
    for (let i = 0; i < updates.length; i += IT_GLUE_BULK) {
      const chunk = updates.slice(i, i + IT_GLUE_BULK);
      const results = await this.bulk(chunk, (u) => u.itglueId, async (items) =>
        items.length === 1
          ? [await itglueApi.update(this.session.itglue, items[0]!.itglueId, items[0]!.attributes, items[0]!.current)]
          : itglueApi.bulkUpdate(this.session.itglue, items.map((u) => ({ id: u.itglueId, attributes: u.attributes, current: u.current }))),
      );
      this.session.beat({ entity: this.entity, updated: i + chunk.length });
      chunk.forEach((u, index) => {
        const result = results[index];
        const ids = { bmsId: u.bms.id, itglueId: u.itglueId };
        if (!result || result instanceof Error) {
          const message = result ? describeError(result) : 'IT Glue did not return the updated record';
          this.writeLink(u.link, { state: 'error', reason: message }, message);
          this.log({ action: 'error', ...ids, message: `update failed: ${message}` });
          return;
        }
        const itglue = sourceFromItGlue(this.module, result);
        this.mirror('itglue', itglue, { accounted: true });
        this.writeLink(u.link, { ...this.syncedFields(u.snapshot, u.bms, itglue, u.failed), reason: u.linkReason }, 'synced');
        this.log({ action: 'update', ...ids, key: `fields:${u.fields.join(',')}`, message: u.message, details: { fields: u.fields, attributes: u.attributes } });
      });
      await this.commit();
    }
  }

  /** A bulk call; when refused as a whole for one bad record, the records one by one. Results by position. */
  private async bulk<T>(
    items: T[],
    idOf: ((item: T) => string) | null,
    send: (items: T[]) => Promise<ItgResource<unknown>[]>,
  ): Promise<(ItgResource<unknown> | Error | undefined)[]> {
    try {
      const sent = await send(items);
      // Updates answer by id; creates in the order sent.
      if (idOf) {
        const byId = new Map(sent.map((r) => [r.id, r]));
        return items.map((it) => byId.get(idOf(it)));
      }
      return items.map((_, index) => sent[index]);
    } catch (err) {
      if (!isRecordFailure(err)) throw err;
      if (items.length === 1) return [err];
      const results: (ItgResource<unknown> | Error)[] = [];
      for (const item of items) {
        try {
          results.push((await send([item]))[0]!);
        } catch (single) {
          if (!isRecordFailure(single)) throw single;
          results.push(single);
        }
      }
      return results;
    }
  }

  // ------------------------------------------------------------------ creates

  /** Creates records in IT Glue (nested bulk per organization) and links them. */
  private async createInItGlue(decisions: (AnyDecision & { kind: 'create' })[]): Promise<void> {
    if (decisions.length === 0) return;
    const { managedType } = this.module.itglueApi;
    if (managedType) await ensureManagedType(this.session, managedType);
    await this.ensureLookups(decisions.map((d) => d.canonical));
    const ctx = await this.context(decisions.map((d) => d.record), []);
    const byOrganization = new Map<string, (AnyDecision & { kind: 'create' })[]>();
    for (const d of decisions) {
      const organizationId = this.organizationOf(d.record);
      const group = byOrganization.get(organizationId ?? '') ?? byOrganization.set(organizationId ?? '', []).get(organizationId ?? '')!;
      group.push(d);
    }
    // Each organization's creates are one nested bulk call; a few organizations are sent at once
    // (the applier's commits are serialized, so every intent is written before its create is sent).
    const batches = [...byOrganization].flatMap(([organization, group]) =>
      Array.from({ length: Math.ceil(group.length / CREATE_BATCH) }, (_, i) => ({ organization, batch: group.slice(i * CREATE_BATCH, (i + 1) * CREATE_BATCH) })),
    );
    await inParallel(batches, CREATES_AT_ONCE, ({ organization, batch }) => this.createBatchInItGlue(organization, batch, ctx));
  }

  /** One nested bulk create of records of one organization, intents first. */
  private async createBatchInItGlue(organization: string, batch: (AnyDecision & { kind: 'create' })[], ctx: MappingContext): Promise<void> {
    const prepared: {
      d: AnyDecision & { kind: 'create' };
      link: LinkView;
      attributes: WireRecord;
      snapshot: Record<string, unknown>;
      warnings: string[];
      failed: string[];
    }[] = [];
    const links = new Map<string, LinkView>();
    for (const d of batch) {
      // Mark the intent before sending: a lost answer is recovered by looking, not by creating twice.
      const reason = d.link?.itglueId ? d.reason : null;
      this.writeLink(
        d.link,
        { state: 'creating', reason, itglueId: null, ...this.ids(d.record) },
        'creating in IT Glue',
        (row) => row && links.set(d.record.id, row),
      );
      if (d.link?.itglueId) this.log({ action: 'info', bmsId: d.record.id, itglueId: d.link.itglueId, message: d.reason });
    }
    await this.commit();
    for (const d of batch) {
      const link = links.get(d.record.id);
      if (!link) continue; // created concurrently by another writer
      try {
        const write = itglueAttributes(this.module.mapping, d.canonical, this.collecting(ctx), d.canonical);
        const snapshot: Record<string, unknown> = { ...(d.canonical as Record<string, unknown>) };
        for (const field of write.failed) snapshot[field as string] = null;
        prepared.push({ d, link, attributes: write.values, snapshot, warnings: write.warnings, failed: write.failed.map(String) });
      } catch (err) {
        if (!isRecordFailure(err)) throw err;
        this.recordError(d.record, link, describeError(err));
      }
    }
    if (prepared.length === 0) return;
    const results = await this.bulk(prepared, null, (items) => this.module.itglueApi.create(this.session.itglue, organization || null, items.map((x) => x.attributes)));
    this.session.beat({ entity: this.entity, created: organization });
    prepared.forEach((x, index) => {
      const result = results[index];
      if (!result || result instanceof Error) {
        const message = `create failed: ${result ? describeError(result) : 'IT Glue did not return the created record'}`;
        this.writeLink(x.link, { state: 'error', reason: message }, message);
        this.log({ action: 'error', bmsId: x.d.record.id, message });
        return;
      }
      const itglue = sourceFromItGlue(this.module, result);
      this.mirror('itglue', itglue, { accounted: true });
      this.writeLink(
        x.link,
        {
          itglueId: itglue.id,
          itglueParentId: this.organizationOf(x.d.record),
          matchRule: 'created',
          matchTier: null,
          matchExplanation: `no matching IT Glue ${this.names.itglue}; created (${x.d.reason})`,
          ...this.syncedFields(x.snapshot, x.d.record, itglue, x.failed),
        },
        'created',
      );
      this.log({
        action: 'create',
        bmsId: x.d.record.id,
        itglueId: itglue.id,
        message: `created IT Glue ${this.names.itglue} ${itglue.id} from BMS ${this.names.bms} ${x.d.record.id}`,
        details: { rule: 'created', reason: x.d.reason },
      });
      this.logWarnings({ warnings: x.d.warnings }, { bmsId: x.d.record.id, itglueId: itglue.id }, x.warnings);
    });
    await this.commit();
  }

  /** Creates one record in BMS and links it (BMS has no bulk create). */
  private async createInBms(d: AnyDecision & { kind: 'create' }): Promise<void> {
    const itglue = d.record;
    const parentLink = itglue.parentId ? this.input.parentLinks.get(itglue.parentId) : undefined;
    let link: LinkView | null = null;
    this.writeLink(d.link, { state: 'creating', reason: null, bmsId: null, ...this.ids(itglue) }, 'creating in BMS', (row) => (link = row));
    await this.commit();
    if (!link) return;
    const current: LinkView = link;
    try {
      const ctx = await this.context([], [itglue]);
      const created = await this.module.bmsApi.create(this.session.bms, d.canonical, this.collecting(ctx), this.createHelpers(itglue, parentLink?.bmsId ?? null));
      const bms = sourceFromBms(this.module, created.record);
      this.mirror('bms', bms, { accounted: true });
      const snapshot: Record<string, unknown> = { ...(d.canonical as Record<string, unknown>) };
      for (const field of created.write.failed) snapshot[field as string] = null;
      this.writeLink(
        current,
        {
          bmsId: bms.id,
          matchRule: 'created',
          matchTier: null,
          matchExplanation: `no matching BMS ${this.names.bms}; created`,
          ...this.syncedFields(snapshot, bms, itglue, created.write.failed.map(String)),
        },
        'created in BMS',
      );
      this.log({ action: 'push', bmsId: bms.id, itglueId: itglue.id, message: `created BMS ${this.names.bms} ${bms.id} from IT Glue ${this.names.itglue} ${itglue.id}` });
      for (const warning of created.write.warnings) this.log({ action: 'warning', bmsId: bms.id, itglueId: itglue.id, key: warning, message: warning });
      for (const companion of created.companions ?? []) await this.linkCompanion(companion, bms);
    } catch (err) {
      if (!isRecordFailure(err)) throw err;
      this.recordError(itglue, current, describeError(err));
    }
    await this.commit();
  }

  /** A record BMS created along with another (a new account's location), paired with its IT Glue record. */
  private async linkCompanion(companion: { entity: Entity; bms: WireRecord; itglueId: string }, owner: SourceRecord): Promise<void> {
    const module = moduleOf(companion.entity) as unknown as AnyModule;
    const bms = sourceFromBms(module, companion.bms);
    const { db, integrationId } = this.session;
    const itgRow = (await getMirrors(db, { integrationId, system: 'itglue', entity: companion.entity }, [companion.itglueId])).get(companion.itglueId);
    const ctx = await mappingContext(this.session, module, { bms: [bms], itglue: itgRow ? [sourceOf(itgRow)] : [] });
    const snapshot = itgRow ? this.canonicalWith(module, 'itglue', sourceOf(itgRow), ctx) : this.canonicalWith(module, 'bms', bms, ctx);
    this.mirrors.push({ system: 'bms', entity: companion.entity, row: mirrorInputOf(bms) });
    this.links.push({
      id: null,
      entity: companion.entity,
      state: 'enabled',
      reason: null,
      bmsId: bms.id,
      itglueId: companion.itglueId,
      bmsParentId: owner.id,
      itglueParentId: itgRow?.parentId ?? null,
      matchRule: 'created',
      matchTier: null,
      matchExplanation: `created in BMS with its ${this.names.bms}`,
      snapshot,
      bmsModifiedAt: bms.updatedAt,
      itglueUpdatedAt: itgRow?.sourceUpdatedAt ?? null,
      lastSyncedAt: new Date(),
      lastRunId: this.session.runId,
    });
    this.linkCallbacks.push(() => undefined);
    this.logs.push({
      entity: companion.entity,
      action: 'push',
      bmsId: bms.id,
      itglueId: companion.itglueId,
      message: `created BMS ${module.names.bms} ${bms.id} with its ${this.names.bms} from IT Glue ${module.names.itglue} ${companion.itglueId}`,
    });
    this.session.count('push');
  }

  // ------------------------------------------------------------------ helpers

  private createHelpers(itglueRecord: SourceRecord, accountId: string | null): BmsCreateHelpers {
    const { session } = this;
    return {
      itglueRecord,
      accountId,
      defaults: () => accountDefaults(session),
      mainLocationId: async (id) => {
        const mirrors = await getMirrors(session.db, { integrationId: session.integrationId, system: 'bms', entity: 'organization' }, [id]);
        const account = mirrors.get(id)?.record ?? ((await session.bms.getAccount(Number(id))) as WireRecord);
        const locations = Array.isArray(account.locations) ? (account.locations as WireRecord[]) : [];
        const main = locations.find((l) => l.isMain === true) ?? locations[0];
        return main ? Number(main.id) : null;
      },
      itglueChildren: async (entity, organizationId) =>
        (await mirrorsByParent(session.db, { integrationId: session.integrationId, system: 'itglue', entity }, organizationId)).map(sourceOf),
      contextFor: (entity, records) => mappingContext(session, moduleOf(entity) as unknown as AnyModule, { itglue: records }),
    };
  }

  private organizationOf(record: SourceRecord): string | null {
    if (!this.module.scoped || !record.parentId) return null;
    const parent = this.input.parentLinks.get(record.parentId);
    return (this.input.direction === 'pull' ? parent?.itglueId : parent?.bmsId) ?? null;
  }

  private context(bms: SourceRecord[], itglue: SourceRecord[]): Promise<MappingContext> {
    return mappingContext(this.session, this.module, { bms, itglue });
  }

  /** A context whose mapping warnings are collected by the write (and kept out of the snapshot). */
  private collecting(ctx: MappingContext): MappingContext {
    return { ...ctx, warn: () => undefined };
  }

  private canonical(side: System, record: SourceRecord, ctx: MappingContext): Record<string, unknown> {
    return this.canonicalWith(this.module, side, record, ctx);
  }

  private canonicalWith(module: AnyModule, side: System, record: SourceRecord, ctx: MappingContext): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of fieldNames(module.mapping)) {
      const mapping = module.mapping.fields[field as keyof object] as { fromBms(r: WireRecord, c: MappingContext): unknown; fromItGlue(r: WireRecord, c: MappingContext): unknown };
      out[field as string] = side === 'bms' ? mapping.fromBms(record.record, ctx) : mapping.fromItGlue(record.record, ctx);
    }
    return out;
  }

  /** IT Glue lookups the records need, created beforehand when missing (types, statuses, manufacturers, models). */
  private async ensureLookups(records: object[]): Promise<void> {
    const needs = records.flatMap((r) => this.module.itglueApi.lookups(r));
    if (needs.length === 0) return;
    await this.session.lookups.ensureNeeds(this.session.database, this.session.itglue, this.session.integrationId, needs);
  }
}

const toItGlue = (merge: MergeResult<Record<string, unknown>>): string[] => Object.keys(merge.toItGlue);

function pairIds(pair: { bmsId: string | null; itglueId: string | null }): { bmsId: string | null; itglueId: string | null } {
  return { bmsId: pair.bmsId, itglueId: pair.itglueId };
}

const sameTime = (a: Date | null, b: Date | null) => a !== null && b !== null && a.getTime() === b.getTime();

/** Plans are applied through here. */
export async function applyPlan(session: SyncSession, input: ApplyInput, plan: Pick<Plan<object>, 'decisions'>): Promise<void> {
  await new Applier(session, input).apply(plan);
}
