/**
 * Per-integration sync settings (SPEC §4), validated with zod wherever they enter: the CLI,
 * the database, and workflow inputs that carry overrides.
 */
import { z } from 'zod';
import { CONFLICT_POLICIES } from './entities.js';
import { matchKey } from './normalize.js';

export const REGIONS = ['US', 'EMEA', 'APAC'] as const;
export type Region = (typeof REGIONS)[number];

/** BMS runs its nightly jobs after midnight in the time zone of the tenant's data centre. */
export const REGION_TIME_ZONES: Record<Region, string> = {
  US: 'America/New_York',
  EMEA: 'Europe/London',
  APAC: 'Australia/Sydney',
};

const RECORD_STATUSES = ['active', 'inactive'] as const;

/** Runs that end through the run bookkeeping (and so can be notified). */
export const NOTIFIED_RUN_KINDS = ['full', 'incremental', 'push', 'preview', 'record'] as const;

const DURATION = /^(\d+)(s|m|h|d)$/;
const durationText = z.string().regex(DURATION, 'must be a duration such as 30s, 15m, 1h or 1d');
/** zod runs every check, so a minimum must not parse what the regex refused. */
const atLeast = (minMs: number) => (v: string) => !DURATION.test(v) || durationToMs(v) >= minMs;

/** `90s`, `15m`, `1h`, `1d` */
export const durationSchema = durationText.refine(atLeast(10_000), 'must be at least 10s');

/**
 * The two-way push poll's interval. An idle poll lists the IT Glue records of each entity that pushes
 * newest first: one call per entity (PUSH_POLL_CALLS, counted by the benchmark, scripts/bench/latency.ts) of IT Glue's
 * 3,000 calls per 5 minutes per account; besides, a worker reloads the IT Glue lookup tables
 * (11 calls) every 5 minutes. Every 10 s that is 120 + 11 calls per 5 minutes, about 4 % of the
 * budget, for a two-way latency of about 10 s at worst; the minimum keeps idle polls under 10 %.
 */
export const PUSH_POLL_DEFAULT = '10s';
export const PUSH_POLL_MINIMUM_SECONDS = 5;
/** One list call per entity whose module pushes (entities/*.ts `push`); a unit test holds it to the registry. */
export const PUSH_POLL_CALLS = 4;
const pushPollCallsPer5Minutes = (seconds: number) => (PUSH_POLL_CALLS * 300) / seconds;
export const pushPollEverySchema = durationText.refine(
  atLeast(PUSH_POLL_MINIMUM_SECONDS * 1000),
  `must be at least ${PUSH_POLL_MINIMUM_SECONDS}s: each push poll costs ${PUSH_POLL_CALLS} IT Glue calls (one per two-way entity) of the 3,000 IT Glue allows per 5 minutes, ` +
    `so polling faster would spend over ${Math.round((pushPollCallsPer5Minutes(PUSH_POLL_MINIMUM_SECONDS) / 3000) * 100)} % of that budget on polls alone`,
);

