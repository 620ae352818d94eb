/**
 * OpenAPI fidelity: every BMS endpoint the engine uses answers what the official V2 document
 * describes (wire camelCase): types, nullability, every listed property present, nothing extra.
 * Endpoints the docs lack (assumed, see simulators/bms/ASSUMPTIONS.md; served only with the
 * simulator's `undocumentedRoutes`) are checked against the closest documented DTO and may carry
 * extra properties.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDataset, rawLogin, startBms, TENANT, API_USER, type RunningBms } from '../bms/helpers.js';
import { loadOpenApi, responseSchema, schemaNamed, validate, wireName, type OpenApiDocument, type Schema } from './openapi-validator.js';

const doc: OpenApiDocument = loadOpenApi(new URL('../../../reference/bms-openapi-v2.json', import.meta.url));

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The documented path template (or the assumed one). */
  template: string;
  path: string;
  json?: unknown;
  form?: Record<string, string>;
  /** For assumed endpoints: the schema to hold the response to (extras allowed). */
  assumed?: Schema;
  /** For documented endpoints whose documented answer is a slip: the schema to hold them to instead (no extras). */
  instead?: Schema;
}

/** `{success, error, result: T[]}` for an assumed list endpoint. */
function listResponse(item: string): Schema {
  return { type: 'object', properties: { Success: { type: 'boolean' }, Error: schemaNamed('ErrorInfo'), Result: { type: 'array', items: schemaNamed(item) } } };
}

const address = { address1: '1 Test Rd', city: 'Testville', state: 'TX', zipCode: '75001', countryId: 1, phone: '555-0000' };
const assetBody = { name: 'OPENAPI-PC', accountId: 1, accountLocationId: 10, categoryId: 1, contactId: 1001, serialNumber: 'OA-1', macAddress: 'AA-BB-CC-DD-EE-FF', isActive: true };

let refreshForm: Record<string, string> = {};

