/**
 * Checklists from IT Glue templates into BMS tickets (SPEC §13), through the documented checklist
 * item routes (`POST /v2/servicedesk/tickets/{id}/checklistitems`, one item at a time; the
 * vendor's "import an IT Glue checklist" route only proxies its own integration).
 *
 * A template (entities/checklist-template.ts) is applied to a ticket once: the row of
 * db/schema.ts `ticketChecklists` is written with the planned items before the first item is
 * sent; a retry (a lost answer, a worker that died) finds the row `applying`, reads the ticket's
 * items and sends only the planned ones it does not find by name. Two ways in:
 * - rules (`checklist-rules` after each sync of an open ticket): every active checklist rule whose
 *   conditions the ticket meets;
 * - on demand for one ticket (`ticketChecklistWorkflow`, `ticket checklist apply`).
 */
import type { WireRecord } from '../../domain/mapping/fields.js';
import { linkedOrganizations } from '../../db/links.js';
import { checklistRows, finishChecklist, listRules, startChecklist, type ChecklistRow } from '../../db/tickets.js';
import { checklistItems, itemsAlreadyThere } from '../../domain/tickets/checklists.js';
import { ticketMatches, type Bindings } from '../../domain/tickets/conditions.js';
import { chooseTemplate, listChecklistTemplates, type ChecklistTemplate } from '../../entities/checklist-template.js';
import { str } from '../../entities/shared.js';
import { isOpenTicket, ticketBindings, ticketFacts } from '../../entities/ticket.js';
import { InputError } from '../errors.js';
import type { SyncedRecord } from '../sync/after-sync.js';
import { describeError, isRecordFailure } from '../sync/apply.js';
import type { SyncSession } from '../sync/session.js';

export interface ChecklistOutcome {
  ticketId: string;
  templateId: string;
  templateName: string;
  /** `applied` now, or `already-applied` before (nothing sent). */
  outcome: 'applied' | 'already-applied';
  /** The ticket's items standing for the template's tasks. */
  items: string[];
  /** Items sent now (fewer than `items` when a retry found some already there). */
  created: number;
  message: string;
}

/** Applies a template to a ticket once (see the file comment). Callers hold the integration's writer lock. */
export async function applyTemplate(session: SyncSession, ticketId: string, template: ChecklistTemplate, bindings: Bindings, appliedBy: string): Promise<ChecklistOutcome> {
  const { db, integrationId, bms } = session;
  const base = { ticketId, templateId: template.id, templateName: template.name };
  const before = (await checklistRows(db, integrationId, [ticketId])).find((r) => r.templateId === template.id);
  if (before?.state === 'applied') return already(base, before);
  const { names, unknown } = checklistItems(template.tasks, bindings);
  if (!before && names.length === 0) throw new InputError(`checklist template "${template.name}" (IT Glue ${template.id}) has no tasks: write one task per line in its Tasks field`);
  const key = { integrationId, bmsTicketId: ticketId, templateId: template.id };
  // The intent first: from here on a retry looks before it sends. A retry keeps the items it planned.
  const row = before ?? (await startChecklist(db, { ...key, templateName: template.name, appliedBy, planned: names }));
  const resumed = before !== undefined;
  const planned = row.planned;
  const found = resumed ? itemsAlreadyThere(planned, await bms.listTicketChecklistItems(Number(ticketId))) : planned.map(() => null);
  const ids: number[] = [];
  let created = 0;
  for (const [index, name] of planned.entries()) {
    const id = found[index] ?? (await bms.createTicketChecklistItem(Number(ticketId), { name })).id;
    if (found[index] === null) created++;
    ids.push(id);
    session.beat({ ticketId, checklist: template.id, item: index });
  }
  await finishChecklist(db, key, ids);
  const again = created < planned.length ? ` (${planned.length - created} found already there after an earlier attempt)` : '';
  const message = `applied checklist template "${template.name}" (IT Glue ${template.id}): ${planned.length} item(s)${again}, by ${appliedBy}`;
  session.log({ entity: 'ticket', action: 'checklist', bmsId: ticketId, itglueId: template.id, key: `checklist:${template.id}`, message, details: { items: planned } });
  if (unknown.length) {
    session.log({
      entity: 'ticket',
      action: 'warning',
      bmsId: ticketId,
      itglueId: template.id,
      key: `checklist-variables:${template.id}`,
      message: `checklist template "${template.name}" names ${unknown.map((u) => `[${u}]`).join(', ')}, which ${unknown.length === 1 ? 'is not a variable' : 'are not variables'}: left as written`,
    });
  }
  return { ...base, outcome: 'applied', items: planned, created, message };
}

