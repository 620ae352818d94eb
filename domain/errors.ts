/**
 * A failure that belongs to one record (data the other system would refuse, a value it lacks): the
 * record is marked `error` with this message and the run goes on. Entity modules throw it; the
 * sync core catches it per record (activities/sync/apply.ts).
 */
export class RecordError extends Error {
  override readonly name = 'RecordError';
}
