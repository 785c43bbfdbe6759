import { Injectable } from '@nestjs/common';

/** One reader's wake-up: a notify while the reader was busy is remembered, so no append is slept through. */
export class Wakeup {
  private pending = false;
  private wake?: () => void;

  notify(): void {
    if (this.wake) this.wake();
    else this.pending = true;
  }

  /** Resolves at the next notify (at once if one came since the last wait), or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(resolve), timeoutMs);
      this.wake = () => {
        clearTimeout(timer);
        this.settle(resolve);
      };
    });
  }

  private settle(resolve: () => void): void {
    this.wake = undefined;
    resolve();
  }
}

/**
 * In-process wake-up of the claim-stream readers (projector, relay) after this process appended. They
 * poll `$all` with back-off for other processes' writes; this lets a settlement leave for Kafka within
 * milliseconds of the pay command instead of at the next poll.
 */
@Injectable()
export class ClaimEventsSignal {
  private readonly listeners = new Set<Wakeup>();

  listen(): Wakeup {
    const w = new Wakeup();
    this.listeners.add(w);
    return w;
  }

  notify(): void {
    for (const l of this.listeners) l.notify();
  }
}
