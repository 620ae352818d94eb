/**
 * Orphans (SPEC §6, §7): a linked record whose BMS side was deleted (seen by a full reconcile) or
 * no longer meets the settings (seen by an incremental run) becomes `orphaned`; so do the
 * children of an account that stops syncing. Nothing is ever deleted in IT Glue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../domain/entities.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ACCOUNT, ASSET, CONTACT, LOCATION, TYPE, smallDataset } from '../support/small-dataset.js';
import { linksByBms, logRows, runSync, writeCalls, type LinkRow } from '../support/sync.js';

let h: Harness;
let itglueCounts: Record<string, number>;

const COLLECTIONS = ['organizations', 'locations', 'contacts', 'configurations'] as const;

async function countItGlue(): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(COLLECTIONS.map(async (c) => [c, (await h.itglue.admin.list(c)).length] as const)));
}

async function link(entity: Entity, bmsId: number): Promise<LinkRow> {
  const row = (await linksByBms(h, entity)).get(String(bmsId));
  expect(row, `${entity} ${bmsId} has a link`).toBeDefined();
  return row!;
}

/** The IT Glue record of a link still exists. */
async function stillInItGlue(entity: Entity, row: LinkRow): Promise<void> {
  const collection = `${entity}s`;
  await expect(h.itglue.admin.get(collection, row.itglueId!)).resolves.toMatchObject({ id: row.itglueId });
}

beforeAll(async () => {
  h = await createHarness({
    dataset: smallDataset(),
    settings: {
      accountTypes: ['Customer', 'Managed Client', 'Prospect'],
      accountStatuses: ['active'],
      assetCategories: ['Workstation', 'Server', 'Firewall', 'Printer', 'Other'],
      assetStatuses: ['active'],
    },
  });
  await runSync(h, 'full');
  itglueCounts = await countItGlue();
  await h.itglue.admin.resetCounters();
});
afterAll(async () => h?.close());

describe('a record deleted in BMS', () => {
  let runId: number;
  beforeAll(async () => {
    // Deleting an account in BMS deletes its contacts and assets too.
    await h.bms.admin.remove('accounts', ACCOUNT.prospect);
    await h.bms.admin.remove('hardwareAssets', ASSET.printer);
    ({ runId } = await runSync(h, 'full'));
  });

  it('is orphaned by a full reconcile, with its account\'s children', async () => {
    for (const [entity, id] of [
      ['organization', ACCOUNT.prospect],
      ['location', LOCATION.prospectMain],
      ['contact', CONTACT.ana],
      ['configuration', ASSET.prospectPc],
      ['configuration', ASSET.printer],
    ] as const) {
      const row = await link(entity, id);
      expect(row.state, `${entity} ${id}`).toBe('orphaned');
      expect(row.reason, `${entity} ${id}`).toBe('deleted in BMS');
      await stillInItGlue(entity, row);
    }
    const orphanLogs = await logRows(h, { runId, action: 'orphan' });
    expect(orphanLogs.find((l) => l.entity === 'organization' && l.bmsId === String(ACCOUNT.prospect))?.message).toMatch(/deleted.*IT Glue organization is kept/);
    expect(orphanLogs.find((l) => l.entity === 'configuration' && l.bmsId === String(ASSET.printer))?.message).toMatch(/deleted.*kept/);
  });

  it('leaves the other records enabled', async () => {
    expect((await link('organization', ACCOUNT.contoso)).state).toBe('enabled');
    expect((await link('configuration', ASSET.server)).state).toBe('enabled');
  });
});

describe('an account whose type is no longer synced', () => {
  let runId: number;
  beforeAll(async () => {
    await h.bms.admin.edit('accounts', ACCOUNT.contoso, { accountTypeId: TYPE.vendor });
    ({ runId } = await runSync(h, 'incremental'));
  });

  it('is orphaned by an incremental run, and so are its locations, contacts and configurations', async () => {
    const account = await link('organization', ACCOUNT.contoso);
    expect(account).toMatchObject({ state: 'orphaned', reason: 'account type "Vendor" is not selected for sync' });
    await stillInItGlue('organization', account);
    // The location is orphaned by the pull (its account's mirror), contacts and assets by the
    // sweep: in the same words.
    for (const [entity, id, reason] of [
      ['location', LOCATION.contosoMain, 'its BMS account is no longer synced'],
      ['contact', CONTACT.peter, 'its BMS account is no longer synced'],
      ['configuration', ASSET.server, 'its BMS account is no longer synced'],
    ] as const) {
      const row = await link(entity, id);
      expect(row, `${entity} ${id}`).toMatchObject({ state: 'orphaned', reason });
      await stillInItGlue(entity, row);
    }
    const logged = await logRows(h, { runId, action: 'orphan' });
    expect(logged.map((l) => `${l.entity}:${l.bmsId}`).sort()).toEqual(
      [`organization:${ACCOUNT.contoso}`, `location:${LOCATION.contosoMain}`, `contact:${CONTACT.peter}`, `configuration:${ASSET.server}`].sort(),
    );
  });
});

describe('a status change', () => {
  beforeAll(async () => {
    await h.bms.admin.edit('hardwareAssets', ASSET.laptop, { isActive: false });
    await h.bms.admin.edit('accounts', ACCOUNT.holdings, { isActive: false });
    await runSync(h, 'incremental');
  });

  it('orphans an asset that became inactive', async () => {
    const laptop = await link('configuration', ASSET.laptop);
    expect(laptop).toMatchObject({ state: 'orphaned', reason: 'inactive assets are not selected for sync' });
    await stillInItGlue('configuration', laptop);
  });

  it('orphans an account that became inactive with its children, but not its child accounts', async () => {
    expect(await link('organization', ACCOUNT.holdings)).toMatchObject({ state: 'orphaned', reason: 'inactive accounts are not selected for sync' });
    expect((await link('location', LOCATION.holdingsHq)).state).toBe('orphaned');
    expect((await link('contact', CONTACT.hanna)).state).toBe('orphaned');
    expect((await link('configuration', ASSET.holdingsFirewall)).state).toBe('orphaned');
    expect((await link('organization', ACCOUNT.traders)).state).toBe('enabled');
  });

  it('is undone when the record is eligible again', async () => {
    await h.bms.admin.edit('hardwareAssets', ASSET.laptop, { isActive: true });
    const { runId } = await runSync(h, 'incremental');
    expect((await link('configuration', ASSET.laptop)).state).toBe('enabled');
    const logged = await logRows(h, { runId, entity: 'configuration', bmsId: String(ASSET.laptop) });
    expect(logged.map((l) => l.message)).toContainEqual(expect.stringMatching(/eligible again/));
  });
});

describe('nothing is deleted in IT Glue', () => {
  it('sent no DELETE and kept every record', async () => {
    const writes = await writeCalls(h.itglue);
    expect(Object.keys(writes).filter((r) => r.startsWith('DELETE'))).toEqual([]);
    expect(await countItGlue()).toEqual(itglueCounts);
  });
});
