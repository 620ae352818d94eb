/**
 * Credentials at rest: AES-256-GCM with a key from SYNC_ENCRYPTION_KEY. Each ciphertext records
 * the id of the key that sealed it, so keys can be rotated (old keys in SYNC_ENCRYPTION_OLD_KEYS).
 * Plaintexts exist only inside activities that call the APIs; they never enter workflow data.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt } from 'drizzle-orm';
import { ConfigError } from '../config/env.js';
import type { Db } from './client.js';
import { integrations, integrationSecrets, workerKeys } from './schema.js';
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

/** A worker records the fingerprints of the keys it holds (never the keys), at every start. */
export async function recordWorkerKeys(db: Db, ring: KeyRing): Promise<void> {
  const now = new Date();
  for (const id of ring.byId.keys()) {
    const role = id === ring.current.id ? 'current' : 'old';
    await db.insert(workerKeys).values({ keyId: id, role, lastSeenAt: now }).onConflictDoUpdate({ target: workerKeys.keyId, set: { role, lastSeenAt: now } });
  }
}

/** Workers that have not started for this long no longer count as holding their keys. */
export const WORKER_KEY_MEMORY_MS = 30 * 86_400_000;

/**
 * Why credentials written with `ring`'s current key could not be read, or null when they can:
 * - workers started recently and none of them holds this key (every later sync would fail);
 * - the integration's credentials are encrypted with another key, and this is not a deliberate
 *   rotation (`rotate`): its two credentials would end up under different keys.
 * With no worker seen yet (a fresh installation) and no credentials stored, any key is accepted.
 */
export async function credentialKeyProblem(db: Db, ring: KeyRing, integrationId: string, options: { rotate?: boolean } = {}): Promise<string | null> {
  const mine = ring.current.id;
  const recent = await db
    .select()
    .from(workerKeys)
    .where(gt(workerKeys.lastSeenAt, new Date(Date.now() - WORKER_KEY_MEMORY_MS)))
    .orderBy(desc(workerKeys.lastSeenAt));
  if (recent.length > 0 && !recent.some((k) => k.keyId === mine)) {
    const held = recent.filter((k) => k.role === 'current').map((k) => `${k.keyId} (last seen ${k.lastSeenAt.toISOString()})`);
    return (
      `this SYNC_ENCRYPTION_KEY (fingerprint ${mine}) is not held by any worker (they encrypt with ${held.join(', ') || 'other keys'}): ` +
      `the workers could not read credentials written with it. Run the CLI with the workers' SYNC_ENCRYPTION_KEY, or give the workers this key first`
    );
  }
  const [row] = await db.select({ secretsKeyId: integrations.secretsKeyId }).from(integrations).where(eq(integrations.id, integrationId));
  const stored = row?.secretsKeyId;
  if (stored && stored !== mine && !options.rotate) {
    return (
      `the credentials of integration ${integrationId} are encrypted with key ${stored}, and this SYNC_ENCRYPTION_KEY is key ${mine}. ` +
      `Use the same key as the workers, or re-encrypt them all with this key: give every credential again with --rotate-key (after the workers got this key, the old one in SYNC_ENCRYPTION_OLD_KEYS)`
    );
  }
  return null;
}
