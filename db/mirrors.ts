/**
 * Mirrors: the last-seen copy of each source record (db/schema.ts explains why). Writes are
 * upserts keyed by (integration, system, entity, external id), so a retried page is harmless.
 */
import { and, eq, gte, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { ConfigError } from '../config/env.js';
import type { Entity, System } from '../domain/entities.js';
import type { SourceRecord } from '../domain/sync/model.js';
import type { Db, Executor } from './client.js';
import { anyOf, jsonRows, selectMirrors, type MirrorRow } from './raw.js';
import { mirrors } from './schema.js';

export type { MirrorRow } from './raw.js';

export interface MirrorScope {
  integrationId: string;
  system: System;
  entity: Entity;
}

/** The conditions selecting one integration's records of one entity on one side. */
function inScope(scope: MirrorScope) {
  return [eq(mirrors.integrationId, scope.integrationId), eq(mirrors.system, scope.system), eq(mirrors.entity, scope.entity)];
}

export interface MirrorInput {
  externalId: string;
  parentId: string | null;
  matchKey: string;
  fingerprint?: string | null;
  record: Record<string, unknown>;
  sourceCreatedAt: Date | null;
  sourceUpdatedAt: Date | null;
  /**
   * The answer to one of the engine's own writes, and the link written in the same transaction
   * records it (its times): the planner would find it unchanged, so it does not enter a change
   * window (`changed_at` stays, or is -infinity for a new row). A later read that differs moves it.
   */
  accounted?: boolean;
}

/**
 * Writes mirror rows. `changed_at` moves when the content changes (or a deleted record is back),
 * except for rows `accounted` for by their link (see MirrorInput).
 */
export async function upsertMirrors(
  db: Executor,
  scope: MirrorScope & { runId: number | null },
  rows: MirrorInput[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((r) => ({
      external_id: r.externalId,
      parent_id: r.parentId,
      match_key: r.matchKey,
      fingerprint: r.fingerprint ?? null,
      record: r.record,
      source_created_at: r.sourceCreatedAt,
      source_updated_at: r.sourceUpdatedAt,
      accounted: r.accounted === true,
    }));
    // An accounted row proposes changed_at -infinity, which the update below reads as "keep".
    await db.execute(sql`
      insert into mirrors as m (integration_id, system, entity, external_id, parent_id, match_key, fingerprint, record,
        source_created_at, source_updated_at, seen_run_id, deleted_at, updated_at, changed_at)
      select ${scope.integrationId}, ${scope.system}, ${scope.entity}, x.external_id, x.parent_id, x.match_key, x.fingerprint, x.record,
        x.source_created_at, x.source_updated_at, ${scope.runId}::bigint, null, now(), case when x.accounted then '-infinity'::timestamptz else now() end
      from json_to_recordset(${jsonRows(chunk)}::json) as x(external_id text, parent_id text, match_key text, fingerprint text,
        record jsonb, source_created_at timestamptz, source_updated_at timestamptz, accounted boolean)
      on conflict (integration_id, system, entity, external_id) do update set
        parent_id = excluded.parent_id,
        match_key = excluded.match_key,
        fingerprint = coalesce(excluded.fingerprint, m.fingerprint),
        record = excluded.record,
        source_created_at = excluded.source_created_at,
        source_updated_at = excluded.source_updated_at,
        seen_run_id = coalesce(excluded.seen_run_id, m.seen_run_id),
        changed_at = case when excluded.changed_at = '-infinity' then m.changed_at
          when m.record is distinct from excluded.record or m.deleted_at is not null then now() else m.changed_at end,
        deleted_at = null,
        updated_at = now()`);
  }
}

/**
 * Records list-row fingerprints once the records they describe have been processed, so a page
 * that fails half way is read in full again by its retry instead of being taken as unchanged.
 */
export async function setFingerprints(
  db: Db,
  scope: MirrorScope,
  fingerprints: Map<string, string>,
): Promise<void> {
  if (fingerprints.size === 0) return;
  const values = sql.join([...fingerprints].map(([id, print]) => sql`(${id}::text, ${print}::text)`), sql`, `);
  await db.execute(sql`
    update ${mirrors} set fingerprint = v.print
    from (values ${values}) as v(id, print)
    where ${mirrors.integrationId} = ${scope.integrationId} and ${mirrors.system} = ${scope.system}
      and ${mirrors.entity} = ${scope.entity} and ${mirrors.externalId} = v.id`);
}

/**
 * Marks as seen by a run the listed records whose list row is unchanged (a live mirror with the
 * same fingerprint), without rewriting them; returns their ids. The others need reading in full.
 * One statement for a page of a slim list, which a no-change run is mostly made of.
 */
export async function touchUnchanged(
  db: Db,
  scope: MirrorScope & { runId: number },
  listed: { id: string; print: string }[],
): Promise<Set<string>> {
  if (listed.length === 0) return new Set();
  const rows = await db.execute<{ external_id: string }>(sql`
    update mirrors as m set seen_run_id = ${scope.runId}::bigint
    from json_to_recordset(${jsonRows(listed)}::json) as x(id text, print text)
    where m.integration_id = ${scope.integrationId} and m.system = ${scope.system} and m.entity = ${scope.entity}
      and m.external_id = x.id and m.fingerprint = x.print and m.deleted_at is null
    returning m.external_id`);
  return new Set(rows.map((r) => r.external_id));
}

export async function getMirrors(
  db: Db,
  scope: MirrorScope,
  externalIds: string[],
): Promise<Map<string, MirrorRow>> {
  if (externalIds.length === 0) return new Map();
  const rows = await selectMirrors(db, and(...inScope(scope), anyOf(mirrors.externalId, externalIds))!);
  return new Map(rows.map((r) => [r.externalId, r]));
}

/** What a mirror row says about a record without its content (cheap to read for many records). */
export interface MirrorHead {
  externalId: string;
  parentId: string | null;
  fingerprint: string | null;
  deletedAt: Date | null;
}

export async function getMirrorHeads(db: Db, scope: MirrorScope, externalIds: string[]): Promise<Map<string, MirrorHead>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db.execute<{ external_id: string; parent_id: string | null; fingerprint: string | null; deleted_at: string | null }>(sql`
    select external_id, parent_id, fingerprint, deleted_at from mirrors where ${and(...inScope(scope), anyOf(mirrors.externalId, externalIds))}`);
  return new Map(
    rows.map((r) => [r.external_id, { externalId: r.external_id, parentId: r.parent_id, fingerprint: r.fingerprint, deletedAt: r.deleted_at === null ? null : new Date(r.deleted_at) }]),
  );
}

