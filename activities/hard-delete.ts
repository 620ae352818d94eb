/**
 * The delete-data disconnect's work in IT Glue (SPEC §9): plan and back up, then delete.
 *
 * Planning reads the synced organizations (every organization linked by this integration) and
 * everything they hold that the API lets an API key list — locations, contacts, configurations
 * with their interfaces, flexible assets, passwords, documents, domains, and the attachments of
 * those records — a few organizations per activity call. What it cannot list (`NOT_LISTED`) is
 * named in the backup and the report. Each call writes its part of the backup to disk and the
 * same records, by id, to the plan table; a retried call rewrites both from one read, so the
 * backup holds exactly what the plan will delete.
 *
 * Deleting goes kind by kind, attachments first, children before organizations, with bulk deletes
 * of up to 100 ids taken from the plan; each confirmed id is marked, so a crash resumes with what
 * is left. A bulk delete refused because some ids are already gone (a delete that landed before
 * the crash) is answered by asking IT Glue which ids still exist and deleting those. Interfaces go
 * with their configuration and domains (no documented delete) with their organization.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { ITG_DOCUMENTED_FILTERS, type ItGlueClient, type ItgIncluded, type ItgResource, type ItgResourceName } from '../clients/itglue/index.js';
import { isApiError } from '../clients/http.js';
import {
  markDeletions,
  markDependentsOf,
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

/** Kinds deleted by their own calls; the others go with their parent (`DEPENDENTS`). */
export type DeletableKind = Exclude<DeletionKind, 'configuration-interface' | 'domain'>;

/** The order of deletion: attachments, then what an organization holds, the organization last. */
export const DELETE_ORDER: DeletableKind[] = ['attachment', 'document', 'password', 'flexible-asset', 'configuration', 'contact', 'location', 'organization'];

/** What IT Glue deletes with a record, marked deleted when the record is (plan rows carry the record's id as parent). */
const DEPENDENTS: Partial<Record<DeletableKind, DeletionKind>> = { configuration: 'configuration-interface', organization: 'domain' };

/**
 * What the synced organizations may hold that the IT Glue API does not let an API key list: not in
 * the backup, gone with their organization. Named in the backup and the disconnect's report.
 */
export const NOT_LISTED: Record<string, string> = {
  checklist: 'the IT Glue API documents no checklist route an API key can read (see simulators/itglue/ASSUMPTIONS.md)',
  'ssl-certificate': 'the IT Glue API has no route for SSL certificates',
  'document-attachment': "documents are read through their organization's nested list, which documents no include of attachments",
};

/** Records whose attachments are listed (`include=attachments` is documented on their lists). */
const WITH_ATTACHMENTS = ['organization', 'location', 'contact', 'configuration', 'password', 'flexible-asset'] as const;

