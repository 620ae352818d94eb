/**
 * zod schemas for IT Glue responses (itglue-api.md §1.2, §3). Attributes keep their kebab-case
 * wire names. Fields the docs confirm and the engine relies on are required (a missing or
 * mistyped one is a `malformed-response` naming it); fields the docs mark partial or
 * unconfirmed are optional, and unknown extra fields pass through.
 */
import { z } from 'zod';
import { cachedFor } from '../schema-cache.js';

const text = z.string().nullable();
const optionalText = text.optional();
/** Foreign keys are JSON numbers; a numeric string is tolerated. */
const fk = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).nullable();
const optionalFk = fk.optional();
const timestamp = z.string().min(1);
/** `YYYY-MM-DD`; tolerate a full timestamp by keeping its date part. */
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/)
  .transform((v) => v.slice(0, 10))
  .nullable();
const flag = z.boolean().nullable().optional();
const times = { 'created-at': timestamp, 'updated-at': timestamp };

export const itgOrganizationSchema = z.looseObject({
  name: z.string(),
  alert: optionalText,
  description: optionalText,
  'organization-type-id': fk,
  'organization-type-name': optionalText,
  'organization-status-id': fk,
  'organization-status-name': optionalText,
  'short-name': text,
  'quick-notes': optionalText,
  primary: flag,
  logo: optionalText,
  /** The docs show it as a string ("1"); numbers are accepted too. */
  'parent-id': optionalFk,
  'ancestor-ids': z.unknown().optional(),
  'my-glue-account-id': optionalFk,
  ...times,
});

export const itgLocationSchema = z.looseObject({
  'organization-id': z.number().int(),
  'organization-name': optionalText,
  name: z.string(),
  primary: z.boolean().nullable(),
  'address-1': text,
  'address-2': text,
  city: text,
  'postal-code': text,
  'region-id': fk,
  'region-name': optionalText,
  'country-id': fk,
  'country-name': optionalText,
  phone: text,
  fax: text,
  'formatted-phone': optionalText,
  'formatted-fax': optionalText,
  notes: optionalText,
  restricted: flag,
  ...times,
});

export const itgContactEmailSchema = z.looseObject({
  value: z.string(),
  primary: z.boolean().nullable().optional(),
  'label-name': z.string().nullable().optional(),
});

export const itgContactPhoneSchema = z.looseObject({
  value: z.string(),
  extension: optionalText,
  primary: z.boolean().nullable().optional(),
  'label-name': z.string().nullable().optional(),
  'label-type': z.string().nullable().optional(),
  'formatted-value': optionalText,
});

export const itgContactSchema = z.looseObject({
  'organization-id': z.number().int(),
  'organization-name': optionalText,
  name: optionalText,
  'first-name': text,
  'last-name': text,
  title: text,
  'contact-type-id': fk,
  'contact-type-name': optionalText,
  'location-id': fk,
  'location-name': optionalText,
  /** Can be null on real data. [C] */
  important: z.boolean().nullable(),
  notes: optionalText,
  restricted: flag,
  'contact-emails': z.array(itgContactEmailSchema),
  'contact-phones': z.array(itgContactPhoneSchema),
  ...times,
});

export const itgConfigurationSchema = z.looseObject({
  'organization-id': z.number().int(),
  'organization-name': optionalText,
  'organization-short-name': optionalText,
  'resource-url': optionalText,
  name: z.string(),
  hostname: text,
  'primary-ip': text,
  'mac-address': text,
  'default-gateway': text,
  'serial-number': text,
  'asset-tag': text,
  position: text,
  'installed-by': optionalText,
  'purchased-by': optionalText,
  notes: text,
  'operating-system-notes': optionalText,
  'warranty-expires-at': date,
  'installed-at': date.optional(),
  'purchased-at': date,
  'mitp-device-expiration-date': date.optional(),
  'mitp-end-of-life-date': date.optional(),
  'configuration-type-id': fk,
  'configuration-type-name': optionalText,
  'configuration-type-kind': optionalText,
  'configuration-status-id': fk,
  'configuration-status-name': optionalText,
  'manufacturer-id': fk,
  'manufacturer-name': optionalText,
  'model-id': fk,
  'model-name': optionalText,
  'operating-system-id': fk,
  'operating-system-name': optionalText,
  /** Not documented on configurations [U]. */
  'platform-id': optionalFk,
  'platform-name': optionalText,
  'location-id': fk,
  'location-name': optionalText,
  'contact-id': fk,
  'contact-name': optionalText,
  restricted: flag,
  archived: z.boolean().nullable(),
  'my-glue': flag,
  'psa-integration': z.unknown().optional(),
  ...times,
});

