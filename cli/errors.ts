/** A mistake in what the user asked for: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `key=value`; the value is JSON when it parses as JSON, else a string. */
export function parseAssignment(text: string): { path: string[]; value: unknown } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set expects key=value, got "${text}"`);
  const path = text.slice(0, eq).trim().split('.');
  const raw = text.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // a plain string
  }
  return { path, value };
}

/** Reads a secret from the environment variable the user named. */
export function secretFromEnv(variable: string | undefined, what: string): string | undefined {
  if (variable === undefined) return undefined;
  const value = process.env[variable];
  if (!value) throw new UsageError(`environment variable ${variable} (${what}) is not set or empty`);
  return value;
}

export function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

/** `value` when it is one of `allowed`; otherwise an error naming them (an unknown value is never an empty result). */
export function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${option} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

/** A service the CLI needs (PostgreSQL, Temporal) cannot be reached: said in those words, exit code 1. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);
/** PostgreSQL refusing us: bad password, unknown user or database. */
const REFUSED_CODES = new Set(['28P01', '28000', '3D000']);

interface ErrorLike {
  message?: string;
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
  cause?: unknown;
}

/** The errors of a chain, outermost first. */
export function errorChain(err: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (let e: unknown = err; e && typeof e === 'object' && chain.length < 10; e = (e as ErrorLike).cause) chain.push(e as ErrorLike);
  return chain;
}

/**
 * "Cannot reach the database …" when the chain holds PostgreSQL's connection failure (the query
 * layer otherwise reports only "Failed query: select …"), else null.
 */
export function databaseProblem(err: unknown): string | null {
  for (const e of errorChain(err)) {
    if (e.code && NETWORK_CODES.has(e.code)) {
      const where = e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : (e.hostname ?? 'its address');
      return (
        `cannot reach the database at ${where} (${e.code}): is PostgreSQL running? ` +
        'bin/start runs the local one on POSTGRES_PORT; DATABASE_URL points the CLI at another'
      );
    }
    if (e.code && REFUSED_CODES.has(e.code)) return `the database refused the connection: ${e.message ?? e.code} (check DATABASE_URL)`;
  }
  return null;
}
