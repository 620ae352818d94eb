/**
 * The IT Glue documentation suggestions choose from (db/schema.ts `itglueDocumentation`): names,
 * organizations, categories and links of passwords and documents, never a password value (IT
 * Glue's lists never carry one). Refreshed at most once per run, before the first suggestions:
 *
 * - passwords (documented list): newest first (`sort=-updated_at`) down to the last refresh's
 *   newest; every FULL_EVERY a full read, which also drops passwords deleted or archived since;
 * - documents, only with the setting `tickets.suggestDocuments`: IT Glue's document list is not in
 *   the current API reference (simulators/itglue/ASSUMPTIONS.md), so it is read whole (it documents
 *   no sort or filter), at most every DOCUMENTS_EVERY; when IT Glue refuses it, the run logs once
 *   that document suggestions are not available and suggests passwords only.
 */
import { isApiError } from '../../clients/http.js';
import type { ItgDocument, ItgPassword, ItgResource } from '../../clients/itglue/index.js';
import { readCursor, writeCursor } from '../../db/cursors.js';
import { removeDocumentation, removeUnseenDocumentation, upsertDocumentation } from '../../db/tickets.js';
import { cleanText } from '../../domain/normalize.js';
import type { DocumentationItem } from '../../domain/tickets/suggestions.js';
import { parseTime, str } from '../../entities/shared.js';
import type { SyncSession } from '../sync/session.js';

/** What a refresh needs (a sync session, or the CLI's preview). */
export type DocumentationTarget = Pick<SyncSession, 'db' | 'integrationId' | 'itglue' | 'settings' | 'runId' | 'count' | 'beat' | 'log'>;

const FULL_EVERY_MS = 24 * 3_600_000;
const DOCUMENTS_EVERY_MS = 3_600_000;
const PAGE_SIZE = 1000;

const cursor = (name: string) => `tickets:documentation:${name}`;

function passwordItem(r: ItgResource<ItgPassword>): DocumentationItem {
  const a = r.attributes as ItgPassword & Record<string, unknown>;
  return {
    kind: 'password',
    id: r.id,
    organizationId: String(a['organization-id']),
    organizationName: cleanText(a['organization-name']),
    name: a.name,
    category: cleanText(a['password-category-name']),
    resourceType: cleanText(a['resource-type']),
    resourceName: cleanText(a['cached-resource-name']),
    resourceTypeName: cleanText(a['cached-resource-type-name']),
    url: str(a['resource-url']),
  };
}

function documentItem(r: ItgResource<ItgDocument>): DocumentationItem {
  const a = r.attributes as ItgDocument & Record<string, unknown>;
  return {
    kind: 'document',
    id: r.id,
    organizationId: String(a['organization-id']),
    organizationName: cleanText(a['organization-name']),
    name: a.name,
    category: null,
    resourceType: null,
    resourceName: null,
    resourceTypeName: null,
    url: str(a['resource-url']),
  };
}

type Resource = ItgResource<{ archived?: boolean | null; 'updated-at'?: string | null }>;

/** Stores a page: live items upserted, archived ones dropped. */
async function store(session: DocumentationTarget, items: { resource: Resource; item: DocumentationItem }[], seenAt: Date): Promise<void> {
  const live = items.filter((i) => i.resource.attributes.archived !== true);
  const times = new Map(live.map((i) => [`${i.item.kind}:${i.item.id}`, parseTime(i.resource.attributes['updated-at'])]));
  await upsertDocumentation(session.db, session.integrationId, live.map((i) => i.item), seenAt, times);
  // An archived item is no suggestion.
  const archived = items.filter((i) => i.resource.attributes.archived === true).map((i) => i.item);
  for (const kind of ['document', 'password'] as const) {
    await removeDocumentation(session.db, session.integrationId, kind, archived.filter((i) => i.kind === kind).map((i) => i.id));
  }
}

async function refreshPasswords(session: DocumentationTarget, now: Date): Promise<void> {
  const { db, integrationId, itglue } = session;
  const lastFull = await readCursor(db, integrationId, cursor('password:full-at'));
  const watermark = await readCursor(db, integrationId, cursor('password:updated-at'));
  const full = !lastFull || !watermark || now.getTime() - Date.parse(lastFull) > FULL_EVERY_MS;
  let newest: Date | null = watermark ? new Date(watermark) : null;
  let read = 0;
  for (let page = 1; ; page++) {
    const result = await itglue.listPasswordsPage({ page: { number: page, size: PAGE_SIZE }, sort: full ? 'id' : '-updated_at' });
    const items = result.items.map((r) => ({ resource: r as Resource, item: passwordItem(r) }));
    const fresh = full || !watermark ? items : items.filter((i) => (parseTime(i.resource.attributes['updated-at']) ?? now) >= new Date(watermark));
    await store(session, fresh, now);
    read += fresh.length;
    for (const i of fresh) {
      const t = parseTime(i.resource.attributes['updated-at']);
      if (t && (!newest || t > newest)) newest = t;
    }
    session.beat({ documentation: 'passwords', page });
    if (!result.hasMore || fresh.length < items.length) break;
  }
  if (full) {
    await removeUnseenDocumentation(db, integrationId, 'password', now);
    await writeCursor(db, integrationId, cursor('password:full-at'), now.toISOString());
  }
  if (newest) await writeCursor(db, integrationId, cursor('password:updated-at'), newest.toISOString());
  session.count('documentation-read', read);
}

async function refreshDocuments(session: DocumentationTarget, now: Date): Promise<void> {
  const { db, integrationId, itglue } = session;
  const last = await readCursor(db, integrationId, cursor('document:full-at'));
  if (last && now.getTime() - Date.parse(last) < DOCUMENTS_EVERY_MS) return;
  try {
    for (let page = 1; ; page++) {
      const result = await itglue.listDocumentsPage({ page: { number: page, size: PAGE_SIZE } });
      await store(session, result.items.map((r) => ({ resource: r as Resource, item: documentItem(r) })), now);
      session.count('documentation-read', result.items.length);
      session.beat({ documentation: 'documents', page });
      if (!result.hasMore) break;
    }
  } catch (err) {
    if (!isApiError(err) || !['forbidden', 'not-found', 'auth'].includes(err.kind)) throw err;
    session.log({
      entity: 'ticket',
      action: 'warning',
      key: 'documents-unavailable',
      message: `IT Glue refused the document list (${err.message}): document suggestions are not available with this API key; passwords are still suggested (setting tickets.suggestDocuments)`,
    });
    return;
  }
  await removeUnseenDocumentation(db, integrationId, 'document', now);
  await writeCursor(db, integrationId, cursor('document:full-at'), now.toISOString());
}

/** Brings the documentation up to date, once per run (without a run: now). */
export async function refreshDocumentation(session: DocumentationTarget): Promise<void> {
  const { db, integrationId, runId } = session;
  const done = await readCursor(db, integrationId, cursor('run'));
  if (runId !== null && done === String(runId)) return;
  const now = new Date();
  await refreshPasswords(session, now);
  if (session.settings.tickets.suggestDocuments) await refreshDocuments(session, now);
  else await removeDocumentation(db, integrationId, 'document', null);
  if (runId !== null) await writeCursor(db, integrationId, cursor('run'), String(runId));
}
