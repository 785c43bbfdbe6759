import { newId } from './ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId (UUID version 7)', () => {
  it('is a version 7, RFC 9562 variant UUID carrying the millisecond', () => {
    const id = newId(Date.UTC(2025, 1, 10, 2, 0, 0, 123));
    expect(id).toMatch(UUID);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(Date.UTC(2025, 1, 10, 2, 0, 0, 123));
  });

  it('increases strictly, within one millisecond and across them, so index inserts go to the right-hand end', () => {
    const t = Date.UTC(2030, 0, 1);
    const ids = [...Array.from({ length: 20_000 }, () => newId(t)), ...Array.from({ length: 100 }, (_, i) => newId(t + 1 + i))];
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(UUID);
  });

  it('stays increasing when the clock steps back', () => {
    const a = newId(Date.UTC(2031, 0, 1));
    const b = newId(Date.UTC(2031, 0, 1) - 5_000);
    expect(b > a).toBe(true);
  });
});
