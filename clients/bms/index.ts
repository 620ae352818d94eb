export { BmsClient, BMS_MAX_PAGE_SIZE, parseBmsTime, readBmsErrorBody, type BmsClientOptions } from './client.js';
export type * from './inputs.js';
export * from './schemas.js';
