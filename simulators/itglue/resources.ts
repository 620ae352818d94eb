/**
 * What each IT Glue resource is, declaratively: its JSON:API type and URL segment, writable
 * attributes (with how to validate them), the attribute order of responses (stored and
 * server-computed), filters, sort fields and accepted `include` names (itglue-api.md §2.4, §3).
 * Behaviour that spans records (primary interfaces, cascades, traits) lives in store.ts.
 */
import type { ItGlueSimConfig } from './config.js';
import type { Row } from './table.js';

export const LOOKUP_COLLECTIONS = [
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
] as const;

export const RECORD_COLLECTIONS = [
  'organizations',
  'locations',
  'contacts',
  'configurations',
  'configurationInterfaces',
  'flexibleAssetTypes',
  'flexibleAssetFields',
  'flexibleAssets',
  'passwords',
  'documents',
  'domains',
  'attachments',
] as const;

export type LookupCollection = (typeof LOOKUP_COLLECTIONS)[number];
export type Collection = LookupCollection | (typeof RECORD_COLLECTIONS)[number];
export const COLLECTIONS: readonly Collection[] = [...LOOKUP_COLLECTIONS, ...RECORD_COLLECTIONS];

export const FIELD_KINDS = ['Checkbox', 'Date', 'Header', 'Number', 'Select', 'Text', 'Textbox', 'Upload', 'Tag', 'Percent', 'Password'] as const;

export type FieldSpec =
  | { kind: 'string' | 'bool' | 'date' | 'int' | 'ip' | 'mac' | 'phone' | 'emails' | 'phones' | 'traits' | 'adapters'; required?: boolean }
  | { kind: 'ref'; ref: Collection; required?: boolean; sameOrganization?: boolean }
  | { kind: 'enum'; values: readonly string[]; required?: boolean };

/** Read access to the whole store, for computed attributes, filters and sorts. */
export interface StoreView {
  config(): ItGlueSimConfig;
  row(collection: Collection, id: unknown): Row | undefined;
  nameOf(collection: Collection, id: unknown): string | null;
  primaryInterface(configurationId: number): Row | undefined;
}

export type Getter = (row: Row, view: StoreView) => unknown;

export interface FilterSpec {
  kind: 'exact' | 'range';
  get: Getter;
  /** An indexed attribute the filter can start from instead of scanning the table. */
  indexKey?: string;
}

export interface ResourceDef {
  collection: Collection;
  /** JSON:API type (plural kebab-case). */
  type: string;
  /** URL segment (snake_case). */
  path: string;
  /** Attributes a client may write. */
  fields: Record<string, FieldSpec>;
  /** Attributes only a dataset or the admin API may set ("as the server would"). */
  serverFields?: Record<string, FieldSpec>;
  /** Fields that cannot change after creation. */
  createOnly?: string[];
  /** Response attribute order; missing values are emitted as null. */
  attributes: string[];
  computed?: (row: Row, view: StoreView) => Record<string, unknown>;
  filters: Record<string, FilterSpec>;
  sorts: Record<string, Getter>;
  includes: string[];
  /** Attributes kept in an exact-value index (foreign keys used by nested routes and filters). */
  indexes: string[];
  /** Other collections whose changes alter this one's filtered or sorted lists. */
  dependsOn?: Collection[];
}

// ------------------------------------------------------------------ helpers

const attr =
  (key: string): Getter =>
  (row) =>
    row[key];
const exact = (key: string, indexed = false): FilterSpec => ({ kind: 'exact', get: attr(key), indexKey: indexed ? key : undefined });
const range = (key: string): FilterSpec => ({ kind: 'range', get: attr(key) });
const str = { kind: 'string' } as const;
const bool = { kind: 'bool' } as const;
const date = { kind: 'date' } as const;
const ref = (collection: Collection, extra: { required?: boolean; sameOrganization?: boolean } = {}): FieldSpec => ({ kind: 'ref', ref: collection, ...extra });
const TIMES = ['created-at', 'updated-at'];
const TIME_SORTS = { created_at: attr('created-at'), updated_at: attr('updated-at') };