/** Live (not deleted) records of some parents with one of the match keys: matching candidates. */
export async function findCandidates(
  db: Db,
  scope: MirrorScope,
  by: { parentIds?: string[]; matchKeys: string[] },
): Promise<MirrorRow[]> {
  if (by.matchKeys.length === 0) return [];
  const conditions = [
    ...inScope(scope),
    isNull(mirrors.deletedAt),
    anyOf(mirrors.matchKey, new Set(by.matchKeys)),
  ];
  if (by.parentIds) {
    if (by.parentIds.length === 0) return [];
    conditions.push(anyOf(mirrors.parentId, new Set(by.parentIds)));
  }
  return selectMirrors(db, and(...conditions)!);
}

/** Live records of one parent (an organization's locations, …). */
export async function mirrorsByParent(
  db: Db,
  scope: MirrorScope,
  parentId: string,
): Promise<MirrorRow[]> {
  return selectMirrors(db, and(...inScope(scope), eq(mirrors.parentId, parentId), isNull(mirrors.deletedAt))!);
}

/** Live mirror rows whose parent is one of these, by parent id. */
export async function mirrorsByParents(db: Db, scope: MirrorScope, parentIds: string[]): Promise<Map<string, MirrorRow[]>> {
  const byParent = new Map<string, MirrorRow[]>(parentIds.map((id) => [id, []]));
  if (parentIds.length === 0) return byParent;
  const rows = await db
    .select()
    .from(mirrors)
    .where(and(...inScope(scope), inArray(mirrors.parentId, parentIds), isNull(mirrors.deletedAt)));
  for (const row of rows) byParent.get(row.parentId!)?.push(row);
  return byParent;
}

/** A page of live mirror rows in numeric id order (keyset paging with `minId`, or `offset`). */
export async function mirrorPage(
  db: Db,
  scope: MirrorScope,
  options: {
    /** Only ids numerically at or above this one (keyset paging over numeric ids). */
    minId?: number;
    offset?: number;
    limit: number;
    seenRunId?: number;
    /** Only rows a run has NOT seen (records that vanished from a full read). */
    notSeenRunId?: number;
  },
): Promise<MirrorRow[]> {
  const conditions = [...inScope(scope), isNull(mirrors.deletedAt)];
  if (options.minId !== undefined && options.minId > 1) {
    // numeric ids compare as numbers: by length, then as text
    const min = String(options.minId);
    conditions.push(
      or(
        sql`length(${mirrors.externalId}) > ${min.length}`,
        and(sql`length(${mirrors.externalId}) = ${min.length}`, sql`${mirrors.externalId} >= ${min}`),
      )!,
    );
  }
  if (options.seenRunId !== undefined) conditions.push(eq(mirrors.seenRunId, options.seenRunId));
  if (options.notSeenRunId !== undefined) {
    conditions.push(or(isNull(mirrors.seenRunId), ne(mirrors.seenRunId, options.notSeenRunId))!);
  }
  return selectMirrors(db, and(...conditions)!, sql`order by length(external_id), external_id limit ${options.limit} offset ${options.offset ?? 0}`);
}

