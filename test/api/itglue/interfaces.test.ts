import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startItGlue, testDataset, type RunningSimulator } from './helpers.js';

describe('IT Glue primary interface ↔ configuration primary-ip / mac-address', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startItGlue();
  });
  beforeEach(async () => {
    await sim.admin.load(testDataset());
  });
  afterAll(() => sim.close());

  it('a dataset configuration with primary-ip gets a primary interface', async () => {
    const interfaces = await sim.client().listConfigurationInterfaces(30);
    expect(interfaces).toHaveLength(1);
    expect(interfaces[0]!.attributes).toMatchObject({ primary: true, 'ip-address': '10.1.2.14', 'mac-address': '18-5E-0F-ED-99-91' });
  });

  it('setting primary-ip / mac-address on a configuration creates, then updates, its primary interface', async () => {
    const client = sim.client();
    expect(await client.listConfigurationInterfaces(32)).toEqual([]);
    await client.updateConfiguration(32, { 'primary-ip': '10.2.0.9' });
    let interfaces = await client.listConfigurationInterfaces(32);
    expect(interfaces.map((i) => i.attributes)).toMatchObject([{ primary: true, 'ip-address': '10.2.0.9', 'mac-address': null }]);

    await client.updateConfiguration(32, { 'mac-address': 'AA:BB:CC:DD:EE:FF' });
    interfaces = await client.listConfigurationInterfaces(32);
    expect(interfaces).toHaveLength(1);
    expect(interfaces[0]!.attributes).toMatchObject({ 'ip-address': '10.2.0.9', 'mac-address': 'AA:BB:CC:DD:EE:FF' });
  });

  it('editing the primary interface updates the configuration and bumps its updated-at', async () => {
    const client = sim.client();
    const before = await client.getConfiguration(31);
    expect(before.attributes['primary-ip']).toBe('10.1.2.2');
    await client.updateConfigurationInterface(40, { 'ip-address': '10.1.2.3', 'mac-address': '00:11:22:33:44:55' });
    const after = await client.getConfiguration(31);
    expect(after.attributes).toMatchObject({ 'primary-ip': '10.1.2.3', 'mac-address': '00:11:22:33:44:55' });
    expect(Date.parse(after.attributes['updated-at'])).toBeGreaterThan(Date.parse(before.attributes['updated-at']));
    const listed = await client.listConfigurationsPage({ filter: { id: 31 } });
    expect(listed.items[0]!.attributes['primary-ip']).toBe('10.1.2.3');
  });

  it('keeps one primary interface: a new primary demotes the old one', async () => {
    const client = sim.client();
    const created = await client.createConfigurationInterface(31, { name: 'WAN', 'ip-address': '203.0.113.7', primary: true });
    expect(created.attributes.primary).toBe(true);
    const interfaces = await client.listConfigurationInterfaces(31);
    expect(interfaces.map((i) => [i.attributes.name, i.attributes.primary])).toEqual([
      ['LAN', false],
      ['WAN', true],
    ]);
    expect((await client.getConfiguration(31)).attributes['primary-ip']).toBe('203.0.113.7');

    await client.deleteConfigurationInterface(31, created.id);
    expect((await client.getConfiguration(31)).attributes['primary-ip']).toBeNull();
  });

  it('a configuration created with interfaces shows them through include=configuration_interfaces', async () => {
    const client = sim.client();
    const created = await client.createConfiguration(
      { 'organization-id': 2, name: 'BIRCH-FW-01', 'configuration-type-id': 7, 'mac-address': '00-11-22-33-44-66' },
      { interfaces: [{ name: 'Mgmt', 'ip-address': '10.2.0.1', primary: true }, { name: 'DMZ', 'ip-address': '172.16.0.1' }] },
    );
    // The attribute wins over the nested interface for the MAC; the IP comes from the primary interface.
    expect(created.attributes).toMatchObject({ 'primary-ip': '10.2.0.1', 'mac-address': '00-11-22-33-44-66' });

    const res = await sim.raw(`/configurations/${created.id}?include=configuration_interfaces`);
    const body = (await res.json()) as {
      data: { relationships: Record<string, { data: { id: string; type: string }[] }> };
      included: { type: string; attributes: { name: string; primary: boolean } }[];
    };
    expect(body.data.relationships['configuration-interfaces']!.data).toHaveLength(2);
    expect(body.included.map((i) => [i.type, i.attributes.name, i.attributes.primary])).toEqual([
      ['configuration-interfaces', 'Mgmt', true],
      ['configuration-interfaces', 'DMZ', false],
    ]);
  });

  it('refuses an invalid MAC address with a pointer', async () => {
    const res = await sim.raw('/configuration_interfaces/40', {
      method: 'PATCH',
      json: { data: { type: 'configuration-interfaces', attributes: { 'mac-address': 'not-a-mac' } } },
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { source: { pointer: string } }[] };
    expect(body.errors[0]!.source.pointer).toBe('/data/attributes/mac-address');
  });
});
