/** Lookup lists (bms-api.md §3.9): account types, generic tables, employees, ticket statuses and priorities. */
import type { Router, SimRequest } from '../../common/router.js';
import { SimError } from '../../common/simulator.js';
import type { Employee } from '../store.js';
import { contains, ok } from '../wire.js';
import { listFromQuery, type RouteContext } from './context.js';

const int0 = (v: unknown): number => (typeof v === 'number' ? v : 0);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function registerLookupRoutes(router: Router, ctx: RouteContext): void {
  const { store } = ctx;

  router.get('/v2/system/accounttypes/lookup', () =>
    ok([...store.accountTypes.values()].map((t) => ({ id: t.id, name: t.name, isActive: t.isActive, isClient: t.isClient, isVendor: t.isVendor }))),
  );

  // ASSUMPTION (bms-api.md §3.9): table names are matched case-insensitively; both generic
  // endpoints serve the same tables; an unknown table is a 404.
  const table = (req: SimRequest) => {
    const name = req.params.tableName ?? '';
    const found = store.lookupTable(name);
    if (!found) throw new SimError(404, `Lookup table '${name}' was not found.`);
    return [...found.rows.values()];
  };
  router.get('/v2/system/lookup/{tableName}', (req) =>
    ok(table(req).map((r) => ({ id: r.id, name: r.name, isDefault: r.isDefault, isActive: r.isActive }))),
  );
  router.get('/v2/system/tenantlookup/{tableName}', (req) =>
    ok(table(req).map((r) => ({ id: r.id, name: r.name, isActive: r.isActive, isDefault: r.isDefault }))),
  );

  router.get('/v2/hr/employees/lookup', (req) =>
    listFromQuery(ctx, req, {
      withTotal: false,
      select: (f) => {
        const ids = f.intList('Ids');
        const name = f.text('Name');
        return [...store.employees.values()]
          .filter((e: Employee) => (ids === undefined || ids.includes(e.id)) && contains(e.fullName, name))
          .sort((a, b) => a.id - b.id);
      },
      toDto: (e) => ({ id: e.id, name: e.fullName }),
    }),
  );

  router.get('/v2/system/statuses/lookup', () =>
    ok(
      [...(store.lookupTable('TicketStatus')?.rows.values() ?? [])].map((s) => ({
        id: s.id,
        name: s.name,
        fontColor: strOrNull(s.fontColor),
        color: strOrNull(s.color),
        statusOrder: int0(s.statusOrder),
        typeId: int0(s.typeId),
        isSystemStatus: int0(s.isSystemStatus),
        slaEventId: typeof s.slaEventId === 'number' ? s.slaEventId : null,
        isActive: s.isActive,
      })),
    ),
  );

  router.get('/v2/system/priorities/lookup', () =>
    ok(
      [...(store.lookupTable('TicketPriority')?.rows.values() ?? [])].map((p) => ({
        id: p.id,
        name: p.name,
        color: strOrNull(p.color),
        isDefault: p.isDefault,
      })),
    ),
  );
}
