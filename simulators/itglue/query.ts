/**
 * List parameters (itglue-api.md §2): `page[number]`/`page[size]`, `sort`, `filter[...]`,
 * `include`, and the `meta`/`links` members of list responses.
 */
import type { SimRequest } from '../common/router.js';
import type { ItGlueSimConfig } from './config.js';
import { badParameter, filterPath, formatQuery, splitFilterValue } from './jsonapi.js';
import type { ResourceDef } from './resources.js';
import type { AppliedFilter, SortTerm } from './store.js';

export interface PageRequest {
  number: number;
  size: number;
}

export function parsePage(query: URLSearchParams, config: ItGlueSimConfig): PageRequest {
  const read = (name: string, fallback: number): number => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw badParameter(name, 'must be a positive integer');
    return Number(raw);
  };
  const number = read('page[number]', 1);
  let size = read('page[size]', config.defaultPageSize);
  if (size > config.maxPageSize) {
    if (config.oversizedPage === 'error') throw badParameter('page[size]', `must be at most ${config.maxPageSize}`);
    size = config.maxPageSize;
  }
  return { number, size };
}

/** `sort=-updated_at,name`; field names in snake or kebab case. Unknown fields → 400. */
export function parseSort(def: ResourceDef, query: URLSearchParams): SortTerm[] {
  const raw = query.get('sort');
  if (!raw) return [];
  return raw.split(',').map((part) => {
    const trimmed = part.trim();
    const descending = trimmed.startsWith('-');
    const name = (descending ? trimmed.slice(1) : trimmed).toLowerCase().replace(/-/g, '_');
    const get = def.sorts[name];
    if (!get) {
      throw badParameter('sort', `${name || '(empty)'} is not a valid sort field for ${def.type}; allowed: ${Object.keys(def.sorts).join(', ')}`);
    }
    return { name, get, descending };
  });
}

export interface ParsedFilters {
  filters: AppliedFilter[];
  /** Echoed as `meta.filters`. */
  applied: Record<string, string>;
}

/**
 * Reads `filter[...]` parameters, by the names each resource documents, spelled exactly as
 * documented (snake_case; kebab-case for flexible assets). ASSUMPTION (itglue-api.md §2.5): any
 * other filter, including a documented name spelled differently, is ignored: the list comes back
 * unfiltered, the dangerous real behaviour a client must never rely on.
 */
export function parseFilters(def: ResourceDef, query: URLSearchParams): ParsedFilters {
  const filters: AppliedFilter[] = [];
  const applied: Record<string, string> = {};
  const given = new Set<string>();
  for (const [key, value] of query) {
    const path = filterPath(key);
    if (!path) continue;
    const [first, second] = path;
    if (first === 'exclude' && second && def.collection === 'organizations') {
      const spec = def.filters[second];
      if (spec) filters.push({ name: `exclude.${second}`, spec, terms: splitFilterValue(value), exclude: true });
      applied[`exclude[${second}]`] = value;
      continue;
    }
    if (first === 'range' && second && def.collection === 'organizations' && second === 'my_glue_account_id') {
      filters.push({ name: `range.${second}`, spec: { kind: 'range', get: (row) => row['my-glue-account-id'] }, terms: splitFilterValue(value) });
      applied[`range[${second}]`] = value;
      continue;
    }
    const spec = first ? def.filters[first] : undefined;
    if (!spec || second !== undefined) continue;
    filters.push({ name: first!, spec, terms: splitFilterValue(value) });
    applied[first!] = value;
    given.add(first!);
  }
  if (given.has('psa_id') && !given.has('psa_integration_type')) {
    // ASSUMPTION (itglue-api.md §2.4): psa_id without psa_integration_type is refused with 400.
    throw badParameter('filter[psa_id]', 'filter[psa_id] must be accompanied by filter[psa_integration_type]');
  }
  return { filters, applied };
}

/** `include=configuration_interfaces,adapters_resources`; names outside the resource's list → 400. */
export function parseInclude(def: ResourceDef, query: URLSearchParams): string[] {
  const raw = query.get('include');
  if (!raw) return [];
  const names = [...new Set(raw.split(',').map((n) => n.trim().toLowerCase().replace(/-/g, '_')).filter(Boolean))];
  for (const name of names) {
    // ASSUMPTION (itglue-api.md §1.2): an include the resource does not list is refused with 400.
    if (!def.includes.includes(name)) throw badParameter('include', `${name} is not a valid include for ${def.type}`);
  }
  return names;
}

export interface ListMeta {
  'current-page': number;
  'next-page': number | null;
  'prev-page': number | null;
  'total-pages': number;
  'total-count': number;
  filters: Record<string, string>;
}

export function pageMeta(page: PageRequest, totalCount: number, filters: Record<string, string>): ListMeta {
  const totalPages = Math.ceil(totalCount / page.size);
  return {
    'current-page': page.number,
    'next-page': page.number < totalPages ? page.number + 1 : null,
    'prev-page': page.number > 1 ? Math.min(page.number - 1, Math.max(totalPages, 1)) : null,
    'total-pages': totalPages,
    'total-count': totalCount,
    filters,
  };
}

/** Absolute links on the request's own host, keeping every query parameter. */
export function pageLinks(req: SimRequest, meta: ListMeta, size: number): Record<string, string | null> {
  const forwardedProto = req.headers['x-forwarded-proto'];
  const protocol = typeof forwardedProto === 'string' && forwardedProto ? forwardedProto.split(',')[0]!.trim() : 'http';
  const base = `${protocol}://${req.url.host}${req.url.pathname}`;
  const link = (number: number | null): string | null => {
    if (number === null) return null;
    const params = new URLSearchParams(req.url.searchParams);
    params.set('page[number]', String(number));
    params.set('page[size]', String(size));
    return `${base}?${formatQuery(params)}`;
  };
  return {
    self: link(meta['current-page']),
    first: link(1),
    prev: link(meta['prev-page']),
    next: link(meta['next-page']),
    last: link(Math.max(meta['total-pages'], 1)),
  };
}
