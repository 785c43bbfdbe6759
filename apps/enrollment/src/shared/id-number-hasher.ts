import { createHash, type Hash } from 'node:crypto';

const SHA256_BLOCK_BYTES = 64;

/**
 * Keyed hash of resident ID numbers, the only way people are searched and de-duplicated. A plain SHA-256
 * would be reversible by enumerating the roughly 10^10 plausible numbers; an HMAC key kept out of the
 * database makes the index useless to someone holding only a dump.
 *
 * HMAC-SHA256 (RFC 2104) with the key's inner and outer blocks hashed once: each number then costs two
 * copies of a prepared hash instead of a new HMAC (key import and two block compressions), which a gifted
 * batch does for every person. The result is byte for byte `createHmac('sha256', key)`; the unit test checks it.
 */
export class IdNumberHasher {
  private readonly inner: Hash;
  private readonly outer: Hash;
  /** Names the key without revealing it (a hash of it): which key the stored index was built with. */
  readonly keyId: string;

  constructor(key: string) {
    if (key.length < 32) throw new Error('ID_NUMBER_HMAC_KEY must be at least 32 characters');
    const raw = Buffer.from(key, 'utf8');
    const block = Buffer.alloc(SHA256_BLOCK_BYTES);
    (raw.length > SHA256_BLOCK_BYTES ? createHash('sha256').update(raw).digest() : raw).copy(block);
    this.inner = createHash('sha256').update(block.map((b) => b ^ 0x36));
    this.outer = createHash('sha256').update(block.map((b) => b ^ 0x5c));
    this.keyId = createHash('sha256').update(`fpi-id-number-index-key\n${key}`).digest('hex').slice(0, 16);
  }

  hash(normalizedIdNumber: string): string {
    const inner = this.inner.copy().update(normalizedIdNumber.trim().toUpperCase(), 'utf8').digest();
    return this.outer.copy().update(inner).digest('hex');
  }
}

/**
 * Used only outside production when no key is configured, so that a developer can start the service with just
 * DATABASE_URL. Production refuses to start without ID_NUMBER_HMAC_KEY (see app.module.ts).
 */
export const DEVELOPMENT_ONLY_HMAC_KEY = 'fpi-enrollment-development-only-hmac-key-not-for-production';