/**
 * Markers the server fills in for records that came from an integration.
 * ASSUMPTION (itglue-api.md §4, §6): `psa-id`/`psa-integration-type` are stored for the
 * `filter[psa_id]`/`filter[psa_integration_type]` filters but not emitted as attributes.
 */
const INTEGRATION_FIELDS: Record<string, FieldSpec> = {
  'psa-id': str,
  'psa-integration-type': str,
  'adapters-resources': { kind: 'adapters' },
  'my-glue': bool,
};

const PSA_FILTERS: Record<string, FilterSpec> = {
  psa_id: exact('psa-id'),
  psa_integration_type: exact('psa-integration-type'),
};

function resourceUrl(view: StoreView, organizationId: unknown, section: string, id: number): string {
  return `https://${view.config().accountSubdomain}.itglue.com/${String(organizationId)}/${section}/${id}`;
}

function organizationNames(row: Row, view: StoreView): Record<string, unknown> {
  const org = view.row('organizations', row['organization-id']);
  return { 'organization-name': (org?.name as string | undefined) ?? null };
}

/** `4155550123` → `(415) 555-0123`; other lengths are shown as stored. */
export function formatPhone(digits: unknown): string | null {
  if (typeof digits !== 'string' || digits === '') return null;
  const m = /^1?(\d{3})(\d{3})(\d{4})$/.exec(digits);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : digits;
}

/** "Virtual Machine" → "virtual_machine". */
function kindOf(typeName: string | null): string | null {
  return typeName ? typeName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') : null;
}

// ------------------------------------------------------------------ lookups

function lookup(
  collection: LookupCollection,
  path: string,
  type: string,
  extra: Partial<Pick<ResourceDef, 'fields' | 'serverFields' | 'attributes' | 'computed' | 'filters' | 'sorts' | 'indexes'>> = {},
): ResourceDef {
  return {
    collection,
    type,
    path,
    fields: { name: { kind: 'string', required: true }, ...extra.fields },
    serverFields: extra.serverFields,
    attributes: extra.attributes ?? ['name', ...TIMES],
    computed: extra.computed,
    // Lookups document a name filter, except models (id only); countries and regions list theirs.
    filters: extra.filters ?? { name: exact('name') },
    sorts: extra.sorts ?? { name: attr('name'), id: attr('id'), ...TIME_SORTS },
    includes: [],
    indexes: extra.indexes ?? [],
  };
}

const LOOKUPS: ResourceDef[] = [
  lookup('organizationTypes', 'organization_types', 'organization-types'),
  lookup('organizationStatuses', 'organization_statuses', 'organization-statuses'),
  lookup('configurationTypes', 'configuration_types', 'configuration-types'),
  lookup('configurationStatuses', 'configuration_statuses', 'configuration-statuses'),
  lookup('contactTypes', 'contact_types', 'contact-types'),
  lookup('manufacturers', 'manufacturers', 'manufacturers'),
  lookup('models', 'models', 'models', {
    fields: { 'manufacturer-id': ref('manufacturers') },
    // ASSUMPTION (itglue-api.md §3.10): models show `manufacturer-id` in responses.
    attributes: ['name', 'manufacturer-id', ...TIMES],
    filters: { id: exact('id') },
    sorts: { id: attr('id'), name: attr('name'), manufacturer_id: attr('manufacturer-id'), ...TIME_SORTS },
    indexes: ['manufacturer-id'],
  }),
  lookup('operatingSystems', 'operating_systems', 'operating-systems', {
    serverFields: { 'platform-id': ref('platforms') },
    attributes: ['name', 'platform-id', 'platform-name', ...TIMES],
    computed: (row, view) => ({ 'platform-name': view.nameOf('platforms', row['platform-id']) }),
  }),
  lookup('platforms', 'platforms', 'platforms'),
  lookup('countries', 'countries', 'countries', {
    serverFields: { iso: str },
    attributes: ['name', 'iso', ...TIMES],
    filters: { name: exact('name'), iso: exact('iso') },
  }),
  lookup('regions', 'regions', 'regions', {
    serverFields: { iso: str, 'country-id': ref('countries', { required: true }) },
    attributes: ['name', 'iso', 'country-id', ...TIMES],
    filters: { name: exact('name'), iso: exact('iso'), country_id: exact('country-id', true) },
    indexes: ['country-id'],
  }),
  lookup('passwordCategories', 'password_categories', 'password-categories', {
    sorts: { name: attr('name'), ...TIME_SORTS },
  }),
];

