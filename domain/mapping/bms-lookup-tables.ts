/**
 * Every table name the engine reads through `GET /v2/system/lookup/{tableName}`, in one place.
 *
 * ASSUMPTION: the official v2 document has the route but no list of table names, and BMS v2 has
 * no dedicated lookup route for these lists (countries, e-mail and phone types, asset
 * categories, manufacturers, business types). The only table name seen in use elsewhere is
 * `ContactType`; the names below are our reading of BMS's own list names and must be confirmed
 * against a real tenant (see simulators/bms/ASSUMPTIONS.md). The BMS client reads only these
 * (clients/bms/client.ts `listLookup`). Lists that do have a documented route
 * of their own are read there instead: account types (`/v2/system/accounttypes/lookup`),
 * employees (`/v2/hr/employees/lookup`), ticket statuses and priorities.
 */
export const BMS_LOOKUP_TABLES = ['AssetCategory', 'Manufacturer', 'EmailType', 'PhoneType', 'Country', 'BusinessType'] as const;

export type BmsLookupTableName = (typeof BMS_LOOKUP_TABLES)[number];
