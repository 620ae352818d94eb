/** The configuration every process reads (config/env.ts): the CLI, the worker and the stack agree on addresses. */
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../config/env.js';
import { withLocalDefaults } from '../../config/local.js';

describe('addresses', () => {
  it('the Temporal address follows TEMPORAL_PORT unless TEMPORAL_ADDRESS is given', () => {
    expect(loadEnv({}).TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(loadEnv({ TEMPORAL_PORT: '17233' }).TEMPORAL_ADDRESS).toBe('127.0.0.1:17233');
    expect(loadEnv({ TEMPORAL_PORT: '17233', TEMPORAL_ADDRESS: 'temporal:7233' }).TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('the database follows POSTGRES_PORT unless DATABASE_URL is given', () => {
    expect(withLocalDefaults(loadEnv({ POSTGRES_PORT: '55432', DATA_DIR: '/nonexistent' })).DATABASE_URL).toBe('postgres://sync@127.0.0.1:55432/sync');
  });

  it('the metrics endpoint is off unless METRICS_PORT is set; log format and level are checked', () => {
    expect(loadEnv({}).METRICS_PORT).toBeUndefined();
    expect(loadEnv({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expect(() => loadEnv({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    expect(() => loadEnv({ METRICS_PORT: '99999' })).toThrow(/METRICS_PORT/);
  });
});
