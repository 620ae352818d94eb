/**
 * Typed client for the Kaseya BMS REST API v2 (reference/bms-openapi-v2.json; the behaviours the
 * reference leaves open are listed in simulators/bms/ASSUMPTIONS.md), on the shared HttpClient.
 *
 * - Auth: form login, tokens in memory only, refresh shortly before `accessTokenExpireOn`, and on
 *   a 401 one renewal (refresh, else login) and one repeat of the call. Concurrent calls share one
 *   login. Credentials and tokens never appear in errors or logs.
 * - Failure = non-2xx or `success === false` → ApiError; every response is validated with zod.
 * - Writes are retried automatically only on 429 (HttpClient), and PUT/DELETE also on transient
 *   errors because they are idempotent. A POST or PATCH that failed transiently may have been
 *   applied: the caller must look for the record before trying again.
 */
import type { z } from 'zod';
import {
  ApiError,
  HttpClient,
  isApiError,
  kindForStatus,
  parseResponse,
  type ApiMetrics,
  type HttpLogger,
  type HttpRequest,
  type QueryValue,
  type RateGate,
} from '../http.js';
import type * as I from './inputs.js';
import type { BmsLookupTableName } from '../../domain/mapping/bms-lookup-tables.js';
import * as S from './schemas.js';

export const BMS_MAX_PAGE_SIZE = 100;

export interface BmsClientOptions {
  /** e.g. `https://api.bms.kaseya.com` (plain http only for localhost). */
  baseUrl: string;
  /** The company name shown under My Settings. */
  tenant: string;
  userName: string;
  password: string;
  /** Current TOTP code, for an employee user with MFA (API employees need none). */
  mfaCode?: () => string;
  rateGate?: RateGate;
  logger?: HttpLogger;
  /** Counts calls, retries and budget waits (the worker's metrics). */
  metrics?: ApiMetrics;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** Automatic retries of idempotent calls and 429s (default 2). */
  maxRetries?: number;
  /** Longest Retry-After waited inside a call (default 30 s); longer ones are thrown to the caller. */
  maxInlineRetryAfterMs?: number;
  /**
   * Allow routes the official v2 document lacks (`UNDOCUMENTED` in BMS_ROUTES); default false.
   * Off, calling one throws UndocumentedRouteError without sending anything.
   */
  undocumentedRoutes?: boolean;
}

interface Tokens {
  accessToken: string;
  refreshToken: string | null;
  /** When to renew: shortly before the access token expires. */
  renewAt: number;
  refreshExpiresAt: number;
}

type Method = HttpRequest['method'];

/** A route the official BMS API v2 document (reference/bms-openapi-v2.json) describes. */
const DOCUMENTED = 'documented';
/**
 * A route the official document lacks (the engine needs it for something v2 cannot do). Sent only
 * with `undocumentedRoutes` (the integration setting `undocumentedBmsRoutes`); see
 * simulators/bms/ASSUMPTIONS.md.
 */
const UNDOCUMENTED = 'undocumented';

/**
 * Every route this client can call, by `METHOD /template` (the key for rate budgets, counters and
 * error messages). Calls name their route by this key, so nothing outside the list can be sent;
 * a test checks each documented one against the OpenAPI document.
 */
export const BMS_ROUTES = {
  'POST /v2/security/authenticate': DOCUMENTED,
  'POST /v2/security/refreshtoken': DOCUMENTED,
  'GET /v2/security/userinfo': DOCUMENTED,

  'GET /v2/crm/accounts/summary': DOCUMENTED,
  'GET /v2/crm/accounts/summary/{id}': DOCUMENTED,
  'GET /v2/crm/accounts/lookup': DOCUMENTED,
  'POST /v2/crm/accounts': DOCUMENTED,
  'PUT /v2/crm/accounts/{id}': DOCUMENTED,
  'PATCH /v2/crm/accounts/{id}': DOCUMENTED,

  'GET /v2/crm/accounts/{accountId}/locations/lookup': DOCUMENTED,
  'GET /v2/crm/accounts/{accountId}/locations/{locationId}': DOCUMENTED,
  'POST /v2/crm/accounts/{accountId}/locations': UNDOCUMENTED,
  'PUT /v2/crm/accounts/{accountId}/locations/{locationId}': UNDOCUMENTED,

  'GET /v2/crm/contacts/summary': DOCUMENTED,
  'GET /v2/crm/contacts/search': DOCUMENTED,
  'GET /v2/crm/accounts/{accountId}/contacts/lookup': DOCUMENTED,
  'GET /v2/crm/contacts/summary/{id}': DOCUMENTED,
  'POST /v2/crm/contacts/summary': DOCUMENTED,
  'PUT /v2/crm/contacts/{id}': DOCUMENTED,
  'PATCH /v2/crm/contacts/{id}': DOCUMENTED,
  'PATCH /v2/crm/contacts/{contactId}/emails': DOCUMENTED,
  'PATCH /v2/crm/contacts/{contactId}/phones': DOCUMENTED,
  'DELETE /v2/crm/contacts/{id}': DOCUMENTED,

  'GET /v2/servicedesk/hardwareasset/searchselect': DOCUMENTED,
  'GET /v2/servicedesk/hardwareasset/{assetId}': DOCUMENTED,
  'POST /v2/servicedesk/hardwareasset': DOCUMENTED,
  'PUT /v2/servicedesk/hardwareasset/{assetId}': DOCUMENTED,
  'DELETE /v2/servicedesk/hardwareasset/{id}': DOCUMENTED,

  'GET /v2/servicedesk/tickets': DOCUMENTED,
  'POST /v2/servicedesk/tickets/search': DOCUMENTED,
  'GET /v2/servicedesk/tickets/{ticketId}': DOCUMENTED,
  'POST /v2/servicedesk/tickets': DOCUMENTED,
  'DELETE /v2/servicedesk/tickets/{ticketId}/checklistitems': DOCUMENTED,
  'DELETE /v2/servicedesk/tickets/{ticketId}/checklistitems/{itemId}': DOCUMENTED,
  'DELETE /v2/servicedesk/tickets/{ticketId}/notes/{noteId}': DOCUMENTED,
  'GET /v2/hr/assignees/lookup': DOCUMENTED,
  'GET /v2/servicedesk/tickets/count': DOCUMENTED,
  'GET /v2/servicedesk/tickets/searchselect': DOCUMENTED,
  'GET /v2/servicedesk/tickets/{ticketId}/checklistitems': DOCUMENTED,
  'GET /v2/servicedesk/tickets/{ticketId}/notes': DOCUMENTED,
  'GET /v2/servicedesk/tickets/{ticketId}/notes/{noteId}': DOCUMENTED,
  'GET /v2/system/issuetypes/lookup': DOCUMENTED,
  'GET /v2/system/issuetypes/{issueTypeId}/issuesubtypes/lookup': DOCUMENTED,
  'GET /v2/system/queues/lookup': DOCUMENTED,
  'POST /v2/servicedesk/tickets/{ticketId}/checklistitems': DOCUMENTED,
  'POST /v2/servicedesk/tickets/{ticketId}/notes': DOCUMENTED,
  'PUT /v2/servicedesk/tickets/{ticketId}/checklistitems/{itemId}': DOCUMENTED,
  'PUT /v2/servicedesk/tickets/{ticketId}/notes/{noteId}': DOCUMENTED,

  'GET /v2/system/accounttypes/lookup': DOCUMENTED,
  'GET /v2/system/lookup/{tableName}': DOCUMENTED,
  'GET /v2/system/tenantlookup/{tableName}': DOCUMENTED,
  'GET /v2/hr/employees/lookup': DOCUMENTED,
  'GET /v2/system/statuses/lookup': DOCUMENTED,
  'GET /v2/system/priorities/lookup': DOCUMENTED,

  'GET /v2/finance/contracts/summary': DOCUMENTED,
  'GET /v2/finance/contracts/lookup': DOCUMENTED,
  'POST /v2/finance/contracts/recurringservices': DOCUMENTED,
  'POST /v2/finance/contracts/recurringservices/{contractId}/services': DOCUMENTED,
  'GET /v2/finance/contracts/recurringservices/{contractId}/services': UNDOCUMENTED,
  'PUT /v2/finance/contracts/recurringservices/{contractId}/services/{serviceLineId}': UNDOCUMENTED,
  'GET /v2/admin/finance/services/lookup': DOCUMENTED,
  'GET /v2/admin/finance/services/{serviceId}': DOCUMENTED,
} as const satisfies Record<`${Method} /${string}`, typeof DOCUMENTED | typeof UNDOCUMENTED>;