const RESOURCE: Record<Exclude<DeletableKind, 'attachment'>, ItgResourceName> = {
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
  { kind: 'domain', key: 'domains' },
  { kind: 'attachment', key: 'attachments' },
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

/** A record's attachment, with the record it hangs on (`<resource>:<id>`, how the plan names its parent). */
interface Attached {
  owner: string;
  organizationId: string;
  attachment: Resource;
}

/**
 * Every record of a list with its side-loaded `include` items: the records kept (only these
 * organizations'), and their attachments when asked for.
 */
async function listWithIncludes(
  itglue: ItGlueClient,
  resource: ItgResourceName,
  filter: Record<string, string | readonly string[]>,
  organizationIds: ReadonlySet<string>,
  include: string[],
): Promise<{ records: Resource[]; included: ItgIncluded[]; attachments: Attached[] }> {
  const records: Resource[] = [];
  const included: ItgIncluded[] = [];
  const attachments: Attached[] = [];
  for (let number = 1; ; number++) {
    const page = await itglue.listPage(resource, { filter, include, page: { number, size: 1000 } });
    // Only records of these organizations (an organization is its own).
    const kept = (page.items as Resource[]).filter((r) => organizationIds.has(organizationOfRecord(resource, r)));
    records.push(...kept);
    included.push(...page.included);
    if (include.includes('attachments')) {
      const byKey = new Map(page.included.filter((i) => i.type === 'attachments').map((i) => [i.id, i]));
      for (const record of kept) {
        const linked = (record as { relationships?: Record<string, { data?: unknown }> }).relationships?.attachments?.data;
        for (const ref of Array.isArray(linked) ? (linked as { id: string }[]) : []) {
          const attachment = byKey.get(String(ref.id));
          if (attachment) attachments.push({ owner: `${resource}:${record.id}`, organizationId: organizationOfRecord(resource, record), attachment: attachment as Resource });
        }
      }
    }
    if (!page.hasMore) break;
  }
  return { records, included, attachments };
}

const organizationOfRecord = (resource: ItgResourceName, r: Resource): string => (resource === 'organizations' ? r.id : String(r.attributes['organization-id']));

/**
 * Only records of these organizations. The lists are filtered by documented names (the client
 * refuses others), but a filter the API ignored would answer every organization's records: they
 * must never reach the plan.
 */
function ofOrganizations(records: Resource[], organizationIds: ReadonlySet<string>): Resource[] {
  return records.filter((r) => organizationIds.has(String(r.attributes['organization-id'])));
}

/**
 * Everything the given organizations hold in IT Glue, by kind (organizations that are gone are
 * left out), and the plan's parent of the records that go with another (an attachment's record as
 * `<resource>:<id>`, an interface's configuration, a domain's organization).
 */
export async function collectOrganizations(
  itglue: ItGlueClient,
  organizationIds: string[],
): Promise<{ byKind: Map<DeletionKind, Resource[]>; parents: Map<string, { organizationId: string; parentId: string }> }> {
  const byKind = new Map<DeletionKind, Resource[]>(SECTIONS.map((s) => [s.kind, []]));
  const parents = new Map<string, { organizationId: string; parentId: string }>();
  if (organizationIds.length === 0) return { byKind, parents };
  const requested = new Set(organizationIds);
  const withAttachments = (kind: DeletionKind) => ((WITH_ATTACHMENTS as readonly string[]).includes(kind) ? ['attachments'] : []);
  const attachments: Attached[] = [];
  const read = async (kind: DeletionKind, resource: ItgResourceName, filter: Record<string, string | readonly string[]>, wanted: ReadonlySet<string>, include: string[] = []) => {
    const listed = await listWithIncludes(itglue, resource, filter, wanted, [...include, ...withAttachments(kind)]);
    byKind.set(kind, listed.records);
    attachments.push(...listed.attachments);
    return listed;
  };
  const organizations = (await read('organization', 'organizations', { id: organizationIds }, requested)).records;
  const ids = organizations.map((o) => o.id);
  const wanted = new Set(ids);
  if (ids.length === 0) return { byKind, parents };
  await read('location', 'locations', { organization_id: ids }, wanted);
  await read('contact', 'contacts', { organization_id: ids }, wanted);
  const configurations = await read('configuration', 'configurations', { organization_id: ids }, wanted, ['configuration_interfaces']);
  const configurationOrganization = new Map(configurations.records.map((c) => [c.id, String(c.attributes['organization-id'])]));
  const interfaces = configurations.included.filter((i) => i.type === 'configuration-interfaces' && configurationOrganization.has(String(i.attributes?.['configuration-id']))) as Resource[];
  byKind.set('configuration-interface', interfaces);
  for (const i of interfaces) {
    const configurationId = String(i.attributes['configuration-id']);
    parents.set(`configuration-interface:${i.id}`, { organizationId: configurationOrganization.get(configurationId)!, parentId: configurationId });
  }
  const flexible: Resource[] = [];
  for await (const type of itglue.iterateFlexibleAssetTypes()) {
    const listed = await listWithIncludes(itglue, 'flexibleAssets', { 'flexible-asset-type-id': type.id, 'organization-id': ids }, wanted, withAttachments('flexible-asset'));
    flexible.push(...listed.records);
    attachments.push(...listed.attachments);
  }
  byKind.set('flexible-asset', flexible);
  // Lists never carry password values; the backup does not either (see docs/push-all-and-disconnect.md).
  await read('password', 'passwords', { organization_id: ids }, wanted);
  // Documents document no list filters: each organization's own (nested) list.
  const documents: Resource[] = [];
  for (const id of ids) documents.push(...((await itglue.listOrganizationDocuments(id)) as Resource[]));
  byKind.set('document', ofOrganizations(documents, wanted));
  // Domains have no documented delete: they go with their organization.
  const domains = ofOrganizations(await listAll(itglue, 'domains', { organization_id: ids }), wanted);
  byKind.set('domain', domains);
  for (const d of domains) parents.set(`domain:${d.id}`, { organizationId: String(d.attributes['organization-id']), parentId: String(d.attributes['organization-id']) });
  byKind.set('attachment', attachments.map((a) => a.attachment));
  for (const a of attachments) parents.set(`attachment:${a.attachment.id}`, { organizationId: a.organizationId, parentId: a.owner });
  return { byKind, parents };
}

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
  const { byKind, parents } = await collectOrganizations(itglue, organizations.map((o) => o.itglueId));

  const { parts } = backupPaths(input.backupDir, input.integrationId, input.runId);
  await mkdir(parts, { recursive: true });
  const partName = String(input.fromLinkId).padStart(15, '0');
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
      const parent = parents.get(`${kind}:${r.id}`);
      plan.push({
        kind,
        itglueId: r.id,
        organizationId: parent?.organizationId ?? (kind === 'organization' ? r.id : String(r.attributes['organization-id'])),
        parentId: parent?.parentId ?? null,
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
    note: 'Everything the delete-data disconnect deletes from IT Glue, as the IT Glue API returned it (JSON:API resources). Password values are not included: IT Glue lists never carry them. Attachments are their records as the API lists them, not the files.',
    counts: input.counts,
    /** Deleted with their organization but not in this backup: the API does not let an API key list them. */
    notInBackup: NOT_LISTED,
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
async function stillThere(itglue: ItGlueClient, kind: Exclude<DeletableKind, 'attachment'>, ids: string[]): Promise<string[]> {
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
export async function deletePage(db: Db, itglue: ItGlueClient, input: { runId: number; kind: DeletableKind }): Promise<{ deleted: number; done: boolean }> {
  const rows = await pendingDeletions(db, input.runId, input.kind, DELETE_BATCH);
  if (rows.length === 0) return { deleted: 0, done: true };
  const ids = rows.map((r) => r.itglueId);
  if (input.kind === 'attachment') {
    await deleteAttachments(itglue, rows);
  } else {
    const kind = input.kind;
    try {
      await itglue.bulkDelete(RESOURCE[kind], ids);
    } catch (err) {
      if (!isRecordFailure(err)) throw err;
      // Some ids are gone already (a delete that landed before a crash): delete the rest.
      const remaining = await stillThere(itglue, kind, ids);
      if (remaining.length > 0) await itglue.bulkDelete(RESOURCE[kind], remaining);
    }
  }
  await markDeletions(db, input.runId, input.kind, ids);
  const dependent = DEPENDENTS[input.kind];
  if (dependent) await markDependentsOf(db, input.runId, dependent, ids);
  return { deleted: ids.length, done: rows.length < DELETE_BATCH };
}

/** Attachments, record by record (their delete route is the record's own). */
async function deleteAttachments(itglue: ItGlueClient, rows: { itglueId: string; parentId: string | null }[]): Promise<void> {
  const byOwner = new Map<string, string[]>();
  for (const row of rows) byOwner.set(row.parentId ?? '', [...(byOwner.get(row.parentId ?? '') ?? []), row.itglueId]);
  for (const [owner, ids] of byOwner) {
    const [resource, recordId] = owner.split(':') as [ItgResourceName, string];
    try {
      await itglue.deleteAttachments(resource, recordId, ids);
    } catch (err) {
      if (!isRecordFailure(err)) throw err;
      // Gone already (a delete that landed before a crash, or the record itself): delete what is left.
      const remaining = await attachmentsStillThere(itglue, resource, recordId, ids);
      if (remaining.length > 0) await itglue.deleteAttachments(resource, recordId, remaining);
    }
  }
}

/** Which of these attachments the record still has (none when the record is gone). */
async function attachmentsStillThere(itglue: ItGlueClient, resource: ItgResourceName, recordId: string, ids: string[]): Promise<string[]> {
  try {
    const record = (await itglue.get(resource, recordId, { include: ['attachments'] })) as Resource & { relationships?: Record<string, { data?: unknown }> };
    const linked = record.relationships?.attachments?.data;
    const present = new Set((Array.isArray(linked) ? (linked as { id: string }[]) : []).map((r) => String(r.id)));
    return ids.filter((id) => present.has(id));
  } catch (err) {
    if (isApiError(err) && err.kind === 'not-found') return [];
    throw err;
  }
}
