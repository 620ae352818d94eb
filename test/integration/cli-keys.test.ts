/**
 * Credentials the workers could not read are refused (item: "writing credentials with an
 * encryption key the workers do not hold"). Workers record the fingerprints of their keys at
 * start (db/secrets.ts recordWorkerKeys, as workers/main.ts does); each integration records the
 * fingerprint of the key its credentials are sealed with. A database of this test's own, so the
 * keys recorded here meet no other test.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { openDatabase, type Database } from '../../db/client.js';
import { runMigrations } from '../../db/migrate.js';
import { integrations, workerKeys } from '../../db/schema.js';
import { keyRingFromEnv, readSecret, recordWorkerKeys } from '../../db/secrets.js';
import { createDatabase } from '../../stack/postgres.js';
import { cli, cliError } from '../support/cli.js';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);
const ringA = keyRingFromEnv(KEY_A);
const ringB = keyRingFromEnv(KEY_B);
const id = `keys-${randomUUID().slice(0, 6)}`;

let database: Database;

/** Runs the CLI with these encryption keys. */
async function withKeys<T>(current: string, old: string | undefined, run: () => Promise<T>): Promise<T> {
  const saved = { current: process.env.SYNC_ENCRYPTION_KEY, old: process.env.SYNC_ENCRYPTION_OLD_KEYS };
  process.env.SYNC_ENCRYPTION_KEY = current;
  if (old) process.env.SYNC_ENCRYPTION_OLD_KEYS = old;
  else delete process.env.SYNC_ENCRYPTION_OLD_KEYS;
  try {
    return await run();
  } finally {
    process.env.SYNC_ENCRYPTION_KEY = saved.current;
    if (saved.old) process.env.SYNC_ENCRYPTION_OLD_KEYS = saved.old;
    else delete process.env.SYNC_ENCRYPTION_OLD_KEYS;
  }
}

const createArgs = ['integration', 'create', id, '--name', `Keys ${id}`, '--bms-url', 'https://api.bms.kaseya.com', '--bms-tenant', 'T', '--bms-user', 'u', '--itglue-url', 'https://api.itglue.com', '--bms-password-env', 'KEYS_BMS', '--itglue-api-key-env', 'KEYS_ITG', '--no-schedules'];

beforeAll(async () => {
  const url = await createDatabase(inject('databaseUrl'), `sync_keys_${randomUUID().slice(0, 8)}`);
  await runMigrations(url);
  database = openDatabase(url, { max: 2 });
  Object.assign(process.env, { DATABASE_URL: url, TEMPORAL_ADDRESS: inject('temporalAddress'), KEYS_BMS: 'bms-password-1', KEYS_ITG: 'ITG.key-1' });
  // The workers of this installation hold key A.
  await recordWorkerKeys(database.db, ringA);
});
afterAll(async () => database?.close());

describe('writing credentials', () => {
  it('is refused with a key no worker holds, at create and afterwards', async () => {
    const refused = await withKeys(KEY_B, undefined, () => cliError(...createArgs));
    expect(refused).toBe(
      `credentials not stored: this SYNC_ENCRYPTION_KEY (fingerprint ${ringB.current.id}) is not held by any worker (they encrypt with ${ringA.current.id} (last seen ` +
        refused.split('(last seen ')[1]!.split(')')[0] +
        `)): the workers could not read credentials written with it. Run the CLI with the workers' SYNC_ENCRYPTION_KEY, or give the workers this key first`,
    );
    // Nothing was created half way.
    expect(await database.db.select().from(integrations).where(eq(integrations.id, id))).toEqual([]);

    await withKeys(KEY_A, undefined, () => cli(...createArgs));
    const [row] = await database.db.select().from(integrations).where(eq(integrations.id, id));
    expect(row!.secretsKeyId).toBe(ringA.current.id);

    const again = await withKeys(KEY_B, undefined, () => cliError('integration', 'credentials', id, '--bms-password-env', 'KEYS_BMS'));
    expect(again).toMatch(new RegExp(`^credentials not stored: this SYNC_ENCRYPTION_KEY \\(fingerprint ${ringB.current.id}\\) is not held by any worker`));
    expect(await readSecret(database.db, ringA, id, 'bms-password')).toBe('bms-password-1');
  });

  it('with the workers\' new key, is refused until it re-encrypts every credential (--rotate-key)', async () => {
    // The workers now encrypt with B and still read A.
    await recordWorkerKeys(database.db, keyRingFromEnv(KEY_B, KEY_A));
    const mixed = await withKeys(KEY_B, KEY_A, () => cliError('integration', 'credentials', id, '--bms-password-env', 'KEYS_BMS'));
    expect(mixed).toBe(
      `credentials not stored: the credentials of integration ${id} are encrypted with key ${ringA.current.id}, and this SYNC_ENCRYPTION_KEY is key ${ringB.current.id}. ` +
        'Use the same key as the workers, or re-encrypt them all with this key: give every credential again with --rotate-key (after the workers got this key, the old one in SYNC_ENCRYPTION_OLD_KEYS)',
    );

    process.env.KEYS_BMS = 'bms-password-2';
    const rotated = await withKeys(KEY_B, KEY_A, () => cli('integration', 'credentials', id, '--bms-password-env', 'KEYS_BMS', '--rotate-key'));
    expect(rotated).toBe(`stored: BMS password, IT Glue API key (key ${ringB.current.id})`);
    const [row] = await database.db.select().from(integrations).where(eq(integrations.id, id));
    expect(row!.secretsKeyId).toBe(ringB.current.id);
    // Both are sealed with B now: readable without A.
    expect(await readSecret(database.db, ringB, id, 'bms-password')).toBe('bms-password-2');
    expect(await readSecret(database.db, ringB, id, 'itglue-api-key')).toBe('ITG.key-1');
  });

  it('records the fingerprints of the keys a worker holds, never the keys', async () => {
    const rows = await database.db.select().from(workerKeys);
    expect(rows.map((r) => [r.keyId, r.role]).sort()).toEqual([[ringA.current.id, 'old'], [ringB.current.id, 'current']].sort());
    expect(JSON.stringify(rows)).not.toContain(KEY_A.slice(0, 16));
  });
});
