import { chunkByBytes, encode, type OutboundMessage } from './publisher';

const message = (n: number, bytes: number, topic = 't'): OutboundMessage => ({
  id: `id-${n}`,
  topic,
  key: `k-${n % 3}`,
  type: 'Sample',
  source: 'test',
  time: '2021-01-01T00:00:00.000Z',
  value: { n, pad: 'x'.repeat(bytes) },
});

describe('chunking produce requests by size', () => {
  it('keeps every message, in order, in chunks under the limit', () => {
    const messages = Array.from({ length: 300 }, (_, n) => message(n, 10_000));
    const chunks = chunkByBytes(messages.map(encode), 512 * 1024);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.flat().map((m) => JSON.parse(m.value).n)).toEqual(messages.map((m) => (m.value as { n: number }).n));
    for (const c of chunks) expect(c.reduce((t, m) => t + m.key.length + m.value.length, 0)).toBeLessThan(512 * 1024);
  });

  it('bounds each topic\'s share of a request, so that two topics share one request up to the bound each', () => {
    // 40 messages of ~10 kB on each of two topics, interleaved: 400 kB per topic.
    const messages = Array.from({ length: 80 }, (_, n) => message(n, 10_000, n % 2 === 0 ? 'events' : 'settlements'));
    expect(chunkByBytes(messages.map(encode), 512 * 1024)).toHaveLength(1);
    const smaller = chunkByBytes(messages.map(encode), 256 * 1024);
    expect(smaller.length).toBeGreaterThan(1);
    for (const c of smaller) {
      for (const topic of ['events', 'settlements']) expect(c.filter((m) => m.topic === topic).reduce((t, m) => t + m.bytes, 0)).toBeLessThanOrEqual(256 * 1024);
    }
    expect(smaller.flat().map((m) => JSON.parse(m.value).n)).toEqual(messages.map((m) => (m.value as { n: number }).n));
  });

  it('sends a single oversized message alone rather than dropping it', () => {
    const chunks = chunkByBytes([message(1, 10), message(2, 600_000), message(3, 10)].map(encode), 512 * 1024);
    expect(chunks.map((c) => c.map((m) => m.headers['ce_id']))).toEqual([['id-1'], ['id-2'], ['id-3']]);
  });
});
