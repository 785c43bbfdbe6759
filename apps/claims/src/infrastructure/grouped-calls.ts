/** An output that fails its one call (the batch's other calls keep their answers). */
export class CallFailed {
  constructor(readonly error: unknown) {}
}

interface Waiting<I, O> {
  readonly input: I;
  readonly resolve: (output: O) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs concurrent calls of one kind as few statements: at most `maxInFlight` batches run at a time, and
 * the calls that arrive meanwhile wait and go together in the next one. A lone call runs at once, so
 * nothing waits for a timer; under load each round trip serves many callers, which is what keeps a
 * two-core machine from spending its time in socket writes and context switches.
 */
export class GroupedCalls<I, O> {
  private readonly waiting: Waiting<I, O>[] = [];
  private inFlight = 0;

  constructor(
    /** Answers `inputs` in their order (one output per input, {@link CallFailed} to fail that call alone). */
    private readonly runBatch: (inputs: readonly I[]) => Promise<readonly (O | CallFailed)[]>,
    private readonly limits: { readonly maxInFlight: number; readonly maxBatch: number },
  ) {}

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.limits.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.limits.maxBatch);
      this.inFlight += 1;
      this.runBatch(batch.map((w) => w.input))
        .then((outputs) => {
          if (outputs.length !== batch.length) throw new Error(`a batch of ${batch.length} calls answered ${outputs.length} times`);
          batch.forEach((w, i) => {
            const output = outputs[i];
            if (output instanceof CallFailed) w.reject(output.error);
            else w.resolve(output as O);
          });
        })
        .catch((error: unknown) => batch.forEach((w) => w.reject(error)))
        .finally(() => {
          this.inFlight -= 1;
          this.pump();
        });
    }
  }
}
