/**
 * The Temporal dev server for the local stack and the tests (`temporal server start-dev`), and
 * the registration of our custom search attributes on any Temporal service.
 * The CLI binary itself is obtained by scripts/setup.sh (PATH, else `go install`, else download).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { SearchAttributeType, type defineSearchAttributeKey } from '@temporalio/common';
// CommonJS package: its namespace is the default export under ESM.
import proto from '@temporalio/proto';
import { PROJECT_ROOT } from '../config/paths.js';
import { SEARCH_ATTRIBUTES } from '../contract/search-attributes.js';

// Tests and scripts take the checkout's root from here, with the dev server.
export { PROJECT_ROOT };

export function findTemporalCli(): string {
  const candidates = [process.env.TEMPORAL_CLI, join(PROJECT_ROOT, '.tools', 'bin', 'temporal')];
  for (const c of candidates) if (c && existsSync(c)) return c;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, 'temporal');
    if (dir && existsSync(p)) return p;
  }
  throw new Error('The Temporal CLI was not found: run `bash scripts/setup.sh` (it installs it into .tools/bin) or put `temporal` on PATH.');
}

const SA_TYPE_NAME: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

export interface DevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startDevServer(options: {
  port: number;
  uiPort?: number;
  dbFile?: string;
  namespace?: string;
  logFile?: string;
  headless?: boolean;
  /** Extra `--dynamic-config-value KEY=JSON` settings. */
  dynamicConfig?: Record<string, string | number | boolean>;
}): Promise<DevServer> {
  const cli = findTemporalCli();
  const namespace = options.namespace ?? 'default';
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--namespace', namespace,
    '--log-level', 'warn',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    ...SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${SA_TYPE_NAME[k.type]}`]),
    ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
  ];
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  if (options.headless || !options.uiPort) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));

  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(cli, args, { stdio: ['ignore', out, out], detached: false });
  const address = `127.0.0.1:${options.port}`;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`Temporal dev server ${exited}${options.logFile ? ` (see ${options.logFile})` : ''}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
      } finally {
        await connection.close();
      }
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Temporal dev server did not become ready on ${address} within 90 s: ${String(err)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  return {
    address,
    uiUrl: options.headless || !options.uiPort ? null : `http://127.0.0.1:${options.uiPort}`,
    process: child,
    stop: () =>
      new Promise<void>((resolvePromise) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolvePromise();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Registers our search attributes on a namespace (idempotent). The dev server already has them
 * from its flags; a real cluster needs this once (the CLI's `setup-temporal` command calls it).
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: readonly ReturnType<typeof defineSearchAttributeKey>[] = SEARCH_ATTRIBUTES,
): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = keys.filter((k) => !known.has(k.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((k) => [k.name, proto.temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${k.type}`]]),
    ),
  });
  return missing.map((k) => k.name);
}
