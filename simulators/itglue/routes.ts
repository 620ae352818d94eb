/**
 * The IT Glue route map (itglue-api.md §3.1) on the shared Router. Handlers are generic over
 * resource definitions: list, show, create (root single, nested single or bulk), update (single,
 * root bulk with ids inside attributes, or one hash applied to every filter match), bulk delete
 * (ids in the body, or filters) and single delete (204) where the API has it.
 */
import { Router, type Handler, type SimRequest } from '../common/router.js';
import {
  JsonApiError,
  badParameter,
  bodyData,
  errorBody,
  invalid,
  jsonApi,
  notFoundError,
  readResource,
  toId,
} from './jsonapi.js';
import { pageLinks, pageMeta, parseFilters, parseInclude, parsePage, parseSort } from './query.js';
import { LOOKUP_COLLECTIONS, RESOURCES, WRITABLE_LOOKUPS, type Collection, type ResourceDef } from './resources.js';
import type { ItGlueStore, ResourceObject } from './store.js';
import type { Row } from './table.js';

type Scope = { key: string; value: number };
type ScopeOf = (req: SimRequest) => Scope;

const ORG = '/organizations/{oid}/relationships';

export function buildItGlueRouter(store: ItGlueStore): Router {
  const router = new Router({ caseInsensitive: false });
  const route = (method: string, template: string, handler: Handler): void => {
    router.add(method, template, (req) => {
      try {
        return handler(req);
      } catch (err) {
        if (err instanceof JsonApiError) return errorBody(err.status, err.errors);
        throw err;
      }
    });
  };

  // ------------------------------------------------------------ generic handlers

  const present = (def: ResourceDef, row: Row, included?: Map<string, ResourceObject>, include: string[] = []): ResourceObject =>
    store.present(def, row, { include, included });

  const list =
    (def: ResourceDef, options: { scope?: ScopeOf; ignoreFilters?: boolean; requiredFilter?: string } = {}): Handler =>
    (req) => {
      const scope = options.scope?.(req);
      const page = parsePage(req.query, store.config());
      const sort = parseSort(def, req.query);
      const include = parseInclude(def, req.query);
      // Filters do not apply on /organizations/:id/relationships/... routes. [C] itglue-api.md §2.3
      const { filters, applied } = options.ignoreFilters ? { filters: [], applied: {} } : parseFilters(def, req.query);
      if (options.requiredFilter && !filters.some((f) => f.name === options.requiredFilter)) {
        // ASSUMPTION (itglue-api.md §2.4): the missing required filter is a 400 (a query-parameter error).
        throw badParameter(`filter[${options.requiredFilter}]`, `filter[${options.requiredFilter}] is required`);
      }
      const ids = store.queryIds(def, { filters, sort, scope });
      const meta = pageMeta(page, ids.length, applied);
      const table = store.table(def.collection);
      const included = new Map<string, ResourceObject>();
      const data = ids
        .slice((page.number - 1) * page.size, page.number * page.size)
        .map((id) => present(def, table.get(id)!, included, include));
      const body: Record<string, unknown> = { data, meta, links: pageLinks(req, meta, page.size) };
      if (include.length) body.included = [...included.values()];
      return jsonApi(200, body);
    };

  const show =
    (def: ResourceDef, scope?: ScopeOf): Handler =>
    (req) => {
      const row = store.requireRow(def, req.params.id!, scope?.(req));
      const include = parseInclude(def, req.query);
      const included = new Map<string, ResourceObject>();
      const showPassword = def.collection === 'passwords' && req.query.get('show_password') !== 'false';
      const body: Record<string, unknown> = { data: store.present(def, row, { include, included, showPassword }) };
      if (include.length) body.included = [...included.values()];
      return jsonApi(200, body);
    };

  /** POST on a root route: one resource object ([C] bulk create is nested-only). */
  const createRoot =
    (def: ResourceDef): Handler =>
    (req) => {
      const data = bodyData(req);
      if (Array.isArray(data)) throw invalid('/data', 'bulk create is only available on nested relationship routes');
      const [row] = store.createRecords(def, [readResource(data, def.type, '/data')]);
      return jsonApi(201, { data: present(def, row!) });
    };

  /** POST on a nested route: one resource object, or an array for a bulk create. */
  const createNested =
    (def: ResourceDef, scope: ScopeOf): Handler =>
    (req) => {
      const parent = scope(req);
      const data = bodyData(req);
      const context = { parent: { [parent.key]: parent.value } };
      if (!Array.isArray(data)) {
        const [row] = store.createRecords(def, [readResource(data, def.type, '/data')], context);
        return jsonApi(201, { data: present(def, row!) });
      }
      const inputs = store.prepareAll(data.map((item, i) => () => readResource(item, def.type, `/data/${i}`)));
      // ASSUMPTION (itglue-api.md §1.4): a bulk create answers 201 with the created records in a `data` array.
      return jsonApi(201, { data: store.createRecords(def, inputs, context).map((row) => present(def, row)) });
    };

  const updateOne =
    (def: ResourceDef, scope?: ScopeOf): Handler =>
    (req) => {
      const row = store.requireRow(def, req.params.id!, scope?.(req));
      const data = bodyData(req);
      if (Array.isArray(data)) throw invalid('/data', 'must be a single resource object');
      store.updateRecords([store.prepareUpdate(def, row, readResource(data, def.type, '/data'))]);
      return jsonApi(200, { data: present(def, row) });
    };

  /** Resolves `attributes.id` of each bulk item. */
  const bulkTargets = (def: ResourceDef, data: unknown[], scope?: Scope) =>
    store.prepareAll(
      data.map((item, i) => () => {
        const input = readResource(item, def.type, `/data/${i}`);
        const id = toId(input.attributes.id);
        if (id === undefined) throw invalid(`/data/${i}/attributes/id`, "can't be blank");
        const row = store.row(def.collection, id);
        if (!row || (scope && row[scope.key] !== scope.value)) throw invalid(`/data/${i}/attributes/id`, `${def.type} ${id} does not exist`);
        const { id: _id, ...attributes } = input.attributes;
        return { row, input: { ...input, attributes } };
      }),
    );

  const matchingRows = (def: ResourceDef, req: SimRequest): Row[] => {
    const { filters } = parseFilters(def, req.query);
    if (!filters.length) return [];
    return store.queryIds(def, { filters, sort: [] }).map((id) => store.table(def.collection).get(id)!);
  };

  const hasFilters = (req: SimRequest): boolean => [...req.query.keys()].some((k) => k.startsWith('filter['));

  /** Root PATCH: `data` array with ids inside attributes, or one hash applied to every filter match. [C] */
  const bulkUpdate =
    (def: ResourceDef): Handler =>
    (req) => {
      const data = bodyData(req);
      let rows: Row[];
      if (Array.isArray(data)) {
        // ASSUMPTION (itglue-api.md §1.4): an array body combined with filters is refused, as for bulk delete.
        if (hasFilters(req)) throw invalid('/data', 'a list of records and filter parameters cannot be combined');
        const targets = bulkTargets(def, data);
        rows = store.updateRecords(store.prepareAll(targets.map((t) => () => store.prepareUpdate(def, t.row, t.input))));
      } else {
        if (!hasFilters(req)) throw invalid('/data', 'must be an array, or a single object together with filter parameters');
        const input = readResource(data, def.type, '/data');
        const targets = matchingRows(def, req);
        rows = store.updateRecords(store.prepareAll(targets.map((row) => () => store.prepareUpdate(def, row, input))));
      }
      return jsonApi(200, { data: rows.map((row) => present(def, row)) });
    };

  /** DELETE with a body of ids (or, on root routes, filters): 200 and the deleted records. [C] */
  const bulkDelete =
    (def: ResourceDef, scope?: ScopeOf): Handler =>
    (req) => {
      const parent = scope?.(req);
      let rows: Row[];
      if (req.rawBody.trim()) {
        if (hasFilters(req)) throw invalid('/data', 'a body and filter parameters cannot be combined');
        const data = bodyData(req);
        if (!Array.isArray(data)) throw invalid('/data', 'must be an array');
        const unique = new Map(bulkTargets(def, data, parent).map((t) => [t.row.id, t.row]));
        rows = [...unique.values()];
      } else {
        if (parent || !hasFilters(req)) throw invalid('/data', "can't be blank");
        rows = matchingRows(def, req);
      }
      const deleted = rows.map((row) => present(def, row));
      for (const row of rows) store.deleteRecord(def.collection, row);
      return jsonApi(200, { data: deleted });
    };

  const deleteOne =
    (def: ResourceDef, scope?: ScopeOf): Handler =>
    (req) => {
      store.deleteRecord(def.collection, store.requireRow(def, req.params.id!, scope?.(req)));
      return { status: 204 };
    };

  const parentScope =
    (collection: Collection, param: string, key: string): ScopeOf =>
    (req) => {
      const id = toId(req.params[param]);
      if (id === undefined || !store.row(collection, id)) throw notFoundError(`${RESOURCES[collection].type} ${req.params[param]} not found`);
      return { key, value: id };
    };
  const inOrganization = parentScope('organizations', 'oid', 'organization-id');

  // ------------------------------------------------------------ organizations and their records

  const organizations = RESOURCES.organizations;
  route('GET', '/organizations', list(organizations));
  route('POST', '/organizations', createRoot(organizations));
  route('PATCH', '/organizations', bulkUpdate(organizations));
  route('DELETE', '/organizations', bulkDelete(organizations));
  route('GET', '/organizations/{id}', show(organizations));
  route('PATCH', '/organizations/{id}', updateOne(organizations));

  for (const collection of ['configurations', 'contacts', 'locations', 'passwords', 'documents'] as const) {
    const def = RESOURCES[collection];
    const root = `/${def.path}`;
    const nested = `${ORG}/${def.path}`;
    route('GET', root, list(def));
    route('POST', root, createRoot(def));
    route('PATCH', root, bulkUpdate(def));
    route('DELETE', root, bulkDelete(def));
    route('GET', `${root}/{id}`, show(def));
    route('PATCH', `${root}/{id}`, updateOne(def));
    route('GET', nested, list(def, { scope: inOrganization, ignoreFilters: true }));
    route('POST', nested, createNested(def, inOrganization));
    route('DELETE', nested, bulkDelete(def, inOrganization));
    route('GET', `${nested}/{id}`, show(def, inOrganization));
    route('PATCH', `${nested}/{id}`, updateOne(def, inOrganization));
  }
  // Single DELETE (204) is documented for passwords only among these. [C] itglue-api.md §1.4
  route('DELETE', '/passwords/{id}', deleteOne(RESOURCES.passwords));

  // ------------------------------------------------------------ configuration interfaces

  const interfaces = RESOURCES.configurationInterfaces;
  const inConfiguration = parentScope('configurations', 'cid', 'configuration-id');
  const interfacesNested = '/configurations/{cid}/relationships/configuration_interfaces';
  route('GET', interfacesNested, list(interfaces, { scope: inConfiguration }));
  route('POST', interfacesNested, createNested(interfaces, inConfiguration));
  route('GET', `${interfacesNested}/{id}`, show(interfaces, inConfiguration));
  route('PATCH', `${interfacesNested}/{id}`, updateOne(interfaces, inConfiguration));
  route('DELETE', `${interfacesNested}/{id}`, deleteOne(interfaces, inConfiguration));
  route('POST', '/configuration_interfaces', createRoot(interfaces));
  route('PATCH', '/configuration_interfaces', bulkUpdate(interfaces));
  route('GET', '/configuration_interfaces/{id}', show(interfaces));
  route('PATCH', '/configuration_interfaces/{id}', updateOne(interfaces));

  // ------------------------------------------------------------ flexible assets

  const types = RESOURCES.flexibleAssetTypes;
  route('GET', '/flexible_asset_types', list(types));
  route('POST', '/flexible_asset_types', createRoot(types));
  route('GET', '/flexible_asset_types/{id}', show(types));
  route('PATCH', '/flexible_asset_types/{id}', updateOne(types));

  const fields = RESOURCES.flexibleAssetFields;
  const inType = parentScope('flexibleAssetTypes', 'tid', 'flexible-asset-type-id');
  const fieldsNested = '/flexible_asset_types/{tid}/relationships/flexible_asset_fields';
  route('GET', fieldsNested, list(fields, { scope: inType }));
  route('POST', fieldsNested, createNested(fields, inType));
  route('GET', `${fieldsNested}/{id}`, show(fields, inType));
  route('PATCH', `${fieldsNested}/{id}`, updateOne(fields, inType));
  route('DELETE', `${fieldsNested}/{id}`, deleteOne(fields, inType));
  route('POST', '/flexible_asset_fields', createRoot(fields));
  route('PATCH', '/flexible_asset_fields', bulkUpdate(fields));
  route('GET', '/flexible_asset_fields/{id}', show(fields));
  route('PATCH', '/flexible_asset_fields/{id}', updateOne(fields));
  route('DELETE', '/flexible_asset_fields/{id}', deleteOne(fields));

  const assets = RESOURCES.flexibleAssets;
  route('GET', '/flexible_assets', list(assets, { requiredFilter: 'flexible-asset-type-id' }));
  route('POST', '/flexible_assets', createRoot(assets));
  route('PATCH', '/flexible_assets', bulkUpdate(assets));
  route('DELETE', '/flexible_assets', bulkDelete(assets));
  route('GET', '/flexible_assets/{id}', show(assets));
  route('PATCH', '/flexible_assets/{id}', updateOne(assets));
  route('DELETE', '/flexible_assets/{id}', deleteOne(assets));
  route('POST', `${ORG}/flexible_assets`, createNested(assets, inOrganization));

  // ------------------------------------------------------------ domains and attachments

  // Only the list is documented for domains. [C] itglue-api.md §3.1
  route('GET', '/domains', list(RESOURCES.domains));

  // A record's attachments: deleted in bulk on its nested route (ids in the body). [C] itglue-api.md §3.1
  // ASSUMPTION: the answer is 200 with the deleted attachments, like the other bulk deletes.
  const attachments = RESOURCES.attachments;
  for (const parent of ['organizations', 'locations', 'contacts', 'configurations', 'passwords', 'documents', 'flexibleAssets'] as const) {
    const def = RESOURCES[parent];
    route('DELETE', `/${def.path}/{rid}/relationships/attachments`, (req) => {
      const owner = store.requireRow(def, req.params.rid!);
      const data = bodyData(req);
      if (!Array.isArray(data)) throw invalid('/data', 'must be an array');
      const mine = new Map(store.attachmentsOf(def, owner).map((a) => [a.id, a]));
      const rows = store.prepareAll(
        data.map((item, i) => () => {
          const id = toId(readResource(item, attachments.type, `/data/${i}`).attributes.id);
          if (id === undefined) throw invalid(`/data/${i}/attributes/id`, "can't be blank");
          const row = mine.get(id);
          if (!row) throw invalid(`/data/${i}/attributes/id`, `attachments ${id} does not exist`);
          return row;
        }),
      );
      const deleted = rows.map((row) => present(attachments, row));
      for (const row of rows) store.deleteRecord('attachments', row);
      return jsonApi(200, { data: deleted });
    });
  }

  // ------------------------------------------------------------ lookup lists

  for (const collection of LOOKUP_COLLECTIONS) {
    const def = RESOURCES[collection];
    route('GET', `/${def.path}`, list(def));
    route('GET', `/${def.path}/{id}`, show(def));
    if (!WRITABLE_LOOKUPS.has(collection)) continue;
    route('POST', `/${def.path}`, createRoot(def));
    route('PATCH', `/${def.path}/{id}`, updateOne(def));
  }
  const models = RESOURCES.models;
  const byManufacturer = parentScope('manufacturers', 'mid', 'manufacturer-id');
  route('PATCH', '/models', bulkUpdate(models));
  route('GET', '/manufacturers/{mid}/relationships/models', list(models, { scope: byManufacturer }));
  route('POST', '/manufacturers/{mid}/relationships/models', createNested(models, byManufacturer));
  route('GET', '/countries/{cid}/relationships/regions', list(RESOURCES.regions, { scope: parentScope('countries', 'cid', 'country-id') }));

  return router;
}
