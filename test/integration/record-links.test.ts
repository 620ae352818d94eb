/**
 * Links to the records ("Manage" in the Manage-data view): every record line of `report --state`
 * and `sync explain` carries the BMS and IT Glue web addresses of both sides, built from the
 * integration's base URLs (settings `webUrls`, else derived), against the simulators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, useTestStackForCli } from '../support/cli.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ASSET, CONTACT, SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { linksByBms, runSync, setSettings } from '../support/sync.js';

let h: Harness;
type Row = { entity: string; bmsId: string; itglueId: string; bmsUrl: string | null; itglueUrl: string | null };

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: SMALL_SYNC_ALL });
  useTestStackForCli(h);
  await runSync(h, 'full');
});
afterAll(async () => h?.close());

describe('links to the records', () => {
  it('every line of the report carries both web addresses; a configuration\'s is the one IT Glue itself gives', async () => {
    const rows = JSON.parse(await cli('report', h.integrationId, '--state', 'enabled', '--json')) as Row[];
    expect(new Set(rows.map((r) => r.entity))).toEqual(new Set(['organization', 'location', 'contact', 'configuration']));
    for (const row of rows) {
      expect(row.bmsUrl, `${row.entity} ${row.bmsId}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/react\//);
      expect(row.itglueUrl, `${row.entity} ${row.itglueId}`).toMatch(new RegExp(`/${row.itglueId}$`));
    }
    const server = rows.find((r) => r.entity === 'configuration' && r.bmsId === String(ASSET.server))!;
    const configuration = await h.itglue.admin.get<Record<string, unknown>>('configurations', server.itglueId);
    const { itglue } = await h.deps.connectors.get(h.integrationId);
    const viaApi = await itglue.get('configurations', server.itglueId);
    expect(server.itglueUrl).toBe(viaApi.attributes['resource-url']);
    expect(server.itglueUrl).toBe(`https://${new URL(String(viaApi.attributes['resource-url'])).host}/${String(configuration['organization-id'])}/configurations/${server.itglueId}`);
    expect(server.bmsUrl).toBe(`${h.bms.url}/react/servicedesk/hardwareassets/${ASSET.server}`);
    const table = await cli('report', h.integrationId, '--state', 'enabled', '--entity', 'contact');
    expect(table).toMatch(/bmsUrl\s+itglueUrl/);
  });

  it('sync explain prints both, and the configured web bases win', async () => {
    await setSettings(h, { webUrls: { bms: 'https://bms.kaseya.com', itglue: 'https://acme-msp.itglue.com' } });
    const link = (await linksByBms(h, 'contact')).get(String(CONTACT.peter))!;
    const text = await cli('sync', 'explain', h.integrationId, 'contact', '--bms-id', String(CONTACT.peter));
    expect(text).toContain(`BMS:     https://bms.kaseya.com/react/crm/contacts/${CONTACT.peter}`);
    expect(text).toContain(`IT Glue: https://acme-msp.itglue.com/${link.itglueParentId}/contacts/${link.itglueId}`);
    const json = JSON.parse(await cli('sync', 'explain', h.integrationId, 'location', '--itglue-id', (await linksByBms(h, 'location')).values().next().value!.itglueId!, '--json'));
    expect(json.bmsUrl).toMatch(/^https:\/\/bms\.kaseya\.com\/react\/crm\/accounts\/\d+$/);
    expect(json.itglueUrl).toMatch(/^https:\/\/acme-msp\.itglue\.com\/\d+\/locations\/\d+$/);
  });
});
