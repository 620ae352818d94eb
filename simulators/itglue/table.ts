/**
 * One in-memory collection: rows by id, exact-value indexes on foreign keys (records by
 * organization, interfaces by configuration, …) and a small cache of filtered-and-sorted id lists
 * so paging through 100,000 records does not re-sort on every page.
 */

/** A stored record: kebab-case attributes as the API writes them, plus the numeric id. */
export type Row = { id: number } & Record<string, unknown>;

const CACHE_ENTRIES = 16;

export class Table {
  readonly rows = new Map<number, Row>();
  private nextId = 1;
  /** Bumped on every change; list caches compare it. */
  version = 0;
  private readonly indexes = new Map<string, Map<unknown, Set<number>>>();
  private readonly listCache = new Map<string, { stamp: string; ids: number[] }>();

  constructor(
    readonly name: string,
    indexedKeys: string[] = [],
  ) {
    for (const key of indexedKeys) this.indexes.set(key, new Map());
  }

  get size(): number {
    return this.rows.size;
  }

  get(id: number): Row | undefined {
    return this.rows.get(id);
  }

  allocateId(): number {
    return this.nextId++;
  }

  isIndexed(key: string): boolean {
    return this.indexes.has(key);
  }

  /** Ids whose `key` equals `value` (indexed keys only). */
  idsWhere(key: string, value: unknown): ReadonlySet<number> {
    return this.indexes.get(key)?.get(value) ?? EMPTY;
  }

  rowsWhere(key: string, value: unknown): Row[] {
    return [...this.idsWhere(key, value)].sort((a, b) => a - b).map((id) => this.rows.get(id)!);
  }

  insert(row: Row): void {
    this.rows.set(row.id, row);
    if (row.id >= this.nextId) this.nextId = row.id + 1;
    for (const [key, index] of this.indexes) addTo(index, row[key], row.id);
    this.version++;
  }

  /** Applies changed values in place, keeping the indexes right. */
  update(row: Row, changes: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(changes)) {
      const index = this.indexes.get(key);
      if (index && row[key] !== value) {
        removeFrom(index, row[key], row.id);
        addTo(index, value, row.id);
      }
      row[key] = value;
    }
    this.version++;
  }

  delete(id: number): Row | undefined {
    const row = this.rows.get(id);
    if (!row) return undefined;
    this.rows.delete(id);
    for (const [key, index] of this.indexes) removeFrom(index, row[key], id);
    this.version++;
    return row;
  }

  clear(): void {
    this.rows.clear();
    for (const index of this.indexes.values()) index.clear();
    this.listCache.clear();
    this.nextId = 1;
    this.version++;
  }

  /** A cached id list, valid while `stamp` (versions of every table it depends on) is unchanged. */
  cached(key: string, stamp: string, compute: () => number[]): number[] {
    const hit = this.listCache.get(key);
    if (hit && hit.stamp === stamp) {
      // Refresh its position so the least recently used entry is evicted first.
      this.listCache.delete(key);
      this.listCache.set(key, hit);
      return hit.ids;
    }
    const ids = compute();
    this.listCache.set(key, { stamp, ids });
    if (this.listCache.size > CACHE_ENTRIES) this.listCache.delete(this.listCache.keys().next().value!);
    return ids;
  }
}

const EMPTY: ReadonlySet<number> = new Set();

function addTo(index: Map<unknown, Set<number>>, value: unknown, id: number): void {
  if (value === null || value === undefined) return;
  let set = index.get(value);
  if (!set) index.set(value, (set = new Set()));
  set.add(id);
}

function removeFrom(index: Map<unknown, Set<number>>, value: unknown, id: number): void {
  const set = index.get(value);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(value);
}