/** Lookups the API can create and edit (the rest are read-only lists). */
export const WRITABLE_LOOKUPS: ReadonlySet<Collection> = new Set([
  'organizationTypes',
  'organizationStatuses',
  'configurationTypes',
  'configurationStatuses',
  'contactTypes',
  'manufacturers',
  'models',
  'passwordCategories',
]);

// ------------------------------------------------------------------ records

const organizations: ResourceDef = {
  collection: 'organizations',
  type: 'organizations',
  path: 'organizations',
  fields: {
    name: { kind: 'string', required: true },
    alert: str,
    description: str,
    'organization-type-id': ref('organizationTypes'),
    'organization-status-id': ref('organizationStatuses'),
    'short-name': str,
    'quick-notes': str,
    'parent-id': ref('organizations'),
  },
  serverFields: { ...INTEGRATION_FIELDS, primary: bool, logo: str, 'my-glue-account-id': { kind: 'int' }, 'group-id': { kind: 'int' } },
  attributes: [
    'name', 'alert', 'description', 'organization-type-id', 'organization-type-name', 'organization-status-id',
    'organization-status-name', 'my-glue-account-id', 'primary', 'quick-notes', 'short-name', 'logo', ...TIMES,
    'my-glue', 'parent-id', 'ancestor-ids',
  ],
  computed: (row, view) => ({
    'organization-type-name': view.nameOf('organizationTypes', row['organization-type-id']),
    'organization-status-name': view.nameOf('organizationStatuses', row['organization-status-id']),
    primary: row.primary === true,
    logo: row.logo ?? '',
    'my-glue': row['my-glue'] === true,
    'ancestor-ids': ancestorIds(row, view),
  }),
  filters: {
    id: exact('id'),
    name: exact('name'),
    organization_type_id: exact('organization-type-id'),
    organization_status_id: exact('organization-status-id'),
    created_at: range('created-at'),
    updated_at: range('updated-at'),
    my_glue_account_id: exact('my-glue-account-id'),
    group_id: exact('group-id'),
    primary: { kind: 'exact', get: (row) => row.primary === true },
    ...PSA_FILTERS,
  },
  sorts: {
    name: attr('name'),
    id: attr('id'),
    ...TIME_SORTS,
    organization_status_name: (row, view) => view.nameOf('organizationStatuses', row['organization-status-id']),
    organization_type_name: (row, view) => view.nameOf('organizationTypes', row['organization-type-id']),
    short_name: attr('short-name'),
    my_glue_account_id: attr('my-glue-account-id'),
  },
  includes: ['adapters_resources', 'attachments', 'rmm_companies'],
  indexes: ['parent-id'],
  dependsOn: ['organizationTypes', 'organizationStatuses'],
};

/** ASSUMPTION (itglue-api.md §3.2): `ancestor-ids` is the string form "[1,6]" (root first), as in the doc example. */
function ancestorIds(row: Row, view: StoreView): string {
  const ids: number[] = [];
  const seen = new Set<number>([row.id]);
  let parent = view.row('organizations', row['parent-id']);
  while (parent && !seen.has(parent.id)) {
    ids.unshift(parent.id);
    seen.add(parent.id);
    parent = view.row('organizations', parent['parent-id']);
  }
  return `[${ids.join(',')}]`;
}

