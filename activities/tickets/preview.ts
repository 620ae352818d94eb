/**
 * The preview of ticket settings (SPEC §13): for recent tickets, what each setting would surface,
 * also for settings that use `[organization_name]` (bound per ticket, as the sync binds it) and
 * for inactive ones (a draft can be checked before it is switched on). Reads the documentation
 * fresh from IT Glue first; writes nothing to BMS.
 *
 * Recent tickets are the ones the ticket sync mirrored last (most recent activity first); without
 * ticket sync, the first page of open tickets BMS lists.
 */
import type { BmsClient } from '../../clients/bms/index.js';
import { linkedOrganizations } from '../../db/links.js';
import { documentation, findRule, listRules, recentTickets, type TicketRule } from '../../db/tickets.js';
import type { WireRecord } from '../../domain/mapping/fields.js';
import { ticketMatches } from '../../domain/tickets/conditions.js';
import { organizationsInScope, suggestionsFor, type Suggestion } from '../../domain/tickets/suggestions.js';
import { str } from '../../entities/shared.js';
import { ticketBindings, ticketFacts } from '../../entities/ticket.js';
import { InputError } from '../errors.js';
import { refreshDocumentation, type DocumentationTarget } from './documentation.js';

export interface SettingPreview {
  ticketId: string;
  ticketNumber: string | null;
  title: string | null;
  organizationName: string | null;
  setting: string;
  active: boolean;
  suggestions: Suggestion[];
}

export interface TicketSettingsPreview {
  /** Tickets looked at. */
  tickets: { id: string; ticketNumber: string | null; title: string | null; organizationName: string | null }[];
  settings: { name: string; active: boolean }[];
  /** One row per ticket and setting whose conditions the ticket meets. */
  rows: SettingPreview[];
}

export async function previewTicketSettings(
  target: DocumentationTarget & { bms: BmsClient },
  options: { setting?: string; tickets: number; ticketId?: string },
): Promise<TicketSettingsPreview> {
  const { db, integrationId, bms } = target;
  let settings: TicketRule<'suggestion'>[];
  if (options.setting) {
    const one = await findRule(db, integrationId, 'suggestion', options.setting);
    if (!one) throw new InputError(`integration ${integrationId} has no ticket setting "${options.setting}"`);
    settings = [one];
  } else settings = await listRules(db, integrationId, 'suggestion');

  let tickets: WireRecord[];
  if (options.ticketId) tickets = [(await bms.getTicket(Number(options.ticketId))) as WireRecord];
  else {
    tickets = await recentTickets(db, integrationId, options.tickets);
    if (tickets.length === 0) tickets = (await bms.listTicketsPage({ pageSize: options.tickets, filter: { excludeCompleted: true } })).items as WireRecord[];
  }
  await refreshDocumentation(target);
  const organizations = await linkedOrganizations(db, integrationId, [...new Set(tickets.map((t) => str(t.accountId)).filter((a): a is string => a !== null))]);

  const rows: SettingPreview[] = [];
  const seen: TicketSettingsPreview['tickets'] = [];
  for (const ticket of tickets) {
    const accountId = str(ticket.accountId);
    const organizationName = (accountId && organizations.get(accountId)?.name) || null;
    const facts = ticketFacts(ticket);
    const bindings = ticketBindings(ticket, organizationName);
    const view = { id: String(ticket.id), ticketNumber: str(ticket.ticketNumber), title: str(ticket.title), organizationName };
    seen.push(view);
    for (const setting of settings) {
      if (!ticketMatches(setting.conditions, facts, bindings)) continue;
      // A draft is previewed as if it were on.
      const asActive = { ...setting, active: true };
      const items = await documentation(db, integrationId, scopeList(organizationsInScope([asActive], bindings)));
      rows.push({
        ticketId: view.id,
        ticketNumber: view.ticketNumber,
        title: view.title,
        organizationName,
        setting: setting.name,
        active: setting.active,
        suggestions: suggestionsFor([asActive], facts, bindings, items),
      });
    }
  }
  return { tickets: seen, settings: settings.map((s) => ({ name: s.name, active: s.active })), rows };
}

const scopeList = (scope: Set<string> | null): string[] | null => (scope ? [...scope] : null);
