/**
 * The BMS side, part three: tickets of customers (and former customers) about the topics of
 * ../topics.ts (printers, VPN, e-mail, passwords, …), each with its account's contact, location
 * and asset, technicians' notes (some edited later) and, for some, checklist items.
 *
 * Most tickets were opened in the year before `now` and most of those are completed, their
 * completion dates spread over the year, so a 90-day history window matters; a few are older, and
 * a few of those are still open (stale tickets that a first sync must still pick up). Drawn from
 * the `tickets` stream only, so the rest of the dataset does not depend on them.
 */
import { Rng, apportion } from '../random.js';
import { CUSTOMER_NOTES, GENERAL_NOTES, TOPICS, type Topic } from '../topics.js';
import type { BmsIdKind } from './bms.js';
import { TICKET_COMPLETED_STATUS, type BmsLookups } from './lookups.js';
import type { AccountInfo, AssetInfo, BmsContact, BmsTicket, BmsWorld } from './model.js';
import { DAY, YEAR, between, bmsTime, pad, timeMs, type IdSequence } from './util.js';

type Note = BmsTicket['notes'][number];
type ChecklistItem = BmsTicket['checklistItems'][number];

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** How often each topic comes up (same order as TOPICS). */
const TOPIC_WEIGHTS: Record<string, number> = { printing: 16, vpn: 10, wifi: 8, email: 18, account: 18, firewall: 6, backup: 7, hardware: 12, software: 8 };
const topicPairs = TOPICS.map((t) => [t, TOPIC_WEIGHTS[t.key] ?? 5] as const);

/** Ticket sources (bms-api.md §3.5): client portal, phone, in person, e-mail, monitoring. */
const SOURCE_PAIRS = [
  [0, 15],
  [1, 30],
  [2, 5],
  [4, 42],
  [5, 8],
] as const;

const OPEN_STATUSES = [
  [1, 30],
  [2, 45],
  [3, 25],
] as const;

export function generateTickets(world: BmsWorld, lookups: BmsLookups, ids: IdSequence<BmsIdKind>): BmsTicket[] {
  const { options } = world;
  const rng = Rng.stream(options.seed, 'tickets');
  const { nowMs } = options;
  const eligible = world.accounts.filter((a) => a.typeName === 'Customer' || a.typeName === 'Former Customer');
  const pool = eligible.length > 0 ? eligible : world.accounts;
  const counts = apportion(options.tickets, pool.map((a) => 1 + a.assets.length + a.contacts.length));
  const drafts: { info: AccountInfo; openMs: number }[] = [];
  pool.forEach((info, i) => {
    for (let n = 0; n < counts[i]!; n += 1) {
      // One in sixteen is older than a year; the rest spread over the last year.
      const old = rng.chance(1 / 16);
      const from = Math.max(info.createdMs, nowMs - (old ? 2 * YEAR : YEAR));
      const to = old ? Math.max(from, nowMs - YEAR) : nowMs - HOUR;
      drafts.push({ info, openMs: between(rng, from, to) });
    }
  });
  drafts.sort((x, y) => x.openMs - y.openMs);

  const perDay = new Map<string, number>();
  return drafts.map(({ info, openMs }) => {
    const day = bmsTime(openMs).slice(0, 10).replace(/-/g, '');
    const seq = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, seq);
    return makeTicket(rng, world, lookups, ids, info, openMs, `T${day}.${pad(seq, 4)}`);
  });
}

