/** What every route module gets: the store, the config, the caller, and list/validation helpers. */
import { z } from 'zod';
import type { SimRequest, SimResponse } from '../../common/router.js';
import { SimError } from '../../common/simulator.js';
import type { AuthContext } from '../auth.js';
import type { BmsSimConfig } from '../config.js';
import type { BmsStore } from '../store.js';
import { excludeFields, ok, okPaged, pageOf, pagingOf, Params, serverNow, sortRecords, validationError } from '../wire.js';

export interface RouteContext {
  store: BmsStore;
  config(): BmsSimConfig;
  /** The authenticated caller of a request (set by the bearer check). */
  caller(req: SimRequest): AuthContext;
}

/** Audit fields for a write by the caller. */
export function writeStamp(ctx: RouteContext, req: SimRequest) {
  return { now: serverNow(), userId: ctx.caller(req).user.id };
}

export interface ListSpec<T> {
  /** Filtered records, before sorting and paging (cached until the next write). */
  select(filter: Params): T[];
  toDto(record: T): unknown;
  /** `…PagedResponse` endpoints add `totalRecords`; the others return a plain list. */
  withTotal: boolean;
}

function cacheKey(req: SimRequest, query: URLSearchParams): string {
  const kept = [...query.entries()]
    .map(([k, v]) => [k.toLowerCase(), v] as const)
    .filter(([k]) => k !== 'pagenumber' && k !== 'pagesize' && k !== 'exclude')
    .sort(([a], [b]) => a.localeCompare(b));
  return `${req.method} ${req.path.toLowerCase()}?${JSON.stringify(kept)}`;
}

/** A GET list endpoint: `Filter.*` query filters, `Sort`, `Exclude`, `PageNumber`, `PageSize`. */
export function listFromQuery<T extends object>(ctx: RouteContext, req: SimRequest, spec: ListSpec<T>): SimResponse {
  const params = Params.fromQuery(req.query);
  const filter = Params.fromQuery(req.query, 'Filter.');
  return list(ctx, spec, params, filter, cacheKey(req, req.query));
}

/** A POST `…/search` endpoint: `{pageSize, pageNumber, sort, exclude, filter:{…}}` in the body. */
export function listFromBody<T extends object>(ctx: RouteContext, req: SimRequest, spec: ListSpec<T>): SimResponse {
  if (req.body !== undefined && (typeof req.body !== 'object' || Array.isArray(req.body) || (req.body as { __invalidJson?: boolean }).__invalidJson)) {
    throw validationError(['(body): a search object is required']);
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  const filterKey = Object.keys(body).find((k) => k.toLowerCase() === 'filter');
  const filterObject = filterKey ? body[filterKey] : undefined;
  const params = Params.fromObject(Object.fromEntries(Object.entries(body).filter(([k]) => k !== filterKey)));
  const filter = Params.fromObject(filterObject);
  const key = `${req.method} ${req.path.toLowerCase()}#${JSON.stringify(filterObject ?? null)}#${params.text('Sort') ?? ''}`;
  return list(ctx, spec, params, filter, key);
}

function list<T extends object>(ctx: RouteContext, spec: ListSpec<T>, params: Params, filter: Params, key: string): SimResponse {
  const { maxPageSize, defaultPageSize } = ctx.config();
  const paging = pagingOf(params, maxPageSize, defaultPageSize);
  const sort = params.text('Sort');
  const records = ctx.store.cached(key, () => sortRecords(spec.select(filter), sort));
  const rows = excludeFields(pageOf(records, paging).map((r) => spec.toDto(r)), params.text('Exclude'));
  return spec.withTotal ? okPaged(rows, records.length) : ok(rows);
}

/** For the two summary-by-id endpoints: a bare DTO (S2) or the envelope, per config. */
export function bareOrEnvelope(ctx: RouteContext, dto: unknown): SimResponse {
  return ctx.config().bareSummaryDto ? { status: 200, body: dto } : ok(dto);
}

/** Throws one 400 listing every problem, or returns when there are none. */
export function assertValid(problems: Array<string | false | undefined | null>): void {
  const found = problems.filter((p): p is string => typeof p === 'string');
  if (found.length) throw validationError(found);
}

export function notFoundError(what: string, id: number): SimError {
  return new SimError(404, `${what} ${id} was not found.`);
}

// zod building blocks for input DTOs (S2 types; nullable fields may also be omitted).
export const nstr = z.string().nullable().optional();
export const nint = z.number().int().nullable().optional();
export const nnum = z.number().nullable().optional();
export const nbool = z.boolean().nullable().optional();
export const requiredId = z.number().int().min(1);
