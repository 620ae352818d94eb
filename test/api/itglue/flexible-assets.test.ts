import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejection, startItGlue, type RunningSimulator } from './helpers.js';

describe('IT Glue flexible assets', () => {
  let sim: RunningSimulator;
  let typeId: string;
  beforeAll(async () => {
    sim = await startItGlue();
  });
  afterAll(() => sim.close());

  it('creates a type with its fields; name-keys are slugs of the names', async () => {
    const client = sim.client();
    const type = await client.createFlexibleAssetType({ name: 'Email', icon: 'envelope', description: 'Mail systems' }, [
      { name: 'Type', kind: 'Text', required: true, 'use-for-title': true, 'show-in-list': true },
      { name: 'Mailbox Count', kind: 'Number' },
      { name: 'Email Servers', kind: 'Tag', 'tag-type': 'Configurations' },
      { name: 'Location', kind: 'Select', 'default-value': 'On-Premises\nCloud' },
    ]);
    typeId = type.id;
    expect(type.attributes).toMatchObject({ name: 'Email', icon: 'envelope', enabled: true });
    const fields = await client.listFlexibleAssetFields(typeId);
    expect(fields.map((f) => [f.attributes.order, f.attributes['name-key'], f.attributes.kind])).toEqual([
      [1, 'type', 'Text'],
      [2, 'mailbox-count', 'Number'],
      [3, 'email-servers', 'Tag'],
      [4, 'location', 'Select'],
    ]);
    const listed = await client.listFlexibleAssetTypesPage({ filter: { name: 'Email' } });
    expect(listed.items.map((t) => t.id)).toEqual([typeId]);
  });

  it('refuses a type without fields', async () => {
    const err = await expectRejection(sim.client().createFlexibleAssetType({ name: 'Empty' }, []));
    expect(err).toMatchObject({ kind: 'validation', status: 422 });
  });

  it('creates assets with validated traits, expands tags, and lists them by type', async () => {
    const client = sim.client();
    const org = await client.createOrganization({ name: 'Asset Org' });
    const config = await client.createConfiguration({ 'organization-id': Number(org.id), name: 'EX01', hostname: 'ACMEEX01', 'configuration-type-id': 3 });
    const asset = await client.createFlexibleAsset({
      'organization-id': Number(org.id),
      'flexible-asset-type-id': Number(typeId),
      traits: { type: 'Exchange 2019', mailbox_count: '42', 'email-servers': [Number(config.id)], location: 'On-Premises' },
    });
    expect(asset.attributes.name).toBe('Exchange 2019');
    expect(asset.attributes.traits).toEqual({
      type: 'Exchange 2019',
      'mailbox-count': 42,
      'email-servers': {
        type: 'Configurations',
        values: [{ id: Number(config.id), name: 'EX01', hostname: 'ACMEEX01', 'organization-name': 'Asset Org', 'configuration-type-name': 'Server' }],
      },
      location: 'On-Premises',
    });

    const notNumber = await expectRejection(
      client.createFlexibleAsset({ 'organization-id': Number(org.id), 'flexible-asset-type-id': Number(typeId), traits: { type: 'X', 'mailbox-count': 'many' } }),
    );
    expect(notNumber).toMatchObject({ status: 422, details: ['/data/attributes/traits/mailbox-count: is not a number'] });
    const missingRequired = await expectRejection(
      client.createFlexibleAsset({ 'organization-id': Number(org.id), 'flexible-asset-type-id': Number(typeId), traits: { location: 'Cloud' } }),
    );
    expect(missingRequired).toMatchObject({ status: 422, details: ["/data/attributes/traits/type: can't be blank"] });

    const page = await client.listFlexibleAssetsPage(typeId, { filter: { 'organization-id': org.id } });
    expect(page.items.map((a) => a.id)).toEqual([asset.id]);
    const withoutType = await sim.raw('/flexible_assets');
    expect(withoutType.status).toBe(400);

    // PATCH replaces traits wholesale: omitted traits disappear.
    const updated = await client.updateFlexibleAsset(asset.id, { traits: { type: 'Exchange Online', location: 'Cloud' } });
    expect(updated.attributes.traits).toEqual({ type: 'Exchange Online', location: 'Cloud' });
    expect(updated.attributes.name).toBe('Exchange Online');

    // Renaming a field moves its trait key.
    const fields = await client.listFlexibleAssetFields(typeId);
    await client.updateFlexibleAssetField(fields.find((f) => f.attributes['name-key'] === 'location')!.id, { name: 'Hosting' });
    expect((await client.getFlexibleAsset(asset.id)).attributes.traits).toEqual({ type: 'Exchange Online', hosting: 'Cloud' });

    await client.deleteFlexibleAsset(asset.id);
    expect((await client.listFlexibleAssetsPage(typeId)).items).toEqual([]);

    // Nested bulk create under the organization.
    const created = await client.createFlexibleAssets(org.id, [
      { 'flexible-asset-type-id': Number(typeId), traits: { type: 'Gmail' } },
      { 'flexible-asset-type-id': Number(typeId), traits: { type: 'Zoho', 'mailbox-count': 3 } },
    ]);
    expect(created.map((a) => [a.attributes.name, a.attributes['organization-id']])).toEqual([
      ['Gmail', Number(org.id)],
      ['Zoho', Number(org.id)],
    ]);
    expect((await client.listFlexibleAssetsPage(typeId, { sort: '-name' })).items.map((a) => a.attributes.name)).toEqual(['Zoho', 'Gmail']);
  });
});