const cases: Case[] = [
  { method: 'POST', template: '/v2/security/authenticate', path: '/v2/security/authenticate', form: { UserName: API_USER.userName, Password: API_USER.password, Tenant: TENANT, GrantType: 'password' } },
  { method: 'POST', template: '/v2/security/refreshtoken', path: '/v2/security/refreshtoken', form: {} /* filled at run time */ },
  { method: 'GET', template: '/v2/security/userinfo', path: '/v2/security/userinfo' },
  { method: 'GET', template: '/v2/crm/accounts/summary', path: '/v2/crm/accounts/summary?PageSize=3' },
  { method: 'GET', template: '/v2/crm/accounts/summary/{id}', path: '/v2/crm/accounts/summary/1' },
  { method: 'GET', template: '/v2/crm/accounts/lookup', path: '/v2/crm/accounts/lookup' },
  {
    method: 'POST',
    template: '/v2/crm/accounts',
    path: '/v2/crm/accounts',
    json: { accountName: 'OpenAPI Co', accountTypeId: 1, businessTypeId: 1, accountManagerId: 1, locations: [{ locationName: 'HQ', isMain: true, addresses: [address] }] },
  },
  { method: 'PUT', template: '/v2/crm/accounts/{id}', path: '/v2/crm/accounts/3', json: { accountName: 'Account 3', accountTypeId: 1, businessTypeId: 2, accountManagerId: 2, website: 'https://a3.example' } },
  { method: 'PATCH', template: '/v2/crm/accounts/{id}', path: '/v2/crm/accounts/3', json: [{ op: 'replace', path: '/description', value: 'patched' }] },
  { method: 'GET', template: '/v2/crm/accounts/{accountId}/locations/lookup', path: '/v2/crm/accounts/1/locations/lookup' },
  { method: 'GET', template: '/v2/crm/accounts/{accountId}/locations/{locationId}', path: '/v2/crm/accounts/1/locations/11' },
  {
    method: 'POST',
    template: '/v2/crm/accounts/{accountId}/locations',
    path: '/v2/crm/accounts/1/locations',
    json: { locationName: 'Annex', isMain: false, isActive: true, addresses: [address] },
    assumed: schemaNamed('AccountLocationOutputDtoResponse'),
  },
  {
    method: 'PUT',
    template: '/v2/crm/accounts/{accountId}/locations/{locationId}',
    path: '/v2/crm/accounts/1/locations/11',
    json: { locationName: 'Warehouse 2', isMain: false, isActive: true, addresses: [address] },
    assumed: schemaNamed('AccountLocationOutputDtoResponse'),
  },
  { method: 'GET', template: '/v2/crm/contacts/summary', path: '/v2/crm/contacts/summary' },
  { method: 'GET', template: '/v2/crm/contacts/search', path: '/v2/crm/contacts/search?Filter.AccountIds=1,2' },
  { method: 'GET', template: '/v2/crm/contacts/summary/{id}', path: '/v2/crm/contacts/summary/1001' },
  { method: 'GET', template: '/v2/crm/accounts/{accountId}/contacts/lookup', path: '/v2/crm/accounts/1/contacts/lookup' },
  {
    method: 'POST',
    template: '/v2/crm/contacts/summary',
    path: '/v2/crm/contacts/summary',
    json: { firstName: 'Open', lastName: 'Api', accountId: 1, locationId: 10, emails: [{ emailAddress: 'open@api.example', emailTypeId: 1, isDefault: true }], phones: [{ phoneNumber: '555-1111', phoneTypeId: 1, isDefault: true }] },
  },
  { method: 'PUT', template: '/v2/crm/contacts/{id}', path: '/v2/crm/contacts/1002', json: { accountId: 1, locationId: 10, firstName: 'John', lastName: 'Smith', jobTitle: 'CFO', poc: false, isActive: true } },
  { method: 'PATCH', template: '/v2/crm/contacts/{id}', path: '/v2/crm/contacts/1002', json: [{ op: 'replace', path: 'jobTitle', value: 'CEO' }] },
  { method: 'PATCH', template: '/v2/crm/contacts/{contactId}/emails', path: '/v2/crm/contacts/1002/emails', json: [{ operation: 0, emailAddress: 'john@home.example', typeId: 2 }] },
  { method: 'PATCH', template: '/v2/crm/contacts/{contactId}/phones', path: '/v2/crm/contacts/1002/phones', json: [{ operation: 0, phoneNumber: '555-2222', typeId: 2 }] },
  { method: 'DELETE', template: '/v2/crm/contacts/{Id}', path: '/v2/crm/contacts/1003' },
  { method: 'GET', template: '/v2/servicedesk/hardwareasset/searchselect', path: '/v2/servicedesk/hardwareasset/searchselect' },
  { method: 'GET', template: '/v2/servicedesk/hardwareasset/{assetId}', path: '/v2/servicedesk/hardwareasset/2001' },
  { method: 'POST', template: '/v2/servicedesk/hardwareasset', path: '/v2/servicedesk/hardwareasset', json: assetBody },
  { method: 'PUT', template: '/v2/servicedesk/hardwareasset/{assetId}', path: '/v2/servicedesk/hardwareasset/2002', json: { ...assetBody, accountId: 2, accountLocationId: 20, contactId: null } },
  { method: 'DELETE', template: '/v2/servicedesk/hardwareasset/{Id}', path: '/v2/servicedesk/hardwareasset/2004' },
  { method: 'GET', template: '/v2/servicedesk/tickets', path: '/v2/servicedesk/tickets' },
  { method: 'POST', template: '/v2/servicedesk/tickets/search', path: '/v2/servicedesk/tickets/search', json: { filter: { excludeCompleted: 1 } } },
  { method: 'GET', template: '/v2/servicedesk/tickets/{ticketId}', path: '/v2/servicedesk/tickets/1' },
  { method: 'GET', template: '/v2/servicedesk/tickets/count', path: '/v2/servicedesk/tickets/count?ExcludeCompleted=1&LastActivityUpdateFrom=2024-01-01' },
  { method: 'GET', template: '/v2/servicedesk/tickets/searchselect', path: '/v2/servicedesk/tickets/searchselect?Filter.AccountId=1' },
  // The note and checklist-item ids below are the first the simulator hands out (the dataset has none).
  {
    method: 'POST',
    template: '/v2/servicedesk/tickets/{ticketId}/notes',
    path: '/v2/servicedesk/tickets/1/notes',
    json: { details: 'Suggested documentation', isInternal: true, typeId: 1, noteDate: '2024-06-01T10:00:00Z' },
  },
  { method: 'GET', template: '/v2/servicedesk/tickets/{ticketId}/notes', path: '/v2/servicedesk/tickets/1/notes' },
  { method: 'GET', template: '/v2/servicedesk/tickets/{ticketId}/notes/{noteId}', path: '/v2/servicedesk/tickets/1/notes/1' },
  {
    method: 'PUT',
    template: '/v2/servicedesk/tickets/{ticketId}/notes/{noteId}',
    path: '/v2/servicedesk/tickets/1/notes/1',
    json: { details: 'Suggested documentation (2)', isInternal: true, typeId: 0, noteDate: '2024-06-01T10:00:00Z' },
  },
  { method: 'DELETE', template: '/v2/servicedesk/tickets/{ticketId}/notes/{noteId}', path: '/v2/servicedesk/tickets/1/notes/1' },
  { method: 'POST', template: '/v2/servicedesk/tickets/{ticketId}/checklistitems', path: '/v2/servicedesk/tickets/1/checklistitems', json: { name: 'Check the toner', order: 1 } },
  {
    method: 'GET',
    template: '/v2/servicedesk/tickets/{ticketId}/checklistitems',
    path: '/v2/servicedesk/tickets/1/checklistitems',
    // S2 types this as one item; the simulator answers the list (ASSUMPTIONS.md), each row exactly the documented DTO.
    instead: listResponse('TicketChecklistItemOutputDto'),
  },
  {
    method: 'PUT',
    template: '/v2/servicedesk/tickets/{ticketId}/checklistitems/{itemId}',
    path: '/v2/servicedesk/tickets/1/checklistitems/1',
    json: { name: 'Check the toner', order: 1, isCompleted: true },
  },
  { method: 'DELETE', template: '/v2/servicedesk/tickets/{ticketId}/checklistitems/{itemId}', path: '/v2/servicedesk/tickets/1/checklistitems/1' },
  { method: 'DELETE', template: '/v2/servicedesk/tickets/{ticketId}/checklistitems', path: '/v2/servicedesk/tickets/1/checklistitems' },
  {
    method: 'POST',
    template: '/v2/servicedesk/tickets',
    path: '/v2/servicedesk/tickets',
    json: { title: 'OpenAPI', details: 'check', accountId: 1, locationId: 10, contactId: 1001, statusId: 1, priorityId: 2, typeId: 1, sourceId: 4, openDate: '2024-06-01T00:00:00Z' },
  },
  { method: 'GET', template: '/v2/system/accounttypes/lookup', path: '/v2/system/accounttypes/lookup' },
  { method: 'GET', template: '/v2/system/lookup/{tableName}', path: '/v2/system/lookup/AssetCategory' },
  { method: 'GET', template: '/v2/system/tenantlookup/{tableName}', path: '/v2/system/tenantlookup/PhoneType' },
  { method: 'GET', template: '/v2/hr/employees/lookup', path: '/v2/hr/employees/lookup' },
  { method: 'GET', template: '/v2/system/statuses/lookup', path: '/v2/system/statuses/lookup' },
  { method: 'GET', template: '/v2/system/priorities/lookup', path: '/v2/system/priorities/lookup' },
  { method: 'GET', template: '/v2/system/queues/lookup', path: '/v2/system/queues/lookup' },
  { method: 'GET', template: '/v2/system/issuetypes/lookup', path: '/v2/system/issuetypes/lookup' },
  { method: 'GET', template: '/v2/system/issuetypes/{issueTypeId}/issuesubtypes/lookup', path: '/v2/system/issuetypes/3/issuesubtypes/lookup' },
  { method: 'GET', template: '/v2/hr/assignees/lookup', path: '/v2/hr/assignees/lookup?Filter.AccountId=1' },
  { method: 'GET', template: '/v2/finance/contracts/summary', path: '/v2/finance/contracts/summary' },
  { method: 'GET', template: '/v2/finance/contracts/lookup', path: '/v2/finance/contracts/lookup?AccountId=1' },
  {
    method: 'POST',
    template: '/v2/finance/contracts/recurringservices',
    path: '/v2/finance/contracts/recurringservices',
    json: { accountId: 2, billingCycleId: 1, startDate: '2024-06-01T00:00:00', endDate: '2025-05-31T00:00:00', isNotificationEnabled: false, services: [{ serviceId: 1, units: 3 }] },
  },
  { method: 'POST', template: '/v2/finance/contracts/recurringservices/{contractId}/services', path: '/v2/finance/contracts/recurringservices/700/services', json: [{ serviceId: 2, units: 1 }] },
  {
    method: 'GET',
    template: '/v2/finance/contracts/recurringservices/{contractId}/services',
    path: '/v2/finance/contracts/recurringservices/700/services',
    assumed: listResponse('RecurringServicePostOutputDto'),
  },
  {
    method: 'PUT',
    template: '/v2/finance/contracts/recurringservices/{contractId}/services/{serviceLineId}',
    path: '/v2/finance/contracts/recurringservices/700/services/7001',
    json: { units: 30 },
    assumed: schemaNamed('RecurringServicePostOutputDtoResponse'),
  },
  { method: 'GET', template: '/v2/admin/finance/services/lookup', path: '/v2/admin/finance/services/lookup' },
  { method: 'GET', template: '/v2/admin/finance/services/{serviceId}', path: '/v2/admin/finance/services/1' },
];

