/**
 * Custom search attributes, so operators can find runs in the Web UI (e.g.
 * `IntegrationId = "acme" AND SyncKind = "full"`). They hold ids and kinds only: search
 * attributes are never encrypted. The dev server registers them at start (scripts/lib/temporal.ts).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const IntegrationIdKey = defineSearchAttributeKey('IntegrationId', SearchAttributeType.KEYWORD);
export const SyncKindKey = defineSearchAttributeKey('SyncKind', SearchAttributeType.KEYWORD);
export const SyncPhaseKey = defineSearchAttributeKey('SyncPhase', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [IntegrationIdKey, SyncKindKey, SyncPhaseKey] as const;