const configurations: ResourceDef = {
  collection: 'configurations',
  type: 'configurations',
  path: 'configurations',
  fields: {
    'organization-id': ref('organizations', { required: true }),
    name: { kind: 'string', required: true },
    hostname: str,
    // Kept on the primary interface (store.ts); listed here for validation.
    'primary-ip': { kind: 'ip' },
    'mac-address': { kind: 'mac' },
    'default-gateway': str,
    'serial-number': str,
    'asset-tag': str,
    position: str,
    'installed-by': str,
    'purchased-by': str,
    notes: str,
    'operating-system-notes': str,
    'warranty-expires-at': date,
    'installed-at': date,
    'purchased-at': date,
    'mitp-device-expiration-date': date,
    'mitp-end-of-life-date': date,
    'configuration-type-id': ref('configurationTypes', { required: true }),
    'configuration-status-id': ref('configurationStatuses'),
    'manufacturer-id': ref('manufacturers'),
    'model-id': ref('models'),
    'operating-system-id': ref('operatingSystems'),
    // ASSUMPTION (itglue-api.md §3.3): configurations take a `platform-id` (SPEC maps platform ↔ osType).
    'platform-id': ref('platforms'),
    'location-id': ref('locations', { sameOrganization: true }),
    'contact-id': ref('contacts', { sameOrganization: true }),
    restricted: bool,
    archived: bool,
  },
  serverFields: { ...INTEGRATION_FIELDS, 'rmm-id': str, 'rmm-integration-type': str },
  attributes: [
    'organization-id', 'organization-name', 'organization-short-name', 'resource-url', 'name', 'hostname', 'primary-ip',
    'mac-address', 'default-gateway', 'serial-number', 'asset-tag', 'position', 'installed-by', 'purchased-by', 'notes',
    'operating-system-notes', 'warranty-expires-at', 'installed-at', 'purchased-at', 'mitp-device-expiration-date',
    'mitp-end-of-life-date', 'configuration-type-id', 'configuration-type-name', 'configuration-type-kind',
    'configuration-status-id', 'configuration-status-name', 'manufacturer-id', 'manufacturer-name', 'model-id', 'model-name',
    'operating-system-id', 'operating-system-name', 'platform-id', 'platform-name', 'location-id', 'location-name',
    'contact-id', 'contact-name', 'restricted', 'my-glue', 'psa-integration', 'archived', ...TIMES,
  ],
  computed: (row, view) => {
    const org = view.row('organizations', row['organization-id']);
    const primary = view.primaryInterface(row.id);
    const typeName = view.nameOf('configurationTypes', row['configuration-type-id']);
    const contact = view.row('contacts', row['contact-id']);
    return {
      'organization-name': org?.name ?? null,
      'organization-short-name': org?.['short-name'] ?? null,
      'resource-url': resourceUrl(view, row['organization-id'], 'configurations', row.id),
      'primary-ip': primary?.['ip-address'] ?? null,
      'mac-address': primary?.['mac-address'] ?? null,
      'configuration-type-name': typeName,
      // ASSUMPTION (itglue-api.md §7.3): the kind is the type name in snake_case ("server", "virtual_machine").
      'configuration-type-kind': kindOf(typeName),
      'configuration-status-name': view.nameOf('configurationStatuses', row['configuration-status-id']),
      'manufacturer-name': view.nameOf('manufacturers', row['manufacturer-id']),
      'model-name': view.nameOf('models', row['model-id']),
      'operating-system-name': view.nameOf('operatingSystems', row['operating-system-id']),
      'platform-name': view.nameOf('platforms', row['platform-id']),
      'location-name': view.nameOf('locations', row['location-id']),
      'contact-name': contact ? contactName(contact) : null,
      restricted: row.restricted === true,
      'my-glue': row['my-glue'] === true,
      // ASSUMPTION (itglue-api.md §3.3): the value format is unknown; always null here.
      'psa-integration': null,
      archived: row.archived === true,
    };
  },
  filters: {
    id: exact('id'),
    name: exact('name'),
    organization_id: exact('organization-id', true),
    configuration_type_id: exact('configuration-type-id'),
    configuration_status_id: exact('configuration-status-id'),
    contact_id: exact('contact-id'),
    serial_number: exact('serial-number'),
    mac_address: { kind: 'exact', get: (row, view) => view.primaryInterface(row.id)?.['mac-address'] },
    asset_tag: exact('asset-tag'),
    rmm_id: exact('rmm-id'),
    rmm_integration_type: exact('rmm-integration-type'),
    archived: { kind: 'exact', get: (row) => row.archived === true },
    ...PSA_FILTERS,
  },
  sorts: { name: attr('name'), id: attr('id'), ...TIME_SORTS },
  includes: [
    'adapters_resources', 'configuration_interfaces', 'rmm_records', 'passwords', 'attachments', 'tickets',
    'dnet_fa_remote_assets', 'user_resource_accesses', 'group_resource_accesses', 'rmm_adapters_resources',
    'adapters_resources_errors', 'rmm_adapters_resources_errors', 'active_network_glue_network_devices',
    'to_configuration_connections', 'from_configuration_connections', 'recent_versions', 'related_items', 'authorized_users',
  ],
  indexes: ['organization-id', 'location-id', 'contact-id'],
  dependsOn: ['configurationInterfaces'],
};

