/**
 * What CLI commands use: configuration, the database, the Temporal client. Opened lazily, closed
 * once. The Temporal client is also loaded lazily: its gRPC and protobuf modules are most of the
 * CLI's start-up time, and commands that only read the database do without them.
 */
import type { Client, Connection } from '@temporalio/client';
import { loadEnv, type Env } from '../config/env.js';
import { withLocalDefaults } from '../config/local.js';
import { openDatabase, type Database } from '../db/client.js';
import { keyRingFromEnv, type KeyRing } from '../db/secrets.js';
import { UnreachableError } from './errors.js';
import type * as Starts from '../control/start.js';

export class CliContext {
  readonly env: Env & { DATABASE_URL: string };
  #database: Database | undefined;
  #connection: Connection | undefined;
  #client: Client | undefined;

  constructor() {
    this.env = withLocalDefaults(loadEnv());
  }

  get database(): Database {
    this.#database ??= openDatabase(this.env.DATABASE_URL, { max: 4 });
    return this.#database;
  }

  get keyRing(): KeyRing {
    return keyRingFromEnv(this.env.SYNC_ENCRYPTION_KEY, this.env.SYNC_ENCRYPTION_OLD_KEYS);
  }

  get taskQueue(): string {
    return this.env.TEMPORAL_TASK_QUEUE;
  }

  async temporal(): Promise<Client> {
    if (!this.#client) {
      const { Client, Connection } = await import('@temporalio/client');
      const address = this.env.TEMPORAL_ADDRESS;
      this.#connection = await Connection.connect({ address, connectTimeout: 5_000 }).catch((err: unknown) => {
        throw new UnreachableError(
          `cannot reach Temporal at ${address} (${err instanceof Error ? err.message : String(err)}): is the Temporal server running? ` +
            `bin/start runs one on TEMPORAL_PORT (${this.env.TEMPORAL_PORT}); TEMPORAL_ADDRESS points the CLI at another`,
        );
      });
      this.#client = new Client({ connection: this.#connection, namespace: this.env.TEMPORAL_NAMESPACE });
    }
    return this.#client;
  }

  /** control/start.ts, loaded by the commands that start a workflow: it loads Temporal's modules. */
  starts(): Promise<typeof Starts> {
    return import('../control/start.js');
  }

  async close(): Promise<void> {
    await this.#connection?.close();
    await this.#database?.close();
  }
}
