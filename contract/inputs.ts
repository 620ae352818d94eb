/**
 * Workflow inputs: small JSON an operator can type into the Web UI's "Start workflow" form.
 * Each workflow validates its input first and fails at once, naming every bad field.
 * The CLI validates with the same schemas before starting anything (without loading Temporal's
 * modules: a workflow's own check, which fails it, is in contract/parse-input.ts).
 */
import { z } from 'zod';
import { ENTITIES } from '../domain/entities.js';
import { parseCalendarDate } from '../domain/normalize.js';
import { integrationIdSchema } from '../domain/settings.js';

const entity = z.enum(ENTITIES);
const actor = z.string().trim().min(1).max(200);

export const fullSyncInputSchema = z
  .object({
    integrationId: integrationIdSchema,
    /** `incremental` reads what changed since the last run; `full` re-reads everything and catches deletions. */
    mode: z.enum(['incremental', 'full']).default('incremental'),
    trigger: z.enum(['manual', 'schedule']).default('manual'),
    /**
     * Full mode only: read every BMS hardware asset in full (one call per asset), not just the
     * changed ones and the least recently read. Under BMS's hourly limit this takes long.
     */
    rereadAllAssets: z.boolean().default(false),
  })
  .strict();
export type FullSyncInput = z.input<typeof fullSyncInputSchema>;

export const pushInputSchema = z.object({ integrationId: integrationIdSchema }).strict();
export type PushInput = z.input<typeof pushInputSchema>;

export const scheduledSyncInputSchema = z.object({ integrationId: integrationIdSchema }).strict();
export type ScheduledSyncInput = z.input<typeof scheduledSyncInputSchema>;

export const reportInputSchema = z.object({ integrationId: integrationIdSchema }).strict();
export type ReportInput = z.input<typeof reportInputSchema>;

export const smokeInputSchema = z.object({ integrationId: integrationIdSchema }).strict();
export type SmokeInput = z.input<typeof smokeInputSchema>;

export const previewInputSchema = z
  .object({
    integrationId: integrationIdSchema,
    /** Entities to preview (default: all). */
    entities: z.array(entity).min(1).optional(),
    /** The kind of run to preview: `incremental` (what changed since the last run) or `full` (every record). */
    mode: z.enum(['incremental', 'full']).default('incremental'),
  })
  .strict();
export type PreviewInput = z.input<typeof previewInputSchema>;

/** Create Unmatched: every BMS record of an entity listed `unmatched` (auto-create off) is matched or created now. */
export const createUnmatchedInputSchema = z
  .object({
    integrationId: integrationIdSchema,
    entity,
    requestedBy: actor.optional(),
  })
  .strict();
export type CreateUnmatchedInput = z.input<typeof createUnmatchedInputSchema>;

export const RECORD_ACTIONS = ['sync', 'enable', 'disable', 'reconnect', 'delete-orphan'] as const;

export const recordSyncInputSchema = z
  .object({
    integrationId: integrationIdSchema,
    entity,
    /** Address the record by its BMS id or by its IT Glue id (exactly one). */
    bmsId: z.string().regex(/^\d+$/, 'must be a numeric id').optional(),
    itglueId: z.string().regex(/^\d+$/, 'must be a numeric id').optional(),
    action: z.enum(RECORD_ACTIONS).default('sync'),
    requestedBy: actor.optional(),
  })
  .strict()
  .refine((v) => (v.bmsId === undefined) !== (v.itglueId === undefined), {
    message: 'give exactly one of bmsId or itglueId',
    path: ['bmsId'],
  });
export type RecordSyncInput = z.input<typeof recordSyncInputSchema>;

export const ticketChecklistInputSchema = z
  .object({
    integrationId: integrationIdSchema,
    /** The BMS ticket (its id, not its number). */
    ticketId: z.string().regex(/^\d+$/, 'must be a numeric BMS ticket id'),
    /** The name of a "Checklist Template" flexible asset in IT Glue (the ticket's organization's first). */
    template: z.string().trim().min(1, 'must name a checklist template').max(200),
    requestedBy: actor.optional(),
  })
  .strict();
export type TicketChecklistInput = z.input<typeof ticketChecklistInputSchema>;

export const pushAllInputSchema = z
  .object({
    integrationId: integrationIdSchema,
    requestedBy: actor,
    /** How long an approval may take, e.g. `7d`, `12h`, `30m`, `45s` (default 7 days). */
    approvalTimeout: z
      .string()
      .regex(/^\d+(s|m|h|d)$/, 'must be a duration such as 45s, 30m, 12h or 7d')
      .default('7d'),
  })
  .strict();
export type PushAllInput = z.input<typeof pushAllInputSchema>;

export const approvalSchema = z
  .object({
    approver: actor,
    comment: z.string().max(1000).optional(),
  })
  .strict();
export type Approval = z.input<typeof approvalSchema>;

export const disconnectInputSchema = z
  .object({
    integrationId: integrationIdSchema,
    mode: z.enum(['keep-data', 'delete-data']),
    /** delete-data only: must repeat the integration's name exactly. */
    confirmName: z.string().optional(),
    requestedBy: actor,
  })
  .strict()
  .refine((v) => v.mode !== 'delete-data' || (v.confirmName ?? '').length > 0, {
    message: "delete-data needs confirmName: repeat the integration's name",
    path: ['confirmName'],
  });
export type DisconnectInput = z.input<typeof disconnectInputSchema>;

export const billingInputSchema = z
  .object({
    region: z.enum(['US', 'EMEA', 'APAC']),
    /** The date billed (YYYY-MM-DD). Scheduled runs take it from their scheduled start time. */
    billingDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
      .refine((v) => parseCalendarDate(v) !== null, 'is not a calendar date')
      .optional(),
    /** Bill only this integration (default: every active integration of the region). */
    integrationId: integrationIdSchema.optional(),
    /**
     * Also bill the nights missed since the last completed run (at most 7), oldest first.
     * Default: on for scheduled runs, off when `billingDate` is given (that date only).
     */
    catchUp: z.boolean().optional(),
  })
  .strict();
export type BillingInput = z.input<typeof billingInputSchema>;

/**
 * Update Units: bill now, for one rule or one client, instead of waiting for the night. Exactly
 * one of `ruleId` (`billing rule list` shows them), `bmsAccountId`, `itglueOrganizationId` (the
 * client by its synced IT Glue organization).
 */
export const updateUnitsInputSchema = z
  .object({
    integrationId: integrationIdSchema,
    ruleId: z.number().int().positive().optional(),
    bmsAccountId: z.string().regex(/^\d+$/, 'must be a numeric id').optional(),
    itglueOrganizationId: z.string().regex(/^\d+$/, 'must be a numeric id').optional(),
    requestedBy: actor.optional(),
  })
  .strict()
  .refine((v) => [v.ruleId, v.bmsAccountId, v.itglueOrganizationId].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of ruleId, bmsAccountId or itglueOrganizationId',
    path: ['ruleId'],
  });
export type UpdateUnitsInput = z.input<typeof updateUnitsInputSchema>;
