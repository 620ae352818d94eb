/**
 * Ticket rules (ticket settings and checklist rules), what the engine suggested for each ticket
 * and its note in BMS, the checklists it applied, and the IT Glue documentation suggestions are
 * chosen from (SPEC §13). Every rule is validated by domain/tickets/conditions.ts before it is
 * stored and again when read, so a rule edited in the database by hand fails with a clear message.
 */
import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import {
  checklistRuleSchema,
  DefinitionError,
  parseDefinition,
  ticketSettingSchema,
  type ChecklistRuleDefinition,
  type TicketSettingDefinition,
} from '../domain/tickets/conditions.js';
import { matchKey } from '../domain/normalize.js';
import type { DocumentationItem, Suggestion } from '../domain/tickets/suggestions.js';
import type { Db } from './client.js';
import { itglueDocumentation, mirrors, ticketChecklists, ticketRules, ticketSuggestions, type SuggestionNoteState, type TicketRuleKind } from './schema.js';

export type TicketRuleRow = typeof ticketRules.$inferSelect;

/** The definitions of each kind of rule, as domain/tickets/conditions.ts validates them. */
export interface RuleDefinitions {
  suggestion: TicketSettingDefinition;
  checklist: ChecklistRuleDefinition;
}

export const RULE_KINDS = {
  suggestion: { schema: ticketSettingSchema, what: 'ticket setting' },
  checklist: { schema: checklistRuleSchema, what: 'checklist rule' },
} as const;

export type TicketRule<K extends TicketRuleKind> = RuleDefinitions[K] & { id: number; kind: K; createdAt: Date; updatedAt: Date };