export const itgConfigurationInterfaceSchema = z.looseObject({
  'configuration-id': optionalFk,
  primary: z.boolean().nullable(),
  name: text,
  'ip-address': text,
  'mac-address': text,
  notes: optionalText,
  ...times,
});

export const itgFlexibleAssetTypeSchema = z.looseObject({
  name: z.string(),
  description: optionalText,
  icon: optionalText,
  enabled: flag,
  'show-in-menu': flag,
  ...times,
});

export const itgFlexibleAssetFieldSchema = z.looseObject({
  'flexible-asset-type-id': optionalFk,
  order: z.number().int().nullable(),
  name: z.string(),
  kind: z.string(),
  hint: optionalText,
  'tag-type': optionalText,
  required: flag,
  'use-for-title': flag,
  expiration: flag,
  'show-in-list': flag,
  'name-key': z.string(),
  decimals: z.number().int().nullable().optional(),
  'default-value': optionalText,
  ...times,
});

export const itgFlexibleAssetSchema = z.looseObject({
  'organization-id': z.number().int(),
  'organization-name': optionalText,
  'resource-url': optionalText,
  'flexible-asset-type-id': z.number().int(),
  'flexible-asset-type-name': optionalText,
  name: text,
  traits: z.record(z.string(), z.unknown()),
  restricted: flag,
  archived: flag,
  ...times,
});

export const itgPasswordSchema = z.looseObject({
  'organization-id': z.number().int(),
  'organization-name': optionalText,
  'resource-url': optionalText,
  name: z.string(),
  username: optionalText,
  /** Present on a single GET with password access only. */
  password: optionalText,
  url: optionalText,
  notes: optionalText,
  'password-category-id': optionalFk,
  'password-category-name': optionalText,
  'resource-id': optionalFk,
  'resource-type': optionalText,
  archived: flag,
  restricted: flag,
  ...times,
});

/** Document attributes are only partly documented [P]. */
export const itgDocumentSchema = z.looseObject({
  'organization-id': z.number().int(),
  'organization-name': optionalText,
  name: z.string(),
  'resource-url': optionalText,
  'document-folder-id': optionalFk,
  archived: flag,
  restricted: flag,
  published: flag,
  ...times,
});

/** Domains: the list is documented, their attributes are not [U]; only the organization is relied on. */
export const itgDomainSchema = z.looseObject({
  'organization-id': z.number().int(),
  name: optionalText,
  ...times,
});

/** A record's attachments (side-loaded with `include=attachments`): attributes [U]; nothing is relied on. */
export const itgAttachmentSchema = z.looseObject({});

export const itgNamedLookupSchema = z.looseObject({ name: z.string(), 'created-at': timestamp.optional(), 'updated-at': timestamp.optional() });
export const itgModelSchema = itgNamedLookupSchema.extend({ 'manufacturer-id': optionalFk });
export const itgOperatingSystemSchema = itgNamedLookupSchema.extend({ 'platform-id': optionalFk, 'platform-name': optionalText });
export const itgCountrySchema = itgNamedLookupSchema.extend({ iso: z.string().nullable() });
export const itgRegionSchema = itgNamedLookupSchema.extend({ iso: z.string().nullable(), 'country-id': z.number().int() });