export function contactName(row: Row): string | null {
  const name = [row['first-name'], row['last-name']].filter((p) => typeof p === 'string' && p !== '').join(' ');
  return name || null;
}

const contacts: ResourceDef = {
  collection: 'contacts',
  type: 'contacts',
  path: 'contacts',
  fields: {
    'organization-id': ref('organizations', { required: true }),
    'first-name': str,
    'last-name': str,
    title: str,
    'contact-type-id': ref('contactTypes'),
    'location-id': ref('locations', { sameOrganization: true }),
    important: bool,
    notes: str,
    restricted: bool,
    'contact-emails': { kind: 'emails' },
    'contact-phones': { kind: 'phones' },
  },
  serverFields: INTEGRATION_FIELDS,
  attributes: [
    'organization-id', 'organization-name', 'name', 'first-name', 'last-name', 'title', 'contact-type-id', 'contact-type-name',
    'location-id', 'location-name', 'important', 'notes', 'restricted', 'my-glue', ...TIMES, 'contact-emails', 'contact-phones',
  ],
  computed: (row, view) => ({
    ...organizationNames(row, view),
    name: contactName(row),
    'contact-type-name': view.nameOf('contactTypes', row['contact-type-id']),
    'location-name': view.nameOf('locations', row['location-id']),
    restricted: row.restricted === true,
    'my-glue': row['my-glue'] === true,
    'contact-emails': row['contact-emails'] ?? [],
    'contact-phones': ((row['contact-phones'] as Record<string, unknown>[] | undefined) ?? []).map((p) => ({
      ...p,
      'formatted-value': formatPhone(p.value),
    })),
  }),
  filters: {
    id: exact('id'),
    first_name: exact('first-name'),
    last_name: exact('last-name'),
    title: exact('title'),
    contact_type_id: exact('contact-type-id'),
    important: { kind: 'exact', get: (row) => row.important === true },
    primary_email: {
      kind: 'exact',
      get: (row) => (row['contact-emails'] as { value: string; primary: boolean }[] | undefined)?.find((e) => e.primary)?.value,
    },
    organization_id: exact('organization-id', true),
    ...PSA_FILTERS,
  },
  sorts: { first_name: attr('first-name'), last_name: attr('last-name'), id: attr('id'), ...TIME_SORTS },
  includes: [
    'adapters_resources', 'location', 'passwords', 'attachments', 'tickets', 'distinct_remote_contacts', 'resource_fields',
    'user_resource_accesses', 'group_resource_accesses', 'recent_versions', 'related_items', 'authorized_users',
  ],
  indexes: ['organization-id', 'location-id'],
};

