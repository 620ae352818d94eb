/**
 * The worker's log (README "Logs"): one logger for the Temporal runtime (its own messages, the
 * SDK core's, forwarded, and the activities' `log`) and the engine's messages. On a terminal it
 * prints readable lines; elsewhere (containers, files, pipes) one JSON object per line, with
 * `integrationId`, `workflowId` and `runId` wherever a message belongs to a workflow or activity.
 *
 * No secret ever reaches a line: attributes whose name says it holds one are dropped, and
 * messages and remaining values pass through `redactSecrets` (token-shaped text). The engine's
 * errors never carry credentials in the first place (clients/http.ts); this is the second net.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { redactSecrets } from '../clients/http.js';
import { integrationOfWorkflowId } from '../contract/ids.js';

export type LogFormat = 'json' | 'pretty';

const LEVELS: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/** Attribute names that may hold a credential: never printed, whatever their value. */
const SECRET_NAME = /pass(word)?|secret|token|api.?key|authorization|cookie|credential/i;

/** JSON on anything but a terminal; `LOG_FORMAT` chooses explicitly. */
export function chooseLogFormat(explicit: LogFormat | undefined, isTerminal: boolean): LogFormat {
  return explicit ?? (isTerminal ? 'pretty' : 'json');
}

/** The workflow and run a message belongs to, under one name whichever SDK component logged it. */
function context(meta: LogMetadata): { integrationId?: unknown; workflowId?: unknown; runId?: unknown } {
  return {
    integrationId: meta.integrationId ?? (typeof meta.workflowId === 'string' ? integrationOfWorkflowId(meta.workflowId) : undefined),
    workflowId: meta.workflowId,
    runId: meta.runId ?? meta.workflowRunId,
  };
}

function clean(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value instanceof Error) return redactSecrets(value.message);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (depth > 4) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_NAME.test(key) ? '[redacted]' : clean(v, depth + 1);
  return out;
}

/** One line of the log, without the level filter. */
export function formatLine(format: LogFormat, level: LogLevel, message: string, meta: LogMetadata = {}, now = new Date()): string {
  const { integrationId, workflowId, runId } = context(meta);
  const rest = clean(Object.fromEntries(Object.entries(meta).filter(([k]) => !['integrationId', 'workflowId', 'runId', 'workflowRunId'].includes(k)))) as Record<string, unknown>;
  const msg = redactSecrets(message);
  if (format === 'json') {
    return JSON.stringify({ time: now.toISOString(), level: level.toLowerCase(), msg, integrationId, workflowId, runId, ...rest });
  }
  const where = [integrationId && `integration=${String(integrationId)}`, workflowId && `workflow=${String(workflowId)}`, runId && `run=${String(runId)}`]
    .filter(Boolean)
    .join(' ');
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  return `${now.toISOString()} ${level.padEnd(5)} ${msg}${where ? ` [${where}]` : ''}${extra}`;
}

export interface EngineLoggerOptions {
  format: LogFormat;
  level: LogLevel;
  /** Where lines go (default: stdout). */
  write?: (line: string) => void;
}

/** A Temporal `Logger`: give it to `Runtime.install` and use it for the engine's own messages. */
export class EngineLogger implements Logger {
  readonly format: LogFormat;
  readonly level: LogLevel;
  readonly #write: (line: string) => void;

  constructor(options: EngineLoggerOptions) {
    this.format = options.format;
    this.level = options.level;
    this.#write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (LEVELS[level] < LEVELS[this.level]) return;
    this.#write(formatLine(this.format, level, message, meta));
  }

  /** An INFO line printed whatever the level: what the process is and where (start-up, the metrics address). */
  announce(message: string, meta?: LogMetadata): void {
    this.#write(formatLine(this.format, 'INFO', message, meta));
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** LOG_LEVEL's names (config/env.ts) as the SDK's. */
export function sdkLevel(level: 'debug' | 'info' | 'warn' | 'error'): LogLevel {
  return level.toUpperCase() as LogLevel;
}
