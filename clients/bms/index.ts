export { BmsClient, BMS_MAX_PAGE_SIZE, BMS_TICKET_SOURCES, parseBmsTime, readBmsErrorBody, type BmsClientOptions } from './client.js';
export type * from './inputs.js';
export * from './schemas.js';
