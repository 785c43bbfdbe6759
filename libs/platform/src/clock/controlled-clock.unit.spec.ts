import { ControlledClock } from './controlled-clock';

describe('controlled clock', () => {
  it('moves forwards, keeps running, and refuses to move backwards', async () => {
    const clock = new ControlledClock();
    expect(clock.moveTo(new Date('2021-01-01T00:00:00Z'))).toBe(true); // the first move sets the scene, even in the past
    expect(clock.now().getUTCFullYear()).toBe(2021);
    expect(clock.moveTo(new Date('2030-01-01T00:00:00Z'))).toBe(true);
    const first = clock.now().getTime();
    expect(first).toBeGreaterThanOrEqual(Date.parse('2030-01-01T00:00:00Z'));
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now().getTime()).toBeGreaterThan(first);
    expect(clock.moveTo(new Date('2029-12-31T00:00:00Z'))).toBe(false);
    expect(clock.now().getTime()).toBeGreaterThan(first);
  });

  it('stands still when frozen, until the next move', async () => {
    const clock = new ControlledClock();
    clock.moveTo(new Date('2021-03-01T08:00:00Z'), { frozen: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now().toISOString()).toBe('2021-03-01T08:00:00.000Z');
    expect(clock.moveTo(new Date('2021-03-01T07:00:00Z'), { frozen: true })).toBe(false);
    expect(clock.moveTo(new Date('2021-03-01T09:00:00Z'))).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now().getTime()).toBeGreaterThan(Date.parse('2021-03-01T09:00:00Z'));
  });
});