function fill(template: string, values: { contact: string; location: string; asset: string }): string {
  const text = template.replace('{contact}', values.contact).replace('{location}', values.location).replace('{asset}', values.asset);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An asset of the topic's category when the account has one, else (sometimes) any asset. */
function assetFor(rng: Rng, info: AccountInfo, topic: Topic, needed: boolean): AssetInfo | null {
  const matching = info.assets.filter((a) => a.category.name === topic.assetCategory);
  if (matching.length > 0 && (needed || rng.chance(0.6))) return rng.pick(matching);
  if (info.assets.length > 0 && (needed || rng.chance(0.15))) return rng.pick(info.assets);
  return null;
}

/** Chance that a ticket opened `ageMs` ago is completed by now. */
function completedShare(ageMs: number): number {
  if (ageMs > 30 * DAY) return 0.95;
  if (ageMs > 7 * DAY) return 0.7;
  return 0.35;
}

function makeTicket(
  rng: Rng,
  world: BmsWorld,
  lookups: BmsLookups,
  ids: IdSequence<BmsIdKind>,
  info: AccountInfo,
  openMs: number,
  ticketNumber: string,
): BmsTicket {
  const { nowMs } = world.options;
  const topic = rng.choose(topicPairs);
  const [titleTemplate, typeName] = rng.pick(topic.titles);
  const detailTemplate = rng.pick(topic.details);
  const asset = assetFor(rng, info, topic, `${titleTemplate}${detailTemplate}`.includes('{asset}'));
  const activeContacts = info.contacts.filter((c) => c.isActive);
  const contact: BmsContact | null = activeContacts.length > 0 && rng.chance(0.85) ? rng.pick(activeContacts) : null;
  const location =
    info.locations.find((l) => l.location.id === contact?.locationId) ??
    info.locations.find((l) => l.location.id === asset?.asset.accountLocationId) ??
    rng.pick(info.locations);
  const values = {
    contact: contact ? `${contact.firstName} ${contact.lastName}` : 'the user',
    location: location.location.locationName,
    asset: asset?.asset.name ?? `the ${(topic.assetCategory ?? 'computer').toLowerCase()}`,
  };

  const completed = info.typeName === 'Former Customer' || rng.chance(completedShare(nowMs - openMs));
  const statusId = completed ? TICKET_COMPLETED_STATUS : rng.choose(OPEN_STATUSES);
  const duration = rng.choose<[number, number]>([
    [[30 * MINUTE, 4 * HOUR], 50],
    [[4 * HOUR, 3 * DAY], 35],
    [[3 * DAY, 14 * DAY], 15],
  ]);
  const completedMs = completed ? Math.min(nowMs - MINUTE, between(rng, openMs + duration[0], openMs + duration[1])) : null;
  const endMs = completedMs ?? nowMs - MINUTE;
  const sourceId = topic.key === 'backup' && rng.chance(0.6) ? 5 : rng.choose(SOURCE_PAIRS);
  const employees = world.employees;
  const assignee = statusId === 1 && rng.chance(0.4) ? null : rng.pick(employees);
  const technician = () => (assignee && rng.chance(0.85) ? assignee : rng.pick(employees));
  const lastStatusMs = completedMs ?? (statusId === 1 ? openMs : between(rng, openMs, Math.min(endMs, openMs + 2 * DAY)));

  const notes = makeNotes(rng, lookups, ids, topic, values, openMs, endMs, completedMs !== null, technician);
  const checklistItems = topic.checklist && rng.chance(0.7) ? makeChecklist(rng, ids, topic.checklist, openMs, endMs, completedMs, technician) : [];
  const activity = Math.max(
    lastStatusMs,
    ...notes.map((n) => timeMs(n.modifiedOn!)),
    ...checklistItems.map((c) => timeMs(c.modifiedOn!)),
  );
  const queue = typeName === 'Change' ? 'Projects' : sourceId === 5 ? 'Monitoring' : 'Help Desk';
  const subIssueType = rng.pick(topic.subIssueTypes);
  return {
    id: ids.take('ticket'),
    ticketNumber,
    title: fill(titleTemplate, values),
    details: fill(detailTemplate, values),
    accountId: info.account.id,
    locationId: location.location.id,
    contactId: contact?.id ?? null,
    statusId,
    priorityId: typeName === 'Incident' && rng.chance(0.3) ? rng.choose<number>([[3, 80], [4, 20]]) : rng.choose<number>([[1, 25], [2, 65], [3, 10]]),
    typeId: lookups.id('TicketType', typeName),
    issueTypeId: lookups.id('IssueType', topic.issueType),
    subIssueTypeId: lookups.id('IssueSubType', subIssueType),
    sourceId,
    queueId: lookups.id('Queue', queue),
    assigneeId: assignee?.id ?? null,
    hardwareAssetId: asset?.asset.id ?? null,
    openDate: bmsTime(openMs),
    dueDate: rng.chance(0.25) ? bmsTime(openMs + 3 * DAY) : null,
    completedDate: completedMs === null ? null : bmsTime(completedMs),
    lastActivityUpdate: bmsTime(activity),
    lastStatusUpdate: bmsTime(lastStatusMs),
    lastPriorityUpdate: null,
    lastQueueUpdate: null,
    // Tickets taken on the phone or in person are entered by a technician; the others arrive by
    // portal, e-mail or monitoring.
    createdBy: sourceId === 1 || sourceId === 2 ? technician().id : null,
    createdOn: bmsTime(openMs),
    modifiedBy: assignee?.id ?? null,
    modifiedOn: bmsTime(lastStatusMs),
    notes,
    checklistItems,
  };
}

function makeNotes(
  rng: Rng,
  lookups: BmsLookups,
  ids: IdSequence<BmsIdKind>,
  topic: Topic,
  values: { contact: string; location: string; asset: string },
  openMs: number,
  endMs: number,
  completed: boolean,
  technician: () => { id: number },
): Note[] {
  const count = completed ? rng.int(1, 4) : rng.int(0, 3);
  const times = Array.from({ length: count }, () => between(rng, openMs + MINUTE, endMs)).sort((a, b) => a - b);
  return times.map((createdMs, i) => {
    const resolution = completed && i === count - 1;
    const toCustomer = !resolution && rng.chance(0.25);
    const text = resolution || rng.chance(0.6) ? rng.pick(topic.notes) : toCustomer ? rng.pick(CUSTOMER_NOTES) : rng.pick(GENERAL_NOTES);
    const author = technician().id;
    // Some notes were edited afterwards, sometimes by a colleague.
    const edited = rng.chance(0.12);
    const modifiedMs = edited ? between(rng, createdMs, endMs) : createdMs;
    return {
      id: ids.take('note'),
      details: fill(edited ? `${text} Update: confirmed with ${values.contact}.` : text, values),
      isInternal: resolution ? rng.chance(0.5) : !toCustomer,
      typeId: lookups.id('NoteType', resolution ? 'Resolution' : toCustomer ? 'Customer Update' : 'General'),
      noteDate: bmsTime(createdMs),
      createdBy: author,
      createdOn: bmsTime(createdMs),
      modifiedBy: edited && rng.chance(0.4) ? technician().id : author,
      modifiedOn: bmsTime(modifiedMs),
    };
  });
}

function makeChecklist(
  rng: Rng,
  ids: IdSequence<BmsIdKind>,
  tasks: readonly string[],
  openMs: number,
  endMs: number,
  completedMs: number | null,
  technician: () => { id: number },
): ChecklistItem[] {
  const createdMs = Math.min(endMs, openMs + between(rng, MINUTE, HOUR));
  const author = technician().id;
  // Done tasks come first; a completed ticket usually has them all ticked.
  const done = completedMs !== null ? (rng.chance(0.9) ? tasks.length : rng.int(0, tasks.length - 1)) : rng.int(0, tasks.length - 1);
  return tasks.map((name, i) => {
    const completedOn = i < done ? between(rng, createdMs, endMs) : null;
    const by = completedOn === null ? null : technician().id;
    return {
      id: ids.take('checklistItem'),
      name,
      description: null,
      order: i + 1,
      isCompleted: completedOn !== null,
      completedBy: by,
      completedOn: completedOn === null ? null : bmsTime(completedOn),
      createdBy: author,
      createdOn: bmsTime(createdMs),
      modifiedBy: by ?? author,
      modifiedOn: bmsTime(completedOn ?? createdMs),
    };
  });
}
