/**
 * The delete-data disconnect's work in IT Glue (SPEC §9): plan and back up, then delete.
 *
 * Planning reads the synced organizations (every organization linked by this integration) and
 * everything they hold — locations, contacts, configurations with their interfaces, flexible
 * assets, passwords, documents — a few organizations per activity call. Each call writes its
 * part of the backup to disk and the same records, by id, to the plan table; a retried call
 * rewrites both from one read, so the backup holds exactly what the plan will delete.
 *
 * Deleting goes kind by kind, children before organizations, with bulk deletes of up to 100 ids
 * taken from the plan; each confirmed id is marked, so a crash resumes with what is left. A bulk
 * delete refused because some ids are already gone (a delete that landed before the crash) is
 * answered by asking IT Glue which ids still exist and deleting those.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { ITG_DOCUMENTED_FILTERS, type ItGlueClient, type ItgResource, type ItgResourceName } from '../clients/itglue/index.js';
import { isApiError } from '../clients/http.js';
import {
  markDeletions,
  markInterfacesOf,
  pendingDeletions,
  replacePlannedDeletions,
  syncedOrganizationsPage,
  type PlannedDeletion,
} from '../db/disconnect.js';
import type { Db } from '../db/client.js';
import type { DeletionKind } from '../db/schema.js';
import { isRecordFailure } from './sync/apply.js';

/** Organizations read per planning call (each brings every record it holds). */
export const PLAN_BATCH = 25;
/** Ids per bulk delete. */
export const DELETE_BATCH = 100;

/** The order of deletion: what an organization holds first, the organization last. */
export const DELETE_ORDER: DeletionKind[] = ['document', 'password', 'flexible-asset', 'configuration', 'contact', 'location', 'organization'];

const RESOURCE: Record<Exclude<DeletionKind, 'configuration-interface'>, ItgResourceName> = {
  document: 'documents',
  password: 'passwords',
  'flexible-asset': 'flexibleAssets',
  configuration: 'configurations',
  contact: 'contacts',
  location: 'locations',
  organization: 'organizations',
};

/** Backup sections, in the file's order. */
const SECTIONS: { kind: DeletionKind; key: string }[] = [
  { kind: 'organization', key: 'organizations' },
  { kind: 'location', key: 'locations' },
  { kind: 'contact', key: 'contacts' },
  { kind: 'configuration', key: 'configurations' },
  { kind: 'configuration-interface', key: 'configurationInterfaces' },
  { kind: 'flexible-asset', key: 'flexibleAssets' },
  { kind: 'password', key: 'passwords' },
  { kind: 'document', key: 'documents' },
];

export const BACKUP_FORMAT = 'bms-itglue-sync/disconnect-backup@1';

type Resource = ItgResource<Record<string, unknown>>;

export function backupPaths(backupDir: string, integrationId: string, runId: number): { file: string; parts: string } {
  const dir = resolve(backupDir, integrationId);
  return { file: join(dir, `disconnect-run-${runId}.json`), parts: join(dir, `disconnect-run-${runId}.parts`) };
}

async function listAll(itglue: ItGlueClient, resource: ItgResourceName, filter: Record<string, string | readonly string[]>): Promise<Resource[]> {
  const items: Resource[] = [];
  for await (const item of itglue.iterate(resource, { filter })) items.push(item as Resource);
  return items;
}

/**
 * Only records of these organizations. The lists are filtered by documented names (the client
 * refuses others), but a filter the API ignored would answer every organization's records: they
 * must never reach the plan.
 */
function ofOrganizations(records: Resource[], organizationIds: ReadonlySet<string>): Resource[] {
  return records.filter((r) => organizationIds.has(String(r.attributes['organization-id'])));
}

/** Configurations with their interfaces (one list call per 1000 configurations). */
async function configurationsWithInterfaces(itglue: ItGlueClient, organizationIds: string[]): Promise<{ configurations: Resource[]; interfaces: Resource[] }> {
  const wanted = new Set(organizationIds);
  const configurations: Resource[] = [];
  const interfaces: Resource[] = [];
  for (let number = 1; ; number++) {
    const page = await itglue.listPage('configurations', {
      filter: { organization_id: organizationIds },
      include: ['configuration_interfaces'],
      page: { number, size: 1000 },
    });
    const kept = ofOrganizations(page.items as Resource[], wanted);
    const keptIds = new Set(kept.map((c) => c.id));
    configurations.push(...kept);
    interfaces.push(...(page.included.filter((i) => i.type === 'configuration-interfaces' && keptIds.has(String(i.attributes?.['configuration-id']))) as Resource[]));
    if (!page.hasMore) break;
  }
  return { configurations, interfaces };
}

