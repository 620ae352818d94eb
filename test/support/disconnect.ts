/** Helpers for the disconnect tests: IT Glue's records by collection, and the backup file. */
import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import { links } from '../../db/schema.js';
import type { Harness } from './harness.js';

export const RECORD_COLLECTIONS = [
  'organizations',
  'locations',
  'contacts',
  'configurations',
  'configurationInterfaces',
  'flexibleAssets',
  'passwords',
  'documents',
  'domains',
  'attachments',
] as const;
export type RecordCollection = (typeof RECORD_COLLECTIONS)[number];

/** IT Glue record ids per collection, as the simulator holds them now. */
export async function itglueIds(h: Harness): Promise<Record<RecordCollection, string[]>> {
  const dump = await h.itglue.admin.dump<Record<string, { id: string }[]>>();
  return Object.fromEntries(RECORD_COLLECTIONS.map((c) => [c, (dump[c] ?? []).map((r) => String(r.id)).sort()])) as Record<RecordCollection, string[]>;
}

/** The IT Glue records and their attributes (to compare before and after a keep-data disconnect). */
export async function itglueRecords(h: Harness): Promise<Record<string, unknown[]>> {
  const dump = await h.itglue.admin.dump<Record<string, unknown[]>>();
  return Object.fromEntries(RECORD_COLLECTIONS.map((c) => [c, dump[c] ?? []]));
}

export interface BackupFile {
  format: string;
  integrationId: string;
  counts: Record<string, number>;
  records: Record<RecordCollection, { id: string; type: string; attributes: Record<string, unknown> }[]>;
}

export async function readBackup(file: string): Promise<BackupFile> {
  return JSON.parse(await readFile(file, 'utf8')) as BackupFile;
}

export function backupIds(backup: BackupFile): Record<RecordCollection, string[]> {
  return Object.fromEntries(RECORD_COLLECTIONS.map((c) => [c, backup.records[c].map((r) => String(r.id)).sort()])) as Record<RecordCollection, string[]>;
}

/** `before` minus `removed`, per collection. */
export function without(before: Record<RecordCollection, string[]>, removed: Record<RecordCollection, string[]>): Record<RecordCollection, string[]> {
  return Object.fromEntries(RECORD_COLLECTIONS.map((c) => [c, before[c].filter((id) => !removed[c].includes(id))])) as Record<RecordCollection, string[]>;
}

/** The IT Glue organizations the integration links (the ones a delete-data removes). */
export async function linkedOrganizationIds(h: Harness): Promise<string[]> {
  const rows = await h.database.db
    .select({ itglueId: links.itglueId })
    .from(links)
    .where(and(eq(links.integrationId, h.integrationId), eq(links.entity, 'organization')));
  return rows.map((r) => r.itglueId).filter((v): v is string => !!v).sort();
}

/** Deletion kinds of the workflow's counts → backup sections. */
export const KIND_OF: Record<RecordCollection, string> = {
  organizations: 'organization',
  locations: 'location',
  contacts: 'contact',
  configurations: 'configuration',
  configurationInterfaces: 'configuration-interface',
  flexibleAssets: 'flexible-asset',
  passwords: 'password',
  documents: 'document',
  domains: 'domain',
  attachments: 'attachment',
};
