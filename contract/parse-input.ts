/** A workflow's check of its input (the schemas are in contract/inputs.ts). */
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';

/**
 * Validates workflow input; on failure throws a non-retryable ApplicationFailure that names each
 * bad field, so a mistyped Web UI input fails the workflow at once instead of retrying.
 */
export function parseInput<S extends z.ZodType>(workflow: string, schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(input)';
    if (issue.code === 'unrecognized_keys') return `${path}: unknown field(s) ${issue.keys.join(', ')}`;
    return `${path}: ${issue.message}`;
  });
  throw ApplicationFailure.nonRetryable(`Invalid ${workflow} input: ${problems.join('; ')}`, 'InvalidInput');
}