/** Everything the given organizations hold in IT Glue, by kind (organizations that are gone are left out). */
export async function collectOrganizations(itglue: ItGlueClient, organizationIds: string[]): Promise<Map<DeletionKind, Resource[]>> {
  const byKind = new Map<DeletionKind, Resource[]>(SECTIONS.map((s) => [s.kind, []]));
  if (organizationIds.length === 0) return byKind;
  const requested = new Set(organizationIds);
  const organizations = (await listAll(itglue, 'organizations', { id: organizationIds })).filter((o) => requested.has(o.id));
  const ids = organizations.map((o) => o.id);
  const wanted = new Set(ids);
  byKind.set('organization', organizations);
  if (ids.length === 0) return byKind;
  byKind.set('location', ofOrganizations(await listAll(itglue, 'locations', { organization_id: ids }), wanted));
  byKind.set('contact', ofOrganizations(await listAll(itglue, 'contacts', { organization_id: ids }), wanted));
  const { configurations, interfaces } = await configurationsWithInterfaces(itglue, ids);
  byKind.set('configuration', configurations);
  byKind.set('configuration-interface', interfaces);
  const flexible: Resource[] = [];
  for await (const type of itglue.iterateFlexibleAssetTypes()) {
    for await (const asset of itglue.iterateFlexibleAssets(type.id, { filter: { 'organization-id': ids } })) flexible.push(asset as Resource);
  }
  byKind.set('flexible-asset', ofOrganizations(flexible, wanted));
  // Lists never carry password values; the backup does not either (see docs/push-all-and-disconnect.md).
  byKind.set('password', ofOrganizations(await listAll(itglue, 'passwords', { organization_id: ids }), wanted));
  // Documents document no list filters: each organization's own (nested) list.
  const documents: Resource[] = [];
  for (const id of ids) documents.push(...((await itglue.listOrganizationDocuments(id)) as Resource[]));
  byKind.set('document', ofOrganizations(documents, wanted));
  return byKind;
}

const organizationOf = (kind: DeletionKind, r: Resource, interfaceConfigs: Map<string, string>): string =>
  kind === 'organization'
    ? r.id
    : kind === 'configuration-interface'
      ? (interfaceConfigs.get(String(r.attributes['configuration-id'])) ?? '')
      : String(r.attributes['organization-id']);

/**
 * Plans one page of synced organizations: backs up what they hold (a part file per kind) and
 * writes the same ids to the plan. Returns the next page (a link id) or null.
 */
export async function planDeletionPage(
  db: Db,
  itglue: ItGlueClient,
  input: { integrationId: string; runId: number; backupDir: string; fromLinkId: number },
): Promise<{ nextPage: number | null; counts: Record<string, number> }> {
  const organizations = await syncedOrganizationsPage(db, input.integrationId, input.fromLinkId, PLAN_BATCH);
  const last = organizations.at(-1);
  const nextPage = organizations.length === PLAN_BATCH && last ? last.linkId + 1 : null;
  if (organizations.length === 0) return { nextPage, counts: {} };
  const byKind = await collectOrganizations(itglue, organizations.map((o) => o.itglueId));

  const { parts } = backupPaths(input.backupDir, input.integrationId, input.runId);
  await mkdir(parts, { recursive: true });
  const partName = String(input.fromLinkId).padStart(15, '0');
  const configurationOrganization = new Map((byKind.get('configuration') ?? []).map((c) => [c.id, String(c.attributes['organization-id'])]));
  const plan: PlannedDeletion[] = [];
  const counts: Record<string, number> = {};
  for (const { kind } of SECTIONS) {
    const records = byKind.get(kind) ?? [];
    counts[kind] = records.length;
    // Written whole under a temporary name, then renamed: a crash never leaves half a part.
    const file = join(parts, `${partName}.${kind}.json`);
    await writeFile(`${file}.tmp`, JSON.stringify(records));
    await rename(`${file}.tmp`, file);
    for (const r of records) {
      plan.push({
        kind,
        itglueId: r.id,
        organizationId: organizationOf(kind, r, configurationOrganization),
        parentId: kind === 'configuration-interface' ? String(r.attributes['configuration-id']) : null,
      });
    }
  }
  await replacePlannedDeletions(db, input.runId, input.integrationId, organizations.map((o) => o.itglueId), plan);
  return { nextPage, counts };
}

