/**
 * The delete-data disconnect and what the synced organizations hold beyond the core records
 * (the vendor: "all core assets, passwords, flexible assets, GlueFiles, checklists, and IT Glue
 * documents … domain assets, SSL assets"): attachments and domains are listed, backed up, deleted
 * and counted; what the IT Glue API cannot list (checklists, SSL certificates, documents'
 * attachments) is named in the result, the backup and the run's log. Against the real stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateIntegration } from '../../db/integrations.js';
import type { DisconnectResult } from '../../workflows/disconnect.js';
import { readBackup } from '../support/disconnect.js';
import { createHarness, type Harness } from '../support/harness.js';
import { DISCONNECT_SETTINGS, disconnectDataset, UNRELATED_ORG } from '../support/push-all-dataset.js';
import { requestDisconnect } from '../support/push-all.js';
import { logRows, runSync } from '../support/sync.js';

let h: Harness;
const dataset = disconnectDataset();
// A file attached to a document: documents are listed through a route that documents no include.
dataset.itglue!.attachments!.push({ id: '1109', 'resource-type': 'documents', 'resource-id': 501, name: 'diagram.vsdx', 'attachment-file-name': 'diagram.vsdx' });
const ACME_ATTACHMENTS = ['1101', '1102', '1103', '1104', '1105', '1106', '1107'];

const ids = async (collection: string) => (await h.itglue.admin.list<{ id: string }>(collection)).map((r) => String(r.id)).sort();

beforeAll(async () => {
  h = await createHarness({ dataset, settings: DISCONNECT_SETTINGS });
  await runSync(h, 'full');
  await updateIntegration(h.database.db, h.integrationId, { hardDeleteEnabled: true });
});
afterAll(async () => h?.close());

describe('delete-data and the children of the synced organizations', () => {
  it('backs up, deletes and counts attachments and domains, and names what the API cannot list', async () => {
    await h.itglue.admin.resetCounters();
    const handle = await requestDisconnect(h, { mode: 'delete-data', confirmName: `Test ${h.integrationId}` });
    const result = (await handle.result()) as DisconnectResult;

    // Counted per kind: planned (in the backup) and confirmed deleted.
    expect(result.backedUp).toMatchObject({ attachment: ACME_ATTACHMENTS.length, domain: 1 });
    expect(result.deleted).toMatchObject({ attachment: ACME_ATTACHMENTS.length, domain: 1 });
    expect(Object.keys(result.notListed ?? {}).sort()).toEqual(['checklist', 'document-attachment', 'ssl-certificate']);

    const backup = (await readBackup(result.backupFile!)) as Awaited<ReturnType<typeof readBackup>> & { notInBackup: Record<string, string> };
    expect(backup.records.attachments.map((a) => a.id).sort()).toEqual(ACME_ATTACHMENTS);
    expect(backup.records.attachments.find((a) => a.id === '1104')?.attributes['attachment-file-name']).toBe('invoice.pdf');
    expect(backup.records.domains.map((d) => [d.id, d.attributes.name])).toEqual([['701', 'acme.example']]);
    expect(backup.notInBackup).toEqual(result.notListed);

    // The other organization keeps its domain and attachment; the synced one's are gone, the
    // document's attachment with its document.
    expect(await ids('attachments')).toEqual(['1108']);
    expect(await ids('domains')).toEqual(['702']);
    expect((await h.itglue.admin.get<{ 'organization-id': number }>('domains', '702'))['organization-id']).toBe(UNRELATED_ORG);

    // Attachments went through their documented nested route, before their records; domains with
    // their organization (IT Glue documents no delete for them).
    const { routes } = await h.itglue.admin.counters();
    const deletes = Object.keys(routes).filter((r) => r.startsWith('DELETE ')).sort();
    expect(deletes).toEqual(expect.arrayContaining(['DELETE /configurations/{rid}/relationships/attachments', 'DELETE /organizations/{rid}/relationships/attachments']));
    expect(deletes.filter((r) => r.includes('domains'))).toEqual([]);

    const warnings = (await logRows(h, { entity: 'run', action: 'warning' })).map((r) => r.message);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^ssl-certificates of the synced organizations are not in the backup/)]));
  });
});
