/**
 * Ticket → "BMS Ticket" flexible asset (SPEC §13): the fifth entity, pulled only.
 *
 * IT Glue has no ticket resource, so each BMS ticket of a synced account becomes a flexible asset
 * of an engine-managed type, declared here (`TICKET_TYPE`) and created when missing. Contact and
 * configuration are Tag fields pointing at the linked IT Glue records; lookups (status, priority,
 * type, queue, assignee) are carried by name as text.
 *
 * Reading BMS: the ticket list has no modified-on filter, but its last-activity date moves with any
 * change to the ticket, its notes or its checklist (simulators/bms/ASSUMPTIONS.md), so incremental
 * runs read by last activity. A run without a watermark (the first one, and full reconciles) reads
 * the open tickets and those completed in the last `tickets.historyDays`; older completed tickets
 * already in IT Glue stay as they are (completed tickets are updated while they are read, never
 * deleted). Tickets are never matched to other IT Glue records: only to a "BMS Ticket" asset with
 * the same ticket number in the same organization (one the engine made and lost the answer of, or
 * made before its links were lost).
 *
 * After each sync of a ticket the engine writes its suggested documentation to BMS as a note and
 * applies checklist rules (`afterSync`, activities/tickets/).
 */
import { RecordError } from '../domain/errors.js';
import { dateOnly, ref, requiredText, text, type EntityMapping, type FieldMapping, type WireRecord } from '../domain/mapping/fields.js';
import { key, quote, scopeOf } from '../domain/matching.js';
import { cleanText, matchKey } from '../domain/normalize.js';
import type { IntegrationSettings } from '../domain/settings.js';
import { BMS_TICKET_SOURCES } from '../domain/mapping/bms-ticket-sources.js';
import type { Bindings, TicketFacts } from '../domain/tickets/conditions.js';
import { bmsWebBase, webUrl } from '../domain/web-urls.js';
import type { ItGlueClient } from '../clients/itglue/index.js';
import { emptyPage, flatFlexibleAsset, managedTypeId, requiredTypeId, traitsFor, type ManagedAssetType } from './managed-types.js';
import type { EntityModule, WebPaths } from './module.js';
import { idList, itglueIdentity, parseTime, str } from './shared.js';

export interface CanonicalTicket {
  ticketNumber: string;
  title: string;
  status: string | null;
  priority: string | null;
  type: string | null;
  queue: string | null;
  assignee: string | null;
  contact: string | null;
  configuration: string | null;
  openedOn: string | null;
  dueOn: string | null;
  completedOn: string | null;
  lastActivityOn: string | null;
  details: string | null;
  link: string | null;
}

/** The engine-managed flexible asset type of tickets: its fields, in one place. */
export const TICKET_TYPE: ManagedAssetType = {
  name: 'BMS Ticket',
  description: 'Kaseya BMS tickets of synced accounts, kept up to date by the BMS ↔ IT Glue sync engine (read only: edits here are put back).',
  icon: 'ticket',
  fields: [
    { name: 'Ticket Number', nameKey: 'ticket-number', kind: 'Text', useForTitle: true, required: true, showInList: true },
    { name: 'Title', nameKey: 'title', kind: 'Text', useForTitle: true, showInList: true },
    { name: 'Status', nameKey: 'status', kind: 'Text', showInList: true },
    { name: 'Priority', nameKey: 'priority', kind: 'Text', showInList: true },
    { name: 'Ticket Type', nameKey: 'ticket-type', kind: 'Text' },
    { name: 'Queue', nameKey: 'queue', kind: 'Text' },
    { name: 'Assignee', nameKey: 'assignee', kind: 'Text', showInList: true },
    { name: 'Contact', nameKey: 'contact', kind: 'Tag', tagType: 'Contacts' },
    { name: 'Configuration', nameKey: 'configuration', kind: 'Tag', tagType: 'Configurations' },
    { name: 'Opened', nameKey: 'opened', kind: 'Date', showInList: true },
    { name: 'Due', nameKey: 'due', kind: 'Date' },
    { name: 'Completed', nameKey: 'completed', kind: 'Date' },
    { name: 'Last Activity', nameKey: 'last-activity', kind: 'Date', showInList: true },
    { name: 'Details', nameKey: 'details', kind: 'Textbox', hint: 'The beginning of the ticket details' },
    { name: 'BMS Link', nameKey: 'bms-link', kind: 'Text', hint: 'The ticket in BMS' },
  ],
};

/** How much of a ticket's details IT Glue shows. */
export const DETAILS_EXCERPT = 500;

export function excerpt(value: unknown, length = DETAILS_EXCERPT): string | null {
  const text = cleanText(value);
  if (!text || text.length <= length) return text;
  return `${text.slice(0, length - 1).trimEnd()}…`;
}

/** Pull only: nothing maps back to BMS. */
const notWritten = (): void => undefined;

