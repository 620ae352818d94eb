/**
 * The IT Glue side, part one: a builder that owns the IT Glue collections (ids, per-organization
 * name indexes, configurations with their primary interface kept in step) and the expected links
 * (which BMS record a correct engine links to which IT Glue record on its first run).
 */
import type { Country } from '../geography.js';
import type { ItGlueDataset } from '../format.js';
import type { ItgLookups } from './lookups.js';
import type {
  AccountInfo,
  Attributes,
  ItgConfiguration,
  ItgContact,
  ItgDocument,
  ItgFlexibleAsset,
  ItgFlexibleAssetField,
  ItgFlexibleAssetType,
  ItgInterface,
  ItgLocation,
  ItgOrganization,
  ItgPassword,
} from './model.js';
import { IdSequence, itgTime, nameKey } from './util.js';

export type ItgIdKind =
  | 'organization'
  | 'location'
  | 'contact'
  | 'configuration'
  | 'interface'
  | 'assetType'
  | 'assetField'
  | 'asset'
  | 'password'
  | 'document';

/** BMS id → IT Glue id that the first sync must link, per entity. */
export interface ExpectedLinks {
  organization: Map<number, string>;
  location: Map<number, string>;
  contact: Map<number, string>;
  configuration: Map<number, string>;
}

/** What the generator knows about an IT Glue organization besides its attributes. */
export interface OrgMeta {
  organization: ItgOrganization;
  /** The BMS account it is a copy of; null for IT Glue-only organizations and decoys. */
  account: AccountInfo | null;
  country: Country;
  domain: string;
  token: string;
  createdMs: number;
  /** Its people come from Microsoft 365 (some contacts carry the office365 adapter). */
  microsoft365: boolean;
  contactNames: Set<string>;
  configurationNames: Set<string>;
  locations: ItgLocation[];
}

export class ItGlueBuilder {
  readonly ids = new IdSequence<ItgIdKind>({
    organization: 10001,
    location: 20001,
    contact: 100001,
    configuration: 1000001,
    interface: 5000001,
    assetType: 101,
    assetField: 1001,
    asset: 300001,
    password: 400001,
    document: 600001,
  });
  readonly organizations: ItgOrganization[] = [];
  readonly locations: ItgLocation[] = [];
  readonly contacts: ItgContact[] = [];
  readonly configurations: ItgConfiguration[] = [];
  /** Interfaces by configuration id; flattened at the end. */
  readonly interfaces = new Map<string, ItgInterface[]>();
  readonly flexibleAssetTypes: ItgFlexibleAssetType[] = [];
  readonly flexibleAssetFields: ItgFlexibleAssetField[] = [];
  readonly flexibleAssets: ItgFlexibleAsset[] = [];
  readonly passwords: ItgPassword[] = [];
  readonly documents: ItgDocument[] = [];

  readonly meta = new Map<string, OrgMeta>();
  /** Copies of BMS records by BMS id. */
  readonly orgOfAccount = new Map<number, ItgOrganization>();
  /** Same-named decoy organizations made for the "earliest created wins" case, by BMS account id. */
  readonly decoyOfAccount = new Map<number, ItgOrganization>();
  readonly locationCopy = new Map<number, ItgLocation>();
  readonly contactCopy = new Map<number, ItgContact>();
  readonly configurationCopy = new Map<number, ItgConfiguration>();
  readonly links: ExpectedLinks = { organization: new Map(), location: new Map(), contact: new Map(), configuration: new Map() };
  /** Contacts flagged as coming from Microsoft 365. */
  microsoftContacts = 0;
  /** Contacts flagged as created from Active Directory (Network Glue). */
  activeDirectoryContacts = 0;

  constructor(
    readonly lookups: ItgLookups,
    readonly nowMs: number,
  ) {}

  addOrganization(attributes: Attributes<ItgOrganization>, meta: Omit<OrgMeta, 'organization' | 'contactNames' | 'configurationNames' | 'locations'>): OrgMeta {
    const organization: ItgOrganization = { id: String(this.ids.take('organization')), ...attributes };
    this.organizations.push(organization);
    const entry: OrgMeta = { ...meta, organization, contactNames: new Set(), configurationNames: new Set(), locations: [] };
    this.meta.set(organization.id, entry);
    return entry;
  }

  orgMeta(organizationId: number | string): OrgMeta {
    const meta = this.meta.get(String(organizationId));
    if (!meta) throw new Error(`no IT Glue organization ${organizationId}`);
    return meta;
  }

  addLocation(attributes: Attributes<ItgLocation>): ItgLocation {
    const location: ItgLocation = { id: String(this.ids.take('location')), ...attributes };
    this.locations.push(location);
    this.orgMeta(location['organization-id']).locations.push(location);
    return location;
  }

