/**
 * JSON:API plumbing of the IT Glue simulator: error objects, response envelopes, request-body
 * normalisation (kebab or snake keys, numeric-string ids) and query-string helpers.
 */
import type { SimRequest, SimResponse } from '../common/router.js';
import { SimError } from '../common/simulator.js';

export const JSON_API = 'application/vnd.api+json';
const JSON_API_HEADERS = { 'content-type': `${JSON_API}; charset=utf-8` };

export interface ErrorObject {
  status: number;
  title: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}

/** A client mistake with one or more JSON:API error objects. */
export class JsonApiError extends SimError {
  readonly errors: ErrorObject[];

  constructor(status: number, errors: Array<Omit<ErrorObject, 'status' | 'title'> & { title?: string }>) {
    super(status, errors.map((e) => e.detail ?? e.title ?? titleFor(status)).join('; '));
    this.errors = errors.map((e) => ({ status, title: e.title ?? titleFor(status), ...e }));
  }
}

/** 422 naming the attribute (`pointer` like `/data/attributes/name`). */
export function invalid(pointer: string, detail: string): JsonApiError {
  return new JsonApiError(422, [{ detail, source: { pointer } }]);
}

/** 400 naming a query parameter. */
export function badParameter(parameter: string, detail: string): JsonApiError {
  return new JsonApiError(400, [{ detail, source: { parameter } }]);
}

export function notFoundError(what: string): JsonApiError {
  return new JsonApiError(404, [{ title: 'Record not found', detail: what }]);
}

export function errorBody(status: number, errors: ErrorObject[]): SimResponse {
  return { status, headers: { ...JSON_API_HEADERS }, body: { errors } };
}

export function jsonApi(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { ...JSON_API_HEADERS, ...headers }, body };
}

/** Collects several validation failures so one response names all of them. */
export class ErrorList {
  readonly items: ErrorObject[] = [];
  add(pointer: string, detail: string): void {
    this.items.push({ status: 422, title: titleFor(422), detail, source: { pointer } });
  }
  throwIfAny(): void {
    if (this.items.length) throw new JsonApiError(422, this.items);
  }
}

// ------------------------------------------------------------------ request bodies

/** `organization_type_id`, `Organization-Type-Id` → `organization-type-id`. */
export function kebabKey(key: string): string {
  return key.trim().toLowerCase().replace(/_/g, '-');
}

/** Attribute keys normalised to kebab-case, one level deep (values are handled per field). */
export function kebabKeys(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) out[kebabKey(key)] = value;
  return out;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A numeric id given as a number or a numeric string; undefined when it is neither. */
export function toId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) {
    const n = Number(value.trim());
    return n > 0 ? n : undefined;
  }
  return undefined;
}

export interface ResourceInput {
  /** Kebab-case attributes. */
  attributes: Record<string, unknown>;
  relationships: Record<string, unknown> | undefined;
  /** JSON pointer of this resource object (`/data` or `/data/3`). */
  pointer: string;
}

/** Reads one resource object, checking its `type` (kebab or snake spelling). */
export function readResource(item: unknown, type: string, pointer: string): ResourceInput {
  if (!isObject(item)) throw invalid(pointer, 'must be a resource object');
  const givenType = typeof item.type === 'string' ? kebabKey(item.type) : undefined;
  if (!givenType) throw invalid(`${pointer}/type`, "can't be blank");
  if (givenType !== type) throw invalid(`${pointer}/type`, `must be ${type}`);
  const attributes = item.attributes === undefined ? {} : item.attributes;
  if (!isObject(attributes)) throw invalid(`${pointer}/attributes`, 'must be an object');
  const relationships = item.relationships;
  if (relationships !== undefined && !isObject(relationships)) throw invalid(`${pointer}/relationships`, 'must be an object');
  return { attributes: kebabKeys(attributes), relationships: relationships ? kebabKeys(relationships) : undefined, pointer };
}

/** The request body's `data` member. */
export function bodyData(req: SimRequest): unknown {
  const body = req.body;
  if (isObject(body) && body.__invalidJson) throw new JsonApiError(400, [{ detail: 'request body is not valid JSON' }]);
  if (!isObject(body) || !('data' in body)) throw invalid('/data', "can't be blank");
  return body.data;
}

/** Children nested under `data.relationships.<name>.data[]` (POST only). */
export function nestedChildren(input: ResourceInput, name: string, type: string): ResourceInput[] {
  const rel = input.relationships?.[name];
  if (rel === undefined) return [];
  const pointer = `${input.pointer}/relationships/${name}/data`;
  const data = isObject(rel) ? rel.data : undefined;
  if (!Array.isArray(data)) throw invalid(pointer, 'must be an array');
  return data.map((child, i) => readResource(child, type, `${pointer}/${i}`));
}

// ------------------------------------------------------------------ query strings

/** Splits a filter value on commas (OR); `\,` is a literal comma. Terms are trimmed. */
export function splitFilterValue(value: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && value[i + 1] === ',') {
      current += ',';
      i++;
    } else if (ch === ',') {
      terms.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current.trim());
  return terms;
}

/**
 * `filter[organization_id]` → ['organization_id']; `filter[exclude][id]` → ['exclude', 'id'].
 * Names are kept exactly as sent: a filter spelled otherwise than documented (`-` for `_`, other
 * case) is an unknown filter.
 */
export function filterPath(key: string): string[] | undefined {
  if (!key.startsWith('filter[')) return undefined;
  const parts = [...key.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!);
  return parts.length ? parts : undefined;
}

/** Query string with readable brackets and commas, as IT Glue shows them in `links`. */
export function formatQuery(params: URLSearchParams): string {
  const parts: string[] = [];
  for (const [key, value] of params) {
    parts.push(`${encodeQueryPart(key)}=${encodeQueryPart(value)}`);
  }
  return parts.join('&');
}

function encodeQueryPart(text: string): string {
  return encodeURIComponent(text).replace(/%5B/gi, '[').replace(/%5D/gi, ']').replace(/%2C/gi, ',');
}
