import type { CurrentState, ExpectedState } from './event-store';

/**
 * Errors carry a stable `MODULE.CODE` code and a kind, the shape the platform's HTTP error filter
 * recognises (`CodedError`), so an app maps them to 409/404 without knowing this library.
 */
export type EventStoreErrorKind = 'conflict' | 'not_found';

/** Base class of the port's typed errors. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  abstract readonly kind: EventStoreErrorKind;
  constructor(
    message: string,
    /** The stream the failed operation addressed. */
    readonly streamName: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

const describeState = (s: ExpectedState | CurrentState): string => (typeof s === 'bigint' ? `revision ${s}` : s);

/** The stream was not in the expected state; nothing was written. */
export class WrongExpectedVersionError extends EventStoreError {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_VERSION';
  readonly kind = 'conflict';
  constructor(
    streamName: string,
    readonly expectedState: ExpectedState,
    /** The stream's last revision when the append was refused, or `'no_stream'`. */
    readonly actualRevision: CurrentState,
  ) {
    super(`${streamName}: expected ${describeState(expectedState)}, actual ${describeState(actualRevision)}`, streamName);
  }
}

/** The stream was never written, or is soft-deleted and not written since. */
export class StreamNotFoundError extends EventStoreError {
  readonly code = 'EVENT_STORE.STREAM_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(streamName: string) {
    super(`${streamName}: stream not found`, streamName);
  }
}

/** The stream is tombstoned (hard-deleted): it can never be read or written again. */
export class StreamDeletedError extends EventStoreError {
  readonly code = 'EVENT_STORE.STREAM_DELETED';
  readonly kind = 'not_found';
  constructor(streamName: string) {
    super(`${streamName}: stream is deleted`, streamName);
  }
}

/**
 * Some, but not all, event ids of a batch are already in the stream: the same idempotency key was
 * used for a different batch, which a retry must never paper over. Nothing was written.
 */
export class IdempotencyConflictError extends EventStoreError {
  readonly code = 'EVENT_STORE.IDEMPOTENCY_CONFLICT';
  readonly kind = 'conflict';
  constructor(streamName: string) {
    super(`${streamName}: some event ids of the batch are already stored, others are not`, streamName);
  }
}
