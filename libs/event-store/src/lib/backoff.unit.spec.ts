import { backoffDelay, Waker } from './backoff';

describe('backoffDelay', () => {
  it('draws below an exponential ceiling that stops at maxMs', () => {
    const policy = { initialMs: 10, maxMs: 100 };
    expect([1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, policy, () => 0.999999))).toEqual([9, 19, 39, 79, 99, 99]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });
});

describe('Waker', () => {
  it('cuts a sleep short, and keeps a wake that came while nobody slept', async () => {
    const w = new Waker();
    const started = Date.now();
    const sleeping = w.sleep(5_000);
    w.wake();
    expect(await sleeping).toBe(true);
    w.wake();
    expect(await w.sleep(5_000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await w.sleep(5)).toBe(false);
    w.wake();
    w.clear();
    expect(await w.sleep(5)).toBe(false);
  });
});