/**
 * Joins the parts into the backup file (streamed, one section at a time) and removes them.
 * Running it again after a crash rewrites the same file from the same parts.
 */
export async function assembleBackup(input: {
  integrationId: string;
  integrationName: string;
  runId: number;
  requestedBy: string;
  backupDir: string;
  counts: Record<string, number>;
}): Promise<string> {
  const { file, parts } = backupPaths(input.backupDir, input.integrationId, input.runId);
  await mkdir(parts, { recursive: true });
  const names = (await readdir(parts)).filter((n) => n.endsWith('.json')).sort();
  const out = createWriteStream(`${file}.tmp`);
  const write = (text: string) => new Promise<void>((ok, fail) => out.write(text, (err) => (err ? fail(err) : ok())));
  const header = {
    format: BACKUP_FORMAT,
    integrationId: input.integrationId,
    integrationName: input.integrationName,
    runId: input.runId,
    requestedBy: input.requestedBy,
    createdAt: new Date().toISOString(),
    note: 'Everything the delete-data disconnect deletes from IT Glue, as the IT Glue API returned it (JSON:API resources). Password values are not included: IT Glue lists never carry them.',
    counts: input.counts,
  };
  await write(`${JSON.stringify(header).slice(0, -1)},"records":{`);
  for (const [index, { kind, key }] of SECTIONS.entries()) {
    await write(`${index ? ',' : ''}${JSON.stringify(key)}:[`);
    let first = true;
    for (const name of names.filter((n) => n.endsWith(`.${kind}.json`))) {
      const records = JSON.parse(await readText(join(parts, name))) as unknown[];
      for (const record of records) {
        await write(`${first ? '' : ','}${JSON.stringify(record)}`);
        first = false;
      }
    }
    await write(']');
  }
  await write('}}\n');
  out.end();
  await finished(out);
  await rename(`${file}.tmp`, file);
  await rm(parts, { recursive: true, force: true });
  return file;
}

async function readText(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Which of these ids IT Glue still has (never an id outside them: the answer is bulk deleted). */
async function stillThere(itglue: ItGlueClient, kind: Exclude<DeletionKind, 'configuration-interface'>, ids: string[]): Promise<string[]> {
  const resource = RESOURCE[kind];
  const asked = new Set(ids);
  if (ITG_DOCUMENTED_FILTERS[resource].includes('id')) return (await listAll(itglue, resource, { id: ids })).map((r) => r.id).filter((id) => asked.has(id));
  // No documented id filter (flexible assets, documents): ask for each.
  const present: string[] = [];
  for (const id of ids) {
    try {
      await itglue.get(resource, id);
      present.push(id);
    } catch (err) {
      if (!isApiError(err) || err.kind !== 'not-found') throw err;
    }
  }
  return present;
}

/** Deletes one page of one kind; returns how many were confirmed and whether any remain. */
export async function deletePage(
  db: Db,
  itglue: ItGlueClient,
  input: { runId: number; kind: Exclude<DeletionKind, 'configuration-interface'> },
): Promise<{ deleted: number; done: boolean }> {
  const rows = await pendingDeletions(db, input.runId, input.kind, DELETE_BATCH);
  if (rows.length === 0) return { deleted: 0, done: true };
  const ids = rows.map((r) => r.itglueId);
  try {
    await itglue.bulkDelete(RESOURCE[input.kind], ids);
  } catch (err) {
    if (!isRecordFailure(err)) throw err;
    // Some ids are gone already (a delete that landed before a crash): delete the rest.
    const remaining = await stillThere(itglue, input.kind, ids);
    if (remaining.length > 0) await itglue.bulkDelete(RESOURCE[input.kind], remaining);
  }
  await markDeletions(db, input.runId, input.kind, ids);
  if (input.kind === 'configuration') await markInterfacesOf(db, input.runId, ids);
  return { deleted: ids.length, done: rows.length < DELETE_BATCH };
}