export function durationToMs(duration: string): number {
  const m = DURATION.exec(duration);
  if (!m) throw new Error(`invalid duration "${duration}"`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

const nameList = z.array(z.string().trim().min(1)).default([]);

export const integrationSettingsSchema = z
  .object({
    /** BMS account types (by name) whose accounts sync; combined with `accountStatuses`. */
    accountTypes: nameList,
    accountStatuses: z.array(z.enum(RECORD_STATUSES)).default(['active']),
    /** BMS hardware-asset categories (by name) that sync; combined with `assetStatuses`. */
    assetCategories: nameList,
    assetStatuses: z.array(z.enum(RECORD_STATUSES)).default(['active']),
    contactsEnabled: z.boolean().default(true),
    ticketsEnabled: z.boolean().default(false),
    /** BMS tickets as IT Glue flexible assets, suggested documentation and checklists (README "Tickets"). */
    tickets: z
      .object({
        /** The first run (and every full reconcile) takes open tickets and those completed in the last this many days. */
        historyDays: z.number().int().min(0).max(3650).default(90),
        /**
         * Suggest IT Glue documents too, not only passwords. IT Glue's document list is not in the
         * current API reference (simulators/itglue/ASSUMPTIONS.md): a key may be refused it.
         */
        suggestDocuments: z.boolean().default(false),
      })
      .strict()
      .default({ historyDays: 90, suggestDocuments: false }),
    twoWay: z.boolean().default(false),
    conflictPolicy: z.enum(CONFLICT_POLICIES).default('bms-wins'),
    autoCreate: z
      .object({
        organizations: z.boolean().default(true),
        locations: z.boolean().default(true),
        contacts: z.boolean().default(true),
        configurations: z.boolean().default(true),
      })
      .strict()
      .default({ organizations: true, locations: true, contacts: true, configurations: true }),
    microsoftContacts: z
      .object({
        autoPush: z.boolean().default(false),
        /** BMS e-mail type and phone type names applied to pushed Microsoft 365 contacts. */
        emailType: z.string().trim().min(1).nullable().default(null),
        phoneType: z.string().trim().min(1).nullable().default(null),
      })
      .strict()
      .default({ autoPush: false, emailType: null, phoneType: null }),
    /**
     * Contacts Network Glue created from Active Directory: pushed to BMS without an edit, with
     * these BMS e-mail and phone types. Choosing none (both null, the default) means they are not
     * auto-pushed; choosing only one is refused.
     */
    activeDirectoryContacts: z
      .object({
        emailType: z.string().trim().min(1).nullable().default(null),
        phoneType: z.string().trim().min(1).nullable().default(null),
      })
      .strict()
      .refine((v) => (v.emailType === null) === (v.phoneType === null), {
        message: 'choose both an e-mail type and a phone type, or neither (then Active Directory contacts are not auto-pushed)',
      })
      .default({ emailType: null, phoneType: null }),
    /** Identities allowed to approve a Push All. */
    approvers: nameList,
    region: z.enum(REGIONS).default('US'),
    schedule: z
      .object({
        /** How often the regular (incremental) sync runs. */
        syncEvery: durationSchema.default('1h'),
        /** Every Nth scheduled run is a full reconcile that also catches deletions. */
        fullReconcileEvery: z.number().int().min(1).default(24),
        /** How often IT Glue is polled for edits to push (two-way only); see `pushPollEverySchema`. */
        pushPollEvery: pushPollEverySchema.default(PUSH_POLL_DEFAULT),
        /**
         * Hardware assets have no modified-on filter and their list rows omit most fields: a full
         * reconcile re-reads in full this many assets whose row did not change, least recently
         * read first, so edits outside the list row arrive within (assets ÷ this) full runs
         * without spending the whole BMS hourly budget on one run.
         */
        assetRefreshPerRun: z.number().int().min(0).max(1_000_000).default(1000),
      })
      .strict()
      .default({ syncEvery: '1h', fullReconcileEvery: 24, pushPollEvery: PUSH_POLL_DEFAULT, assetRefreshPerRun: 1000 }),
    /** Values BMS requires on create that IT Glue does not have. */
    bmsDefaults: z
      .object({
        businessTypeName: z.string().trim().min(1).nullable().default(null),
        accountManagerId: z.number().int().positive().nullable().default(null),
        emailTypeName: z.string().trim().min(1).default('Work'),
        phoneTypeName: z.string().trim().min(1).default('Work'),
      })
      .strict()
      .default({ businessTypeName: null, accountManagerId: null, emailTypeName: 'Work', phoneTypeName: 'Work' }),
    /**
     * Lets the engine call BMS routes the official v2 document lacks (adding or editing a location
     * of an existing account; reading and updating a recurring service line). Off, a location
     * write v2 cannot do is held with what to do in BMS, and billing adds documented service lines.
     */
    undocumentedBmsRoutes: z.boolean().default(false),
    /**
     * The web apps' base URLs for links to records (report, `sync explain`); null: derived
     * (domain/web-urls.ts): BMS from its API host, IT Glue from the `resource-url` it returns.
     */
    webUrls: z
      .object({
        bms: z.url({ protocol: /^https?$/ }).nullable().default(null),
        itglue: z.url({ protocol: /^https?$/ }).nullable().default(null),
      })
      .strict()
      .default({ bms: null, itglue: null }),
    /** Called with a JSON summary when a run ends (optional). */
    webhookUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
    /** Sent an e-mail when a run of the kinds below ends (SMTP server: the `SMTP_*` environment). */
    notificationEmails: z.array(z.email()).default([]),
    /**
     * Which runs the e-mail is for: by default the syncs (full and incremental), not the two-way
     * push polls (every minute), previews or single-record syncs.
     */
    notificationEmailRuns: z
      .array(z.enum(NOTIFIED_RUN_KINDS))
      .min(1)
      .default(['full', 'incremental']),
  })
  .strict();

export type IntegrationSettings = z.infer<typeof integrationSettingsSchema>;
export type IntegrationSettingsInput = z.input<typeof integrationSettingsSchema>;

export const defaultSettings = (): IntegrationSettings => integrationSettingsSchema.parse({});

/** Integration ids appear in workflow ids and schedule ids, so keep them short and plain. */
export const integrationIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit');

/**
 * How a settings change widens what syncs (README "Sync settings"): account types and statuses,
 * asset categories and statuses added, contact or ticket sync switched on, two-way switched on,
 * auto-create switched on, contacts newly auto-pushed. Each item says what widened; an empty list
 * means the change syncs nothing new (the vendor's "Save queues a sync" matters only then).
 * Names compare like the sync compares them: trimmed, case-insensitive.
 */
export function settingsWidening(before: IntegrationSettings, after: IntegrationSettings): string[] {
  const widened: string[] = [];
  const added = (label: string, from: readonly string[], to: readonly string[]) => {
    const known = new Set(from.map(matchKey));
    const extra = to.filter((name) => !known.has(matchKey(name)));
    if (extra.length) widened.push(`${label} added: ${extra.join(', ')}`);
  };
  const switchedOn = (label: string, from: boolean, to: boolean) => {
    if (!from && to) widened.push(`${label} switched on`);
  };
  added('account types', before.accountTypes, after.accountTypes);
  added('account statuses', before.accountStatuses, after.accountStatuses);
  added('asset categories', before.assetCategories, after.assetCategories);
  added('asset statuses', before.assetStatuses, after.assetStatuses);
  switchedOn('contact sync', before.contactsEnabled, after.contactsEnabled);
  switchedOn('ticket integration', before.ticketsEnabled, after.ticketsEnabled);
  switchedOn('two-way sync', before.twoWay, after.twoWay);
  for (const entity of Object.keys(after.autoCreate) as (keyof IntegrationSettings['autoCreate'])[]) {
    switchedOn(`auto-create of ${entity}`, before.autoCreate[entity], after.autoCreate[entity]);
  }
  switchedOn('auto-push of Microsoft 365 contacts', before.microsoftContacts.autoPush, after.microsoftContacts.autoPush);
  switchedOn('auto-push of Active Directory contacts', before.activeDirectoryContacts.emailType !== null, after.activeDirectoryContacts.emailType !== null);
  return widened;
}
