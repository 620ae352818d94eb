/**
 * JSON-Patch bodies (bms-api.md §3.8): `[{op, path, value, from, operationType}]`, paths are
 * property names matched case-insensitively with or without a leading '/'.
 */
import { validationError } from './wire.js';

// Microsoft.AspNetCore.JsonPatch OperationType: Add, Remove, Replace, Move, Copy, Test, Invalid.
const OPERATION_TYPES = ['add', 'remove', 'replace', 'move', 'copy', 'test', 'invalid'];

function field(item: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(item).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : item[key];
}

/**
 * Applies a patch to a copy of `target` (the resource's PUT DTO) and returns it; the caller then
 * validates the result exactly like a PUT body. `patchable` are the PUT DTO's property names.
 */
export function applyJsonPatch(target: Record<string, unknown>, body: unknown, patchable: readonly string[]): Record<string, unknown> {
  if (!Array.isArray(body)) throw validationError(['(body): a JSON-Patch array is required']);
  const names = new Map(patchable.map((k) => [k.toLowerCase(), k]));
  const result = { ...target };
  const problems: string[] = [];
  body.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object') {
      problems.push(`[${i}]: an operation object is required`);
      return;
    }
    const item = raw as Record<string, unknown>;
    const opValue = field(item, 'op');
    const typeValue = field(item, 'operationtype');
    const op = typeof opValue === 'string' ? opValue.toLowerCase() : typeof typeValue === 'number' ? OPERATION_TYPES[typeValue] : undefined;
    const rawPath = field(item, 'path');
    const path = typeof rawPath === 'string' ? rawPath.replace(/^\//, '') : '';
    // ASSUMPTION (bms-api.md §3.8): only top-level properties of the PUT DTO are patchable; an
    // unknown path is a 400 naming it.
    const name = names.get(path.toLowerCase());
    if (!name) {
      problems.push(`[${i}].path: '${String(rawPath)}' is not a patchable property`);
      return;
    }
    const value = field(item, 'value');
    switch (op) {
      case 'add':
      case 'replace':
        result[name] = value;
        break;
      case 'remove':
        result[name] = null;
        break;
      case 'test':
        if (JSON.stringify(result[name]) !== JSON.stringify(value)) problems.push(`[${i}]: test failed for '${path}'`);
        break;
      default:
        // ASSUMPTION (bms-api.md §3.8): move/copy are not supported on flat DTOs.
        problems.push(`[${i}].op: unsupported operation '${String(opValue ?? typeValue)}'`);
    }
  });
  if (problems.length) throw validationError(problems);
  return result;
}
