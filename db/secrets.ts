/**
 * Credentials at rest: AES-256-GCM with a key from SYNC_ENCRYPTION_KEY. Each ciphertext records
 * the id of the key that sealed it, so keys can be rotated (old keys in SYNC_ENCRYPTION_OLD_KEYS).
 * Plaintexts exist only inside activities that call the APIs; they never enter workflow data.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ConfigError } from '../config/env.js';
import type { Db } from './client.js';
import { integrations, integrationSecrets } from './schema.js';
import { nextVersion } from './integrations.js';

export type SecretName = 'bms-password' | 'itglue-api-key';

export interface KeyRing {
  current: { id: string; key: Buffer };
  byId: Map<string, Buffer>;
}

function decodeKey(raw: string, variable: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new ConfigError(`${variable} must be 32 bytes, base64 or hex encoded`);
  return key;
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 12);

export function keyRingFromEnv(current: string | undefined, old?: string): KeyRing {
  if (!current) throw new ConfigError('SYNC_ENCRYPTION_KEY is not set: it is needed to read and store credentials');
  const key = decodeKey(current, 'SYNC_ENCRYPTION_KEY');
  const byId = new Map<string, Buffer>([[keyId(key), key]]);
  for (const raw of (old ?? '').split(',').filter((s) => s.trim())) {
    const k = decodeKey(raw, 'SYNC_ENCRYPTION_OLD_KEYS');
    byId.set(keyId(k), k);
  }
  return { current: { id: keyId(key), key }, byId };
}

export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

export function seal(ring: KeyRing, plaintext: string): { keyId: string; ciphertext: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: ring.current.id, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]) };
}

export function open(ring: KeyRing, sealed: { keyId: string; ciphertext: Buffer }): string {
  const key = ring.byId.get(sealed.keyId);
  if (!key) throw new ConfigError(`credentials were encrypted with key ${sealed.keyId}, which is not configured`);
  const iv = sealed.ciphertext.subarray(0, 12);
  const tag = sealed.ciphertext.subarray(12, 28);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.ciphertext.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new ConfigError(`credentials could not be decrypted with key ${sealed.keyId} (wrong key or corrupted data)`);
  }
}

/** Stores a credential; the integration records the key's fingerprint and a new version (workers rebuild their clients). */
export async function storeSecret(db: Db, ring: KeyRing, integrationId: string, name: SecretName, plaintext: string): Promise<void> {
  const sealed = seal(ring, plaintext);
  await db.transaction(async (tx) => {
    await tx
      .insert(integrationSecrets)
      .values({ integrationId, name, ...sealed })
      .onConflictDoUpdate({
        target: [integrationSecrets.integrationId, integrationSecrets.name],
        set: { ...sealed, updatedAt: new Date() },
      });
    await tx.update(integrations).set({ secretsKeyId: sealed.keyId, version: nextVersion, updatedAt: new Date() }).where(eq(integrations.id, integrationId));
  });
}

export async function readSecret(db: Db, ring: KeyRing, integrationId: string, name: SecretName): Promise<string> {
  const [row] = await db
    .select()
    .from(integrationSecrets)
    .where(and(eq(integrationSecrets.integrationId, integrationId), eq(integrationSecrets.name, name)));
  if (!row) throw new ConfigError(`integration ${integrationId} has no ${name} stored (set it with the CLI)`);
  return open(ring, row);
}
