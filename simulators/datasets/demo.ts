/**
 * The dataset the local stack loads into both simulators: 25 accounts with the default seed and
 * `now`, so every demo shows the same companies, devices and tricky cases.
 */
import type { Dataset } from './format.js';
import { generateDataset } from './generate.js';

export const DEMO_OPTIONS = { seed: 1, accounts: 25 } as const;

/** A fresh copy each call (callers may load and mutate it). */
export function demoDataset(): Dataset {
  return generateDataset(DEMO_OPTIONS).dataset;
}