const details: FieldMapping<string | null> = {
  bms: 'details (excerpt)',
  itglue: 'details',
  fromBms: (r) => excerpt(r.details),
  fromItGlue: (a) => cleanText(a.details),
  toItGlue: (v, out) => void (out.details = v),
  toBms: notWritten,
};

const link: FieldMapping<string | null> = {
  bms: 'bmsLink (from the ticket id)',
  itglue: 'bms-link',
  fromBms: (r) => str(r.bmsLink),
  fromItGlue: (a) => cleanText(a['bms-link']),
  toItGlue: (v, out) => void (out['bms-link'] = v),
  toBms: notWritten,
};

/** Ticket → BMS Ticket flexible asset (SPEC §13); IT Glue names are the type's trait keys. */
export const ticketMapping: EntityMapping<CanonicalTicket> = {
  fields: {
    ticketNumber: requiredText('ticketNumber', 'ticket-number'),
    title: requiredText('title', 'title'),
    status: text('statusName', 'status'),
    priority: text('priorityName', 'priority'),
    type: text('typeName', 'ticket-type'),
    queue: text('queueName', 'queue'),
    assignee: text('assigneeName', 'assignee'),
    contact: ref({ bms: 'contactId', itglue: 'contact', entity: 'contact', label: 'contact' }),
    configuration: ref({ bms: 'hardwareAssetId', itglue: 'configuration', entity: 'configuration', label: 'configuration' }),
    openedOn: dateOnly('openDate', 'opened'),
    dueOn: dateOnly('dueDate', 'due'),
    completedOn: dateOnly('completedDate', 'completed'),
    lastActivityOn: dateOnly('lastActivityUpdate', 'last-activity'),
    details,
    link,
  },
};

/**
 * Where a ticket opens in each web app. ASSUMPTION (simulators/bms/ASSUMPTIONS.md): BMS shows a
 * ticket at /MSP/TicketEdit.aspx?ID=<id>; neither reference documents it. IT Glue shows a
 * flexible asset at /<organization>/assets/records/<id>, as its `resource-url` says.
 */
const ticketWeb: WebPaths = {
  bms: (r) => `/MSP/TicketEdit.aspx?ID=${encodeURIComponent(r.id)}`,
  itglue: (r) => (r.parentId ? `/${r.parentId}/assets/records/${r.id}` : null),
};

/** The ticket's page in the BMS web app, written into its IT Glue record (domain/web-urls.ts says where the web app is). */
export function bmsTicketLink(apiBaseUrl: string, ticketId: unknown): string {
  return webUrl(bmsWebBase(apiBaseUrl, null), ticketWeb.bms({ id: String(ticketId), parentId: null }))!;
}

const withLink = (apiBaseUrl: string, record: WireRecord): WireRecord => ({ ...record, bmsLink: bmsTicketLink(apiBaseUrl, record.id) });

/** The oldest completion a run without a watermark still reads. */
export function historyStart(settings: IntegrationSettings, now: Date): Date {
  return new Date(now.getTime() - settings.tickets.historyDays * 86_400_000);
}

const names = { bms: 'ticket', itglue: 'BMS Ticket' };
const ticketKey = (value: unknown) => matchKey(value);

/** BMS Ticket assets of an organization with this ticket number (what a lost create made). */
async function findTicketAssets(itglue: ItGlueClient, organizationId: string | null, ticketNumber: string) {
  const typeId = await managedTypeId(itglue, TICKET_TYPE);
  if (typeId === null || organizationId === null) return [];
  const found = [];
  for await (const asset of itglue.iterateFlexibleAssets(typeId, { filter: { 'organization-id': organizationId } })) {
    if (ticketKey(flatFlexibleAsset(asset)['ticket-number']) === ticketKey(ticketNumber)) found.push(asset);
  }
  return found;
}

