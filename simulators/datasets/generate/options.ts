/**
 * Options of the dataset generator: a zod schema with defaults, and the resolved form the
 * generator works from. Sizes that default to a multiple of `accounts` are resolved here, so the
 * rest of the generator only ever sees concrete numbers.
 */
import { z } from 'zod';

export const MAX_ACCOUNTS = 1_000;
export const MAX_LOCATIONS = 20_000;
export const MAX_CONTACTS = 100_000;
export const MAX_ASSETS = 100_000;
export const MAX_TICKETS = 100_000;
export const DEFAULT_NOW = '2026-11-01T00:00:00Z';

const count = (max: number) => z.number().int().min(0).max(max);

export const generateOptionsSchema = z
  .object({
    /** Seed of every random choice: one seed, one dataset. */
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    /** BMS accounts. */
    accounts: z.number().int().min(1).max(MAX_ACCOUNTS).default(25),
    /** BMS account locations in total (each account has at least its main one). Default 2 × accounts. */
    locations: count(MAX_LOCATIONS).optional(),
    /** BMS contacts in total. Default 10 × accounts. */
    contacts: count(MAX_CONTACTS).optional(),
    /** BMS hardware assets in total. Default 50 × accounts. */
    assets: count(MAX_ASSETS).optional(),
    /** BMS tickets in total (with their notes and checklist items). Default 6 × accounts. */
    tickets: count(MAX_TICKETS).optional(),
    /**
     * Share of BMS accounts that already exist in IT Glue as organizations (exactly
     * round(share × accounts)); most children of those accounts exist there too.
     */
    itglueOverlap: z.number().min(0).max(1).default(0.3),
    /** IT Glue organizations with no BMS account (besides the MSP's own). Default max(1, 8 % of accounts). */
    itglueOnlyOrganizations: count(MAX_ACCOUNTS).optional(),
    /**
     * IT Glue contacts Network Glue created from Active Directory (the `network-glue` adapter), in
     * organizations copied from BMS accounts: AD labels ("AD Email", "AD Phone"), no phone marked
     * primary, some without a phone or a location. Default 0.
     */
    activeDirectoryContacts: count(MAX_CONTACTS).default(0),
    /** Inject the deliberate tricky matching cases. */
    cases: z.boolean().default(true),
    /** The dataset's "now": every timestamp lies before it. Never the clock. */
    now: z.iso.datetime({ offset: true }).default(DEFAULT_NOW),
    /** The accepted IT Glue `x-api-key`. */
    apiKey: z.string().min(1).default('ITG.demo-key'),
    /** The BMS tenant and the user the engine logs in with. */
    bms: z
      .object({
        tenant: z.string().min(1).default('DemoMSP'),
        userName: z.string().min(1).default('api.sync'),
        password: z.string().min(1).default('demo-password'),
        userType: z.enum(['Employee', 'ApiEmployee']).default('ApiEmployee'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((o, ctx) => {
    const locations = o.locations ?? 2 * o.accounts;
    if (locations < o.accounts) {
      ctx.addIssue({
        code: 'custom',
        path: ['locations'],
        message: `must be at least the number of accounts (${o.accounts}): every account has a main location`,
      });
    }
    const assets = o.assets ?? 50 * o.accounts;
    if (assets > MAX_ASSETS) {
      ctx.addIssue({
        code: 'custom',
        path: ['assets'],
        message: `the default of 50 per account (${assets}) exceeds ${MAX_ASSETS}: give assets explicitly`,
      });
    }
  });

/** What callers pass (every field optional). */
export type GenerateOptions = z.input<typeof generateOptionsSchema>;

export interface ResolvedOptions {
  seed: number;
  accounts: number;
  locations: number;
  contacts: number;
  assets: number;
  tickets: number;
  itglueOverlap: number;
  itglueOnlyOrganizations: number;
  activeDirectoryContacts: number;
  cases: boolean;
  now: string;
  nowMs: number;
  apiKey: string;
  bms: { tenant: string; userName: string; password: string; userType: 'Employee' | 'ApiEmployee' };
}

/** Validates and fills defaults; throws an Error naming every bad field. */
export function resolveOptions(input: GenerateOptions = {}): ResolvedOptions {
  const parsed = generateOptionsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        const where = path ? `${path}.` : '';
        return issue.keys.map((k) => `${where}${k}: unknown option`).join('; ');
      }
      return `${path || '(options)'}: ${issue.message}`;
    });
    throw new Error(`invalid dataset options: ${problems.join('; ')}`);
  }
  const o = parsed.data;
  return {
    seed: o.seed,
    accounts: o.accounts,
    locations: o.locations ?? 2 * o.accounts,
    contacts: o.contacts ?? 10 * o.accounts,
    assets: o.assets ?? 50 * o.accounts,
    tickets: o.tickets ?? 6 * o.accounts,
    itglueOverlap: o.itglueOverlap,
    itglueOnlyOrganizations: o.itglueOnlyOrganizations ?? Math.max(1, Math.round(o.accounts * 0.08)),
    activeDirectoryContacts: o.activeDirectoryContacts,
    cases: o.cases,
    now: o.now,
    nowMs: Date.parse(o.now),
    apiKey: o.apiKey,
    bms: o.bms,
  };
}