export type BmsRoute = keyof typeof BMS_ROUTES;

/** The integration setting that lets the client send undocumented routes. */
export const UNDOCUMENTED_ROUTES_SETTING = 'undocumentedBmsRoutes';

/** A call to a route outside the official document while `undocumentedRoutes` is off; nothing was sent. */
export class UndocumentedRouteError extends ApiError {
  readonly setting = UNDOCUMENTED_ROUTES_SETTING;
  constructor(route: BmsRoute) {
    super({
      service: 'bms',
      kind: 'config',
      operation: route,
      message: `this route is not in the official BMS API v2 document and was not sent; the engine uses it only when the integration setting ${UNDOCUMENTED_ROUTES_SETTING} is on`,
    });
  }
}

interface Call {
  route: BmsRoute;
  /** The path with its ids filled in. */
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
}

const methodOf = (route: BmsRoute): Method => route.slice(0, route.indexOf(' ')) as Method;

const ITEM_OPERATION: Record<I.BmsItemOperation, number> = { add: 0, update: 1, delete: 2 };

export { BMS_TICKET_SOURCES } from '../../domain/mapping/bms-ticket-sources.js';

/** The readable parts of a BMS error envelope (never the stack trace). */
export function readBmsErrorBody(body: unknown): string[] {
  const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  if (!error || typeof error !== 'object') return [];
  const { message, details, subErrors } = error as { message?: unknown; details?: unknown; subErrors?: unknown };
  return [message, details, ...(Array.isArray(subErrors) ? subErrors : [])].filter((m): m is string => typeof m === 'string');
}

/** Epoch ms of a BMS timestamp; values without an offset are taken as UTC (server time). */
export function parseBmsTime(value: string): number {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) || /^\d{4}-\d{2}-\d{2}$/.test(value);
  return Date.parse(hasZone ? value : `${value}Z`);
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function queryValue(value: unknown): QueryValue {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value as (string | number)[];
  return value as QueryValue;
}

/** `{ accountName: 'x' }` → `{ 'Filter.AccountName': 'x' }` */
function filterQuery(filter: object | undefined, prefix = 'Filter.'): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(filter ?? {})) {
    if (value !== undefined && value !== null) query[`${prefix}${pascal(key)}`] = queryValue(value);
  }
  return query;
}

function ticketFilterWire(filter: I.BmsTicketFilter | undefined): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter ?? {})) {
    if (value === undefined || value === null) continue;
    // S2 types the plural filters as comma lists and ExcludeCompleted as an int.
    if (key === 'excludeCompleted') wire[key] = value ? 1 : 0;
    else if (Array.isArray(value)) wire[key] = value.join(',');
    else wire[key] = value instanceof Date ? value.toISOString() : value;
  }
  return wire;
}

/** A note body: S2 requires `typeId` (0 = none) and `noteDate`. */
function noteWire(input: I.BmsTicketNoteInput): Record<string, unknown> {
  const noteDate = input.noteDate ?? new Date();
  return {
    details: input.details,
    isInternal: input.isInternal,
    typeId: input.typeId ?? 0,
    noteDate: noteDate instanceof Date ? noteDate.toISOString() : noteDate,
    statusId: input.statusId ?? null,
  };
}

const id = (value: number): string => encodeURIComponent(String(value));

export class BmsClient {
  readonly #http: HttpClient;
  readonly #tenant: string;
  readonly #userName: string;
  readonly #password: string;
  readonly #mfaCode: (() => string) | undefined;
  readonly #logger: HttpLogger | undefined;
  readonly #undocumentedRoutes: boolean;
  #tokens: Tokens | undefined;
  #authInFlight: Promise<Tokens> | undefined;