/** The attributes of side-loaded `adapters-resources` (integration sources). ASSUMPTION, see simulator. */
export const itgAdaptersResourceSchema = z.looseObject({ 'integration-type': z.string().nullable().optional(), 'external-id': optionalText });

// ------------------------------------------------------------------ envelopes

const resourceId = z.union([z.string().min(1), z.number().int().transform(String)]);
const linkage = z.object({ id: resourceId, type: z.string() });

export const itgRelationshipSchema = z.looseObject({ data: z.union([z.array(linkage), linkage, z.null()]) });

// Built once per attributes schema (clients/schema-cache.ts): a new zod schema compiles on its first parse.
const resourceSchemas = new WeakMap<z.ZodType, unknown>();
const listSchemas = new WeakMap<z.ZodType, unknown>();
const singleSchemas = new WeakMap<z.ZodType, unknown>();
const manySchemas = new WeakMap<z.ZodType, unknown>();

export function itgResourceSchema<A extends z.ZodType>(attributes: A) {
  return cachedFor(resourceSchemas, attributes, () =>
    z.object({
      id: resourceId,
      type: z.string(),
      attributes,
      relationships: z.record(z.string(), itgRelationshipSchema).optional(),
    }),
  );
}

/** Any side-loaded record (`included[]`). */
export const itgIncludedSchema = itgResourceSchema(z.record(z.string(), z.unknown()));

/** The six keys of list `meta`. [C] itglue-api.md §2.1 */
export const itgListMetaSchema = z.object({
  'current-page': z.number().int(),
  'next-page': z.number().int().nullable(),
  'prev-page': z.number().int().nullable(),
  'total-pages': z.number().int(),
  'total-count': z.number().int(),
  filters: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]),
});

export function itgListSchema<A extends z.ZodType>(attributes: A) {
  return cachedFor(listSchemas, attributes, () =>
    z.object({
      data: z.array(itgResourceSchema(attributes)),
      meta: itgListMetaSchema,
      links: z.record(z.string(), z.string().nullable()).optional(),
      included: z.array(itgIncludedSchema).optional(),
    }),
  );
}

export function itgSingleSchema<A extends z.ZodType>(attributes: A) {
  return cachedFor(singleSchemas, attributes, () =>
    z.object({
      // [P] some write responses may wrap the record in an array.
      data: z.union([itgResourceSchema(attributes), z.array(itgResourceSchema(attributes)).min(1)]),
      included: z.array(itgIncludedSchema).optional(),
    }),
  );
}

export function itgManySchema<A extends z.ZodType>(attributes: A) {
  return cachedFor(manySchemas, attributes, () => z.object({ data: z.array(itgResourceSchema(attributes)), included: z.array(itgIncludedSchema).optional() }));
}

// ------------------------------------------------------------------ types

export type ItgOrganization = z.output<typeof itgOrganizationSchema>;
export type ItgLocation = z.output<typeof itgLocationSchema>;
export type ItgContact = z.output<typeof itgContactSchema>;
export type ItgContactEmail = z.output<typeof itgContactEmailSchema>;
export type ItgContactPhone = z.output<typeof itgContactPhoneSchema>;
export type ItgConfiguration = z.output<typeof itgConfigurationSchema>;
export type ItgConfigurationInterface = z.output<typeof itgConfigurationInterfaceSchema>;
export type ItgFlexibleAssetType = z.output<typeof itgFlexibleAssetTypeSchema>;
export type ItgFlexibleAssetField = z.output<typeof itgFlexibleAssetFieldSchema>;
export type ItgFlexibleAsset = z.output<typeof itgFlexibleAssetSchema>;
export type ItgPassword = z.output<typeof itgPasswordSchema>;
export type ItgDocument = z.output<typeof itgDocumentSchema>;
export type ItgDomain = z.output<typeof itgDomainSchema>;
export type ItgNamedLookup = z.output<typeof itgNamedLookupSchema>;
export type ItgModel = z.output<typeof itgModelSchema>;
export type ItgOperatingSystem = z.output<typeof itgOperatingSystemSchema>;
export type ItgCountry = z.output<typeof itgCountrySchema>;
export type ItgRegion = z.output<typeof itgRegionSchema>;
export type ItgListMeta = z.output<typeof itgListMetaSchema>;
export type ItgRelationship = z.output<typeof itgRelationshipSchema>;
export type ItgIncluded = z.output<typeof itgIncludedSchema>;

