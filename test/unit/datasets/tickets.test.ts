/**
 * The generator's tickets (with notes and checklist items) and its documents and passwords for
 * ticket suggestions: present, consistent with the rest of the dataset, spread in time so a
 * 90-day history window matters, named so whole-word matching and the organization-name variable
 * matter, deterministic per seed, and drawn from their own random streams.
 */
import { describe, expect, it } from 'vitest';
import { BmsStore } from '../../../simulators/bms/store.js';
import { ticketProblems } from '../../../simulators/bms/ticket-writes.js';
import { generateDataset } from '../../../simulators/datasets/generate.js';
import type { Dataset } from '../../../simulators/datasets/format.js';

const NOW = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;
const bmsMs = (t: string | null | undefined): number => (t ? Date.parse(`${t}Z`) : Number.NaN);
const { dataset } = generateDataset();
const bms = dataset.bms!;
const itg = dataset.itglue!;

describe('generated tickets', () => {
  it('come six per account by default and scale with the tickets option', () => {
    expect(bms.tickets).toHaveLength(6 * bms.accounts.length);
    expect(generateDataset({ accounts: 5, tickets: 240 }).dataset.bms!.tickets).toHaveLength(240);
    expect(generateDataset({ accounts: 5, tickets: 0 }).dataset.bms!.tickets).toEqual([]);
  });

  it('reference their own account’s location, contact and asset, and lookups that exist (the simulator loads them)', () => {
    const store = new BmsStore(dataset);
    expect(store.tickets.size).toBe(bms.tickets.length);
    for (const ticket of store.tickets.values()) expect(ticketProblems(store, ticket), `ticket ${ticket.id}`).toEqual([]);
    const employees = new Set(bms.employees.map((e) => e.id));
    for (const ticket of bms.tickets) {
      for (const note of ticket.notes) {
        expect(employees.has(note.createdBy!), `note ${note.id}`).toBe(true);
        expect(employees.has(note.modifiedBy!), `note ${note.id}`).toBe(true);
      }
      for (const item of ticket.checklistItems) if (item.isCompleted) expect(employees.has(item.completedBy!)).toBe(true);
    }
    expect(bms.tickets.filter((t) => t.contactId !== null).length).toBeGreaterThan(bms.tickets.length / 2);
    expect(bms.tickets.some((t) => t.hardwareAssetId !== null)).toBe(true);
    const ids = (list: { id: number }[]) => new Set(list.map((r) => r.id)).size === list.length;
    expect(ids(bms.tickets.flatMap((t) => t.notes))).toBe(true);
    expect(ids(bms.tickets.flatMap((t) => t.checklistItems))).toBe(true);
  });

  it('are open or completed, completions spread over the year, so a 90-day history window matters', () => {
    const completedStatus = bms.lookups.TicketStatus!.find((s) => s.name === 'Completed')!.id;
    const completed = bms.tickets.filter((t) => t.completedDate);
    const open = bms.tickets.filter((t) => !t.completedDate);
    for (const t of completed) expect(t.statusId).toBe(completedStatus);
    for (const t of open) expect(t.statusId).not.toBe(completedStatus);
    const age = (t: string | null | undefined) => NOW - bmsMs(t);
    expect(completed.filter((t) => age(t.completedDate) <= 90 * DAY).length).toBeGreaterThan(5);
    expect(completed.filter((t) => age(t.completedDate) > 90 * DAY).length).toBeGreaterThan(completed.length / 2);
    expect(completed.some((t) => age(t.completedDate) > 300 * DAY)).toBe(true);
    expect(open.length).toBeGreaterThan(3);
    // Stale open tickets: a first sync takes open tickets whatever their age.
    expect(open.some((t) => age(t.openDate) > 90 * DAY)).toBe(true);
  });

  it('carry a last-activity time no earlier than anything that happened to them, and not after now', () => {
    for (const t of bms.tickets) {
      const activity = bmsMs(t.lastActivityUpdate);
      const events = [t.openDate, t.completedDate, t.lastStatusUpdate, ...t.notes.map((n) => n.modifiedOn), ...t.checklistItems.map((c) => c.modifiedOn)];
      for (const at of events.filter(Boolean)) expect(activity, `ticket ${t.id}`).toBeGreaterThanOrEqual(bmsMs(at));
      expect(activity).toBeLessThanOrEqual(NOW);
    }
  });

  it('talk about printers, VPN, e-mail and passwords; have notes (some edited, some public) and checklist items', () => {
    const text = bms.tickets.map((t) => `${t.title} ${t.details}`).join('\n');
    for (const word of [/\bprinter\b/i, /\bVPN\b/, /\bOutlook\b|\be-mail\b/i, /\bpassword\b/i]) expect(text).toMatch(word);
    const notes = bms.tickets.flatMap((t) => t.notes);
    expect(notes.length).toBeGreaterThan(bms.tickets.length);
    expect(notes.some((n) => n.modifiedOn !== n.createdOn)).toBe(true);
    expect(notes.some((n) => !n.isInternal)).toBe(true);
    const items = bms.tickets.flatMap((t) => t.checklistItems);
    expect(items.some((i) => i.isCompleted)).toBe(true);
    expect(items.some((i) => !i.isCompleted)).toBe(true);
    expect(new Set(bms.tickets.map((t) => t.issueTypeId)).size).toBeGreaterThan(3);
  });
});

