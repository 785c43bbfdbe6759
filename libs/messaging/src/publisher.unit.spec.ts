import { chunkByBytes, type OutboundMessage } from './publisher';

const message = (n: number, bytes: number): OutboundMessage => ({
  id: `id-${n}`,
  topic: 't',
  key: `k-${n % 3}`,
  type: 'Sample',
  source: 'test',
  time: '2021-01-01T00:00:00.000Z',
  value: { n, pad: 'x'.repeat(bytes) },
});

describe('chunking produce requests by size', () => {
  it('keeps every message, in order, in chunks under the limit', () => {
    const messages = Array.from({ length: 300 }, (_, n) => message(n, 10_000));
    const chunks = chunkByBytes(messages, 512 * 1024);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.flat().map((m) => m.id)).toEqual(messages.map((m) => m.id));
    for (const c of chunks) expect(JSON.stringify(c.map((m) => m.value)).length).toBeLessThan(512 * 1024);
  });

  it('sends a single oversized message alone rather than dropping it', () => {
    const chunks = chunkByBytes([message(1, 10), message(2, 600_000), message(3, 10)], 512 * 1024);
    expect(chunks.map((c) => c.map((m) => m.id))).toEqual([['id-1'], ['id-2'], ['id-3']]);
  });
});
