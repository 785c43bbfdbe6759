import { CallFailed, GroupedCalls } from './grouped-calls';

/** A batch function whose batches the test completes by hand, recording what each contained. */
function manualBatches() {
  const batches: { inputs: readonly number[]; finish: (outputs?: readonly string[]) => void; fail: (e: Error) => void }[] = [];
  const run = (inputs: readonly number[]) =>
    new Promise<readonly string[]>((resolve, reject) => {
      batches.push({ inputs, finish: (outputs) => resolve(outputs ?? inputs.map((i) => `answer ${i}`)), fail: reject });
    });
  return { batches, run };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('GroupedCalls', () => {
  it('runs a lone call at once, and groups the calls that arrive while the batches in flight run', async () => {
    const { batches, run } = manualBatches();
    const grouped = new GroupedCalls(run, { maxInFlight: 1, maxBatch: 10 });
    const first = grouped.call(1);
    expect(batches.map((b) => b.inputs)).toEqual([[1]]);
    const rest = [2, 3, 4].map((i) => grouped.call(i));
    expect(batches).toHaveLength(1); // waiting for the one in flight
    batches[0]!.finish();
    await expect(first).resolves.toBe('answer 1');
    await flush();
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2, 3, 4]]);
    batches[1]!.finish();
    await expect(Promise.all(rest)).resolves.toEqual(['answer 2', 'answer 3', 'answer 4']);
  });

  it('keeps up to maxInFlight batches running and caps a batch at maxBatch', async () => {
    const { batches, run } = manualBatches();
    const grouped = new GroupedCalls(run, { maxInFlight: 2, maxBatch: 2 });
    const calls = [1, 2, 3, 4, 5, 6].map((i) => grouped.call(i));
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2]]);
    batches[1]!.finish();
    await flush();
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2], [3, 4]]);
    batches[0]!.finish();
    await flush();
    batches[2]!.finish();
    await flush();
    expect(batches.map((b) => b.inputs)).toEqual([[1], [2], [3, 4], [5, 6]]);
    batches[3]!.finish();
    await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3, 4, 5, 6].map((i) => `answer ${i}`));
  });

  it('fails every call of a failed batch, and goes on with the next', async () => {
    const { batches, run } = manualBatches();
    const grouped = new GroupedCalls(run, { maxInFlight: 1, maxBatch: 10 });
    const first = grouped.call(1);
    const second = grouped.call(2);
    batches[0]!.fail(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await flush();
    batches[1]!.finish();
    await expect(second).resolves.toBe('answer 2');
  });

  it('fails only the call a batch answered with CallFailed', async () => {
    const grouped = new GroupedCalls(async (inputs: readonly number[]) => inputs.map((i) => (i === 2 ? new CallFailed(new Error('not storable')) : `answer ${i}`)), { maxInFlight: 1, maxBatch: 10 });
    const results = await Promise.allSettled([1, 2, 3].map((i) => grouped.call(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['answer 1', 'not storable', 'answer 3']);
  });

  it('refuses a batch that answered a different number of calls', async () => {
    const { batches, run } = manualBatches();
    const grouped = new GroupedCalls(run, { maxInFlight: 1, maxBatch: 10 });
    const first = grouped.call(1);
    batches[0]!.finish([]);
    await expect(first).rejects.toThrow('a batch of 1 calls answered 0 times');
  });
});