describe('the OpenAPI validator', () => {
  const row = { id: 1, name: 'Customer', isActive: true, isClient: true, isVendor: false };
  const envelopeOf = (result: unknown) => ({ success: true, error: null, result: [result] });
  const schema = responseSchema(doc, 'GET', '/v2/system/accounttypes/lookup')!;

  it('converts names with the .NET camel-casing rule', () => {
    expect(['SLAName', 'IPAddress', 'DNSServers', 'HasMetSLA', 'Address1', 'StackStrace', 'PayloadURL', 'MFACode', 'CCs', 'Id', 'path'].map(wireName)).toEqual([
      'slaName', 'ipAddress', 'dnsServers', 'hasMetSLA', 'address1', 'stackStrace', 'payloadURL', 'mfaCode', 'cCs', 'id', 'path',
    ]);
  });

  it('accepts a valid response and reports missing, extra, mistyped and null fields', () => {
    expect(validate(doc, schema, envelopeOf(row))).toEqual([]);
    const { isVendor: _dropped, ...missing } = row;
    expect(validate(doc, schema, envelopeOf(missing))).toEqual(['result[0].isVendor: missing']);
    expect(validate(doc, schema, envelopeOf({ ...row, extra: 1 }))).toEqual(['result[0].extra: not in the schema']);
    expect(validate(doc, schema, envelopeOf({ ...row, extra: 1 }), { allowExtra: true })).toEqual([]);
    expect(validate(doc, schema, envelopeOf({ ...row, id: '1' }))).toEqual(['result[0].id: expected integer, got string "1"']);
    expect(validate(doc, schema, envelopeOf({ ...row, isActive: null }))).toEqual(['result[0].isActive: null is not allowed']);
    expect(validate(doc, schema, { ...envelopeOf(row), Success: true })).toEqual(['Success: not in the schema']);
  });
});

