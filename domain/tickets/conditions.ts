/**
 * The condition language of ticket settings and checklist rules (SPEC §13, after the vendor's
 * "BMS ticket settings"): conditions on a BMS ticket's attributes choose the tickets, actions on
 * IT Glue documentation attributes choose what is suggested for them.
 *
 * - A condition is `attribute operator value`; operators `contains`, `is`, `is not`, all
 *   case-insensitive. `is` compares the whole value (trimmed, inner whitespace collapsed);
 *   `contains` looks for the value's words, whole and in that order with nothing between them:
 *   `print` matches "Print Server maintenance" but not "Printers and Scanners" or "printer".
 *   Words are runs of letters and digits, so `wi-fi` matches "Wi-Fi" and "wi fi".
 * - Conditions in a group are AND-ed; groups are OR-ed.
 * - A value may hold variables bound per ticket (`[organization_name]`: the name of the IT Glue
 *   organization the ticket's account is linked to; see VARIABLES). A condition whose variable
 *   has no value for a ticket is false, `is not` included, so nothing is surfaced by accident.
 * - An attribute the ticket has no value for: `is` and `contains` are false, `is not` is true.
 *
 * Pure: validation (zod) and evaluation only; storage is db/tickets.ts.
 */
import { z } from 'zod';
import { cleanText } from '../normalize.js';

/** Ticket attributes conditions can test, as the CLI and JSON name them. */
export const TICKET_ATTRIBUTES = [
  'title',
  'details',
  'account',
  'contact',
  'location',
  'queue',
  'status',
  'priority',
  'type',
  'issue-type',
  'sub-issue-type',
  'source',
  'assignee',
] as const;
export type TicketAttribute = (typeof TICKET_ATTRIBUTES)[number];

/** What actions select: an IT Glue document or password. */
export type DocumentationKind = 'document' | 'password';

/**
 * IT Glue documentation attributes actions can test. A password may belong to a configuration
 * or a flexible asset (IT Glue's embedded passwords); those records' names help too.
 */
export const DOCUMENTATION_ATTRIBUTES = {
  'document-name': { kind: 'document', label: 'document name' },
  'document-organization': { kind: 'document', label: "document's organization name" },
  'password-name': { kind: 'password', label: 'password name' },
  'password-category': { kind: 'password', label: 'password category' },
  'password-organization': { kind: 'password', label: "password's organization name" },
  'password-configuration': { kind: 'password', label: 'name of the configuration the password belongs to' },
  'password-flexible-asset': { kind: 'password', label: 'name of the flexible asset the password belongs to' },
  'password-flexible-asset-type': { kind: 'password', label: 'type of the flexible asset the password belongs to' },
} as const satisfies Record<string, { kind: DocumentationKind; label: string }>;
export type DocumentationAttribute = keyof typeof DOCUMENTATION_ATTRIBUTES;
const DOCUMENTATION_ATTRIBUTE_NAMES = Object.keys(DOCUMENTATION_ATTRIBUTES) as DocumentationAttribute[];

export const OPERATORS = ['contains', 'is', 'is not'] as const;
export type Operator = (typeof OPERATORS)[number];

/** Variables a value (and a checklist template) may use, bound per ticket. */
export const VARIABLES = [
  'organization_name',
  'account_name',
  'ticket_number',
  'ticket_title',
  'contact_name',
  'location_name',
  'configuration_name',
  'assignee_name',
] as const;
export type Variable = (typeof VARIABLES)[number];
export type Bindings = Partial<Record<Variable, string | null>>;

const VARIABLE_PATTERN = /\[([^\][]*)\]/g;

/** The variables a text names, known or not. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE_PATTERN)].map((m) => m[1]!);
}

const isVariable = (name: string): name is Variable => (VARIABLES as readonly string[]).includes(name);

// ------------------------------------------------------------------ schemas

/** `is not`, also written `is-not` or `isnot`, any case. */
const operatorSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase().replace(/[\s_-]+/g, ' ').replace(/^isnot$/, 'is not') : v),
  z.enum(OPERATORS, { error: (issue) => `${JSON.stringify(issue.input)} is not an operator (${OPERATORS.join(', ')})` }),
);

