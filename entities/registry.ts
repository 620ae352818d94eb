/**
 * The entity registry: every synced entity's module, in processing order (parents first, as
 * domain/entities.ts lists them). A new entity is one module plus one line here; the compiler then
 * points at anything else that must know it.
 */
import type { Entity } from '../domain/entities.js';
import { configuration, type CanonicalConfiguration } from './configuration.js';
import { contact, type CanonicalContact } from './contact.js';
import { location, type CanonicalLocation } from './location.js';
import type { EntityModule } from './module.js';
import { organization, type CanonicalOrganization } from './organization.js';
import { ticket, type CanonicalTicket } from './ticket.js';

/** The canonical form of each entity (the shape of snapshots and merges). */
export interface CanonicalByEntity {
  organization: CanonicalOrganization;
  location: CanonicalLocation;
  contact: CanonicalContact;
  configuration: CanonicalConfiguration;
  ticket: CanonicalTicket;
}

export type CanonicalRecord = CanonicalByEntity[Entity];

const MODULES: { [E in Entity]: EntityModule<CanonicalByEntity[E]> } = { organization, location, contact, configuration, ticket };

export function moduleOf<E extends Entity>(entity: E): EntityModule<CanonicalByEntity[E]> {
  return MODULES[entity];
}

/** What a record of the entity is called on each side, for logs and reports. */
export function namesOf(entity: Entity): { bms: string; itglue: string } {
  return MODULES[entity].names;
}
