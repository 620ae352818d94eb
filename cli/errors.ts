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
