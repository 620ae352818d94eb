/**
 * BMS wire conventions shared by every route: the `{success, error, result}` envelope, error
 * bodies, case-insensitive input (JSON properties, query keys), paging, filters, sorting and the
 * server clock. See bms-api.md §2.
 */
import type { z } from 'zod';
import { SimError } from '../common/simulator.js';
import type { SimRequest, SimResponse } from '../common/router.js';

// ---------------------------------------------------------------- envelope

export function ok(result: unknown): SimResponse {
  return { status: 200, body: { success: true, error: null, result } };
}

/** `…PagedResponse`: the envelope plus `totalRecords` (all matches, every page). */
export function okPaged(result: unknown[], totalRecords: number): SimResponse {
  return { status: 200, body: { success: true, error: null, result, totalRecords } };
}

// ASSUMPTION (bms-api.md §2.3): errors are the envelope with success=false and an ErrorInfo whose
// code repeats the HTTP status; field messages go to subErrors.
export function errorEnvelope(
  status: number,
  message: string,
  subErrors: string[] = [],
  headers?: Record<string, string>,
): SimResponse {
  return {
    status,
    headers,
    body: {
      success: false,
      error: { code: status, message, details: null, stackStrace: null, subErrors: subErrors.length ? subErrors : null },
      result: null,
    },
  };
}

export const VALIDATION_MESSAGE = 'One or more validation errors occurred.';

export function validationError(subErrors: string[]): SimError {
  return new SimError(400, VALIDATION_MESSAGE, subErrors);
}

// ---------------------------------------------------------------- clock

// ASSUMPTION (bms-api.md §3.1 examples): server timestamps are UTC written without an offset
// ("2024-05-02T08:01:00.123"), like the examples; milliseconds keep successive edits ordered.
export function serverNow(): string {
  return new Date().toISOString().slice(0, 23);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms of a BMS timestamp; values without an offset are server time (UTC). */
export function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(DATE_ONLY.test(value) || HAS_OFFSET.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

// ---------------------------------------------------------------- case-insensitive input

/**
 * Renames the keys of a JSON value to the property names of a zod schema, matching them
 * case-insensitively like ASP.NET's model binding; unknown keys are dropped (ASP.NET ignores them).
 */
export function canonicalKeys(schema: z.ZodType, value: unknown): unknown {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return canonicalKeys(def.innerType as z.ZodType, value);
    case 'pipe':
      return canonicalKeys(def.in as z.ZodType, value);
    case 'array':
      return Array.isArray(value) ? value.map((v) => canonicalKeys(def.element as z.ZodType, v)) : value;
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      const shape = def.shape as Record<string, z.ZodType>;
      const byLower = new Map(Object.keys(shape).map((k) => [k.toLowerCase(), k]));
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        const name = byLower.get(key.toLowerCase());
        if (name && !(name in out)) out[name] = canonicalKeys(shape[name]!, v);
      }
      return out;
    }
    default:
      return value;
  }
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || '(body)';
}

/** One readable message per field, in the spirit of ASP.NET's model validation messages. */
export function fieldMessages(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const field = pascal(String(issue.path.filter((p) => typeof p === 'string').at(-1) ?? 'body'));
    if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return `${path}: The ${field} field is required.`;
    if (issue.code === 'too_small' && issue.origin === 'string') return `${path}: The ${field} field is required.`;
    if (issue.code === 'too_small' && issue.origin === 'number') return `${path}: The field ${field} must be between ${String(issue.minimum)} and 2147483647.`;
    if (issue.code === 'too_small' && issue.origin === 'array') return `${path}: The field ${field} must contain at least ${String(issue.minimum)} item(s).`;
    return `${path}: ${issue.message}`;
  });
}

function isJsonContentType(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === '' || type === 'application/json' || type === 'text/json' || type.endsWith('+json');
}

/** Parses a JSON request body with a zod schema (property names matched case-insensitively). */
export function parseJsonBody<S extends z.ZodType>(req: SimRequest, schema: S): z.output<S> {
  if (!isJsonContentType(req.contentType)) throw new SimError(415, 'Unsupported Media Type');
  if (req.body === undefined) throw validationError(['(body): A non-empty request body is required.']);
  if ((req.body as { __invalidJson?: boolean }).__invalidJson) throw validationError(['(body): The body is not valid JSON.']);
  const input = canonicalKeys(schema, req.body);
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(fieldMessages(parsed.error, input));
  return parsed.data;
}

/** Path ids are int32 in BMS; anything else fails model binding. */
export function idParam(req: SimRequest, name: string): number {
  const raw = req.params[name] ?? '';
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) throw validationError([`${name}: The value '${raw}' is not valid.`]);
  return value;
}

// ---------------------------------------------------------------- query and filters

/**
 * Case-insensitive access to request parameters, either a query string (`Filter.X` keys) or a
 * JSON filter object (search bodies). Bad values fail like ASP.NET model binding (400).
 */
export class Params {
  private readonly values = new Map<string, string[]>();

  private constructor(private readonly prefix: string) {}