  constructor(options: BmsClientOptions) {
    this.#http = new HttpClient(
      {
        service: 'bms',
        baseUrl: options.baseUrl,
        rateGate: options.rateGate,
        timeoutMs: options.timeoutMs,
        logger: options.logger,
        metrics: options.metrics,
        fetchImpl: options.fetchImpl,
        maxRetries: options.maxRetries,
        maxInlineRetryAfterMs: options.maxInlineRetryAfterMs,
        secrets: () => [this.#password, this.#tokens?.accessToken, this.#tokens?.refreshToken],
      },
      readBmsErrorBody,
    );
    const missing = (['tenant', 'userName', 'password'] as const).filter((k) => !options[k]);
    if (missing.length) {
      throw new ApiError({ service: 'bms', kind: 'config', operation: 'configuration', message: `missing ${missing.join(', ')}` });
    }
    this.#tenant = options.tenant;
    this.#userName = options.userName;
    this.#password = options.password;
    this.#mfaCode = options.mfaCode;
    this.#logger = options.logger;
    this.#undocumentedRoutes = options.undocumentedRoutes === true;
    this.baseUrl = options.baseUrl;
  }

  /** The API host this client talks to (records link to the BMS web app from it). */
  readonly baseUrl: string;

  /** Whether this client may call routes outside the official v2 document. */
  get undocumentedRoutes(): boolean {
    return this.#undocumentedRoutes;
  }

  // ================================================================ authentication

  /** Logs in now (otherwise the first call does). Throws ApiError `auth` when refused. */
  async login(): Promise<void> {
    this.#tokens = undefined;
    await this.#renew(undefined);
  }

