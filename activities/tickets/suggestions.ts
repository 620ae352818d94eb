/**
 * Suggested documentation delivered into BMS (SPEC §13): after each sync of an open ticket, the
 * active ticket settings choose IT Glue documents and passwords (domain/tickets/suggestions.ts),
 * and the engine keeps one internal note on the ticket that lists them:
 *
 * - created once: the note's row is marked `creating` (with the hash of the text) before the note
 *   is sent, so a retry after a lost answer finds the note by its header instead of adding another;
 * - updated in place when the list changes, removed when it becomes empty; an unchanged list costs
 *   no API call;
 * - left alone for good once someone else touched it: before changing its note the engine reads it
 *   and compares its modified time and author with what BMS answered the engine's own last write;
 *   a note edited (or deleted) since is logged and never written again.
 *
 * Completed tickets keep their note as it is. The suggestions are stored per ticket as well, for
 * `ticket suggestions` (CLI) and db/tickets.ts `suggestionRows`.
 */
import { createHash } from 'node:crypto';
import { isApiError } from '../../clients/http.js';
import type { BmsTicketNote } from '../../clients/bms/index.js';
import { listRules, suggestionRows, writeSuggestionRow, type SuggestionRow, type SuggestionWrite } from '../../db/tickets.js';
import { documentation } from '../../db/tickets.js';
import { canonicalEqual } from '../../domain/merge.js';
import {
  isSuggestionNote,
  organizationsInScope,
  settingsFor,
  suggestionNote,
  suggestionsFor,
  type DocumentationItem,
  type NamedSetting,
  type Suggestion,
} from '../../domain/tickets/suggestions.js';
import { isOpenTicket, ticketBindings, ticketFacts } from '../../entities/ticket.js';
import type { WireRecord } from '../../domain/mapping/fields.js';
import type { SyncedRecord } from '../sync/after-sync.js';
import { describeError, isRecordFailure } from '../sync/apply.js';
import type { SyncSession } from '../sync/session.js';
import { refreshDocumentation } from './documentation.js';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** The documentation of some organizations (or all), read once per batch. */
function documentationCache(session: SyncSession): (scope: Set<string> | null) => Promise<DocumentationItem[]> {
  const cache = new Map<string, Promise<DocumentationItem[]>>();
  return (scope) => {
    const keys = scope ? [...scope].sort() : null;
    const key = keys ? keys.join('\u0000') : '*';
    let found = cache.get(key);
    if (!found) {
      found = documentation(session.db, session.integrationId, keys);
      cache.set(key, found);
    }
    return found;
  };
}

/** What the active settings suggest for a ticket. */
export async function suggestionsForTicket(
  settings: readonly NamedSetting[],
  record: WireRecord,
  organizationName: string | null,
  documentationOf: (scope: Set<string> | null) => Promise<DocumentationItem[]>,
): Promise<Suggestion[]> {
  const facts = ticketFacts(record);
  const bindings = ticketBindings(record, organizationName);
  const matching = settingsFor(settings, facts, bindings);
  if (matching.length === 0) return [];
  return suggestionsFor(matching, facts, bindings, await documentationOf(organizationsInScope(matching, bindings)));
}

/** The after-sync step `suggestion-note`: answers the tickets whose note it wrote, changed or removed. */
export async function deliverSuggestions(session: SyncSession, synced: SyncedRecord[]): Promise<string[]> {
  const { db, integrationId } = session;
  const settings = await listRules(db, integrationId, 'suggestion', { activeOnly: true });
  const rows = await suggestionRows(db, integrationId, synced.map((s) => s.source.id));
  // Nothing configured and no note of ours anywhere in the batch: nothing to do, no call.
  if (settings.length === 0 && rows.size === 0) return [];
  const written: string[] = [];
  if (settings.length > 0) await refreshDocumentation(session);
  const documentationOf = documentationCache(session);
  for (const s of synced) {
    if (!isOpenTicket(s.source.record)) continue;
    const ticketId = s.source.id;
    try {
      const suggestions = await suggestionsForTicket(settings, s.source.record, s.organizationName, documentationOf);
      if (await keepNote(session, ticketId, suggestions, rows.get(ticketId) ?? null)) written.push(ticketId);
    } catch (err) {
      if (!isRecordFailure(err)) throw err;
      session.log({ entity: 'ticket', action: 'error', bmsId: ticketId, key: 'note', message: `suggestion note: ${describeError(err)}` });
    }
  }
  return written;
}

