/**
 * Record types of the generator (the dataset format's output types) and the working state it
 * keeps about the BMS side while it builds the IT Glue side and the tricky cases.
 */
import type { City, Country } from '../geography.js';
import type { CategorySpec, ModelSpec } from '../hardware.js';
import type { BmsDataset, ItGlueDataset } from '../format.js';
import type { ResolvedOptions } from './options.js';
import type { CompanyName } from './values.js';

export type BmsAccount = BmsDataset['accounts'][number];
export type BmsLocation = BmsAccount['locations'][number];
export type BmsAddress = BmsLocation['addresses'][number];
export type BmsContact = BmsDataset['contacts'][number];
export type BmsAsset = BmsDataset['hardwareAssets'][number];
export type BmsTicket = BmsDataset['tickets'][number];
export type BmsService = BmsDataset['services'][number];
export type BmsContract = BmsDataset['contracts'][number];
export type BmsLookupRow = BmsDataset['lookups'][string][number];
export type BmsAccountType = BmsDataset['accountTypes'][number];
export type BmsEmployee = BmsDataset['employees'][number];
export type BmsUser = BmsDataset['users'][number];

/** A record's named fields without its id (drops the index signature of loose objects, which `Omit` would collapse to). */
export type Attributes<T> = { [K in keyof T as string extends K ? never : K extends 'id' ? never : K]: T[K] };

export type ItgOrganization = ItGlueDataset['organizations'][number];
export type ItgLocation = ItGlueDataset['locations'][number];
export type ItgContact = ItGlueDataset['contacts'][number];
export type ItgConfiguration = ItGlueDataset['configurations'][number];
export type ItgInterface = ItGlueDataset['configurationInterfaces'][number];
export type ItgFlexibleAssetType = ItGlueDataset['flexibleAssetTypes'][number];
export type ItgFlexibleAssetField = ItGlueDataset['flexibleAssetFields'][number];
export type ItgFlexibleAsset = ItGlueDataset['flexibleAssets'][number];
export type ItgPassword = ItGlueDataset['passwords'][number];
export type ItgDocument = ItGlueDataset['documents'][number];

/** Account type names, in BMS lookup order. Prospects, vendors, partners and former customers are what an operator usually leaves out. */
export const ACCOUNT_TYPES = ['Customer', 'Prospect', 'Vendor', 'Partner', 'Former Customer', 'Internal'] as const;
export type AccountTypeName = (typeof ACCOUNT_TYPES)[number];

export interface LocationInfo {
  location: BmsLocation;
  /** The main address (phone and fax live here). */
  address: BmsAddress;
  city: City;
  /** First three octets of the location's LAN. */
  subnet: string;
  /** Next host number handed out on the subnet. */
  nextHost: number;
}

export interface AssetInfo {
  asset: BmsAsset;
  category: CategorySpec;
  model: ModelSpec;
  /** MAC hex digits (no separators), null when the asset has none. */
  mac: string | null;
}

export interface AccountInfo {
  account: BmsAccount;
  typeName: AccountTypeName;
  company: CompanyName;
  country: Country;
  /** Upper-case asset-name prefix ("CONTOSO" in CONTOSO-WS-014). */
  token: string;
  createdMs: number;
  locations: LocationInfo[];
  contacts: BmsContact[];
  assets: AssetInfo[];
  /** Matching keys already used inside the account (contact names, asset names, location names). */
  usedContactNames: Set<string>;
  usedAssetNames: Set<string>;
}

/** Everything generated on the BMS side, with the indexes the later steps need. */
export interface BmsWorld {
  options: ResolvedOptions;
  accounts: AccountInfo[];
  accountById: Map<number, AccountInfo>;
  contactById: Map<number, BmsContact>;
  employees: BmsEmployee[];
  /** Matching keys of every organization name in use on either side. */
  usedCompanyNames: Set<string>;
}
