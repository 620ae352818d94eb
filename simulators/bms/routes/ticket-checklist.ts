/**
 * Checklist items of a ticket (S2: TicketChecklistItemPostInputDto, …PutInputDto, …OutputDto).
 * The routes that import or save IT Glue checklists (`POST …/checklist`,
 * `POST …/checklistitems/{checklistId}`) go through the vendor's own IT Glue integration and are
 * not served (see ASSUMPTIONS.md).
 */
import { z } from 'zod';
import type { Router, SimRequest } from '../../common/router.js';
import { checklistItemDto } from '../dto-tickets.js';
import { addChecklistItem, checklistOf, clearChecklist, deleteChecklistItem, findChecklistItem, updateChecklistItem } from '../ticket-writes.js';
import { idParam, ok, parseJsonBody } from '../wire.js';
import { notFoundError, writeStamp, type RouteContext } from './context.js';
import type { TicketOf } from './tickets.js';

/** S2 requires only the name; the order defaults to 0 (.NET). */
const itemPostInput = z.object({
  name: z.string().trim().min(1),
  description: z.string().nullable().optional(),
  order: z.number().int().optional(),
});
const itemPutInput = itemPostInput.extend({ isCompleted: z.boolean().optional() });

export function registerTicketChecklistRoutes(router: Router, ctx: RouteContext, ticketOf: TicketOf): void {
  const { store } = ctx;
  const itemIdOf = (req: SimRequest) => {
    const ticket = ticketOf(req);
    const itemId = idParam(req, 'itemId');
    if (!findChecklistItem(ticket, itemId)) throw notFoundError('Checklist item', itemId);
    return { ticket, itemId };
  };
  const base = '/v2/servicedesk/tickets/{ticketId}/checklistitems';

  // ASSUMPTION (bms-api.md §3.5): S2 types this answer as one item (TicketChecklistItemOutputDtoResponse),
  // a slip for an operation named GetTicketChecklistItemsByTicketId: the simulator answers every
  // item of the ticket, in checklist order, as a list.
  router.get(base, (req) => ok(checklistOf(ticketOf(req)).map((i) => checklistItemDto(store, i))));

  router.post(base, (req) => {
    const ticket = ticketOf(req);
    const input = parseJsonBody(req, itemPostInput);
    const { now, userId } = writeStamp(ctx, req);
    return ok(checklistItemDto(store, addChecklistItem(store, ticket, input, userId, now)));
  });

  // ASSUMPTION (bms-api.md §2.2): DELETE answers the envelope with result null. This one removes
  // every item of the ticket, whoever added it.
  router.delete(base, (req) => {
    clearChecklist(store, ticketOf(req), writeStamp(ctx, req).now);
    return ok(null);
  });

  router.put(`${base}/{itemId}`, (req) => {
    const { ticket, itemId } = itemIdOf(req);
    const input = parseJsonBody(req, itemPutInput);
    const { now, userId } = writeStamp(ctx, req);
    return ok(checklistItemDto(store, updateChecklistItem(store, ticket, itemId, input, userId, now)));
  });

  router.delete(`${base}/{itemId}`, (req) => {
    const { ticket, itemId } = itemIdOf(req);
    deleteChecklistItem(store, ticket, itemId, writeStamp(ctx, req).now);
    return ok(null);
  });
}