  async #login(): Promise<Tokens> {
    const operation: BmsRoute = 'POST /v2/security/authenticate';
    const form: Record<string, string> = { UserName: this.#userName, Password: this.#password, Tenant: this.#tenant, GrantType: 'password' };
    if (this.#mfaCode) form.MFACode = this.#mfaCode();
    try {
      const response = await this.#http.send({ method: 'POST', path: '/v2/security/authenticate', route: operation, form });
      return this.#tokensFrom(response.body, operation);
    } catch (err) {
      // Transient trouble stays retryable; a refusal becomes `auth` with the server's reason.
      if (!isApiError(err) || !['auth', 'forbidden', 'validation', 'not-found'].includes(err.kind)) throw err;
      const reason = err.details[0] ?? `HTTP ${err.status ?? '?'}`;
      throw new ApiError({
        service: 'bms',
        kind: 'auth',
        operation,
        status: err.status,
        details: err.details,
        message: `login refused for user "${this.#userName}" at tenant "${this.#tenant}" (HTTP ${err.status ?? '?'}): ${reason}`,
      });
    }
  }

  async #refresh(tokens: Tokens): Promise<Tokens> {
    const operation: BmsRoute = 'POST /v2/security/refreshtoken';
    const response = await this.#http.send({
      method: 'POST',
      path: '/v2/security/refreshtoken',
      route: operation,
      form: { AccessToken: tokens.accessToken, RefreshToken: tokens.refreshToken ?? '' },
    });
    return this.#tokensFrom(response.body, operation);
  }

  #tokensFrom(body: unknown, operation: string): Tokens {
    this.#throwIfFailed(body, operation, 200);
    const { result } = parseResponse('bms', operation, S.envelope(S.bmsTokenSchema), body);
    const now = Date.now();
    const expiresAt = parseBmsTime(result.accessTokenExpireOn);
    if (Number.isNaN(expiresAt)) {
      throw new ApiError({ service: 'bms', kind: 'malformed-response', operation, message: 'malformed response: result.accessTokenExpireOn: not a date' });
    }
    const lifetime = Math.max(0, expiresAt - now);
    const refreshExpiresAt = result.refreshTokenExpireOn ? parseBmsTime(result.refreshTokenExpireOn) : Number.NaN;
    return {
      accessToken: result.accessToken,
      refreshToken: result.refreshToken,
      // Renew a little early: a minute, or a tenth of a short lifetime.
      renewAt: expiresAt - Math.min(60_000, lifetime / 10),
      refreshExpiresAt: Number.isNaN(refreshExpiresAt) ? 0 : refreshExpiresAt,
    };
  }

  /** One renewal at a time: concurrent callers share it. */
  #renew(stale: Tokens | undefined): Promise<Tokens> {
    this.#authInFlight ??= this.#obtainTokens(stale).finally(() => {
      this.#authInFlight = undefined;
    });
    return this.#authInFlight;
  }

  async #obtainTokens(stale: Tokens | undefined): Promise<Tokens> {
    if (stale?.refreshToken && Date.now() < stale.refreshExpiresAt) {
      try {
        return (this.#tokens = await this.#refresh(stale));
      } catch (err) {
        if (!isApiError(err) || err.retryable) throw err;
        this.#logger?.warn('BMS token refresh refused; logging in again', { status: err.status });
      }
    }
    this.#tokens = undefined;
    return (this.#tokens = await this.#login());
  }

  async #accessToken(): Promise<string> {
    const tokens = this.#tokens;
    if (tokens && Date.now() < tokens.renewAt) return tokens.accessToken;
    return (await this.#renew(tokens)).accessToken;
  }

  /** After a 401: renew unless another call already did since this token was sent. */
  async #renewAfterRejection(rejected: string): Promise<string> {
    const current = this.#tokens;
    if (current && current.accessToken !== rejected && Date.now() < current.renewAt) return current.accessToken;
    if (this.#authInFlight) return (await this.#authInFlight).accessToken;
    return (await this.#renew(current)).accessToken;
  }

  // ================================================================ transport

  #throwIfFailed(body: unknown, operation: string, status: number): void {
    if (!body || typeof body !== 'object' || (body as { success?: unknown }).success !== false) return;
    const error = (body as { error?: { code?: unknown } }).error;
    const code = typeof error?.code === 'number' ? error.code : undefined;
    const details = this.#http.safeDetails(readBmsErrorBody(body));
    throw new ApiError({
      service: 'bms',
      kind: code !== undefined && code >= 400 && code <= 599 ? kindForStatus(code) : 'validation',
      operation,
      status,
      details,
      message: `request failed (success=false${code !== undefined ? `, code ${code}` : ''})${details.length ? `: ${details.join('; ')}` : ''}`,
    });
  }

  /** Sends an authenticated call and returns its body; on a 401 renews the token once and repeats. */
  async #send(call: Call): Promise<unknown> {
    const operation = call.route;
    if (BMS_ROUTES[call.route] === UNDOCUMENTED && !this.#undocumentedRoutes) throw new UndocumentedRouteError(call.route);
    let token = await this.#accessToken();
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.#http.send({
          method: methodOf(call.route),
          path: call.path,
          route: operation,
          query: call.query,
          json: call.json,
          headers: { authorization: `Bearer ${token}` },
        });
        this.#throwIfFailed(response.body, operation, response.status);
        return response.body;
      } catch (err) {
        if (!isApiError(err) || err.kind !== 'auth') throw err;
        if (attempt > 1) {
          throw new ApiError({
            service: 'bms',
            kind: 'auth',
            operation,
            status: err.status,
            details: err.details,
            message: 'access refused again after re-authenticating (HTTP 401); check the API user, its role and "Has API Access"',
          });
        }
        token = await this.#renewAfterRejection(token);
      }
    }
  }

  async #result<T extends z.ZodType>(call: Call, schema: T): Promise<z.output<T>> {
    const body = await this.#send(call);
    return (parseResponse('bms', call.route, S.envelope(schema), body) as { result: z.output<T> }).result;
  }

  async #list<T extends z.ZodType>(call: Call, item: T): Promise<Array<z.output<T>>> {
    const body = await this.#send(call);
    return parseResponse('bms', call.route, S.listEnvelope(item), body).result;
  }

  /** S2 says the two summary-by-id endpoints return a bare DTO; accept the envelope too. */
  async #bareOrEnvelope<T extends z.ZodType>(call: Call, schema: T): Promise<z.output<T>> {
    const body = await this.#send(call);
    const operation = call.route;
    const isEnvelope = !!body && typeof body === 'object' && 'result' in body && 'success' in body;
    if (!isEnvelope) return parseResponse('bms', operation, schema, body);
    return (parseResponse('bms', operation, S.envelope(schema), body) as { result: z.output<T> }).result;
  }

  async #page<T extends z.ZodType>(
    call: Omit<Call, 'query'>,
    filterParams: Record<string, QueryValue>,
    request: I.BmsPageRequest<unknown>,
    item: T,
    counted: boolean,
  ): Promise<I.BmsPage<z.output<T>>> {
    const pageNumber = Math.max(1, Math.floor(request.pageNumber ?? 1));
    const pageSize = Math.min(BMS_MAX_PAGE_SIZE, Math.max(1, Math.floor(request.pageSize ?? BMS_MAX_PAGE_SIZE)));
    const query = { ...filterParams, PageNumber: pageNumber, PageSize: pageSize, Sort: request.sort };
    const body = await this.#send({ ...call, query });
    const operation = call.route;
    if (counted) {
      const { result, totalRecords } = parseResponse('bms', operation, S.pagedEnvelope(item), body);
      const seen = (pageNumber - 1) * pageSize + result.length;
      return { items: result, totalRecords, hasMore: result.length > 0 && seen < totalRecords };
    }
    const { result } = parseResponse('bms', operation, S.listEnvelope(item), body);
    // No total on this endpoint: a short page is the last one.
    return { items: result, hasMore: result.length >= pageSize };
  }

  /** Walks pages until the last one; adapts if the server pages smaller than asked. */
  async *#iterate<T>(fetchPage: (pageNumber: number, pageSize: number) => Promise<I.BmsPage<T>>): AsyncGenerator<T> {
    let pageSize = BMS_MAX_PAGE_SIZE;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await fetchPage(pageNumber, pageSize);
      yield* page.items;
      if (!page.hasMore || page.items.length === 0) return;
      if (pageNumber === 1 && page.items.length < pageSize) pageSize = page.items.length;
    }
  }

  // ================================================================ security

  getUserInfo(): Promise<S.BmsUserInfo> {
    return this.#result({ route: 'GET /v2/security/userinfo', path: '/v2/security/userinfo' }, S.bmsUserInfoSchema);
  }

  // ================================================================ accounts

  listAccountsPage(request: I.BmsPageRequest<I.BmsAccountFilter> = {}): Promise<I.BmsPage<S.BmsAccount>> {
    return this.#page({ route: 'GET /v2/crm/accounts/summary', path: '/v2/crm/accounts/summary' }, filterQuery(request.filter), request, S.bmsAccountSchema, true);
  }

  iterateAccounts(filter?: I.BmsAccountFilter): AsyncGenerator<S.BmsAccount> {
    return this.#iterate((pageNumber, pageSize) => this.listAccountsPage({ pageNumber, pageSize, filter }));
  }

  getAccount(accountId: number): Promise<S.BmsAccount> {
    return this.#bareOrEnvelope({ route: 'GET /v2/crm/accounts/summary/{id}', path: `/v2/crm/accounts/summary/${id(accountId)}` }, S.bmsAccountSchema);
  }

  lookupAccountsPage(request: I.BmsPageRequest<I.BmsAccountLookupFilter> = {}): Promise<I.BmsPage<S.BmsAccountLookupRow>> {
    return this.#page({ route: 'GET /v2/crm/accounts/lookup', path: '/v2/crm/accounts/lookup' }, filterQuery(request.filter), request, S.bmsAccountLookupRowSchema, false);
  }

  iterateAccountLookup(filter?: I.BmsAccountLookupFilter): AsyncGenerator<S.BmsAccountLookupRow> {
    return this.#iterate((pageNumber, pageSize) => this.lookupAccountsPage({ pageNumber, pageSize, filter }));
  }

  createAccount(input: I.BmsAccountCreateInput): Promise<S.BmsAccount> {
    return this.#result({ route: 'POST /v2/crm/accounts', path: '/v2/crm/accounts', json: input }, S.bmsAccountSchema);
  }

  /** PUT: replaces every account field (locations are not part of it). */
  updateAccount(accountId: number, input: I.BmsAccountUpdateInput): Promise<S.BmsAccount> {
    return this.#result({ route: 'PUT /v2/crm/accounts/{id}', path: `/v2/crm/accounts/${id(accountId)}`, json: input }, S.bmsAccountSchema);
  }

  patchAccount(accountId: number, operations: I.JsonPatchOperation[]): Promise<S.BmsAccount> {
    return this.#result({ route: 'PATCH /v2/crm/accounts/{id}', path: `/v2/crm/accounts/${id(accountId)}`, json: operations }, S.bmsAccountSchema);
  }

  // ================================================================ account locations

  listAccountLocations(accountId: number): Promise<S.BmsLocationLookupRow[]> {
    return this.#list(
      { route: 'GET /v2/crm/accounts/{accountId}/locations/lookup', path: `/v2/crm/accounts/${id(accountId)}/locations/lookup` },
      S.bmsLocationLookupRowSchema,
    );
  }

  getLocation(accountId: number, locationId: number): Promise<S.BmsLocation> {
    return this.#result(
      { route: 'GET /v2/crm/accounts/{accountId}/locations/{locationId}', path: `/v2/crm/accounts/${id(accountId)}/locations/${id(locationId)}` },
      S.bmsLocationSchema,
    );
  }

  /** UNDOCUMENTED (no v2 route adds a location to an existing account; see simulators/bms/ASSUMPTIONS.md). */
  createLocation(accountId: number, input: I.BmsLocationInput): Promise<S.BmsLocation> {
    return this.#result(
      { route: 'POST /v2/crm/accounts/{accountId}/locations', path: `/v2/crm/accounts/${id(accountId)}/locations`, json: input },
      S.bmsLocationSchema,
    );
  }

  /** UNDOCUMENTED (no v2 route edits a location): replaces the location's name, flags and addresses. */
  updateLocation(accountId: number, locationId: number, input: I.BmsLocationInput): Promise<S.BmsLocation> {
    return this.#result(
      {
        route: 'PUT /v2/crm/accounts/{accountId}/locations/{locationId}',
        path: `/v2/crm/accounts/${id(accountId)}/locations/${id(locationId)}`,
        json: input,
      },
      S.bmsLocationSchema,
    );
  }

  // ================================================================ contacts

  listContactsPage(request: I.BmsPageRequest<I.BmsContactFilter> = {}): Promise<I.BmsPage<S.BmsContact>> {
    return this.#page({ route: 'GET /v2/crm/contacts/summary', path: '/v2/crm/contacts/summary' }, filterQuery(request.filter), request, S.bmsContactSchema, true);
  }

  iterateContacts(filter?: I.BmsContactFilter): AsyncGenerator<S.BmsContact> {
    return this.#iterate((pageNumber, pageSize) => this.listContactsPage({ pageNumber, pageSize, filter }));
  }

  searchContactsPage(request: I.BmsPageRequest<I.BmsContactSearchFilter> = {}): Promise<I.BmsPage<S.BmsContactSearchRow>> {
    return this.#page({ route: 'GET /v2/crm/contacts/search', path: '/v2/crm/contacts/search' }, filterQuery(request.filter), request, S.bmsContactSearchRowSchema, false);
  }

  iterateContactSearch(filter?: I.BmsContactSearchFilter): AsyncGenerator<S.BmsContactSearchRow> {
    return this.#iterate((pageNumber, pageSize) => this.searchContactsPage({ pageNumber, pageSize, filter }));
  }

  lookupAccountContactsPage(accountId: number, request: I.BmsPageRequest<I.BmsAccountContactFilter> = {}): Promise<I.BmsPage<S.BmsContactLookupRow>> {
    return this.#page(
      { route: 'GET /v2/crm/accounts/{accountId}/contacts/lookup', path: `/v2/crm/accounts/${id(accountId)}/contacts/lookup` },
      filterQuery(request.filter),
      request,
      S.bmsContactLookupRowSchema,
      false,
    );
  }

  iterateAccountContacts(accountId: number, filter?: I.BmsAccountContactFilter): AsyncGenerator<S.BmsContactLookupRow> {
    return this.#iterate((pageNumber, pageSize) => this.lookupAccountContactsPage(accountId, { pageNumber, pageSize, filter }));
  }

  getContact(contactId: number): Promise<S.BmsContact> {
    return this.#bareOrEnvelope({ route: 'GET /v2/crm/contacts/summary/{id}', path: `/v2/crm/contacts/summary/${id(contactId)}` }, S.bmsContactSchema);
  }

  /** No job title or point-of-contact on create: set them with `updateContact` afterwards. */
  createContact(input: I.BmsContactCreateInput): Promise<S.BmsContactCreated> {
    return this.#result({ route: 'POST /v2/crm/contacts/summary', path: '/v2/crm/contacts/summary', json: input }, S.bmsContactCreatedSchema);
  }

  /** PUT: replaces the contact's fields (not its e-mails or phones). */
  updateContact(contactId: number, input: I.BmsContactUpdateInput): Promise<S.BmsContactDetail> {
    return this.#result({ route: 'PUT /v2/crm/contacts/{id}', path: `/v2/crm/contacts/${id(contactId)}`, json: input }, S.bmsContactDetailSchema);
  }

  patchContact(contactId: number, operations: I.JsonPatchOperation[]): Promise<S.BmsContactDetail> {
    return this.#result({ route: 'PATCH /v2/crm/contacts/{id}', path: `/v2/crm/contacts/${id(contactId)}`, json: operations }, S.bmsContactDetailSchema);
  }

  patchContactEmails(contactId: number, operations: I.BmsEmailOperation[]): Promise<S.BmsEmailPatchResult> {
    const json = operations.map((op) => ({ ...op, operation: ITEM_OPERATION[op.operation] }));
    return this.#result(
      { route: 'PATCH /v2/crm/contacts/{contactId}/emails', path: `/v2/crm/contacts/${id(contactId)}/emails`, json },
      S.bmsEmailPatchResultSchema,
    );
  }

  patchContactPhones(contactId: number, operations: I.BmsPhoneOperation[]): Promise<S.BmsPhonePatchResult> {
    const json = operations.map((op) => ({ ...op, operation: ITEM_OPERATION[op.operation] }));
    return this.#result(
      { route: 'PATCH /v2/crm/contacts/{contactId}/phones', path: `/v2/crm/contacts/${id(contactId)}/phones`, json },
      S.bmsPhonePatchResultSchema,
    );
  }

  async deleteContact(contactId: number): Promise<void> {
    await this.#send({ route: 'DELETE /v2/crm/contacts/{id}', path: `/v2/crm/contacts/${id(contactId)}` });
  }

  // ================================================================ hardware assets

  /** Slim rows without modifiedOn and without a total (a short page ends the list). */
  listHardwareAssetsPage(request: I.BmsPageRequest<I.BmsHardwareAssetFilter> = {}): Promise<I.BmsPage<S.BmsHardwareAssetRow>> {
    return this.#page(
      { route: 'GET /v2/servicedesk/hardwareasset/searchselect', path: '/v2/servicedesk/hardwareasset/searchselect' },
      filterQuery(request.filter),
      request,
      S.bmsHardwareAssetRowSchema,
      false,
    );
  }

  iterateHardwareAssets(filter?: I.BmsHardwareAssetFilter): AsyncGenerator<S.BmsHardwareAssetRow> {
    return this.#iterate((pageNumber, pageSize) => this.listHardwareAssetsPage({ pageNumber, pageSize, filter }));
  }

  getHardwareAsset(assetId: number): Promise<S.BmsHardwareAsset> {
    return this.#result({ route: 'GET /v2/servicedesk/hardwareasset/{assetId}', path: `/v2/servicedesk/hardwareasset/${id(assetId)}` }, S.bmsHardwareAssetSchema);
  }

  createHardwareAsset(input: I.BmsHardwareAssetInput): Promise<S.BmsHardwareAsset> {
    return this.#result({ route: 'POST /v2/servicedesk/hardwareasset', path: '/v2/servicedesk/hardwareasset', json: input }, S.bmsHardwareAssetSchema);
  }

  /** PUT: replaces every asset field; omitted ones are cleared. */
  updateHardwareAsset(assetId: number, input: I.BmsHardwareAssetInput): Promise<S.BmsHardwareAsset> {
    return this.#result(
      { route: 'PUT /v2/servicedesk/hardwareasset/{assetId}', path: `/v2/servicedesk/hardwareasset/${id(assetId)}`, json: input },
      S.bmsHardwareAssetSchema,
    );
  }

  async deleteHardwareAsset(assetId: number): Promise<void> {
    await this.#send({ route: 'DELETE /v2/servicedesk/hardwareasset/{id}', path: `/v2/servicedesk/hardwareasset/${id(assetId)}` });
  }

  // ================================================================ tickets

  /** Filters: `accountIds`, `statusNames`, `excludeCompleted`, `lastActivityUpdateFrom/To`, `completedDateFrom/To`, … */
  listTicketsPage(request: I.BmsPageRequest<I.BmsTicketFilter> = {}): Promise<I.BmsPage<S.BmsTicket>> {
    return this.#page(
      { route: 'GET /v2/servicedesk/tickets', path: '/v2/servicedesk/tickets' },
      filterQuery(ticketFilterWire(request.filter)),
      request,
      S.bmsTicketSchema,
      true,
    );
  }

  iterateTickets(filter?: I.BmsTicketFilter): AsyncGenerator<S.BmsTicket> {
    return this.#iterate((pageNumber, pageSize) => this.listTicketsPage({ pageNumber, pageSize, filter }));
  }

  /** `POST /v2/servicedesk/tickets/search`: the same filters in a JSON body (a read; never retried as a write). */
  async searchTicketsPage(request: I.BmsPageRequest<I.BmsTicketFilter> = {}): Promise<I.BmsPage<S.BmsTicket>> {
    const pageNumber = Math.max(1, Math.floor(request.pageNumber ?? 1));
    const pageSize = Math.min(BMS_MAX_PAGE_SIZE, Math.max(1, Math.floor(request.pageSize ?? BMS_MAX_PAGE_SIZE)));
    const json = { pageNumber, pageSize, sort: request.sort ?? null, filter: ticketFilterWire(request.filter) };
    const route: BmsRoute = 'POST /v2/servicedesk/tickets/search';
    const body = await this.#send({ route, path: '/v2/servicedesk/tickets/search', json });
    const { result, totalRecords } = parseResponse('bms', route, S.pagedEnvelope(S.bmsTicketSchema), body);
    return { items: result, totalRecords, hasMore: result.length > 0 && (pageNumber - 1) * pageSize + result.length < totalRecords };
  }

  iterateTicketSearch(filter?: I.BmsTicketFilter): AsyncGenerator<S.BmsTicket> {
    return this.#iterate((pageNumber, pageSize) => this.searchTicketsPage({ pageNumber, pageSize, filter }));
  }

  /** How many tickets match (the list's filters, sent without the `Filter.` prefix). */
  async countTickets(filter?: I.BmsTicketFilter): Promise<number> {
    const query = filterQuery(ticketFilterWire(filter), '');
    return (await this.#result({ route: 'GET /v2/servicedesk/tickets/count', path: '/v2/servicedesk/tickets/count', query }, S.bmsTicketCountSchema)).count;
  }

  /** The slim list (no total: a short page is the last one). */
  listTicketSearchSelectPage(request: I.BmsPageRequest<I.BmsTicketSearchSelectFilter> = {}): Promise<I.BmsPage<S.BmsTicketSearchSelectRow>> {
    return this.#page(
      { route: 'GET /v2/servicedesk/tickets/searchselect', path: '/v2/servicedesk/tickets/searchselect' },
      filterQuery(request.filter),
      request,
      S.bmsTicketSearchSelectRowSchema,
      false,
    );
  }

  iterateTicketSearchSelect(filter?: I.BmsTicketSearchSelectFilter): AsyncGenerator<S.BmsTicketSearchSelectRow> {
    return this.#iterate((pageNumber, pageSize) => this.listTicketSearchSelectPage({ pageNumber, pageSize, filter }));
  }

  getTicket(ticketId: number): Promise<S.BmsTicketDetail> {
    return this.#result({ route: 'GET /v2/servicedesk/tickets/{ticketId}', path: `/v2/servicedesk/tickets/${id(ticketId)}` }, S.bmsTicketDetailSchema);
  }

  createTicket(input: I.BmsTicketInput): Promise<S.BmsTicketDetail> {
    return this.#result({ route: 'POST /v2/servicedesk/tickets', path: '/v2/servicedesk/tickets', json: input }, S.bmsTicketDetailSchema);
  }

  // ================================================================ ticket notes

  listTicketNotesPage(ticketId: number, request: Omit<I.BmsPageRequest<never>, 'filter'> = {}): Promise<I.BmsPage<S.BmsTicketNote>> {
    return this.#page(
      { route: 'GET /v2/servicedesk/tickets/{ticketId}/notes', path: `/v2/servicedesk/tickets/${id(ticketId)}/notes` },
      {},
      request,
      S.bmsTicketNoteSchema,
      false,
    );
  }

  iterateTicketNotes(ticketId: number): AsyncGenerator<S.BmsTicketNote> {
    return this.#iterate((pageNumber, pageSize) => this.listTicketNotesPage(ticketId, { pageNumber, pageSize }));
  }

  getTicketNote(ticketId: number, noteId: number): Promise<S.BmsTicketNote> {
    return this.#result(
      { route: 'GET /v2/servicedesk/tickets/{ticketId}/notes/{noteId}', path: `/v2/servicedesk/tickets/${id(ticketId)}/notes/${id(noteId)}` },
      S.bmsTicketNoteSchema,
    );
  }

  /** Not retried on a lost answer (POST): look for the note before writing it again. */
  createTicketNote(ticketId: number, input: I.BmsTicketNoteInput): Promise<S.BmsTicketNote> {
    return this.#result(
      { route: 'POST /v2/servicedesk/tickets/{ticketId}/notes', path: `/v2/servicedesk/tickets/${id(ticketId)}/notes`, json: noteWire(input) },
      S.bmsTicketNoteSchema,
    );
  }

  /** PUT: replaces the note's text, internal flag and type. */
  updateTicketNote(ticketId: number, noteId: number, input: I.BmsTicketNoteInput): Promise<S.BmsTicketNote> {
    return this.#result(
      {
        route: 'PUT /v2/servicedesk/tickets/{ticketId}/notes/{noteId}',
        path: `/v2/servicedesk/tickets/${id(ticketId)}/notes/${id(noteId)}`,
        json: noteWire(input),
      },
      S.bmsTicketNoteSchema,
    );
  }

  /** Retried on transient errors (DELETE): after a lost answer the repeat may say `not-found`. */
  async deleteTicketNote(ticketId: number, noteId: number): Promise<void> {
    await this.#send({ route: 'DELETE /v2/servicedesk/tickets/{ticketId}/notes/{noteId}', path: `/v2/servicedesk/tickets/${id(ticketId)}/notes/${id(noteId)}` });
  }

  // ================================================================ ticket checklist items

  /** Every checklist item of a ticket, in checklist order. */
  listTicketChecklistItems(ticketId: number): Promise<S.BmsChecklistItem[]> {
    return this.#result(
      { route: 'GET /v2/servicedesk/tickets/{ticketId}/checklistitems', path: `/v2/servicedesk/tickets/${id(ticketId)}/checklistitems` },
      S.bmsChecklistItemsSchema,
    );
  }

  /** Not retried on a lost answer (POST): look for the item before adding it again. */
  createTicketChecklistItem(ticketId: number, input: I.BmsChecklistItemInput): Promise<S.BmsChecklistItem> {
    return this.#result(
      { route: 'POST /v2/servicedesk/tickets/{ticketId}/checklistitems', path: `/v2/servicedesk/tickets/${id(ticketId)}/checklistitems`, json: input },
      S.bmsChecklistItemSchema,
    );
  }

  /** PUT: replaces name, description, order and completion (ticking stamps who and when). */
  updateTicketChecklistItem(ticketId: number, itemId: number, input: I.BmsChecklistItemUpdate): Promise<S.BmsChecklistItem> {
    return this.#result(
      {
        route: 'PUT /v2/servicedesk/tickets/{ticketId}/checklistitems/{itemId}',
        path: `/v2/servicedesk/tickets/${id(ticketId)}/checklistitems/${id(itemId)}`,
        json: input,
      },
      S.bmsChecklistItemSchema,
    );
  }

  async deleteTicketChecklistItem(ticketId: number, itemId: number): Promise<void> {
    await this.#send({
      route: 'DELETE /v2/servicedesk/tickets/{ticketId}/checklistitems/{itemId}',
      path: `/v2/servicedesk/tickets/${id(ticketId)}/checklistitems/${id(itemId)}`,
    });
  }

  /** Deletes EVERY checklist item of the ticket, including those technicians added. */
  async deleteAllTicketChecklistItems(ticketId: number): Promise<void> {
    await this.#send({ route: 'DELETE /v2/servicedesk/tickets/{ticketId}/checklistitems', path: `/v2/servicedesk/tickets/${id(ticketId)}/checklistitems` });
  }

  // ================================================================ lookups

  listAccountTypes(): Promise<S.BmsAccountType[]> {
    return this.#list({ route: 'GET /v2/system/accounttypes/lookup', path: '/v2/system/accounttypes/lookup' }, S.bmsAccountTypeSchema);
  }

  /** A generic lookup table; the names are assumptions, listed in domain/mapping/bms-lookup-tables.ts. */
  listLookup(tableName: BmsLookupTableName): Promise<S.BmsLookupRow[]> {
    return this.#list(
      { route: 'GET /v2/system/lookup/{tableName}', path: `/v2/system/lookup/${encodeURIComponent(tableName)}` },
      S.bmsLookupRowSchema,
    );
  }

  listTenantLookup(tableName: string): Promise<S.BmsLookupRow[]> {
    return this.#list(
      { route: 'GET /v2/system/tenantlookup/{tableName}', path: `/v2/system/tenantlookup/${encodeURIComponent(tableName)}` },
      S.bmsLookupRowSchema,
    );
  }

  listEmployeesPage(request: I.BmsPageRequest<I.BmsEmployeeFilter> = {}): Promise<I.BmsPage<S.BmsEmployee>> {
    return this.#page({ route: 'GET /v2/hr/employees/lookup', path: '/v2/hr/employees/lookup' }, filterQuery(request.filter), request, S.bmsEmployeeSchema, false);
  }

  iterateEmployees(filter?: I.BmsEmployeeFilter): AsyncGenerator<S.BmsEmployee> {
    return this.#iterate((pageNumber, pageSize) => this.listEmployeesPage({ pageNumber, pageSize, filter }));
  }

  listTicketStatuses(): Promise<S.BmsTicketStatus[]> {
    return this.#list({ route: 'GET /v2/system/statuses/lookup', path: '/v2/system/statuses/lookup' }, S.bmsTicketStatusSchema);
  }

  listTicketPriorities(): Promise<S.BmsTicketPriority[]> {
    return this.#list({ route: 'GET /v2/system/priorities/lookup', path: '/v2/system/priorities/lookup' }, S.bmsTicketPrioritySchema);
  }

  listQueues(): Promise<S.BmsQueue[]> {
    return this.#list({ route: 'GET /v2/system/queues/lookup', path: '/v2/system/queues/lookup' }, S.bmsQueueSchema);
  }

  listIssueTypes(filter: I.BmsIssueTypeFilter = {}): Promise<S.BmsIssueType[]> {
    return this.#list(
      { route: 'GET /v2/system/issuetypes/lookup', path: '/v2/system/issuetypes/lookup', query: filterQuery(filter) },
      S.bmsIssueTypeSchema,
    );
  }

  listIssueSubTypes(issueTypeId: number): Promise<S.BmsIssueSubType[]> {
    return this.#list(
      {
        route: 'GET /v2/system/issuetypes/{issueTypeId}/issuesubtypes/lookup',
        path: `/v2/system/issuetypes/${id(issueTypeId)}/issuesubtypes/lookup`,
      },
      S.bmsIssueSubTypeSchema,
    );
  }

  /** Technicians tickets can be assigned to (no total: a short page is the last one). */
  listAssigneesPage(request: I.BmsPageRequest<I.BmsAssigneeFilter> = {}): Promise<I.BmsPage<S.BmsAssignee>> {
    return this.#page({ route: 'GET /v2/hr/assignees/lookup', path: '/v2/hr/assignees/lookup' }, filterQuery(request.filter), request, S.bmsAssigneeSchema, false);
  }

  iterateAssignees(filter?: I.BmsAssigneeFilter): AsyncGenerator<S.BmsAssignee> {
    return this.#iterate((pageNumber, pageSize) => this.listAssigneesPage({ pageNumber, pageSize, filter }));
  }

  // ================================================================ contracts and services

  listContractsPage(request: I.BmsPageRequest<I.BmsContractFilter> = {}): Promise<I.BmsPage<S.BmsContract>> {
    return this.#page({ route: 'GET /v2/finance/contracts/summary', path: '/v2/finance/contracts/summary' }, filterQuery(request.filter), request, S.bmsContractSchema, true);
  }

  iterateContracts(filter?: I.BmsContractFilter): AsyncGenerator<S.BmsContract> {
    return this.#iterate((pageNumber, pageSize) => this.listContractsPage({ pageNumber, pageSize, filter }));
  }

  /** Un-paged; the only contract list that filters by account. */
  lookupContracts(filter: I.BmsContractLookupFilter = {}): Promise<S.BmsContractLookupRow[]> {
    return this.#list(
      { route: 'GET /v2/finance/contracts/lookup', path: '/v2/finance/contracts/lookup', query: filterQuery(filter, '') },
      S.bmsContractLookupRowSchema,
    );
  }

  createRecurringServicesContract(input: I.BmsRecurringContractInput): Promise<S.BmsRecurringContract> {
    return this.#result(
      { route: 'POST /v2/finance/contracts/recurringservices', path: '/v2/finance/contracts/recurringservices', json: input },
      S.bmsRecurringContractSchema,
    );
  }

  /**
   * Adds lines (documented). Units are whole numbers in the document (int32). BMS answers one
   * line: the first added.
   */
  addServiceLines(contractId: number, lines: I.BmsServiceLineInput[]): Promise<S.BmsServiceLine> {
    return this.#result(
      {
        route: 'POST /v2/finance/contracts/recurringservices/{contractId}/services',
        path: `/v2/finance/contracts/recurringservices/${id(contractId)}/services`,
        json: lines,
      },
      S.bmsServiceLineSchema,
    );
  }

  /** UNDOCUMENTED (v2 cannot read a contract's lines): the recurring service lines of a contract. */
  listServiceLines(contractId: number): Promise<S.BmsServiceLine[]> {
    return this.#list(
      {
        route: 'GET /v2/finance/contracts/recurringservices/{contractId}/services',
        path: `/v2/finance/contracts/recurringservices/${id(contractId)}/services`,
      },
      S.bmsServiceLineSchema,
    );
  }

  /** UNDOCUMENTED (v2 cannot change a line): set a line's units (idempotent PUT). */
  updateServiceLine(contractId: number, serviceLineId: number, update: I.BmsServiceLineUpdate): Promise<S.BmsServiceLine> {
    return this.#result(
      {
        route: 'PUT /v2/finance/contracts/recurringservices/{contractId}/services/{serviceLineId}',
        path: `/v2/finance/contracts/recurringservices/${id(contractId)}/services/${id(serviceLineId)}`,
        json: update,
      },
      S.bmsServiceLineSchema,
    );
  }

  listServicesPage(request: I.BmsPageRequest<I.BmsServiceFilter> = {}): Promise<I.BmsPage<S.BmsServiceLookupRow>> {
    return this.#page({ route: 'GET /v2/admin/finance/services/lookup', path: '/v2/admin/finance/services/lookup' }, filterQuery(request.filter), request, S.bmsServiceLookupRowSchema, true);
  }

  iterateServices(filter?: I.BmsServiceFilter): AsyncGenerator<S.BmsServiceLookupRow> {
    return this.#iterate((pageNumber, pageSize) => this.listServicesPage({ pageNumber, pageSize, filter }));
  }

  /** One service of the catalogue, with its unit price. */
  getService(serviceId: number): Promise<S.BmsService> {
    return this.#result({ route: 'GET /v2/admin/finance/services/{serviceId}', path: `/v2/admin/finance/services/${id(serviceId)}` }, S.bmsServiceSchema);
  }
}