describe('generated documents and passwords', () => {
  const orgName = new Map(itg.organizations.map((o) => [Number(o.id), o.name.replace(/\s+/g, ' ').trim()]));

  it('exist in every organization, without a name twice in one organization', () => {
    for (const org of itg.organizations) {
      const docs = itg.documents.filter((d) => d['organization-id'] === Number(org.id)).map((d) => d.name.toLowerCase());
      const passwords = itg.passwords.filter((p) => p['organization-id'] === Number(org.id)).map((p) => p.name.toLowerCase());
      expect(docs.length, org.name).toBeGreaterThan(2);
      expect(passwords.length, org.name).toBeGreaterThan(0);
      expect(new Set(docs).size).toBe(docs.length);
      expect(new Set(passwords).size).toBe(passwords.length);
    }
  });

  it('carry the organization’s name in some document names, and near misses for whole-word matching', () => {
    const withOwnName = itg.documents.filter((d) => d.name.startsWith(`${orgName.get(d['organization-id'])} – `));
    expect(new Set(withOwnName.map((d) => d['organization-id'])).size).toBeGreaterThan(itg.organizations.length / 2);
    const names = new Set(itg.documents.map((d) => d.name));
    for (const name of ['Printer Setup Guide', 'Printers and Scanners', 'Print Server maintenance', 'VPN Setup', 'Backup Procedure', 'Backups']) expect(names.has(name), name).toBe(true);
    expect(itg.documents.some((d) => d.archived)).toBe(true);
  });

  it('file passwords under categories that exist, Network and Network Device among them', () => {
    const categories = new Map(itg.passwordCategories.map((c) => [Number(c.id), c.name]));
    for (const name of ['Network', 'Network Device', 'Email', 'Wireless', 'Microsoft 365']) expect([...categories.values()]).toContain(name);
    for (const p of itg.passwords) expect(categories.has(p['password-category-id']!), p.name).toBe(true);
    const used = new Set(itg.passwords.map((p) => categories.get(p['password-category-id']!)));
    expect(used.has('Network') && used.has('Network Device') && used.has('Email')).toBe(true);
  });
});

describe('determinism and independence', () => {
  const small = { seed: 9, accounts: 8, assets: 120 };
  const part = (d: Dataset) => JSON.stringify({ tickets: d.bms!.tickets, documents: d.itglue!.documents, passwords: d.itglue!.passwords });

  it('gives the same tickets and documentation for a seed, and others for another seed', () => {
    expect(part(generateDataset(small).dataset)).toBe(part(generateDataset(small).dataset));
    expect(part(generateDataset({ ...small, seed: 10 }).dataset)).not.toBe(part(generateDataset(small).dataset));
  });

  it('leaves the rest of the dataset unchanged whatever the number of tickets', () => {
    const few = generateDataset({ ...small, tickets: 3 }).dataset;
    const many = generateDataset({ ...small, tickets: 400 }).dataset;
    const rest = (d: Dataset) => JSON.stringify({ ...d, bms: { ...d.bms!, tickets: [] } });
    expect(rest(many)).toBe(rest(few));
  });
});