/** A JSON:API resource object as the API returns it. */
export interface ItgResource<A> {
  id: string;
  type: string;
  attributes: A;
  relationships?: Record<string, ItgRelationship>;
}

/** A contact with the integrations it came from (`office365` = Microsoft 365), from `include=adapters_resources`. */
export type ItgContactResource = ItgResource<ItgContact> & { integrationSources: string[] };

// ------------------------------------------------------------------ write shapes (kebab keys, as sent)

type Writable<T, K extends keyof T> = Partial<{ [P in K]: T[P] }>;

export type ItgOrganizationWrite = Writable<
  ItgOrganization,
  'name' | 'alert' | 'description' | 'organization-type-id' | 'organization-status-id' | 'short-name' | 'quick-notes' | 'parent-id'
>;
export type ItgLocationWrite = Writable<
  ItgLocation,
  'organization-id' | 'name' | 'primary' | 'address-1' | 'address-2' | 'city' | 'postal-code' | 'region-id' | 'country-id' | 'phone' | 'fax' | 'notes' | 'restricted'
>;
export interface ItgContactEmailWrite {
  value: string;
  primary?: boolean;
  'label-name': string;
}
export interface ItgContactPhoneWrite {
  value: string;
  extension?: string | null;
  primary?: boolean;
  'label-name': string;
  'label-type'?: 'phone' | 'fax';
}
export type ItgContactWrite = Writable<
  ItgContact,
  'organization-id' | 'first-name' | 'last-name' | 'title' | 'contact-type-id' | 'location-id' | 'important' | 'notes' | 'restricted'
> & { 'contact-emails'?: ItgContactEmailWrite[]; 'contact-phones'?: ItgContactPhoneWrite[] };
export type ItgConfigurationWrite = Writable<
  ItgConfiguration,
  | 'organization-id' | 'name' | 'hostname' | 'primary-ip' | 'mac-address' | 'default-gateway' | 'serial-number' | 'asset-tag'
  | 'position' | 'installed-by' | 'purchased-by' | 'notes' | 'operating-system-notes' | 'warranty-expires-at' | 'installed-at'
  | 'purchased-at' | 'mitp-device-expiration-date' | 'mitp-end-of-life-date' | 'configuration-type-id' | 'configuration-status-id'
  | 'manufacturer-id' | 'model-id' | 'operating-system-id' | 'platform-id' | 'location-id' | 'contact-id' | 'restricted' | 'archived'
>;
export type ItgConfigurationInterfaceWrite = Writable<
  ItgConfigurationInterface,
  'configuration-id' | 'name' | 'ip-address' | 'mac-address' | 'primary' | 'notes'
>;
export type ItgFlexibleAssetTypeWrite = Writable<ItgFlexibleAssetType, 'name' | 'description' | 'icon' | 'enabled' | 'show-in-menu'>;
export type ItgFlexibleAssetFieldWrite = Writable<
  ItgFlexibleAssetField,
  'flexible-asset-type-id' | 'order' | 'name' | 'kind' | 'hint' | 'tag-type' | 'required' | 'use-for-title' | 'expiration' | 'show-in-list' | 'decimals' | 'default-value'
>;
export type ItgFlexibleAssetWrite = Writable<ItgFlexibleAsset, 'organization-id' | 'flexible-asset-type-id' | 'traits' | 'restricted' | 'archived'>;
export interface ItgLookupWrite {
  name?: string;
  /** Models only. */
  'manufacturer-id'?: number | null;
}
