/**
 * Realistic dataset generator for the simulators (SPEC §12): a BMS half and an IT Glue half that
 * overlap the way a real MSP's do, plus deliberate tricky matching cases with the decisions a
 * correct engine makes (SPEC §5). Deterministic: one seed and one `now`, one dataset.
 *
 * Steps: lookups → BMS accounts, locations, contacts, assets, tickets → which accounts already
 * exist in IT Glue → organization cases (before copying) → IT Glue copies → IT Glue-only
 * organizations → record cases → IT Glue-only extras → documents and passwords for the ticket
 * topics → billing (flexible assets, contracts) → Active Directory contacts (when asked for).
 */
import type { Dataset } from '../format.js';
import { MacRegistry, generateAssets } from './assets.js';
import { addFlexibleAssets, bmsServices, generateContracts } from './billing.js';
import { bmsEmployees, bmsIdSequence, bmsUsers, generateAccounts, generateContacts } from './bms.js';
import { applyConfigurationCases } from './cases-config.js';
import { CASE_KINDS, applyContactAndLocationCases, casesPerKind, planOrganizationCases, type TrickyCase } from './cases.js';
import { chooseOverlap, copyOverlap } from './copies.js';
import { addTicketDocumentation } from './documentation.js';
import { addActiveDirectoryContacts, addExtras, addItGlueOnlyOrganizations } from './itglue-only.js';
import { ItGlueBuilder, type ExpectedLinks } from './itglue.js';
import { bmsLookups, itgLookups } from './lookups.js';
import { Rng } from '../random.js';
import { resolveOptions, type GenerateOptions } from './options.js';
import { generateTickets } from './tickets.js';

export { CASE_KINDS, type CaseKind, type TrickyCase } from './cases.js';
export { DEFAULT_NOW, generateOptionsSchema, resolveOptions, type GenerateOptions, type ResolvedOptions } from './options.js';
export { BACKUP_TYPE, LICENSE_TYPES, MICROSOFT_365_TYPE, SERVICE_CATALOGUE, traitKey } from './billing.js';

export interface GeneratedDataset {
  dataset: Dataset;
  cases: TrickyCase[];
  /** Record counts per collection, expected links per entity, cases per kind. */
  summary: Record<string, number>;
}

/**
 * BMS id → IT Glue id of every link a correct first sync makes (all matches, cases included).
 * Tickets are never matched to what IT Glue holds before (the engine makes their assets): none.
 */
export type ExpectedLinkTable = Record<keyof ExpectedLinks | 'ticket', Record<string, string>>;

export interface DetailedDataset extends GeneratedDataset {
  expectedLinks: ExpectedLinkTable;
}

/** Generates a dataset; throws an Error naming each bad option. */
export function generateDataset(options: GenerateOptions = {}): GeneratedDataset {
  const { dataset, cases, summary } = generateDatasetDetailed(options);
  return { dataset, cases, summary };
}

/** `generateDataset` plus the full table of expected links (for tests and benchmarks). */
export function generateDatasetDetailed(options: GenerateOptions = {}): DetailedDataset {
  const o = resolveOptions(options);

  const lookups = bmsLookups();
  const ids = bmsIdSequence();
  const employees = bmsEmployees(o, ids);
  const world = generateAccounts(o, lookups, employees, ids);
  const contacts = generateContacts(world, lookups, ids);
  const macs = new MacRegistry();
  const hardwareAssets = generateAssets(world, lookups, ids, macs);
  const tickets = generateTickets(world, lookups, ids);

  const itg = new ItGlueBuilder(itgLookups(o.nowMs), o.nowMs);
  const overlap = chooseOverlap(world);
  const plan = planOrganizationCases(world, overlap);
  copyOverlap(itg, world, lookups, overlap, plan.directives, macs);
  addItGlueOnlyOrganizations(itg, world, macs);
  const cases: TrickyCase[] = [];
  if (o.cases && overlap.length > 0) {
    const ctx = { rng: Rng.stream(o.seed, 'cases-records'), world, itg, matched: overlap, perKind: casesPerKind(o.accounts), cases };
    applyContactAndLocationCases(ctx, plan);
    applyConfigurationCases(ctx, macs);
  }
  addExtras(itg, world, macs);
  addTicketDocumentation(itg, world);

  const totals = addFlexibleAssets(itg, world);
  const services = bmsServices();
  const contracts = generateContracts(world, lookups, services, itg, totals);
  addActiveDirectoryContacts(itg, world, o.activeDirectoryContacts);

  const dataset: Dataset = {
    version: 1,
    bms: {
      tenant: o.bms.tenant,
      users: bmsUsers(o),
      accountTypes: lookups.accountTypes,
      lookups: lookups.tables,
      employees,
      accounts: world.accounts.map((a) => a.account),
      contacts,
      hardwareAssets,
      tickets,
      services,
      contracts,
    },
    itglue: itg.dataset(o.apiKey),
  };

  const table = (entity: keyof ExpectedLinks): Record<string, string> =>
    Object.fromEntries([...itg.links[entity]].sort((a, b) => a[0] - b[0]).map(([bms, itglue]) => [String(bms), itglue]));
  const expectedLinks: ExpectedLinkTable = {
    organization: table('organization'),
    location: table('location'),
    contact: table('contact'),
    configuration: table('configuration'),
    ticket: {},
  };
  return { dataset, cases, summary: summarize(dataset, cases, itg, overlap.length), expectedLinks };
}

function summarize(dataset: Dataset, cases: TrickyCase[], itg: ItGlueBuilder, overlapAccounts: number): Record<string, number> {
  const bms = dataset.bms!;
  const it = dataset.itglue!;
  const summary: Record<string, number> = {
    'bms.accounts': bms.accounts.length,
    'bms.locations': bms.accounts.reduce((n, a) => n + a.locations.length, 0),
    'bms.contacts': bms.contacts.length,
    'bms.hardwareAssets': bms.hardwareAssets.length,
    'bms.tickets': bms.tickets.length,
    'bms.services': bms.services.length,
    'bms.contracts': bms.contracts.length,
    'bms.serviceLines': bms.contracts.reduce((n, c) => n + c.services.length, 0),
    'itglue.organizations': it.organizations.length,
    'itglue.locations': it.locations.length,
    'itglue.contacts': it.contacts.length,
    'itglue.microsoft365Contacts': itg.microsoftContacts,
    'itglue.activeDirectoryContacts': itg.activeDirectoryContacts,
    'itglue.configurations': it.configurations.length,
    'itglue.configurationInterfaces': it.configurationInterfaces.length,
    'itglue.flexibleAssets': it.flexibleAssets.length,
    'itglue.passwords': it.passwords.length,
    'itglue.documents': it.documents.length,
    'overlap.accounts': overlapAccounts,
    'expected.organizationLinks': itg.links.organization.size,
    'expected.locationLinks': itg.links.location.size,
    'expected.contactLinks': itg.links.contact.size,
    'expected.configurationLinks': itg.links.configuration.size,
    cases: cases.length,
  };
  for (const kind of CASE_KINDS) summary[`cases.${kind}`] = cases.filter((c) => c.kind === kind).length;
  return summary;
}
