/** Organization ↔ Account (SPEC §3). Primary location ↔ main location is mapped on the location (`primary`). */
import type { CanonicalOrganization } from '../entities.js';
import { activeStatus, lookup, ref, requiredText, text, type EntityMapping } from './fields.js';

export const organizationMapping: EntityMapping<CanonicalOrganization> = {
  fields: {
    name: requiredText('accountName', 'name'),
    typeName: lookup({
      bmsId: 'accountTypeId',
      bmsName: 'accountType',
      bmsTable: 'accountTypes',
      itglueId: 'organization-type-id',
      itglueName: 'organization-type-name',
      itglueTable: 'organizationTypes',
      label: 'organization type',
    }),
    active: activeStatus({
      itglueId: 'organization-status-id',
      itglueName: 'organization-status-name',
      itglueTable: 'organizationStatuses',
    }),
    parent: ref({ bms: 'parentId', itglue: 'parent-id', entity: 'organization', label: 'parent organization' }),
    shortName: text('accountCode', 'short-name'),
  },
};
