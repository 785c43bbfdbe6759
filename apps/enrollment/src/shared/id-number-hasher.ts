import { createHmac } from 'node:crypto';

/**
 * Keyed hash of resident ID numbers, the only way people are searched and de-duplicated. A plain SHA-256
 * would be reversible by enumerating the roughly 10^10 plausible numbers; an HMAC key kept out of the
 * database makes the index useless to someone holding only a dump.
 */
export class IdNumberHasher {
  constructor(private readonly key: string) {
    if (key.length < 32) throw new Error('ID_NUMBER_HMAC_KEY must be at least 32 characters');
  }

  hash(normalizedIdNumber: string): string {
    return createHmac('sha256', this.key).update(normalizedIdNumber.trim().toUpperCase()).digest('hex');
  }
}

/**
 * Used only outside production when no key is configured, so that a developer can start the service with just
 * DATABASE_URL. Production refuses to start without ID_NUMBER_HMAC_KEY (see app.module.ts).
 */
export const DEVELOPMENT_ONLY_HMAC_KEY = 'fpi-enrollment-development-only-hmac-key-not-for-production';
