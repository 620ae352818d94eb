/**
 * Small helpers shared by the generator: id counters, timestamps relative to the fixed `now`,
 * and text folding for e-mail addresses and codes. Deterministic: no clock, no Math.random.
 */
import type { Rng } from '../random.js';

export const DAY = 86_400_000;
export const YEAR = 365 * DAY;

/** Sequential ids per kind, starting at realistic-looking bases. */
export class IdSequence<K extends string> {
  private readonly next: Record<K, number>;

  constructor(bases: Record<K, number>) {
    this.next = { ...bases };
  }

  take(kind: K): number {
    const id = this.next[kind];
    this.next[kind] = id + 1;
    return id;
  }
}

/** A whole-second instant between `from` and `to` (both epoch ms; `to` wins when they cross). */
export function between(rng: Rng, from: number, to: number): number {
  const lo = Math.min(from, to);
  const ms = lo + Math.floor(rng.next() * (to - lo));
  return Math.floor(ms / 1000) * 1000;
}

/** BMS wire form: server-local (UTC) time without a zone, as `2024-05-02T08:01:00`. */
export function bmsTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** A BMS date field: midnight, no zone (`2023-01-10T00:00:00`). */
export function bmsDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 10)}T00:00:00`;
}

/** IT Glue form: `2016-09-14T17:02:44.000Z`. */
export function itgTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

/** `YYYY-MM-DD`. */
export function dateOnly(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Parses a BMS or IT Glue timestamp back to epoch ms (BMS times without a zone are UTC). */
export function timeMs(value: string): number {
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`);
}

/** Latin letters without diacritics: "Sofía Müller" → "Sofia Mueller". */
export function fold(text: string): string {
  return text
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Lower-case letters and digits only: "O'Brien-Hart" → "obrienhart". */
export function slug(text: string): string {
  return fold(text).toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Upper-case letters only, for account codes and asset-name prefixes. */
export function letters(text: string): string {
  return fold(text).toUpperCase().replace(/[^A-Z]/g, '');
}

/** The comparison key of the matching rules (trim, collapse whitespace, case-insensitive). */
export function nameKey(...parts: (string | null | undefined)[]): string {
  return parts.map((p) => (p ?? '').replace(/\s+/g, ' ').trim().toLowerCase()).join('\u0000');
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `k` distinct items in random order (all of them when there are fewer). */
export function sample<T>(rng: Rng, items: readonly T[], k: number): T[] {
  return rng.shuffle([...items]).slice(0, Math.max(0, k));
}
