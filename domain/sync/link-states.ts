/**
 * How a link moves between states (SPEC §6): the one transition function every writer of a link
 * state goes through, so an impossible move (a disabled record re-enabled by a sync, an orphan
 * resurrected by a push) fails loudly instead of happening silently.
 */
import type { LinkState } from '../entities.js';

/** Where each state may go; staying put is always allowed. */
const NEXT: Record<LinkState | 'none', readonly LinkState[]> = {
  none: ['enabled', 'creating', 'excluded', 'unmatched', 'held', 'error', 'queued-for-push'],
  // A create was sent: it lands (enabled), fails (error), or the record turns out excluded.
  creating: ['enabled', 'error', 'excluded', 'orphaned', 'held'],
  enabled: ['orphaned', 'error', 'disabled', 'excluded', 'creating', 'disconnected', 'held'],
  error: ['enabled', 'orphaned', 'creating', 'excluded', 'unmatched', 'held', 'disabled', 'disconnected', 'queued-for-push'],
  orphaned: ['enabled', 'error', 'creating', 'excluded', 'disabled', 'disconnected'],
  // Only an operator re-enables a disabled record (record workflow), or the integration is disconnected.
  disabled: ['enabled', 'disconnected'],
  excluded: ['enabled', 'creating', 'unmatched', 'error', 'disconnected'],
  unmatched: ['enabled', 'creating', 'excluded', 'error', 'disconnected'],
  held: ['enabled', 'creating', 'error', 'excluded', 'queued-for-push', 'disconnected'],
  'queued-for-push': ['enabled', 'creating', 'held', 'error', 'disconnected'],
  // Not stored (derived in the report); listed for completeness.
  'not-yet-pushed': ['queued-for-push', 'enabled', 'creating', 'held', 'error'],
  // Reconnecting runs matching again: any state a first sync could reach.
  disconnected: ['enabled', 'creating', 'excluded', 'unmatched', 'held', 'error', 'orphaned', 'disabled'],
};

export class LinkTransitionError extends Error {
  override readonly name = 'LinkTransitionError';
}

/** Checks a move and returns the new state; throws on a move the sync must never make. */
export function transition(from: LinkState | null, to: LinkState, why: string): LinkState {
  if (from === to) return to;
  if (!NEXT[from ?? 'none'].includes(to)) throw new LinkTransitionError(`a link cannot go from ${from ?? 'no link'} to ${to} (${why})`);
  return to;
}
