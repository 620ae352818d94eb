/**
 * Groups the simulators' per-route request counters (`GET /v2/crm/accounts/summary: 12`) by the
 * entity they serve, and counts write calls.
 */

export type System = 'bms' | 'itglue';
export const API_GROUPS = ['organization', 'location', 'contact', 'configuration', 'ticket', 'lookups', 'auth', 'other'] as const;
export type ApiGroup = (typeof API_GROUPS)[number];

/** POSTs that only read or authenticate: not writes. */
const NON_WRITE_POSTS = new Set([
  'POST /v2/security/authenticate',
  'POST /v2/security/refreshtoken',
  'POST /v2/servicedesk/tickets/search',
]);

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isWrite(routeKey: string): boolean {
  const method = routeKey.split(' ')[0]!.toUpperCase();
  return WRITE_METHODS.has(method) && !NON_WRITE_POSTS.has(routeKey);
}

export function groupOf(system: System, routeKey: string): ApiGroup {
  const path = (routeKey.split(' ')[1] ?? '').toLowerCase();
  if (system === 'bms') {
    if (path.startsWith('/v2/security/')) return 'auth';
    if (path.includes('/locations')) return 'location';
    if (path.includes('/contacts')) return 'contact';
    if (path.includes('/hardwareasset')) return 'configuration';
    if (path.startsWith('/v2/crm/accounts')) return 'organization';
    if (path.startsWith('/v2/servicedesk/tickets')) return 'ticket';
    if (path.startsWith('/v2/system/') || path.startsWith('/v2/hr/')) return 'lookups';
    return 'other';
  }
  const segments = path.split('/').filter((s) => s && !s.startsWith('{'));
  const relationship = segments.indexOf('relationships');
  const resource = relationship >= 0 ? segments[relationship + 1] : segments[0];
  switch (resource) {
    case 'organizations':
      return 'organization';
    case 'locations':
      return 'location';
    case 'contacts':
      return 'contact';
    case 'configurations':
    case 'configuration_interfaces':
      return 'configuration';
    // In the benchmark flexible assets are BMS Ticket assets, and passwords and documents what
    // suggestions choose from: the ticket features' calls.
    case 'flexible_assets':
    case 'flexible_asset_types':
    case 'flexible_asset_fields':
    case 'passwords':
    case 'documents':
      return 'ticket';
    case undefined:
    case '(unknown)':
      return 'other';
    default:
      // configuration_types, manufacturers, models, operating_systems, platforms, countries, …
      return 'lookups';
  }
}

export interface ApiCallSummary {
  /** calls[group][system] */
  calls: Record<ApiGroup, Record<System, number>>;
  total: Record<System, number>;
  writes: Record<System, number>;
  /** Write routes with their counts (to explain an unexpected write). */
  writeRoutes: { system: System; route: string; count: number }[];
  routes: Record<System, Record<string, number>>;
}

export function summarizeApiCalls(counters: Record<System, { routes: Record<string, number> }>): ApiCallSummary {
  const calls = Object.fromEntries(API_GROUPS.map((g) => [g, { bms: 0, itglue: 0 }])) as Record<ApiGroup, Record<System, number>>;
  const total = { bms: 0, itglue: 0 };
  const writes = { bms: 0, itglue: 0 };
  const writeRoutes: ApiCallSummary['writeRoutes'] = [];
  for (const system of ['bms', 'itglue'] as const) {
    for (const [route, count] of Object.entries(counters[system].routes)) {
      calls[groupOf(system, route)][system] += count;
      total[system] += count;
      if (isWrite(route)) {
        writes[system] += count;
        writeRoutes.push({ system, route, count });
      }
    }
  }
  writeRoutes.sort((a, b) => b.count - a.count);
  return { calls, total, writes, writeRoutes, routes: { bms: counters.bms.routes, itglue: counters.itglue.routes } };
}
