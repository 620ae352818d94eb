/**
 * Hand-written SQL for the sync's hot batch statements (mirrors, links, log rows). drizzle's query
 * builder and row mapping cost a few microseconds per value, which at a page of 500 records with a
 * dozen columns each was the largest share of the worker's CPU (README "Benchmark"). Here a batch
 * of rows travels as one JSON parameter (`json_to_recordset`), a list of ids as one array
 * parameter, and result rows are mapped by a plain function. The tables are still declared once,
 * in db/schema.ts; the row types come from there.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from './client.js';
import type { links, mirrors } from './schema.js';

export type MirrorRow = typeof mirrors.$inferSelect;
export type LinkRow = typeof links.$inferSelect;
type Raw = Record<string, unknown>;

/** A PostgreSQL text[] literal of `values`, to pass as one parameter (`= any(${…}::text[])`). */
export function textArray(values: Iterable<string>): string {
  let out = '{';
  let first = true;
  for (const v of values) {
    out += `${first ? '' : ','}"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    first = false;
  }
  return `${out}}`;
}

/** `column = any(values)`, the values as one parameter. */
export function anyOf(column: SQL | SQL.Aliased | { name: string }, values: Iterable<string>): SQL {
  return sql`${column} = any(${textArray(values)}::text[])`;
}

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v as string));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function mirrorRowOf(r: Raw): MirrorRow {
  return {
    integrationId: r.integration_id as string,
    system: r.system as MirrorRow['system'],
    entity: r.entity as MirrorRow['entity'],
    externalId: r.external_id as string,
    parentId: r.parent_id as string | null,
    matchKey: r.match_key as string,
    fingerprint: r.fingerprint as string | null,
    record: r.record as Record<string, unknown>,
    sourceCreatedAt: date(r.source_created_at),
    sourceUpdatedAt: date(r.source_updated_at),
    seenRunId: num(r.seen_run_id),
    deletedAt: date(r.deleted_at),
    updatedAt: date(r.updated_at)!,
    changedAt: date(r.changed_at)!,
  };
}

export function linkRowOf(r: Raw): LinkRow {
  return {
    id: Number(r.id),
    integrationId: r.integration_id as string,
    entity: r.entity as LinkRow['entity'],
    bmsId: r.bms_id as string | null,
    itglueId: r.itglue_id as string | null,
    bmsParentId: r.bms_parent_id as string | null,
    itglueParentId: r.itglue_parent_id as string | null,
    state: r.state as LinkRow['state'],
    reason: r.reason as string | null,
    matchRule: r.match_rule as string | null,
    matchTier: num(r.match_tier),
    matchExplanation: r.match_explanation as string | null,
    snapshot: r.snapshot as object | null,
    bmsModifiedAt: date(r.bms_modified_at),
    itglueUpdatedAt: date(r.itglue_updated_at),
    lastSyncedAt: date(r.last_synced_at),
    lastRunId: num(r.last_run_id),
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
  };
}

/** Mirror rows `where` (and `tail`: order, limit). */
export async function selectMirrors(db: Executor, where: SQL, tail: SQL = sql``): Promise<MirrorRow[]> {
  const rows = await db.execute<Raw>(sql`select * from mirrors where ${where} ${tail}`);
  return rows.map(mirrorRowOf);
}

/** Link rows `where` (and `tail`: order, limit). */
export async function selectLinks(db: Executor, where: SQL, tail: SQL = sql``): Promise<LinkRow[]> {
  const rows = await db.execute<Raw>(sql`select * from links where ${where} ${tail}`);
  return rows.map(linkRowOf);
}

/** Rows as one JSON parameter, for `json_to_recordset(${…}::json) as x(<columns>)`. */
export function jsonRows(rows: readonly object[]): string {
  return JSON.stringify(rows);
}