describe('BMS simulator responses match the official OpenAPI document', () => {
  let bms: RunningBms;
  let token = '';

  beforeAll(async () => {
    // The assumed (undocumented) routes are served only when the simulator is told to.
    bms = await startBms({ dataset: buildDataset(), config: { undocumentedRoutes: true } });
    const tokens = await rawLogin(bms.url);
    token = tokens.accessToken;
    refreshForm = { AccessToken: tokens.accessToken, RefreshToken: tokens.refreshToken };
  });
  afterAll(() => bms.close());

  // Sequential on purpose: the writes build on the dataset and on each other.
  for (const c of cases) {
    it(`${c.method} ${c.template}`, async () => {
      const form = c.template === '/v2/security/refreshtoken' ? refreshForm : c.form;
      const response = await fetch(`${bms.url}${c.path}`, {
        method: c.method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(c.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: c.json !== undefined ? JSON.stringify(c.json) : form ? new URLSearchParams(form) : undefined,
      });
      const text = await response.text();
      expect(response.status, text.slice(0, 500)).toBe(200);
      const body = JSON.parse(text) as Record<string, unknown>;

      const schema = c.assumed ?? c.instead ?? responseSchema(doc, c.method, c.template);
      if (!schema) {
        // S2 documents no body (DELETE): the simulator answers the plain success envelope.
        expect(body).toEqual({ success: true, error: null, result: null });
        return;
      }
      expect(validate(doc, schema, body, { allowExtra: !!c.assumed })).toEqual([]);
      if ('result' in body) {
        expect(body.success).toBe(true);
        expect(body.result).not.toBeNull();
        // Lists must not be empty, or their row schema would go unchecked.
        if (Array.isArray(body.result)) expect(body.result.length).toBeGreaterThan(0);
      }
      if (c.template === '/v2/security/refreshtoken' || c.template === '/v2/security/authenticate') {
        token = (body.result as { accessToken: string }).accessToken;
        refreshForm = { AccessToken: token, RefreshToken: (body.result as { refreshToken: string }).refreshToken };
      }
    });
  }

  it('covers every route the simulator serves', () => {
    // The router keeps its routes private; read them to prove no served route goes unchecked.
    const routes = (bms.simulator.hooks.router as unknown as { routes: Array<{ method: string; template: string }> }).routes;
    const norm = (method: string, template: string) => `${method} ${template.toLowerCase().replace(/\{[^}]+\}/g, '{}')}`;
    const tested = new Set(cases.map((c) => norm(c.method, c.template)));
    const untested = routes.map((r) => norm(r.method, r.template)).filter((r) => !tested.has(r));
    expect(routes.length).toBe(cases.length);
    expect(untested).toEqual([]);
  });
});
