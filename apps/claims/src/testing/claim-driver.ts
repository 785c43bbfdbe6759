import type { Response } from 'supertest';
import { api, type ClaimsTestApp } from './claims-test-app';

/** The answer of a command, with the status and body together so a failed expectation shows both. */
export const outcome = (res: Response) => ({ status: res.status, code: (res.body as { code?: string }).code, body: res.body as Record<string, unknown> });

/**
 * Drives one claim through its life: every step carries the ETag of the previous answer as If-Match, so a
 * test also proves that each answer's ETag is the revision the next command is based on.
 */
export class ClaimDriver {
  constructor(
    private readonly t: ClaimsTestApp,
    readonly claimId: string,
    public etag: string,
  ) {}

  static async report(t: ClaimsTestApp, token: string, body: Record<string, unknown>): Promise<ClaimDriver> {
    const res = await api(t, token).post('/claims', body);
    if (res.status !== 201) throw new Error(`report answered ${res.status}: ${JSON.stringify(res.body)}`);
    return new ClaimDriver(t, (res.body as { claimId: string }).claimId, res.headers['etag'] as string);
  }

  /** A command that must succeed; returns the claim as answered. */
  async step(token: string, path: string, body: unknown = {}): Promise<Record<string, unknown>> {
    const res = await api(this.t, token).post(`/claims/${this.claimId}${path}`, body, { 'If-Match': this.etag });
    if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    this.etag = res.headers['etag'] as string;
    return res.body as Record<string, unknown>;
  }

  /** A command expected to fail; returns the raw answer. */
  attempt(token: string, path: string, body: unknown = {}, headers: Record<string, string> = {}) {
    return api(this.t, token).post(`/claims/${this.claimId}${path}`, body, { 'If-Match': this.etag, ...headers });
  }

  async get(token: string): Promise<Record<string, unknown>> {
    const res = await api(this.t, token).get(`/claims/${this.claimId}`);
    if (res.status !== 200) throw new Error(`GET answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  }
}