const valueSchema = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, 'must not be empty')
  .max(500, 'must be at most 500 characters')
  .superRefine((value, ctx) => {
    for (const name of variablesIn(value)) {
      if (!isVariable(name)) ctx.addIssue({ code: 'custom', message: `[${name}] is not a variable (${VARIABLES.map((v) => `[${v}]`).join(', ')})` });
    }
  });

function conditionSchema<A extends string>(attributes: readonly A[], what: string) {
  return z
    .object({
      attribute: z.enum(attributes as [A, ...A[]], {
        error: (issue) => `${JSON.stringify(issue.input)} is not a ${what} attribute (${attributes.join(', ')})`,
      }),
      operator: operatorSchema,
      value: valueSchema,
    })
    .strict()
    .superRefine((c, ctx) => {
      // `contains` looks for words: a value with none could never match.
      if (c.operator === 'contains' && words(c.value.replace(VARIABLE_PATTERN, ' x ')).length === 0) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'holds no letters or digits: contains looks for whole words' });
      }
    });
}

export const ticketConditionSchema = conditionSchema(TICKET_ATTRIBUTES, 'ticket');
export type TicketCondition = z.output<typeof ticketConditionSchema>;

export const documentationConditionSchema = conditionSchema(DOCUMENTATION_ATTRIBUTE_NAMES, 'documentation');
export type DocumentationCondition = z.output<typeof documentationConditionSchema>;

/** OR of AND groups: at least one group, each with at least one condition. */
export const ticketConditionsSchema = z
  .array(z.array(ticketConditionSchema).min(1, 'a group needs at least one condition'), { error: 'must be a list of groups (lists of conditions)' })
  .min(1, 'needs at least one group of conditions');

export const documentationActionsSchema = z
  .array(
    z
      .array(documentationConditionSchema)
      .min(1, 'a group needs at least one condition')
      .superRefine((group, ctx) => {
        const kinds = new Set(group.map((c) => DOCUMENTATION_ATTRIBUTES[c.attribute].kind));
        if (kinds.size > 1) {
          ctx.addIssue({ code: 'custom', message: 'mixes document and password attributes: an item is one or the other, so the group could match nothing (put them in groups of their own)' });
        }
      }),
    { error: 'must be a list of groups (lists of conditions)' },
  )
  .min(1, 'needs at least one group of actions');

const nameSchema = z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const descriptionSchema = z.string({ error: 'must be text' }).trim().max(2000, 'must be at most 2000 characters').nullable().default(null);

/** A ticket setting (suggested documentation): which tickets, which documentation. */
export const ticketSettingSchema = z
  .object({
    name: nameSchema,
    description: descriptionSchema,
    active: z.boolean({ error: 'must be true or false' }).default(true),
    conditions: ticketConditionsSchema,
    actions: documentationActionsSchema,
  })
  .strict();
export type TicketSettingInput = z.input<typeof ticketSettingSchema>;
export type TicketSettingDefinition = z.output<typeof ticketSettingSchema>;

/** A checklist rule: which tickets get which checklist template, once each. */
export const checklistRuleSchema = z
  .object({
    name: nameSchema,
    description: descriptionSchema,
    active: z.boolean({ error: 'must be true or false' }).default(true),
    conditions: ticketConditionsSchema,
    /** The name of a "Checklist Template" flexible asset (activities/tickets/checklists.ts finds it). */
    template: nameSchema,
  })
  .strict();
export type ChecklistRuleInput = z.input<typeof checklistRuleSchema>;
export type ChecklistRuleDefinition = z.output<typeof checklistRuleSchema>;

/** Names a zod issue path as a person reads it: `conditions, group 2, condition 1, attribute`. */
export function describePath(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const p = path[i];
    if (typeof p === 'number') parts.push(`${typeof path[i - 1] === 'number' ? 'condition' : 'group'} ${p + 1}`);
    else parts.push(String(p));
  }
  return parts.join(', ') || '(the whole definition)';
}

export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
}