const locations: ResourceDef = {
  collection: 'locations',
  type: 'locations',
  path: 'locations',
  fields: {
    'organization-id': ref('organizations', { required: true }),
    name: { kind: 'string', required: true },
    primary: bool,
    'address-1': str,
    'address-2': str,
    city: str,
    'postal-code': str,
    'region-id': ref('regions'),
    'country-id': ref('countries'),
    phone: { kind: 'phone' },
    fax: { kind: 'phone' },
    notes: str,
    restricted: bool,
  },
  serverFields: INTEGRATION_FIELDS,
  attributes: [
    'organization-id', 'organization-name', 'name', 'primary', 'address-1', 'address-2', 'city', 'postal-code', 'region-id',
    'region-name', 'country-id', 'country-name', 'phone', 'fax', 'formatted-phone', 'formatted-fax', 'notes', 'restricted',
    'my-glue', ...TIMES,
  ],
  computed: (row, view) => ({
    ...organizationNames(row, view),
    primary: row.primary === true,
    'region-name': view.nameOf('regions', row['region-id']),
    'country-name': view.nameOf('countries', row['country-id']),
    'formatted-phone': formatPhone(row.phone),
    'formatted-fax': formatPhone(row.fax),
    restricted: row.restricted === true,
    'my-glue': row['my-glue'] === true,
  }),
  filters: {
    id: exact('id'),
    name: exact('name'),
    city: exact('city'),
    region_id: exact('region-id'),
    country_id: exact('country-id'),
    organization_id: exact('organization-id', true),
    ...PSA_FILTERS,
  },
  sorts: { name: attr('name'), id: attr('id'), primary: (row) => (row.primary === true ? 1 : 0), ...TIME_SORTS },
  includes: ['adapters_resources', 'attachments', 'passwords', 'user_resource_accesses', 'group_resource_accesses', 'related_items'],
  indexes: ['organization-id'],
};

const configurationInterfaces: ResourceDef = {
  collection: 'configurationInterfaces',
  type: 'configuration-interfaces',
  path: 'configuration_interfaces',
  fields: {
    'configuration-id': ref('configurations', { required: true }),
    name: str,
    'ip-address': { kind: 'ip' },
    'mac-address': { kind: 'mac' },
    primary: bool,
    notes: str,
  },
  createOnly: ['configuration-id'],
  // ASSUMPTION (itglue-api.md §3.4): responses also carry `configuration-id`.
  attributes: ['configuration-id', 'primary', 'name', 'ip-address', 'mac-address', 'notes', ...TIMES],
  computed: (row) => ({ primary: row.primary === true }),
  filters: { id: exact('id'), ip_address: exact('ip-address') },
  sorts: TIME_SORTS,
  includes: [],
  indexes: ['configuration-id'],
};

const flexibleAssetTypes: ResourceDef = {
  collection: 'flexibleAssetTypes',
  type: 'flexible-asset-types',
  path: 'flexible_asset_types',
  fields: { name: { kind: 'string', required: true }, description: str, icon: str, 'show-in-menu': bool, enabled: bool },
  attributes: ['name', 'description', 'icon', 'enabled', 'show-in-menu', ...TIMES],
  computed: (row) => ({ enabled: row.enabled !== false, 'show-in-menu': row['show-in-menu'] !== false }),
  filters: { id: exact('id'), name: exact('name'), icon: exact('icon'), enabled: { kind: 'exact', get: (row) => row.enabled !== false } },
  sorts: { id: attr('id'), name: attr('name'), ...TIME_SORTS },
  includes: ['flexible_asset_fields'],
  indexes: [],
};

const flexibleAssetFields: ResourceDef = {
  collection: 'flexibleAssetFields',
  type: 'flexible-asset-fields',
  path: 'flexible_asset_fields',
  fields: {
    'flexible-asset-type-id': ref('flexibleAssetTypes', { required: true }),
    order: { kind: 'int' },
    name: { kind: 'string', required: true },
    kind: { kind: 'enum', values: FIELD_KINDS, required: true },
    hint: str,
    decimals: { kind: 'int' },
    'default-value': str,
    'tag-type': str,
    required: bool,
    'use-for-title': bool,
    expiration: bool,
    'show-in-list': bool,
  },
  serverFields: { 'name-key': str },
  createOnly: ['flexible-asset-type-id'],
  attributes: [
    'order', 'name', 'kind', 'hint', 'tag-type', 'required', 'use-for-title', 'expiration', 'show-in-list', 'name-key',
    'decimals', 'default-value', 'flexible-asset-type-id', ...TIMES,
  ],
  computed: (row) => ({
    required: row.required === true,
    'use-for-title': row['use-for-title'] === true,
    expiration: row.expiration === true,
    'show-in-list': row['show-in-list'] === true,
  }),
  filters: { id: exact('id') },
  sorts: TIME_SORTS,
  includes: [],
  indexes: ['flexible-asset-type-id'],
};

