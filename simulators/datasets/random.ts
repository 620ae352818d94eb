/**
 * Deterministic randomness for the dataset generator: a mulberry32 PRNG plus the helpers the
 * generator needs. Never uses Math.random or the clock, so one seed always gives one dataset.
 *
 * Independent streams: `Rng.stream(seed, label)` derives a separate generator per section
 * (accounts, contacts, assets, …), so changing how many tickets are drawn does not reshuffle
 * every asset that comes after them.
 */

/** FNV-1a over the label, mixed with the seed: a 32-bit stream seed. */
function streamSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < label.length; i += 1) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // splitmix-style finaliser so nearby seeds give unrelated streams.
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static stream(seed: number, label: string): Rng {
    return new Rng(streamSeed(seed, label));
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight; `weights[i]` belongs to `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i += 1) {
      r -= weights[i] ?? 0;
      if (r < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** Picks from `[value, weight]` pairs. */
  choose<T>(pairs: readonly (readonly [T, number])[]): T {
    return this.weighted(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    );
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** Roughly log-normal positive weight around 1 (for uneven distributions of children). */
  skewed(spread = 0.8): number {
    // Sum of three uniforms ≈ normal; exp gives a long right tail.
    const n = (this.next() + this.next() + this.next() - 1.5) * 2;
    return Math.exp(n * spread);
  }

  hex(length: number, upper = false): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += Math.floor(this.next() * 16).toString(16);
    return upper ? out.toUpperCase() : out;
  }

  /** Upper-case letters and digits. */
  alnum(length: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += String(Math.floor(this.next() * 10));
    return out;
  }

  /** A random version-4 style GUID (lower case), as Microsoft 365 object ids look. */
  guid(): string {
    const variant = '89ab'[Math.floor(this.next() * 4)] as string;
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}

/**
 * Splits `total` into `weights.length` non-negative integers proportional to the weights, each at
 * least `min`, summing exactly to `total` (largest-remainder rounding, deterministic).
 */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const base = Math.min(min, Math.floor(total / n));
  const rest = total - base * n;
  let sum = 0;
  for (const w of weights) sum += w;
  const exact = weights.map((w) => (sum > 0 ? (w / sum) * rest : rest / n));
  const counts = exact.map((x) => Math.floor(x));
  let assigned = counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; assigned < rest; k = (k + 1) % n) {
    counts[order[k]!.i]! += 1;
    assigned += 1;
  }
  return counts.map((c) => c + base);
}