/** Parses a definition; on failure throws a DefinitionError naming every bad field. */
export function parseDefinition<S extends z.ZodType>(what: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return `${describePath(issue.path)}: unknown field(s) ${issue.keys.join(', ')}`;
    return `${describePath(issue.path)}: ${issue.message}`;
  });
  throw new DefinitionError(`invalid ${what}: ${problems.join('; ')}`);
}

// ------------------------------------------------------------------ evaluation

/** Lower-case words (runs of letters and digits) of a text. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) as string[];
}

/** Whether `text` holds the words of `phrase`, whole, in order, with nothing between them. */
export function containsWords(text: string, phrase: string): boolean {
  const wanted = words(phrase);
  if (wanted.length === 0) return false;
  const have = words(text);
  for (let i = 0; i + wanted.length <= have.length; i++) {
    if (wanted.every((w, j) => have[i + j] === w)) return true;
  }
  return false;
}

const sameText = (a: string, b: string) => (cleanText(a) ?? '').toLowerCase() === (cleanText(b) ?? '').toLowerCase();

/** The value with its variables filled in; null when one of them has no value for this ticket. */
export function bindValue(value: string, bindings: Bindings): string | null {
  let unbound = false;
  const bound = value.replace(VARIABLE_PATTERN, (whole, name: string) => {
    const v = isVariable(name) ? cleanText(bindings[name]) : null;
    if (v === null) unbound = true;
    return v ?? whole;
  });
  return unbound ? null : bound;
}

export interface Condition<A extends string> {
  attribute: A;
  operator: Operator;
  value: string;
}

/** One condition against the attribute's value (null: the ticket or item has none). */
export function testCondition(actual: string | null, operator: Operator, value: string, bindings: Bindings): boolean {
  const expected = bindValue(value, bindings);
  if (expected === null) return false;
  const text = cleanText(actual);
  switch (operator) {
    case 'contains':
      return text !== null && containsWords(text, expected);
    case 'is':
      return text !== null && sameText(text, expected);
    case 'is not':
      return text === null || !sameText(text, expected);
  }
}

/** OR of AND groups. */
export function matchesGroups<A extends string>(groups: readonly (readonly Condition<A>[])[], valueOf: (attribute: A) => string | null, bindings: Bindings): boolean {
  return groups.some((group) => group.every((c) => testCondition(valueOf(c.attribute), c.operator, c.value, bindings)));
}

/** A BMS ticket's attribute values, as conditions see them. */
export type TicketFacts = Record<TicketAttribute, string | null>;

export function ticketMatches(conditions: readonly (readonly TicketCondition[])[], facts: TicketFacts, bindings: Bindings): boolean {
  return matchesGroups(conditions, (a) => facts[a], bindings);
}

// ------------------------------------------------------------------ text form (CLI)

/**
 * The text form of conditions or actions, for the command line: conditions joined by `&` (AND)
 * into groups joined by `|` (OR), each `<attribute> <contains|is|is not> <value>`:
 * `title contains print & priority is High | queue is Help Desk`. A value holding `&` or `|`
 * needs the JSON form. Attributes and operators are checked by the schemas.
 */
export function parseConditionText(text: string, field: string): { attribute: string; operator: string; value: string }[][] {
  return text.split('|').map((group, g) =>
    group.split('&').map((condition, c) => {
      const m = /^\s*(\S+)\s+(contains|is\s+not|is)\s+(.*?)\s*$/i.exec(condition);
      const value = m?.[3]?.replace(/^(["'])(.*)\1$/, '$2') ?? '';
      if (!m || value.trim() === '') {
        throw new DefinitionError(
          `${field}, group ${g + 1}, condition ${c + 1}: ${JSON.stringify(condition.trim())} is not "<attribute> <contains|is|is not> <value>"`,
        );
      }
      return { attribute: m[1]!.toLowerCase(), operator: m[2]!.toLowerCase().replace(/\s+/g, ' '), value };
    }),
  );
}

/** Conditions as text an operator reads: `title contains "print" AND priority is "High" OR …`. */
export function formatConditions(groups: readonly (readonly Condition<string>[])[]): string {
  return groups.map((group) => group.map((c) => `${c.attribute} ${c.operator} ${JSON.stringify(c.value)}`).join(' AND ')).join(' OR ');
}
