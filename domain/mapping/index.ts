/** The four mapping tables (SPEC §3), by entity. */
import type { CanonicalByEntity, Entity } from '../entities.js';
import { configurationMapping } from './configuration.js';
import { contactMapping } from './contact.js';
import type { EntityMapping } from './fields.js';
import { locationMapping } from './location.js';
import { organizationMapping } from './organization.js';

export const MAPPINGS: { [E in Entity]: EntityMapping<CanonicalByEntity[E]> } = {
  organization: organizationMapping,
  location: locationMapping,
  contact: contactMapping,
  configuration: configurationMapping,
};

export * from './fields.js';
export { mainAddress } from './location.js';
export { joinPhone, splitPhone } from './contact.js';
