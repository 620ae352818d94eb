/**
 * Suggested documentation (SPEC §13): which IT Glue documents and passwords the active ticket
 * settings surface for a ticket, and the BMS note that lists them. Pure: the documentation and
 * the settings come from PostgreSQL (activities/tickets/suggestions.ts).
 *
 * The note lists names and IT Glue links only: the engine never reads a password value (IT Glue
 * lists never carry them), so none can reach a note.
 */
import { matchKey } from '../normalize.js';
import {
  DOCUMENTATION_ATTRIBUTES,
  matchesGroups,
  ticketMatches,
  bindValue,
  type Bindings,
  type DocumentationAttribute,
  type DocumentationCondition,
  type DocumentationKind,
  type TicketFacts,
  type TicketSettingDefinition,
} from './conditions.js';

/** An IT Glue document or password, as suggestions see it (never a password value). */
export interface DocumentationItem {
  kind: DocumentationKind;
  id: string;
  organizationId: string;
  organizationName: string | null;
  name: string;
  /** Passwords: the password category. */
  category: string | null;
  /** Passwords: the configuration or flexible asset they belong to (IT Glue `resource-type`, `cached-resource-name`, `cached-resource-type-name`). */
  resourceType: string | null;
  resourceName: string | null;
  resourceTypeName: string | null;
  /** The item's page in IT Glue. */
  url: string | null;
}

export interface Suggestion {
  kind: DocumentationKind;
  id: string;
  name: string;
  organizationName: string | null;
  category: string | null;
  url: string | null;
  /** The settings that surfaced it. */
  settings: string[];
}

export interface NamedSetting extends TicketSettingDefinition {
  id: number;
}

const isResource = (item: DocumentationItem, type: string) => (item.resourceType ?? '').replace(/[\s_-]/g, '').toLowerCase() === type;

/** The value of a documentation attribute for an item (null when the item has none, or is of the other kind). */
export function documentationValue(item: DocumentationItem, attribute: DocumentationAttribute): string | null {
  if (DOCUMENTATION_ATTRIBUTES[attribute].kind !== item.kind) return null;
  switch (attribute) {
    case 'document-name':
    case 'password-name':
      return item.name;
    case 'document-organization':
    case 'password-organization':
      return item.organizationName;
    case 'password-category':
      return item.category;
    case 'password-configuration':
      return isResource(item, 'configuration') ? item.resourceName : null;
    case 'password-flexible-asset':
      return isResource(item, 'flexibleasset') ? item.resourceName : null;
    case 'password-flexible-asset-type':
      return isResource(item, 'flexibleasset') ? item.resourceTypeName : null;
  }
}

/** Whether an action group selects the item: the group's kind, every condition true. */
function groupSelects(group: readonly DocumentationCondition[], item: DocumentationItem, bindings: Bindings): boolean {
  if (DOCUMENTATION_ATTRIBUTES[group[0]!.attribute].kind !== item.kind) return false;
  return matchesGroups([group], (a) => documentationValue(item, a), bindings);
}

/**
 * The organizations whose documentation a setting can surface for a ticket, by `matchKey` of
 * their name: when every action group requires an organization by `is`, only those need
 * looking at; null when some group may surface any organization's documentation.
 */
export function organizationsInScope(settings: readonly TicketSettingDefinition[], bindings: Bindings): Set<string> | null {
  const names = new Set<string>();
  for (const setting of settings) {
    for (const group of setting.actions) {
      const required = group.find((c) => c.operator === 'is' && (c.attribute === 'document-organization' || c.attribute === 'password-organization'));
      if (!required) return null;
      const bound = bindValue(required.value, bindings);
      if (bound !== null) names.add(matchKey(bound));
    }
  }
  return names;
}

/** The settings (active ones only) whose conditions the ticket meets. */
export function settingsFor<S extends TicketSettingDefinition>(settings: readonly S[], facts: TicketFacts, bindings: Bindings): S[] {
  return settings.filter((s) => s.active && ticketMatches(s.conditions, facts, bindings));
}

/** Everything the active settings surface for one ticket: documents first, then passwords, by name. */
export function suggestionsFor(settings: readonly NamedSetting[], facts: TicketFacts, bindings: Bindings, documentation: readonly DocumentationItem[]): Suggestion[] {
  const found = new Map<string, Suggestion>();
  for (const setting of settingsFor(settings, facts, bindings)) {
    for (const item of documentation) {
      if (!setting.actions.some((group) => groupSelects(group, item, bindings))) continue;
      const key = `${item.kind}:${item.id}`;
      const existing = found.get(key);
      if (existing) {
        if (!existing.settings.includes(setting.name)) existing.settings.push(setting.name);
        continue;
      }
      found.set(key, {
        kind: item.kind,
        id: item.id,
        name: item.name,
        organizationName: item.organizationName,
        category: item.category,
        url: item.url,
        settings: [setting.name],
      });
    }
  }
  const order = (s: Suggestion) => `${s.kind === 'document' ? 0 : 1}\u0000${s.name.toLowerCase()}\u0000${s.id.padStart(12, '0')}`;
  return [...found.values()].sort((a, b) => order(a).localeCompare(order(b)));
}

/** The first line of the engine's note: how the engine knows its own note again. */
export const SUGGESTION_NOTE_HEADER = 'Suggested IT Glue documentation';

/**
 * The note's text. Plain text (BMS shows notes as written): a header that says where it comes
 * from, then one line per item with its IT Glue link. The same suggestions give the same text.
 */
export function suggestionNote(suggestions: readonly Suggestion[]): string {
  const line = (s: Suggestion) => {
    const extra = [s.kind === 'password' ? s.category : null, s.organizationName].filter((x): x is string => !!x);
    return `- ${s.name}${extra.length ? ` (${extra.join(', ')})` : ''}${s.url ? `: ${s.url}` : ''}`;
  };
  const documents = suggestions.filter((s) => s.kind === 'document');
  const passwords = suggestions.filter((s) => s.kind === 'password');
  const lines = [
    `${SUGGESTION_NOTE_HEADER} (written by the BMS ↔ IT Glue sync engine from its ticket settings; it keeps this note up to date until someone edits it)`,
  ];
  if (documents.length) lines.push('', 'Documents:', ...documents.map(line));
  if (passwords.length) lines.push('', 'Passwords (open them in IT Glue; no password is copied here):', ...passwords.map(line));
  return lines.join('\n');
}

/** Whether a BMS note is (or was) the engine's suggestion note. */
export function isSuggestionNote(details: string | null | undefined): boolean {
  return (details ?? '').trimStart().startsWith(SUGGESTION_NOTE_HEADER);
}
