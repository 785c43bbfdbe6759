import { backoffDelay, DEFAULT_BACKOFF, Waker, type BackoffPolicy } from './backoff';
import { ALL_START, type AllPosition, type AllSlice, type EventHandler, type StreamFilter, type SubscribeOptions, type Subscription } from './event-store';

/** What a polling subscription needs from its store. */
export interface PollingSource {
  /** One page after `from`; `nextPosition` may move past events the filter skipped. */
  readPage(from: AllPosition, maxCount: number, filter: StreamFilter | undefined): Promise<AllSlice>;
  /** The position after everything committed so far (for `from: 'end'`). */
  endPosition(): Promise<AllPosition>;
}

/** Timing of a polling subscription. */
export interface PollingTimings {
  /** First idle poll interval after new events or a wake-up, in ms. */
  readonly minPollMs: number;
  /** Idle polls back off up to this interval, in ms: the latency for writes from other processes. */
  readonly maxPollMs: number;
  /** Back-off after failed reads or checkpoint writes. */
  readonly retry: BackoffPolicy;
  /** Least interval between checkpoint writes that only skip other streams' events, in ms. */
  readonly idleCheckpointMs: number;
}

export const DEFAULT_POLLING: PollingTimings = { minPollMs: 5, maxPollMs: 500, retry: DEFAULT_BACKOFF, idleCheckpointMs: 1_000 };

const DEFAULT_BATCH = 500;

/** Errors that retrying cannot fix: bad arguments, such as a position from another store. */
const isProgrammingError = (e: unknown): boolean => e instanceof TypeError || e instanceof RangeError;

/**
 * A catch-up subscription by polling, shared by the PostgreSQL and in-memory adapters. It polls at
 * once when woken (an append in this process), otherwise with back-off between `minPollMs` and
 * `maxPollMs`, so other processes' writes are seen within `maxPollMs` without LISTEN/NOTIFY (a NOTIFY
 * in the append transaction would serialise all writers at commit).
 *
 * The checkpoint is stored after each page of handled events (and on stop), so a crash redelivers
 * at most one page.
 */
export function startPollingSubscription(
  source: PollingSource,
  options: SubscribeOptions,
  handler: EventHandler,
  timings: PollingTimings,
  hooks: { register(waker: Waker): void; unregister(waker: Waker): void },
): Subscription {
  const { subscriptionId, checkpoints, filter } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const waker = new Waker();
  let stopping = false;

  const run = async (): Promise<void> => {
    let position: AllPosition | undefined;
    let stored: AllPosition | undefined;
    let storedAt = 0;
    let idleMs = timings.minPollMs;
    let failures = 0;
    let handlerError: { error: unknown } | undefined;

    while (!stopping && !handlerError) {
      try {
        if (position === undefined) {
          stored = await checkpoints.load(subscriptionId);
          position = stored ?? (options.from === 'end' ? await source.endPosition() : (options.from ?? ALL_START));
        }
        waker.clear();
        const page = await source.readPage(position, batchSize, filter);
        failures = 0;
        let handledAll = true;
        for (const event of page.events) {
          if (stopping) {
            handledAll = false;
            break;
          }
          try {
            await handler(event);
          } catch (error) {
            handlerError = { error };
            handledAll = false;
            break;
          }
          position = event.position as AllPosition;
        }
        if (handledAll) position = page.nextPosition;
        // A position that only moved past other streams' events is worth little; store it now and
        // then, not on every poll (every append in this process wakes every subscription).
        const onlySkipped = page.events.length === 0 && !stopping;
        if (position !== stored && (!onlySkipped || Date.now() - storedAt >= timings.idleCheckpointMs)) {
          await checkpoints.store(subscriptionId, position);
          stored = position;
          storedAt = Date.now();
        }
        if (handlerError || stopping) break;
        if (page.events.length >= batchSize) {
          idleMs = timings.minPollMs;
          continue;
        }
        if (page.events.length > 0) idleMs = timings.minPollMs;
        const woken = await waker.sleep(idleMs);
        idleMs = woken ? timings.minPollMs : Math.min(idleMs * 2, timings.maxPollMs);
      } catch (error) {
        if (isProgrammingError(error)) throw error;
        failures += 1;
        const delay = backoffDelay(failures, timings.retry);
        options.onRetry?.(error, failures, delay);
        await waker.sleep(delay);
      }
    }
    if (handlerError) throw handlerError.error;
  };

  hooks.register(waker);
  const done = run().finally(() => hooks.unregister(waker));
  // The caller may never look at `done`; an unobserved rejection must not crash the process.
  done.catch(() => undefined);

  return {
    subscriptionId,
    done,
    stop: async () => {
      stopping = true;
      waker.wake();
      await done.catch(() => undefined);
    },
  };
}