function already(base: Pick<ChecklistOutcome, 'ticketId' | 'templateId' | 'templateName'>, row: ChecklistRow): ChecklistOutcome {
  return {
    ...base,
    outcome: 'already-applied',
    items: row.planned,
    created: 0,
    message: `checklist template "${base.templateName}" was already applied to ticket ${base.ticketId} (${row.appliedBy}, ${row.appliedAt?.toISOString() ?? 'in progress'}); nothing sent`,
  };
}

/** The after-sync step `checklist-rules`: answers the tickets it added items to. */
export async function applyChecklistRules(session: SyncSession, synced: SyncedRecord[]): Promise<string[]> {
  const { db, integrationId, itglue } = session;
  const rules = await listRules(db, integrationId, 'checklist', { activeOnly: true });
  if (rules.length === 0) return [];
  const open = synced.filter((s) => isOpenTicket(s.source.record));
  const wanted = open.map((s) => {
    const bindings = ticketBindings(s.source.record, s.organizationName);
    const facts = ticketFacts(s.source.record);
    return { s, bindings, rules: rules.filter((r) => ticketMatches(r.conditions, facts, bindings)) };
  }).filter((w) => w.rules.length > 0);
  if (wanted.length === 0) return [];
  const written: string[] = [];
  const templates = await listChecklistTemplates(itglue);
  const done = await checklistRows(db, integrationId, wanted.map((w) => w.s.source.id));
  for (const { s, bindings, rules: matching } of wanted) {
    const ticketId = s.source.id;
    for (const rule of matching) {
      const template = chooseTemplate(templates, rule.template, s.link.itglueParentId);
      if (!template) {
        session.log({
          entity: 'ticket',
          action: 'warning',
          key: `checklist-rule:${rule.id}`,
          message: `checklist rule "${rule.name}": IT Glue has no Checklist Template named "${rule.template}"; nothing applied`,
        });
        continue;
      }
      if (done.some((r) => r.bmsTicketId === ticketId && r.templateId === template.id && r.state === 'applied')) continue;
      try {
        const outcome = await applyTemplate(session, ticketId, template, bindings, `rule "${rule.name}"`);
        if (outcome.outcome === 'applied') written.push(ticketId);
      } catch (err) {
        if (!isRecordFailure(err)) throw err;
        session.log({ entity: 'ticket', action: 'error', bmsId: ticketId, itglueId: template.id, key: `checklist:${template.id}`, message: `checklist rule "${rule.name}": ${describeError(err)}` });
      }
    }
  }
  return written;
}

/** On demand: one template (by name) applied to one ticket (by BMS id). */
export async function applyChecklistOnDemand(session: SyncSession, input: { ticketId: string; template: string; requestedBy: string }): Promise<ChecklistOutcome> {
  const { db, integrationId, bms, itglue } = session;
  const ticket = (await bms.getTicket(Number(input.ticketId)).catch((err: unknown) => {
    throw isRecordFailure(err) ? new InputError(`BMS ticket ${input.ticketId}: ${describeError(err)}`) : err;
  })) as WireRecord;
  const accountId = str(ticket.accountId);
  const organization = accountId ? (await linkedOrganizations(db, integrationId, [accountId])).get(accountId) : undefined;
  const template = chooseTemplate(await listChecklistTemplates(itglue), input.template, organization?.id ?? null);
  if (!template) throw new InputError(`IT Glue has no Checklist Template named "${input.template}" (flexible asset type "Checklist Template")`);
  const outcome = await applyTemplate(session, input.ticketId, template, ticketBindings(ticket, organization?.name ?? null), `${input.requestedBy} on demand`);
  await session.flush();
  return outcome;
}
