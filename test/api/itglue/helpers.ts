/** Shared setup for the IT Glue client tests: a simulator on a real port and a small dataset. */
import { SimulatorAdmin } from '../../../simulators/common/admin-client.js';
import type { StartedServer } from '../../../simulators/common/router.js';
import type { Simulator } from '../../../simulators/common/simulator.js';
import type { ItGlueSimConfig } from '../../../simulators/itglue/config.js';
import { createItGlueSimulator } from '../../../simulators/itglue/simulator.js';
import { ItGlueClient, type ItGlueClientOptions } from '../../../clients/itglue/client.js';

export const API_KEY = 'ITG.test-0123456789abcdef';

export interface RunningSimulator {
  simulator: Simulator;
  server: StartedServer;
  url: string;
  admin: SimulatorAdmin;
  client(options?: Partial<ItGlueClientOptions>): ItGlueClient;
  /** Plain fetch with the API key, for checks below the client. */
  raw(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export async function startItGlue(
  dataset: unknown = testDataset(),
  config: Partial<ItGlueSimConfig> = {},
  options: { clock?: () => number } = {},
): Promise<RunningSimulator> {
  const simulator = createItGlueSimulator({ dataset, config, clock: options.clock });
  const server = await simulator.listen(0);
  const url = server.url;
  return {
    simulator,
    server,
    url,
    admin: new SimulatorAdmin(url),
    client: (options = {}) => new ItGlueClient({ baseUrl: url, apiKey: API_KEY, ...options }),
    raw: (path, init = {}) => {
      const { json, ...rest } = init;
      const headers: Record<string, string> = { 'x-api-key': API_KEY, ...(rest.headers as Record<string, string> | undefined) };
      if (json !== undefined) headers['content-type'] ??= 'application/vnd.api+json';
      return fetch(`${url}${path}`, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
    },
    close: () => server.close(),
  };
}

/**
 * A small account: lookups come from the simulator's defaults (Customer = organization type 1,
 * Active = status 1, Workstation = configuration type 1, United States = country 2).
 */
export function testDataset(): Record<string, unknown> {
  return {
    itglue: {
      apiKeys: [API_KEY],
      organizations: [
        { id: '1', name: 'Acme Dental', 'organization-type-id': 1, 'organization-status-id': 1, 'short-name': 'acme', 'created-at': '2024-01-01T00:00:00.000Z', 'updated-at': '2024-01-01T00:00:00.000Z' },
        { id: '2', name: 'Birch Vets', 'organization-type-id': 1, 'organization-status-id': 1, 'updated-at': '2024-06-01T00:00:00.000Z' },
        { id: '3', name: 'Smith, Jones & Co', 'organization-type-id': 2, 'organization-status-id': 2, 'updated-at': '2025-01-01T00:00:00.000Z' },
        { id: '4', name: 'Delta Freight', 'organization-type-id': 1, 'organization-status-id': 1, 'updated-at': '2023-03-01T00:00:00.000Z', 'psa-id': 'BMS-44', 'psa-integration-type': 'kaseya-bms' },
        { id: '5', name: 'Echo Labs', 'organization-type-id': 3, 'organization-status-id': 1, 'parent-id': 1, 'updated-at': '2023-05-01T00:00:00.000Z' },
      ],
      locations: [
        { id: '10', 'organization-id': 1, name: 'HQ', primary: true, city: 'Portland', 'region-id': 38, 'country-id': 2, phone: '(503) 555-0100' },
        { id: '11', 'organization-id': 1, name: 'Branch', city: 'Salem', 'country-id': 2 },
        { id: '12', 'organization-id': 2, name: 'Clinic', primary: true, city: 'Austin' },
      ],
      contacts: [
        {
          id: '20', 'organization-id': 1, 'first-name': 'Dana', 'last-name': 'Ruiz', 'location-id': 10,
          'contact-emails': [{ value: 'dana@acme.example', primary: true, 'label-name': 'Work' }],
          'contact-phones': [{ value: '4155550123', primary: true, 'label-name': 'Work' }],
        },
        {
          id: '21', 'organization-id': 1, 'first-name': 'Mia', 'last-name': 'Chen',
          'contact-emails': [{ value: 'mia@acme.example', primary: true, 'label-name': 'Work' }],
          'adapters-resources': [{ 'integration-type': 'office365', 'external-id': 'aad-user-21' }],
        },
        { id: '22', 'organization-id': 2, 'first-name': 'Sam', 'last-name': 'Birch' },
      ],
      configurations: [
        { id: '30', 'organization-id': 1, name: 'ACME-WS-01', 'configuration-type-id': 1, 'primary-ip': '10.1.2.14', 'mac-address': '18-5E-0F-ED-99-91', 'updated-at': '2024-02-01T00:00:00.000Z' },
        { id: '31', 'organization-id': 1, name: 'ACME-SRV-01', 'configuration-type-id': 3, 'location-id': 10, 'contact-id': 20, 'updated-at': '2024-03-01T00:00:00.000Z' },
        { id: '32', 'organization-id': 2, name: 'BIRCH-WS-01', 'configuration-type-id': 1, 'updated-at': '2024-04-01T00:00:00.000Z' },
      ],
      configurationInterfaces: [{ id: '40', 'configuration-id': 31, name: 'LAN', 'ip-address': '10.1.2.2', primary: true }],
      passwords: [
        { id: '50', 'organization-id': 1, name: 'Router admin', username: 'admin', password: 's3cret' },
        { id: '51', 'organization-id': 2, name: 'Wi-Fi', password: 'guest-pass' },
      ],
      documents: [{ id: '60', 'organization-id': 1, name: 'Onboarding runbook' }],
    },
  };
}

/** Many organizations for paging tests. */
export function manyOrganizations(count: number): Record<string, unknown> {
  return {
    itglue: {
      apiKeys: [API_KEY],
      organizations: Array.from({ length: count }, (_, i) => ({
        id: String(i + 1),
        name: `Org ${String(i + 1).padStart(4, '0')}`,
        'organization-type-id': 1,
        'updated-at': new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      })),
    },
  };
}

export async function expectRejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject');
}
