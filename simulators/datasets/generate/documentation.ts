/**
 * The IT Glue side, part four: documents and passwords about the ticket topics in every
 * organization, for "suggested documentation" (SPEC §13). Each organization documents a few
 * topics; some names carry the organization's own name (so the `[organization_name]` variable
 * matters), others sit next to near misses ("Printer setup" / "Printers and Scanners" / "Print
 * Server maintenance") that whole-word matching must tell apart. Drawn from a stream of its own,
 * after everything else, so the rest of the IT Glue half does not depend on it.
 */
import { Rng } from '../random.js';
import { MSP_DOCUMENTS, TOPICS } from '../topics.js';
import type { ItGlueBuilder, OrgMeta } from './itglue.js';
import type { BmsWorld } from './model.js';
import { between, itgTime, sample, slug } from './util.js';

export function addTicketDocumentation(itg: ItGlueBuilder, world: BmsWorld): void {
  const rng = Rng.stream(world.options.seed, 'itglue-documentation');
  const ownerType = itg.lookups.id('organizationTypes', 'Owner');
  for (const meta of itg.meta.values()) {
    const own = meta.organization['organization-type-id'] === ownerType;
    const documentNames: string[] = own ? [...MSP_DOCUMENTS] : [];
    const passwords: (readonly [string, string])[] = [];
    for (const topic of sample(rng, TOPICS, own ? 2 : rng.int(3, 6))) {
      documentNames.push(...sample(rng, topic.documents, rng.int(1, 3)));
      passwords.push(...sample(rng, topic.passwords, rng.int(1, 2)));
    }
    // Typed by a person: the organization's name as it reads, not as it happens to be stored.
    const orgName = meta.organization.name.replace(/\s+/g, ' ').trim();
    addDocuments(rng, itg, meta, documentNames.map((name) => name.replace('{org}', orgName)));
    addPasswords(rng, itg, meta, passwords);
  }
}

/** Names already used in the organization (the older generator steps add some too). */
function namesIn(list: readonly { 'organization-id': number; name: string }[], organizationId: number): Set<string> {
  return new Set(list.filter((r) => r['organization-id'] === organizationId).map((r) => r.name.toLowerCase()));
}

function addDocuments(rng: Rng, itg: ItGlueBuilder, meta: OrgMeta, names: readonly string[]): void {
  const orgId = Number(meta.organization.id);
  const used = namesIn(itg.documents, orgId);
  for (const name of names) {
    if (used.has(name.toLowerCase())) continue;
    used.add(name.toLowerCase());
    const createdMs = between(rng, meta.createdMs, itg.nowMs);
    itg.documents.push({
      id: String(itg.ids.take('document')),
      'organization-id': orgId,
      name,
      archived: rng.chance(0.05),
      'created-at': itgTime(createdMs),
      'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
    });
  }
}

function addPasswords(rng: Rng, itg: ItGlueBuilder, meta: OrgMeta, entries: readonly (readonly [string, string])[]): void {
  const orgId = Number(meta.organization.id);
  const used = namesIn(itg.passwords, orgId);
  for (const [name, category] of entries) {
    if (used.has(name.toLowerCase())) continue;
    used.add(name.toLowerCase());
    const categoryId = itg.lookups.id('passwordCategories', category);
    if (categoryId === null) throw new Error(`IT Glue has no password category "${category}"`);
    const createdMs = between(rng, meta.createdMs, itg.nowMs);
    itg.passwords.push({
      id: String(itg.ids.take('password')),
      'organization-id': orgId,
      name,
      username: category === 'Wireless' ? null : rng.pick(['admin', 'administrator', `it@${meta.domain}`, `svc-${slug(name).slice(0, 12)}`]),
      password: `${rng.alnum(5, 'abcdefghjkmnpqrstuvwxyz')}-${rng.alnum(5, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}-${rng.digits(3)}`,
      url: category === 'Website' || category === 'Microsoft 365' ? rng.pick([`https://portal.${meta.domain}`, 'https://admin.microsoft.com']) : null,
      notes: null,
      'password-category-id': categoryId,
      archived: rng.chance(0.03),
      'created-at': itgTime(createdMs),
      'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
    });
  }
}
