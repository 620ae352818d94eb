/** The billing workflow's progress query, shared by the workflow and its callers (CLI, tests). */
import { defineQuery } from '@temporalio/workflow';

export const BILLING_COUNT_KEYS = [
  'billed',
  'unchanged',
  'alreadyBilled',
  'laterDateBilled',
  'pushed',
  'pushInDoubt',
  'notSynced',
  'ignoredValues',
  'fractionalUnits',
  'errors',
] as const;
export type BillingCountKey = (typeof BILLING_COUNT_KEYS)[number];
export type BillingCounts = Partial<Record<BillingCountKey, number>>;

export interface BillingProgress {
  region: string;
  /** `*` for the whole region, or the one integration billed. */
  scope: string;
  /** The date this run was started for. */
  billingDate: string | null;
  /** Where the date came from: the input, or the schedule's scheduled start time. */
  dateSource: 'input' | 'schedule' | null;
  /** Every night this run bills, oldest first (missed nights, then the billing date). */
  nights: string[];
  /** The night and integration being billed now. */
  night: string | null;
  integrationId: string | null;
  phase: 'starting' | 'billing' | 'completed' | 'failed';
  /** Totals over every night and integration so far. */
  counts: BillingCounts;
  integrationsBilled: number;
  failedIntegrations: { night: string; integrationId: string; error: string }[];
  continuedAsNew: number;
}

export const billingProgressQuery = defineQuery<BillingProgress>('progress');