const flexibleAssets: ResourceDef = {
  collection: 'flexibleAssets',
  type: 'flexible-assets',
  path: 'flexible_assets',
  fields: {
    'organization-id': ref('organizations', { required: true }),
    'flexible-asset-type-id': ref('flexibleAssetTypes', { required: true }),
    traits: { kind: 'traits' },
    restricted: bool,
    archived: bool,
  },
  serverFields: INTEGRATION_FIELDS,
  createOnly: ['flexible-asset-type-id'],
  attributes: [
    'organization-id', 'organization-name', 'resource-url', 'restricted', 'my-glue', 'flexible-asset-type-id',
    'flexible-asset-type-name', 'name', 'traits', 'archived', ...TIMES,
  ],
  // `traits` is presented by the store (tag values are expanded there).
  computed: (row, view) => ({
    ...organizationNames(row, view),
    'resource-url': resourceUrl(view, row['organization-id'], 'assets/records', row.id),
    restricted: row.restricted === true,
    'my-glue': row['my-glue'] === true,
    'flexible-asset-type-name': view.nameOf('flexibleAssetTypes', row['flexible-asset-type-id']),
    archived: row.archived === true,
  }),
  // Documented in kebab-case, unlike every other resource (itglue-api.md §2.4).
  filters: {
    'flexible-asset-type-id': exact('flexible-asset-type-id', true),
    name: exact('name'),
    'organization-id': exact('organization-id', true),
  },
  sorts: { name: attr('name'), ...TIME_SORTS },
  includes: ['attachments', 'passwords', 'user_resource_accesses', 'group_resource_accesses', 'recent_versions', 'related_items', 'authorized_users'],
  indexes: ['organization-id', 'flexible-asset-type-id'],
};

const passwords: ResourceDef = {
  collection: 'passwords',
  type: 'passwords',
  path: 'passwords',
  fields: {
    'organization-id': ref('organizations', { required: true }),
    name: { kind: 'string', required: true },
    username: str,
    password: str,
    url: str,
    notes: str,
    'password-category-id': ref('passwordCategories'),
    'autofill-selectors': str,
    'resource-id': { kind: 'int' },
    'resource-type': str,
    restricted: bool,
    archived: bool,
  },
  serverFields: { ...INTEGRATION_FIELDS, 'cached-resource-name': str, 'cached-resource-type-name': str, 'password-updated-at': str },
  attributes: [
    'organization-id', 'organization-name', 'resource-url', 'restricted', 'my-glue', 'password-category-id',
    'password-category-name', 'name', 'username', 'password', 'url', 'notes', 'autofill-selectors', 'password-updated-at',
    'resource-id', 'resource-type', 'cached-resource-type-name', 'cached-resource-name', 'archived', ...TIMES,
  ],
  computed: (row, view) => ({
    ...organizationNames(row, view),
    'resource-url': resourceUrl(view, row['organization-id'], 'passwords', row.id),
    restricted: row.restricted === true,
    'my-glue': row['my-glue'] === true,
    'password-category-name': view.nameOf('passwordCategories', row['password-category-id']),
    archived: row.archived === true,
  }),
  filters: {
    id: exact('id'),
    name: exact('name'),
    organization_id: exact('organization-id', true),
    password_category_id: exact('password-category-id'),
    url: exact('url'),
    cached_resource_name: exact('cached-resource-name'),
    archived: { kind: 'exact', get: (row) => row.archived === true },
  },
  sorts: { name: attr('name'), username: attr('username'), url: attr('url'), id: attr('id'), ...TIME_SORTS },
  includes: ['attachments', 'network_glue_networks', 'rotatable_password', 'updater', 'user_resource_accesses', 'group_resource_accesses', 'recent_versions', 'related_items', 'authorized_users'],
  indexes: ['organization-id'],
};

