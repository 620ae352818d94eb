/**
 * Lookup lists of both systems, loaded once per integration and process (five minutes), and the
 * `MappingContext` lookups built from them. Missing IT Glue lookups that the API lets us create
 * (types, statuses, manufacturers, models) are created under an advisory lock after re-reading by
 * name, so two workers never create the same name twice.
 */
import { BMS_LOOKUP_TABLES, type BmsClient } from '../../clients/bms/index.js';
import type { ItGlueClient } from '../../clients/itglue/index.js';
import type { Database } from '../../db/client.js';
import type { BmsLookupTable, ItgLookupTable, LookupTables } from '../../domain/mapping/index.js';
import { matchKey } from '../../domain/normalize.js';

interface LookupRow {
  id: number;
  name: string;
  /** manufacturer id (models), country id (regions), platform id (operating systems). */
  scope: number | null;
  iso: string | null;
}

const ITG_TABLES: ItgLookupTable[] = [
  'organizationTypes',
  'organizationStatuses',
  'configurationTypes',
  'configurationStatuses',
  'manufacturers',
  'models',
  'operatingSystems',
  'platforms',
  'countries',
  'regions',
  'contactTypes',
];

export const CREATABLE_ITG_TABLES = new Set<ItgLookupTable>([
  'organizationTypes',
  'organizationStatuses',
  'configurationTypes',
  'configurationStatuses',
  'manufacturers',
  'models',
  'contactTypes',
]);

class Table {
  private readonly byId = new Map<number, LookupRow>();
  private readonly byName = new Map<string, LookupRow[]>();

  constructor(rows: LookupRow[]) {
    for (const row of rows) this.add(row);
  }

  add(row: LookupRow): void {
    this.byId.set(row.id, row);
    const key = matchKey(row.name);
    this.byName.set(key, [...(this.byName.get(key) ?? []), row]);
  }

  name(id: unknown): string | null {
    const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : null;
    return n === null ? null : (this.byId.get(n)?.name ?? null);
  }

  find(name: string | null, scope?: number | null): LookupRow | null {
    if (!name) return null;
    const rows = this.byName.get(matchKey(name)) ?? [];
    const scoped = scope == null ? rows : rows.filter((r) => r.scope === scope);
    return scoped.sort((a, b) => a.id - b.id)[0] ?? null;
  }

  findByIso(iso: string | null, scope?: number | null): LookupRow | null {
    if (!iso) return null;
    const wanted = iso.trim().toUpperCase();
    for (const row of this.byId.values()) {
      if (row.iso?.toUpperCase() === wanted && (scope == null || row.scope === scope)) return row;
    }
    return null;
  }
}

export class Lookups {
  private constructor(
    private readonly bmsTables: Map<BmsLookupTable, Table>,
    private readonly itgTables: Map<ItgLookupTable, Table>,
    /** BMS employees (account managers), lowest id first. */
    readonly bmsEmployeeIds: number[],
  ) {}

  static async load(bms: BmsClient, itglue: ItGlueClient): Promise<Lookups> {
    const bmsTables = new Map<BmsLookupTable, Table>();
    const accountTypes = await bms.listAccountTypes();
    bmsTables.set('accountTypes', new Table(accountTypes.map((r) => ({ id: r.id, name: r.name ?? '', scope: null, iso: null }))));
    for (const table of BMS_LOOKUP_TABLES) {
      const rows = await bms.listLookup(table);
      bmsTables.set(table, new Table(rows.map((r) => ({ id: r.id, name: r.name ?? '', scope: null, iso: null }))));
    }
    const itgTables = new Map<ItgLookupTable, Table>();
    for (const table of ITG_TABLES) {
      const rows = await itglue.listLookup(table);
      itgTables.set(
        table,
        new Table(
          rows.map((r) => {
            const a = r.attributes as Record<string, unknown>;
            const scope = (a['manufacturer-id'] ?? a['country-id'] ?? a['platform-id'] ?? null) as number | null;
            return { id: Number(r.id), name: String(a.name ?? ''), scope, iso: (a.iso as string | null) ?? null };
          }),
        ),
      );
    }
    const employees = (await bms.listEmployeesPage({ pageSize: 100 })).items.map((e) => e.id).sort((a, b) => a - b);
    return new Lookups(bmsTables, itgTables, employees);
  }

  private bmsTable(table: BmsLookupTable): Table {
    return this.bmsTables.get(table) ?? new Table([]);
  }

  private itgTable(table: ItgLookupTable): Table {
    return this.itgTables.get(table) ?? new Table([]);
  }

  readonly bms: LookupTables<BmsLookupTable> = {
    nameOf: (table, id) => this.bmsTable(table).name(id),
    idOf: (table, name) => this.bmsTable(table).find(name)?.id ?? null,
  };

  readonly itglue = {
    nameOf: (table: ItgLookupTable, id: unknown) => this.itgTable(table).name(id),
    idOf: (table: ItgLookupTable, name: string | null, scope?: number | null) => this.itgTable(table).find(name, scope)?.id ?? null,
    countryId: (text: string | null) => {
      const countries = this.itgTable('countries');
      return (countries.find(text) ?? countries.findByIso(text))?.id ?? null;
    },
    regionId: (countryId: number | null, text: string | null) => {
      const regions = this.itgTable('regions');
      if (!text) return null;
      return (regions.find(text, countryId) ?? regions.findByIso(text, countryId))?.id ?? null;
    },
  };

  /** The ids of IT Glue lookups by name, creating creatable ones that are missing. */
  async ensureItGlue(
    database: Database,
    itglue: ItGlueClient,
    integrationId: string,
    wanted: { table: ItgLookupTable; name: string; scope?: number | null }[],
  ): Promise<void> {
    for (const { table, name, scope } of wanted) {
      if (!CREATABLE_ITG_TABLES.has(table) || this.itgTable(table).find(name, scope)) continue;
      await database.sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext(${`${integrationId}:itglue-lookup:${table}:${matchKey(name)}`}))`;
        // Models document no name filter: read the manufacturer's models (or all) and compare here.
        const existing =
          table === 'models'
            ? scope == null
              ? await itglue.listLookup('models')
              : await itglue.listModelsOfManufacturer(scope)
            : await itglue.findLookupByName(table as 'organizationTypes', name);
        const found = existing.find(
          (r) => matchKey((r.attributes as Record<string, unknown>).name) === matchKey(name) && (scope == null || (r.attributes as Record<string, unknown>)['manufacturer-id'] === scope),
        );
        const row =
          found ??
          (await itglue.createLookup(table as 'organizationTypes', {
            name,
            ...(table === 'models' ? { 'manufacturer-id': scope ?? null } : {}),
          }));
        this.itgTable(table).add({ id: Number(row.id), name, scope: scope ?? null, iso: null });
      });
    }
  }
}
