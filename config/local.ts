/**
 * Defaults that point at the local stack (bin/start) when nothing else is configured: the
 * private PostgreSQL on POSTGRES_PORT and the encryption key the stack keeps in DATA_DIR. The
 * CLI and the stack share them, so `npm run cli -- …` works next to a running bin/start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateKey } from '../db/secrets.js';
import type { Env } from './env.js';

export const localDatabaseUrl = (env: Env) => `postgres://sync@127.0.0.1:${env.POSTGRES_PORT}/sync`;

export function keyFile(env: Env): string {
  return resolve(env.DATA_DIR, 'secret.key');
}

/** The stack's key: read it, or create it (mode 0600) on the first run. */
export function ensureLocalKey(env: Env): string {
  const file = keyFile(env);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(resolve(env.DATA_DIR), { recursive: true });
  const key = generateKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** Fills DATABASE_URL and SYNC_ENCRYPTION_KEY from the local stack when they are not set. */
export function withLocalDefaults(env: Env): Env & { DATABASE_URL: string } {
  const key = env.SYNC_ENCRYPTION_KEY ?? (existsSync(keyFile(env)) ? readFileSync(keyFile(env), 'utf8').trim() : undefined);
  return { ...env, DATABASE_URL: env.DATABASE_URL ?? localDatabaseUrl(env), SYNC_ENCRYPTION_KEY: key };
}

