/**
 * Lookup lists of both systems, loaded once per integration and process (five minutes), and the
 * `MappingContext` lookups built from them. Missing IT Glue lookups that the API lets us create
 * (types, statuses, manufacturers, models) are created under an advisory lock after re-reading by
 * name, so two workers never create the same name twice.
 */
import { BMS_LOOKUP_TABLES, type BmsClient } from '../../clients/bms/index.js';
import type { ItGlueClient } from '../../clients/itglue/index.js';
import type { Database } from '../../db/client.js';
import type { BmsLookupTable, ItgLookupTable, LookupTables } from '../../domain/mapping/fields.js';
import type { LookupNeed } from '../../entities/module.js';
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

/** A lookup list as the APIs give it: id, name and, for some IT Glue lists, their scope and ISO code. */
export type LookupList = ({ id: number | string; name?: unknown } & Record<string, unknown>)[];

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
    const bmsRows: Partial<Record<BmsLookupTable, LookupList>> = {};
    bmsRows.accountTypes = (await bms.listAccountTypes()).map((r) => ({ id: r.id, name: r.name ?? '' }));
    for (const table of BMS_LOOKUP_TABLES) bmsRows[table] = (await bms.listLookup(table)).map((r) => ({ id: r.id, name: r.name ?? '' }));
    const itgRows: Partial<Record<ItgLookupTable, LookupList>> = {};
    for (const table of ITG_TABLES) {
      itgRows[table] = (await itglue.listLookup(table)).map((r) => ({ id: Number(r.id), ...(r.attributes as Record<string, unknown>) }));
    }
    const employees = (await bms.listEmployeesPage({ pageSize: 100 })).items.map((e) => e.id);
    return Lookups.fromLists(bmsRows, itgRows, employees);
  }

  /**
   * Lookups from plain lists: BMS rows `{id, name}`, IT Glue rows as their attributes plus `id`
   * (`name`, and `manufacturer-id`, `country-id`, `platform-id`, `iso` where they have them).
   */
  static fromLists(bms: Partial<Record<BmsLookupTable, LookupList>>, itglue: Partial<Record<ItgLookupTable, LookupList>>, employeeIds: number[]): Lookups {
    const bmsTables = new Map<BmsLookupTable, Table>();
    for (const [table, rows] of Object.entries(bms) as [BmsLookupTable, LookupList][]) {
      bmsTables.set(table, new Table(rows.map((r) => ({ id: Number(r.id), name: String(r.name ?? ''), scope: null, iso: null }))));
    }
    const itgTables = new Map<ItgLookupTable, Table>();
    for (const [table, rows] of Object.entries(itglue) as [ItgLookupTable, LookupList][]) {
      itgTables.set(
        table,
        new Table(
          rows.map((a) => {
            const scope = (a['manufacturer-id'] ?? a['country-id'] ?? a['platform-id'] ?? null) as number | null;
            return { id: Number(a.id), name: String(a.name ?? ''), scope: scope === null ? null : Number(scope), iso: (a.iso as string | null) ?? null };
          }),
        ),
      );
    }
    return new Lookups(bmsTables, itgTables, [...employeeIds].sort((a, b) => a - b));
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

  /** Lookup values writes need (entities/module.ts `LookupNeed`): manufacturers before their models. */
  async ensureNeeds(database: Database, itglue: ItGlueClient, integrationId: string, needs: LookupNeed[]): Promise<void> {
    const unique = (list: { table: ItgLookupTable; name: string; scope?: number | null }[]) =>
      list.filter((w, i) => list.findIndex((o) => o.table === w.table && matchKey(o.name) === matchKey(w.name) && o.scope === w.scope) === i);
    await this.ensureItGlue(database, itglue, integrationId, unique(needs.filter((n) => n.table !== 'models')));
    const models = needs
      .filter((n) => n.table === 'models')
      .map((n) => ({ table: n.table, name: n.name, scope: this.itgTable('manufacturers').find(n.manufacturer ?? null)?.id ?? null }));
    await this.ensureItGlue(database, itglue, integrationId, unique(models));
  }

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
