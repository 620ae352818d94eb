/** PostgreSQL error helpers (drizzle wraps the driver's error in `cause`). */

function codeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** A unique index refused the row: someone else wrote it first. */
export function isUniqueViolation(err: unknown): boolean {
  return codeOf(err) === '23505';
}
