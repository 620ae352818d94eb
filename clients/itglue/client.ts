/**
 * A typed IT Glue REST client (itglue-api.md) on the shared HttpClient.
 *
 * - Responses are validated with zod (schemas.ts); a wrong shape is a `malformed-response`
 *   ApiError naming the field.
 * - Writes send `application/vnd.api+json` with kebab-case attribute keys. Reads are retried on
 *   transient errors and 429s; writes (POST, PATCH and DELETE) only on 429, because a write whose
 *   response was lost may have been applied: the caller checks before trying again.
 * - The API key goes into the `x-api-key` header only and is redacted from error details (HttpClient).
 */
import type { z } from 'zod';
import {
  ApiError,
  HttpClient,
  parseResponse,
  type ApiMetrics,
  type HttpLogger,
  type HttpRequest,
  type HttpResponse,
  type QueryValue,
  type RateGate,
} from '../http.js';
import {
  itgAdaptersResourceSchema,
  itgConfigurationInterfaceSchema,
  itgConfigurationSchema,
  itgContactSchema,
  itgCountrySchema,
  itgAttachmentSchema,
  itgDocumentSchema,
  itgDomainSchema,
  itgFlexibleAssetFieldSchema,
  itgFlexibleAssetSchema,
  itgFlexibleAssetTypeSchema,
  itgListSchema,
  itgLocationSchema,
  itgManySchema,
  itgModelSchema,
  itgNamedLookupSchema,
  itgOperatingSystemSchema,
  itgOrganizationSchema,
  itgPasswordSchema,
  itgRegionSchema,
  itgSingleSchema,
  type ItgConfiguration,
  type ItgConfigurationInterface,
  type ItgConfigurationInterfaceWrite,
  type ItgConfigurationWrite,
  type ItgContact,
  type ItgContactResource,
  type ItgContactWrite,
  type ItgDocument,
  type ItgFlexibleAsset,
  type ItgFlexibleAssetField,
  type ItgFlexibleAssetFieldWrite,
  type ItgFlexibleAssetType,
  type ItgFlexibleAssetTypeWrite,
  type ItgFlexibleAssetWrite,
  type ItgIncluded,
  type ItgListMeta,
  type ItgLocation,
  type ItgLocationWrite,
  type ItgLookupWrite,
  type ItgOrganization,
  type ItgOrganizationWrite,
  type ItgPassword,
  type ItgResource,
} from './schemas.js';

const JSON_API = 'application/vnd.api+json';

/** Each resource's URL segment, JSON:API type and attribute schema. */
export const ITG_RESOURCES = {
  organizations: { path: 'organizations', type: 'organizations', schema: itgOrganizationSchema },
  locations: { path: 'locations', type: 'locations', schema: itgLocationSchema },
  contacts: { path: 'contacts', type: 'contacts', schema: itgContactSchema },
  configurations: { path: 'configurations', type: 'configurations', schema: itgConfigurationSchema },
  configurationInterfaces: { path: 'configuration_interfaces', type: 'configuration-interfaces', schema: itgConfigurationInterfaceSchema },
  flexibleAssetTypes: { path: 'flexible_asset_types', type: 'flexible-asset-types', schema: itgFlexibleAssetTypeSchema },
  flexibleAssetFields: { path: 'flexible_asset_fields', type: 'flexible-asset-fields', schema: itgFlexibleAssetFieldSchema },
  flexibleAssets: { path: 'flexible_assets', type: 'flexible-assets', schema: itgFlexibleAssetSchema },
  passwords: { path: 'passwords', type: 'passwords', schema: itgPasswordSchema },
  documents: { path: 'documents', type: 'documents', schema: itgDocumentSchema },
  domains: { path: 'domains', type: 'domains', schema: itgDomainSchema },
  organizationTypes: { path: 'organization_types', type: 'organization-types', schema: itgNamedLookupSchema },
  organizationStatuses: { path: 'organization_statuses', type: 'organization-statuses', schema: itgNamedLookupSchema },
  configurationTypes: { path: 'configuration_types', type: 'configuration-types', schema: itgNamedLookupSchema },
  configurationStatuses: { path: 'configuration_statuses', type: 'configuration-statuses', schema: itgNamedLookupSchema },
  contactTypes: { path: 'contact_types', type: 'contact-types', schema: itgNamedLookupSchema },
  manufacturers: { path: 'manufacturers', type: 'manufacturers', schema: itgNamedLookupSchema },
  models: { path: 'models', type: 'models', schema: itgModelSchema },
  operatingSystems: { path: 'operating_systems', type: 'operating-systems', schema: itgOperatingSystemSchema },
  platforms: { path: 'platforms', type: 'platforms', schema: itgNamedLookupSchema },
  countries: { path: 'countries', type: 'countries', schema: itgCountrySchema },
  regions: { path: 'regions', type: 'regions', schema: itgRegionSchema },
  passwordCategories: { path: 'password_categories', type: 'password-categories', schema: itgNamedLookupSchema },
} as const;

export type ItgResourceName = keyof typeof ITG_RESOURCES;

const NAME_ONLY = ['name'] as const;

/**
 * The filters each root list documents (the IT Glue API reference's per-resource table), spelled
 * exactly as documented: snake_case, except flexible assets (kebab-case). The client sends no
 * other filter: the real API ignores a filter it does not know and answers the whole list, which
 * would make a scoped read (hard delete, billing) see other organizations' records. Nested
 * relationship routes take no filters at all (the reference: filters do not work there), and only
 * organizations document `created_at`/`updated_at`. `documents` have no documented filters.
 */
