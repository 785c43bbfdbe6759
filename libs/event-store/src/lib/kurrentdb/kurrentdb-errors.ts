import { ErrorType, isCommandError } from '@kurrent/kurrentdb-client';
import { StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import type { CurrentState, ExpectedState } from '../event-store';

/**
 * Maps the KurrentDB client's errors to the port's typed errors; anything else is returned as is.
 * The v2 append API reports a deleted (-5) or tombstoned (-6) stream as a negative actual state;
 * the port knows no such revision, so those read as `'no_stream'`.
 */
export function mapKurrentError(error: unknown, streamName: string, expected: ExpectedState = 'any'): unknown {
  if (!(error instanceof Error) || !isCommandError(error)) return error;
  switch (error.type) {
    case ErrorType.WRONG_EXPECTED_VERSION: {
      const actual = error.actualState;
      const current: CurrentState = typeof actual === 'bigint' && actual >= 0n ? actual : 'no_stream';
      return new WrongExpectedVersionError(streamName, expected, current);
    }
    case ErrorType.STREAM_DELETED:
    case ErrorType.STREAM_TOMBSTONED:
      return new StreamDeletedError(streamName);
    case ErrorType.STREAM_NOT_FOUND:
      return new StreamNotFoundError(streamName);
    default:
      return error;
  }
}

/** Failures worth resubscribing after: the server or the connection is (for now) unavailable. */
export function isTransientKurrentError(error: unknown): boolean {
  if (!(error instanceof Error) || !isCommandError(error)) return true;
  return [ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.NOT_LEADER, ErrorType.CANCELLED, ErrorType.UNKNOWN].includes(error.type);
}