  static fromQuery(query: URLSearchParams, prefix = ''): Params {
    const params = new Params(prefix.toLowerCase());
    for (const [key, value] of query) params.add(key, value);
    return params;
  }

  static fromObject(object: unknown): Params {
    const params = new Params('');
    if (object && typeof object === 'object') {
      for (const [key, value] of Object.entries(object)) {
        if (value === null || value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) params.add(key, String(item));
      }
    }
    return params;
  }

  private add(key: string, value: string): void {
    const k = key.toLowerCase();
    const list = this.values.get(k);
    if (list) list.push(value);
    else this.values.set(k, [value]);
  }

  private raw(name: string): string[] | undefined {
    const list = this.values.get(`${this.prefix}${name}`.toLowerCase())?.filter((v) => v.trim() !== '');
    return list && list.length ? list : undefined;
  }

  text(name: string): string | undefined {
    return this.raw(name)?.[0];
  }

  int(name: string): number | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw.trim())) throw validationError([`${name}: The value '${raw}' is not valid.`]);
    return Number(raw);
  }

  bool(name: string): boolean | undefined {
    const raw = this.text(name)?.trim().toLowerCase();
    if (raw === undefined) return undefined;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw validationError([`${name}: The value '${raw}' is not valid.`]);
  }

  // ASSUMPTION (bms-api.md §2.5): date ranges are inclusive; a date-only upper bound covers that whole day.
  date(name: string, upperBound = false): number | undefined {
    const raw = this.text(name)?.trim();
    if (raw === undefined) return undefined;
    const ms = timeOf(raw);
    if (ms === undefined) throw validationError([`${name}: The value '${raw}' is not valid.`]);
    return upperBound && DATE_ONLY.test(raw) ? ms + 86_400_000 - 1 : ms;
  }

  // ASSUMPTION (bms-api.md §2.5): plural filters take comma-separated lists (repeated keys work too).
  textList(name: string): string[] | undefined {
    const list = this.raw(name)?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    return list && list.length ? list : undefined;
  }

  intList(name: string): number[] | undefined {
    const list = this.textList(name);
    if (!list) return undefined;
    return list.map((v) => {
      if (!/^-?\d+$/.test(v)) throw validationError([`${name}: The value '${v}' is not valid.`]);
      return Number(v);
    });
  }

  /** Range check on a timestamp field; `undefined` bounds always pass. */
  inRange(value: unknown, from: number | undefined, to: number | undefined): boolean {
    if (from === undefined && to === undefined) return true;
    const ms = timeOf(value);
    if (ms === undefined) return false;
    return (from === undefined || ms >= from) && (to === undefined || ms <= to);
  }
}

/** ASSUMPTION (bms-api.md §2.5): text filters are case-insensitive "contains". */
export function contains(haystack: unknown, needle: string | undefined): boolean {
  if (needle === undefined) return true;
  return typeof haystack === 'string' && haystack.toLowerCase().includes(needle.toLowerCase());
}

export interface Paging {
  pageNumber: number;
  pageSize: number;
}

// ASSUMPTION (bms-api.md §2.4): PageNumber is 1-based (0 → 1); PageSize defaults to 100 and
// larger values are clamped to the maximum (100).
export function pagingOf(params: Params, maxPageSize: number, defaultPageSize: number): Paging {
  const pageNumber = Math.max(1, params.int('PageNumber') ?? 1);
  const requested = params.int('PageSize') ?? defaultPageSize;
  const pageSize = Math.min(maxPageSize, requested <= 0 ? defaultPageSize : requested);
  return { pageNumber, pageSize };
}

export function pageOf<T>(items: readonly T[], paging: Paging): T[] {
  const start = (paging.pageNumber - 1) * paging.pageSize;
  return items.slice(start, start + paging.pageSize);
}

// ASSUMPTION (bms-api.md §2.5): Sort is "<field>" or "<field> desc" (any casing); an unknown
// field is ignored. Rows are compared on the stored record's field of that name.
export function sortRecords<T extends object>(records: T[], sort: string | undefined): T[] {
  if (!sort?.trim() || records.length === 0) return records;
  const [fieldRaw, direction] = sort.trim().split(/\s+/);
  const wanted = fieldRaw!.toLowerCase();
  const sample = records[0] as Record<string, unknown>;
  const field = Object.keys(sample).find((k) => k.toLowerCase() === wanted);
  if (!field) return records;
  const sign = direction?.toLowerCase() === 'desc' ? -1 : 1;
  return [...records].sort((a, b) => sign * compareValues((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]));
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
}

// ASSUMPTION (bms-api.md §2.5): Exclude is a comma-separated list of output fields to drop.
export function excludeFields<T>(rows: T[], exclude: string | undefined): T[] {
  const names = exclude?.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  if (!names?.length) return rows;
  return rows.map((row) => {
    const copy = { ...(row as Record<string, unknown>) };
    for (const key of Object.keys(copy)) if (names.includes(key.toLowerCase())) delete copy[key];
    return copy as T;
  });
}
