/**
 * Ticket source ids and names (bms-api.md §3.5: the V1 constants; V2 has no lookup for them, and
 * whether a tenant can change them is unconfirmed). A ticket's list row carries only `sourceId`;
 * `sourceName` comes with the single ticket.
 */
export const BMS_TICKET_SOURCES: Readonly<Record<number, string>> = {
  0: 'Client Portal',
  1: 'Phone',
  2: 'In Person',
  3: 'On Site',
  4: 'E-mail',
  5: 'Monitoring',
  6: 'Voice Mail',
  7: 'Verbal',
  8: 'Other',
  9: 'Recurring',
};