/** A stored rule as its definition (validated again: a row edited by hand fails here, naming the field). */
export function ruleOf<K extends TicketRuleKind>(row: TicketRuleRow & { kind: K }): TicketRule<K> {
  const { schema, what } = RULE_KINDS[row.kind];
  const definition = parseDefinition(`${what} "${row.name}"`, schema, {
    ...row.definition,
    name: row.name,
    description: row.description,
    active: row.active,
  }) as RuleDefinitions[K];
  return { ...definition, id: row.id, kind: row.kind, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** Splits a definition into its columns. */
function columnsOf(definition: TicketSettingDefinition | ChecklistRuleDefinition) {
  const { name, description, active, ...rest } = definition;
  return { name, description, active, definition: rest as Record<string, unknown> };
}

export async function listRules<K extends TicketRuleKind>(db: Db, integrationId: string, kind: K, options: { activeOnly?: boolean } = {}): Promise<TicketRule<K>[]> {
  const conditions = [eq(ticketRules.integrationId, integrationId), eq(ticketRules.kind, kind)];
  if (options.activeOnly) conditions.push(eq(ticketRules.active, true));
  const rows = await db.select().from(ticketRules).where(and(...conditions)).orderBy(asc(ticketRules.name));
  return rows.map((r) => ruleOf(r as TicketRuleRow & { kind: K }));
}

/** A rule by id or by name. */
export async function findRule<K extends TicketRuleKind>(db: Db, integrationId: string, kind: K, idOrName: string): Promise<TicketRule<K> | null> {
  const byId = /^\d+$/.test(idOrName) ? eq(ticketRules.id, Number(idOrName)) : sql`false`;
  const rows = await db
    .select()
    .from(ticketRules)
    .where(and(eq(ticketRules.integrationId, integrationId), eq(ticketRules.kind, kind), sql`(${byId} or ${ticketRules.name} = ${idOrName})`))
    .orderBy(asc(ticketRules.id));
  const row = rows.find((r) => String(r.id) === idOrName) ?? rows[0];
  return row ? ruleOf(row as TicketRuleRow & { kind: K }) : null;
}

export class RuleConflictError extends DefinitionError {}

export async function insertRule<K extends TicketRuleKind>(db: Db, integrationId: string, kind: K, input: unknown): Promise<TicketRule<K>> {
  const { schema, what } = RULE_KINDS[kind];
  const definition = parseDefinition(what, schema, input) as RuleDefinitions[K];
  const [row] = await db
    .insert(ticketRules)
    .values({ integrationId, kind, ...columnsOf(definition) })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new RuleConflictError(`invalid ${what}: name: integration ${integrationId} already has a ${what} named "${definition.name}"`);
  return ruleOf(row as TicketRuleRow & { kind: K });
}

/** Replaces a rule's definition (validated as a whole). */
export async function updateRule<K extends TicketRuleKind>(db: Db, rule: TicketRule<K>, integrationId: string, input: unknown): Promise<TicketRule<K>> {
  const { schema, what } = RULE_KINDS[rule.kind];
  const definition = parseDefinition(what, schema, input) as RuleDefinitions[K];
  const clash = await findRule(db, integrationId, rule.kind, definition.name);
  if (clash && clash.id !== rule.id) throw new RuleConflictError(`invalid ${what}: name: integration ${integrationId} already has a ${what} named "${definition.name}"`);
  const [row] = await db
    .update(ticketRules)
    .set({ ...columnsOf(definition), updatedAt: new Date() })
    .where(eq(ticketRules.id, rule.id))
    .returning();
  return ruleOf(row as TicketRuleRow & { kind: K });
}

export async function deleteRule(db: Db, id: number): Promise<void> {
  await db.delete(ticketRules).where(eq(ticketRules.id, id));
}

// ------------------------------------------------------------------ suggestions

export type SuggestionRow = typeof ticketSuggestions.$inferSelect;

export async function suggestionRows(db: Db, integrationId: string, ticketIds: string[]): Promise<Map<string, SuggestionRow>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(ticketSuggestions)
    .where(and(eq(ticketSuggestions.integrationId, integrationId), inArray(ticketSuggestions.bmsTicketId, ticketIds)));
  return new Map(rows.map((r) => [r.bmsTicketId, r]));
}

export interface SuggestionWrite {
  suggestions: Suggestion[];
  noteState: SuggestionNoteState;
  noteId: string | null;
  noteHash: string | null;
  noteModifiedOn: string | null;
  noteModifiedBy: number | null;
  reason: string | null;
}

export async function writeSuggestionRow(db: Db, integrationId: string, ticketId: string, write: SuggestionWrite): Promise<void> {
  const values = { ...write, computedAt: new Date(), updatedAt: new Date() };
  await db
    .insert(ticketSuggestions)
    .values({ integrationId, bmsTicketId: ticketId, ...values })
    .onConflictDoUpdate({ target: [ticketSuggestions.integrationId, ticketSuggestions.bmsTicketId], set: values });
}

// ------------------------------------------------------------------ checklists

export type ChecklistRow = typeof ticketChecklists.$inferSelect;

export async function checklistRows(db: Db, integrationId: string, ticketIds: string[]): Promise<ChecklistRow[]> {
  if (ticketIds.length === 0) return [];
  return db
    .select()
    .from(ticketChecklists)
    .where(and(eq(ticketChecklists.integrationId, integrationId), inArray(ticketChecklists.bmsTicketId, ticketIds)))
    .orderBy(asc(ticketChecklists.createdAt));
}

/** Records the intent to apply a template (before any item is sent); an existing row is kept. */
export async function startChecklist(
  db: Db,
  row: { integrationId: string; bmsTicketId: string; templateId: string; templateName: string; appliedBy: string; planned: string[] },
): Promise<ChecklistRow> {
  await db
    .insert(ticketChecklists)
    .values({ ...row, state: 'applying' })
    .onConflictDoNothing();
  const [stored] = await db
    .select()
    .from(ticketChecklists)
    .where(and(eq(ticketChecklists.integrationId, row.integrationId), eq(ticketChecklists.bmsTicketId, row.bmsTicketId), eq(ticketChecklists.templateId, row.templateId)));
  return stored!;
}

export async function finishChecklist(db: Db, key: { integrationId: string; bmsTicketId: string; templateId: string }, itemIds: number[]): Promise<void> {
  await db
    .update(ticketChecklists)
    .set({ state: 'applied', itemIds, appliedAt: new Date() })
    .where(and(eq(ticketChecklists.integrationId, key.integrationId), eq(ticketChecklists.bmsTicketId, key.bmsTicketId), eq(ticketChecklists.templateId, key.templateId)));
}

// ------------------------------------------------------------------ documentation

export type DocumentationRow = typeof itglueDocumentation.$inferSelect;


export async function upsertDocumentation(db: Db, integrationId: string, items: DocumentationItem[], seenAt: Date, updatedAt: Map<string, Date | null>): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map((i) => ({
    integrationId,
    kind: i.kind,
    itglueId: i.id,
    organizationId: i.organizationId,
    organizationName: i.organizationName,
    organizationKey: matchKey(i.organizationName),
    name: i.name,
    category: i.category,
    resourceType: i.resourceType,
    resourceName: i.resourceName,
    resourceTypeName: i.resourceTypeName,
    url: i.url,
    sourceUpdatedAt: updatedAt.get(`${i.kind}:${i.id}`) ?? null,
    seenAt,
  }));
  await db
    .insert(itglueDocumentation)
    .values(rows)
    .onConflictDoUpdate({
      target: [itglueDocumentation.integrationId, itglueDocumentation.kind, itglueDocumentation.itglueId],
      set: {
        organizationId: sql`excluded.organization_id`,
        organizationName: sql`excluded.organization_name`,
        organizationKey: sql`excluded.organization_key`,
        name: sql`excluded.name`,
        category: sql`excluded.category`,
        resourceType: sql`excluded.resource_type`,
        resourceName: sql`excluded.resource_name`,
        resourceTypeName: sql`excluded.resource_type_name`,
        url: sql`excluded.url`,
        sourceUpdatedAt: sql`excluded.source_updated_at`,
        seenAt: sql`excluded.seen_at`,
      },
    });
}