export const ITG_DOCUMENTED_FILTERS: Record<ItgResourceName, readonly string[]> = {
  organizations: [
    'id', 'name', 'organization_type_id', 'organization_status_id', 'created_at', 'updated_at', 'my_glue_account_id', 'psa_id',
    'psa_integration_type', 'group_id', 'primary', 'exclude[id]', 'exclude[name]', 'exclude[organization_type_id]',
    'exclude[organization_status_id]', 'range[my_glue_account_id]',
  ],
  configurations: [
    'id', 'name', 'organization_id', 'configuration_type_id', 'configuration_status_id', 'contact_id', 'serial_number', 'mac_address',
    'asset_tag', 'psa_id', 'psa_integration_type', 'rmm_id', 'rmm_integration_type', 'archived',
  ],
  contacts: ['id', 'first_name', 'last_name', 'title', 'contact_type_id', 'important', 'primary_email', 'organization_id', 'psa_id', 'psa_integration_type'],
  locations: ['id', 'name', 'city', 'region_id', 'country_id', 'organization_id', 'psa_id', 'psa_integration_type'],
  configurationInterfaces: [],
  flexibleAssetTypes: ['id', 'name', 'icon', 'enabled'],
  flexibleAssetFields: [],
  flexibleAssets: ['flexible-asset-type-id', 'name', 'organization-id'],
  passwords: ['id', 'name', 'organization_id', 'password_category_id', 'url', 'cached_resource_name', 'archived'],
  documents: [],
  domains: ['id', 'organization_id'],
  organizationTypes: NAME_ONLY,
  organizationStatuses: NAME_ONLY,
  configurationTypes: NAME_ONLY,
  configurationStatuses: NAME_ONLY,
  contactTypes: NAME_ONLY,
  manufacturers: NAME_ONLY,
  models: ['id'],
  operatingSystems: NAME_ONLY,
  platforms: NAME_ONLY,
  countries: ['name', 'iso'],
  regions: ['name', 'iso', 'country_id'],
  passwordCategories: NAME_ONLY,
};
export type ItgAttributesOf<R extends ItgResourceName> = z.output<(typeof ITG_RESOURCES)[R]['schema']>;
export type ItgItemOf<R extends ItgResourceName> = ItgResource<ItgAttributesOf<R>>;

export const ITG_LOOKUPS = [
  'organizationTypes',
  'organizationStatuses',
  'configurationTypes',
  'configurationStatuses',
  'contactTypes',
  'manufacturers',
  'models',
  'operatingSystems',
  'platforms',
  'countries',
  'regions',
  'passwordCategories',
] as const satisfies readonly ItgResourceName[];
export type ItgLookupName = (typeof ITG_LOOKUPS)[number];
/** Lookups the API lets a client create. */
export type ItgCreatableLookupName = Exclude<ItgLookupName, 'operatingSystems' | 'platforms' | 'countries' | 'regions'>;

/** An inclusive range filter (`start,end`; an open end is `*`). */
export interface ItgRange {
  range: [start?: string | Date, end?: string | Date];
}
export function itgRange(start?: string | Date, end?: string | Date): ItgRange {
  return { range: [start, end] };
}

/** One value, several values (OR), a range, or (for `exclude`/`range`) a nested group. */
export type ItgFilterValue = string | number | boolean | readonly (string | number)[] | ItgRange;
export type ItgFilter = Record<string, ItgFilterValue | Record<string, ItgFilterValue> | undefined>;

export interface ItgListOptions {
  /** `filter[<key>]`; arrays are OR-ed; literal commas inside values are escaped. */
  filter?: ItgFilter;
  /** `updated_at`, `-updated_at`, or several. */
  sort?: string | readonly string[];
  page?: { number?: number; size?: number };
  /** snake_case include names, e.g. `configuration_interfaces`. */
  include?: readonly string[];
  signal?: AbortSignal;
}

export interface ItgPage<T> {
  items: T[];
  meta: ItgListMeta;
  hasMore: boolean;
  included: ItgIncluded[];
}

export interface ItgBulkUpdateItem<A> {
  id: string | number;
  attributes: A;
}

export interface ItGlueClientOptions {
  baseUrl: string;
  apiKey: string;
  rateGate?: RateGate;
  logger?: HttpLogger;
  /** Counts calls, retries and budget waits (the worker's metrics). */
  metrics?: ApiMetrics;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** Automatic retries of reads (and of writes answered 429); default 2. */
  maxRetries?: number;
  /** Longest Retry-After waited inside one call (default 30 s); longer is thrown as `rate-limited`. */
  maxInlineRetryAfterMs?: number;
}

/** Iterators ask for the largest page the API allows, to spend fewer calls of the rate budget. */
const ITERATION_PAGE_SIZE = 1000;

export class ItGlueClient {
  readonly #apiKey: string;
  readonly #http: HttpClient;
  /** DELETE is not retried on transient errors (HttpClient would treat it as idempotent). */
  readonly #writeHttp: HttpClient;
  readonly #maxRetries: number;
  readonly #maxInlineRetryAfterMs: number;