const documents: ResourceDef = {
  collection: 'documents',
  type: 'documents',
  path: 'documents',
  fields: {
    'organization-id': ref('organizations', { required: true }),
    name: { kind: 'string', required: true },
    restricted: bool,
    archived: bool,
    public: bool,
    'document-folder-id': { kind: 'int' },
    'is-uploaded': bool,
  },
  serverFields: { ...INTEGRATION_FIELDS, published: bool },
  createOnly: ['document-folder-id', 'is-uploaded'],
  attributes: [
    'name', 'organization-id', 'organization-name', 'resource-url', 'document-folder-id', 'is-uploaded', 'archived',
    'restricted', 'public', 'published', ...TIMES,
  ],
  computed: (row, view) => ({
    ...organizationNames(row, view),
    'resource-url': resourceUrl(view, row['organization-id'], 'docs', row.id),
    'is-uploaded': row['is-uploaded'] === true,
    archived: row.archived === true,
    restricted: row.restricted === true,
    public: row.public === true,
    published: row.published !== false,
  }),
  // ASSUMPTION (itglue-api.md §2.4, §3.9): the document list is itself undocumented [P] and
  // documents no filters, so every filter is ignored (read an organization's documents through
  // its nested route instead).
  filters: {},
  sorts: { name: attr('name'), id: attr('id'), ...TIME_SORTS },
  includes: ['attachments', 'related_items'],
  indexes: ['organization-id'],
};

/**
 * Domains: `GET /domains` with `filter[id]`, `filter[organization_id]` and sorts by time are [C]
 * (itglue-api.md §2.4, §3.1); nothing else is documented, so there is no show, write or delete
 * route. ASSUMPTION [U]: the attributes (the doc lists none); records come from a dataset or the
 * admin API, and go with their organization.
 */
const domains: ResourceDef = {
  collection: 'domains',
  type: 'domains',
  path: 'domains',
  fields: {},
  serverFields: {
    'organization-id': ref('organizations', { required: true }),
    name: { kind: 'string', required: true },
    'registrar-name': str,
    'expires-on': date,
    notes: str,
  },
  attributes: ['organization-id', 'organization-name', 'name', 'registrar-name', 'expires-on', 'notes', ...TIMES],
  computed: organizationNames,
  filters: { id: exact('id'), organization_id: exact('organization-id', true) },
  sorts: TIME_SORTS,
  includes: [],
  indexes: ['organization-id'],
};

/**
 * Attachments of a record (`/:resource_type/:resource_id/relationships/attachments`, [C] routes):
 * served through `include=attachments` on the resources whose include lists name it, and deleted in
 * bulk on that nested route. ASSUMPTION [U]: the attributes (`attachment-file-name`,
 * `attachment-content-type`, `attachment-file-size`, `name`) and that a record's attachments go
 * with it; `resource-type` is the parent's URL segment (`configurations`) and `resource-id` its id.
 * No root route exists.
 */
const attachments: ResourceDef = {
  collection: 'attachments',
  type: 'attachments',
  path: 'attachments',
  fields: {},
  serverFields: {
    'resource-type': { kind: 'enum', values: ['organizations', 'locations', 'contacts', 'configurations', 'passwords', 'documents', 'flexible_assets'], required: true },
    'resource-id': { kind: 'int', required: true },
    name: str,
    'attachment-file-name': { kind: 'string', required: true },
    'attachment-content-type': str,
    'attachment-file-size': { kind: 'int' },
  },
  attributes: ['resource-type', 'resource-id', 'name', 'attachment-file-name', 'attachment-content-type', 'attachment-file-size', ...TIMES],
  filters: {},
  sorts: TIME_SORTS,
  includes: [],
  indexes: ['resource-id'],
};

export const RESOURCES: Record<Collection, ResourceDef> = Object.fromEntries(
  [
    ...LOOKUPS,
    organizations,
    configurations,
    contacts,
    locations,
    configurationInterfaces,
    flexibleAssetTypes,
    flexibleAssetFields,
    flexibleAssets,
    passwords,
    documents,
    domains,
    attachments,
  ].map((def) => [def.collection, def]),
) as Record<Collection, ResourceDef>;

/** Collections whose records belong to an organization (cascade-deleted with it). */
export const ORGANIZATION_CHILDREN: readonly Collection[] = ['locations', 'contacts', 'configurations', 'flexibleAssets', 'passwords', 'documents', 'domains'];
