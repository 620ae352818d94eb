/**
 * Only what the official BMS API v2 document describes, by default (SPEC §11): every route the
 * client can call is in reference/bms-openapi-v2.json or declared undocumented; undocumented
 * routes are refused by the client and answered 404 by the simulator unless both are told to use
 * them (the integration setting `undocumentedBmsRoutes`, the simulator's `undocumentedRoutes`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BMS_ROUTES, UndocumentedRouteError, type BmsRoute } from '../../../clients/bms/index.js';
import { UNDOCUMENTED_ROUTES } from '../../../simulators/bms/simulator.js';
import { loadOpenApi, type OpenApiDocument } from '../openapi/openapi-validator.js';
import { buildDataset, failure, rawCall, rawLogin, startBms, type RunningBms } from './helpers.js';

const doc: OpenApiDocument = loadOpenApi(new URL('../../../reference/bms-openapi-v2.json', import.meta.url));

/** `GET /v2/crm/contacts/{Id}` and `…/{id}` are one route: parameter names and case do not matter. */
const normalise = (key: string) => {
  const [method, template] = key.split(' ') as [string, string];
  return `${method.toUpperCase()} ${template.toLowerCase().replace(/\{[^}]+\}/g, '{}')}`;
};
const documented = new Set(
  Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => normalise(`${method} ${path}`))),
);
const undocumentedInSimulator = new Set([...UNDOCUMENTED_ROUTES].map(normalise));

/** A call of every undocumented route, with ids from the test dataset. */
const UNDOCUMENTED_CALLS: Record<string, { path: string; body?: unknown }> = {
  'POST /v2/crm/accounts/{accountId}/locations': { path: '/v2/crm/accounts/1/locations', body: { locationName: 'Annex', addresses: [{ address1: '1 Annex Rd' }] } },
  'PUT /v2/crm/accounts/{accountId}/locations/{locationId}': { path: '/v2/crm/accounts/1/locations/11', body: { locationName: 'Warehouse', addresses: [] } },
  'GET /v2/finance/contracts/recurringservices/{contractId}/services': { path: '/v2/finance/contracts/recurringservices/700/services' },
  'PUT /v2/finance/contracts/recurringservices/{contractId}/services/{serviceLineId}': { path: '/v2/finance/contracts/recurringservices/700/services/7001', body: { units: 3 } },
};

describe('the routes of the BMS client', () => {
  const routes = Object.entries(BMS_ROUTES) as [BmsRoute, 'documented' | 'undocumented'][];

  it('are each in the official OpenAPI document, or declared undocumented (and absent from it)', () => {
    expect(routes.length).toBeGreaterThan(40);
    const wrong = routes.filter(([route, kind]) => documented.has(normalise(route)) !== (kind === 'documented'));
    expect(wrong.map(([route, kind]) => `${route} is declared ${kind}`)).toEqual([]);
  });

  it('declare as undocumented exactly the four the engine needs, the ones the simulator gates', () => {
    const undocumented = routes.filter(([, kind]) => kind === 'undocumented').map(([route]) => route);
    expect(undocumented.sort()).toEqual([
      'GET /v2/finance/contracts/recurringservices/{contractId}/services',
      'POST /v2/crm/accounts/{accountId}/locations',
      'PUT /v2/crm/accounts/{accountId}/locations/{locationId}',
      'PUT /v2/finance/contracts/recurringservices/{contractId}/services/{serviceLineId}',
    ]);
    expect(undocumented.map(normalise).sort()).toEqual([...undocumentedInSimulator].sort());
  });
});

describe('undocumented routes', () => {
  let bms: RunningBms;
  let token = '';

  beforeAll(async () => {
    bms = await startBms({ dataset: buildDataset() });
    token = (await rawLogin(bms.url)).accessToken;
  });
  afterAll(() => bms.close());
  beforeEach(async () => {
    await bms.admin.load(buildDataset());
    await bms.admin.configure({ undocumentedRoutes: false });
    await bms.admin.resetCounters();
  });

  it('every route the simulator serves is documented, or one of its undocumented routes', () => {
    const served = bms.simulator.hooks.router.routeKeys();
    expect(served.filter((r) => !documented.has(normalise(r)) && !undocumentedInSimulator.has(normalise(r)))).toEqual([]);
  });

  it('answer 404 in the simulator by default, like any unknown route, and work once it is told to serve them', async () => {
    for (const [route, call] of Object.entries(UNDOCUMENTED_CALLS)) {
      const method = route.split(' ')[0]!;
      const refused = await rawCall(bms.url, token, method, call.path, call.body);
      expect(refused.status, route).toBe(404);
      expect(refused.body, route).toMatchObject({ success: false, error: { code: 404 } });
    }
    await bms.admin.configure({ undocumentedRoutes: true });
    for (const [route, call] of Object.entries(UNDOCUMENTED_CALLS)) {
      const served = await rawCall(bms.url, token, route.split(' ')[0]!, call.path, call.body);
      expect(served.status, `${route}: ${JSON.stringify(served.body)}`).toBe(200);
    }
  });

  it('are refused by the client without the setting, naming it, before anything is sent', async () => {
    await bms.admin.configure({ undocumentedRoutes: true }); // the refusal must come from the client
    const client = bms.client();
    await client.login();
    await bms.admin.resetCounters();
    const calls: [string, Promise<unknown>][] = [
      ['createLocation', client.createLocation(1, { locationName: 'Annex', addresses: [] })],
      ['updateLocation', client.updateLocation(1, 11, { locationName: 'Warehouse', addresses: [] })],
      ['listServiceLines', client.listServiceLines(700)],
      ['updateServiceLine', client.updateServiceLine(700, 7001, { units: 3 })],
    ];
    for (const [name, call] of calls) {
      const err = await failure(call);
      expect(err, name).toBeInstanceOf(UndocumentedRouteError);
      expect(err.kind).toBe('config');
      expect(err.message).toContain('undocumentedBmsRoutes');
    }
    expect((await bms.admin.counters()).total).toBe(0);

    const allowed = bms.client({ undocumentedRoutes: true });
    expect((await allowed.listServiceLines(700)).map((l) => l.id)).toEqual([7001]);
  });
});

describe('recurring service lines through the documented route', () => {
  let bms: RunningBms;
  beforeAll(async () => {
    bms = await startBms({ dataset: buildDataset() });
  });
  afterAll(() => bms.close());

  it('takes whole units of either sign (int32 without a range in the document) and refuses fractions', async () => {
    const client = bms.client();
    const added = await client.addServiceLines(700, [{ serviceId: 1, units: -3, unitPrice: 35, effectiveDate: '2024-06-10T00:00:00' }]);
    expect(added).toMatchObject({ contractId: 700, serviceId: 1, units: -3, unitPrice: 35, totalPrice: -105, effectiveDate: '2024-06-10T00:00:00' });
    const fraction = await failure(client.addServiceLines(700, [{ serviceId: 1, units: 2.5 }]));
    expect(fraction.kind).toBe('validation');
    expect(fraction.details.join(' ')).toContain('units');
  });

  it('reads a service of the catalogue with its price', async () => {
    expect(await bms.client().getService(1)).toMatchObject({ id: 1, name: 'Managed Workstation', unitPrice: 35, isActive: true });
    expect((await failure(bms.client().getService(999))).kind).toBe('not-found');
  });
});