/** After a full read of a kind: what it did not see is gone from IT Glue. */
export async function removeUnseenDocumentation(db: Db, integrationId: string, kind: 'document' | 'password', seenBefore: Date): Promise<number> {
  const gone = await db
    .delete(itglueDocumentation)
    .where(and(eq(itglueDocumentation.integrationId, integrationId), eq(itglueDocumentation.kind, kind), lt(itglueDocumentation.seenAt, seenBefore)))
    .returning({ id: itglueDocumentation.itglueId });
  return gone.length;
}

/** Removes these items of a kind (null: every item of the kind). */
export async function removeDocumentation(db: Db, integrationId: string, kind: 'document' | 'password', ids: string[] | null): Promise<void> {
  if (ids?.length === 0) return;
  const conditions = [eq(itglueDocumentation.integrationId, integrationId), eq(itglueDocumentation.kind, kind)];
  if (ids) conditions.push(inArray(itglueDocumentation.itglueId, ids));
  await db.delete(itglueDocumentation).where(and(...conditions));
}

/** Documentation of these organizations (by `organizationKey`), or all of it (null). */
export async function documentation(db: Db, integrationId: string, organizationKeys: string[] | null): Promise<DocumentationItem[]> {
  const conditions = [eq(itglueDocumentation.integrationId, integrationId)];
  if (organizationKeys !== null) {
    if (organizationKeys.length === 0) return [];
    conditions.push(inArray(itglueDocumentation.organizationKey, organizationKeys));
  }
  const rows = await db.select().from(itglueDocumentation).where(and(...conditions));
  return rows.map((r) => ({
    kind: r.kind,
    id: r.itglueId,
    organizationId: r.organizationId,
    organizationName: r.organizationName,
    name: r.name,
    category: r.category,
    resourceType: r.resourceType,
    resourceName: r.resourceName,
    resourceTypeName: r.resourceTypeName,
    url: r.url,
  }));
}

// ------------------------------------------------------------------ tickets and their organizations

/** The most recently active tickets the BMS mirror holds (ticket sync on), newest first. */
export async function recentTickets(db: Db, integrationId: string, limit: number): Promise<Record<string, unknown>[]> {
  const rows = await db
    .select({ record: mirrors.record })
    .from(mirrors)
    .where(and(eq(mirrors.integrationId, integrationId), eq(mirrors.system, 'bms'), eq(mirrors.entity, 'ticket'), isNull(mirrors.deletedAt)))
    .orderBy(sql`${mirrors.sourceUpdatedAt} desc nulls last`, desc(mirrors.externalId))
    .limit(limit);
  return rows.map((r) => r.record);
}
