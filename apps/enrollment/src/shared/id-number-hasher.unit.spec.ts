import { createHmac } from 'node:crypto';
import { DEVELOPMENT_ONLY_HMAC_KEY, IdNumberHasher } from './id-number-hasher';

describe('IdNumberHasher', () => {
  it.each([
    ['a 32-character key', 'k'.repeat(32)],
    ['a key of exactly one block', 'x'.repeat(64)],
    ['a key longer than a block (hashed first)', 'y'.repeat(65)],
    ['a long non-ASCII key', `密钥-${'z'.repeat(100)}`],
    ['the development key', DEVELOPMENT_ONLY_HMAC_KEY],
  ])('is HMAC-SHA256 of the trimmed, upper-cased number, with %s', (_, key) => {
    const hasher = new IdNumberHasher(key);
    for (const id of ['44990119700501001X', '449901197005010013', ' 44990119700501001x ']) {
      expect(hasher.hash(id)).toBe(createHmac('sha256', key).update(id.trim().toUpperCase()).digest('hex'));
    }
    // The prepared state is reused, never consumed: the same number hashes the same way again.
    expect(hasher.hash('449901197005010013')).toBe(hasher.hash('449901197005010013'));
  });

  it('refuses a short key', () => {
    expect(() => new IdNumberHasher('short')).toThrow('at least 32 characters');
  });
});
