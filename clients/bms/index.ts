export {
  BmsClient,
  BMS_MAX_PAGE_SIZE,
  BMS_ROUTES,
  BMS_TICKET_SOURCES,
  parseBmsTime,
  readBmsErrorBody,
  UndocumentedRouteError,
  UNDOCUMENTED_ROUTES_SETTING,
  type BmsClientOptions,
  type BmsRoute,
} from './client.js';
export { BMS_LOOKUP_TABLES, type BmsLookupTableName } from '../../domain/mapping/bms-lookup-tables.js';
export type * from './inputs.js';
export * from './schemas.js';
