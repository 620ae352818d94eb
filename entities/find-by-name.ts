/**
 * Finding a record by name in either API the way matching compares names: trimmed, inner
 * whitespace collapsed, case ignored (domain/normalize.ts `matchKey`). Used to find what a create
 * whose answer was lost may have made, so it is never created twice.
 *
 * Neither API's name filter compares that way (simulators/*\/ASSUMPTIONS.md): IT Glue's is an
 * exact match of the stored name with the trimmed term, BMS's a case-insensitive "contains" of the
 * term as sent. A name stored with leading, trailing or doubled spaces (or stored otherwise than
 * the term spells it) is missed by a filter on the normalised name. So each look-up first asks
 * with the name itself (cheap, the usual case) and, when that finds nothing equal, asks more
 * broadly and compares here:
 * - IT Glue: every record of the organization (or every organization), by the documented
 *   `organization_id` filter;
 * - BMS: a "contains" filter on the longest word of the name, within the account.
 */
import { matchKey } from '../domain/normalize.js';
import type { BmsClient } from '../clients/bms/client.js';
import type { BmsAccount, BmsContact, BmsHardwareAssetRow } from '../clients/bms/schemas.js';
import type { ItGlueClient } from '../clients/itglue/client.js';
import type { ItgConfiguration, ItgContactResource, ItgLocation, ItgOrganization, ItgResource } from '../clients/itglue/schemas.js';

const same = (a: unknown, b: unknown) => matchKey(a) === matchKey(b);

/** The longest word of a name: a term that a "contains" filter finds whatever the spacing. */
function longestWord(name: string): string {
  return name.split(/\s+/).reduce((best, word) => (word.length > best.length ? word : best), '');
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The exact look-up first; the broad one only when the exact one finds nothing equal. */
async function exactThenBroad<T>(exact: () => Promise<T[]>, broad: () => Promise<T[]>, equal: (item: T) => boolean): Promise<T[]> {
  const found = (await exact()).filter(equal);
  return found.length > 0 ? found : (await broad()).filter(equal);
}

// ---------------------------------------------------------------- IT Glue

export function findItGlueOrganizationsByName(itglue: ItGlueClient, name: string): Promise<ItgResource<ItgOrganization>[]> {
  return exactThenBroad(
    async () => (await itglue.listOrganizationsPage({ filter: { name }, page: { size: 100 } })).items,
    () => collect(itglue.iterateOrganizations()),
    (o) => same(o.attributes.name, name),
  );
}

export function findItGlueLocationsByName(itglue: ItGlueClient, organizationId: string, name: string): Promise<ItgResource<ItgLocation>[]> {
  return exactThenBroad(
    async () => (await itglue.listLocationsPage({ filter: { organization_id: organizationId, name }, page: { size: 100 } })).items,
    () => collect(itglue.iterateLocations({ filter: { organization_id: organizationId } })),
    (l) => same(l.attributes.name, name) && String(l.attributes['organization-id']) === organizationId,
  );
}

export function findItGlueConfigurationsByName(itglue: ItGlueClient, organizationId: string, name: string): Promise<ItgResource<ItgConfiguration>[]> {
  return exactThenBroad(
    async () => (await itglue.listConfigurationsPage({ filter: { organization_id: organizationId, name }, page: { size: 100 } })).items,
    () => collect(itglue.iterateConfigurations({ filter: { organization_id: organizationId } })),
    (c) => same(c.attributes.name, name) && String(c.attributes['organization-id']) === organizationId,
  );
}

export function findItGlueContactsByName(itglue: ItGlueClient, organizationId: string, firstName: string | null, lastName: string | null): Promise<ItgContactResource[]> {
  return exactThenBroad(
    async () =>
      (await itglue.listContactsPage({ filter: { organization_id: organizationId, first_name: firstName ?? '', last_name: lastName ?? '' }, page: { size: 100 } })).items,
    () => collect(itglue.iterateContacts({ filter: { organization_id: organizationId } })),
    (c) => same(c.attributes['first-name'], firstName) && same(c.attributes['last-name'], lastName) && String(c.attributes['organization-id']) === organizationId,
  );
}

// ---------------------------------------------------------------- BMS

export function findBmsAccountsByName(bms: BmsClient, name: string): Promise<BmsAccount[]> {
  return exactThenBroad(
    async () => (await bms.listAccountsPage({ pageSize: 100, filter: { accountName: name } })).items,
    () => collect(bms.iterateAccounts({ accountName: longestWord(name) })),
    (a) => same(a.accountName, name),
  );
}

export function findBmsContactsByName(bms: BmsClient, accountId: number, firstName: string | null, lastName: string | null): Promise<BmsContact[]> {
  return exactThenBroad(
    async () => (await bms.listContactsPage({ pageSize: 100, filter: { accountId, firstName: firstName ?? undefined, lastName: lastName ?? undefined } })).items,
    () => collect(bms.iterateContacts({ accountId, lastName: longestWord(lastName ?? '') || undefined, firstName: lastName ? undefined : longestWord(firstName ?? '') || undefined })),
    (c) => same(c.firstName, firstName) && same(c.lastName, lastName) && c.accountId === accountId,
  );
}

export function findBmsHardwareAssetsByName(bms: BmsClient, accountId: number, name: string): Promise<BmsHardwareAssetRow[]> {
  return exactThenBroad(
    async () => (await bms.listHardwareAssetsPage({ pageSize: 100, filter: { accountId, assetName: name } })).items,
    () => collect(bms.iterateHardwareAssets({ accountId, assetName: longestWord(name) || undefined })),
    (r) => same(r.assetName, name) && r.accountId === accountId,
  );
}
