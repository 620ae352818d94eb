/**
 * Configuration ↔ Hardware asset (SPEC §3). IT Glue's `primary-ip` and `mac-address` are those of
 * the configuration's primary interface, which is all that syncs to BMS.
 */
import type { CanonicalConfiguration } from '../entities.js';
import {
  activeStatus,
  dateOnly,
  lookup,
  mac,
  numberOrNull,
  ref,
  requiredText,
  text,
  textToItGlueLookup,
  type EntityMapping,
  type FieldMapping,
} from './fields.js';

/** The contact maps only when the BMS contact belongs to the asset's own account (SPEC §3). */
const sameAccountContact: FieldMapping<string | null> = (() => {
  const base = ref({ bms: 'contactId', itglue: 'contact-id', entity: 'contact', label: 'contact' });
  return {
    ...base,
    fromBms: (r, ctx) => {
      const contactId = base.fromBms(r, ctx);
      if (contactId === null) return null;
      const account = ctx.bmsContactAccount(contactId);
      const own = numberOrNull(r.accountId);
      if (account !== null && own !== null && account !== String(own)) {
        ctx.warn('contact', `BMS contact ${contactId} belongs to another account (${account}); the contact is left empty`);
        return null;
      }
      return contactId;
    },
  };
})();

export const configurationMapping: EntityMapping<CanonicalConfiguration> = {
  fields: {
    name: requiredText('name', 'name'),
    assetTag: text('assetTag', 'asset-tag'),
    defaultGateway: text('defaultGateway', 'default-gateway'),
    contact: sameAccountContact,
    active: activeStatus({
      itglueId: 'configuration-status-id',
      itglueName: 'configuration-status-name',
      itglueTable: 'configurationStatuses',
    }),
    typeName: lookup({
      bmsId: 'categoryId',
      bmsName: 'category',
      bmsTable: 'AssetCategory',
      itglueId: 'configuration-type-id',
      itglueName: 'configuration-type-name',
      itglueTable: 'configurationTypes',
      label: 'configuration type',
    }),
    primaryIp: text('ipAddress', 'primary-ip'),
    macAddress: mac('macAddress', 'mac-address'),
    location: ref({ bms: 'accountLocationId', itglue: 'location-id', entity: 'location', label: 'location' }),
    manufacturerName: lookup({
      bmsId: 'manufacturerId',
      bmsName: 'manufacturer',
      bmsTable: 'Manufacturer',
      itglueId: 'manufacturer-id',
      itglueName: 'manufacturer-name',
      itglueTable: 'manufacturers',
      label: 'manufacturer',
    }),
    modelName: textToItGlueLookup({
      bms: 'modelNumber',
      itglueId: 'model-id',
      itglueName: 'model-name',
      itglueTable: 'models',
      label: 'model',
      scopeField: 'manufacturerName',
      scopeTable: 'manufacturers',
    }),
    notes: text('description', 'notes'),
    operatingSystemName: textToItGlueLookup({
      bms: 'osInfo',
      itglueId: 'operating-system-id',
      itglueName: 'operating-system-name',
      itglueTable: 'operatingSystems',
      label: 'operating system',
    }),
    position: text('locationInfo', 'position'),
    platformName: textToItGlueLookup({
      bms: 'osType',
      itglueId: 'platform-id',
      itglueName: 'platform-name',
      itglueTable: 'platforms',
      label: 'platform',
    }),
    purchasedAt: dateOnly('acquisitionDate', 'purchased-at'),
    serialNumber: text('serialNumber', 'serial-number'),
    warrantyExpiresAt: dateOnly('warrantyExpirationDate', 'warranty-expires-at'),
  },
};