  addContact(attributes: Attributes<ItgContact>): ItgContact {
    const contact: ItgContact = { id: String(this.ids.take('contact')), ...attributes };
    this.contacts.push(contact);
    this.orgMeta(contact['organization-id']).contactNames.add(nameKey(contact['first-name'], contact['last-name']));
    if (contact['adapters-resources']?.some((a) => a['integration-type'] === 'office365')) this.microsoftContacts += 1;
    if (contact['adapters-resources']?.some((a) => a['integration-type'] === 'network-glue')) this.activeDirectoryContacts += 1;
    return contact;
  }

  /** A configuration and, when it has an IP or a MAC, its primary interface carrying the same values. */
  addConfiguration(attributes: Attributes<ItgConfiguration>, ip: string | null, mac: string | null): ItgConfiguration {
    const configuration: ItgConfiguration = { id: String(this.ids.take('configuration')), ...attributes };
    this.configurations.push(configuration);
    this.orgMeta(configuration['organization-id']).configurationNames.add(nameKey(configuration.name));
    this.setNetwork(configuration, ip, mac);
    return configuration;
  }

  /** A second, non-primary interface (a server's other NIC, a management port). */
  addSecondaryInterface(configuration: ItgConfiguration, name: string, ip: string | null, mac: string | null): void {
    const list = this.interfaces.get(configuration.id) ?? [];
    list.push({
      id: String(this.ids.take('interface')),
      'configuration-id': Number(configuration.id),
      name,
      'ip-address': ip,
      'mac-address': mac,
      primary: false,
      notes: null,
      'created-at': configuration['created-at'],
      'updated-at': configuration['updated-at'],
    });
    this.interfaces.set(configuration.id, list);
  }

  /** Sets the configuration's primary IP and MAC, keeping exactly one primary interface with the same values (none when both are empty). */
  setNetwork(configuration: ItgConfiguration, ip: string | null, mac: string | null): void {
    configuration['primary-ip'] = ip;
    configuration['mac-address'] = mac;
    const list = (this.interfaces.get(configuration.id) ?? []).filter((i) => !i.primary);
    if (ip !== null || mac !== null) {
      list.unshift({
        id: String(this.ids.take('interface')),
        'configuration-id': Number(configuration.id),
        name: interfaceName(configuration),
        'ip-address': ip,
        'mac-address': mac,
        primary: true,
        notes: null,
        'created-at': configuration['created-at'],
        'updated-at': configuration['updated-at'],
      });
    }
    if (list.length > 0) this.interfaces.set(configuration.id, list);
    else this.interfaces.delete(configuration.id);
  }

  /** A twin of a configuration (same organization, type, name and identifiers), with its own id and created-at. */
  cloneConfiguration(source: ItgConfiguration, createdMs: number): ItgConfiguration {
    const { id: _id, 'primary-ip': ip, 'mac-address': mac, ...rest } = source;
    return this.addConfiguration(
      { ...rest, 'created-at': itgTime(createdMs), 'updated-at': itgTime(createdMs) },
      (ip as string | null | undefined) ?? null,
      (mac as string | null | undefined) ?? null,
    );
  }

  link(entity: keyof ExpectedLinks, bmsId: number, itglueId: string): void {
    this.links[entity].set(bmsId, itglueId);
  }

  unlink(entity: keyof ExpectedLinks, bmsId: number): void {
    this.links[entity].delete(bmsId);
  }

  dataset(apiKey: string): ItGlueDataset {
    const byId = <T extends { id: string }>(list: T[]): T[] => [...list].sort((a, b) => Number(a.id) - Number(b.id));
    const interfaces = [...this.interfaces.values()].flat();
    return {
      apiKeys: [apiKey],
      ...this.lookups.data,
      organizations: byId(this.organizations),
      locations: byId(this.locations),
      contacts: byId(this.contacts),
      configurations: byId(this.configurations),
      configurationInterfaces: byId(interfaces),
      flexibleAssetTypes: byId(this.flexibleAssetTypes),
      flexibleAssetFields: byId(this.flexibleAssetFields),
      flexibleAssets: byId(this.flexibleAssets),
      passwords: byId(this.passwords),
      documents: byId(this.documents),
      // The generator makes no domains or attachments (tests add them where they need them).
      domains: [],
      attachments: [],
    };
  }
}

/** Interface names the way IT Glue shows imported ones. */
function interfaceName(configuration: ItgConfiguration): string {
  return configuration.hostname ? 'Ethernet' : 'LAN';
}

/** Phone digits the way IT Glue stores them (separators stripped), with an `x123` extension split off. */
export function itgPhone(text: string): { value: string; extension: string | null } {
  const match = /^(.*?)(?:\s*(?:x|ext\.?)\s*(\d+))?$/i.exec(text.trim());
  const value = (match?.[1] ?? text).replace(/\D/g, '');
  return { value, extension: match?.[2] ?? null };
}