  constructor(options: ItGlueClientOptions) {
    if (!options.apiKey) {
      throw new ApiError({ service: 'itglue', kind: 'config', operation: 'configuration', message: 'an API key is required' });
    }
    this.#apiKey = options.apiKey;
    this.#maxRetries = options.maxRetries ?? 2;
    this.#maxInlineRetryAfterMs = options.maxInlineRetryAfterMs ?? 30_000;
    const common = {
      service: 'itglue' as const,
      baseUrl: options.baseUrl,
      rateGate: options.rateGate,
      logger: options.logger,
      metrics: options.metrics,
      timeoutMs: options.timeoutMs,
      fetchImpl: options.fetchImpl,
      maxInlineRetryAfterMs: this.#maxInlineRetryAfterMs,
      secrets: () => [this.#apiKey],
    };
    this.#http = new HttpClient({ ...common, maxRetries: this.#maxRetries }, readItGlueErrorBody);
    this.#writeHttp = new HttpClient({ ...common, maxRetries: 0 }, readItGlueErrorBody);
  }

  // ================================================================ generic

  /** One page of a root list (`GET /<resource>`). */
  listPage<R extends ItgResourceName>(resource: R, options: ItgListOptions = {}): Promise<ItgPage<ItgItemOf<R>>> {
    const { path, schema } = ITG_RESOURCES[resource];
    return this.#listAt(`/${path}`, `/${path}`, schema, options, ITG_DOCUMENTED_FILTERS[resource]) as Promise<ItgPage<ItgItemOf<R>>>;
  }

  /** Every record of a root list, page after page. */
  iterate<R extends ItgResourceName>(resource: R, options: ItgListOptions = {}): AsyncGenerator<ItgItemOf<R>> {
    return this.#iterate((page) => this.listPage(resource, page), options);
  }

  async get<R extends ItgResourceName>(resource: R, id: string | number, options: { include?: readonly string[] } = {}): Promise<ItgItemOf<R>> {
    const { path, schema } = ITG_RESOURCES[resource];
    return (await this.#getAt(`/${path}/${encodeId(id)}`, `/${path}/{id}`, schema, options.include)).item as ItgItemOf<R>;
  }

  /** `POST /<resource>` with one record. */
  async create<R extends ItgResourceName>(resource: R, attributes: object, relationships?: Record<string, unknown>): Promise<ItgItemOf<R>> {
    const { path, type, schema } = ITG_RESOURCES[resource];
    const data = { type, attributes, ...(relationships ? { relationships } : {}) };
    return (await this.#writeOne('POST', `/${path}`, `/${path}`, schema, { data })) as ItgItemOf<R>;
  }

  /** `PATCH /<resource>/<id>`: only the given attributes change. */
  async update<R extends ItgResourceName>(resource: R, id: string | number, attributes: object): Promise<ItgItemOf<R>> {
    const { path, type, schema } = ITG_RESOURCES[resource];
    return (await this.#writeOne('PATCH', `/${path}/${encodeId(id)}`, `/${path}/{id}`, schema, { data: { type, attributes } })) as ItgItemOf<R>;
  }

  /** `PATCH /<resource>` with each record's id inside its attributes. */
  async bulkUpdate<R extends ItgResourceName>(resource: R, items: readonly ItgBulkUpdateItem<object>[]): Promise<ItgItemOf<R>[]> {
    const { path, type, schema } = ITG_RESOURCES[resource];
    const data = items.map((item) => ({ type, attributes: { ...item.attributes, id: Number(item.id) } }));
    return (await this.#writeMany('PATCH', `/${path}`, `/${path}`, schema, { data })) as ItgItemOf<R>[];
  }

  /** `DELETE /<resource>` with a body of ids; resolves with the deleted records. */
  async bulkDelete<R extends ItgResourceName>(resource: R, ids: readonly (string | number)[]): Promise<ItgItemOf<R>[]> {
    const { path, type, schema } = ITG_RESOURCES[resource];
    return (await this.#bulkDeleteAt(`/${path}`, `/${path}`, type, schema, ids)) as ItgItemOf<R>[];
  }

  // ================================================================ organizations

  listOrganizationsPage(options?: ItgListOptions): Promise<ItgPage<ItgResource<ItgOrganization>>> {
    return this.listPage('organizations', options);
  }
  iterateOrganizations(options?: ItgListOptions): AsyncGenerator<ItgResource<ItgOrganization>> {
    return this.iterate('organizations', options);
  }
  getOrganization(id: string | number): Promise<ItgResource<ItgOrganization>> {
    return this.get('organizations', id);
  }
  createOrganization(attributes: ItgOrganizationWrite): Promise<ItgResource<ItgOrganization>> {
    return this.create('organizations', attributes);
  }
  updateOrganization(id: string | number, attributes: ItgOrganizationWrite): Promise<ItgResource<ItgOrganization>> {
    return this.update('organizations', id, attributes);
  }
  bulkUpdateOrganizations(items: readonly ItgBulkUpdateItem<ItgOrganizationWrite>[]): Promise<ItgResource<ItgOrganization>[]> {
    return this.bulkUpdate('organizations', items);
  }
  /** Deletes organizations and, with them, everything they hold. */
  bulkDeleteOrganizations(ids: readonly (string | number)[]): Promise<ItgResource<ItgOrganization>[]> {
    return this.bulkDelete('organizations', ids);
  }

  // ================================================================ locations

  listLocationsPage(options?: ItgListOptions): Promise<ItgPage<ItgResource<ItgLocation>>> {
    return this.listPage('locations', options);
  }
  iterateLocations(options?: ItgListOptions): AsyncGenerator<ItgResource<ItgLocation>> {
    return this.iterate('locations', options);
  }
  getLocation(id: string | number): Promise<ItgResource<ItgLocation>> {
    return this.get('locations', id);
  }
  /** `organization-id` is required in the attributes. */
  createLocation(attributes: ItgLocationWrite): Promise<ItgResource<ItgLocation>> {
    return this.create('locations', attributes);
  }
  /** Bulk create under one organization (`POST /organizations/:id/relationships/locations`). */
  createLocations(organizationId: string | number, items: readonly ItgLocationWrite[]): Promise<ItgResource<ItgLocation>[]> {
    return this.#createNested('organizations', organizationId, 'locations', items.map((attributes) => ({ attributes })));
  }
  updateLocation(id: string | number, attributes: ItgLocationWrite): Promise<ItgResource<ItgLocation>> {
    return this.update('locations', id, attributes);
  }
  bulkUpdateLocations(items: readonly ItgBulkUpdateItem<ItgLocationWrite>[]): Promise<ItgResource<ItgLocation>[]> {
    return this.bulkUpdate('locations', items);
  }
  bulkDeleteLocations(ids: readonly (string | number)[]): Promise<ItgResource<ItgLocation>[]> {
    return this.bulkDelete('locations', ids);
  }

  // ================================================================ contacts (with their integration sources)

  /** Contacts come with `integrationSources` (e.g. `office365` for Microsoft 365 contacts). */
  async listContactsPage(options: ItgListOptions = {}): Promise<ItgPage<ItgContactResource>> {
    const page = await this.listPage('contacts', withInclude(options, 'adapters_resources'));
    return { ...page, items: page.items.map((item) => withIntegrationSources(item, page.included)) };
  }
  iterateContacts(options: ItgListOptions = {}): AsyncGenerator<ItgContactResource> {
    return this.#iterate((page) => this.listContactsPage(page), options);
  }
  async getContact(id: string | number): Promise<ItgContactResource> {
    const { item, included } = await this.#getAt(`/contacts/${encodeId(id)}`, '/contacts/{id}', itgContactSchema, ['adapters_resources']);
    return withIntegrationSources(item as ItgResource<ItgContact>, included);
  }
  /** `organization-id` is required in the attributes. */
  createContact(attributes: ItgContactWrite): Promise<ItgResource<ItgContact>> {
    return this.create('contacts', attributes);
  }
  createContacts(organizationId: string | number, items: readonly ItgContactWrite[]): Promise<ItgResource<ItgContact>[]> {
    return this.#createNested('organizations', organizationId, 'contacts', items.map((attributes) => ({ attributes })));
  }
  updateContact(id: string | number, attributes: ItgContactWrite): Promise<ItgResource<ItgContact>> {
    return this.update('contacts', id, attributes);
  }
  bulkUpdateContacts(items: readonly ItgBulkUpdateItem<ItgContactWrite>[]): Promise<ItgResource<ItgContact>[]> {
    return this.bulkUpdate('contacts', items);
  }
  bulkDeleteContacts(ids: readonly (string | number)[]): Promise<ItgResource<ItgContact>[]> {
    return this.bulkDelete('contacts', ids);
  }

  // ================================================================ configurations

  listConfigurationsPage(options?: ItgListOptions): Promise<ItgPage<ItgResource<ItgConfiguration>>> {
    return this.listPage('configurations', options);
  }
  iterateConfigurations(options?: ItgListOptions): AsyncGenerator<ItgResource<ItgConfiguration>> {
    return this.iterate('configurations', options);
  }
  getConfiguration(id: string | number, options: { include?: readonly string[] } = {}): Promise<ItgResource<ItgConfiguration>> {
    return this.get('configurations', id, options);
  }
  /** `organization-id` is required; new interfaces may come along (`relationships.configuration_interfaces`). */
  createConfiguration(
    attributes: ItgConfigurationWrite,
    options: { interfaces?: readonly ItgConfigurationInterfaceWrite[] } = {},
  ): Promise<ItgResource<ItgConfiguration>> {
    return this.create('configurations', attributes, interfacesRelationship(options.interfaces));
  }
  /** Bulk create under one organization, each with optional new interfaces. */
  createConfigurations(
    organizationId: string | number,
    items: readonly { attributes: ItgConfigurationWrite; interfaces?: readonly ItgConfigurationInterfaceWrite[] }[],
  ): Promise<ItgResource<ItgConfiguration>[]> {
    return this.#createNested(
      'organizations',
      organizationId,
      'configurations',
      items.map((item) => ({ attributes: item.attributes, relationships: interfacesRelationship(item.interfaces) })),
    );
  }
  updateConfiguration(id: string | number, attributes: ItgConfigurationWrite): Promise<ItgResource<ItgConfiguration>> {
    return this.update('configurations', id, attributes);
  }
  bulkUpdateConfigurations(items: readonly ItgBulkUpdateItem<ItgConfigurationWrite>[]): Promise<ItgResource<ItgConfiguration>[]> {
    return this.bulkUpdate('configurations', items);
  }
  bulkDeleteConfigurations(ids: readonly (string | number)[]): Promise<ItgResource<ItgConfiguration>[]> {
    return this.bulkDelete('configurations', ids);
  }

  // ================================================================ configuration interfaces

  /** Every interface of one configuration. */
  async listConfigurationInterfaces(configurationId: string | number): Promise<ItgResource<ItgConfigurationInterface>[]> {
    const path = `/configurations/${encodeId(configurationId)}/relationships/configuration_interfaces`;
    const route = '/configurations/{id}/relationships/configuration_interfaces';
    return collect(this.#iterate((page) => this.#listAt(path, route, itgConfigurationInterfaceSchema, page), {}));
  }
  async createConfigurationInterface(
    configurationId: string | number,
    attributes: ItgConfigurationInterfaceWrite,
  ): Promise<ItgResource<ItgConfigurationInterface>> {
    const [created] = await this.#createNested('configurations', configurationId, 'configurationInterfaces', [{ attributes }], false);
    return created!;
  }
  updateConfigurationInterface(id: string | number, attributes: ItgConfigurationInterfaceWrite): Promise<ItgResource<ItgConfigurationInterface>> {
    return this.update('configurationInterfaces', id, attributes);
  }
  async deleteConfigurationInterface(configurationId: string | number, id: string | number): Promise<void> {
    const path = `/configurations/${encodeId(configurationId)}/relationships/configuration_interfaces/${encodeId(id)}`;
    await this.#sendWrite({ method: 'DELETE', path, route: 'DELETE /configurations/{id}/relationships/configuration_interfaces/{id}' });
  }

  // ================================================================ flexible assets

  listFlexibleAssetTypesPage(options?: ItgListOptions): Promise<ItgPage<ItgResource<ItgFlexibleAssetType>>> {
    return this.listPage('flexibleAssetTypes', options);
  }
  iterateFlexibleAssetTypes(options?: ItgListOptions): AsyncGenerator<ItgResource<ItgFlexibleAssetType>> {
    return this.iterate('flexibleAssetTypes', options);
  }
  getFlexibleAssetType(id: string | number): Promise<ItgResource<ItgFlexibleAssetType>> {
    return this.get('flexibleAssetTypes', id);
  }
  /** A type needs at least one field, one of them with `show-in-list`. */
  createFlexibleAssetType(
    attributes: ItgFlexibleAssetTypeWrite,
    fields: readonly ItgFlexibleAssetFieldWrite[],
  ): Promise<ItgResource<ItgFlexibleAssetType>> {
    const relationships = { flexible_asset_fields: { data: fields.map((f) => ({ type: 'flexible_asset_fields', attributes: f })) } };
    return this.create('flexibleAssetTypes', attributes, relationships);
  }
  updateFlexibleAssetType(id: string | number, attributes: ItgFlexibleAssetTypeWrite): Promise<ItgResource<ItgFlexibleAssetType>> {
    return this.update('flexibleAssetTypes', id, attributes);
  }

  async listFlexibleAssetFields(typeId: string | number): Promise<ItgResource<ItgFlexibleAssetField>[]> {
    const path = `/flexible_asset_types/${encodeId(typeId)}/relationships/flexible_asset_fields`;
    const route = '/flexible_asset_types/{id}/relationships/flexible_asset_fields';
    return collect(this.#iterate((page) => this.#listAt(path, route, itgFlexibleAssetFieldSchema, page), {}));
  }
  async createFlexibleAssetField(typeId: string | number, attributes: ItgFlexibleAssetFieldWrite): Promise<ItgResource<ItgFlexibleAssetField>> {
    const [created] = await this.#createNested('flexibleAssetTypes', typeId, 'flexibleAssetFields', [{ attributes }], false);
    return created!;
  }
  updateFlexibleAssetField(id: string | number, attributes: ItgFlexibleAssetFieldWrite): Promise<ItgResource<ItgFlexibleAssetField>> {
    return this.update('flexibleAssetFields', id, attributes);
  }
  async deleteFlexibleAssetField(id: string | number): Promise<void> {
    await this.#sendWrite({ method: 'DELETE', path: `/flexible_asset_fields/${encodeId(id)}`, route: 'DELETE /flexible_asset_fields/{id}' });
  }

  /** Flexible assets of one type (the API requires the type filter; flexible asset filters are kebab-case). */
  listFlexibleAssetsPage(typeId: string | number, options: ItgListOptions = {}): Promise<ItgPage<ItgResource<ItgFlexibleAsset>>> {
    return this.listPage('flexibleAssets', withFilter(options, 'flexible-asset-type-id', String(typeId)));
  }
  iterateFlexibleAssets(typeId: string | number, options: ItgListOptions = {}): AsyncGenerator<ItgResource<ItgFlexibleAsset>> {
    return this.#iterate((page) => this.listFlexibleAssetsPage(typeId, page), options);
  }
  getFlexibleAsset(id: string | number): Promise<ItgResource<ItgFlexibleAsset>> {
    return this.get('flexibleAssets', id);
  }
  createFlexibleAsset(attributes: ItgFlexibleAssetWrite): Promise<ItgResource<ItgFlexibleAsset>> {
    return this.create('flexibleAssets', attributes);
  }
  createFlexibleAssets(organizationId: string | number, items: readonly ItgFlexibleAssetWrite[]): Promise<ItgResource<ItgFlexibleAsset>[]> {
    return this.#createNested('organizations', organizationId, 'flexibleAssets', items.map((attributes) => ({ attributes })));
  }
  /** Note: `traits`, when given, replaces all traits (omitted ones are removed). */
  updateFlexibleAsset(id: string | number, attributes: ItgFlexibleAssetWrite): Promise<ItgResource<ItgFlexibleAsset>> {
    return this.update('flexibleAssets', id, attributes);
  }
  async deleteFlexibleAsset(id: string | number): Promise<void> {
    await this.#sendWrite({ method: 'DELETE', path: `/flexible_assets/${encodeId(id)}`, route: 'DELETE /flexible_assets/{id}' });
  }

  // ================================================================ lookups

  /** Every entry of a lookup list; `filter: { name }` matches exactly. */
  listLookup<L extends ItgLookupName>(lookup: L, options: Pick<ItgListOptions, 'filter' | 'sort' | 'signal'> = {}): Promise<ItgItemOf<L>[]> {
    return collect(this.iterate(lookup, options));
  }
  /** The entries named exactly `name` (the API's filter; case handling is the server's). */
  findLookupByName<L extends ItgLookupName>(lookup: L, name: string): Promise<ItgItemOf<L>[]> {
    return this.listLookup(lookup, { filter: { name } });
  }
  createLookup<L extends ItgCreatableLookupName>(lookup: L, attributes: ItgLookupWrite): Promise<ItgItemOf<L>> {
    return this.create(lookup, attributes);
  }
  updateLookup<L extends ItgCreatableLookupName>(lookup: L, id: string | number, attributes: ItgLookupWrite): Promise<ItgItemOf<L>> {
    return this.update(lookup, id, attributes);
  }
  async listModelsOfManufacturer(manufacturerId: string | number): Promise<ItgItemOf<'models'>[]> {
    const path = `/manufacturers/${encodeId(manufacturerId)}/relationships/models`;
    return collect(this.#iterate((page) => this.#listAt(path, '/manufacturers/{id}/relationships/models', itgModelSchema, page), {}));
  }
  async listRegionsOfCountry(countryId: string | number): Promise<ItgItemOf<'regions'>[]> {
    const path = `/countries/${encodeId(countryId)}/relationships/regions`;
    return collect(this.#iterate((page) => this.#listAt(path, '/countries/{id}/relationships/regions', itgRegionSchema, page), {}));
  }

  // ================================================================ passwords and documents

  /** Filters: `organization_id`, `name`, `password_category_id`, `url`, `archived` (exact). Lists never carry password values. */
  listPasswordsPage(options?: ItgListOptions): Promise<ItgPage<ItgResource<ItgPassword>>> {
    return this.listPage('passwords', options);
  }
  iteratePasswords(options?: ItgListOptions): AsyncGenerator<ItgResource<ItgPassword>> {
    return this.iterate('passwords', options);
  }
  /**
   * One password. Its value is fetched only when asked for (`show_password=true`, and the key
   * needs Password Access); by default `show_password=false` keeps it off the wire.
   */
  async getPassword(id: string | number, options: { showPassword?: boolean } = {}): Promise<ItgResource<ItgPassword>> {
    const query = { show_password: options.showPassword === true };
    return (await this.#getAt(`/passwords/${encodeId(id)}`, '/passwords/{id}', itgPasswordSchema, undefined, query)).item as ItgResource<ItgPassword>;
  }
  /** Every password of one organization (password values are not included in lists). */
  async listOrganizationPasswords(organizationId: string | number): Promise<ItgResource<ItgPassword>[]> {
    return this.#listAllOfOrganization(organizationId, 'passwords');
  }
  async deletePassword(id: string | number): Promise<void> {
    await this.#sendWrite({ method: 'DELETE', path: `/passwords/${encodeId(id)}`, route: 'DELETE /passwords/{id}' });
  }
  bulkDeletePasswords(ids: readonly (string | number)[]): Promise<ItgResource<ItgPassword>[]> {
    return this.bulkDelete('passwords', ids);
  }

  /** Filters: `organization_id`, `name`, `id` (exact). The document list is [P] in the reference (see simulators/itglue/ASSUMPTIONS.md). */
  listDocumentsPage(options?: ItgListOptions): Promise<ItgPage<ItgResource<ItgDocument>>> {
    return this.listPage('documents', options);
  }
  iterateDocuments(options?: ItgListOptions): AsyncGenerator<ItgResource<ItgDocument>> {
    return this.iterate('documents', options);
  }
  getDocument(id: string | number): Promise<ItgResource<ItgDocument>> {
    return this.get('documents', id);
  }
  async listOrganizationDocuments(organizationId: string | number): Promise<ItgResource<ItgDocument>[]> {
    return this.#listAllOfOrganization(organizationId, 'documents');
  }
  bulkDeleteDocuments(ids: readonly (string | number)[]): Promise<ItgResource<ItgDocument>[]> {
    return this.bulkDelete('documents', ids);
  }

  // ================================================================ attachments

  /**
   * Deletes attachments of one record: `DELETE /<resource>/<id>/relationships/attachments` with
   * their ids in the body (the documented bulk form).
   */
  async deleteAttachments(resource: ItgResourceName, resourceId: string | number, ids: readonly (string | number)[]): Promise<void> {
    const { path } = ITG_RESOURCES[resource];
    await this.#bulkDeleteAt(`/${path}/${encodeId(resourceId)}/relationships/attachments`, `/${path}/{id}/relationships/attachments`, 'attachments', itgAttachmentSchema, ids);
  }

  // ================================================================ internals

  /** `filters`: the documented filter names of this list (none for nested relationship routes). */
  async #listAt<S extends z.ZodType>(
    path: string,
    routePath: string,
    schema: S,
    options: ItgListOptions,
    filters: readonly string[] = [],
  ): Promise<ItgPage<ItgResource<z.output<S>>>> {
    const route = `GET ${routePath}`;
    const undocumented = filterNames(options.filter).filter((name) => !filters.includes(name));
    if (undocumented.length > 0) {
      throw new ApiError({
        service: 'itglue',
        kind: 'config',
        operation: route,
        message:
          `${undocumented.map((n) => `filter[${n}]`).join(', ')} ${undocumented.length === 1 ? 'is not a documented filter' : 'are not documented filters'} of this list ` +
          `(documented: ${filters.join(', ') || 'none'}); not sent, because the API ignores unknown filters and would answer every record`,
      });
    }
    const response = await this.#http.send(this.#request({ method: 'GET', path, route, query: listQuery(options), signal: options.signal }));
    const body = parseResponse('itglue', route, itgListSchema(schema), response.body);
    return {
      items: body.data as ItgResource<z.output<S>>[],
      meta: body.meta,
      hasMore: body.meta['next-page'] !== null && body.data.length > 0,
      included: body.included ?? [],
    };
  }

  async *#iterate<T>(fetchPage: (options: ItgListOptions) => Promise<ItgPage<T>>, options: ItgListOptions = {}): AsyncGenerator<T> {
    const size = options.page?.size ?? ITERATION_PAGE_SIZE;
    for (let number = options.page?.number ?? 1; ; number++) {
      const page = await fetchPage({ ...options, page: { number, size } });
      yield* page.items;
      if (!page.hasMore || number >= page.meta['total-pages']) return;
    }
  }

  async #listAllOfOrganization<R extends 'passwords' | 'documents'>(organizationId: string | number, resource: R): Promise<ItgItemOf<R>[]> {
    const { path, schema } = ITG_RESOURCES[resource];
    const url = `/organizations/${encodeId(organizationId)}/relationships/${path}`;
    const route = `/organizations/{id}/relationships/${path}`;
    return collect(this.#iterate((page) => this.#listAt(url, route, schema, page), {})) as Promise<ItgItemOf<R>[]>;
  }

  async #getAt<S extends z.ZodType>(
    path: string,
    routePath: string,
    schema: S,
    include: readonly string[] | undefined,
    extraQuery: Record<string, QueryValue> = {},
  ): Promise<{ item: ItgResource<z.output<S>>; included: ItgIncluded[] }> {
    const route = `GET ${routePath}`;
    const query = { ...extraQuery, ...(include?.length ? { include: include.join(',') } : {}) };
    const response = await this.#http.send(this.#request({ method: 'GET', path, route, query }));
    const body = parseResponse('itglue', route, itgSingleSchema(schema), response.body);
    const item = Array.isArray(body.data) ? body.data[0]! : body.data;
    return { item: item as ItgResource<z.output<S>>, included: body.included ?? [] };
  }

  async #writeOne<S extends z.ZodType>(method: 'POST' | 'PATCH', path: string, routePath: string, schema: S, json: unknown): Promise<ItgResource<z.output<S>>> {
    const route = `${method} ${routePath}`;
    const response = await this.#sendWrite({ method, path, route, json });
    const body = parseResponse('itglue', route, itgSingleSchema(schema), response.body);
    return (Array.isArray(body.data) ? body.data[0]! : body.data) as ItgResource<z.output<S>>;
  }

  async #writeMany<S extends z.ZodType>(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    routePath: string,
    schema: S,
    json: unknown,
  ): Promise<ItgResource<z.output<S>>[]> {
    const route = `${method} ${routePath}`;
    const response = await this.#sendWrite({ method, path, route, json });
    const body = parseResponse('itglue', route, itgManySchema(schema), response.body);
    return body.data as ItgResource<z.output<S>>[];
  }

  #bulkDeleteAt<S extends z.ZodType>(path: string, routePath: string, type: string, schema: S, ids: readonly (string | number)[]) {
    const data = ids.map((id) => ({ type, attributes: { id: Number(id) } }));
    return this.#writeMany('DELETE', path, routePath, schema, { data });
  }

  /** `POST /<parent>/<id>/relationships/<child>`; `bulk` sends an array (one element or more). */
  async #createNested<R extends ItgResourceName>(
    parent: ItgResourceName,
    parentId: string | number,
    child: R,
    items: readonly { attributes: object; relationships?: Record<string, unknown> }[],
    bulk = true,
  ): Promise<ItgItemOf<R>[]> {
    const { path, type, schema } = ITG_RESOURCES[child];
    const url = `/${ITG_RESOURCES[parent].path}/${encodeId(parentId)}/relationships/${path}`;
    const routePath = `/${ITG_RESOURCES[parent].path}/{id}/relationships/${path}`;
    const data = items.map((item) => ({ type, attributes: item.attributes, ...(item.relationships ? { relationships: item.relationships } : {}) }));
    if (!bulk) return [(await this.#writeOne('POST', url, routePath, schema, { data: data[0] })) as ItgItemOf<R>];
    return (await this.#writeMany('POST', url, routePath, schema, { data })) as ItgItemOf<R>[];
  }

  /** Sends a write; repeats it only after a 429 (the request was not processed). */
  async #sendWrite(request: Omit<HttpRequest, 'headers' | 'contentType'>): Promise<HttpResponse> {
    const http = request.method === 'DELETE' ? this.#writeHttp : this.#http;
    for (let attempt = 0; ; attempt++) {
      try {
        return await http.send(this.#request(request));
      } catch (err) {
        const retry =
          http === this.#writeHttp &&
          err instanceof ApiError &&
          err.kind === 'rate-limited' &&
          attempt < this.#maxRetries &&
          (err.retryAfterMs ?? 0) <= this.#maxInlineRetryAfterMs;
        if (!retry) throw err;
        await new Promise((resolve) => setTimeout(resolve, (err as ApiError).retryAfterMs ?? 1000));
      }
    }
  }

  #request(request: Omit<HttpRequest, 'headers' | 'contentType'>): HttpRequest {
    return {
      ...request,
      headers: { 'x-api-key': this.#apiKey, accept: JSON_API },
      ...(request.json !== undefined ? { contentType: JSON_API } : {}),
    };
  }
}

// ------------------------------------------------------------------ helpers

/**
 * Messages from an IT Glue error body: JSON:API `errors[].detail ?? title` (with the pointer),
 * a bare `{"message": ...}`, or the title of an HTML error page.
 */
export function readItGlueErrorBody(body: unknown): string[] {
  if (typeof body === 'string') {
    const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
    if (title) return [decodeEntities(title).trim()];
    return body.trim().startsWith('<') ? ['HTML error page'] : [body.trim().slice(0, 200)];
  }
  if (typeof body !== 'object' || body === null) return [];
  const { errors, message } = body as { errors?: unknown; message?: unknown };
  if (Array.isArray(errors)) {
    return errors.flatMap((e) => {
      if (typeof e !== 'object' || e === null) return [];
      const { detail, title, source } = e as { detail?: unknown; title?: unknown; source?: { pointer?: unknown; parameter?: unknown } };
      const text = typeof detail === 'string' && detail ? detail : typeof title === 'string' ? title : undefined;
      if (!text) return [];
      const where = source?.pointer ?? source?.parameter;
      return [typeof where === 'string' && where ? `${where}: ${text}` : text];
    });
  }
  return typeof message === 'string' ? [message] : [];
}

function decodeEntities(text: string): string {
  return text.replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function encodeId(id: string | number): string {
  return encodeURIComponent(String(id));
}

function formatFilterValue(value: ItgFilterValue): string {
  if (typeof value === 'object' && value !== null && 'range' in value) {
    const bound = (v: string | Date | undefined): string => (v === undefined ? '*' : v instanceof Date ? v.toISOString().replace(/\.\d{3}Z$/, 'Z') : v);
    return `${bound(value.range[0])},${bound(value.range[1])}`;
  }
  const escape = (v: string | number | boolean): string => String(v).replace(/,/g, '\\,');
  return Array.isArray(value) ? value.map(escape).join(',') : escape(value as string | number | boolean);
}

function isFilterValue(value: unknown): value is ItgFilterValue {
  return typeof value !== 'object' || value === null || Array.isArray(value) || 'range' in value;
}

/** The filter names of a list request as the query spells them: `name`, `exclude[id]`. */
function filterNames(filter: ItgFilter | undefined): string[] {
  return Object.entries(filter ?? {}).flatMap(([key, value]) => {
    if (value === undefined) return [];
    return isFilterValue(value) ? [key] : Object.keys(value).map((inner) => `${key}[${inner}]`);
  });
}

/** `filter[name]`, `filter[exclude][id]`, `sort`, `page[number]`, `page[size]`, `include`. */
export function listQuery(options: ItgListOptions): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(options.filter ?? {})) {
    if (value === undefined) continue;
    if (isFilterValue(value)) {
      query[`filter[${key}]`] = formatFilterValue(value);
    } else {
      for (const [inner, innerValue] of Object.entries(value)) query[`filter[${key}][${inner}]`] = formatFilterValue(innerValue);
    }
  }
  if (options.sort) query.sort = typeof options.sort === 'string' ? options.sort : options.sort.join(',');
  if (options.page?.number !== undefined) query['page[number]'] = options.page.number;
  if (options.page?.size !== undefined) query['page[size]'] = options.page.size;
  if (options.include?.length) query.include = options.include.join(',');
  return query;
}

function withInclude(options: ItgListOptions, name: string): ItgListOptions {
  const include = new Set(options.include ?? []);
  include.add(name);
  return { ...options, include: [...include] };
}

function withFilter(options: ItgListOptions, key: string, value: string): ItgListOptions {
  return { ...options, filter: { ...options.filter, [key]: value } };
}

function interfacesRelationship(interfaces: readonly ItgConfigurationInterfaceWrite[] | undefined): Record<string, unknown> | undefined {
  if (!interfaces?.length) return undefined;
  return { configuration_interfaces: { data: interfaces.map((attributes) => ({ type: 'configuration_interfaces', attributes })) } };
}

/** Flattens `relationships.adapters-resources` + `included` into the integration types. */
function withIntegrationSources(item: ItgResource<ItgContact>, included: ItgIncluded[]): ItgContactResource {
  const linked = item.relationships?.['adapters-resources']?.data;
  const ids = new Set((Array.isArray(linked) ? linked : []).map((l) => `${l.type}:${l.id}`));
  const sources = new Set<string>();
  for (const record of included) {
    if (!ids.has(`${record.type}:${record.id}`)) continue;
    const parsed = itgAdaptersResourceSchema.safeParse(record.attributes);
    const type = parsed.success ? parsed.data['integration-type'] : undefined;
    if (type) sources.add(type);
  }
  return { ...item, integrationSources: [...sources] };
}

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}