/** After a full read: records of the entity not seen by this run are gone from the source. */
export async function markUnseenDeleted(
  db: Db,
  scope: MirrorScope & { runId: number },
): Promise<string[]> {
  const rows = await db
    .update(mirrors)
    .set({ deletedAt: new Date() })
    .where(
      and(
        ...inScope(scope),
        isNull(mirrors.deletedAt),
        or(isNull(mirrors.seenRunId), ne(mirrors.seenRunId, scope.runId)),
      ),
    )
    .returning({ externalId: mirrors.externalId });
  return rows.map((r) => r.externalId);
}

export async function markDeleted(
  db: Db,
  scope: MirrorScope,
  externalIds: string[],
): Promise<void> {
  if (externalIds.length === 0) return;
  await db
    .update(mirrors)
    .set({ deletedAt: new Date() })
    .where(and(...inScope(scope), anyOf(mirrors.externalId, externalIds)));
}

/** Drops mirror rows of an integration older than a date (housekeeping). */
export async function pruneDeletedMirrors(db: Db, integrationId: string, before: Date): Promise<void> {
  await db.delete(mirrors).where(and(eq(mirrors.integrationId, integrationId), lt(mirrors.deletedAt, before)));
}


/**
 * IT Glue records a push still owes something: those queued for it or whose create it sent without
 * an answer, and, when `only` is given, unlinked records whose `attribute` list holds one of its
 * values (records auto-push takes without an edit) — in organizations that sync. Keyset paging by
 * numeric id, so a run that cannot push them still ends.
 */
export async function unpushedItGlueRecords(
  db: Db,
  integrationId: string,
  entity: Entity,
  options: { scoped: boolean; afterId: string | null; limit: number; only?: { attribute: string; anyOf: string[] } | null },
): Promise<MirrorRow[]> {
  const idKey = sql`lpad(${mirrors.externalId}, 20, '0')`;
  return selectMirrors(
    db,
    and(
        eq(mirrors.integrationId, integrationId),
        eq(mirrors.system, 'itglue'),
        eq(mirrors.entity, entity),
        isNull(mirrors.deletedAt),
        options.afterId ? sql`${idKey} > lpad(${options.afterId}::text, 20, '0')` : sql`true`,
        or(
          sql`exists (select 1 from links l where l.integration_id = ${integrationId} and l.entity = ${entity}
                and l.itglue_id = ${mirrors.externalId} and l.bms_id is null and l.state in ('queued-for-push', 'creating'))`,
          options.only
            ? and(
                sql`${mirrors.record}->${options.only.attribute} ?| ${`{${options.only.anyOf.join(',')}}`}::text[]`,
                sql`not exists (select 1 from links l where l.integration_id = ${integrationId} and l.entity = ${entity} and l.itglue_id = ${mirrors.externalId})`,
              )
            : sql`false`,
        ),
        options.scoped
          ? sql`exists (select 1 from links p where p.integration_id = ${integrationId} and p.entity = 'organization' and p.itglue_id = ${mirrors.parentId} and p.state = 'enabled')`
          : sql`true`,
      )!,
    sql`order by ${idKey} limit ${options.limit}`,
  );
}

/** Live records last written before `readBefore`, oldest first (assets due for a full re-read). */
export async function leastRecentlyRead(
  db: Db,
  scope: MirrorScope,
  options: { readBefore: Date; limit: number },
): Promise<MirrorRow[]> {
  return selectMirrors(
    db,
    and(...inScope(scope), isNull(mirrors.deletedAt), lt(mirrors.updatedAt, options.readBefore))!,
    sql`order by updated_at, external_id limit ${options.limit}`,
  );
}

/** The database's clock (mirror change times are written with it). */
export async function databaseNow(db: Db): Promise<Date> {
  const [row] = await db.execute<{ now: string }>(sql`select now()::text as now`);
  return new Date(row!.now);
}

/** How long a window's end waits for a transaction that began before it (see changeWindowEnd). */
const IN_FLIGHT_WAIT_MS = 2_000;

/**
 * Where a window over mirror change times may end so that nothing before it can still appear.
 * `changed_at` is its writer's transaction start (`now()`), so a row can commit after a window
 * ending at the clock was read and land behind it, unseen by both windows. The end is the clock,
 * once the transactions open on this database that began before it have finished (they are short:
 * waited for up to IN_FLIGHT_WAIT_MS from their start); one still open after that holds the end
 * at its start, and what it writes goes to the next window. The engine's sessions are one role, so
 * their starts are visible in pg_stat_activity. Windows are [start, end) and the next starts at
 * this end: consecutive windows neither overlap nor miss.
 */