export const ticket: EntityModule<CanonicalTicket> = {
  entity: 'ticket',
  web: ticketWeb,
  switchedOnBy: 'ticketsEnabled',
  names,
  mapping: ticketMapping,
  scoped: true,
  autoCreate: null,
  bms: {
    // The last activity is the ticket's change time: notes and checklist items move it, not modifiedOn.
    identify: (r) => ({
      id: String(r.id),
      parentId: str(r.accountId),
      matchKey: ticketKey(r.ticketNumber),
      createdAt: parseTime(r.createdOn),
      updatedAt: parseTime(r.lastActivityUpdate) ?? parseTime(r.modifiedOn),
    }),
    refs: (r) => ({ contact: idList(r.contactId), configuration: idList(r.hardwareAssetId) }),
    ineligible: (_c, s) => (s.ticketsEnabled ? null : 'ticket sync is off'),
  },
  itglue: {
    identify: (a) => itglueIdentity(a, ticketKey(a['ticket-number']), str(a['organization-id'])),
    refs: (a) => ({ contact: idList(a.contact), configuration: idList(a.configuration) }),
    ineligible: (_c, s) => (s.ticketsEnabled ? null : 'ticket sync is off'),
  },
  matchRule: {
    names,
    rule: 'ticket-number',
    candidateKey: (c) => key(c.organizationId, ticketKey(c.canonical.ticketNumber)),
    recordKey: (r) => {
      if (r.organizationId === null) return { unmatchable: 'its organization is not linked yet' };
      if (ticketKey(r.canonical.ticketNumber) === '') return { unmatchable: 'the ticket has no number' };
      return { key: key(r.organizationId, ticketKey(r.canonical.ticketNumber)) };
    },
    evaluate: () => ({ eligible: true, tier: 0 }),
    describe: (r) => `ticket number ${quote(r.canonical.ticketNumber)}`,
    scope: (r, label) => scopeOf(r.organizationId, label),
  },
  push: null,
  afterSync: ['suggestion-note', 'checklist-rules'],

  bmsApi: {
    reading: {
      kind: 'pages',
      modifiedFilter: true,
      page: async (bms, page, since, slice) => {
        const filter = since ? { lastActivityUpdateFrom: since } : (slice ?? {});
        const result = await bms.listTicketsPage({ pageNumber: page, pageSize: 100, filter });
        return { items: result.items.map((t) => withLink(bms.baseUrl, t as WireRecord)), hasMore: result.hasMore };
      },
      slices: {
        of: (settings, now) => [{ excludeCompleted: true }, { completedDateFrom: historyStart(settings, now).toISOString() }],
        contains: (record, settings, now) => {
          const completed = parseTime(record.completedDate);
          return completed === null || completed >= historyStart(settings, now);
        },
      },
    },
    read: async (bms, id) => withLink(bms.baseUrl, (await bms.getTicket(Number(id))) as WireRecord),
    find: async () => [],
    create: () => Promise.reject(new RecordError('tickets are pulled only: the engine never creates a BMS ticket')),
    update: () => Promise.reject(new RecordError('tickets are pulled only: the engine never edits a BMS ticket')),
  },

  itglueApi: {
    resource: 'flexibleAssets',
    managedType: TICKET_TYPE,
    listPage: async (itglue, o) => {
      const typeId = await managedTypeId(itglue, TICKET_TYPE);
      if (typeId === null) return emptyPage();
      // Flexible assets sort by name and times only: creation order stands in for id order.
      return itglue.listFlexibleAssetsPage(typeId, { page: o.page, sort: o.sort === 'id' ? 'created_at' : o.sort });
    },
    read: (itglue, id) => itglue.getFlexibleAsset(id),
    toWire: (r) => flatFlexibleAsset(r),
    create: async (itglue, org, attributes) => {
      if (org === null) throw new RecordError('the ticket belongs to an account that is not synced to IT Glue');
      const typeId = Number(await requiredTypeId(itglue, TICKET_TYPE));
      const items = attributes.map((a) => ({ 'organization-id': Number(org), 'flexible-asset-type-id': typeId, traits: traitsFor(TICKET_TYPE, a, null) }));
      return itglue.createFlexibleAssets(org, items);
    },
    update: (itglue, id, attributes, current) => itglue.updateFlexibleAsset(id, { traits: traitsFor(TICKET_TYPE, attributes, current) }),
    bulkUpdate: (itglue, items) =>
      itglue.bulkUpdate('flexibleAssets', items.map((i) => ({ id: i.id, attributes: { traits: traitsFor(TICKET_TYPE, i.attributes, i.current) } }))),
    find: (itglue, org, c) => findTicketAssets(itglue, org, c.ticketNumber),
    lookups: () => [],
  },
};

/** A BMS ticket's attribute values, as ticket conditions see them (domain/tickets/conditions.ts). */
export function ticketFacts(record: WireRecord): TicketFacts {
  const sourceId = typeof record.sourceId === 'number' ? record.sourceId : null;
  return {
    title: str(record.title),
    details: str(record.details),
    account: str(record.accountName),
    contact: str(record.contactName),
    location: str(record.locationName),
    queue: str(record.queueName),
    status: str(record.statusName),
    priority: str(record.priorityName),
    type: str(record.typeName),
    'issue-type': str(record.issueTypeName),
    'sub-issue-type': str(record.subIssueTypeName),
    source: str(record.sourceName) ?? (sourceId === null ? null : (BMS_TICKET_SOURCES[sourceId] ?? null)),
    assignee: str(record.assigneeName),
  };
}

/** The values of the variables for a ticket; `organizationName`: its account's linked IT Glue organization. */
export function ticketBindings(record: WireRecord, organizationName: string | null): Bindings {
  return {
    organization_name: organizationName,
    account_name: str(record.accountName),
    ticket_number: str(record.ticketNumber),
    ticket_title: str(record.title),
    contact_name: str(record.contactName),
    location_name: str(record.locationName),
    configuration_name: str(record.hardwareAssetName),
    assignee_name: str(record.assigneeName),
  };
}

/** Open: not completed (BMS sets a completion date when a ticket reaches a completed status). */
export const isOpenTicket = (record: WireRecord): boolean => parseTime(record.completedDate) === null;
