/**
 * Lookup lists (bms-api.md §3.9): account types, generic tables, employees and assignees, and
 * what tickets reference (statuses, priorities, queues, issue and sub-issue types).
 */
import type { Router, SimRequest } from '../../common/router.js';
import { SimError } from '../../common/simulator.js';
import type { Employee } from '../store.js';
import { contains, idParam, ok } from '../wire.js';
import { listFromQuery, notFoundError, type RouteContext } from './context.js';

const int0 = (v: unknown): number => (typeof v === 'number' ? v : 0);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function registerLookupRoutes(router: Router, ctx: RouteContext): void {
  const { store } = ctx;
  const rowsOf = (table: string) => [...(store.lookupTable(table)?.rows.values() ?? [])].sort((a, b) => a.id - b.id);

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

  router.get('/v2/system/queues/lookup', () => ok(rowsOf('Queue').map((q) => ({ id: q.id, name: q.name, isActive: q.isActive }))));

  router.get('/v2/system/issuetypes/lookup', (req) =>
    listFromQuery(ctx, req, {
      withTotal: false,
      select: (f) => {
        const name = f.text('Name');
        return rowsOf('IssueType').filter((t) => contains(t.name, name));
      },
      toDto: (t) => ({ id: t.id, name: t.name, isActive: t.isActive }),
    }),
  );

  router.get('/v2/system/issuetypes/{issueTypeId}/issuesubtypes/lookup', (req) => {
    const issueTypeId = idParam(req, 'issueTypeId');
    if (!store.lookupRow('IssueType', issueTypeId)) throw notFoundError('Issue type', issueTypeId);
    return ok(rowsOf('IssueSubType').filter((s) => s.issueTypeId === issueTypeId).map((s) => ({ id: s.id, name: s.name })));
  });

  // ASSUMPTION (bms-api.md §3.9): assignees are the employees; every employee may take tickets of
  // every account, so AccountId (which must name an account) does not narrow the list.
  router.get('/v2/hr/assignees/lookup', (req) =>
    listFromQuery(ctx, req, {
      withTotal: false,
      select: (f) => {
        const ids = f.intList('Ids');
        const excluded = f.intList('ExcludedIds');
        const name = f.text('Name');
        const accountId = f.int('AccountId');
        if (accountId !== undefined && !store.accounts.has(accountId)) throw notFoundError('Account', accountId);
        return [...store.employees.values()]
          .filter((e) => (ids === undefined || ids.includes(e.id)) && !excluded?.includes(e.id) && contains(e.fullName, name))
          .sort((a, b) => a.id - b.id);
      },
      toDto: (e) => ({
        id: e.id,
        name: e.fullName,
        url: null,
        emailAddress: e.emailAddress ?? null,
        jobTitle: strOrNull(e.jobTitle),
        pictureName: null,
        pictureURL: null,
      }),
    }),
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