export async function changeWindowEnd(db: Db): Promise<Date> {
  const [clock] = await db.execute<{ now: string; tracking: string }>(sql`select now()::text as now, current_setting('track_activities') as tracking`);
  if (clock!.tracking !== 'on') {
    throw new ConfigError("PostgreSQL's track_activities setting is off: the engine needs it on to tell which mirror changes are committed (it is on by default; set it back to on)");
  }
  const end = clock!.now;
  for (;;) {
    const [row] = await db.execute<{ oldest: string | null; age_ms: number | null }>(sql`
      select min(xact_start)::text as oldest, extract(epoch from (clock_timestamp() - min(xact_start))) * 1000 as age_ms
      from pg_stat_activity
      where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
        and xact_start < ${end}::timestamptz`);
    if (row!.oldest === null) return new Date(end);
    if (Number(row!.age_ms) >= IN_FLIGHT_WAIT_MS) return new Date(row!.oldest);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A mirror row as the sync core's source record. */
export function sourceOf(row: MirrorRow): SourceRecord {
  return {
    id: row.externalId,
    parentId: row.parentId,
    matchKey: row.matchKey,
    createdAt: row.sourceCreatedAt,
    updatedAt: row.sourceUpdatedAt,
    record: row.record,
  };
}

/** A source record as a mirror row to upsert. */
export function mirrorInputOf(source: SourceRecord, fingerprint?: string): MirrorInput {
  return {
    externalId: source.id,
    parentId: source.parentId,
    matchKey: source.matchKey,
    fingerprint: fingerprint ?? null,
    record: source.record,
    sourceCreatedAt: source.createdAt,
    sourceUpdatedAt: source.updatedAt,
  };
}

/** Where a batch walk over mirror rows stands: after this group and id. */
export interface BatchCursor {
  group: string;
  id: string;
}

/**
 * A batch of live mirror rows for the sync core, ordered by group (the organization of scoped
 * records, the match key of organizations) then numeric id, and never cut inside a group unless
 * a group alone exceeds `maxGroup`: records that compete for the same candidates are decided
 * together (SPEC §5, global assignment).
 */
export async function mirrorBatch(
  db: Db,
  scope: MirrorScope,
  options: {
    groupBy: 'parent' | 'matchKey';
    after: BatchCursor | null;
    limit: number;
    maxGroup?: number;
    /** Only rows a run saw (a full read). */
    seenRunId?: number;
    /** Only rows whose content changed within [changedSince, changedUntil) (see changeWindowEnd). */
    changedSince?: Date | null;
    changedUntil?: Date | null;
  },
): Promise<MirrorRow[]> {
  const group = options.groupBy === 'parent' ? sql`coalesce(${mirrors.parentId}, '')` : mirrors.matchKey;
  const conditions = [...inScope(scope), isNull(mirrors.deletedAt)];
  if (options.seenRunId !== undefined) conditions.push(eq(mirrors.seenRunId, options.seenRunId));
  if (options.changedSince) conditions.push(gte(mirrors.changedAt, options.changedSince));
  if (options.changedUntil) conditions.push(lt(mirrors.changedAt, options.changedUntil));
  const idKey = sql`lpad(${mirrors.externalId}, 20, '0')`;
  const after = (cursor: BatchCursor) => sql`(${group}, ${idKey}) > (${cursor.group}::text, lpad(${cursor.id}::text, 20, '0'))`;
  const rows = await selectMirrors(db, and(...conditions, ...(options.after ? [after(options.after)] : []))!, sql`order by ${group}, ${idKey} limit ${options.limit}`);
  const last = rows.at(-1);
  if (!last || rows.length < options.limit) return rows;
  // Finish the last group, up to maxGroup records in it.
  const lastGroup = options.groupBy === 'parent' ? (last.parentId ?? '') : last.matchKey;
  const inGroup = rows.filter((r) => (options.groupBy === 'parent' ? (r.parentId ?? '') : r.matchKey) === lastGroup).length;
  const room = (options.maxGroup ?? 5_000) - inGroup;
  if (room <= 0) return rows;
  const rest = await selectMirrors(db, and(...conditions, sql`${group} = ${lastGroup}`, after({ group: lastGroup, id: last.externalId }))!, sql`order by ${idKey} limit ${room}`);
  return [...rows, ...rest];
}

/** The cursor after a batch's last row. */
export function cursorAfter(rows: MirrorRow[], groupBy: 'parent' | 'matchKey'): BatchCursor | null {
  const last = rows.at(-1);
  return last ? { group: groupBy === 'parent' ? (last.parentId ?? '') : last.matchKey, id: last.externalId } : null;
}
