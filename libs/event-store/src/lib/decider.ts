import { sleep } from './backoff';
import { jsonEventCodec, type DomainEvent, type EventCodec } from './codec';
import { StreamNotFoundError, WrongExpectedVersionError } from './errors';
import { deriveEventId, newEventId } from './event-id';
import type { AllPosition, AppendResult, CurrentState, EventData, EventStore, RecordedEvent } from './event-store';
import type { JsonObject } from './json';

/**
 * An aggregate's rules as pure functions (the decider pattern): `decide` turns a command and the
 * current state into new events (or throws a domain error), `evolve` folds an event into the state.
 * `evolve` never throws, and a repeated command decides `[]`, so retries are safe.
 */
export interface Decider<C, S, E> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): readonly E[];
}

/** Options of {@link handleCommand}. */
export interface HandleCommandOptions<E> {
  /** Defaults to {@link jsonEventCodec}, for events shaped `{ type, data, metadata? }`. */
  readonly codec?: EventCodec<E>;
  /**
   * The command's idempotency key (from the request header or the consumed message). Event ids are
   * derived from it, so the same command handled twice, even across an ambiguous COMMIT, is written
   * once. Without it event ids are random.
   */
  readonly idempotencyKey?: string;
  /** Merged into every event's metadata (correlation id, causation id, actor); event metadata wins. */
  readonly metadata?: JsonObject;
  /** Attempts in all when the stream moved between load and append; defaults to 5. */
  readonly maxAttempts?: number;
  /** Pause before attempt `attempt` (2, 3, ...), in ms; defaults to a few ms of jitter per attempt. */
  readonly retryDelayMs?: (attempt: number) => number;
}

/** What {@link HandleCommandWithStateOptions.append} is given: the append, and the decision behind it. */
export interface DecidedAppend<S, E> {
  readonly streamName: string;
  readonly events: readonly EventData[];
  readonly expectedState: CurrentState;
  /** The decided events and the state they lead to, should the append succeed. */
  readonly decided: readonly E[];
  readonly stateAfter: S;
}

/** A stream's folded state and the revision it was folded to, as a caller may already hold it. */
export interface KnownState<S> {
  readonly state: S;
  readonly revision: CurrentState;
}

/** Options of {@link handleCommand} whose decider state the caller may already hold. */
export interface HandleCommandWithStateOptions<S, E> extends HandleCommandOptions<E> {
  /**
   * The stream's state as the caller last saw it (typically kept from its own previous decision), used
   * instead of reading the stream. It is only an assumption: the append's expected revision verifies it,
   * and when it was stale (a conflict), or when deciding on it threw or decided nothing (an answer that
   * must come from the stream as stored), the stream is read and the command decided again, without
   * using up an attempt.
   */
  readonly knownState?: KnownState<S>;
  /**
   * Appends the decided events instead of `store.appendToStream` (which it must behave like: the expected
   * state checked, {@link WrongExpectedVersionError} on a conflict), e.g. to write a row of the caller's in
   * the same transaction. Whatever else it throws propagates.
   */
  readonly append?: (append: DecidedAppend<S, E>) => Promise<AppendResult>;
}

/** Outcome of {@link handleCommand}. */
export interface HandleCommandResult<S, E> {
  /** The stream's revision after the command: the last event written, or the unchanged revision. */
  readonly nextExpectedRevision: CurrentState;
  /** The events this command decided (empty for a no-op, such as a repeated command). */
  readonly events: readonly E[];
  /** The state after those events. */
  readonly state: S;
  /** Position of the last written event in `$all`, when something was written. */
  readonly position?: AllPosition;
}

const DEFAULT_ATTEMPTS = 5;
// Concurrent writers of one stream that all retried at once would collide again.
const defaultRetryDelay = (attempt: number): number => Math.floor(Math.random() * 5 * (attempt - 1));

/** Loads a stream and folds it; a missing (or soft-deleted) stream is the initial state. */
export async function loadState<S, E>(
  store: EventStore,
  streamName: string,
  decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>,
  codec: EventCodec<E>,
): Promise<{ state: S; revision: CurrentState }> {
  let recorded: RecordedEvent[];
  try {
    recorded = await store.readStream(streamName);
  } catch (e) {
    if (e instanceof StreamNotFoundError) return { state: decider.initialState(), revision: 'no_stream' };
    throw e;
  }
  let state = decider.initialState();
  for (const r of recorded) state = decider.evolve(state, codec.decode(r));
  const last = recorded[recorded.length - 1];
  return { state, revision: last ? last.revision : 'no_stream' };
}

/**
 * The one write path of an event-sourced service: load the stream, fold it, decide, append with the
 * loaded revision as the expected state, and on {@link WrongExpectedVersionError} (another writer got
 * there first) start over, at most `maxAttempts` times. Domain errors thrown by `decide` propagate.
 */
export async function handleCommand<C, S, E>(
  store: EventStore,
  streamName: string,
  decider: Decider<C, S, E>,
  command: C,
  options: HandleCommandWithStateOptions<S, E> = {},
): Promise<HandleCommandResult<S, E>> {
  const codec = options.codec ?? (jsonEventCodec<DomainEvent>() as unknown as EventCodec<E>);
  const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;

  let known = options.knownState;
  for (let attempt = 1; ; attempt++) {
    const assumed = known !== undefined;
    const { state, revision } = known ?? (await loadState(store, streamName, decider, codec));
    known = undefined;
    let events: readonly E[];
    try {
      events = decider.decide(command, state);
    } catch (e) {
      // A refusal is only an answer when the state it was decided on is the stream as stored.
      if (assumed) {
        attempt -= 1;
        continue;
      }
      throw e;
    }
    if (events.length === 0) {
      if (assumed) {
        attempt -= 1;
        continue;
      }
      return { nextExpectedRevision: revision, events, state };
    }

    const data: EventData[] = events.map((event, i) => {
      const encoded = codec.encode(event);
      const metadata = options.metadata || encoded.metadata ? { ...options.metadata, ...encoded.metadata } : undefined;
      return {
        id: options.idempotencyKey !== undefined ? deriveEventId(options.idempotencyKey, i) : newEventId(),
        type: encoded.type,
        data: encoded.data,
        ...(metadata ? { metadata } : {}),
      };
    });
    const stateAfter = events.reduce((s, e) => decider.evolve(s, e), state);
    try {
      const result = options.append
        ? await options.append({ streamName, events: data, expectedState: revision, decided: events, stateAfter })
        : await store.appendToStream(streamName, data, { expectedState: revision });
      // A replay (these ids were written by an earlier attempt whose outcome the caller never saw)
      // reports the original revision, which is not past the loaded one: nothing new happened.
      if (typeof revision === 'bigint' && result.nextExpectedRevision <= revision) return { nextExpectedRevision: revision, events: [], state };
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        events,
        state: stateAfter,
        ...(result.position !== undefined ? { position: result.position } : {}),
      };
    } catch (e) {
      if (assumed && e instanceof WrongExpectedVersionError) {
        // The assumed state was stale: read the stream, which is not a contended retry.
        attempt -= 1;
        continue;
      }
      if (!(e instanceof WrongExpectedVersionError) || attempt >= maxAttempts) throw e;
      const delay = retryDelay(attempt + 1);
      if (delay > 0) await sleep(delay);
    }
  }
}
