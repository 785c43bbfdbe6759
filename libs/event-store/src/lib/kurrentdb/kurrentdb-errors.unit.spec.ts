import {
  StreamDeletedError as KurrentStreamDeleted,
  StreamNotFoundError as KurrentStreamNotFound,
  UnavailableError,
  WrongExpectedVersionError as KurrentWrongExpectedVersion,
} from '@kurrent/kurrentdb-client';
import { StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '../errors';
import { isTransientKurrentError, mapKurrentError } from './kurrentdb-errors';

describe('mapKurrentError', () => {
  it('maps a wrong expected version with the actual revision', () => {
    const mapped = mapKurrentError(new KurrentWrongExpectedVersion(undefined, { streamName: 'claim-1', expected: 0n, current: 2n }), 'claim-1', 0n);
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ streamName: 'claim-1', expectedState: 0n, actualRevision: 2n });
    const none = mapKurrentError(new KurrentWrongExpectedVersion(undefined, { streamName: 'claim-1', expected: 'stream_exists', current: 'no_stream' }), 'claim-1', 'stream_exists');
    expect(none).toMatchObject({ actualRevision: 'no_stream' });
  });

  it('maps deleted and missing streams, and passes everything else through', () => {
    expect(mapKurrentError(KurrentStreamDeleted.fromStreamName('claim-1'), 'claim-1')).toBeInstanceOf(StreamDeletedError);
    expect(mapKurrentError(new KurrentStreamNotFound(undefined, 'claim-1'), 'claim-1')).toBeInstanceOf(StreamNotFoundError);
    const unavailable = new UnavailableError();
    expect(mapKurrentError(unavailable, 'claim-1')).toBe(unavailable);
    const plain = new Error('x');
    expect(mapKurrentError(plain, 'claim-1')).toBe(plain);
  });

  it('treats an unavailable server as transient and a deleted stream as not', () => {
    expect(isTransientKurrentError(new UnavailableError())).toBe(true);
    expect(isTransientKurrentError(KurrentStreamDeleted.fromStreamName('s'))).toBe(false);
  });
});