const noteFields = (note: BmsTicketNote) => ({ noteId: String(note.id), noteModifiedOn: note.modifiedOn ?? null, noteModifiedBy: note.modifiedBy ?? null });

/** The engine's note as BMS has it now: by id once written, by its header while a create is unresolved; null when there is none. */
async function currentNote(session: SyncSession, ticketId: number, row: SuggestionRow): Promise<BmsTicketNote | null> {
  if (row.noteState === 'written' && row.noteId) {
    try {
      return await session.bms.getTicketNote(ticketId, Number(row.noteId));
    } catch (err) {
      if (isApiError(err) && err.kind === 'not-found') return null;
      throw err;
    }
  }
  if (row.noteState === 'creating') {
    for await (const note of session.bms.iterateTicketNotes(ticketId)) if (isSuggestionNote(note.details)) return note;
  }
  return null;
}

/** Brings the ticket's note in line with its suggestions (see the file comment); true when it wrote to BMS. */
async function keepNote(session: SyncSession, ticketId: string, suggestions: Suggestion[], row: SuggestionRow | null): Promise<boolean> {
  const { db, integrationId, bms } = session;
  const id = Number(ticketId);
  const text = suggestions.length > 0 ? suggestionNote(suggestions) : null;
  const hash = text === null ? null : hashOf(text);
  const state: SuggestionWrite = {
    suggestions,
    noteState: row?.noteState ?? 'none',
    noteId: row?.noteId ?? null,
    noteHash: row?.noteHash ?? null,
    noteModifiedOn: row?.noteModifiedOn ?? null,
    noteModifiedBy: row?.noteModifiedBy ?? null,
    reason: row?.reason ?? null,
  };
  const save = (patch: Partial<SuggestionWrite>) => writeSuggestionRow(db, integrationId, ticketId, { ...state, ...patch });
  const log = (key: string, message: string, action: 'note' | 'warning' = 'note') => session.log({ entity: 'ticket', action, bmsId: ticketId, key: `note:${key}`, message });

  const same = row !== null && canonicalEqual(row.suggestions, suggestions);
  // Left alone for good, or nothing to write: only the stored list follows.
  if (row?.noteState === 'left-alone' || (row?.noteState === 'written' && row.noteHash === hash) || ((!row || row.noteState === 'none') && text === null)) {
    if (row && !same) await save({});
    return false;
  }

  // A note of ours may exist: read it first, to leave it alone if someone else touched it.
  let note: BmsTicketNote | null = null;
  if (row && row.noteState !== 'none') {
    note = await currentNote(session, id, row);
    if (row.noteState === 'written') {
      const edited = note === null ? 'deleted' : note.modifiedOn !== row.noteModifiedOn || (note.modifiedBy ?? null) !== row.noteModifiedBy ? 'edited' : null;
      if (edited) {
        const who = note?.modifiedByName ? ` by ${note.modifiedByName}` : '';
        const reason = `the suggestion note ${row.noteId} was ${edited} in BMS${edited === 'edited' ? who : ''} after the engine wrote it; it is left alone`;
        await save({ noteState: 'left-alone', reason });
        log('left-alone', `${reason} (the suggestions changed: ${suggestions.length} now)`, 'warning');
        return false;
      }
    }
  }

  if (text === null) {
    if (note) {
      await bms.deleteTicketNote(id, note.id);
      log('removed', `removed the suggestion note ${note.id}: no ticket setting suggests anything for this ticket now`);
    }
    await save({ noteState: 'none', noteId: null, noteHash: null, noteModifiedOn: null, noteModifiedBy: null, reason: null });
    return note !== null;
  }

  if (note) {
    const updated = await bms.updateTicketNote(id, note.id, { details: text, isInternal: true });
    await save({ noteState: 'written', noteHash: hash, ...noteFields(updated), reason: null });
    log('updated', `updated the suggestion note ${updated.id}: ${describe(suggestions)}`);
    return true;
  }
  // Marked before sending: a lost answer is found again by the note's header, never sent twice.
  await save({ noteState: 'creating', noteId: null, noteHash: hash, noteModifiedOn: null, noteModifiedBy: null, reason: null });
  const created = await bms.createTicketNote(id, { details: text, isInternal: true });
  await save({ noteState: 'written', noteHash: hash, ...noteFields(created), reason: null });
  log('created', `wrote the suggestion note ${created.id}: ${describe(suggestions)}`);
  return true;
}

function describe(suggestions: Suggestion[]): string {
  const documents = suggestions.filter((s) => s.kind === 'document').length;
  const passwords = suggestions.length - documents;
  return `${documents} document(s), ${passwords} password(s)`;
}
