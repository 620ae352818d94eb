/** Opens the PostgreSQL connection pool and the drizzle handle over it. */
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction of `Db`: the batch writes of db/links.ts, db/mirrors.ts and db/runs.ts take either. */
export type DbTransaction = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | DbTransaction;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export function openDatabase(url: string, options: { max?: number } = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
