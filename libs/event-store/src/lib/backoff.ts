/** Exponential back-off with full jitter. */
export interface BackoffPolicy {
  /** Delay ceiling of the first retry, in ms. */
  readonly initialMs: number;
  /** Upper bound of any delay, in ms. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 50, maxMs: 5_000 };

/**
 * Delay before retry number `attempt` (1-based). Full jitter (a uniform draw below the exponential
 * ceiling) keeps many clients that lost the same server from reconnecting in lock-step.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A sleep that a wake-up can cut short: subscriptions wait on it between polls, and an append in the
 * same process (or stop()) wakes them at once.
 */
export class Waker {
  private pending = false;
  private waiters: (() => void)[] = [];

  /** Wakes the current sleeper, or makes the next sleep return at once. */
  wake(): void {
    const waiters = this.waiters.splice(0);
    if (waiters.length === 0) this.pending = true;
    for (const w of waiters) w();
  }

  /** Waits for `ms` or until woken; true when woken. A wake that came while awake is not lost. */
  sleep(ms: number): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      let settled = false;
      const finish = (woken: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== onWake);
        resolve(woken);
      };
      const onWake = (): void => finish(true);
      const timer = setTimeout(() => finish(false), ms);
      this.waiters.push(onWake);
    });
  }

  /** Forgets a wake that nobody consumed (called right before a poll, which covers it). */
  clear(): void {
    this.pending = false;
  }
}
