/**
 * The one place where errors become Temporal failures (the dust-tt `cast_known_errors` idea):
 * - a vendor API error keeps its retryability; a 429 carries `Retry-After` as the next retry delay;
 * - configuration and validation problems are non-retryable, with a message naming the problem;
 * - anything else is left to Temporal's retry policy.
 * Messages are built from our own error classes, which never contain secrets.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ZodError } from 'zod';
import { ConfigError } from '../config/env.js';
import { describeIssues, isApiError } from '../clients/http.js';

/** A problem with the request itself (bad input, unknown integration): retrying cannot help. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export function toFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (isApiError(err)) {
    const type = `ApiError.${err.service}.${err.kind}`;
    if (err.kind === 'rate-limited') {
      return ApplicationFailure.create({
        message: err.message,
        type,
        nonRetryable: false,
        nextRetryDelay: err.retryAfterMs ?? 60_000,
        cause: err,
      });
    }
    return ApplicationFailure.create({ message: err.message, type, nonRetryable: !err.retryable, cause: err });
  }
  if (err instanceof ConfigError) return ApplicationFailure.nonRetryable(err.message, 'ConfigError');
  if (err instanceof InputError) return ApplicationFailure.nonRetryable(err.message, 'InputError');
  if (err instanceof ZodError) return ApplicationFailure.nonRetryable(`invalid data: ${describeIssues(err)}`, 'ValidationError');
  return err;
}

/** Wraps every activity so failures leave through `toFailure`. */
export function withFailureMapping<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw toFailure(err);
      }
    };
  }
  return wrapped as T;
}
